/// An RGB picture of `view` in gray with `heat` (`0...1`, same size) laid over it in a
/// jet-like colour ramp whose opacity grows with the heat, up to `alpha`; `stride` > 1
/// subsamples both images for a smaller picture.
public func heatmapOverlay(view: GrayImage, heat: GrayImage, alpha: Float = 0.5, stride: Int = 1) -> PNGImage {
  precondition(view.width == heat.width && view.height == heat.height, "view and heat differ in size")
  let step = max(1, stride)
  let width = (view.width + step - 1) / step
  let height = (view.height + step - 1) / step
  var samples = [UInt8](repeating: 0, count: width * height * 3)
  for oy in 0..<height {
    for ox in 0..<width {
      let i = oy * step * view.width + ox * step
      let gray = min(max(view.pixels[i], 0), 1)
      let h = min(max(heat.pixels[i], 0), 1)
      let colour = jetColour(h)
      let a = alpha * h
      let o = (oy * width + ox) * 3
      samples[o] = UInt8((255 * ((1 - a) * gray + a * colour.red)).rounded())
      samples[o + 1] = UInt8((255 * ((1 - a) * gray + a * colour.green)).rounded())
      samples[o + 2] = UInt8((255 * ((1 - a) * gray + a * colour.blue)).rounded())
    }
  }
  return PNGImage(width: width, height: height, channels: .rgb, samples: samples)
}

/// The classic jet ramp: dark blue, blue, cyan, yellow, red, dark red. A tuple, not an array:
/// it is called once per pixel of every overlay.
func jetColour(_ t: Float) -> (red: Float, green: Float, blue: Float) {
  func ramp(_ centre: Float) -> Float { min(max(1.5 - abs(4 * t - centre), 0), 1) }
  return (ramp(3), ramp(2), ramp(1))
}
