import BIRADS
import Foundation

/// What densa's per-exam Structured Report says, as plain values; ``DensityReportWriter`` encodes
/// it as a Comprehensive 3D SR following TID 1500 (IHE AI Results).
public struct DensityReport: Sendable {
  /// One classified view and the image it came from.
  public struct View: Sendable {
    public var image: Mammogram
    public var laterality: Laterality
    public var viewName: String
    public var composition: BreastComposition
    /// Probabilities of a, b, c, d.
    public var probabilities: [Double]

    public init(
      image: Mammogram, laterality: Laterality, viewName: String, composition: BreastComposition,
      probabilities: [Double]
    ) {
      self.image = image
      self.laterality = laterality
      self.viewName = viewName
      self.composition = composition
      self.probabilities = probabilities
    }
  }

  /// One breast, its views combined.
  public struct Breast: Sendable {
    public var laterality: Laterality
    public var composition: BreastComposition
    public var probabilities: [Double]
    /// Expected category on 1…4.
    public var score: Double

    public init(laterality: Laterality, composition: BreastComposition, probabilities: [Double], score: Double) {
      self.laterality = laterality
      self.composition = composition
      self.probabilities = probabilities
      self.score = score
    }
  }

  /// The algorithm that produced the findings (TID 4019), which is also the device observer
  /// (TID 1004) and the contributing equipment (IHE AIR's "Processing Algorithm").
  public struct Algorithm: Sendable {
    public var name: String
    public var version: String
    /// Lower-case hex SHA-256 of the weights file (followed by ` precision=…` when not fp32): the
    /// text of TID 4019's Algorithm Parameters after `weights sha256=`.
    public var weightsSHA256: String
    /// The Device UID of the algorithm, one per weights and precision: the Device Observer UID
    /// (DCM 121012) and the Contributing Equipment's Device UID (0018,1002).
    public var deviceUID: String

    public init(name: String, version: String, weightsSHA256: String, deviceUID: String) {
      self.name = name
      self.version = version
      self.weightsSHA256 = weightsSHA256
      self.deviceUID = deviceUID
    }
  }

  /// An earlier SR of the same exam that this one replaces (PS3.3 C.17.2.3, Predecessor Documents
  /// Sequence): written when late images or a re-run give a new result.
  public struct Predecessor: Sendable, Hashable {
    public var studyInstanceUID: String
    public var seriesInstanceUID: String
    public var sopClassUID: String
    public var sopInstanceUID: String

    public init(studyInstanceUID: String, seriesInstanceUID: String, sopClassUID: String, sopInstanceUID: String) {
      self.studyInstanceUID = studyInstanceUID
      self.seriesInstanceUID = seriesInstanceUID
      self.sopClassUID = sopClassUID
      self.sopInstanceUID = sopInstanceUID
    }
  }

  public var views: [View]
  public var breasts: [Breast]
  public var examComposition: BreastComposition?
  public var algorithm: Algorithm
  /// A statement every reader must see (e.g. trained on synthetic phantoms, not for clinical use).
  public var notice: String?
  public var seriesInstanceUID: String
  public var sopInstanceUID: String
  public var contentDate: Date
  /// densa's version, written as the software version.
  public var softwareVersion: String
  /// The SRs this one supersedes, oldest first (empty for a first result).
  public var predecessors: [Predecessor]
  /// The MQSA density sentence (21 CFR 900.12(c)(1)(vi)) for the model's exam composition, written
  /// as the model's suggestion; nil when there is no exam composition.
  public var suggestedDensityStatement: String?
  /// Why the exam could not be fully assessed (qualitative evaluations, `99DENSA` Assessment
  /// limitation); empty for a complete exam.
  public var limitations: [AssessmentLimitation]
  /// Mammograms of the study that no view came from, listed in the image library and the evidence
  /// only when no view was classified (an exam of non-standard views): the SR then says what was
  /// there and why it has no density.
  public var unclassifiedImages: [Mammogram]
  /// The patient's previous exam's composition and whether this exam crosses the dense line since.
  public var prior: PriorDensity?
  /// Why the model's exam density is uncertain (low top-two margin, breasts on both sides of b/c),
  /// written as a TEXT qualitative evaluation; nil when it is not.
  public var uncertainty: String?

  /// The previous exam's density, for the document's qualitative evaluations.
  public struct PriorDensity: Sendable {
    public var composition: BreastComposition
    /// This exam's composition and the prior's are on different sides of dense (c, d).
    public var crossesDenseBoundary: Bool

    public init(composition: BreastComposition, crossesDenseBoundary: Bool) {
      self.composition = composition
      self.crossesDenseBoundary = crossesDenseBoundary
    }
  }

  public init(
    views: [View], breasts: [Breast], examComposition: BreastComposition?, algorithm: Algorithm, notice: String?,
    seriesInstanceUID: String, sopInstanceUID: String, contentDate: Date, softwareVersion: String,
    predecessors: [Predecessor] = [], suggestedDensityStatement: String? = nil,
    limitations: [AssessmentLimitation] = [], unclassifiedImages: [Mammogram] = [], prior: PriorDensity? = nil,
    uncertainty: String? = nil
  ) {
    self.prior = prior
    self.uncertainty = uncertainty
    self.limitations = limitations
    self.unclassifiedImages = unclassifiedImages
    self.predecessors = predecessors
    self.suggestedDensityStatement = suggestedDensityStatement
    self.views = views
    self.breasts = breasts
    self.examComposition = examComposition
    self.algorithm = algorithm
    self.notice = notice
    self.seriesInstanceUID = seriesInstanceUID
    self.sopInstanceUID = sopInstanceUID
    self.contentDate = contentDate
    self.softwareVersion = softwareVersion
  }
}

/// DICOM UIDs in the `2.25` form (PS3.5 §B.2): a 128-bit number written in decimal.
public enum DICOMUID {
  /// The UID of the first 16 bytes of `bytes` (a hash or a UUID).
  public static func fromBytes(_ bytes: [UInt8]) -> String {
    precondition(bytes.count >= 16, "a 2.25 UID needs 128 bits")
    // Long division of the big-endian 128-bit number by 10.
    var words = (0..<4).map { i in bytes[(4 * i)..<(4 * i + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) } }
    var digits = [Character]()
    while words.contains(where: { $0 != 0 }) {
      var remainder: UInt64 = 0
      for i in words.indices {
        let value = remainder << 32 | UInt64(words[i])
        words[i] = UInt32(value / 10)
        remainder = value % 10
      }
      digits.append(Character(String(remainder)))
    }
    return "2.25." + (digits.isEmpty ? "0" : String(digits.reversed()))
  }

  /// A new random UID.
  public static func random() -> String {
    let uuid = UUID().uuid
    return fromBytes([
      uuid.0, uuid.1, uuid.2, uuid.3, uuid.4, uuid.5, uuid.6, uuid.7, uuid.8, uuid.9, uuid.10, uuid.11, uuid.12,
      uuid.13, uuid.14, uuid.15,
    ])
  }
}
