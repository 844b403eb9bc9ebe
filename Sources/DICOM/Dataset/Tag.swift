/// A DICOM attribute tag (group, element).
public struct Tag: Sendable, Hashable, CustomStringConvertible {
  public var group: UInt16
  public var element: UInt16

  public init(_ group: UInt16, _ element: UInt16) {
    self.group = group
    self.element = element
  }

  /// `(gggg,eeee)`, the form DCMTK paths and dumps use.
  public var description: String {
    "(" + hex(group) + "," + hex(element) + ")"
  }

  private func hex(_ v: UInt16) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: 4 - s.count) + s
  }
}
