import GRDB

extension StoreError {
  /// A failed SQLite call said in words for the person running densa, with what to do next.
  static func explaining(_ error: any Error, path: String) -> StoreError {
    guard let failure = error as? DatabaseError else { return StoreError(path: path, reason: "\(error)") }
    let sqlite = "SQLite: \(failure.message ?? "\(failure.resultCode)")"
    let reason: String
    switch failure.resultCode.primaryResultCode {
    case .SQLITE_CORRUPT, .SQLITE_NOTADB:
      reason =
        "the database file is damaged or is not a densa database (\(sqlite)); nothing was written to it: "
        + "restore it from a backup, or give another --db"
    case .SQLITE_BUSY, .SQLITE_LOCKED:
      reason = "another program holds the database locked (\(sqlite)); run again when it has finished"
    case .SQLITE_READONLY:
      reason = "the database cannot be written: the file or its folder is read-only (\(sqlite))"
    case .SQLITE_FULL:
      reason = "the disk holding the database is full (\(sqlite)); what is stored is intact: free space and run again"
    case .SQLITE_CANTOPEN:
      reason = "the database cannot be opened: check that its folder exists and may be written (\(sqlite))"
    case .SQLITE_IOERR:
      reason = "the disk failed while reading or writing the database (\(sqlite))"
    default:
      reason = sqlite
    }
    return StoreError(path: path, reason: reason)
  }
}
