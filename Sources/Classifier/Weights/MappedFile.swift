import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file mapped read-only into memory. Pages a reader is done with can be handed back
/// (``release(_:)``), so converting a model's weights does not keep the whole file resident
/// next to the converted copy.
final class MappedFile: @unchecked Sendable {
  // Immutable after init; the mapping is private and read-only.
  let bytes: UnsafeRawBufferPointer

  init(path: String) throws(SafetensorsError) {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw .unreadable(file: path, reason: String(cString: strerror(errno))) }
    let size = Int(info.st_size)
    guard size > 0 else {
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      return
    }
    guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
      throw .unreadable(file: path, reason: String(cString: strerror(errno)))
    }
    bytes = UnsafeRawBufferPointer(start: base, count: size)
  }

  /// Drops the resident pages wholly inside `range` (bytes); they are read again from the file if
  /// touched later.
  func release(_ range: Range<Int>) {
    guard let base = bytes.baseAddress else { return }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let start = (range.lowerBound + page - 1) / page * page
    let end = range.upperBound / page * page
    guard end > start else { return }
    _ = madvise(UnsafeMutableRawPointer(mutating: base + start), end - start, MADV_DONTNEED)
  }

  deinit {
    if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
  }
}
