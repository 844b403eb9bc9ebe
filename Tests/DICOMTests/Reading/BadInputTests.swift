import DICOM
import Foundation
import Testing

/// Every kind of bad file gets one clear message naming the file and the reason.
@Suite struct BadInputTests {
  /// How to spoil a valid file, and the message expected when reading (header) or decoding (pixels).
  struct Case: CustomStringConvertible, Sendable {
    var name: String
    var syntax: TransferSyntax = .explicitVRLittleEndian
    var spoil: @Sendable (URL) throws -> Void
    var expected: String
    var decodeOnly = false
    var description: String { name }
  }

  static func bytes(_ data: [UInt8]) -> @Sendable (URL) throws -> Void {
    { url in try Data(data).write(to: url) }
  }

  static func modify(_ args: String...) -> @Sendable (URL) throws -> Void {
    { url in
      let out = try ExternalTool.run("dcmodify", ["-nb", "-q"] + args + [url.path])
      guard out.status == 0 else { throw ExternalTool.TimeoutError(command: "dcmodify: \(out.text)") }
    }
  }

  /// Re-encodes the file in Deflated Explicit VR Little Endian, which no mammography unit sends.
  static let deflate: @Sendable (URL) throws -> Void = { url in
    let out = try ExternalTool.run("dcmconv", ["+td", url.path, url.path + ".z"])
    guard out.status == 0 else { throw ExternalTool.TimeoutError(command: "dcmconv: \(out.text)") }
    try FileManager.default.removeItem(at: url)
    try FileManager.default.moveItem(atPath: url.path + ".z", toPath: url.path)
  }

  static func truncate(keeping fraction: Double) -> @Sendable (URL) throws -> Void {
    { url in
      let data = try Data(contentsOf: url)
      try data.prefix(Int(Double(data.count) * fraction)).write(to: url)
    }
  }

  /// Overwrites the JPEG 2000 codestream's first marker segments (SOC, SIZ) with garbage.
  static let corruptCodestream: @Sendable (URL) throws -> Void = { url in
    var data = try Data(contentsOf: url)
    let marker = Data([0xFF, 0x4F, 0xFF, 0x51])
    guard let range = data.range(of: marker) else { throw ExternalTool.TimeoutError(command: "no J2K marker") }
    data.replaceSubrange(range.lowerBound..<(range.lowerBound + 40), with: [UInt8](repeating: 0x5A, count: 40))
    try data.write(to: url)
  }

  static let cases: [Case] = [
    Case(name: "empty file", spoil: bytes([]), expected: "empty file (0 bytes)"),
    Case(name: "text file", spoil: bytes(Array("Informe: mamas densas\n".utf8)), expected: "not"),
    Case(
      name: "random bytes", spoil: bytes((0..<4000).map { UInt8(($0 * 7919) % 251) }),
      expected: "not a DICOM file"),
    Case(
      name: "preamble then garbage", spoil: bytes([UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + [1, 2, 3]),
      expected: "truncated DICOM file: it ends at byte 135"),
    Case(
      name: "truncated in the header", spoil: truncate(keeping: 0.004), expected: "too short for a DICOM file (66 bytes"
    ),
    Case(name: "truncated after the meta header", spoil: truncate(keeping: 0.02), expected: "truncated DICOM file"),
    Case(
      name: "truncated in the pixel data", spoil: truncate(keeping: 0.6), expected: "truncated DICOM file",
      decodeOnly: true),
    Case(name: "no pixel data", spoil: modify("-e", "(7fe0,0010)"), expected: "no pixel data", decodeOnly: true),
    Case(name: "CT modality", spoil: modify("-m", "(0008,0060)=CT"), expected: "not a mammogram (modality CT)"),
    Case(name: "no modality", spoil: modify("-e", "(0008,0060)"), expected: "not a mammogram (modality missing)"),
    Case(
      name: "no SOP class", spoil: modify("-e", "(0008,0016)"), expected: "missing required attribute SOP Class UID"),
    Case(name: "zero rows", spoil: modify("-m", "(0028,0010)=0"), expected: "invalid Rows '0'"),
    Case(name: "no rows", spoil: modify("-e", "(0028,0010)"), expected: "missing required attribute Rows"),
    Case(name: "no columns", spoil: modify("-e", "(0028,0011)"), expected: "missing required attribute Columns"),
    Case(
      name: "bits stored above bits allocated", spoil: modify("-m", "(0028,0101)=20"),
      expected: "invalid Bits Stored '20 with Bits Allocated 16'"),
    Case(name: "bits allocated 12", spoil: modify("-m", "(0028,0100)=12"), expected: "invalid Bits Allocated '12'"),
    Case(
      name: "no photometric interpretation", spoil: modify("-e", "(0028,0004)"),
      expected: "missing required attribute Photometric Interpretation"),
    Case(
      name: "colour photometric interpretation", spoil: modify("-m", "(0028,0004)=RGB"),
      expected: "invalid Photometric Interpretation 'RGB'"),
    Case(
      name: "no study UID", spoil: modify("-e", "(0020,000d)"),
      expected: "missing required attribute Study Instance UID"),
    Case(
      name: "pixel data shorter than the size", spoil: modify("-m", "(0028,0010)=400"),
      expected: "Pixel Data is shorter than Rows x Columns", decodeOnly: true),
    Case(
      name: "deflated transfer syntax", spoil: deflate,
      expected: "unsupported transfer syntax 1.2.840.10008.1.2.1.99"),
    Case(
      name: "corrupt JPEG 2000 codestream", syntax: .jpeg2000Lossless, spoil: corruptCodestream,
      expected: "pixel data cannot be decoded", decodeOnly: true),
    // Resource limits: refused from the header, before a buffer of the declared size exists.
    Case(
      name: "65535 x 65535 declared", spoil: modify("-m", "(0028,0010)=65535", "-m", "(0028,0011)=65535"),
      expected: "image too large to decode: the image is 65535 × 65535 pixels, over the limit of 50 megapixels",
      decodeOnly: true),
    Case(
      name: "absurd frame count", spoil: modify("-i", "(0028,0008)=100000"),
      expected: "image too large to decode: the image is 80 × 96 pixels × 100000 frames", decodeOnly: true),
    Case(
      name: "JPEG 2000 codestream larger than the header", syntax: .jpeg2000Lossless,
      spoil: modify("-m", "(0028,0010)=50", "-m", "(0028,0011)=40"),
      expected: "the JPEG 2000 codestream is 80 × 96 pixels but the header declares 40 × 50", decodeOnly: true),
  ]

  @Test(arguments: cases)
  func badFileGetsAClearMessage(_ badCase: Case) throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("bad.dcm")
    let m = SampleMammogram.header(transferSyntax: badCase.syntax)
    try MammogramWriter.write(m, pixels: SampleMammogram.pixels(rows: m.rows, columns: m.columns, bits: 12), to: url)
    try badCase.spoil(url)
    do {
      if badCase.decodeOnly {
        _ = try MammogramDecoder.decode(url)
      } else {
        _ = try MammogramReader.read(url)
      }
      Issue.record("\(badCase.name) was accepted")
    } catch {
      #expect(error.file == url.path)
      #expect(error.description.hasPrefix(url.path + ": "))
      #expect(error.description.contains(badCase.expected), "\(badCase.name): \(error)")
    }
  }

  @Test func aSmallerPixelBudgetRefusesAnOrdinaryImageAndNamesTheSetting() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    for syntax in [TransferSyntax.explicitVRLittleEndian, .jpeg2000Lossless] {
      let url = dir.appendingPathComponent("\(syntax).dcm")
      let m = SampleMammogram.header(transferSyntax: syntax)
      try MammogramWriter.write(m, pixels: SampleMammogram.pixels(rows: m.rows, columns: m.columns, bits: 12), to: url)
      let area = m.rows * m.columns
      #expect(try MammogramDecoder.decode(url, budget: PixelBudget(maxPixels: area)).pixels.count == area)
      #expect {
        _ = try MammogramDecoder.decode(url, budget: PixelBudget(maxPixels: area - 1))
      } throws: { error in
        (error as? DICOMError)?.description.contains("(process.maxImagePixels); not decoded") == true
      }
    }
  }

  @Test func scanningGoesOnPastBadFilesAndListsEach() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let m = SampleMammogram.header()
    try MammogramWriter.write(
      m, pixels: SampleMammogram.pixels(rows: m.rows, columns: m.columns, bits: 12),
      to: dir.appendingPathComponent("ok.dcm"))
    try Data("hola".utf8).write(to: dir.appendingPathComponent("junk.bin"))
    let missing = dir.appendingPathComponent("nowhere")
    let result = StudyScanner.scan([dir, missing])
    #expect(result.images.count == 1)
    #expect(result.skipped.count == 2)
    #expect(result.skipped.contains { $0.path == missing.path && $0.reason == "no such file or folder" })
    #expect(result.skipped.contains { $0.path.hasSuffix("junk.bin") })
  }
}
