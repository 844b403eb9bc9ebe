/// A RIS (or interface engine) that receives result messages over MLLP (`hl7.destinations`).
public struct HL7Destination: Sendable, Hashable, Codable {
  /// The name operators use (`densa outbox`); distinct from every DICOM destination's name.
  public var name: String
  public var host: String
  public var port: Int
  /// MSH-5 and MSH-6 of what is sent there.
  public var receivingApplication: String
  public var receivingFacility: String

  public init(name: String, host: String, port: Int, receivingApplication: String, receivingFacility: String) {
    self.name = name
    self.host = host
    self.port = port
    self.receivingApplication = receivingApplication
    self.receivingFacility = receivingFacility
  }
}
