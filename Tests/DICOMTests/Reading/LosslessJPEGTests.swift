import Foundation
import Testing

@testable import DICOM

/// densa's lossless JPEG decoder against DCMTK's (IJG's) on the same files, sample for sample.
@Suite struct LosslessJPEGTests {
  /// Samples that reach every difference category: the smooth test image, a band of noise over
  /// the whole range and, in 16 bits, neighbours 32768 apart (category 16, no extra bits).
  static func samples(width: Int, height: Int, bits: Int) -> [UInt16] {
    var out = SampleMammogram.pixels(rows: height, columns: width, bits: bits)
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    let mask = UInt64((1 << bits) - 1)
    for y in (height / 3)..<(height / 2) {
      for x in 0..<width {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        out[y * width + x] = UInt16((state >> 33) & mask)
      }
    }
    if bits == 16 {
      for x in 0..<width { out[(height - 2) * width + x] = x % 2 == 0 ? 0 : 32768 }
    }
    return out
  }

  /// Decodes `url` both ways; the samples must be identical.
  private func bothDecoders(_ url: URL, width: Int, height: Int) throws -> [UInt16] {
    let d = try Dataset(loading: url, headerOnly: false)
    // The frame first: DCMTK's decoding replaces the encapsulated representation in memory.
    let ours = try LosslessJPEG.decode(try d.encapsulatedFrame(), width: width, height: height)
    let reference = try d.decodedSamples(count: width * height)
    #expect(ours.count == reference.count)
    let differing = zip(ours, reference).filter { $0 != $1 }.count
    #expect(differing == 0, "\(url.lastPathComponent): \(differing) samples differ from DCMTK's")
    return ours
  }

  static let cases: [(bits: Int, predictor: Int, pointTransform: Int)] =
    [8, 12, 14, 16].flatMap { bits in (1...7).flatMap { p in [0, 3].map { (bits, p, $0) } } }

  /// DCMTK's encoder (dcmcjpeg, process 14 with its optimised Huffman tables) at 8, 12, 14 and 16
  /// bits, every predictor, with and without a point transform.
  @Test(arguments: cases)
  func matchesDCMTKOnItsOwnEncoding(bits: Int, predictor: Int, pointTransform: Int) throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (width, height) = (67, 41)
    let header = SampleMammogram.header(rows: height, columns: width, bitsStored: bits)
    let pixels = Self.samples(width: width, height: height, bits: bits)
    let plain = dir.appendingPathComponent("plain.dcm")
    let jpeg = dir.appendingPathComponent("jpeg.dcm")
    try MammogramWriter.write(header, pixels: pixels, to: plain)
    let encode = try ExternalTool.run(
      "dcmcjpeg", ["+el", "+sv", "\(predictor)", "+pt", "\(pointTransform)", plain.path, jpeg.path])
    #expect(encode.status == 0, "\(encode.text)")
    let decoded = try bothDecoders(jpeg, width: width, height: height)
    if pointTransform == 0 { #expect(decoded == pixels) }
  }

  /// The stream the tests' own encoder writes for `pixels` (see lossless_jpeg_encode.py).
  private func encoded(
    _ pixels: [UInt16], width: Int, height: Int, bits: Int, predictor: Int, pointTransform: Int = 0,
    restartRows: Int = 0, in dir: URL
  ) throws -> [UInt8] {
    let raw = dir.appendingPathComponent("samples.raw")
    let stream = dir.appendingPathComponent("stream.jpg")
    try pixels.withUnsafeBytes { Data($0) }.write(to: raw)
    let encoder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Support/lossless_jpeg_encode.py")
    let encode = try ExternalTool.run(
      "python3",
      [
        encoder.path, raw.path, stream.path, "\(width)", "\(height)", "\(bits)", "\(predictor)", "\(pointTransform)",
        "\(restartRows)",
      ])
    #expect(encode.status == 0, "\(encode.text)")
    return [UInt8](try Data(contentsOf: stream))
  }

  /// A lossless JPEG mammogram at `url` whose Pixel Data is `stream` exactly as given.
  private func store(_ stream: [UInt8], width: Int, height: Int, bits: Int, at url: URL) throws {
    let dataset = Dataset()
    var header = SampleMammogram.header(rows: height, columns: width, bitsStored: bits)
    header.transferSyntax = .jpegLossless
    try MammogramAttributes.put(header, into: dataset)
    // DCMTK re-encodes JPEG it has a codec for (dropping the restarts), so the stream is stored
    // under the JPEG 2000 UID, which DCMTK cannot re-encode, and the UID, of the same length, is
    // then replaced in the file by the lossless JPEG one.
    try dataset.putEncapsulated(stream, transferSyntax: .jpeg2000Lossless)
    try dataset.save(to: url.path, transferSyntax: .jpeg2000Lossless, quality: 0)
    var file = [UInt8](try Data(contentsOf: url))
    let from = Array(TransferSyntax.jpeg2000Lossless.rawValue.utf8)
    let to = Array(TransferSyntax.jpegLossless.rawValue.utf8)
    #expect(from.count == to.count)
    var replaced = 0
    for i in 0...(file.count - from.count) where Array(file[i..<(i + from.count)]) == from {
      file.replaceSubrange(i..<(i + from.count), with: to)
      replaced += 1
    }
    #expect(replaced == 1)
    try Data(file).write(to: url)
    // The file holds the stream as written.
    #expect(try Dataset(loading: url, headerOnly: false).encapsulatedFrame().starts(with: stream))
  }

  /// What DCMTK's encoder never writes: restart intervals of whole rows (one row, and three rows
  /// over more than eight intervals, so RST7 wraps to RST0), a comment, a fill byte, 13-bit codes.
  @Test(arguments: [(12, 1, 0, 0), (12, 4, 0, 1), (16, 7, 2, 3), (8, 6, 0, 3), (16, 5, 0, 2)])
  func matchesDCMTKOnRestartIntervals(bits: Int, predictor: Int, pointTransform: Int, restartRows: Int) throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (width, height) = (37, 29)
    let pixels = Self.samples(width: width, height: height, bits: bits)
    let stream = try encoded(
      pixels, width: width, height: height, bits: bits, predictor: predictor, pointTransform: pointTransform,
      restartRows: restartRows, in: dir)
    let url = dir.appendingPathComponent("restart.dcm")
    try store(stream, width: width, height: height, bits: bits, at: url)
    let decoded = try bothDecoders(url, width: width, height: height)
    #expect(decoded == pixels.map { ($0 >> pointTransform) << pointTransform })
  }

  /// A valid stream this decoder declines (one component with 2 x 2 sampling factors, which
  /// change nothing for a single component) is decoded by DCMTK through MammogramDecoder, to the
  /// image the same stream with 1 x 1 factors gives through densa's decoder.
  @Test func whatItDeclinesMammogramDecoderHandsToDCMTK() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (width, height, bits) = (37, 29, 12)
    let pixels = Self.samples(width: width, height: height, bits: bits)
    let stream = try encoded(pixels, width: width, height: height, bits: bits, predictor: 1, in: dir)
    // SOF3's one component: identifier, then the sampling factors byte.
    let sof = (0..<(stream.count - 1)).first { stream[$0] == 0xFF && stream[$0 + 1] == 0xC3 }!
    #expect(stream[sof + 11] == 0x11)
    var twoByTwo = stream
    twoByTwo[sof + 11] = 0x22
    #expect(throws: LosslessJPEG.Declined.self) { try LosslessJPEG.decode(twoByTwo, width: width, height: height) }
    let ours = dir.appendingPathComponent("ours.dcm")
    let dcmtk = dir.appendingPathComponent("dcmtk.dcm")
    try store(stream, width: width, height: height, bits: bits, at: ours)
    try store(twoByTwo, width: width, height: height, bits: bits, at: dcmtk)
    let a = try MammogramDecoder.decode(ours)
    let b = try MammogramDecoder.decode(dcmtk)
    #expect(a.width == b.width && a.height == b.height)
    #expect(a.pixels == b.pixels)
  }

  /// A damaged or unsupported stream is declined with a reason, never decoded into garbage or
  /// past its buffers.
  @Test func declinesDamagedAndUnsupportedStreams() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let (width, height) = (67, 41)
    var header = SampleMammogram.header(rows: height, columns: width, bitsStored: 12)
    header.transferSyntax = .jpegLosslessSV1
    let url = dir.appendingPathComponent("sv1.dcm")
    try MammogramWriter.write(header, pixels: Self.samples(width: width, height: height, bits: 12), to: url)
    let frame = try Dataset(loading: url, headerOnly: false).encapsulatedFrame()

    func declined(_ bytes: [UInt8], width: Int = 67, height: Int = 41) -> LosslessJPEG.Declined? {
      do {
        _ = try LosslessJPEG.decode(bytes, width: width, height: height)
        return nil
      } catch { return error }
    }
    #expect(declined(frame) == nil)
    #expect(declined(Array(frame.prefix(frame.count / 2)))?.message.contains("ends early") == true)
    #expect(declined(frame, width: 66)?.message.contains("67 x 41") == true)
    #expect(declined(Array(frame.dropFirst(2)))?.message.contains("start of image") == true)
    // SOF3 → SOF1 (extended DCT): valid JPEG, not this decoder's.
    var other = frame
    let sof = (0..<(other.count - 1)).first { other[$0] == 0xFF && other[$0 + 1] == 0xC3 }!
    other[sof + 1] = 0xC1
    #expect(declined(other)?.unsupported == true)
    // Every truncation and every single flipped byte of the header: declined or decoded, no crash.
    for n in stride(from: 0, to: frame.count, by: max(1, frame.count / 64)) { _ = declined(Array(frame.prefix(n))) }
    for i in 0..<min(frame.count, 400) {
      var flipped = frame
      flipped[i] ^= 0x5A
      _ = declined(flipped)
    }
  }
}
