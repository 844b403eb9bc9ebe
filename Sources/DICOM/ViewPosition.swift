/// The mammographic projection of an image, from View Code Sequence (0054,0220) (DICOM CID 4014)
/// or View Position (0018,5101).
public enum ViewPosition: String, Sendable, Codable, CaseIterable, Hashable {
  case cc = "CC"
  case mlo = "MLO"
  case ml = "ML"
  case lm = "LM"
  case lmo = "LMO"
  case xccl = "XCCL"
  case xccm = "XCCM"
  case fb = "FB"
  case sio = "SIO"
  case iso = "ISO"

  /// Whether this is one of the two projections of a standard screening exam.
  public var isScreening: Bool { self == .cc || self == .mlo }
}
