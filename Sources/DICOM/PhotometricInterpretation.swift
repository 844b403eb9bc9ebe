/// Photometric Interpretation (0028,0004) of a grayscale image.
public enum PhotometricInterpretation: String, Sendable, Codable, Hashable {
  /// The minimum sample value is displayed white (dense tissue is dark in stored values).
  case monochrome1 = "MONOCHROME1"
  /// The minimum sample value is displayed black.
  case monochrome2 = "MONOCHROME2"
}
