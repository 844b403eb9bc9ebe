/// Maps a class activation map back onto the original view.
///
/// The map covers the model input (`mapWidth x mapHeight` cells over `inputWidth x inputHeight`
/// pixels); each view pixel inside the crop is sent through the preprocessing geometry to its
/// model-input point and the map is sampled there bilinearly (cell centres as samples). Pixels
/// outside the crop, or landing in the padding, get 0.
public func viewHeatmap(
  _ map: [Float], mapWidth: Int, mapHeight: Int, geometry g: PreprocessingGeometry
) -> GrayImage {
  precondition(map.count == mapWidth * mapHeight, "map is not mapWidth x mapHeight")
  var heat = [Float](repeating: 0, count: g.viewWidth * g.viewHeight)
  let cellX = Double(mapWidth) / Double(g.inputWidth)
  let cellY = Double(mapHeight) / Double(g.inputHeight)
  map.withUnsafeBufferPointer { m in
    heat.withUnsafeMutableBufferPointer { out in
      for y in g.cropY..<(g.cropY + g.cropHeight) {
        let cy = (Double(y - g.cropY) + 0.5) * g.scaleY + Double(g.offsetY)
        if cy < Double(g.offsetY) || cy > Double(g.offsetY + g.contentHeight) { continue }
        let fy = min(max(cy * cellY - 0.5, 0), Double(mapHeight - 1))
        let y0 = Int(fy), y1 = min(Int(fy) + 1, mapHeight - 1)
        let wy = Float(fy - Double(y0))
        for x in g.cropX..<(g.cropX + g.cropWidth) {
          var cx = (Double(x - g.cropX) + 0.5) * g.scaleX
          if g.flipped { cx = Double(g.contentWidth) - cx }
          let fx = min(max((cx + Double(g.offsetX)) * cellX - 0.5, 0), Double(mapWidth - 1))
          let x0 = Int(fx), x1 = min(Int(fx) + 1, mapWidth - 1)
          let wx = Float(fx - Double(x0))
          let top = m[y0 * mapWidth + x0] * (1 - wx) + m[y0 * mapWidth + x1] * wx
          let bottom = m[y1 * mapWidth + x0] * (1 - wx) + m[y1 * mapWidth + x1] * wx
          out[y * g.viewWidth + x] = top * (1 - wy) + bottom * wy
        }
      }
    }
  }
  return GrayImage(width: g.viewWidth, height: g.viewHeight, pixels: heat)
}
