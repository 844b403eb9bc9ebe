/// The transfer syntaxes a mammography archive holds, all of which densa reads (and writes).
public enum TransferSyntax: String, Sendable, Codable, CaseIterable, Hashable {
  case implicitVRLittleEndian = "1.2.840.10008.1.2"
  case explicitVRLittleEndian = "1.2.840.10008.1.2.1"
  /// JPEG Baseline (process 1), 8-bit only.
  case jpegBaseline = "1.2.840.10008.1.2.4.50"
  /// JPEG Extended (process 2 & 4), up to 12 bits.
  case jpegExtended = "1.2.840.10008.1.2.4.51"
  /// JPEG Lossless, non-hierarchical (process 14).
  case jpegLossless = "1.2.840.10008.1.2.4.57"
  /// JPEG Lossless, first-order prediction (process 14, selection value 1).
  case jpegLosslessSV1 = "1.2.840.10008.1.2.4.70"
  case jpegLSLossless = "1.2.840.10008.1.2.4.80"
  case jpegLSNearLossless = "1.2.840.10008.1.2.4.81"
  case jpeg2000Lossless = "1.2.840.10008.1.2.4.90"
  case jpeg2000 = "1.2.840.10008.1.2.4.91"
  case rleLossless = "1.2.840.10008.1.2.5"

  /// Whether decoding returns exactly the encoded samples.
  public var isLossless: Bool {
    switch self {
    case .jpegBaseline, .jpegExtended, .jpegLSNearLossless, .jpeg2000: false
    default: true
    }
  }
}
