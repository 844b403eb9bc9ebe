import ArgumentParser
import BIRADS
import Foundation
import Worklist

/// Disagreement QA: report density audited against the model.
struct QACommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "qa",
    abstract: "Audit report density against the model: agreement, kappa, disagreements and their review.",
    subcommands: [QASummaryCommand.self, QAListCommand.self, QAReviewCommand.self, QAAuditCommand.self],
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

  @Option(
    help: ArgumentHelp(
      "Break the figures down: reader (per reading radiologist: agreement, kappa and dense rate with 95 % intervals).",
      valueName: "reader"))
  var by: String?

  @Option(help: "SQLite database (default: database.path).")
  var db: String?

  @OptionGroup var settings: SettingsOptions

  func validate() throws {
    if let by, by != "reader" { throw ValidationError("--by takes one value: reader") }
  }

  func run() async throws {
    let s = try await settings.load()
    if by == "reader" {
      guard
        let readers = try existingStore(db ?? s.databasePath).readerAgreement(
          modelSHA256: modelSHA256, from: from, to: to)
      else {
        throw CommandError("no model results in the database yet; run densa process first")
      }
      if json {
        print(String(decoding: try JSONEncoder.pretty.encode(readers), as: UTF8.self))
      } else {
        print(QARendering.readers(readers))
      }
      return
    }
    guard let q = try existingStore(db ?? s.databasePath).qaSummary(modelSHA256: modelSHA256, from: from, to: to) else {
      throw CommandError("no model results in the database yet; run densa process first")
    }
    if json {
      print(String(decoding: try JSONEncoder.pretty.encode(q), as: UTF8.self))
      return
    }
    print(QARendering.text(q))
  }
}

/// `densa qa list`: the disagreements to review, uncertain exams first.
struct QAListCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List disagreements for review: uncertain exams first, then unread and newest first.")

  @Option(help: "any, adjacent, major or dense-boundary.")
  var disagreement = "any"

  @Option(help: "First study date, YYYYMMDD.")
  var from: String?

  @Option(help: "Last study date, YYYYMMDD.")
  var to: String?

  @Option(help: "table, json or csv.")
  var format: ListFormat = .table

  @Option(help: "SQLite database (default: database.path).")
  var db: String?

  @OptionGroup var settings: SettingsOptions

  func run() async throws {
    let s = try await settings.load()
    guard let d = WorklistFilter.DisagreementFilter(rawValue: disagreement), d != .agreeing else {
      throw ValidationError("--disagreement must be any, adjacent, major or dense-boundary")
    }
    // A disagreement filter makes this a QA view: uncertain exams come first.
    let filter = WorklistFilter(disagreement: d, from: from, to: to)
    let entries = try existingStore(db ?? s.databasePath).worklist(filter)
    switch format {
    case .json: print(String(decoding: try JSONEncoder.pretty.encode(entries), as: UTF8.self))
    case .csv: print(WorklistRendering.csv(entries), terminator: "")
    case .table: print(WorklistRendering.table(entries))
    }
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
    guard try existingStore(db ?? s.databasePath).review(disagreement: id, state: review, reviewer: by, note: note) else {
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
    for row in try existingStore(db ?? s.databasePath).auditLog() {
      print(row.map { $0 ?? "-" }.joined(separator: "\t"))
    }
  }
}

/// The text form of the QA summary.
enum QARendering {
  /// One line per reader: agreement and dense rates as % with Wilson 95 % intervals, kappa with the
  /// Fleiss–Cohen–Everitt asymptotic 95 % interval.
  static func readers(_ rows: [ReaderAgreement]) -> String {
    func pct(_ x: Double?, _ ci: ConfidenceInterval?) -> String {
      guard let x, let ci else { return "-" }
      return String(format: "%.0f %% (%.0f–%.0f)", x * 100, ci.lower * 100, ci.upper * 100)
    }
    func k(_ x: Double?, _ ci: ConfidenceInterval?) -> String {
      guard let x, let ci else { return "-" }
      return String(format: "%.2f (%.2f–%.2f)", x, ci.lower, ci.upper)
    }
    let header = ["reader", "exams", "compared", "agreement", "kappa", "report dense", "model dense"]
    var table = [header]
    for r in rows {
      table.append([
        r.reader ?? "(no reader named)", "\(r.exams)", "\(r.withDensity)", pct(r.agreement, r.agreementInterval),
        k(r.kappa, r.kappaInterval), pct(r.denseRate, r.denseRateInterval),
        pct(r.modelDenseRate, r.modelDenseRateInterval),
      ])
    }
    let widths = header.indices.map { c in table.map { $0[c].count }.max() ?? 0 }
    var lines = table.map { row in
      row.enumerated().map { c, cell in cell.padding(toLength: widths[c], withPad: " ", startingAt: 0) }
        .joined(separator: "  ")
    }
    lines.insert(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "), at: 1)
    lines.append("")
    lines.append(
      "compared: exams whose report states a density; agreement: report = model; dense: c or d. 95 % intervals: Wilson for proportions, Fleiss–Cohen–Everitt asymptotic SE for kappa."
    )
    return lines.joined(separator: "\n")
  }

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
      "since prior     \(q.crossesDenseSincePrior) of \(q.withPrior) exams with a prior cross the dense line (model now vs prior)"
    )
    lines.append(
      "agreement       accuracy \(f(q.accuracy)), macro-F1 \(f(q.macroF1)), kappa \(f(q.kappa)), linear \(f(q.kappaLinear)), quadratic \(f(q.kappaQuadratic))"
    )
    lines.append(
      "uncertain       \(q.uncertain) exams with an uncertain model density, \(q.uncertainDisagreements) of them disagreeing (listed first by densa qa list)"
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
