import Foundation
import GRDB

/// densa's SQLite database: exams, images, reports, extractions, models, predictions,
/// disagreements and the review audit log.
///
/// WAL mode with a connection pool, so a reader (the worklist, a web page) never blocks the writer
/// and never sees half an exam: every exam is written in one transaction.
public final class Store: Sendable {
  /// The database file.
  public let path: String
  let pool: DatabasePool

  /// Opens (creating when needed) and migrates the database at `path`.
  public init(path: String) throws(StoreError) {
    self.path = path
    var config = Configuration()
    config.foreignKeysEnabled = true
    config.busyMode = .timeout(10)
    do {
      let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      pool = try DatabasePool(path: path, configuration: config)
      try Schema.migrator.migrate(pool)
    } catch {
      throw StoreError.explaining(error, path: path)
    }
  }

  /// Runs `body` in one write transaction; nothing of it is stored when it throws.
  func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
    do { return try pool.write(body) } catch let error as StoreError { throw error } catch {
      throw StoreError.explaining(error, path: path)
    }
  }

  /// Runs `body` on a read-only snapshot.
  func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
    do { return try pool.read(body) } catch let error as StoreError { throw error } catch {
      throw StoreError.explaining(error, path: path)
    }
  }

  /// The names of the migrations applied, oldest first.
  public func appliedMigrations() throws(StoreError) -> [String] {
    try read { db in try Schema.migrator.appliedMigrations(db) }
  }

  /// The journal mode in effect (`wal`).
  public func journalMode() throws(StoreError) -> String {
    try read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
  }
}

/// A database that cannot be opened, migrated or written.
public struct StoreError: Error, Sendable, CustomStringConvertible {
  public var path: String
  public var reason: String

  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String { "\(path): \(reason)" }
}
