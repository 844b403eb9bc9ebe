/// What a word means to the report reader; every other word is filler.
enum Concept: UInt8, Sendable {
  case fat, almost, completely, scattered, fibroglandular, heterogeneous, extremely, dense, density
  case pattern, predominance, composition, acr, type, category, birads
  case breast, breasts, right, left, negation, priorWeak, priorStrong, current, lesion, generic
  case edition, less, more
  /// "áreas", "zonas": what scattered density comes in ("áreas dispersas").
  case area
  /// A study: "estudio", "mastografía", "exam", "mammogram" (anchors "previo", "anterior").
  case exam
  /// "comparado", "en comparación", "respecto": the prior is a reference, not the subject.
  case comparison
  /// "similar", "sin cambios", "estable", "unchanged": the current exam is said to match the prior.
  case stable
  /// "este", "esta", "this": with an exam noun, the current study.
  case this
  case mastectomy
  /// "contralateral", "remanente", "única": the breast left after a mastectomy.
  case remaining
  /// A section title ("IMPRESIÓN:", "HALLAZGOS:") that ends a per-side section.
  case heading
  /// "que", "which", "lo cual": a relative clause starts.
  case relative
  /// A word of a signature block ("firmado", "radiólogo", "Dr.", "signed"): the reader is near.
  case signature
}
