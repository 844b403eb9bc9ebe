/// How a report wrote its breast composition. The 4th edition of BI-RADS numbered the categories
/// 1–4 (arabic or roman) and defined them by fibroglandular percentage quartiles; the 5th edition
/// letters them a–d and describes them in words. densa maps 1 → a … 4 → d and keeps the notation,
/// since a 4th-edition "2" (25–50 % glandular) is not quite a 5th-edition "b".
public enum DensityNotation: String, Sendable, Codable, Hashable, CaseIterable {
  /// The atlas sentence or a paraphrase ("heterogéneamente densas", "scattered areas …").
  case words
  /// A letter a–d ("ACR C", "tipo b", "Composición: c").
  case letter
  /// A 4th-edition number, arabic or roman ("patrón 2", "tipo III", "ACR 4").
  case numeral
  /// A 4th-edition percentage quartile ("25–50 %", "> 75 %").
  case percentage

  /// Whether this is the 4th edition's way of writing it.
  public var isFourthEdition: Bool { self == .numeral || self == .percentage }
}
