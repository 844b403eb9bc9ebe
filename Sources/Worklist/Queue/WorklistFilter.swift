import BIRADS

/// Which exams the worklist shows, in which order, and which slice of them.
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
  /// The model's exam density.
  public var density: BreastComposition?
  /// The report's density (with `density`, one cell of the QA confusion matrix).
  public var reportDensity: BreastComposition?
  public var disagreement: DisagreementFilter?
  /// complete or incomplete.
  public var examStatus: String?
  /// The reading radiologist, normalised as stored.
  public var reader: String?
  /// Study dates, YYYYMMDD, inclusive.
  public var from: String?
  public var to: String?
  /// Only uncertain exams (true) or only certain ones (false).
  public var uncertain: Bool?
  public var order: WorklistOrder
  public var limit: Int?
  /// Exams skipped before the first one returned (with `limit`, a page).
  public var offset: Int?

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
    self.order = WorklistOrder()
  }

  /// A QA view: the filter picks disagreements, a cell of the QA confusion matrix or a reader.
  /// QA views list uncertain exams first, whatever their order.
  public var isQAView: Bool { disagreement != nil || reportDensity != nil || reader != nil }

  /// The `ORDER BY` clause: the order's, behind uncertain-first in QA views or when the order
  /// asks for it.
  var orderSQL: String {
    (order.uncertainFirst || isQAView ? "r.uncertain DESC, " : "") + order.sql
  }
}
