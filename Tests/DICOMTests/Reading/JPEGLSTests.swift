import Foundation
import Testing

@testable import DICOM

/// densa's JPEG-LS decoder against DCMTK's bundled CharLS on the same files, sample for sample.
@Suite struct JPEGLSTests {
  /// Lossless JPEG's test samples (a smooth image, a band of noise over the whole range) with a
  /// flat block, so run mode, its interruptions and its ends of line are all reached.
  static func samples(width: Int, height: Int, bits: Int) -> [UInt16] {
    var out = LosslessJPEGTests.samples(width: width, height: height, bits: bits)
    let flat = UInt16((1 << bits) / 3)
    for y in 0..<(height / 4) {
      for x in 0..<(width * 2 / 3) { out[y * width + x] = flat }
    }
    for x in 0..<width where x % 9 != 0 { out[(height - 1) * width + x] = flat }  // short runs to the end
    return out
  }

  /// Decodes `url` both ways; the samples must be identical.
  private func bothDecoders(_ url: URL, width: Int, height: Int) throws -> [UInt16] {
    let d = try Dataset(loading: url, headerOnly: false)
    // The frame first: DCMTK's decoding replaces the encapsulated representation in memory.
    let ours = try JPEGLS.decode(try d.encapsulatedFrame(), width: width, height: height)
    let reference = try d.decodedSamples(count: width * height)
    #expect(ours.count == reference.count)
    let differing = zip(ours, reference).filter { $0 != $1 }.count
    #expect(differing == 0, "\(url.lastPathComponent): \(differing) samples differ from DCMTK's")
    return ours
  }

  /// dcmcjpls options: lossless, near-lossless (NEAR 2 and 5, the second with RESET 5), preset
  /// thresholds (an LSE segment), the cooked encoder, no interleave (DCMTK's default is "line").
  static let options: [[String]] = [
    [], ["+en"], ["+en", "+md", "5", "+rs", "5"], ["+t1", "5", "+t2", "9", "+t3", "30", "+rs", "32"], ["+pc"],
    ["+in"],
  ]
  static let cases: [(bits: Int, options: [String])] = [8, 10, 12, 16].flatMap { b in options.map { (b, $0) } }

  @Test(arguments: cases)
  func matchesDCMTKOnItsOwnEncoding(bits: Int, options: [String]) throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (width, height) = (83, 47)
    let header = SampleMammogram.header(rows: height, columns: width, bitsStored: bits)
    let pixels = Self.samples(width: width, height: height, bits: bits)
    let plain = dir.appendingPathComponent("plain.dcm")
    let jpegLS = dir.appendingPathComponent("jpegls.dcm")
    try MammogramWriter.write(header, pixels: pixels, to: plain)
    let encode = try ExternalTool.run("dcmcjpls", options + [plain.path, jpegLS.path])
    #expect(encode.status == 0, "\(encode.text)")
    let decoded = try bothDecoders(jpegLS, width: width, height: height)
    if !options.contains("+en") { #expect(decoded == pixels) }
  }

  /// A JPEG-LS mammogram written by MammogramWriter (as Synth writes the Fuji views) decodes
  /// through MammogramDecoder to the image its uncompressed twin gives.
  @Test(arguments: [TransferSyntax.jpegLSLossless, .jpegLSNearLossless])
  func mammogramDecoderReadsItThroughItsOwnDecoder(syntax: TransferSyntax) throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (width, height) = (131, 97)
    var header = SampleMammogram.header(rows: height, columns: width, bitsStored: 12)
    let pixels = Self.samples(width: width, height: height, bits: 12)
    let plain = dir.appendingPathComponent("plain.dcm")
    try MammogramWriter.write(header, pixels: pixels, to: plain)
    header.transferSyntax = syntax
    let compressed = dir.appendingPathComponent("jpegls.dcm")
    try MammogramWriter.write(header, pixels: pixels, to: compressed)
    let d = try Dataset(loading: compressed, headerOnly: false)
    let ours = try JPEGLS.decode(try d.encapsulatedFrame(), width: width, height: height)
    let a = try MammogramDecoder.decode(compressed, maxDimension: 64)
    let reference = try MammogramDecoder.decode(plain, maxDimension: 64)
    #expect(a.width == reference.width && a.height == reference.height)
    if syntax == .jpegLSLossless {
      #expect(ours == pixels)
      #expect(a.pixels == reference.pixels)
    } else {
      let worst = zip(ours, pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
      #expect(worst > 0 && worst <= 2, "near-lossless deviation \(worst)")
      let furthest = zip(a.pixels, reference.pixels).map { abs($0 - $1) }.max() ?? 1
      #expect(furthest < 0.01)
    }
  }

  /// A damaged or unsupported stream is declined with a reason, never decoded past its buffers.
  @Test func declinesDamagedAndUnsupportedStreams() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (width, height) = (67, 41)
    var header = SampleMammogram.header(rows: height, columns: width, bitsStored: 12)
    header.transferSyntax = .jpegLSLossless
    let url = dir.appendingPathComponent("ls.dcm")
    try MammogramWriter.write(header, pixels: Self.samples(width: width, height: height, bits: 12), to: url)
    let frame = try Dataset(loading: url, headerOnly: false).encapsulatedFrame()

    func declined(_ bytes: [UInt8], width: Int = 67, height: Int = 41) -> JPEGLS.Declined? {
      do {
        _ = try JPEGLS.decode(bytes, width: width, height: height)
        return nil
      } catch { return error }
    }
    #expect(declined(frame) == nil)
    #expect(declined(Array(frame.prefix(frame.count / 2)))?.message.contains("ends") == true)
    #expect(declined(frame, width: 66)?.message.contains("67 x 41") == true)
    #expect(declined(Array(frame.dropFirst(2)))?.message.contains("start of image") == true)
    // SOF55 → SOF3 (lossless JPEG): valid JPEG, not this decoder's.
    var other = frame
    let sof = (0..<(other.count - 1)).first { other[$0] == 0xFF && other[$0 + 1] == 0xF7 }!
    other[sof + 1] = 0xC3
    #expect(declined(other)?.unsupported == true)
    // A point transform (Al in the scan header's last byte) is declined as unsupported.
    var shifted = frame
    let sos = (0..<(shifted.count - 1)).first { shifted[$0] == 0xFF && shifted[$0 + 1] == 0xDA }!
    shifted[sos + 9] = 1
    #expect(declined(shifted)?.unsupported == true)
    // Every truncation and every single flipped byte of the header: declined or decoded, no crash.
    for n in stride(from: 0, to: frame.count, by: max(1, frame.count / 64)) { _ = declined(Array(frame.prefix(n))) }
    for i in 0..<min(frame.count, 400) {
      var flipped = frame
      flipped[i] ^= 0x5A
      _ = declined(flipped)
    }
  }
}
