/// Turns a view into the model's input: the one code path shared by inference and by the
/// training-data export, so both see exactly the same pixels.
///
/// Steps: segment the breast (``BreastMask``), crop to its bounding box plus a small margin,
/// resize with area averaging to fit the input keeping the aspect ratio, mirror so the chest wall
/// is on the left, place against the left edge (centred vertically) on background, replicate the
/// gray into every channel and normalise with the options' mean and standard deviation.
///
/// - Parameters:
///   - view: intensities in `0...1`, dense tissue bright, background dark.
///   - laterality: breaks a tie only when the image content cannot tell the chest-wall side.
public func preprocess(
  _ view: GrayImage, laterality: Laterality?, options: PreprocessingOptions
) throws(PreprocessingError) -> ModelInput {
  try options.validate()
  let nonFinite = view.pixels.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
  guard nonFinite == 0 else { throw .nonFiniteSamples(count: nonFinite) }

  let mask = try BreastMask(segmenting: view, laterality: laterality)
  var x0 = 0, y0 = 0, x1 = view.width - 1, y1 = view.height - 1
  if options.cropToBreast {
    // The margin keeps the skin line, whose partial cells may fall under the threshold.
    let margin = max(2 * mask.cellSize, Int(options.cropMargin * Double(max(view.width, view.height))))
    x0 = max(0, mask.minX - margin)
    y0 = max(0, mask.minY - margin)
    x1 = min(view.width - 1, mask.maxX + margin)
    y1 = min(view.height - 1, mask.maxY + margin)
  }
  let cropWidth = x1 - x0 + 1
  let cropHeight = y1 - y0 + 1
  let scale = min(Double(options.inputWidth) / Double(cropWidth), Double(options.inputHeight) / Double(cropHeight))
  let contentWidth = min(options.inputWidth, max(1, Int((Double(cropWidth) * scale).rounded())))
  let contentHeight = min(options.inputHeight, max(1, Int((Double(cropHeight) * scale).rounded())))
  let geometry = PreprocessingGeometry(
    viewWidth: view.width, viewHeight: view.height, cropX: x0, cropY: y0, cropWidth: cropWidth,
    cropHeight: cropHeight, flipped: mask.chestWallOnRight, contentWidth: contentWidth,
    contentHeight: contentHeight, offsetX: 0, offsetY: (options.inputHeight - contentHeight) / 2,
    inputWidth: options.inputWidth, inputHeight: options.inputHeight)

  let resized = view.areaResized(
    cropX: x0, cropY: y0, cropWidth: cropWidth, cropHeight: cropHeight, width: contentWidth, height: contentHeight
  ).pixels
  return normalisedInput(resized, geometry: geometry, options: options)
}

extension PreprocessingOptions {
  /// Throws when the options cannot describe a model input.
  public func validate() throws(PreprocessingError) {
    guard inputWidth > 0, inputHeight > 0 else {
      throw .invalidOptions(
        field: "inputWidth/inputHeight", reason: "must be positive, got \(inputWidth)x\(inputHeight)")
    }
    guard !mean.isEmpty, mean.count == std.count else {
      throw .invalidOptions(field: "mean/std", reason: "need one value per channel, got \(mean.count) and \(std.count)")
    }
    guard std.allSatisfy({ $0 > 0 && $0.isFinite }), mean.allSatisfy(\.isFinite) else {
      throw .invalidOptions(field: "std", reason: "must be finite and positive")
    }
    guard cropMargin >= 0, cropMargin < 0.5 else {
      throw .invalidOptions(field: "cropMargin", reason: "must be in 0..<0.5, got \(cropMargin)")
    }
  }
}

/// Writes the resized crop into a CHW tensor: mirrored when the geometry says so, background
/// (intensity 0) around it, every channel normalised with its own mean and deviation.
func normalisedInput(_ content: [Float], geometry g: PreprocessingGeometry, options: PreprocessingOptions)
  -> ModelInput
{
  let plane = g.inputWidth * g.inputHeight
  var tensor = [Float](repeating: 0, count: plane * options.channels)
  tensor.withUnsafeMutableBufferPointer { out in
    content.withUnsafeBufferPointer { src in
      for c in 0..<options.channels {
        let mean = options.mean[c]
        let inverseStd = 1 / options.std[c]
        let base = c * plane
        let background = -mean * inverseStd
        for i in 0..<plane { out[base + i] = background }
        for y in 0..<g.contentHeight {
          let srcRow = y * g.contentWidth
          let dstRow = base + (y + g.offsetY) * g.inputWidth + g.offsetX
          if g.flipped {
            for x in 0..<g.contentWidth { out[dstRow + x] = (src[srcRow + g.contentWidth - 1 - x] - mean) * inverseStd }
          } else {
            for x in 0..<g.contentWidth { out[dstRow + x] = (src[srcRow + x] - mean) * inverseStd }
          }
        }
      }
    }
  }
  return ModelInput(
    tensor: tensor, channels: options.channels, height: g.inputHeight, width: g.inputWidth, geometry: g)
}
