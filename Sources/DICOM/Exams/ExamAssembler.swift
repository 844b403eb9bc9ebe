/// Groups images into exams and chooses one image per standard view.
///
/// For each view the candidates are the images of that breast and projection without spot
/// compression or magnification; among them: the implant-displaced view when the breast has an
/// implant, FOR PRESENTATION over FOR PROCESSING, and the latest acquisition when a view was
/// retaken. A tie on every rule is reported as ambiguous. Tomosynthesis and breast projection
/// objects are never chosen (``SOPClass/storedNotClassified``).
public enum ExamAssembler {
  public static func assemble(_ images: [ScannedImage]) -> [Exam] {
    let studies = Dictionary(grouping: images) { $0.mammogram.studyInstanceUID }
    return studies.values.map(exam).sorted {
      ($0.studyDate ?? "", $0.accessionNumber ?? "", $0.studyInstanceUID)
        < ($1.studyDate ?? "", $1.accessionNumber ?? "", $1.studyInstanceUID)
    }
  }

  static func exam(_ images: [ScannedImage]) -> Exam {
    let first = images[0].mammogram
    var problems: [String] = []
    var candidates: [StandardView: [ScannedImage]] = [:]
    for image in images.sorted(by: { $0.url.path < $1.url.path }) {
      let m = image.mammogram
      guard !SOPClass.storedNotClassified.contains(m.sopClassUID) else {
        problems.append("\(image.url.lastPathComponent): tomosynthesis or breast projection object, not classified")
        continue
      }
      guard let view = m.view else {
        problems.append("\(image.url.lastPathComponent): unknown view")
        continue
      }
      guard let laterality = m.laterality else {
        problems.append("\(image.url.lastPathComponent): unknown laterality")
        continue
      }
      guard let standard = try? StandardView(laterality: laterality, view: view) else { continue }
      if m.viewModifiers.contains(.spotCompression) || m.viewModifiers.contains(.magnification) { continue }
      candidates[standard, default: []].append(image)
    }
    var chosen: [StandardView: ScannedImage] = [:]
    for standard in StandardView.allCases {
      guard let list = candidates[standard], !list.isEmpty else {
        problems.append("missing \(standard.rawValue)")
        continue
      }
      let implant = images.contains {
        $0.mammogram.laterality == standard.laterality && $0.mammogram.breastImplantPresent == true
      }
      let ranked = list.sorted { rank($0, implant: implant) > rank($1, implant: implant) }
      chosen[standard] = ranked[0]
      if ranked.count > 1 && rank(ranked[0], implant: implant) == rank(ranked[1], implant: implant) {
        problems.append("ambiguous \(standard.rawValue): \(ranked.count) equally eligible images")
      }
    }
    return Exam(
      studyInstanceUID: first.studyInstanceUID, accessionNumber: first.accessionNumber, patientID: first.patientID,
      studyDate: first.studyDate, views: chosen, images: images, problems: problems)
  }

  /// Higher is better: the rules in order of precedence.
  private static func rank(_ image: ScannedImage, implant: Bool) -> Rank {
    let m = image.mammogram
    return Rank(
      implantRule: implant == m.viewModifiers.contains(.implantDisplaced) ? 1 : 0,
      presentation: m.presentationIntent == .forProcessing ? 0 : 1,
      acquired: m.acquisitionDateTime ?? "",
      series: m.seriesNumber ?? 0,
      instance: m.instanceNumber ?? 0)
  }

  private struct Rank: Comparable {
    var implantRule: Int
    var presentation: Int
    var acquired: String
    var series: Int
    var instance: Int

    static func < (a: Rank, b: Rank) -> Bool {
      (a.implantRule, a.presentation, a.acquired, a.series, a.instance)
        < (b.implantRule, b.presentation, b.acquired, b.series, b.instance)
    }
  }
}
