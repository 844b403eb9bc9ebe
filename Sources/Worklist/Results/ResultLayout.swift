import Classifier
import DICOM
import Foundation
import Raster

/// Where one exam's results go: `ROOT/exams/<exam>/<model>/` holding `result.json`,
/// `heatmap-<view>.png`, `density-sr.dcm`, `scorecard.dcm` and `result-oru.hl7` (the HL7 ORU^R01
/// for the RIS). Each model version has its own folder, so a new
/// model adds its results beside the old ones.
struct ResultLayout: Sendable {
  var directory: URL

  /// A superseding result (revision 2 on) goes to `<model>/revision-N/`, so the files of the result
  /// it replaces stay as they were.
  init(root: URL, exam: Exam, model: ModelIdentity, revision: Int = 1) {
    var directory = root.appendingPathComponent("exams").appendingPathComponent(Self.examKey(exam))
      .appendingPathComponent(Self.modelKey(model))
    if revision > 1 { directory.appendPathComponent("revision-\(revision)") }
    self.directory = directory
  }

  /// The accession number when it is a safe file name, else the Study Instance UID.
  static func examKey(_ exam: Exam) -> String {
    if let accession = exam.accessionNumber, isSafeName(accession) { return accession }
    return exam.studyInstanceUID
  }

  /// `name-version-<8 hex of the weights>`, then `-bf16` for a bf16 identity: bf16 results sit
  /// beside the fp32 ones, never in their place.
  static func modelKey(_ model: ModelIdentity) -> String {
    let name = "\(model.name)-\(model.version)"
    let precision = model.precision == .fp32 ? "" : "-\(model.precision.rawValue)"
    return (isSafeName(name) ? name : "model") + "-" + model.sha256.prefix(8) + precision
  }

  private static func isSafeName(_ s: String) -> Bool {
    !s.isEmpty && s.count <= 64 && !s.hasPrefix(".")
      && s.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0) }
      && s.allSatisfy(\.isASCII)
  }

  /// The files written for an exam.
  struct Written: Sendable {
    var document: ExamResultDocument
    var json: URL
    var structuredReport: URL?
    /// The scorecard (Secondary Capture), written with the SR.
    var scorecard: URL?
    var resultMessage: URL
    var heatmaps: [String: URL]
  }

  /// Writes heatmaps, then the SR and the scorecard, then the result JSON (last, so a complete JSON
  /// means complete outputs); every file goes to a temporary name first and is renamed into place.
  /// When a write fails, a result folder this call created is removed again: no incomplete result
  /// is left.
  func write(
    _ classified: ExamClassification, prepared: PreparedExam, model: DensityModel, structuredReport: Bool,
    revision: Int = 1, predecessors: [DensityReport.Predecessor] = []
  ) throws -> Written {
    let existed = FileManager.default.fileExists(atPath: directory.path)
    try Self.makeDirectory(directory)
    do {
      return try writeFiles(
        classified, prepared: prepared, model: model, structuredReport: structuredReport, revision: revision,
        predecessors: predecessors)
    } catch {
      if !existed { try? FileManager.default.removeItem(at: directory) }
      throw error
    }
  }

  /// Creates `directory` and its parents, saying in words why it cannot.
  static func makeDirectory(_ directory: URL) throws {
    do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
      throw OutputWriteError(directory, error)
    }
  }

  private func writeFiles(
    _ classified: ExamClassification, prepared: PreparedExam, model: DensityModel, structuredReport: Bool,
    revision: Int, predecessors: [DensityReport.Predecessor]
  ) throws -> Written {
    var document = classified.document
    var heatmaps = [String: URL]()
    // Overlays are drawn and compressed in parallel; each view is independent.
    let drawn = parallelMap(classified.heatmaps.sorted(by: { $0.key < $1.key })) { entry in
      let overlay = entry.value.prediction.heatmapPNG(on: entry.value.view)
      return (entry.key, overlay, overlay?.encoded())
    }
    var overlays = [String: PNGImage]()
    for (view, overlay, png) in drawn {
      guard let overlay, let png else { continue }
      let url = directory.appendingPathComponent("heatmap-\(view).png")
      try Self.atomicWrite(png, to: url)
      heatmaps[view] = url
      overlays[view] = overlay
    }
    var srURL: URL? = nil
    var scorecardURL: URL? = nil
    if structuredReport {
      let url = directory.appendingPathComponent("density-sr.dcm")
      let uid = try Self.placed(at: url) { temporary in
        try DensityStructuredReport.write(
          classified, prepared: prepared, model: model, to: temporary, revision: revision, predecessors: predecessors)
      }
      document.structuredReport = .init(file: url.lastPathComponent, sopInstanceUID: uid)
      srURL = url
      // The scorecard goes wherever the SR goes, so it is written with it.
      let picture = try DensityScorecard.render(
        classified, document: document, prepared: prepared, model: model, overlays: overlays)
      let cardURL = directory.appendingPathComponent("scorecard.dcm")
      let cardUID = try Self.placed(at: cardURL) { temporary in
        try DensityScorecard.write(picture, prepared: prepared, model: model, to: temporary, revision: revision)
      }
      document.scorecard = .init(file: cardURL.lastPathComponent, sopInstanceUID: cardUID)
      scorecardURL = cardURL
    }
    // Always written: the node sends it to HL7 destinations, and a batch run leaves it for a RIS.
    let oru = directory.appendingPathComponent(ResultMessage.fileName)
    let message = ResultMessage.build(
      document, patient: ResultMessage.Patient(prepared.exam), model: model.identity, revision: revision)
    try Self.atomicWrite(Data(message.utf8), to: oru)
    let json = directory.appendingPathComponent("result.json")
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try Self.atomicWrite(try encoder.encode(document), to: json)
    return Written(
      document: document, json: json, structuredReport: srURL, scorecard: scorecardURL, resultMessage: oru,
      heatmaps: heatmaps)
  }

  /// Writes to `.name.partial` beside the target and renames it into place.
  static func atomicWrite(_ data: Data, to url: URL) throws {
    try placed(at: url) { temporary in try data.write(to: temporary) }
  }

  /// Runs `write` on `.name.partial` beside `url`, then renames it into place. When either fails
  /// the temporary is removed (nothing half-written stays) and the error says why in words.
  static func placed<T>(at url: URL, _ write: (URL) throws -> T) throws -> T {
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
    do {
      let value = try write(temporary)
      if rename(temporary.path, url.path) != 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
      return value
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      if error is OutputWriteError { throw error }
      // A DICOM writer's own message, unless the disk is full, is the better one.
      if error is DICOMError && !DiskSpace.isFull(at: url.deletingLastPathComponent()) { throw error }
      throw OutputWriteError(url, error)
    }
  }
}
