import Foundation

/// A Study Root C-FIND at STUDY level: studies with a modality, within a range of study dates.
public struct StudyQuery: Sendable, Hashable {
  /// Matched against Modalities in Study.
  public var modality: String
  /// First study date, YYYYMMDD, inclusive; nil for no lower bound.
  public var studyDateFrom: String?
  /// Last study date, YYYYMMDD, inclusive; nil for no upper bound.
  public var studyDateTo: String?

  public init(modality: String = "MG", studyDateFrom: String? = nil, studyDateTo: String? = nil) {
    self.modality = modality
    self.studyDateFrom = studyDateFrom
    self.studyDateTo = studyDateTo
  }

  /// The Study Date matching key: `FROM-TO`, `FROM-`, `-TO`, or empty for any date.
  var dateRange: String {
    switch (studyDateFrom, studyDateTo) {
    case (nil, nil): ""
    case (let from?, let to?) where from == to: from
    default: "\(studyDateFrom ?? "")-\(studyDateTo ?? "")"
    }
  }

  func problem() -> String? {
    for date in [studyDateFrom, studyDateTo].compactMap({ $0 })
    where date.utf8.count != 8 || !date.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
      return "study date '\(date)' is not YYYYMMDD"
    }
    if let from = studyDateFrom, let to = studyDateTo, from > to { return "study dates \(from) to \(to) are reversed" }
    if modality.isEmpty || modality.utf8.count > 16 || modality.contains("\\") {
      return "modality '\(modality)' is not one code string"
    }
    return nil
  }
}

/// One study a C-FIND returned.
public struct StudyMatch: Sendable, Hashable {
  public var studyInstanceUID: String
  public var accessionNumber: String
  public var patientID: String
  public var studyDate: String
  /// Empty when the peer does not support Modalities in Study (DCMTK's dcmqrscp).
  public var modalitiesInStudy: [String]
  /// Nil when the peer did not return Number of Study Related Instances.
  public var numberOfStudyRelatedInstances: Int?

  public init(
    studyInstanceUID: String, accessionNumber: String, patientID: String, studyDate: String,
    modalitiesInStudy: [String], numberOfStudyRelatedInstances: Int?
  ) {
    self.studyInstanceUID = studyInstanceUID
    self.accessionNumber = accessionNumber
    self.patientID = patientID
    self.studyDate = studyDate
    self.modalitiesInStudy = modalitiesInStudy
    self.numberOfStudyRelatedInstances = numberOfStudyRelatedInstances
  }
}

/// How a C-MOVE ended: its final status and sub-operation counts.
public struct MoveOutcome: Sendable, Hashable {
  public var status: UInt16
  public var completed: Int
  public var failed: Int
  public var warning: Int
  /// Sub-operations not performed (a cancelled or failed move).
  public var remaining: Int

  public init(status: UInt16, completed: Int, failed: Int, warning: Int, remaining: Int) {
    self.status = status
    self.completed = completed
    self.failed = failed
    self.warning = warning
    self.remaining = remaining
  }

  /// Every sub-operation succeeded.
  public var isSuccess: Bool { status == DIMSEStatus.success && failed == 0 }
}

/// What became of one file in a C-STORE.
public struct StoreOutcome: Sendable, Hashable {
  public var file: URL
  /// Empty when the file could not be read.
  public var sopInstanceUID: String
  /// The peer's C-STORE status; nil when the instance was not sent or no response came.
  public var status: UInt16?
  /// Why there is no status, or what a failure status means.
  public var problem: String?

  public init(file: URL, sopInstanceUID: String, status: UInt16?, problem: String?) {
    self.file = file
    self.sopInstanceUID = sopInstanceUID
    self.status = status
    self.problem = problem
  }

  /// The peer answered success or a warning: it has the instance.
  public var isSuccess: Bool { status.map(DIMSEStatus.isSuccessOrWarning) ?? false }
}
