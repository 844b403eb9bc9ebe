import DICOM
import Foundation
import Testing

@Suite struct MammogramWriterTests {
  /// Bits stored per syntax: baseline JPEG takes 8 bits, extended 12, the rest anything.
  static func bits(for syntax: TransferSyntax) -> Int {
    switch syntax {
    case .jpegBaseline: 8
    case .jpegExtended: 12
    default: 14
    }
  }

  @Test(arguments: TransferSyntax.allCases, [PhotometricInterpretation.monochrome1, .monochrome2])
  func writesAValidMammogramInEverySyntax(syntax: TransferSyntax, photometric: PhotometricInterpretation) throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let bits = Self.bits(for: syntax)
    let m = SampleMammogram.header(
      view: .mlo, laterality: .right, bitsStored: bits, photometric: photometric, transferSyntax: syntax)
    let url = dir.appendingPathComponent("view.dcm")
    try MammogramWriter.write(m, pixels: SampleMammogram.pixels(rows: m.rows, columns: m.columns, bits: bits), to: url)
    let errors = try ExternalTool.dciodvfyErrors(url)
    #expect(errors.isEmpty, "dciodvfy on \(syntax): \(errors)")
    let dump = try ExternalTool.run("dcmdump", ["-Un", "+P", "0002,0010", "+P", "0054,0220", url.path]).text
    #expect(dump.contains(syntax.rawValue))
  }

  @Test func rejectsAPixelCountThatDoesNotMatchTheSize() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("bad.dcm")
    let m = SampleMammogram.header()
    #expect {
      try MammogramWriter.write(m, pixels: [1, 2, 3], to: url)
    } throws: { error in
      let text = String(describing: error)
      return text.contains(url.path) && text.contains("3 pixel values for a 96×80 image")
    }
    #expect(!FileManager.default.fileExists(atPath: url.path))
  }

  @Test func anUnwritableFolderIsNamed() throws {
    let url = URL(fileURLWithPath: "/nonexistent-densa-folder/view.dcm")
    let m = SampleMammogram.header()
    #expect {
      try MammogramWriter.write(m, pixels: SampleMammogram.pixels(rows: m.rows, columns: m.columns, bits: 12), to: url)
    } throws: { error in
      String(describing: error).hasPrefix(url.path + ": cannot write")
    }
  }
}

@Suite struct DecimalStringTests {
  /// Long decimals (a rescaled pixel spacing) must fit DS's 16 characters and survive closely.
  @Test func longDecimalsAreShortenedToValidDecimalStrings() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    var m = SampleMammogram.header()
    m.pixelSpacing = [0.8349056603773585, 0.8349056603773585]
    m.imagerPixelSpacing = m.pixelSpacing
    m.windowCenter = [2047.123456789012345]
    let url = dir.appendingPathComponent("ds.dcm")
    try MammogramWriter.write(m, pixels: SampleMammogram.pixels(rows: m.rows, columns: m.columns, bits: 12), to: url)
    #expect(try ExternalTool.dciodvfyErrors(url).isEmpty)
    let read = try MammogramReader.read(url)
    #expect(abs(read.pixelSpacing![0] - 0.8349056603773585) < 1e-9)
    #expect(abs(read.windowCenter[0] - 2047.123456789012345) < 1e-6)
  }
}
