import Foundation

/// Why a DICOM file could not be read, decoded or written, with the file it concerns.
public struct DICOMError: Error, CustomStringConvertible, Equatable {
  public enum Reason: Equatable, Sendable {
    /// DCMTK could not parse the file at all; the text says why in plain words (empty, not DICOM,
    /// truncated at byte N, or DCMTK's own reason).
    case unreadable(String)
    /// Parsed, but it has none of the attributes of a DICOM image.
    case notDICOM
    case missingAttribute(String)
    case invalidAttribute(String, String)
    case notMammography(modality: String)
    case noPixelData
    case unsupportedTransferSyntax(String)
    case pixelDecoding(String)
    /// The image is larger than the ``PixelBudget``; the text gives its size and the limit.
    case tooLarge(String)
    case writing(String)
  }

  public var file: String
  public var reason: Reason

  public init(_ url: URL, _ reason: Reason) {
    self.file = url.path
    self.reason = reason
  }

  public var description: String { "\(file): \(reasonText)" }

  /// The reason alone, for tables that already show the file.
  public var reasonText: String {
    switch reason {
    case .unreadable(let why): why
    case .notDICOM: "not a DICOM file (no SOP Class UID, no image attributes)"
    case .missingAttribute(let name): "missing required attribute \(name)"
    case .invalidAttribute(let name, let value): "invalid \(name) '\(value)'"
    case .notMammography(let modality): "not a mammogram (modality \(modality.isEmpty ? "missing" : modality))"
    case .noPixelData: "no pixel data"
    case .unsupportedTransferSyntax(let uid): "unsupported transfer syntax \(uid)"
    case .pixelDecoding(let why): "pixel data cannot be decoded (\(why))"
    case .tooLarge(let why): "image too large to decode: \(why)"
    case .writing(let why): "cannot write (\(why))"
    }
  }
}
