/// A coded concept as DICOM writes it in a code sequence item: value, scheme, meaning.
public struct CodedConcept: Sendable, Hashable, Codable {
  public var value: String
  public var scheme: String
  public var meaning: String

  public init(_ value: String, _ scheme: String, _ meaning: String) {
    self.value = value
    self.scheme = scheme
    self.meaning = meaning
  }
}
