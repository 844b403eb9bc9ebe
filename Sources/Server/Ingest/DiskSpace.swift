import Foundation

/// Free space on the file system holding a folder.
enum DiskSpace {
  /// Bytes available to an unprivileged writer at `url` (or its nearest existing parent, for a
  /// folder not made yet), or nil when it cannot be asked.
  static func available(at url: URL) -> Int64? {
    var folder = url.standardizedFileURL
    while !FileManager.default.fileExists(atPath: folder.path) && folder.path != "/" {
      folder = folder.deletingLastPathComponent()
    }
    var s = statvfs()
    guard statvfs(folder.path, &s) == 0 else { return nil }
    return Int64(s.f_bavail) * Int64(s.f_frsize)
  }
}
