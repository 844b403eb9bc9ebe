import Foundation
import Testing

@testable import DICOM

/// Two JPEG-LS frames decoded together (`densa_jpegls_decode_pair`) give what each gives alone.
@Suite struct JPEGLSPairTests {
  /// A dcmcjpls encoding of the test samples at `bits`, `width` × `height`, with `options`.
  private func encoded(
    _ options: [String], width: Int, height: Int, bits: Int, in dir: URL
  ) throws -> (frame: [UInt8], url: URL) {
    let name = "\(width)x\(height)-\(bits)-\(options.joined())"
    let plain = dir.appendingPathComponent("\(name)-plain.dcm")
    let url = dir.appendingPathComponent("\(name).dcm")
    let header = SampleMammogram.header(rows: height, columns: width, bitsStored: bits)
    try MammogramWriter.write(header, pixels: JPEGLSTests.samples(width: width, height: height, bits: bits), to: plain)
    let encode = try ExternalTool.run("dcmcjpls", options + [plain.path, url.path])
    #expect(encode.status == 0, "\(encode.text)")
    return (try Dataset(loading: url, headerOnly: false).encapsulatedFrame(), url)
  }

  private func single(_ frame: JPEGLS.Frame) -> Result<[UInt16], JPEGLS.Declined> {
    Result { () throws(JPEGLS.Declined) in try JPEGLS.decode(frame.bytes, width: frame.width, height: frame.height) }
  }

  /// Pairs of two sizes and bit depths: both lossless, both near-lossless with the same NEAR
  /// (decoded interleaved), and lossless beside near-lossless or two NEARs (decoded one by one).
  static let pairs: [(first: [String], second: [String])] = [
    ([], []), (["+en"], ["+en"]), ([], ["+en"]), (["+en", "+md", "5"], ["+en"]),
    (["+t1", "5", "+t2", "9", "+t3", "30", "+rs", "32"], ["+in"]), (["+pc"], []),
  ]

  @Test(arguments: pairs)
  func aPairDecodesAsEachFrameDoesAlone(first: [String], second: [String]) throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let a = JPEGLS.Frame(
      bytes: try encoded(first, width: 83, height: 47, bits: 12, in: dir).frame, width: 83, height: 47)
    let b = JPEGLS.Frame(
      bytes: try encoded(second, width: 131, height: 29, bits: 16, in: dir).frame, width: 131, height: 29)
    // Both lossless or both near-lossless (any NEAR): interleaved; one of each: one by one.
    let interleaved = first.contains("+en") == second.contains("+en")
    for (x, y) in [(a, b), (b, a), (a, a)] {
      let (px, py, together) = JPEGLS.decode(pair: x, y)
      #expect(together == (interleaved || (x.bytes == y.bytes)))
      let (sx, sy) = (try single(x).get(), try single(y).get())
      #expect(try px.get() == sx)
      #expect(try py.get() == sy)
    }
  }

  /// A damaged frame keeps the error it has alone, and its partner still decodes in full.
  @Test func aDamagedFrameDoesNotTakeItsPartnerWithIt() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let good = JPEGLS.Frame(
      bytes: try encoded([], width: 83, height: 47, bits: 12, in: dir).frame, width: 83, height: 47)
    let whole = try encoded([], width: 97, height: 61, bits: 10, in: dir).frame
    let damaged: [JPEGLS.Frame] = [
      JPEGLS.Frame(bytes: Array(whole.prefix(whole.count / 2)), width: 97, height: 61),  // truncated scan
      JPEGLS.Frame(bytes: whole, width: 96, height: 61),  // not the size the header says
      JPEGLS.Frame(bytes: Array(whole.dropFirst(2)), width: 97, height: 61),  // no start of image
      JPEGLS.Frame(bytes: [], width: 97, height: 61),
    ]
    let expected = try single(good).get()
    for bad in damaged {
      guard case .failure(let alone) = single(bad) else {
        Issue.record("the damaged frame decoded alone")
        continue
      }
      for swapped in [false, true] {
        let (first, second, together) = swapped ? JPEGLS.decode(pair: good, bad) : JPEGLS.decode(pair: bad, good)
        #expect(!together)
        let (goodResult, badResult) = swapped ? (first, second) : (second, first)
        #expect(try goodResult.get() == expected)
        guard case .failure(let paired) = badResult else {
          Issue.record("the damaged frame decoded in a pair")
          continue
        }
        #expect(paired.message == alone.message && paired.unsupported == alone.unsupported)
      }
    }
  }

  /// Through MammogramDecoder: a pair of files gives the images two single decodes give, whether
  /// both are JPEG-LS, one is not, or one cannot be read.
  @Test func mammogramDecoderPairsGiveTheSingleImages() throws {
    let dir = try SampleMammogram.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let lossless = try encoded([], width: 83, height: 47, bits: 12, in: dir).url
    let near = try encoded(["+en"], width: 131, height: 29, bits: 16, in: dir).url
    let plain = dir.appendingPathComponent("83x47-12--plain.dcm")
    let missing = dir.appendingPathComponent("missing.dcm")
    for (x, y) in [(lossless, near), (near, lossless), (lossless, plain), (plain, missing), (missing, near)] {
      let paired = MammogramDecoder.decode(pair: x, y, maxDimension: 40)
      #expect(paired.count == 2)
      for (url, result) in zip([x, y], paired) {
        switch (result, Result { () throws(DICOMError) in try MammogramDecoder.decode(url, maxDimension: 40) }) {
        case (.success(let p), .success(let s)):
          #expect(p.pixels == s.pixels && p.width == s.width && p.height == s.height)
          #expect(p.pixelSpacing?.row == s.pixelSpacing?.row && p.pixelSpacing?.column == s.pixelSpacing?.column)
        case (.failure(let p), .failure(let s)):
          #expect("\(p)" == "\(s)")
        default:
          Issue.record("\(url.lastPathComponent): paired \(result), alone differs")
        }
      }
    }
  }
}
