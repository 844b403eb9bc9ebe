/// Why an exam could not be fully assessed, as a coded concept for the SR and `result.json`.
///
/// Standard codes where DICOM PS3.16 has one for the concept (a breast implant: CID 6059 "Breast
/// Implant Type"); the others have none and use densa's private scheme `99DENSA` (AIR.md lists
/// every code and where it comes from).
public enum AssessmentLimitation: Sendable, Hashable, Comparable {
  /// A standard view of a breast that was imaged has no usable image.
  case missingView(StandardView)
  /// The breast has an implant: Breast Implant Present (0028,1300) is YES on one of its images, or
  /// one of its views is implant displaced (CID 4015). Implants hide tissue and change how dense
  /// a breast looks.
  case implantPresent(Laterality)
  /// Every classified view is a FOR PROCESSING image (raw detector data, not what a reader sees).
  case forProcessingOnly
  /// Only one breast was imaged (after a mastectomy, say); the density is that breast's.
  case unilateral(Laterality)
  /// The study holds mammograms but none in a screening view (CC or MLO without spot compression or
  /// magnification): nothing the model was made for, so no density.
  case nonStandardViewsOnly

  /// The private coding scheme of densa's codes (declared in every SR).
  public static let privateScheme = "99DENSA"

  /// The concept, as the SR and `result.json` write it.
  public var code: CodedConcept {
    switch self {
    case .missingView(let view):
      CodedConcept(
        "DENSA-MISS-\(view.rawValue.replacingOccurrences(of: "-", with: ""))", Self.privateScheme,
        "Standard view missing: \(view.rawValue)")
    case .implantPresent:
      // CID 6059 Breast Implant Type: the implant, its type not known to densa.
      CodedConcept("2282003", "SCT", "Breast implant, type not specified")
    case .forProcessingOnly:
      CodedConcept("DENSA-FORPROC", Self.privateScheme, "Only FOR PROCESSING images")
    case .unilateral:
      CodedConcept("DENSA-UNILAT", Self.privateScheme, "Unilateral exam: one breast imaged")
    case .nonStandardViewsOnly:
      CodedConcept("DENSA-NONSTD", Self.privateScheme, "Non-standard views only")
    }
  }

  /// A short machine name: `missing-view`, `implant-present`, `for-processing-only`,
  /// `unilateral`, `non-standard-views-only`.
  public var reason: String {
    switch self {
    case .missingView: "missing-view"
    case .implantPresent: "implant-present"
    case .forProcessingOnly: "for-processing-only"
    case .unilateral: "unilateral"
    case .nonStandardViewsOnly: "non-standard-views-only"
    }
  }

  /// The breast the limitation concerns (for a unilateral exam: the breast that was imaged).
  public var laterality: Laterality? {
    switch self {
    case .missingView(let view): view.laterality
    case .implantPresent(let side), .unilateral(let side): side
    case .forProcessingOnly, .nonStandardViewsOnly: nil
    }
  }

  /// The view a missing-view limitation names.
  public var view: StandardView? {
    if case .missingView(let view) = self { return view }
    return nil
  }

  public static func < (a: Self, b: Self) -> Bool {
    (a.order, a.laterality?.rawValue ?? "", a.view.map { StandardView.allCases.firstIndex(of: $0)! } ?? 0)
      < (b.order, b.laterality?.rawValue ?? "", b.view.map { StandardView.allCases.firstIndex(of: $0)! } ?? 0)
  }

  private var order: Int {
    switch self {
    case .nonStandardViewsOnly: 0
    case .unilateral: 1
    case .missingView: 2
    case .implantPresent: 3
    case .forProcessingOnly: 4
    }
  }
}

extension AssessmentLimitation {
  /// The limitations of `exam` when the views in `classified` are the ones the model saw (a view
  /// chosen but not decodable counts as missing), in a stable order.
  public static func of(_ exam: Exam, classified: Set<StandardView>) -> [AssessmentLimitation] {
    var found = Set<AssessmentLimitation>()
    if exam.views.isEmpty { found.insert(.nonStandardViewsOnly) }
    let sides = Set(classified.map(\.laterality))
    if sides.count == 1, let side = sides.first { found.insert(.unilateral(side)) }
    for view in StandardView.allCases where sides.contains(view.laterality) && !classified.contains(view) {
      found.insert(.missingView(view))
    }
    for image in exam.images {
      let m = image.mammogram
      guard let side = m.laterality else { continue }
      if m.breastImplantPresent == true || m.viewModifiers.contains(.implantDisplaced) {
        found.insert(.implantPresent(side))
      }
    }
    let used = exam.views.filter { classified.contains($0.key) }.values
    if !used.isEmpty && used.allSatisfy({ $0.mammogram.isForProcessing }) { found.insert(.forProcessingOnly) }
    return found.sorted()
  }
}

extension Mammogram {
  /// A FOR PROCESSING image: by its Presentation Intent Type, else its SOP class.
  var isForProcessing: Bool {
    presentationIntent.map { $0 == .forProcessing } ?? (sopClassUID == SOPClass.digitalMammographyForProcessing)
  }
}
