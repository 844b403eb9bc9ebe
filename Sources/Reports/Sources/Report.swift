/// One radiology report as a source delivered it.
public struct Report: Sendable, Hashable {
  /// Result status of the report version (HL7 OBR-25 style).
  public enum Status: String, Sendable, Hashable {
    case preliminary = "P"
    case final = "F"
    case corrected = "C"
  }
  /// Accession number of the study the report describes (or the source's id for it).
  public var accession: String
  public var patientID: String?
  /// Study or observation date, YYYYMMDD.
  public var studyDate: String?
  public var text: String
  /// Where the report came from (file name, file and line, message id), for error messages.
  public var source: String
  public var status: Status
  /// The reading radiologist, when the source names one.
  public var radiologist: String?

  public init(
    accession: String, patientID: String? = nil, studyDate: String? = nil, text: String,
    source: String, status: Status = .final, radiologist: String? = nil
  ) {
    self.accession = accession
    self.patientID = patientID
    self.studyDate = studyDate
    self.text = text
    self.source = source
    self.status = status
    self.radiologist = radiologist
  }
}
