/// Where in the original report a finding was read: a UTF-8 byte range and the text it covers.
public struct Evidence: Sendable, Hashable, Codable {
  /// UTF-8 offset of the first byte in the original text.
  public var start: Int
  /// UTF-8 offset just past the last byte.
  public var end: Int
  /// The original text in that range, exactly as written.
  public var text: String

  public init(start: Int, end: Int, text: String) {
    self.start = start
    self.end = end
    self.text = text
  }
}
