/// A DICOM lookup table (LUT Descriptor + LUT Data), as in VOI LUT Sequence items.
public struct LookupTable: Sendable, Codable, Hashable {
  /// The input value mapped to the first entry; inputs below map to the first entry, above to the last.
  public var firstMapped: Int
  /// Bits of each entry, from the descriptor's third value.
  public var bits: Int
  public var data: [UInt16]

  public init(firstMapped: Int, bits: Int, data: [UInt16]) {
    self.firstMapped = firstMapped
    self.bits = bits
    self.data = data
  }

  /// The output for an input, scaled to 0...1.
  public func output(_ x: Double) -> Double {
    let i = max(0, min(data.count - 1, Int(x.rounded(.down)) - firstMapped))
    let maximum = Double((1 << min(16, max(1, bits))) - 1)
    return Double(data[i]) / maximum
  }
}
