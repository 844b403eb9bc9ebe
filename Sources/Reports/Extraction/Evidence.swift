import BIRADS

/// Where in the original report a finding was read: a UTF-8 byte range and the text it covers,
/// with the breast and the exam the statement is about when it is a composition statement.
public struct Evidence: Sendable, Hashable, Codable {
  /// UTF-8 offset of the first byte in the original text.
  public var start: Int
  /// UTF-8 offset just past the last byte.
  public var end: Int
  /// The original text in that range, exactly as written.
  public var text: String
  /// The breast the statement is about, when it is about one.
  public var side: Laterality?
  /// The exam the statement is about (current, prior, unspecified), for composition statements.
  public var scope: MentionScope?

  public init(start: Int, end: Int, text: String, side: Laterality? = nil, scope: MentionScope? = nil) {
    self.start = start
    self.end = end
    self.text = text
    self.side = side
    self.scope = scope
  }
}
