/// The breast segmented from a view, on a coarse grid of `cellSize x cellSize` view pixels.
///
/// Segmentation runs on an area-averaged copy (at most ``BreastMask/maxGridSide`` cells a side):
/// Otsu's threshold on its histogram, the largest 4-connected component (burned-in labels and
/// markers are smaller and apart from the breast), grown over the connected cells clearly
/// brighter than the air (fat along the skin line falls under Otsu's threshold when dense tissue
/// is much brighter), then its holes filled (fatty regions inside the breast are tissue too).
public struct BreastMask: Sendable {
  /// The longest side of the coarse grid.
  public static let maxGridSide = 512

  /// View pixels per cell side.
  public let cellSize: Int
  public let gridWidth: Int
  public let gridHeight: Int
  /// `gridWidth * gridHeight` flags, row by row: true where the cell is breast.
  public let cells: [Bool]
  /// Bounding box of the breast in view pixels (clamped to the view).
  public let minX: Int, minY: Int, maxX: Int, maxY: Int
  /// True when the chest wall is on the view's right edge.
  public let chestWallOnRight: Bool

  /// Whether view pixel (x, y) belongs to the breast.
  public func contains(x: Int, y: Int) -> Bool {
    let gx = x / cellSize
    let gy = y / cellSize
    guard gx >= 0, gy >= 0, gx < gridWidth, gy < gridHeight else { return false }
    return cells[gy * gridWidth + gx]
  }

  /// Segments `view`; `laterality` breaks a tie when the content cannot tell the chest-wall side.
  public init(segmenting view: GrayImage, laterality: Laterality?) throws(PreprocessingError) {
    let cell = max(1, (max(view.width, view.height) + Self.maxGridSide - 1) / Self.maxGridSide)
    let gw = (view.width + cell - 1) / cell
    let gh = (view.height + cell - 1) / cell
    let grid = Self.areaAverage(view, cell: cell, gridWidth: gw, gridHeight: gh)
    guard let threshold = Self.otsuThreshold(grid) else {
      throw .noBreastFound(width: view.width, height: view.height)
    }
    var mask = grid.map { $0 > threshold }
    mask = Self.largestComponent(mask, width: gw, height: gh)
    // Against bright dense tissue Otsu's threshold can fall between fat and dense tissue, and the
    // fat along the skin line would be cropped away: grow the core over every connected cell
    // clearly brighter than the air (hysteresis), which labels apart from the breast never join.
    let air = Self.percentile(grid, 0.02)
    let low = air + 0.15 * (threshold - air)
    mask = Self.growing(mask, within: grid.map { $0 > low }, width: gw)
    mask = Self.fillingHoles(mask, width: gw, height: gh)

    var minGX = gw, minGY = gh, maxGX = -1, maxGY = -1
    var leftEdge = 0, rightEdge = 0
    var leftMass: Float = 0, rightMass: Float = 0
    for gy in 0..<gh {
      let row = gy * gw
      if mask[row] { leftEdge += 1 }
      if mask[row + gw - 1] { rightEdge += 1 }
      for gx in 0..<gw where mask[row + gx] {
        minGX = min(minGX, gx)
        maxGX = max(maxGX, gx)
        minGY = min(minGY, gy)
        maxGY = max(maxGY, gy)
        if 2 * gx + 1 < gw { leftMass += grid[row + gx] } else if 2 * gx + 1 > gw { rightMass += grid[row + gx] }
      }
    }
    guard maxGX >= 0 else { throw .noBreastFound(width: view.width, height: view.height) }

    // The breast leans on the chest wall: the edge it touches over a longer stretch wins, then
    // the half holding more tissue, then the laterality convention (right breasts are stored
    // with their chest wall on the image's right in most vendors' raw images).
    if leftEdge != rightEdge {
      chestWallOnRight = rightEdge > leftEdge
    } else if abs(leftMass - rightMass) > 0.02 * max(leftMass, rightMass) {
      chestWallOnRight = rightMass > leftMass
    } else {
      chestWallOnRight = laterality == .right
    }

    cellSize = cell
    gridWidth = gw
    gridHeight = gh
    cells = mask
    minX = minGX * cell
    minY = minGY * cell
    maxX = min(view.width - 1, (maxGX + 1) * cell - 1)
    maxY = min(view.height - 1, (maxGY + 1) * cell - 1)
  }

  static func areaAverage(_ view: GrayImage, cell: Int, gridWidth gw: Int, gridHeight gh: Int) -> [Float] {
    var sums = [Float](repeating: 0, count: gw * gh)
    var counts = [Float](repeating: 0, count: gw * gh)
    view.pixels.withUnsafeBufferPointer { src in
      sums.withUnsafeMutableBufferPointer { sum in
        counts.withUnsafeMutableBufferPointer { count in
          for y in 0..<view.height {
            let row = (y / cell) * gw
            let base = y * view.width
            for x in 0..<view.width {
              sum[row + x / cell] += src[base + x]
              count[row + x / cell] += 1
            }
          }
        }
      }
    }
    for i in 0..<sums.count { sums[i] /= counts[i] }
    return sums
  }

  /// Otsu's threshold over 256 bins spanning the grid's range, or nil for a constant grid.
  static func otsuThreshold(_ values: [Float]) -> Float? {
    guard let low = values.min(), let high = values.max(), high - low > 1e-4 else { return nil }
    let bins = 256
    var histogram = [Double](repeating: 0, count: bins)
    let scale = Float(bins - 1) / (high - low)
    for v in values { histogram[Int((v - low) * scale)] += 1 }
    let total = Double(values.count)
    var totalSum = 0.0
    for i in 0..<bins { totalSum += Double(i) * histogram[i] }
    var weightBelow = 0.0, sumBelow = 0.0, best = -1.0, bestBin = 0
    for i in 0..<(bins - 1) {
      weightBelow += histogram[i]
      sumBelow += Double(i) * histogram[i]
      let weightAbove = total - weightBelow
      guard weightBelow > 0, weightAbove > 0 else { continue }
      let meanBelow = sumBelow / weightBelow
      let meanAbove = (totalSum - sumBelow) / weightAbove
      let between = weightBelow * weightAbove * (meanBelow - meanAbove) * (meanBelow - meanAbove)
      if between > best {
        best = between
        bestBin = i
      }
    }
    return low + (Float(bestBin) + 1) / scale
  }

  /// The value below which `fraction` of the cells lie: `values.sorted()[k]`, found by selection
  /// (Hoare's partition around a median of three) rather than sorting the whole grid, which was
  /// 2 % of `densa process` with the demo model (a 512-cell grid is 200,000 values).
  static func percentile(_ values: [Float], _ fraction: Double) -> Float {
    let k = min(values.count - 1, Int(Double(values.count) * fraction))
    var a = values
    var low = 0
    var high = a.count - 1
    while low < high {
      let x = a[low], y = a[low + (high - low) / 2], z = a[high]
      let pivot = max(min(x, y), min(max(x, y), z))
      var i = low
      var j = high
      while i <= j {
        while a[i] < pivot { i += 1 }
        while pivot < a[j] { j -= 1 }
        if i <= j {
          a.swapAt(i, j)
          i += 1
          j -= 1
        }
      }
      // Now a[low...j] <= pivot <= a[i...high], and whatever lies between equals the pivot.
      if k <= j {
        high = j
      } else if k >= i {
        low = i
      } else {
        break
      }
    }
    return a[k]
  }

  /// `seed` grown over the 4-connected cells of `allowed` it touches.
  static func growing(_ seed: [Bool], within allowed: [Bool], width: Int) -> [Bool] {
    var grown = seed
    var stack = seed.indices.filter { seed[$0] }
    while let i = stack.popLast() {
      let x = i % width
      for n in [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width]
      where n >= 0 && n < grown.count && allowed[n] && !grown[n] {
        grown[n] = true
        stack.append(n)
      }
    }
    return grown
  }

  /// Keeps only the largest 4-connected foreground component.
  static func largestComponent(_ mask: [Bool], width: Int, height: Int) -> [Bool] {
    var label = [Int32](repeating: 0, count: mask.count)
    var stack = [Int]()
    var bestLabel: Int32 = 0, bestSize = 0, next: Int32 = 0
    for start in 0..<mask.count where mask[start] && label[start] == 0 {
      next += 1
      label[start] = next
      stack.append(start)
      var size = 0
      while let i = stack.popLast() {
        size += 1
        let x = i % width
        for n in [x > 0 ? i - 1 : -1, x < width - 1 ? i + 1 : -1, i - width, i + width]
        where n >= 0 && n < mask.count && mask[n] && label[n] == 0 {
          label[n] = next
          stack.append(n)
        }
      }
      if size > bestSize {
        bestSize = size
        bestLabel = next
      }
    }
    return label.map { $0 == bestLabel && bestLabel != 0 }
  }

  /// Sets every background cell not reachable from the grid border.
  static func fillingHoles(_ mask: [Bool], width: Int, height: Int) -> [Bool] {
    var outside = [Bool](repeating: false, count: mask.count)
    var stack = [Int]()
    for x in 0..<width {
      stack.append(x)
      stack.append((height - 1) * width + x)
    }
    for y in 0..<height {
      stack.append(y * width)
      stack.append(y * width + width - 1)
    }
    while let i = stack.popLast() {
      guard !mask[i], !outside[i] else { continue }
      outside[i] = true
      let x = i % width
      if x > 0 { stack.append(i - 1) }
      if x < width - 1 { stack.append(i + 1) }
      if i >= width { stack.append(i - width) }
      if i + width < mask.count { stack.append(i + width) }
    }
    return outside.map { !$0 }
  }
}
