import Foundation
import Worklist

/// The store at `path` for a command that only reads or annotates what `densa process` or
/// `densa serve` stored (worklist, letter, qa, outbox, user list): opening a path that does not
/// exist would create an empty database there and report "0 exams", hiding a mistyped `--db`.
func existingStore(_ path: String) throws -> Store {
  guard FileManager.default.fileExists(atPath: path) else {
    throw CommandError(
      "\(path): no densa database there; densa process or densa serve creates it: give the right --db, or set database.path"
    )
  }
  return try Store(path: path)
}
