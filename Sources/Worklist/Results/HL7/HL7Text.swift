/// Text made safe for an HL7 v2 field with the standard delimiters `|^~\&`.
///
/// Each delimiter in a value becomes its escape sequence (HL7 v2.5.1 §2.7.1: `\F\` field, `\S\`
/// component, `\R\` repetition, `\E\` escape, `\T\` subcomponent) and a line break becomes
/// `\.br\`, so a value never splits a segment or a field.
public enum HL7Text {
  /// `value` escaped for use inside one component.
  public static func escaped(_ value: String) -> String {
    var out = ""
    out.reserveCapacity(value.utf8.count)
    var previousWasCR = false
    for scalar in value.unicodeScalars {
      defer { previousWasCR = scalar == "\r" }
      switch scalar {
      case "\\": out += "\\E\\"
      case "|": out += "\\F\\"
      case "^": out += "\\S\\"
      case "&": out += "\\T\\"
      case "~": out += "\\R\\"
      case "\r": out += "\\.br\\"
      case "\n": if !previousWasCR { out += "\\.br\\" }
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Components escaped one by one and joined with `^`, trailing empty ones dropped.
  public static func components(_ values: [String]) -> String {
    var parts = values.map(escaped)
    while parts.last?.isEmpty == true { parts.removeLast() }
    return parts.joined(separator: "^")
  }
}
