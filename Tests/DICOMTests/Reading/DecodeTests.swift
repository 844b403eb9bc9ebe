import DICOM
import Foundation
import Testing

private func meanAbsoluteDifference(_ a: GrayImage, _ b: GrayImage) -> Float {
  zip(a.pixels, b.pixels).map { abs($0 - $1) }.reduce(0, +) / Float(a.pixels.count)
}

@Suite struct DecodeTests {
  static let compressed = TransferSyntax.allCases.filter { $0 != .explicitVRLittleEndian }

  /// Writes the same stored pixels uncompressed and in `syntax`, decodes both.
  private func decodePair(_ syntax: TransferSyntax, bits: Int) throws -> (GrayImage, GrayImage) {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let reference = SampleMammogram.header(bitsStored: bits)
    let pixels = SampleMammogram.pixels(rows: reference.rows, columns: reference.columns, bits: bits)
    var other = reference
    other.transferSyntax = syntax
    let a = dir.appendingPathComponent("plain.dcm")
    let b = dir.appendingPathComponent("other.dcm")
    try MammogramWriter.write(reference, pixels: pixels, to: a)
    try MammogramWriter.write(other, pixels: pixels, to: b)
    return (try MammogramDecoder.decode(a), try MammogramDecoder.decode(b))
  }

  @Test(arguments: compressed)
  func everySyntaxDecodesToTheUncompressedPixels(syntax: TransferSyntax) throws {
    let bits = syntax == .jpegBaseline ? 8 : syntax == .jpegExtended ? 12 : 14
    let (plain, decoded) = try decodePair(syntax, bits: bits)
    #expect(decoded.width == plain.width && decoded.height == plain.height)
    if syntax.isLossless {
      #expect(decoded.pixels == plain.pixels, "\(syntax) is lossless but differs")
    } else {
      #expect(meanAbsoluteDifference(plain, decoded) < 0.02, "\(syntax) drifts too far")
    }
  }

  @Test func monochrome1IsInvertedSoDenseTissueIsBright() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let bits = 12
    let maximum = UInt16((1 << bits) - 1)
    var two = SampleMammogram.header(bitsStored: bits, photometric: .monochrome2)
    two.windowCenter = [2047.5]
    two.windowWidth = [4096]
    var one = two
    one.photometricInterpretation = .monochrome1
    let pixels = SampleMammogram.pixels(rows: two.rows, columns: two.columns, bits: bits)
    try MammogramWriter.write(two, pixels: pixels, to: dir.appendingPathComponent("m2.dcm"))
    try MammogramWriter.write(one, pixels: pixels.map { maximum - $0 }, to: dir.appendingPathComponent("m1.dcm"))
    let a = try MammogramDecoder.decode(dir.appendingPathComponent("m2.dcm"))
    let b = try MammogramDecoder.decode(dir.appendingPathComponent("m1.dcm"))
    #expect(meanAbsoluteDifference(a, b) < 1e-3)
    // The bright disc (dense) stays bright in both.
    let centre = a[Int(Double(a.width) * 0.4), a.height / 2]
    #expect(centre > a[a.width - 1, 0] || centre > 0.5)
    #expect(abs(b[Int(Double(b.width) * 0.4), b.height / 2] - centre) < 1e-3)
  }

  @Test func windowFunctionsFollowTheStandard() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    var m = SampleMammogram.header(rows: 1, columns: 3, bitsStored: 12)
    m.windowCenter = [2000]
    m.windowWidth = [1000]
    let pixels: [UInt16] = [1000, 2000, 3000]
    var results: [String: [Float]] = [:]
    for function in ["LINEAR", "LINEAR_EXACT", "SIGMOID"] {
      m.voiLUTFunction = function
      let url = dir.appendingPathComponent("\(function).dcm")
      try MammogramWriter.write(m, pixels: pixels, to: url)
      results[function] = try MammogramDecoder.decode(url).pixels
    }
    // PS3.3 C.11.2.1.2: below the window 0, above it 1; at the centre 0.5 (linear offsets by half a unit).
    #expect(results["LINEAR"]![0] == 0 && results["LINEAR"]![2] == 1)
    #expect(abs(results["LINEAR"]![1] - Float((0.5 / 999) + 0.5)) < 1e-6)
    #expect(results["LINEAR_EXACT"]! == [0, 0.5, 1])
    let sigmoid = results["SIGMOID"]!
    #expect(abs(sigmoid[1] - 0.5) < 1e-6)
    #expect(abs(sigmoid[0] - Float(1 / (1 + exp(4.0)))) < 1e-6)
  }

  @Test func aVOILUTSequenceIsAppliedWhenThereIsNoWindow() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    var m = SampleMammogram.header(rows: 1, columns: 4, bitsStored: 12)
    m.windowCenter = []
    m.windowWidth = []
    // Values below 100 map to the first entry; 100...103 to a ramp; above to the last.
    m.voiLUT = LookupTable(firstMapped: 100, bits: 12, data: [0, 819, 1638, 4095])
    let url = dir.appendingPathComponent("lut.dcm")
    try MammogramWriter.write(m, pixels: [50, 101, 102, 4000], to: url)
    let errors = try ExternalTool.dciodvfyErrors(url)
    #expect(errors.isEmpty, "\(errors)")
    let read = try MammogramReader.read(url)
    #expect(read.voiLUT == m.voiLUT)
    let pixels = try MammogramDecoder.decode(url).pixels
    #expect(pixels == [0, 0.2, 0.4, 1])
  }

  @Test func jpeg2000DecodesAtReducedResolutionWhenAskedForLess() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let m = SampleMammogram.header(rows: 512, columns: 384, bitsStored: 14, transferSyntax: .jpeg2000Lossless)
    let url = dir.appendingPathComponent("j2k.dcm")
    try MammogramWriter.write(m, pixels: SampleMammogram.pixels(rows: 512, columns: 384, bits: 14), to: url)
    let full = try MammogramDecoder.decode(url)
    let small = try MammogramDecoder.decode(url, maxDimension: 100)
    #expect(small.height == 100 && small.width == 75)
    let reference = full.areaResized(width: 75, height: 100)
    #expect(meanAbsoluteDifference(reference, small) < 0.02)
    #expect(small.pixelSpacing!.row > 0.5)
  }

  /// The public WG04 mammogram: JPEG 2000 (OpenJPEG) and JPEG extended (DCMTK) agree.
  @Test func realJPEG2000MammogramMatchesItsJPEGTwin() throws {
    let samples = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data/dicom-samples")
    let j2k = try MammogramDecoder.decode(
      samples.appendingPathComponent("MG1_J2KI"), maxDimension: 512, anyModality: true)
    let jpeg = try MammogramDecoder.decode(
      samples.appendingPathComponent("MG1_JPLY"), maxDimension: 512, anyModality: true)
    #expect(j2k.width == jpeg.width && j2k.height == jpeg.height && j2k.height == 512)
    #expect(meanAbsoluteDifference(j2k, jpeg) < 0.02)
    #expect(Set(j2k.pixels.map { ($0 * 20).rounded() }).count > 10, "a real image, not a flat field")
  }
}

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()
