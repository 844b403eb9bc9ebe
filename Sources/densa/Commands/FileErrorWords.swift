import Foundation
import Worklist

/// Foundation's file errors in words: a command that could not create or write a path (a
/// `--out` under `/proc`, a file where a folder was meant) would otherwise end with
/// `Error Domain=NSCocoaErrorDomain Code=512 "(null)" UserInfo={…}`. Any other error is returned
/// as it is.
func inWords(_ error: any Error) -> any Error {
  let ns = error as NSError
  guard ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain else { return error }
  let underlying = (ns.userInfo[NSUnderlyingErrorKey] as? any Error).map { $0 as NSError }
  let path =
    ns.userInfo[NSFilePathErrorKey] as? String ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
    ?? underlying?.userInfo[NSFilePathErrorKey] as? String
  let code = posixErrorCode(error)
  var reason = code.map { String(cString: strerror($0)).lowercased() } ?? ns.localizedDescription
  switch code {
  case ENOSPC, EDQUOT: reason += ": free space there and run again"
  case EROFS: reason += ": choose a folder on a writable disk"
  case EACCES, EPERM: reason += ": densa may not write there; choose another folder or change its permissions"
  case ENOTDIR: reason += ": a file is in the way where a folder is needed; choose another path"
  case ENOENT: reason += ": its parent folder cannot be created there; choose another path"
  default: break
  }
  return CommandError(path.map { "\($0): \(reason)" } ?? reason)
}
