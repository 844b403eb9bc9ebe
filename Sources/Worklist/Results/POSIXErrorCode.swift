import Foundation

/// The errno behind a Foundation or POSIX error, when it says one: the error's own code in the
/// POSIX domain, else the underlying error's (Foundation keeps it there as a `POSIXError` value,
/// not an `NSError`, so it is bridged rather than cast), else the Cocoa write codes that stand for
/// a full disk, a read-only volume or a missing permission.
public func posixErrorCode(_ error: any Error) -> Int32? {
  let ns = error as NSError
  if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
  if let underlying = (ns.userInfo[NSUnderlyingErrorKey] as? any Error).map({ $0 as NSError }),
    underlying.domain == NSPOSIXErrorDomain
  {
    return Int32(underlying.code)
  }
  switch CocoaError.Code(rawValue: ns.code) {
  case .fileWriteOutOfSpace: return ENOSPC
  case .fileWriteVolumeReadOnly: return EROFS
  case .fileWriteNoPermission: return EACCES
  default: return nil
  }
}
