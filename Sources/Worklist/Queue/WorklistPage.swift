/// One page of the worklist and how many exams the filter selects in all.
public struct WorklistPage: Sendable, Codable, Equatable {
  /// Exams the filter selects, over every page.
  public var total: Int
  public var entries: [WorklistEntry]

  public init(total: Int, entries: [WorklistEntry]) {
    self.total = total
    self.entries = entries
  }
}
