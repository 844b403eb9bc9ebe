/// A model that cannot be used: the file concerned and why.
public struct ModelError: Error, Sendable, Equatable, CustomStringConvertible {
  public var file: String
  public var reason: String

  public init(file: String, reason: String) {
    self.file = file
    self.reason = reason
  }

  public var description: String { "\(file): \(reason)" }
}
