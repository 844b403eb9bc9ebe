import ArgumentParser
import BIRADS
import Foundation
import Worklist

/// `densa worklist`: exams ordered for pre-reading, with the model's density beside the report's.
struct WorklistCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "worklist",
    abstract: "Exams for pre-reading: unread first, newest first, with model and report density.",
    subcommands: [WorklistShowCommand.self, WorklistMarkCommand.self],
    defaultSubcommand: WorklistShowCommand.self
  )
}

/// Output formats of lists.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
  case table, json, csv
}

struct WorklistShowCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "show", abstract: "List the worklist.")

  @Option(help: "unread or read.")
  var status: String?

  @Option(help: "Model density a, b, c or d.")
  var density: String?

  @Option(help: "any, adjacent, major, dense-boundary or none.")
  var disagreement: String?

  @Option(help: "First study date, YYYYMMDD.")
  var from: String?

  @Option(help: "Last study date, YYYYMMDD.")
  var to: String?

  @Option(help: "At most this many exams.")
  var limit: Int?

  @Flag(help: "Only exams whose model density is uncertain (low top-two margin or breasts on both sides of b/c).")
  var uncertain = false

  @Flag(help: "List uncertain exams first (always so with --disagreement, a QA view).")
  var uncertainFirst = false

  @Option(help: "table, json or csv.")
  var format: ListFormat = .table

  @Option(help: "SQLite database (default: database.path).")
  var db: String?

  @OptionGroup var settings: SettingsOptions

  func run() async throws {
    let s = try await settings.load()
    var filter = WorklistFilter(readState: status, from: from, to: to, limit: limit)
    if let status, status != "read", status != "unread" { throw ValidationError("--status must be read or unread") }
    if let density {
      guard let d = BreastComposition(rawValue: density.lowercased()) else {
        throw ValidationError("--density must be a, b, c or d")
      }
      filter.density = d
    }
    if let disagreement {
      guard let d = WorklistFilter.DisagreementFilter(rawValue: disagreement) else {
        throw ValidationError("--disagreement must be any, adjacent, major, dense-boundary or none")
      }
      filter.disagreement = d
    }
    if uncertain { filter.uncertain = true }
    filter.order.uncertainFirst = uncertainFirst
    let entries = try existingStore(db ?? s.databasePath).worklist(filter)
    switch format {
    case .json: print(String(decoding: try JSONEncoder.pretty.encode(entries), as: UTF8.self))
    case .csv: print(WorklistRendering.csv(entries), terminator: "")
    case .table: print(WorklistRendering.table(entries))
    }
  }
}

/// `densa worklist mark EXAM --read|--unread`.
struct WorklistMarkCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(commandName: "mark", abstract: "Mark an exam read or unread.")

  @Argument(help: "Accession number or Study Instance UID.")
  var exam: String

  @Flag(help: "Mark read (default) or unread.")
  var state: ReadFlag = .read

  enum ReadFlag: String, EnumerableFlag { case read, unread }

  @Option(help: "Who marks it (recorded in the audit log).")
  var by: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown"

  @Option(help: "SQLite database (default: database.path).")
  var db: String?

  @OptionGroup var settings: SettingsOptions

  func run() async throws {
    let s = try await settings.load()
    guard try existingStore(db ?? s.databasePath).setReadState(state.rawValue, exam: exam, actor: by) else {
      throw CommandError("no exam with accession or Study Instance UID \(exam)")
    }
  }
}

/// Table and CSV forms of the worklist.
enum WorklistRendering {
  static func table(_ entries: [WorklistEntry]) -> String {
    var rows = [
      [
        "ACCESSION", "DATE", "READ", "MODEL", "R", "L", "SCORE", "CONF", "UNCERTAIN", "REPORT", "AGREEMENT", "REVIEW",
        "PRIOR",
      ]
    ]
    for e in entries {
      rows.append([
        e.accession ?? e.studyInstanceUID, e.studyDate ?? "-", e.readState, e.composition,
        e.rightComposition ?? "-", e.leftComposition ?? "-", String(format: "%.2f", e.score),
        String(format: "%.2f", e.confidence), e.uncertain ? "UNCERTAIN" : "-", e.reportDensity ?? "-",
        e.agreement + (e.crossesDenseBoundary ? " (dense boundary)" : "")
          + (e.examStatus == "incomplete" ? " [incomplete]" : ""),
        e.reviewState ?? "-",
        (e.priorComposition ?? "-") + (e.crossesDenseSincePrior == true ? " (dense line crossed)" : ""),
      ])
    }
    let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
    let lines = rows.map { row in
      zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
    }
    return (lines + ["\(entries.count) exams"]).joined(separator: "\n")
  }

  static func csv(_ entries: [WorklistEntry]) -> String {
    var lines = [
      "accession,patient_id,study_date,study_instance_uid,exam_status,read_state,model,model_version,composition,score,confidence,right,left,report_density,agreement,crosses_dense_boundary,review_state,result_json,structured_report,prior_composition,crosses_dense_since_prior,uncertain,uncertain_reasons"
    ]
    for e in entries {
      let fields: [String] = [
        e.accession ?? "", e.patientID, e.studyDate ?? "", e.studyInstanceUID, e.examStatus, e.readState, e.modelName,
        e.modelVersion, e.composition, String(format: "%.4f", e.score), String(format: "%.4f", e.confidence),
        e.rightComposition ?? "", e.leftComposition ?? "", e.reportDensity ?? "", e.agreement,
        e.crossesDenseBoundary ? "1" : "0", e.reviewState ?? "", e.resultJSON, e.structuredReport ?? "",
        e.priorComposition ?? "", e.crossesDenseSincePrior.map { $0 ? "1" : "0" } ?? "", e.uncertain ? "1" : "0",
        e.uncertainReasons ?? "",
      ]
      lines.append(fields.map(csvField).joined(separator: ","))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
