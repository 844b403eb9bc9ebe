import Foundation

/// Free space on the file system holding a folder: the node refuses stores below its floor, and a
/// failed write is told apart from a full disk with it.
public enum DiskSpace {
  /// Bytes available to an unprivileged writer at `url` (or its nearest existing parent, for a
  /// folder not made yet), or nil when it cannot be asked.
  public static func available(at url: URL) -> Int64? {
    var folder = url.standardizedFileURL
    while !FileManager.default.fileExists(atPath: folder.path) && folder.path != "/" {
      folder = folder.deletingLastPathComponent()
    }
    var s = statvfs()
    guard statvfs(folder.path, &s) == 0 else { return nil }
    return Int64(s.f_bavail) * Int64(s.f_frsize)
  }

  /// Whether the file system holding `url` has (almost) no room left: less than 1 MiB, the
  /// order of what one exam's results or one SQLite page cache flush needs.
  public static func isFull(at url: URL) -> Bool { (available(at: url) ?? .max) < 1 << 20 }

  /// Whether the file system holding `url` (or its nearest existing parent) is mounted read-only.
  public static func isReadOnly(at url: URL) -> Bool {
    var folder = url.standardizedFileURL
    while !FileManager.default.fileExists(atPath: folder.path) && folder.path != "/" {
      folder = folder.deletingLastPathComponent()
    }
    var s = statvfs()
    return statvfs(folder.path, &s) == 0 && s.f_flag & UInt(ST_RDONLY) != 0
  }
}
