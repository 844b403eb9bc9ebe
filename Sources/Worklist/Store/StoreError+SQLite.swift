import Foundation
import GRDB

extension StoreError {
  /// A failed SQLite call said in words for the person running densa, with what to do next.
  static func explaining(_ error: any Error, path: String) -> StoreError {
    guard let failure = error as? DatabaseError else { return StoreError(path: path, reason: "\(error)") }
    let sqlite = "SQLite: \(failure.message ?? "\(failure.resultCode)")"
    let reason: String
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
    switch failure.resultCode.primaryResultCode {
    case .SQLITE_CORRUPT, .SQLITE_NOTADB:
      reason =
        "the database file is damaged or is not a densa database (\(sqlite)); nothing was written to it: "
        + "restore it from a backup, or give another --db"
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      reason = "another program holds the database locked (\(sqlite)); run again when it has finished"
    case .SQLITE_READONLY where DiskSpace.isReadOnly(at: folder),
      .SQLITE_CANTOPEN where DiskSpace.isReadOnly(at: folder):
      // In WAL mode even reading needs the -shm file, so a read-only mount fails at open.
      reason =
        "the file system holding the database is mounted read-only (\(sqlite)); nothing was changed: "
        + "remount it read-write, or give another --db"
    case .SQLITE_READONLY:
      reason = "the database cannot be written: the file or its folder is read-only (\(sqlite))"
    case .SQLITE_FULL:
      reason = "the disk holding the database is full (\(sqlite)); what is stored is intact: free space and run again"
    case .SQLITE_CANTOPEN:
      reason = "the database cannot be opened: check that its folder exists and may be written (\(sqlite))"
    case .SQLITE_IOERR where DiskSpace.isFull(at: folder):
      // SQLite says I/O error, not full, when the WAL index or journal cannot grow on a full disk.
      reason = "the disk holding the database is full (\(sqlite)); what is stored is intact: free space and run again"
    case .SQLITE_IOERR:
      reason = "the disk failed while reading or writing the database (\(sqlite))"
    default:
      reason = sqlite
    }
    return StoreError(path: path, reason: reason)
  }
}
