import BIRADS

/// The coded concepts of densa's breast-density SR (TID 1500 with TID 1501 groups and TID 4019).
///
/// Standard codes come from DCM, SCT and UCUM. The per-category probabilities and the continuous
/// score have no standard code; they use densa's private scheme `99DENSA` (PS3.16 §8.2 private
/// coding schemes), documented in DEVELOPERS.md.
public enum DensityReportCodes {
  static let imagingMeasurementReport = CodedConcept("126000", "DCM", "Imaging Measurement Report")
  static let languageOfContent = CodedConcept("121049", "DCM", "Language of Content Item and Descendants")
  static let english = CodedConcept("en-US", "RFC5646", "English (United States)")
  static let observerType = CodedConcept("121005", "DCM", "Observer Type")
  static let device = CodedConcept("121007", "DCM", "Device")
  static let deviceObserverUID = CodedConcept("121012", "DCM", "Device Observer UID")
  static let deviceObserverName = CodedConcept("121013", "DCM", "Device Observer Name")
  static let deviceObserverManufacturer = CodedConcept("121014", "DCM", "Device Observer Manufacturer")
  static let deviceObserverModelName = CodedConcept("121015", "DCM", "Device Observer Model Name")
  static let procedureReported = CodedConcept("121058", "DCM", "Procedure reported")
  /// SCT Mammography: the SR's procedure reported and the ORU's universal service identifier.
  public static let mammography = CodedConcept("71651007", "SCT", "Mammography")
  /// TID 1500 row 4 takes Procedure reported from DCID 100, an extensible group with no
  /// mammography code; densa extends it with SCT Mammography (see DEVELOPERS.md, "CID 100").
  static let cid100Extension = ContextGroupExtension(
    contextIdentifier: "100", contextGroupVersion: "20190121", localVersion: "20261201",
    creatorUID: DICOMUID.fromBytes(DensityReportWriter.stableBytes("densa context group extensions")))
  static let imageLibrary = CodedConcept("111028", "DCM", "Image Library")
  static let imageLibraryGroup = CodedConcept("126200", "DCM", "Image Library Group")
  static let modality = CodedConcept("121139", "DCM", "Modality")
  static let mammographyModality = CodedConcept("MG", "DCM", "Mammography")
  static let targetRegion = CodedConcept("123014", "DCM", "Target Region")
  static let imageLaterality = CodedConcept("111027", "DCM", "Image Laterality")
  static let imageView = CodedConcept("111031", "DCM", "Image View")
  static let pixelDataRows = CodedConcept("110910", "DCM", "Pixel Data Rows")
  static let pixelDataColumns = CodedConcept("110911", "DCM", "Pixel Data Columns")
  static let pixels = CodedConcept("{pixels}", "UCUM", "pixels")
  static let imagingMeasurements = CodedConcept("126010", "DCM", "Imaging Measurements")
  static let measurementGroup = CodedConcept("125007", "DCM", "Measurement Group")
  static let trackingIdentifier = CodedConcept("112039", "DCM", "Tracking Identifier")
  static let trackingUID = CodedConcept("112040", "DCM", "Tracking Unique Identifier")
  static let source = CodedConcept("260753009", "SCT", "Source")
  static let findingSite = CodedConcept("363698007", "SCT", "Finding Site")
  /// Laterality (SCT 272741003) and its values, also used by the HL7 ORU result message.
  public static let laterality = CodedConcept("272741003", "SCT", "Laterality")
  public static let right = CodedConcept("24028007", "SCT", "Right")
  public static let left = CodedConcept("7771000", "SCT", "Left")
  static let qualitativeEvaluations = CodedConcept("C0034375", "UMLS", "Qualitative Evaluations")
  static let comment = CodedConcept("121106", "DCM", "Comment")
  /// TID 4019 algorithm identification, also the ORU result message's algorithm OBX segments.
  public static let algorithmName = CodedConcept("111001", "DCM", "Algorithm Name")
  public static let algorithmVersion = CodedConcept("111003", "DCM", "Algorithm Version")
  public static let algorithmParameters = CodedConcept("111002", "DCM", "Algorithm Parameters")
  static let unitless = CodedConcept("1", "UCUM", "no units")

  /// Breast composition (SCT 129715009), the concept every composition is the value of.
  public static let breastComposition = CodedConcept("129715009", "SCT", "Breast composition")

  /// The SCT value of each ACR BI-RADS composition category.
  public static func composition(_ c: BreastComposition) -> CodedConcept {
    switch c {
    case .a: CodedConcept("129716005", "SCT", "Almost entirely fatty breast")
    case .b: CodedConcept("129717001", "SCT", "Scattered fibroglandular densities")
    case .c: CodedConcept("129718006", "SCT", "Heterogeneously dense breast")
    case .d: CodedConcept("129719003", "SCT", "Extremely dense breast")
    }
  }

  /// The category an SCT composition value stands for.
  public static func composition(forCode value: String) -> BreastComposition? {
    BreastComposition.allCases.first { composition($0).value == value }
  }

  /// IHE AI Results' Purpose of Reference of the contributing equipment that is an AI algorithm
  /// (IHE RAD TF AIR, the code IHE lists as to be replaced by a DICOM code once one is assigned).
  static let processingAlgorithm = CodedConcept("Newcode1", "99IHE", "Processing Algorithm")

  /// `99DENSA` code of the TEXT item that carries the MQSA density sentence (21 CFR
  /// 900.12(c)(1)(vi)) for the model's composition: the model's suggestion, never the radiologist's
  /// statement.
  public static let suggestedDensityStatement = CodedConcept(
    "DENSA-MQSA", "99DENSA", "MQSA density statement suggested by the model")

  /// `99DENSA` code of the TEXT item saying the model's exam density is uncertain and why (top-two
  /// margin below the configured threshold, breasts on both sides of b/c); absent when it is not.
  public static let uncertainDensity = CodedConcept("DENSA-UNCERT", "99DENSA", "Model density uncertain")

  /// `99DENSA` concept name of a qualitative evaluation whose value says why the exam could not be
  /// fully assessed (an ``AssessmentLimitation``'s code).
  public static let assessmentLimitation = CodedConcept("DENSA-LIMIT", "99DENSA", "Assessment limitation")

  /// `99DENSA` concept names of the comparison with the prior exam: its composition (valued with the
  /// SCT composition codes) and whether this exam crosses the dense boundary since (valued Yes/No,
  /// CID 230).
  public static let priorComposition = CodedConcept("DENSA-PRIOR", "99DENSA", "Breast composition of prior exam")
  public static let crossesSincePrior = CodedConcept(
    "DENSA-PRIORX", "99DENSA", "Dense boundary crossed since prior exam")
  /// CID 230 "Yes-No".
  public static let yes = CodedConcept("373066001", "SCT", "Yes")
  public static let no = CodedConcept("373067005", "SCT", "No")

  /// `99DENSA` codes: probability of each category (unitless, 0…1).
  public static func probability(_ c: BreastComposition) -> CodedConcept {
    CodedConcept("DENSA-P\(c.rawValue.uppercased())", "99DENSA", "Probability of breast composition \(c.rawValue)")
  }

  /// `99DENSA` code of the continuous density score: expected category on 1…4 (a = 1, d = 4).
  public static let densityScore = CodedConcept("DENSA-SCORE", "99DENSA", "Breast density score (1-4)")
}
