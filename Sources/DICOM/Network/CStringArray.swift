import Foundation

/// C copies of Swift strings for one call into the shim (which copies what it keeps).
final class CStringArray {
  private(set) var pointers: [UnsafePointer<CChar>?]

  init(_ strings: [String]) {
    pointers = strings.map { UnsafePointer(strdup($0)) }
  }

  var count: Int { pointers.count }

  deinit {
    for p in pointers { free(UnsafeMutablePointer(mutating: p)) }
  }
}
