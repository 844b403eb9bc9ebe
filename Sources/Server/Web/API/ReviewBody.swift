import Worklist

/// A reviewer's decision on an exam's disagreement (`POST /api/exams/{id}/review`).
public struct ReviewBody: Sendable, Codable, Equatable {
  /// model-correct, report-correct, both-wrong or dismissed.
  public var decision: String
  /// Who decides, when login is off and nobody is logged in; a logged-in reviewer is recorded
  /// as who they are, whatever this says.
  public var reviewer: String?
  public var note: String?

  public init(decision: String, reviewer: String?, note: String? = nil) {
    self.decision = decision
    self.reviewer = reviewer
    self.note = note
  }

  public static let maxNoteLength = 2000
  public static let maxReviewerLength = 100

  /// The decision as a review state with its reviewer (`loggedIn`, the logged-in user, when
  /// there is one, else the named reviewer), or why it cannot be one.
  func validated(loggedIn: String? = nil) -> Result<(ReviewState, String, String?), ReviewBodyError> {
    guard let state = ReviewState(rawValue: decision), state != .open else {
      return .failure(.init("decision must be model-correct, report-correct, both-wrong or dismissed"))
    }
    let reviewer = loggedIn ?? (reviewer ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    guard (1...Self.maxReviewerLength).contains(reviewer.count) else {
      return .failure(.init("reviewer must be 1 to \(Self.maxReviewerLength) characters (or log in)"))
    }
    let note = note?.trimmingCharacters(in: .whitespacesAndNewlines)
    guard (note?.count ?? 0) <= Self.maxNoteLength else {
      return .failure(.init("note must be at most \(Self.maxNoteLength) characters"))
    }
    return .success((state, reviewer, note?.isEmpty == true ? nil : note))
  }
}

/// Why a review cannot be recorded as sent.
struct ReviewBodyError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}

/// Marks an exam read or unread (`POST /api/exams/{id}/read-state`).
public struct ReadStateBody: Sendable, Codable, Equatable {
  /// read or unread.
  public var state: String

  public init(state: String) { self.state = state }
}
