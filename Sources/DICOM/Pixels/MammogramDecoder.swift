import CDCMTK
import Foundation

/// Decodes a mammogram's pixels into a display-ready ``GrayImage``: intensities 0...1 after the
/// modality and VOI transforms, dense tissue bright (MONOCHROME1 inverted), optionally reduced.
public enum MammogramDecoder {
  /// Decodes `url`. With `maxDimension`, the image is reduced (area averaging) so its longer side
  /// fits; JPEG 2000 is then decoded at the smallest sufficient resolution level.
  /// - Parameter anyModality: decode any grayscale image, not only modality MG (for test objects
  ///   stored as Secondary Capture).
  /// - Parameter budget: an image whose header (or JPEG 2000 codestream) declares more pixels is
  ///   refused before anything is allocated for it.
  public static func decode(
    _ url: URL, maxDimension: Int? = nil, anyModality: Bool = false, budget: PixelBudget = .standard
  ) throws(DICOMError) -> GrayImage {
    let file = try Loaded(url, anyModality: anyModality, budget: budget)
    let (samples, width, height) = try storedSamples(
      file.dataset, file.mammogram, url: url, maxDimension: maxDimension, budget: budget, frames: file.frames)
    return image(samples, width: width, height: height, of: file.mammogram, maxDimension: maxDimension)
  }

  /// Decodes two files as ``decode(_:maxDimension:anyModality:budget:)`` does each, with the same
  /// results; two JPEG-LS frames are decoded together on the calling thread, which takes less time
  /// than one after the other (the pair fills the waits of each frame's sample-to-sample chain).
  public static func decode(
    pair first: URL, _ second: URL, maxDimension: Int? = nil, anyModality: Bool = false,
    budget: PixelBudget = .standard
  ) -> [Result<GrayImage, DICOMError>] {
    let urls = [first, second]
    let files = urls.map { url in
      Result { () throws(DICOMError) in try Loaded(url, anyModality: anyModality, budget: budget) }
    }
    var decoded: [Result<[UInt16], JPEGLS.Declined>?] = [nil, nil]
    if case .success(let a) = files[0], case .success(let b) = files[1], let frameA = a.jpegLSFrame,
      let frameB = b.jpegLSFrame
    {
      let pair = JPEGLS.decode(pair: frameA, frameB)
      decoded = [pair.first, pair.second]
    }
    return (0..<2).map { i -> Result<GrayImage, DICOMError> in
      let file: Loaded
      switch files[i] {
      case .failure(let error): return .failure(error)
      case .success(let loaded): file = loaded
      }
      let m = file.mammogram
      if case .success(let samples) = decoded[i] {
        return .success(image(samples, width: m.columns, height: m.rows, of: m, maxDimension: maxDimension))
      }
      // Not a pair, or declined there: the one-file path (which hands the declined to DCMTK).
      return Result { () throws(DICOMError) in
        let (samples, width, height) = try storedSamples(
          file.dataset, m, url: urls[i], maxDimension: maxDimension, budget: budget, frames: file.frames)
        return image(samples, width: width, height: height, of: m, maxDimension: maxDimension)
      }
    }
  }

  /// A file read and checked up to its pixels: its attributes, and its frame count within budget.
  struct Loaded {
    var dataset: Dataset
    var mammogram: Mammogram
    var frames: Int

    init(_ url: URL, anyModality: Bool, budget: PixelBudget) throws(DICOMError) {
      dataset = try Dataset(loading: url, headerOnly: false)
      mammogram = try MammogramReader.attributes(of: dataset, url: url, anyModality: anyModality)
      guard dataset.hasPixelData else { throw DICOMError(url, .noPixelData) }
      // Number of Frames (IS); a mammogram has one, but a header may claim any number.
      frames = dataset.string(Tag(0x0028, 0x0008)).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 1
      try budget.check(columns: mammogram.columns, rows: mammogram.rows, frames: frames, what: "the image", url: url)
    }

    /// The JPEG-LS frame for densa's own decoder, if this is a single-frame JPEG-LS image.
    var jpegLSFrame: JPEGLS.Frame? {
      let m = mammogram
      guard m.transferSyntax == .jpegLSLossless || m.transferSyntax == .jpegLSNearLossless, frames == 1,
        m.rows > 0, m.columns > 0, let bytes = try? dataset.encapsulatedFrame()
      else { return nil }
      return JPEGLS.Frame(bytes: bytes, width: m.columns, height: m.rows)
    }
  }

  /// The display image of stored samples: the modality and VOI transforms, reduced to fit
  /// `maxDimension`, with the pixel spacing of the result.
  static func image(
    _ samples: [UInt16], width: Int, height: Int, of m: Mammogram, maxDimension: Int?
  ) -> GrayImage {
    let (table, mask) = displayTable(samples, m)
    var image: GrayImage
    let fit =
      maxDimension.map { GrayImage.sizeFitting(width: width, height: height, maxDimension: $0) } ?? (
        width: width, height: height
      )
    if fit != (width, height) {
      // Mapped and reduced in one pass: the full-size display image is never made.
      image = samples.withUnsafeBufferPointer { s in
        table.withUnsafeBufferPointer { t in
          GrayImage(
            areaResizing: s, width: width, height: height, through: t, mask: mask, toWidth: fit.width,
            toHeight: fit.height)
        }
      }
    } else {
      image = display(samples, width: width, height: height, table: table, mask: mask)
    }
    if let spacing = m.pixelSpacing ?? m.imagerPixelSpacing {
      // The stored samples' spacing (a reduced JPEG 2000 level is coarser), then the resampling's.
      let stored = (
        row: spacing[0] * Double(m.rows) / Double(height), column: spacing[1] * Double(m.columns) / Double(width)
      )
      image.pixelSpacing = (
        row: stored.row * Double(height) / Double(image.height),
        column: stored.column * Double(width) / Double(image.width)
      )
    }
    return image
  }

  /// The stored samples (possibly at a reduced JPEG 2000 resolution) and their size.
  static func storedSamples(
    _ d: Dataset, _ m: Mammogram, url: URL, maxDimension: Int?, budget: PixelBudget, frames: Int
  ) throws(DICOMError) -> ([UInt16], Int, Int) {
    switch m.transferSyntax {
    case .jpegLossless, .jpegLosslessSV1, .jpegLSLossless, .jpegLSNearLossless:
      // densa's own decoders first; whatever they decline, DCMTK decodes (or explains).
      let jpegLS = m.transferSyntax == .jpegLSLossless || m.transferSyntax == .jpegLSNearLossless
      if frames == 1, m.rows > 0, m.columns > 0, let frame = try? d.encapsulatedFrame(),
        let samples = try? jpegLS
          ? JPEGLS.decode(frame, width: m.columns, height: m.rows)
          : LosslessJPEG.decode(frame, width: m.columns, height: m.rows)
      {
        return (samples, m.columns, m.rows)
      }
      return try dcmtkSamples(d, m, url: url)
    case .jpeg2000, .jpeg2000Lossless:
      let codestream: [UInt8]
      do { codestream = try d.encapsulatedFrame() } catch { throw DICOMError(url, .pixelDecoding(error.message)) }
      // The codestream carries its own size; OpenJPEG would allocate whatever it says.
      var size: (width: Int32, height: Int32, components: Int32) = (0, 0, 0)
      guard densa_j2k_size(codestream, codestream.count, &size.width, &size.height, &size.components) == 0 else {
        throw DICOMError(
          url,
          .pixelDecoding(
            "not a decodable JPEG 2000 codestream, or one declaring more than \(DENSA_J2K_MAX_PIXELS >> 20) Mpixels "
              + "or \(DENSA_J2K_MAX_TILES) tiles"))
      }
      try budget.check(
        columns: Int(size.width), rows: Int(size.height), frames: 1, what: "the JPEG 2000 codestream", url: url)
      guard size.components == 1 else {
        throw DICOMError(
          url, .pixelDecoding("the JPEG 2000 codestream has \(size.components) components; a grayscale image has 1"))
      }
      guard Int(size.width) <= m.columns && Int(size.height) <= m.rows else {
        throw DICOMError(
          url,
          .pixelDecoding(
            "the JPEG 2000 codestream is \(size.width) × \(size.height) pixels but the header declares "
              + "\(m.columns) × \(m.rows)"))
      }
      var reduce = 0
      if let maxDimension {
        let levels = Int(densa_j2k_levels(codestream, codestream.count))
        while reduce < levels && max(m.rows, m.columns) >> (reduce + 1) >= maxDimension { reduce += 1 }
      }
      var out: UnsafeMutablePointer<UInt16>?
      var width: Int32 = 0
      var height: Int32 = 0
      var error = [CChar](repeating: 0, count: 512)
      let status = densa_j2k_decode(
        codestream, codestream.count, Int32(reduce), &out, &width, &height, &error, error.count)
      guard status == 0, let out else { throw DICOMError(url, .pixelDecoding(String(cBuffer: error))) }
      defer { densa_j2k_free(out) }
      return (Array(UnsafeBufferPointer(start: out, count: Int(width) * Int(height))), Int(width), Int(height))
    default:
      return try dcmtkSamples(d, m, url: url)
    }
  }

  /// The samples as DCMTK's codecs decode them.
  static func dcmtkSamples(_ d: Dataset, _ m: Mammogram, url: URL) throws(DICOMError) -> ([UInt16], Int, Int) {
    do {
      return (try d.decodedSamples(count: m.rows * m.columns), m.columns, m.rows)
    } catch {
      throw DICOMError(url, .pixelDecoding(error.message))
    }
  }

  /// The display intensity of every raw sample value (masked to bits stored), and that mask.
  static func displayTable(_ samples: [UInt16], _ m: Mammogram) -> (table: [Float], mask: Int) {
    let mask = m.bitsStored >= 16 ? 0xFFFF : (1 << m.bitsStored) - 1
    let count = mask + 1
    let signBit = 1 << (m.bitsStored - 1)
    // Raw sample (masked to bits stored) → its value, sign-extended when Pixel Representation is 1.
    let signed = m.pixelRepresentation == 1
    func value(_ raw: Int) -> Int { signed && raw & signBit != 0 ? raw - count : raw }
    var transform = VOITransform()
    transform.slope = m.rescaleSlope ?? 1
    transform.intercept = m.rescaleIntercept ?? 0
    transform.invert = m.photometricInterpretation == .monochrome1
    var observed = 0.0...1.0
    if let c = m.windowCenter.first, let w = m.windowWidth.first, w > 0 {
      transform.window = (c, w)
      transform.function = m.voiLUTFunction.flatMap(VOITransform.Function.init(rawValue:)) ?? .linear
    } else if let lut = m.voiLUT {
      transform.lut = lut
    } else {
      // No window and no VOI LUT: stretch the values present.
      var present = [Bool](repeating: false, count: count)
      for s in samples { present[Int(s) & mask] = true }
      let values = present.indices.filter { present[$0] }.map(value)
      let a = Double(values.min() ?? 0) * transform.slope + transform.intercept
      let b = Double(values.max() ?? 0) * transform.slope + transform.intercept
      observed = min(a, b)...max(a, b)
    }
    let table = (0..<count).map { raw in
      Float(transform.display(Double(value(raw)) * transform.slope + transform.intercept, range: observed))
    }
    return (table, mask)
  }

  /// Stored samples to display intensities through `table`, at full size.
  static func display(_ samples: [UInt16], width: Int, height: Int, table: [Float], mask: Int) -> GrayImage {
    var pixels = [Float](repeating: 0, count: samples.count)
    table.withUnsafeBufferPointer { lut in
      samples.withUnsafeBufferPointer { src in
        pixels.withUnsafeMutableBufferPointer { dst in
          for i in 0..<src.count { dst[i] = lut[Int(src[i]) & mask] }
        }
      }
    }
    return GrayImage(width: width, height: height, pixels: pixels)
  }
}
