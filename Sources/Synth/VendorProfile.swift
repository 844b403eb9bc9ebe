/// How a mammography unit writes its images: matrix, pixel spacing, bits, photometric
/// interpretation and the transfer syntax its archive keeps. Values typical of each vendor's
/// full-field digital units.
public struct VendorProfile: Sendable {
  public var manufacturer: String
  public var model: String
  public var rows: Int
  public var columns: Int
  public var spacing: Double
  public var bitsStored: Int
  public var photometric: PhotometricInterpretation
  public var transferSyntax: TransferSyntax

  public static let all: [VendorProfile] = [
    VendorProfile(
      manufacturer: "HOLOGIC, Inc.", model: "Selenia Dimensions", rows: 4096, columns: 3328, spacing: 0.07,
      bitsStored: 12, photometric: .monochrome2, transferSyntax: .explicitVRLittleEndian),
    VendorProfile(
      manufacturer: "GE MEDICAL SYSTEMS", model: "Senographe Essential", rows: 2294, columns: 1914, spacing: 0.1,
      bitsStored: 14, photometric: .monochrome1, transferSyntax: .jpegLosslessSV1),
    VendorProfile(
      manufacturer: "SIEMENS", model: "Mammomat Inspiration", rows: 3328, columns: 2560, spacing: 0.085,
      bitsStored: 12, photometric: .monochrome2, transferSyntax: .jpeg2000Lossless),
    VendorProfile(
      manufacturer: "FUJIFILM Corporation", model: "AMULET Innovality", rows: 3540, columns: 2816, spacing: 0.05,
      bitsStored: 12, photometric: .monochrome1, transferSyntax: .jpegLSLossless),
  ]
}
