import DICOM
import Foundation

/// Small, deterministic mammogram-like test objects made in code.
enum SampleMammogram {
  /// A header for a view, with plausible identifiers.
  static func header(
    view: ViewPosition = .cc, laterality: Laterality = .left, rows: Int = 96, columns: Int = 80,
    bitsStored: Int = 12, photometric: PhotometricInterpretation = .monochrome2,
    transferSyntax: TransferSyntax = .explicitVRLittleEndian, instance: Int = 1
  ) -> Mammogram {
    var m = Mammogram(
      patientID: "P0001", patientName: "Núñez^María José", studyInstanceUID: "2.25.1001",
      seriesInstanceUID: "2.25.1002", sopInstanceUID: "2.25.1003.\(instance)",
      sopClassUID: SOPClass.digitalMammographyForPresentation, rows: rows, columns: columns,
      bitsStored: bitsStored, photometricInterpretation: photometric, transferSyntax: transferSyntax)
    m.accessionNumber = "ACC0001"
    m.studyDate = "20260315"
    m.studyTime = "093000"
    m.patientBirthDate = "19700101"
    m.patientSex = "F"
    m.studyID = "1"
    m.seriesNumber = 1
    m.instanceNumber = instance
    m.manufacturer = "densa tests"
    m.presentationIntent = .forPresentation
    m.view = view
    m.laterality = laterality
    m.patientOrientation = laterality == .left ? ["A", view == .cc ? "R" : "F"] : ["P", view == .cc ? "L" : "F"]
    m.pixelSpacing = [0.1, 0.1]
    m.imagerPixelSpacing = [0.1, 0.1]
    let maximum = Double((1 << bitsStored) - 1)
    m.windowCenter = [maximum / 2]
    m.windowWidth = [maximum]
    return m
  }

  /// A smooth gradient with a bright disc and a little deterministic texture, within `bits`.
  static func pixels(rows: Int, columns: Int, bits: Int) -> [UInt16] {
    let maximum = (1 << bits) - 1
    var out = [UInt16](repeating: 0, count: rows * columns)
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for y in 0..<rows {
      for x in 0..<columns {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let noise = Double(state >> 58) / 64 - 0.5
        let dx = Double(x) / Double(columns) - 0.4
        let dy = Double(y) / Double(rows) - 0.5
        let disc = dx * dx + dy * dy < 0.06 ? 0.35 : 0
        let value = (0.2 + 0.4 * Double(x) / Double(columns) + disc + 0.05 * noise) * Double(maximum)
        out[y * columns + x] = UInt16(max(0, min(Double(maximum), value.rounded())))
      }
    }
    return out
  }

  /// A fresh temporary folder for one test.
  static func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("densa-dicom-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
