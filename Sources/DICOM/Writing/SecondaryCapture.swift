import Foundation

/// A rendered picture to store as a Secondary Capture Image (1.2.840.10008.5.1.4.1.1.7) in the
/// study it was derived from: 8-bit RGB, text burned in. ``SecondaryCaptureWriter`` encodes it.
public struct SecondaryCapture: Sendable {
  /// The image whose patient and study attributes the capture copies.
  public var study: Mammogram
  /// The images the picture was derived from (Source Image Sequence).
  public var sourceImages: [Mammogram]
  public var seriesInstanceUID: String
  public var sopInstanceUID: String
  public var seriesNumber: Int
  public var seriesDescription: String
  /// Derivation Description (0008,2111): how the picture was made, in words.
  public var derivationDescription: String
  /// The writing software's name and version, e.g. `densa 0.14`.
  public var softwareVersion: String
  public var contentDate: Date
  public var width: Int
  public var height: Int
  /// `width * height * 3` samples, R, G, B interleaved, row by row.
  public var rgb: [UInt8]

  public init(
    study: Mammogram, sourceImages: [Mammogram], seriesInstanceUID: String, sopInstanceUID: String,
    seriesNumber: Int, seriesDescription: String, derivationDescription: String, softwareVersion: String,
    contentDate: Date, width: Int, height: Int, rgb: [UInt8]
  ) {
    self.study = study
    self.sourceImages = sourceImages
    self.seriesInstanceUID = seriesInstanceUID
    self.sopInstanceUID = sopInstanceUID
    self.seriesNumber = seriesNumber
    self.seriesDescription = seriesDescription
    self.derivationDescription = derivationDescription
    self.softwareVersion = softwareVersion
    self.contentDate = contentDate
    self.width = width
    self.height = height
    self.rgb = rgb
  }
}
