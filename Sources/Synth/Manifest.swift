import Foundation

/// The ground truth of a synthesised set, written as `manifest.json` (and `manifest.csv`).
public struct Manifest: Codable, Sendable {
  public struct Breast: Codable, Sendable {
    public var composition: BreastComposition
    public var fibroglandularFraction: Double
  }

  public struct Image: Codable, Sendable {
    public var view: String
    public var path: String
    public var sopInstanceUID: String
    public var transferSyntax: String
    /// Why this image is not the plain screening view: "retake", "spot", "for-processing",
    /// "for-processing-only", "implant-displaced", "non-standard" (XCCL for CC, ML for MLO).
    public var quirk: String?
  }

  public struct Exam: Codable, Sendable {
    public var accession: String
    public var patientID: String
    public var studyInstanceUID: String
    public var studyDate: String
    public var manufacturer: String
    public var right: Breast
    public var left: Breast
    /// The denser breast's composition: what the exam is.
    public var composition: BreastComposition
    /// What the report says, or nil when it states no density.
    public var reportDensity: BreastComposition?
    /// The report was planted to disagree with the truth.
    public var plantedDisagreement: Bool
    public var reportPath: String
    public var images: [Image]
    public var quirks: [String]
    /// An earlier study of the same patient.
    public var isPrior: Bool
  }

  public var generator: String
  public var seed: UInt64
  public var syntheticNotForClinicalUse: Bool
  public var exams: [Exam]

  /// One row per exam: identifiers, truth per breast and exam, report density.
  public var csv: String {
    var rows = [
      "accession,patient_id,study_instance_uid,study_date,right,left,exam,right_fraction,left_fraction,report_density,planted_disagreement,images,quirks"
    ]
    for e in exams {
      rows.append(
        [
          e.accession, e.patientID, e.studyInstanceUID, e.studyDate, e.right.composition.rawValue,
          e.left.composition.rawValue, e.composition.rawValue,
          String(format: "%.3f", e.right.fibroglandularFraction), String(format: "%.3f", e.left.fibroglandularFraction),
          e.reportDensity?.rawValue ?? "", e.plantedDisagreement ? "1" : "0", String(e.images.count),
          e.quirks.joined(separator: ";"),
        ].joined(separator: ","))
    }
    return rows.joined(separator: "\n") + "\n"
  }
}
