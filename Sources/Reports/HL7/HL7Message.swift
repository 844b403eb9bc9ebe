/// An HL7 v2 message split into segments and fields, with its delimiters from MSH-1/MSH-2.
public struct HL7Message: Sendable {
  /// Segments in order; each is its fields, field 0 being the segment name. For MSH, field 1 is
  /// the field separator itself, as the standard numbers it.
  public var segments: [[String]]
  public var fieldSeparator: Character
  public var componentSeparator: Character
  public var repetitionSeparator: Character
  public var escape: Character
  public var subcomponentSeparator: Character

  /// Parses one message; `source` names the file in errors. The character set comes from MSH-18
  /// (UTF-8 by default; 8859/1 read as Latin-1).
  public init(bytes: [UInt8], source: String) throws(HL7Error) {
    var body = bytes[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    // MLLP framing (0x0B … 0x1C 0x0D) is tolerated.
    body = body.drop { $0 == 0x0B || $0 == 0x0A || $0 == 0x0D || $0 == 0x20 }
    guard body.count >= 8, body.starts(with: Array("MSH".utf8)) else {
      throw HL7Error(source: source, reason: "does not start with an MSH segment")
    }
    let text: String
    if Self.declaresLatin1(body), String(validating: body, as: UTF8.self) == nil {
      text = String(String.UnicodeScalarView(body.map { Unicode.Scalar($0) }))
    } else if let utf8 = String(validating: body, as: UTF8.self) {
      text = utf8
    } else {
      text = String(String.UnicodeScalarView(body.map { windows1252Scalar($0) }))
    }
    let characters = Array(text.prefix(8))
    // Combining marks after "MSH" merge into its H, leaving fewer than four characters (seen while
    // writing the HL7 fuzz target; fuzz/regressions/hl7/combining-marks.hl7). Delimiters are ASCII.
    guard characters.count >= 4, characters[3].isASCII, characters[3] != "\r", characters[3] != "\n" else {
      throw HL7Error(source: source, reason: "MSH-1 field separator missing or not an ASCII character")
    }
    let separator = characters[3]
    fieldSeparator = separator
    let encoding = characters[4...].prefix { $0 != separator }
    guard encoding.count >= 3 else {
      throw HL7Error(source: source, reason: "MSH-2 encoding characters missing")
    }
    let enc = Array(encoding)
    componentSeparator = enc[0]
    repetitionSeparator = enc[1]
    escape = enc[2]
    subcomponentSeparator = enc.count > 3 ? enc[3] : "&"
    segments = text.split(whereSeparator: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" || $0 == "\u{1C}" })
      .filter { !$0.allSatisfy(\.isWhitespace) }
      .map { line in
        var fields = line.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        if fields.first == "MSH" { fields.insert(String(separator), at: 1) }
        return fields
      }
  }

  private static func declaresLatin1(_ body: ArraySlice<UInt8>) -> Bool {
    let header = String(decoding: body.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
    return header.contains("8859/1") || header.contains("8859-1")
  }

  /// The segments with this name, in order.
  public func segments(named name: String) -> [[String]] { segments.filter { $0.first == name } }

  /// Field `n` of a segment, raw (still escaped), or "" when absent.
  public func field(_ segment: [String], _ n: Int) -> String { n < segment.count ? segment[n] : "" }

  /// Component `n` (1-based) of the first repetition of a raw field, unescaped.
  public func component(_ raw: String, _ n: Int) -> String {
    let first = raw.split(separator: repetitionSeparator, omittingEmptySubsequences: false).first ?? ""
    let parts = first.split(separator: componentSeparator, omittingEmptySubsequences: false)
    return n - 1 < parts.count ? unescape(String(parts[n - 1])) : ""
  }

  /// Every repetition of a raw field.
  public func repetitions(_ raw: String) -> [String] {
    raw.split(separator: repetitionSeparator, omittingEmptySubsequences: false).map(String.init)
  }

  /// Resolves escape sequences: \F\ \S\ \T\ \R\ \E\, \Xhh…\ (bytes, UTF-8 or Latin-1) and
  /// \.br\ (line break). Unknown sequences are dropped; a lone escape character is kept.
  public func unescape(_ raw: String) -> String {
    guard raw.contains(escape) else { return raw }
    var result = ""
    var rest = raw[...]
    while let open = rest.firstIndex(of: escape) {
      result += rest[..<open]
      let after = rest.index(after: open)
      guard let close = rest[after...].firstIndex(of: escape) else {
        result += rest[open...]
        return result
      }
      let code = rest[after..<close]
      switch code {
      case "F": result.append(fieldSeparator)
      case "S": result.append(componentSeparator)
      case "T": result.append(subcomponentSeparator)
      case "R": result.append(repetitionSeparator)
      case "E": result.append(escape)
      case ".br": result.append("\n")
      default:
        if code.first == "X" { result += Self.hexText(code.dropFirst()) }
      }
      rest = rest[rest.index(after: close)...]
    }
    return result + rest
  }

  private static func hexText(_ hex: Substring) -> String {
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex),
      let byte = UInt8(hex[index..<next], radix: 16)
    {
      bytes.append(byte)
      index = next
    }
    return String(validating: bytes, as: UTF8.self)
      ?? String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
  }
}
