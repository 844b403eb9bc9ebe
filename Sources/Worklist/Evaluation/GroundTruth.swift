import BIRADS
import Foundation

/// The true density of an exam and of each breast, keyed by accession number or Study Instance UID.
public struct GroundTruth: Sendable {
  public struct Entry: Sendable, Hashable {
    public var exam: BreastComposition
    public var right: BreastComposition?
    public var left: BreastComposition?

    public init(exam: BreastComposition, right: BreastComposition? = nil, left: BreastComposition? = nil) {
      self.exam = exam
      self.right = right
      self.left = left
    }

    /// The label of one breast: its own truth when known, else the exam's.
    public func label(for laterality: Laterality) -> BreastComposition {
      (laterality == .right ? right : left) ?? exam
    }
  }

  public var entries: [String: Entry]
  /// Where the labels came from (manifest, file, reports), for the output.
  public var source: String

  public init(entries: [String: Entry], source: String) {
    self.entries = entries
    self.source = source
  }

  /// Reads `accession,label[,right,left]` lines (a header line is skipped).
  public init(csv text: String, source: String) throws(EvaluationError) {
    var entries = [String: Entry]()
    for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces).lowercased()
      }
      if number == 0, fields.count > 1, BreastComposition(rawValue: fields[1]) == nil { continue }
      guard fields.count >= 2, !fields[0].isEmpty, let exam = BreastComposition(rawValue: fields[1]) else {
        throw EvaluationError(
          file: source, reason: "line \(number + 1): expected accession,label with label a, b, c or d")
      }
      let original = line.split(separator: ",", omittingEmptySubsequences: false)[0].trimmingCharacters(
        in: .whitespaces)
      entries[original] = Entry(
        exam: exam, right: fields.count > 2 ? BreastComposition(rawValue: fields[2]) : nil,
        left: fields.count > 3 ? BreastComposition(rawValue: fields[3]) : nil)
    }
    self.init(entries: entries, source: source)
  }

  public func entry(accession: String?, studyInstanceUID: String) -> Entry? {
    accession.flatMap { entries[$0] } ?? entries[studyInstanceUID]
  }
}

/// Labels that cannot be read.
public struct EvaluationError: Error, Sendable, CustomStringConvertible {
  public var file: String
  public var reason: String
  public var description: String { "\(file): \(reason)" }
}
