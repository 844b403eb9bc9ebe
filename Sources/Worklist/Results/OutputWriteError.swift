import Foundation

/// A result file that could not be written, said in words with what to do: a full disk, a
/// read-only file system, a folder densa may not write to. Nothing half-written is left: the
/// file's temporary is removed, and a result whose files are not all written is not stored.
public struct OutputWriteError: Error, CustomStringConvertible {
  public var path: String
  public var reason: String

  public var description: String { "\(path): \(reason)" }

  /// The reason for `error`, which a write of `url` threw.
  init(_ url: URL, _ error: any Error) {
    path = url.path
    let folder = url.deletingLastPathComponent()
    switch posixErrorCode(error) {
    case ENOSPC, EDQUOT:
      reason = "cannot be written: the disk is full; results already written are intact: free space and run again"
    case EROFS:
      reason = "cannot be written: the file system is read-only; give another --out or remount it read-write"
    case EACCES, EPERM:
      reason = "cannot be written: densa may not write to \(folder.path); give another --out or change its permissions"
    default:
      if DiskSpace.isFull(at: folder) {
        reason = "cannot be written: the disk is full; results already written are intact: free space and run again"
      } else {
        reason = "cannot be written (\(Self.text(error)))"
      }
    }
  }

  private static func text(_ error: any Error) -> String {
    if let code = posixErrorCode(error) { return String(cString: strerror(code)) }
    return "\(error)"
  }
}
