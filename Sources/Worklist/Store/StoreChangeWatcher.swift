import GRDB

/// Tells when the database has changed, whoever changed it: this process's writer, or another
/// process (`densa process`, `densa worklist mark`) writing the same file. GRDB's observation
/// only sees its own process, so this reads SQLite's `PRAGMA data_version` on a read-only
/// connection of its own, whose value moves whenever any other connection commits.
public final class StoreChangeWatcher: Sendable {
  private let queue: DatabaseQueue
  public let path: String

  /// Opens its own read-only connection to the database at `path` (which must exist).
  public init(path: String) throws(StoreError) {
    self.path = path
    var config = Configuration()
    config.readonly = true
    config.busyMode = .timeout(5)
    do {
      queue = try DatabaseQueue(path: path, configuration: config)
    } catch {
      throw StoreError(path: path, reason: "\(error)")
    }
  }

  /// A number that differs from the last one read whenever another connection has committed
  /// since.
  public func version() throws(StoreError) -> Int {
    do {
      return try queue.inDatabase { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    } catch {
      throw StoreError(path: path, reason: "\(error)")
    }
  }
}
