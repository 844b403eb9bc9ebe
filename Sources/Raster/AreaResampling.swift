/// Area-averaging resampling: every output pixel is the mean of the input area it covers, with
/// fractional coverage at the edges. Unlike nearest neighbour it keeps texture statistics, which
/// matter for density.
extension GrayImage {
  /// This image resampled to `width × height` by area averaging (separable: rows, then columns).
  public func areaResized(width newWidth: Int, height newHeight: Int) -> GrayImage {
    if newWidth == width && newHeight == height { return self }
    return areaResized(cropX: 0, cropY: 0, cropWidth: width, cropHeight: height, width: newWidth, height: newHeight)
  }

  /// The rectangle at (`cropX`, `cropY`) of size `cropWidth × cropHeight` resampled to
  /// `width × height` by area averaging. The one resampler of densa: decoding, contact sheets and
  /// model preprocessing all go through it.
  public func areaResized(
    cropX: Int, cropY: Int, cropWidth: Int, cropHeight: Int, width newWidth: Int, height newHeight: Int
  ) -> GrayImage {
    precondition(newWidth > 0 && newHeight > 0, "a resized image has at least one pixel")
    precondition(
      cropX >= 0 && cropY >= 0 && cropWidth > 0 && cropHeight > 0 && cropX + cropWidth <= width
        && cropY + cropHeight <= height, "the crop lies inside the image")
    let out = pixels.withUnsafeBufferPointer { src in
      Self.areaResampled(cropHeight: cropHeight, cropWidth: cropWidth, width: newWidth, height: newHeight) {
        y, horizontal, d in
        let s = src.baseAddress! + (cropY + y) * width + cropX
        for x in 0..<newWidth {
          var sum: Float = 0
          for k in horizontal.ranges[x] { sum += s[horizontal.index[k]] * horizontal.weight[k] }
          d[x] = sum
        }
      }
    }
    let spacing = pixelSpacing.map {
      (
        row: $0.row * Double(cropHeight) / Double(newHeight),
        column: $0.column * Double(cropWidth) / Double(newWidth)
      )
    }
    return GrayImage(width: newWidth, height: newHeight, pixels: out, pixelSpacing: spacing)
  }

  /// Stored samples (`width × height`, row-major), each mapped to its display value through
  /// `table[sample & mask]`, resampled to `newWidth × newHeight` by area averaging: the same
  /// pixels, to the last bit, as mapping every sample into a full-size image and calling
  /// ``areaResized(width:height:)``, without the full-size image (for a 4096 × 3328 mammogram,
  /// 54 MB of floats written and read again for every view decoded for a model of 320 pixels).
  public init(
    areaResizing samples: UnsafeBufferPointer<UInt16>, width: Int, height: Int,
    through table: UnsafeBufferPointer<Float>,
    mask: Int, toWidth newWidth: Int, toHeight newHeight: Int
  ) {
    precondition(samples.count >= width * height, "the samples cover the image")
    precondition(table.count > mask, "the table has an entry for every masked sample")
    let out = Self.areaResampled(cropHeight: height, cropWidth: width, width: newWidth, height: newHeight) {
      y, horizontal, d in
      let s = samples.baseAddress! + y * width
      for x in 0..<newWidth {
        var sum: Float = 0
        for k in horizontal.ranges[x] { sum += table[Int(s[horizontal.index[k]]) & mask] * horizontal.weight[k] }
        d[x] = sum
      }
    }
    self.init(width: newWidth, height: newHeight, pixels: out)
  }

  /// The two passes of area averaging: `row(y, weights, destination)` writes source row `y`
  /// resampled horizontally (`width` values), then the columns are averaged here. Each source
  /// pixel is read once, in the horizontal pass.
  private static func areaResampled(
    cropHeight: Int, cropWidth: Int, width newWidth: Int, height newHeight: Int,
    row: (Int, AreaWeights, UnsafeMutablePointer<Float>) -> Void
  ) -> [Float] {
    precondition(newWidth > 0 && newHeight > 0, "a resized image has at least one pixel")
    let horizontal = AreaWeights(source: cropWidth, target: newWidth)
    let vertical = AreaWeights(source: cropHeight, target: newHeight)
    // Rows first: cropHeight × newWidth.
    var rows = [Float](repeating: 0, count: cropHeight * newWidth)
    rows.withUnsafeMutableBufferPointer { dst in
      for y in 0..<cropHeight { row(y, horizontal, dst.baseAddress! + y * newWidth) }
    }
    var out = [Float](repeating: 0, count: newHeight * newWidth)
    rows.withUnsafeBufferPointer { src in
      out.withUnsafeMutableBufferPointer { dst in
        for y in 0..<newHeight {
          let d = dst.baseAddress! + y * newWidth
          for k in vertical.ranges[y] {
            let s = src.baseAddress! + vertical.index[k] * newWidth
            let w = vertical.weight[k]
            for x in 0..<newWidth { d[x] += s[x] * w }
          }
        }
      }
    }
    return out
  }

  /// The size that fits within `maxDimension` on the longer side, keeping the aspect ratio; never larger.
  public func sizeFitting(maxDimension: Int) -> (width: Int, height: Int) {
    Self.sizeFitting(width: width, height: height, maxDimension: maxDimension)
  }

  /// The size within `maxDimension` of a `width × height` image, as ``sizeFitting(maxDimension:)``.
  public static func sizeFitting(width: Int, height: Int, maxDimension: Int) -> (width: Int, height: Int) {
    let longer = max(width, height)
    guard longer > maxDimension else { return (width, height) }
    let scale = Double(maxDimension) / Double(longer)
    return (max(1, Int((Double(width) * scale).rounded())), max(1, Int((Double(height) * scale).rounded())))
  }
}

/// For each output position, the input positions it covers and their normalised weights.
struct AreaWeights {
  var ranges: [Range<Int>] = []
  var index: [Int] = []
  var weight: [Float] = []

  init(source: Int, target: Int) {
    let scale = Double(source) / Double(target)
    for o in 0..<target {
      let start = Double(o) * scale
      let end = Double(o + 1) * scale
      let first = index.count
      var i = Int(start.rounded(.down))
      while Double(i) < end && i < source {
        let covered = min(end, Double(i + 1)) - max(start, Double(i))
        if covered > 1e-12 {
          index.append(i)
          weight.append(Float(covered / (end - start)))
        }
        i += 1
      }
      ranges.append(first..<index.count)
    }
  }
}
