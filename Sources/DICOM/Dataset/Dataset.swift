import CDCMTK
import Foundation

/// A DICOM dataset held by DCMTK, built or read attribute by attribute.
///
/// A thin owner of the C shim's handle: all DICOM encoding rules stay in DCMTK.
final class Dataset {
  private let handle: OpaquePointer

  /// An empty dataset to fill and save.
  init() {
    handle = densa_dataset_new()
  }

  /// Loads `url`; with `headerOnly`, parsing stops before Pixel Data.
  init(loading url: URL, headerOnly: Bool) throws(DICOMError) {
    var error = [CChar](repeating: 0, count: 512)
    guard let h = densa_dataset_load(url.path, headerOnly ? 1 : 0, &error, error.count) else {
      throw DICOMError(url, .unreadable(String(cBuffer: error)))
    }
    handle = h
  }

  deinit { densa_dataset_free(handle) }

  /// Strings are stored as ISO 8859-1 bytes (Specific Character Set ISO_IR 100) instead of UTF-8.
  /// Set it only when every string fits, and say so in (0008,0005).
  var latin1 = false

  /// Puts a value (multiple values joined by backslash) in the current item.
  func put(_ tag: Tag, _ value: String) throws(ShimError) {
    if latin1 {
      guard let bytes = value.data(using: .isoLatin1) else {
        throw ShimError(message: "\(tag): value is not representable in ISO 8859-1")
      }
      let cString = bytes.map { CChar(bitPattern: $0) } + [0]
      try call { densa_dataset_put_string(handle, tag.group, tag.element, cString, $0, $1) }
    } else {
      try call { densa_dataset_put_string(handle, tag.group, tag.element, value, $0, $1) }
    }
  }

  /// Puts a value only when there is one.
  func put(_ tag: Tag, _ value: String?) throws(ShimError) {
    if let value { try put(tag, value) }
  }

  /// Adds an item to the sequence `tag` of the current item and fills it with `body`.
  func item(_ tag: Tag, _ body: () throws(ShimError) -> Void) throws(ShimError) {
    try call { densa_dataset_begin_item(handle, tag.group, tag.element, $0, $1) }
    try body()
    try call { densa_dataset_end_item(handle, $0, $1) }
  }

  /// Puts a code sequence item (Code Value, Coding Scheme Designator, Code Meaning).
  func code(_ tag: Tag, _ concept: CodedConcept, _ inner: () throws(ShimError) -> Void = {}) throws(ShimError) {
    try item(tag) { () throws(ShimError) in
      try put(Tag(0x0008, 0x0100), concept.value)
      try put(Tag(0x0008, 0x0102), concept.scheme)
      try put(Tag(0x0008, 0x0104), concept.meaning)
      try inner()
    }
  }

  func putPixels(_ samples: [UInt16], bitsAllocated: Int) throws(ShimError) {
    try call { densa_dataset_put_pixels(handle, samples, samples.count, Int32(bitsAllocated), $0, $1) }
  }

  /// 8-bit samples as they are: a Secondary Capture's RGB bytes need no round trip through 16 bits.
  func putPixelBytes(_ samples: [UInt8]) throws(ShimError) {
    try call { densa_dataset_put_pixel_bytes(handle, samples, samples.count, $0, $1) }
  }

  func putWords(_ tag: Tag, _ values: [UInt16]) throws(ShimError) {
    try call { densa_dataset_put_u16_array(handle, tag.group, tag.element, values, values.count, $0, $1) }
  }

  /// 16-bit values at a path (US or OW alike), or nil when absent.
  func words(_ path: String, max: Int = 65_536) -> [UInt16]? {
    var out = [UInt16](repeating: 0, count: max)
    let n = densa_dataset_get_u16_array(handle, path, &out, max)
    return n < 0 ? nil : Array(out.prefix(n))
  }

  func putEncapsulated(_ bytes: [UInt8], transferSyntax: TransferSyntax) throws(ShimError) {
    try call { densa_dataset_put_encapsulated(handle, bytes, bytes.count, transferSyntax.rawValue, $0, $1) }
  }

  func save(to path: String, transferSyntax: TransferSyntax, quality: Int) throws(ShimError) {
    try call { densa_dataset_save(handle, path, transferSyntax.rawValue, Int32(quality), $0, $1) }
  }

  /// Saves to a temporary name beside `url` and renames it into place, so a reader never sees a
  /// half-written file; the temporary is removed when either step fails.
  func saveReplacing(_ url: URL, transferSyntax: TransferSyntax, quality: Int) throws(ShimError) {
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    do throws(ShimError) {
      try save(to: temporary.path, transferSyntax: transferSyntax, quality: quality)
      if rename(temporary.path, url.path) != 0 {
        throw ShimError(message: "cannot rename into place: \(String(cString: strerror(errno)))")
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
  }

  /// The value at a DCMTK path such as `"(0054,0220)[0].(0008,0100)"`, or nil when absent or empty.
  func string(_ path: String) -> String? {
    guard let bytes = rawBytes(path) else { return nil }
    // ISO_IR 100 text is Latin-1; so is text that is not valid UTF-8 under any other declaration.
    let text: String? =
      readsLatin1 ? String(data: Data(bytes), encoding: .isoLatin1) : String(validating: bytes, as: UTF8.self)
    let value = (text ?? String(decoding: bytes.map { $0 < 0x80 ? $0 : UInt8(ascii: "?") }, as: UTF8.self))
      .trimmingCharacters(in: .whitespaces)
    return value.isEmpty ? nil : value
  }

  private func rawBytes(_ path: String) -> [UInt8]? {
    var out = [CChar](repeating: 0, count: 4096)
    guard densa_dataset_get_string(handle, path, &out, out.count) == 1 else { return nil }
    return out.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
  }

  /// Whether the dataset declares ISO 8859-1 (its strings are read, and written, as Latin-1).
  private lazy var readsLatin1: Bool = {
    guard let declared = rawBytes("(0008,0005)") else { return false }
    let terms = String(decoding: declared, as: UTF8.self).split(separator: "\\").map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    return terms.contains("ISO_IR 100") || terms.contains("ISO 2022 IR 100")
  }()

  func string(_ tag: Tag) -> String? { string(tag.description) }

  /// Every value of a multi-valued attribute.
  func strings(_ tag: Tag) -> [String] {
    string(tag)?.split(separator: "\\", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    } ?? []
  }

  func int(_ tag: Tag) -> Int? { string(tag).flatMap { Int($0) } }

  func doubles(_ tag: Tag) -> [Double] { strings(tag).compactMap { Double($0) } }

  /// The transfer syntax UID the file was stored in.
  var transferSyntaxUID: String {
    var out = [CChar](repeating: 0, count: 128)
    densa_dataset_transfer_syntax(handle, &out, out.count)
    return String(cBuffer: out)
  }

  var hasPixelData: Bool { densa_dataset_has_pixels(handle) == 1 }

  /// Native samples after DCMTK decompression (JPEG, JPEG-LS, RLE).
  func decodedSamples(count: Int) throws(ShimError) -> [UInt16] {
    var error = [CChar](repeating: 0, count: 512)
    var status: Int32 = 0
    // Not zero-filled first: the shim writes every sample or fails (a 4096 × 3328 view's 27 MB
    // memset was 2 % of `densa process` with the demo model).
    let samples = [UInt16](unsafeUninitializedCapacity: count) { buffer, initialized in
      status = densa_dataset_decode_pixels(handle, buffer.baseAddress!, count, &error, error.count)
      initialized = status == 0 ? count : 0
    }
    if status != 0 { throw ShimError(message: String(cBuffer: error)) }
    return samples
  }

  /// The first frame's compressed bytes, fragments joined.
  func encapsulatedFrame() throws(ShimError) -> [UInt8] {
    var error = [CChar](repeating: 0, count: 512)
    let length = densa_dataset_encapsulated_frame(handle, nil, 0, &error, error.count)
    guard length > 0 else { throw ShimError(message: String(cBuffer: error)) }
    var bytes = [UInt8](repeating: 0, count: length)
    let got = densa_dataset_encapsulated_frame(handle, &bytes, bytes.count, &error, error.count)
    guard got == length else { throw ShimError(message: String(cBuffer: error)) }
    return bytes
  }

  private func call(_ body: (UnsafeMutablePointer<CChar>, Int) -> Int32) throws(ShimError) {
    var error = [CChar](repeating: 0, count: 512)
    let status = error.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
    if status != 0 { throw ShimError(message: String(cBuffer: error)) }
  }
}

/// A failure reported by DCMTK or OpenJPEG through the shim, in their words.
struct ShimError: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}
