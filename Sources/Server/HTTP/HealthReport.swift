import Foundation
import Worklist

/// What `/health` answers: each part of the node and whether it is well.
public struct HealthReport: Codable, Sendable {
  public struct Listener: Codable, Sendable {
    public var listening: Bool
    public var port: Int?
  }
  public struct DICOM: Codable, Sendable {
    public var listening: Bool
    public var port: Int?
    public var aeTitle: String
    public var openAssociations: Int
  }
  public struct Disk: Codable, Sendable {
    public var path: String
    public var freeBytes: Int64?
    public var minimumFreeBytes: Int64
    /// False below the watermark: stores are refused with A700.
    public var acceptingStores: Bool
  }
  public struct Queues: Codable, Sendable {
    public var studies: [String: Int]
    public var outbox: [String: Int]
  }

  /// `ok`, or `degraded` when a part is not well (disk below its watermark, dead outbox entries,
  /// a listener down).
  public var status: String
  public var dicom: DICOM
  public var hl7: Listener
  public var disk: Disk
  public var queues: Queues
  public var model: String
  public var problems: [String]
}
