import BIRADS

/// Which exams the worklist shows.
public struct WorklistFilter: Sendable, Equatable {
  /// Which disagreements to keep.
  public enum DisagreementFilter: String, Sendable, CaseIterable {
    /// Adjacent or major.
    case any
    case adjacent
    case major
    /// Model and report on different sides of dense (c, d) / not dense (a, b).
    case denseBoundary = "dense-boundary"
    /// Only exams without a disagreement (`none` on the command line).
    case agreeing = "none"
  }

  public var readState: String?
  public var density: BreastComposition?
  public var disagreement: DisagreementFilter?
  /// Study dates, YYYYMMDD, inclusive.
  public var from: String?
  public var to: String?
  public var limit: Int?

  public init(
    readState: String? = nil, density: BreastComposition? = nil, disagreement: DisagreementFilter? = nil,
    from: String? = nil, to: String? = nil, limit: Int? = nil
  ) {
    self.readState = readState
    self.density = density
    self.disagreement = disagreement
    self.from = from
    self.to = to
    self.limit = limit
  }
}
