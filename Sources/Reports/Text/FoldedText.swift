/// A report's text folded for matching (lower case, accents removed, NFD marks dropped), with the
/// UTF-8 offset in the original text of every folded byte, so evidence points at the original.
struct FoldedText: Sendable {
  /// Folded ASCII bytes: letters a–z, digits, punctuation, space and newline.
  var bytes: [UInt8] = []
  /// UTF-8 offset in the original text where the scalar behind each folded byte starts.
  var starts: [Int] = []
  /// UTF-8 offset in the original text just after the scalar behind each folded byte.
  var ends: [Int] = []
  /// Whether the letter behind each folded byte was a capital (an abbreviation's dot followed by
  /// a lower-case word does not end the sentence).
  var capital: [Bool] = []

  init(_ text: String) {
    bytes.reserveCapacity(text.utf8.count)
    starts.reserveCapacity(text.utf8.count)
    ends.reserveCapacity(text.utf8.count)
    capital.reserveCapacity(text.utf8.count)
    var offset = 0
    for scalar in text.unicodeScalars {
      let width = UTF8.width(scalar)
      defer { offset += width }
      guard let folded = Self.fold(scalar.value) else { continue }
      bytes.append(folded)
      starts.append(offset)
      ends.append(offset + width)
      capital.append((0x41...0x5A).contains(scalar.value) || (0xC0...0xDE).contains(scalar.value))
    }
  }

  /// The folded byte for one scalar, or nil for a combining mark (which NFD text carries apart).
  static func fold(_ value: UInt32) -> UInt8? {
    switch value {
    case 0x41...0x5A: return UInt8(value + 32)
    case 0x0A, 0x0D: return 0x0A
    case 0x09, 0x0B, 0x0C: return 0x20
    case 0x20...0x7E: return UInt8(value)
    case 0x300...0x36F: return nil
    case 0xC0...0xC5, 0xE0...0xE5: return UInt8(ascii: "a")
    case 0xC7, 0xE7: return UInt8(ascii: "c")
    case 0xC8...0xCB, 0xE8...0xEB: return UInt8(ascii: "e")
    case 0xCC...0xCF, 0xEC...0xEF: return UInt8(ascii: "i")
    case 0xD1, 0xF1: return UInt8(ascii: "n")
    case 0xD2...0xD6, 0xF2...0xF6, 0xD8, 0xF8: return UInt8(ascii: "o")
    case 0xD9...0xDC, 0xF9...0xFC: return UInt8(ascii: "u")
    case 0xDD, 0xFD, 0xFF: return UInt8(ascii: "y")
    case 0x2010...0x2015, 0x2212: return UInt8(ascii: "-")
    case 0x2264: return UInt8(ascii: "<")
    case 0x2265: return UInt8(ascii: ">")
    case 0xA0, 0x2000...0x200B, 0x202F, 0x3000: return 0x20
    case 0x2028, 0x2029, 0x85: return 0x0A
    default: return UInt8(ascii: "#")
    }
  }
}
