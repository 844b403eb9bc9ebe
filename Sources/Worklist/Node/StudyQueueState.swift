/// Where a received study stands in the node's completion and processing queue.
public enum StudyQueueState: String, Sendable, CaseIterable, Codable {
  /// Images are arriving; the study is not yet complete or not yet quiet.
  case receiving
  /// Complete (or quiet long enough): waiting to be classified.
  case ready
  /// Being classified now (reset to `ready` when the node restarts).
  case processing
  /// Classified; its results are stored.
  case done
  /// Stored but not classified (no mammogram of a usable view, e.g. only tomosynthesis objects).
  case notClassified = "not-classified"
  /// Classification failed after every attempt.
  case failed
}

/// A study in the node's queue.
public struct QueuedStudy: Sendable, Hashable {
  public var studyInstanceUID: String
  public var state: StudyQueueState
  /// How many times processing has started for this study.
  public var revision: Int
  /// When its first and its latest image arrived (seconds since 1970).
  public var firstReceived: Double
  public var lastReceived: Double
  public var attempts: Int
  public var lastError: String?
}
