/// The attributes of one digital mammogram that densa reads and writes.
///
/// This is the contract between the reader (`MammogramReader`), the writer (`MammogramWriter`)
/// and exam assembly. Optional fields are the ones real archives leave out.
public struct Mammogram: Sendable, Codable, Hashable {
  // Patient
  public var patientID: String
  public var patientName: String
  /// DICOM DA, `YYYYMMDD`.
  public var patientBirthDate: String?
  public var patientSex: String?

  // Study
  public var studyInstanceUID: String
  public var accessionNumber: String?
  public var studyID: String?
  /// DICOM DA, `YYYYMMDD`.
  public var studyDate: String?
  /// DICOM TM, `HHMMSS`.
  public var studyTime: String?
  public var studyDescription: String?
  public var referringPhysicianName: String?

  // Series and instance
  public var seriesInstanceUID: String
  public var seriesNumber: Int?
  public var sopInstanceUID: String
  public var sopClassUID: String
  public var instanceNumber: Int?
  /// DICOM DT of acquisition, used to prefer the latest retake.
  public var acquisitionDateTime: String?
  public var modality: String

  // Equipment
  public var manufacturer: String?
  public var manufacturerModelName: String?

  // Image semantics
  public var imageType: [String]
  public var presentationIntent: PresentationIntent?
  public var view: ViewPosition?
  public var viewModifiers: Set<ViewModifier>
  public var laterality: Laterality?
  /// Patient Orientation (0020,0020), e.g. `["A", "R"]` for a left CC.
  public var patientOrientation: [String]
  public var breastImplantPresent: Bool?

  // Pixel description
  public var rows: Int
  public var columns: Int
  public var bitsAllocated: Int
  public var bitsStored: Int
  public var pixelRepresentation: Int
  public var photometricInterpretation: PhotometricInterpretation
  /// Pixel Spacing (0028,0030) in mm, row spacing then column spacing.
  public var pixelSpacing: [Double]?
  /// Imager Pixel Spacing (0018,1164) in mm.
  public var imagerPixelSpacing: [Double]?
  public var windowCenter: [Double]
  public var windowWidth: [Double]
  /// VOI LUT Function (0028,1056): `LINEAR`, `LINEAR_EXACT` or `SIGMOID`.
  public var voiLUTFunction: String?
  /// The first VOI LUT of VOI LUT Sequence (0028,3010), used when there is no window.
  public var voiLUT: LookupTable?
  public var rescaleIntercept: Double?
  public var rescaleSlope: Double?
  public var transferSyntax: TransferSyntax

  public init(
    patientID: String, patientName: String, studyInstanceUID: String, seriesInstanceUID: String,
    sopInstanceUID: String, sopClassUID: String, modality: String = "MG", rows: Int, columns: Int,
    bitsStored: Int, photometricInterpretation: PhotometricInterpretation,
    transferSyntax: TransferSyntax = .explicitVRLittleEndian
  ) {
    self.patientID = patientID
    self.patientName = patientName
    self.studyInstanceUID = studyInstanceUID
    self.seriesInstanceUID = seriesInstanceUID
    self.sopInstanceUID = sopInstanceUID
    self.sopClassUID = sopClassUID
    self.modality = modality
    self.imageType = []
    self.viewModifiers = []
    self.patientOrientation = []
    self.rows = rows
    self.columns = columns
    self.bitsAllocated = bitsStored > 8 ? 16 : 8
    self.bitsStored = bitsStored
    self.pixelRepresentation = 0
    self.photometricInterpretation = photometricInterpretation
    self.windowCenter = []
    self.windowWidth = []
    self.transferSyntax = transferSyntax
  }
}
