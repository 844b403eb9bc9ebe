/// The mammographic projection of an image, from View Code Sequence (0054,0220) or View Position (0018,5101).
///
/// Codes are SNOMED CT (scheme `SCT`); the legacy SNOMED RT (`SRT`) codes are accepted when reading.
public enum ViewPosition: String, Sendable, Codable, CaseIterable, Hashable {
  /// Cranio-caudal, SCT 399162004 (SRT R-10242).
  case cc = "CC"
  /// Medio-lateral oblique, SCT 399368009 (SRT R-10226).
  case mlo = "MLO"
  /// Medio-lateral, SCT 399260004.
  case ml = "ML"
  /// Latero-medial, SCT 399352003.
  case lm = "LM"
  /// Exaggerated cranio-caudal (laterally), SCT 399192008.
  case xccl = "XCCL"
  /// Exaggerated cranio-caudal (medially), SCT 399101009.
  case xccm = "XCCM"
  /// Latero-medial oblique, SCT 399099002.
  case lmo = "LMO"
  /// Superolateral to inferomedial oblique, SCT 399188001.
  case sio = "SIO"
  /// Cleavage view, SCT 399265009.
  case cv = "CV"
  /// From below, SCT 399196006.
  case fb = "FB"

  /// Whether this is one of the two projections of a standard screening exam.
  public var isScreening: Bool { self == .cc || self == .mlo }
}
