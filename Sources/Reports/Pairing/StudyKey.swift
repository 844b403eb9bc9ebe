/// What the report reader needs to know about an imaging study to pair it with its report; the
/// pipeline fills it from DICOM (this module does not see DICOM types).
public struct StudyKey: Sendable, Hashable {
  public var accession: String?
  public var patientID: String?
  /// YYYYMMDD.
  public var studyDate: String?
  public var studyInstanceUID: String

  public init(accession: String?, patientID: String?, studyDate: String?, studyInstanceUID: String) {
    self.accession = accession
    self.patientID = patientID
    self.studyDate = studyDate
    self.studyInstanceUID = studyInstanceUID
  }
}
