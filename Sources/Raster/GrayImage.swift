/// A single-channel floating-point image, row-major, the currency between modules.
///
/// Decoded mammograms, synthetic phantoms and model inputs all travel as `GrayImage`. By
/// convention intensities are in `0...1` with dense tissue bright (MONOCHROME1 already inverted).
public struct GrayImage: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// `width * height` samples, row by row.
  public var pixels: [Float]
  /// Physical size of a pixel in mm (row spacing, column spacing), when known.
  public var pixelSpacing: (row: Double, column: Double)?

  public init(width: Int, height: Int, pixels: [Float], pixelSpacing: (row: Double, column: Double)? = nil) {
    precondition(width > 0 && height > 0, "an image has at least one pixel")
    precondition(pixels.count == width * height, "pixel count \(pixels.count) does not match \(width)x\(height)")
    self.width = width
    self.height = height
    self.pixels = pixels
    self.pixelSpacing = pixelSpacing
  }

  /// A black image of the given size.
  public init(width: Int, height: Int) {
    self.init(width: width, height: height, pixels: [Float](repeating: 0, count: width * height))
  }

  public subscript(x: Int, y: Int) -> Float {
    get { pixels[y * width + x] }
    set { pixels[y * width + x] = newValue }
  }

  public static func == (lhs: GrayImage, rhs: GrayImage) -> Bool {
    lhs.width == rhs.width && lhs.height == rhs.height && lhs.pixels == rhs.pixels
      && lhs.pixelSpacing?.row == rhs.pixelSpacing?.row && lhs.pixelSpacing?.column == rhs.pixelSpacing?.column
  }
}
