/// Why an HL7 v2 file could not be read as reports.
public struct HL7Error: Error, Sendable, Hashable, CustomStringConvertible {
  public var source: String
  public var reason: String

  public var description: String { "\(source): malformed HL7 message: \(reason)" }
}
