/// The one table of coded concepts densa uses for mammography images: views (CID 4014), view
/// modifiers (CID 4015), anatomy. Readers accept both SNOMED CT (`SCT`) and the legacy SNOMED RT
/// (`SRT`) codes; writers use SCT.
public enum MammographyCodes {
  /// CID 4014 View for Mammography: the SCT concept and its legacy SRT code.
  static let views: [(ViewPosition, CodedConcept, legacy: String)] = [
    (.cc, CodedConcept("399162004", "SCT", "cranio-caudal"), "R-10242"),
    (.mlo, CodedConcept("399368009", "SCT", "medio-lateral oblique"), "R-10226"),
    (.ml, CodedConcept("399260004", "SCT", "medio-lateral"), "R-10224"),
    (.lm, CodedConcept("399352003", "SCT", "latero-medial"), "R-10228"),
    (.lmo, CodedConcept("399099002", "SCT", "latero-medial oblique"), "R-10230"),
    (.xccl, CodedConcept("399192008", "SCT", "cranio-caudal exaggerated laterally"), "R-1024A"),
    (.xccm, CodedConcept("399101009", "SCT", "cranio-caudal exaggerated medially"), "R-1024B"),
    (.fb, CodedConcept("399196006", "SCT", "caudo-cranial (from below)"), "R-10244"),
    (.sio, CodedConcept("399188001", "SCT", "superolateral to inferomedial oblique"), "R-102D0"),
    (.iso, CodedConcept("441555000", "SCT", "inferomedial to superolateral oblique"), "R-40AAA"),
  ]

  /// CID 4015 View Modifier for Mammography, the ones that decide which image an exam uses.
  static let modifiers: [(ViewModifier, CodedConcept, legacy: String)] = [
    (.spotCompression, CodedConcept("399055006", "SCT", "spot compression"), "R-102D7"),
    (.magnification, CodedConcept("399163009", "SCT", "magnification"), "R-102D6"),
    (.implantDisplaced, CodedConcept("399209000", "SCT", "implant displaced"), "R-102D5"),
  ]

  /// Anatomic Region Sequence value of every mammogram.
  public static let breast = CodedConcept("76752008", "SCT", "Breast")

  /// The code of a view, for writing.
  public static func code(for view: ViewPosition) -> CodedConcept {
    views.first { $0.0 == view }!.1
  }

  /// The code of a modifier, for writing; nil for ``ViewModifier/other``.
  public static func code(for modifier: ViewModifier) -> CodedConcept? {
    modifiers.first { $0.0 == modifier }?.1
  }

  /// The view a code value (SCT or legacy SRT) stands for.
  public static func view(forCode value: String) -> ViewPosition? {
    views.first { $0.1.value == value || $0.legacy == value }?.0
  }

  /// The modifier a code value stands for; codes of CID 4015 that do not matter here map to `.other`.
  public static func modifier(forCode value: String) -> ViewModifier {
    modifiers.first { $0.1.value == value || $0.legacy == value }?.0 ?? .other
  }
}
