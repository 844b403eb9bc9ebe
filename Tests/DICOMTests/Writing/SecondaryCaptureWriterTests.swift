import DICOM
import Foundation
import Testing

@Suite struct SecondaryCaptureWriterTests {
  /// Four source views of one study, headers only (the capture references them).
  private func sources() -> [Mammogram] {
    [(ViewPosition.cc, Laterality.right), (.cc, .left), (.mlo, .right), (.mlo, .left)].enumerated().map { i, v in
      SampleMammogram.header(view: v.0, laterality: v.1, instance: i + 1)
    }
  }

  /// A picture whose every pixel differs from its neighbours: a round trip that shifted, swapped
  /// channels or dropped a row would not match.
  private func picture(width: Int, height: Int) -> [UInt8] {
    var rgb = [UInt8](repeating: 0, count: width * height * 3)
    for y in 0..<height {
      for x in 0..<width {
        let i = (y * width + x) * 3
        rgb[i] = UInt8((x * 7 + y) % 256)
        rgb[i + 1] = UInt8((y * 5) % 256)
        rgb[i + 2] = UInt8((x * y + 3) % 256)
      }
    }
    return rgb
  }

  private func capture(width: Int, height: Int, rgb: [UInt8]) -> SecondaryCapture {
    let images = sources()
    return SecondaryCapture(
      study: images[0], sourceImages: images, seriesInstanceUID: "2.25.7001", sopInstanceUID: "2.25.7002",
      seriesNumber: 9902, seriesDescription: "Breast density scorecard (AI)",
      derivationDescription: "test scorecard of four views", softwareVersion: "densa test",
      contentDate: Date(timeIntervalSince1970: 1_800_000_000), width: width, height: height, rgb: rgb)
  }

  @Test func dciodvfyFindsNoErrorAndDCMTKReadsThePixelsBack() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (width, height) = (64, 48)
    let rgb = picture(width: width, height: height)
    let url = dir.appendingPathComponent("scorecard.dcm")
    try SecondaryCaptureWriter.write(capture(width: width, height: height, rgb: rgb), to: url)

    let verify = try ExternalTool.run("dciodvfy", [url.path])
    let errors = verify.text.split(separator: "\n").filter { $0.hasPrefix("Error") }
    #expect(errors.isEmpty, "\(verify.text)")
    // dciodvfy names the IOD it checked against.
    #expect(verify.text.contains("SCImage") || verify.text.contains("Secondary Capture"), "\(verify.text)")

    let dump = try ExternalTool.run(
      "dcmdump",
      [
        "-Un", "+U8", "+P", "0008,0016", "+P", "0008,0060", "+P", "0028,0004",
        "+P", "0028,0301", "+P", "0008,0008", "+P", "0008,0064", "+P", "0010,0010", "+P", "0020,0011", url.path,
      ])
    #expect(dump.status == 0)
    for expected in [
      "[1.2.840.10008.5.1.4.1.1.7]", "[OT]", "[RGB]", "[YES]", "[DERIVED\\SECONDARY]", "[WSD]",
      "[Núñez^María José]", "[9902]",
    ] {
      #expect(dump.text.contains(expected), "\(expected) missing from \(dump.text)")
    }
    let references = try ExternalTool.run("dcmdump", ["+P", "0008,1155", url.path])
    #expect(
      Set(
        references.text.split(separator: "\n").compactMap { line in
          line.split(separator: "[").dropFirst().first?.split(separator: "]").first.map(String.init)
        }) == Set(sources().map(\.sopInstanceUID)))

    // DCMTK's own renderer gives back exactly the samples written (PPM: header, then RGB bytes).
    let ppm = dir.appendingPathComponent("scorecard.ppm")
    let render = try ExternalTool.run("dcm2pnm", ["--write-raw-pnm", url.path, ppm.path])
    #expect(render.status == 0, "\(render.text)")
    let bytes = [UInt8](try Data(contentsOf: ppm))
    let header = "P6\n\(width) \(height)\n255\n"
    #expect(bytes.starts(with: Array(header.utf8)), "\(String(decoding: bytes.prefix(20), as: UTF8.self))")
    #expect(Array(bytes.dropFirst(header.utf8.count)) == rgb)
  }

  @Test func aPictureOfTheWrongSizeIsRefusedAndNothingIsWritten() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("scorecard.dcm")
    #expect(throws: DICOMError.self) {
      try SecondaryCaptureWriter.write(capture(width: 10, height: 10, rgb: [UInt8](repeating: 0, count: 299)), to: url)
    }
    #expect(!FileManager.default.fileExists(atPath: url.path))
  }
}
