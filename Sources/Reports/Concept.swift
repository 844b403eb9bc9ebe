/// What a word means to the report reader; every other word is filler.
enum Concept: UInt8, Sendable {
  case fat, almost, completely, scattered, fibroglandular, heterogeneous, extremely, dense, density
  case pattern, predominance, composition, acr, type, category, birads
  case breast, breasts, right, left, negation, priorWeak, priorStrong, current, lesion, generic
  case edition, less, more
}
