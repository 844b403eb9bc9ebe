import Foundation

/// Free space on the file system holding a folder.
enum DiskSpace {
  /// Bytes available to an unprivileged writer at `url`, or nil when it cannot be asked.
  static func available(at url: URL) -> Int64? {
    var s = statvfs()
    guard statvfs(url.path, &s) == 0 else { return nil }
    return Int64(s.f_bavail) * Int64(s.f_frsize)
  }
}
