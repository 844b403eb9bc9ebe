import BIRADS
import DICOM
import Reports

/// An exam with the density its report states, per side when the report gives sides.
public struct LabelledExam: Sendable {
  public var exam: Exam
  public var density: BreastComposition
  public var right: BreastComposition?
  public var left: BreastComposition?

  /// The label of one view: the side's own density when the report gives it, else the exam's.
  public func label(for view: StandardView) -> BreastComposition {
    (view.laterality == .right ? right : left) ?? density
  }
}

/// Exams labelled from their paired reports, and what was left out.
public struct ReportLabels: Sendable {
  public var exams: [LabelledExam] = []
  /// Exams left out, by reason: no-report, absent, ambiguous, contradictory.
  public var excluded: [String: Int] = [:]

  /// Pairs reports with exams and keeps those whose report states a clear density.
  public init(exams: [Exam], reports: [Report], rules: PairingRules) {
    let keys = exams.map {
      StudyKey(
        accession: $0.accessionNumber, patientID: $0.patientID, studyDate: $0.studyDate,
        studyInstanceUID: $0.studyInstanceUID)
    }
    let paired = pairReports(reports, with: keys, rules: rules)
    var byStudy = [String: Report]()
    for pair in paired.pairs { byStudy[pair.study.studyInstanceUID] = pair.report }
    let extractor = ReportExtractor()
    for exam in exams {
      guard let report = byStudy[exam.studyInstanceUID] else {
        excluded["no-report", default: 0] += 1
        continue
      }
      let findings = extractor.extract(report.text)
      guard let density = findings.density else {
        excluded[findings.status.rawValue, default: 0] += 1
        continue
      }
      self.exams.append(LabelledExam(exam: exam, density: density, right: findings.right, left: findings.left))
    }
  }

  /// Labels from known ground truth (a synthetic set's manifest), per breast.
  public init(exams: [Exam], truth: GroundTruth) {
    for exam in exams {
      guard let entry = truth.entry(accession: exam.accessionNumber, studyInstanceUID: exam.studyInstanceUID) else {
        excluded["no-label", default: 0] += 1
        continue
      }
      self.exams.append(LabelledExam(exam: exam, density: entry.exam, right: entry.right, left: entry.left))
    }
  }
}
