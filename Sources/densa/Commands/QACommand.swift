import ArgumentParser
import BIRADS
import Foundation
import Worklist

/// Disagreement QA: report density audited against the model.
struct QACommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "qa",
    abstract: "Audit report density against the model: agreement, kappa, disagreements and their review.",
    subcommands: [QASummaryCommand.self, QAReviewCommand.self, QAAuditCommand.self],
    defaultSubcommand: QASummaryCommand.self
  )
}

struct QASummaryCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "summary", abstract: "Agreement figures over a period.")

  @Option(help: "Model weights SHA-256 (default: the newest model in the database).")
  var modelSHA256: String?

  @Option(help: "First study date, YYYYMMDD.")
  var from: String?

  @Option(help: "Last study date, YYYYMMDD.")
  var to: String?

  @Flag(help: "Print JSON.")
  var json = false

  @Option(help: "SQLite database (default: database.path).")
  var db: String?

  @OptionGroup var settings: SettingsOptions

  func run() async throws {
    let s = try await settings.load()
    guard let q = try Store(path: db ?? s.databasePath).qaSummary(modelSHA256: modelSHA256, from: from, to: to) else {
      throw CommandError("no model results in the database yet; run densa process first")
    }
    if json {
      print(String(decoding: try JSONEncoder.pretty.encode(q), as: UTF8.self))
      return
    }
    print(QARendering.text(q))
  }
}

struct QAReviewCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "review", abstract: "Record a review decision on a disagreement (kept in the audit log).")

  @Argument(help: "Disagreement id (as `densa worklist --format json` shows it).")
  var id: Int64

  @Option(help: "open, model-correct, report-correct, both-wrong or dismissed.")
  var state: String

  @Option(help: "Reviewer.")
  var by: String

  @Option(help: "Free-text note.")
  var note: String?

  @Option(help: "SQLite database (default: database.path).")
  var db: String?

  @OptionGroup var settings: SettingsOptions

  func run() async throws {
    let s = try await settings.load()
    guard let review = ReviewState(rawValue: state) else {
      throw ValidationError("--state must be one of " + ReviewState.allCases.map(\.rawValue).joined(separator: ", "))
    }
    guard try Store(path: db ?? s.databasePath).review(disagreement: id, state: review, reviewer: by, note: note) else {
      throw CommandError("no disagreement with id \(id)")
    }
  }
}

struct QAAuditCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "audit", abstract: "Print the review audit log.")

  @Option(help: "SQLite database (default: database.path).")
  var db: String?

  @OptionGroup var settings: SettingsOptions

  func run() async throws {
    let s = try await settings.load()
    for row in try Store(path: db ?? s.databasePath).auditLog() {
      print(row.map { $0 ?? "-" }.joined(separator: "\t"))
    }
  }
}

/// The text form of the QA summary.
enum QARendering {
  static func text(_ q: QASummary) -> String {
    func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "-" }
    var lines = [
      "model           \(q.modelName) \(q.modelVersion) (sha256:\(q.modelSHA256.prefix(12))\(q.modelSHA256.contains("+") ? ", " + q.modelSHA256.split(separator: "+").last! : ""))",
      "period          \(q.from ?? "start") – \(q.to ?? "now")",
      "exams           \(q.exams)",
    ]
    let order = ["agree", "adjacent", "major", "no-report", "no-report-density"]
    lines.append("vs report       " + order.map { "\($0) \(q.byAgreement[$0] ?? 0)" }.joined(separator: ", "))
    lines.append(
      "dense boundary  \(q.crossesDenseBoundary) exams on different sides of dense (c, d) / not dense (a, b)")
    lines.append(
      "agreement       accuracy \(f(q.accuracy)), macro-F1 \(f(q.macroF1)), kappa \(f(q.kappa)), linear \(f(q.kappaLinear)), quadratic \(f(q.kappaQuadratic))"
    )
    lines.append(
      "reviews         "
        + ReviewState.allCases.map { "\($0.rawValue) \(q.reviews[$0.rawValue] ?? 0)" }.joined(separator: ", "))
    lines.append("")
    lines.append("report \\ model    a     b     c     d")
    for (i, c) in BreastComposition.allCases.enumerated() {
      lines.append(
        "       \(c.rawValue)     " + q.confusion.counts[i].map { String(format: "%5d", $0) }.joined(separator: " "))
    }
    return lines.joined(separator: "\n")
  }
}
