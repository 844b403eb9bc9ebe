import BIRADS
import Foundation

/// Writes a ``DensityReport`` as a Comprehensive 3D SR (1.2.840.10008.5.1.4.1.1.88.34) with
/// TID 1500 "Imaging Measurement Report": an image library, one measurement group per view and per
/// breast (source image, finding site breast with laterality, breast composition, the four
/// probabilities and the score, algorithm identification), and the exam's composition among the
/// document's qualitative evaluations.
public enum DensityReportWriter {
  public static let sopClassUID = "1.2.840.10008.5.1.4.1.1.88.34"

  /// Writes atomically (temporary name, then rename).
  public static func write(_ report: DensityReport, to url: URL) throws(DICOMError) {
    guard let first = report.views.first?.image ?? report.unclassifiedImages.first else {
      throw DICOMError(url, .writing("a density report needs at least one image"))
    }
    let d = Dataset()
    // Latin-1 when every text fits (Spanish names do): DCMTK checks its values, not UTF-8's.
    let texts = [
      first.patientName, first.referringPhysicianName ?? "", report.algorithm.name, report.algorithm.version,
      report.notice ?? "",
    ]
    d.latin1 = texts.allSatisfy { $0.data(using: .isoLatin1) != nil }
    do throws(ShimError) {
      try d.put(Tag(0x0008, 0x0005), d.latin1 ? "ISO_IR 100" : "ISO_IR 192")
      try putHeader(report, study: first, into: d)
      try SRTreeEncoding.putRoot(contentTree(report), into: d)
      try d.saveReplacing(url, transferSyntax: .explicitVRLittleEndian, quality: 0)
    } catch {
      throw DICOMError(url, .writing(error.description))
    }
  }

  private static func putHeader(_ r: DensityReport, study m: Mammogram, into d: Dataset) throws(ShimError) {
    let (date, time) = dicomDateTime(r.contentDate)
    try d.put(Tag(0x0008, 0x0016), sopClassUID)
    try d.put(Tag(0x0008, 0x0018), r.sopInstanceUID)
    try MammogramAttributes.putPatientAndStudy(m, into: d)
    try d.put(Tag(0x0008, 0x0023), date)
    try d.put(Tag(0x0008, 0x0033), time)
    try d.put(Tag(0x0008, 0x0060), "SR")
    try d.put(Tag(0x0008, 0x0070), "densa")
    // densa's private codes, declared as PS3.3 C.12.1.1.4 asks of a private coding scheme.
    try d.item(Tag(0x0008, 0x0110)) { () throws(ShimError) in
      try d.put(Tag(0x0008, 0x0102), "99DENSA")
      try d.put(Tag(0x0008, 0x0115), "densa breast density measurements")
      try d.put(Tag(0x0008, 0x0116), "densa project")
    }
    try d.item(Tag(0x0008, 0x0110)) { () throws(ShimError) in
      try d.put(Tag(0x0008, 0x0102), "99IHE")
      try d.put(Tag(0x0008, 0x0115), "IHE Radiology codes not yet assigned by DICOM")
      try d.put(Tag(0x0008, 0x0116), "IHE International")
    }
    try d.put(Tag(0x0008, 0x103E), "Breast density (AI)")
    try d.put(Tag(0x0008, 0x1090), "densa")
    try d.put(Tag(0x0008, 0x1111), "")  // Referenced Performed Procedure Step Sequence: type 2, empty
    try d.put(Tag(0x0018, 0x1000), "1")
    try d.put(Tag(0x0018, 0x1020), r.softwareVersion)
    try putContributingEquipment(r, date: date, time: time, into: d)
    try d.put(Tag(0x0020, 0x000E), r.seriesInstanceUID)
    try d.put(Tag(0x0020, 0x0011), "9901")
    try d.put(Tag(0x0020, 0x0013), "1")
    try d.put(Tag(0x0040, 0xA491), "COMPLETE")
    try d.put(Tag(0x0040, 0xA493), "UNVERIFIED")
    try d.code(Tag(0x0040, 0xA372), DensityReportCodes.mammography)
    // Predecessor Documents Sequence: the SRs of this exam that this one replaces.
    for p in r.predecessors {
      try d.item(Tag(0x0040, 0xA360)) { () throws(ShimError) in
        try d.put(Tag(0x0020, 0x000D), p.studyInstanceUID)
        try d.item(Tag(0x0008, 0x1115)) { () throws(ShimError) in
          try d.put(Tag(0x0020, 0x000E), p.seriesInstanceUID)
          try d.item(Tag(0x0008, 0x1199)) { () throws(ShimError) in
            try d.put(Tag(0x0008, 0x1150), p.sopClassUID)
            try d.put(Tag(0x0008, 0x1155), p.sopInstanceUID)
          }
        }
      }
    }
    // Current Requested Procedure Evidence: every image the report references, by series.
    let bySeries = Dictionary(grouping: r.views.map(\.image) + r.unclassifiedImages, by: \.seriesInstanceUID)
    try d.item(Tag(0x0040, 0xA375)) { () throws(ShimError) in
      try d.put(Tag(0x0020, 0x000D), m.studyInstanceUID)
      for series in bySeries.keys.sorted() {
        try d.item(Tag(0x0008, 0x1115)) { () throws(ShimError) in
          try d.put(Tag(0x0020, 0x000E), series)
          for image in bySeries[series]! {
            try d.item(Tag(0x0008, 0x1199)) { () throws(ShimError) in
              try d.put(Tag(0x0008, 0x1150), image.sopClassUID)
              try d.put(Tag(0x0008, 0x1155), image.sopInstanceUID)
            }
          }
        }
      }
    }
  }

  /// Contributing Equipment Sequence (0018,A001) of the SOP Common module: the algorithm, as IHE AI
  /// Results asks (purpose Processing Algorithm, manufacturer, model name, software versions and a
  /// Device UID that changes with the weights).
  private static func putContributingEquipment(
    _ r: DensityReport, date: String, time: String, into d: Dataset
  ) throws(ShimError) {
    let a = r.algorithm
    try d.item(Tag(0x0018, 0xA001)) { () throws(ShimError) in
      try d.code(Tag(0x0040, 0xA170), DensityReportCodes.processingAlgorithm)
      try d.put(Tag(0x0008, 0x0070), "densa")
      try d.put(Tag(0x0008, 0x1090), a.name)
      try d.put(Tag(0x0018, 0x1020), "\(a.version)\\\(r.softwareVersion)")
      try d.put(Tag(0x0018, 0x1002), a.deviceUID)
      try d.put(Tag(0x0018, 0xA002), date + time)
      try d.put(Tag(0x0018, 0xA003), "Breast composition (ACR BI-RADS a-d); weights sha256=\(a.weightsSHA256)")
    }
  }

  static func contentTree(_ r: DensityReport) -> SRItem {
    typealias C = DensityReportCodes
    var children: [SRItem] = [
      .modifier(C.languageOfContent, .code(C.english)),
      .context(C.observerType, .code(C.device)),
      .context(C.deviceObserverUID, .uidref(r.algorithm.deviceUID)),
      .context(C.deviceObserverName, .text(r.algorithm.name)),
      .context(C.deviceObserverManufacturer, .text("densa")),
      .context(C.deviceObserverModelName, .text("\(r.algorithm.name) \(r.algorithm.version)")),
      .modifier(C.procedureReported, .extendingCode(C.mammography, C.cid100Extension)),
    ]
    let entries: [(Mammogram, Laterality?)] =
      r.views.map { ($0.image, $0.laterality) } + r.unclassifiedImages.map { ($0, $0.laterality) }
    let library = entries.map { image, laterality in
      SRItem.contains(
        nil, .image(sopClassUID: image.sopClassUID, sopInstanceUID: image.sopInstanceUID),
        libraryDescriptors(image, laterality: laterality))
    }
    children.append(
      .contains(
        C.imageLibrary, .container(template: nil), [.contains(C.imageLibraryGroup, .container(template: nil), library)])
    )
    var groups = [SRItem]()
    for v in r.views {
      groups.append(
        group(
          tracking: "\(v.viewName) breast composition", laterality: v.laterality, composition: v.composition,
          probabilities: v.probabilities, score: nil, sources: [v.image], algorithm: r.algorithm,
          uidSeed: r.sopInstanceUID + ".v" + v.viewName))
    }
    for b in r.breasts {
      let side = b.laterality == .right ? "Right" : "Left"
      var breast = group(
        tracking: "\(side) breast composition", laterality: b.laterality, composition: b.composition,
        probabilities: b.probabilities, score: b.score,
        sources: r.views.filter { $0.laterality == b.laterality }.map(\.image), algorithm: r.algorithm,
        uidSeed: r.sopInstanceUID + ".b" + side)
      // A reason that concerns one breast is a qualitative evaluation of that breast's group (TID
      // 1501), whose finding site and laterality say which breast.
      breast.children += r.limitations.filter { $0.laterality == b.laterality }.map {
        .contains(C.assessmentLimitation, .code($0.code))
      }
      groups.append(breast)
    }
    // TID 1500 needs at least one of its measurement and evaluation containers, not every one: an
    // exam of non-standard views has evaluations (why it has no density) and no measurements.
    if !groups.isEmpty { children.append(.contains(C.imagingMeasurements, .container(template: nil), groups)) }
    var evaluations = [SRItem]()
    if let exam = r.examComposition {
      evaluations.append(.contains(C.breastComposition, .code(C.composition(exam))))
    }
    if let prior = r.prior {
      evaluations.append(.contains(C.priorComposition, .code(C.composition(prior.composition))))
      evaluations.append(.contains(C.crossesSincePrior, .code(prior.crossesDenseBoundary ? C.yes : C.no)))
    }
    // Reasons about the whole exam, or about a breast without a group, are the document's.
    let sides = Set(r.breasts.map(\.laterality))
    for limitation in r.limitations where limitation.laterality.map({ !sides.contains($0) }) ?? true {
      evaluations.append(.contains(C.assessmentLimitation, .code(limitation.code)))
    }
    if let statement = r.suggestedDensityStatement {
      evaluations.append(.contains(C.suggestedDensityStatement, .text(statement)))
    }
    // TEXT in the same form as the MQSA sentence: PixelMed's TID 1500 accepts it there.
    if let uncertainty = r.uncertainty {
      evaluations.append(.contains(C.uncertainDensity, .text(uncertainty)))
    }
    if let notice = r.notice { evaluations.append(.contains(C.comment, .text(notice))) }
    if !evaluations.isEmpty {
      children.append(.contains(C.qualitativeEvaluations, .container(template: nil), evaluations))
    }
    return SRItem("", C.imagingMeasurementReport, .container(template: "1500"), children)
  }

  private static func group(
    tracking: String, laterality: Laterality, composition: BreastComposition, probabilities: [Double], score: Double?,
    sources: [Mammogram], algorithm: DensityReport.Algorithm, uidSeed: String
  ) -> SRItem {
    typealias C = DensityReportCodes
    var items: [SRItem] = [
      .context(C.trackingIdentifier, .text(tracking)),
      .context(C.trackingUID, .uidref(DICOMUID.fromBytes(stableBytes(uidSeed)))),
    ]
    items += sources.map { .contains(C.source, .image(sopClassUID: $0.sopClassUID, sopInstanceUID: $0.sopInstanceUID)) }
    items.append(
      .modifier(
        C.findingSite, .code(MammographyCodes.breast),
        [.modifier(C.laterality, .code(laterality == .right ? C.right : C.left))]))
    items += algorithmIdentification(algorithm)
    items.append(.contains(C.breastComposition, .code(C.composition(composition))))
    for (c, p) in zip(BreastComposition.allCases, probabilities) {
      items.append(.contains(C.probability(c), .num(p, unit: C.unitless)))
    }
    if let score { items.append(.contains(C.densityScore, .num(score, unit: C.unitless))) }
    return .contains(C.measurementGroup, .container(template: "1501"), items)
  }

  /// TID 1602/1603 Image Library Entry Descriptors of a view: what a viewer lists beside the image
  /// without opening it.
  private static func libraryDescriptors(_ image: Mammogram, laterality: Laterality?) -> [SRItem] {
    typealias C = DensityReportCodes
    var items: [SRItem] = [
      .acquisitionContext(C.modality, .code(C.mammographyModality)),
      .acquisitionContext(C.targetRegion, .code(MammographyCodes.breast)),
    ]
    if let laterality {
      items.append(.acquisitionContext(C.imageLaterality, .code(laterality == .right ? C.right : C.left)))
    }
    if let view = image.view {
      items.append(.acquisitionContext(C.imageView, .code(MammographyCodes.code(for: view))))
    }
    items.append(.acquisitionContext(C.pixelDataRows, .num(Double(image.rows), unit: C.pixels)))
    items.append(.acquisitionContext(C.pixelDataColumns, .num(Double(image.columns), unit: C.pixels)))
    return items
  }

  private static func algorithmIdentification(_ a: DensityReport.Algorithm) -> [SRItem] {
    typealias C = DensityReportCodes
    return [
      .modifier(C.algorithmName, .text(a.name)),
      .modifier(C.algorithmVersion, .text(a.version)),
      .modifier(C.algorithmParameters, .text("weights sha256=\(a.weightsSHA256)")),
    ]
  }

  /// 16 bytes that depend only on `seed` (FNV-1a, twice with different offsets), so a report
  /// rewritten for the same exam and model carries the same tracking UIDs.
  static func stableBytes(_ seed: String) -> [UInt8] {
    var bytes = [UInt8]()
    for basis: UInt64 in [0xcbf2_9ce4_8422_2325, 0x8422_2325_cbf2_9ce4] {
      var h = basis
      for b in seed.utf8 {
        h ^= UInt64(b)
        h &*= 0x0000_0100_0000_01B3
      }
      withUnsafeBytes(of: h.bigEndian) { bytes += $0 }
    }
    return bytes
  }

  static func dicomDateTime(_ date: Date) -> (String, String) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    return (
      String(format: "%04d%02d%02d", c.year!, c.month!, c.day!),
      String(format: "%02d%02d%02d", c.hour!, c.minute!, c.second!)
    )
  }
}
