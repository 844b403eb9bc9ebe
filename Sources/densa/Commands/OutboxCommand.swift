import ArgumentParser
import Foundation
import Worklist

/// The results waiting to be sent, sent, or given up: list them, retry or cancel one.
struct OutboxCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "outbox",
    abstract: "List, retry or cancel the results queued for DICOM destinations.",
    subcommands: [List.self, Retry.self, Cancel.self],
    defaultSubcommand: List.self
  )

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List outbox entries, newest first.")

    @Option(help: "Only entries in this state: pending, sent, dead, cancelled.")
    var state: String?

    @Option(help: "SQLite database (default: database.path).")
    var db: String?

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var settings: SettingsOptions

    func run() async throws {
      let s = try await settings.load()
      var filter: OutboxItem.State? = nil
      if let state {
        guard let parsed = OutboxItem.State(rawValue: state) else {
          throw ValidationError("--state must be one of pending, sent, dead, cancelled; got '\(state)'")
        }
        filter = parsed
      }
      let items = try existingStore(db ?? s.databasePath).outboxItems(state: filter)
      if json {
        print(String(decoding: try JSONEncoder.pretty.encode(items), as: UTF8.self))
        return
      }
      print("id     state      attempts  destination   kind  last")
      for i in items {
        let last = i.state == .sent ? "sent \(i.sentAt ?? "")" : (i.lastError ?? "")
        print(
          "\(pad(String(i.id), 6)) \(pad(i.state.rawValue, 10)) \(pad(String(i.attempts), 9)) \(pad(i.destination, 13)) \(pad(i.kind, 5)) \(last)"
        )
      }
    }
  }

  /// What retry and cancel both take: the entry, who asks, and the database.
  struct Entry: ParsableArguments {
    @Argument(help: "The entry's id (densa outbox list).")
    var id: Int64

    @Option(help: "Who asks (written to the audit log).")
    var by: String = ProcessInfo.processInfo.environment["USER"] ?? "operator"

    @Option(help: "SQLite database (default: database.path).")
    var db: String?

    @OptionGroup var settings: SettingsOptions

    func store() async throws -> Store {
      if let db { return try existingStore(db) }
      return try existingStore(try await settings.load().databasePath)
    }
  }

  struct Retry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Queue a dead or cancelled entry again, due now.")

    @OptionGroup var entry: Entry

    func run() async throws {
      guard try await entry.store().retryOutboxItem(entry.id, actor: entry.by, at: Date().timeIntervalSince1970) else {
        throw ValidationError("entry \(entry.id) does not exist or is not dead or cancelled")
      }
      print("entry \(entry.id) queued again")
    }
  }

  struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Cancel a pending or dead entry: it will not be sent.")

    @OptionGroup var entry: Entry

    func run() async throws {
      guard try await entry.store().cancelOutboxItem(entry.id, actor: entry.by) else {
        throw ValidationError("entry \(entry.id) does not exist or is already sent or cancelled")
      }
      print("entry \(entry.id) cancelled")
    }
  }
}
