import Foundation

/// Everything decided about one synthetic exam before any pixel is rendered.
struct ExamPlan {
  var index: Int
  var seed: UInt64
  var vendor: VendorProfile
  var patientID: String
  var patientName: String
  var birthDate: String
  var accession: String
  var studyDate: Date
  var right: Manifest.Breast
  var left: Manifest.Breast
  var reportDensity: BreastComposition?
  var planted: Bool
  var reportText: String
  var quirks: [String]
  var isPrior = false

  static let givenNames = [
    "María", "Guadalupe", "Ana", "Lucía", "Carmen", "Rosa", "Patricia", "Sofía", "Elena", "Verónica", "Josefina",
    "Begoña",
  ]
  static let surnames = [
    "García", "Hernández", "Martínez", "López", "González", "Rodríguez", "Pérez", "Sánchez", "Ramírez", "Núñez",
    "Ibáñez", "Muñoz",
  ]

  init(index: Int, options: SynthOptions, rng: inout SeededGenerator) {
    self.index = index
    seed = rng.next()
    vendor = VendorProfile.all[Int(rng.next() % UInt64(VendorProfile.all.count))]
    patientID = String(format: "SYN%06d", Int(rng.next() % 1_000_000))
    patientName =
      "\(Self.surnames[Int(rng.next() % 12)]) \(Self.surnames[Int(rng.next() % 12)])^\(Self.givenNames[Int(rng.next() % 12)])"
    birthDate = String(
      format: "19%02d%02d%02d", 45 + Int(rng.next() % 40), 1 + Int(rng.next() % 12), 1 + Int(rng.next() % 28))
    accession = String(format: "A%07d", Int(rng.next() % 10_000_000))
    studyDate = Date(timeIntervalSince1970: 1_767_600_000 + Double(index * 86_400 * 3) + Double(rng.next() % 8) * 3600)
    let category = BreastComposition.allCases[Int(rng.next() % 4)]
    let rightFraction = CompositionSampler.fraction(for: category, using: &rng)
    // A slight left/right asymmetry that now and then crosses a category boundary.
    let leftFraction = min(0.97, max(0.02, rightFraction + rng.normal() * 0.025))
    right = Manifest.Breast(
      composition: CompositionSampler.category(forFraction: rightFraction), fibroglandularFraction: rightFraction)
    left = Manifest.Breast(
      composition: CompositionSampler.category(forFraction: leftFraction), fibroglandularFraction: leftFraction)
    let truth = max(right.composition, left.composition)
    let u = rng.unit()
    if u < options.noDensityRate {
      reportDensity = nil
      planted = false
    } else if u < options.noDensityRate + options.disagreementRate {
      let step = rng.unit() < 0.8 ? 1 : 2
      let up = truth.index + step <= 3 && (truth.index - step < 0 || rng.unit() < 0.5)
      reportDensity = BreastComposition(index: truth.index + (up ? step : -step))
      planted = true
    } else {
      reportDensity = truth
      planted = false
    }
    let assessments: [AssessmentCategory] = [
      .negative, .negative, .benign, .benign, .benign, .probablyBenign, .incomplete, .suspiciousLow,
    ]
    reportText = SpanishReportWriter.write(
      ReportSpec(
        right: right.composition, left: left.composition, stated: reportDensity,
        birads: assessments[Int(rng.next() % UInt64(assessments.count))], typoRate: options.typoRate, seed: rng.next()))
    quirks = []
    if rng.unit() < options.missingViewRate { quirks.append("missing-view") }
    if rng.unit() < options.retakeRate { quirks.append("retake") }
    if rng.unit() < options.spotViewRate { quirks.append("spot") }
    if rng.unit() < options.forProcessingRate { quirks.append("for-processing") }
    // Later quirks draw only when asked for: the sets of older seeds stay the same.
    for (rate, quirk) in [
      (options.implantRate, "implant"), (options.unilateralRate, "unilateral"),
      (options.forProcessingOnlyRate, "for-processing-only"), (options.nonStandardViewRate, "non-standard-views"),
    ] where rate > 0 {
      if rng.unit() < rate { quirks.append(quirk) }
    }
  }

  /// The breast a unilateral exam images (the other was removed).
  var imagedSide: Laterality { seed / 2 % 2 == 0 ? .right : .left }

  /// The same patient a year earlier: its own study, accession and (slightly less dense) breasts.
  func prior(rng: inout SeededGenerator) -> ExamPlan {
    var p = self
    p.isPrior = true
    p.seed = rng.next()
    p.accession = String(format: "A%07d", Int(rng.next() % 10_000_000))
    p.studyDate = studyDate.addingTimeInterval(-365 * 86_400)
    p.quirks = []
    return p
  }

  private func uid(_ kind: UInt64, _ n: UInt64 = 0) -> String {
    var rng = SeededGenerator(seed: seed ^ (kind &* 0x9E37_79B9) ^ (n &* 0x85EB_CA6B))
    let a = rng.next() % 10_000_000_000_000_000_000
    let b = rng.next() % 1_000_000_000_000_000_000
    return "2.25.\(a == 0 ? 1 : a)\(String(format: "%018llu", b))"
  }

  /// The manifest entry and the image jobs; the report path is relative to the output folder.
  func materialise(options: SynthOptions, in directory: URL) throws -> (Manifest.Exam, [StudyFactory.ImageJob]) {
    let formatter = DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyyMMdd"
    let date = formatter.string(from: studyDate)
    formatter.dateFormat = "HHmmss"
    let time = formatter.string(from: studyDate)
    let study = uid(1)
    let folder = "studies/\(patientID)/\(accession)"
    let rows = max(64, Int(Double(vendor.rows) * options.scale))
    let columns = max(64, Int(Double(vendor.columns) * options.scale))
    var views: [(StandardView, String?)] = StandardView.allCases.map { ($0, nil) }
    if quirks.contains("missing-view") { views.remove(at: Int(seed % 4)) }
    if quirks.contains("retake") { views.append((views[Int(seed % UInt64(views.count))].0, "retake")) }
    if quirks.contains("spot") { views.append((.rightCC, "spot")) }
    if quirks.contains("for-processing") { views.append((.leftMLO, "for-processing")) }
    if quirks.contains("unilateral") { views.removeAll { $0.0.laterality != imagedSide } }
    if quirks.contains("implant") {
      for side in Set(views.map { $0.0.laterality }).sorted(by: { $0.rawValue > $1.rawValue }) {
        views.append((side == .right ? .rightCC : .leftCC, "implant-displaced"))
      }
    }
    let forProcessingOnly = quirks.contains("for-processing-only")
    let nonStandard = quirks.contains("non-standard-views")
    var images: [Manifest.Image] = []
    var jobs: [StudyFactory.ImageJob] = []
    for (n, (view, viewQuirk)) in views.enumerated() {
      let quirk = viewQuirk ?? (forProcessingOnly ? "for-processing-only" : nonStandard ? "non-standard" : nil)
      let isForProcessing = quirk == "for-processing" || forProcessingOnly
      var m = Mammogram(
        patientID: patientID, patientName: patientName, studyInstanceUID: study, seriesInstanceUID: uid(2, UInt64(n)),
        sopInstanceUID: uid(3, UInt64(n)),
        sopClassUID: isForProcessing
          ? SOPClass.digitalMammographyForProcessing : SOPClass.digitalMammographyForPresentation,
        rows: rows, columns: columns, bitsStored: vendor.bitsStored, photometricInterpretation: vendor.photometric,
        transferSyntax: vendor.transferSyntax)
      m.accessionNumber = accession
      m.studyDate = date
      m.studyTime = time
      m.studyID = String(index + 1)
      m.patientBirthDate = birthDate
      m.patientSex = "F"
      m.studyDescription = "Mamografía de tamizaje bilateral"
      m.referringPhysicianName = ""
      m.seriesNumber = n + 1
      m.instanceNumber = 1
      m.manufacturer = vendor.manufacturer
      m.manufacturerModelName = vendor.model
      m.presentationIntent = isForProcessing ? .forProcessing : .forPresentation
      m.imageType = isForProcessing ? ["ORIGINAL", "PRIMARY", ""] : ["DERIVED", "PRIMARY", ""]
      // XCCL and ML: whole-breast views, but not the screening CC and MLO.
      m.view = nonStandard ? (view.view == .cc ? .xccl : .ml) : view.view
      m.laterality = view.laterality
      m.viewModifiers =
        quirk == "spot" ? [.spotCompression] : quirk == "implant-displaced" ? [.implantDisplaced] : []
      m.breastImplantPresent = quirks.contains("implant")
      m.patientOrientation = PatientOrientation.forView(view)
      let spacing = vendor.spacing * Double(vendor.rows) / Double(rows)
      m.pixelSpacing = [spacing, spacing]
      m.imagerPixelSpacing = [spacing, spacing]
      let maximum = Double((1 << vendor.bitsStored) - 1)
      m.windowCenter = [(maximum * 0.55).rounded()]
      m.windowWidth = [(maximum * 0.9).rounded()]
      // A retake is acquired later the same morning; everything else in view order.
      m.acquisitionDateTime = date + time.prefix(2) + String(format: "%02d%02d", 10 + n, quirk == "retake" ? 30 : 0)
      let breast = view.laterality == .right ? right : left
      let name = "\(view.rawValue)\(quirk.map { "-\($0)" } ?? "").dcm"
      let url = directory.appendingPathComponent(folder).appendingPathComponent(name)
      jobs.append(
        StudyFactory.ImageJob(
          header: m,
          spec: PhantomSpec(
            width: columns, height: rows, isMLO: view.view == .mlo,
            fibroglandularFraction: breast.fibroglandularFraction, seed: seed &+ UInt64(view.hashValueStable)),
          flip: view.laterality == .right, url: url))
      images.append(
        Manifest.Image(
          view: view.rawValue, path: "\(folder)/\(name)", sopInstanceUID: m.sopInstanceUID,
          transferSyntax: vendor.transferSyntax.rawValue, quirk: quirk))
    }
    let exam = Manifest.Exam(
      accession: accession, patientID: patientID, studyInstanceUID: study, studyDate: date,
      manufacturer: vendor.manufacturer, right: right, left: left,
      composition: quirks.contains("unilateral")
        ? (imagedSide == .right ? right.composition : left.composition) : max(right.composition, left.composition),
      reportDensity: reportDensity, plantedDisagreement: planted, reportPath: "reports/\(accession).txt",
      images: images,
      quirks: quirks + (isPrior ? ["prior"] : []), isPrior: isPrior)
    return (exam, jobs)
  }
}

extension StandardView {
  /// A stable small number per view (Swift's hashValue changes between runs).
  var hashValueStable: Int { StandardView.allCases.firstIndex(of: self)! * 7919 }
}

/// Patient Orientation as mammograms are stored for display: the nipple points away from the
/// chest wall, right breasts face left ("P"), left breasts face right ("A").
enum PatientOrientation {
  static func forView(_ view: StandardView) -> [String] {
    switch view {
    case .rightCC: ["P", "L"]
    case .leftCC: ["A", "R"]
    case .rightMLO: ["P", "F"]
    case .leftMLO: ["A", "F"]
    }
  }
}
