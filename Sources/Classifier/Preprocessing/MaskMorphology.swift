extension BreastMask {
  /// Removes objects tied to the breast by a bridge narrower than `2 · radius + 1` cells, such as
  /// a lead marker or label touching the skin line, which would otherwise join the largest
  /// component and enlarge the crop.
  ///
  /// An opening (erosion, then dilation, by a square of side `2 · radius + 1`) cuts such bridges;
  /// the breast is the largest component left, grown back by `radius` within the original mask so
  /// its own outline is kept. Of what falls outside, only pieces of at least `minimumCells` are
  /// dropped: the specks a noisy skin line sheds stay, so a clean mask comes out unchanged.
  static func cuttingTetheredObjects(
    _ mask: [Bool], width: Int, height: Int, radius: Int = 2, minimumCells: Int = 64
  ) -> [Bool] {
    let opened = dilated(
      eroded(mask, width: width, height: height, radius: radius), width: width, height: height, radius: radius)
    let core = dilated(
      largestComponent(opened, width: width, height: height), width: width, height: height, radius: radius)
    let cut = zip(mask, core).map { $0 && !$1 }
    let (labels, sizes) = components(cut, width: width)
    guard sizes.contains(where: { $0 >= minimumCells }) else { return mask }
    var result = mask
    for i in result.indices where labels[i] > 0 && sizes[Int(labels[i]) - 1] >= minimumCells { result[i] = false }
    return largestComponent(result, width: width, height: height)
  }

  /// Cells whose whole `(2 · radius + 1)²` neighbourhood is foreground (outside the grid counts
  /// as background).
  static func eroded(_ mask: [Bool], width: Int, height: Int, radius: Int) -> [Bool] {
    sweep(mask.map { !$0 }, width: width, height: height, radius: radius, outside: true).map { !$0 }
  }

  /// Cells with any foreground in their `(2 · radius + 1)²` neighbourhood.
  static func dilated(_ mask: [Bool], width: Int, height: Int, radius: Int) -> [Bool] {
    sweep(mask, width: width, height: height, radius: radius, outside: false)
  }

  /// Separable square dilation: rows, then columns; `outside` is the value beyond the grid.
  private static func sweep(_ mask: [Bool], width: Int, height: Int, radius r: Int, outside: Bool) -> [Bool] {
    let rows = pass(mask, lines: height, lineStep: width, length: width, step: 1, radius: r, outside: outside)
    return pass(rows, lines: width, lineStep: 1, length: height, step: width, radius: r, outside: outside)
  }

  /// One direction of the dilation, along `lines` lines of `length` cells: cell `i` of line `l`
  /// is `mask[l * lineStep + i * step]`. A running count of the foreground cells in the window
  /// makes it one pass whatever the radius.
  private static func pass(
    _ mask: [Bool], lines: Int, lineStep: Int, length: Int, step: Int, radius r: Int, outside: Bool
  ) -> [Bool] {
    var result = [Bool](repeating: false, count: mask.count)
    for line in 0..<lines {
      let base = line * lineStep
      func cell(_ j: Int) -> Int { j < 0 || j >= length ? (outside ? 1 : 0) : (mask[base + j * step] ? 1 : 0) }
      var count = 0
      for j in -r...r { count += cell(j) }
      for i in 0..<length {
        result[base + i * step] = count > 0
        count += cell(i + r + 1) - cell(i - r)
      }
    }
    return result
  }
}
