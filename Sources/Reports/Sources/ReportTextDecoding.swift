/// How a report file's bytes were turned into text.
public enum ReportTextEncoding: String, Sendable, Hashable {
  case utf8
  /// UTF-8 with a byte-order mark, which was dropped.
  case utf8WithBOM
  /// Not valid UTF-8: read as Windows-1252 (a superset of Latin-1 for printable text).
  case windows1252
}

/// Why a report file's bytes are not usable text.
public enum ReportTextError: Error, Sendable, Hashable, CustomStringConvertible {
  case empty
  case binary

  public var description: String {
    switch self {
    case .empty: "empty file"
    case .binary: "binary content, not a text report"
    }
  }
}

/// Decodes report bytes: UTF-8 (with or without BOM), else Windows-1252 as many Spanish-language
/// RIS exports are; refuses empty and binary input.
public func decodeReportText(_ bytes: [UInt8]) throws(ReportTextError) -> (
  text: String, encoding: ReportTextEncoding
) {
  var body = bytes[...]
  var encoding = ReportTextEncoding.utf8
  if body.starts(with: [0xEF, 0xBB, 0xBF]) {
    body = body.dropFirst(3)
    encoding = .utf8WithBOM
  }
  if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { throw .empty }
  // NUL bytes or many control characters: not a report (image, archive, UTF-16 …).
  let controls = body.lazy.filter { $0 < 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }.count
  if body.contains(0) || controls * 20 > body.count { throw .binary }
  if let text = String(validating: body, as: UTF8.self) { return (text, encoding) }
  var scalars = String.UnicodeScalarView()
  for byte in body { scalars.append(windows1252Scalar(byte)) }
  return (String(scalars), .windows1252)
}

/// The Unicode scalar of one Windows-1252 byte (undefined bytes map to their Latin-1 code point).
func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
  let high: [UInt32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
  ]
  if (0x80...0x9F).contains(byte) { return Unicode.Scalar(high[Int(byte) - 0x80]) ?? "?" }
  return Unicode.Scalar(byte)
}
