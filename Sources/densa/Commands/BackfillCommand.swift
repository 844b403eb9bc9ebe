import ArgumentParser
import DICOM
import Foundation
import Server
import Worklist

/// Retrieves a period's mammography studies from a PACS into the running node.
struct BackfillCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "backfill",
    abstract: "Find a period's mammography studies on a PACS (C-FIND) and retrieve them (C-MOVE) to densa serve.",
    discussion: """
      The PACS must know densa's AE title (dicom.aeTitle) as a move destination pointing at the \
      running `densa serve`. Run again with the same arguments to resume an interrupted backfill: \
      studies already retrieved are not asked for again.
      """
  )

  @Option(help: "The PACS, by its name in dicom.pacs.")
  var pacs: String

  @Option(help: "First study date, YYYYMMDD.")
  var from: String

  @Option(help: "Last study date, YYYYMMDD.")
  var to: String

  @Option(help: "C-MOVEs at once.")
  var concurrency = 2

  @Option(help: "SQLite database (default: database.path; the one densa serve uses).")
  var db: String?

  @OptionGroup var settings: SettingsOptions

  func validate() throws {
    for (name, value) in [("--from", from), ("--to", to)] {
      guard value.count == 8, value.allSatisfy(\.isNumber) else {
        throw ValidationError("\(name) must be a date written YYYYMMDD, got '\(value)'")
      }
    }
    guard from <= to else { throw ValidationError("--from \(from) is after --to \(to)") }
    guard (1...16).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 16") }
  }

  func run() async throws {
    let reader = try await settings.reader()
    let s = try Settings(reader)
    let node = try NodeSettings(reader, base: s).node
    guard let peer = node.pacs.first(where: { $0.name == pacs }) else {
      let known = node.pacs.map(\.name).joined(separator: ", ")
      throw ValidationError("no PACS named '\(pacs)' in dicom.pacs (configured: \(known.isEmpty ? "none" : known))")
    }
    let client = DICOMClient(
      callingAETitle: node.aeTitle,
      timeouts: .init(connect: node.acseTimeout, acse: node.acseTimeout, dimse: node.dimseTimeout))
    let backfill = Backfill(
      store: try Store(path: db ?? s.databasePath), client: client, pacs: peer, destinationAETitle: node.aeTitle,
      concurrency: concurrency, logger: s.logger())
    let progress = ProgressDisplay(label: "studies")
    let result = try await backfill.run(from: from, to: to) { p in progress.update(p.retrieved + p.failed, of: p.total)
    }
    progress.finish()
    print(
      "backfill \(pacs) \(from)-\(to): \(result.retrieved) retrieved, \(result.failed) failed, \(result.pending) pending"
    )
    if result.failed > 0 || result.pending > 0 { throw ExitCode(2) }
  }
}
