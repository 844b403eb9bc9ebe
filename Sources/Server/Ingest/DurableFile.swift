import Crypto
import Foundation

/// File operations that survive a crash or a power cut: data fsynced before it is renamed into
/// place, and the folder fsynced after, so an acknowledged object is on disk.
enum DurableFile {
  struct Failure: Error, CustomStringConvertible {
    var path: String
    var reason: String
    var description: String { "\(path): \(reason)" }
  }

  /// SHA-256 (lowercase hex) and size of a file, read in 1 MiB pieces.
  static func digest(of url: URL) throws -> (sha256: String, size: Int) {
    guard let handle = FileHandle(forReadingAtPath: url.path) else {
      throw Failure(path: url.path, reason: "cannot be read")
    }
    defer { try? handle.close() }
    var hash = SHA256()
    var size = 0
    while true {
      let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
      if chunk.isEmpty { break }
      size += chunk.count
      hash.update(data: chunk)
    }
    return (hash.finalize().map { String(format: "%02x", $0) }.joined(), size)
  }

  /// fsyncs a file or folder.
  static func sync(_ url: URL) throws {
    let fd = open(url.path, O_RDONLY)
    guard fd >= 0 else { throw Failure(path: url.path, reason: "cannot be opened to sync (errno \(errno))") }
    defer { close(fd) }
    guard fsync(fd) == 0 else { throw Failure(path: url.path, reason: "fsync failed (errno \(errno))") }
  }

  /// Makes `source` (already complete) durable at `target`: fsync, rename, fsync the folder.
  static func place(_ source: URL, at target: URL) throws {
    let folder = target.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try sync(source)
    guard rename(source.path, target.path) == 0 else {
      throw Failure(path: target.path, reason: "cannot be renamed into place (errno \(errno))")
    }
    try sync(folder)
  }
}
