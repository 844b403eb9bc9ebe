/// One output sample's footprint along an axis: the first source index and the weights of the
/// source samples it covers (they sum to 1).
struct AreaFootprint {
  var start: Int
  var weights: [Float]
}

/// Footprints for resampling `source` samples to `target` by area averaging: output sample `j`
/// averages the source interval `[j * source / target, (j + 1) * source / target)`, partial
/// samples weighted by their overlap. When enlarging, this is a box (nearest-area) filter.
func areaFootprints(source: Int, target: Int) -> [AreaFootprint] {
  let ratio = Double(source) / Double(target)
  return (0..<target).map { j in
    let lo = Double(j) * ratio
    let hi = min(Double(source), Double(j + 1) * ratio)
    let first = min(source - 1, Int(lo))
    let last = max(first, min(source - 1, Int((hi - 1e-9).rounded(.down))))
    var weights = [Float]()
    var total = 0.0
    for i in first...last {
      let overlap = max(0, min(hi, Double(i + 1)) - max(lo, Double(i)))
      weights.append(Float(overlap))
      total += overlap
    }
    if total <= 0 { return AreaFootprint(start: first, weights: [1]) }
    return AreaFootprint(start: first, weights: weights.map { $0 / Float(total) })
  }
}

/// Area-averaged resize of a rectangle of `image` to `toWidth x toHeight`, row-major.
/// Separable: rows first (touching each source pixel once), then columns on the narrow result.
func areaResize(
  _ image: GrayImage, x: Int, y: Int, width: Int, height: Int, toWidth: Int, toHeight: Int
) -> [Float] {
  let horizontal = areaFootprints(source: width, target: toWidth)
  let vertical = areaFootprints(source: height, target: toHeight)
  var rows = [Float](repeating: 0, count: height * toWidth)
  image.pixels.withUnsafeBufferPointer { src in
    rows.withUnsafeMutableBufferPointer { dst in
      for r in 0..<height {
        let srcRow = (y + r) * image.width + x
        let dstRow = r * toWidth
        for j in 0..<toWidth {
          let f = horizontal[j]
          var sum: Float = 0
          f.weights.withUnsafeBufferPointer { w in
            let s = srcRow + f.start
            for k in 0..<w.count { sum += w[k] * src[s + k] }
          }
          dst[dstRow + j] = sum
        }
      }
    }
  }
  var out = [Float](repeating: 0, count: toHeight * toWidth)
  rows.withUnsafeBufferPointer { src in
    out.withUnsafeMutableBufferPointer { dst in
      for i in 0..<toHeight {
        let f = vertical[i]
        let dstRow = i * toWidth
        for (k, w) in f.weights.enumerated() {
          let srcRow = (f.start + k) * toWidth
          for j in 0..<toWidth { dst[dstRow + j] += w * src[srcRow + j] }
        }
      }
    }
  }
  return out
}
