import BIRADS
import Classifier
import DICOM
import Foundation

/// The structured result of one exam for one model: what `densa process` writes as
/// `result.json`, described by `schemas/exam-result.v1.schema.json`.
public struct ExamResultDocument: Sendable, Codable, Equatable {
  /// `densa-exam-result/1`; bumped with the schema.
  public var schemaVersion: String
  public var generatedAt: String
  public var densaVersion: String
  public var model: ModelSection
  public var exam: ExamSection
  public var views: [ViewSection]
  public var breasts: [BreastSection]
  public var examDensity: ExamDensitySection?
  public var report: ReportSection?
  public var agreement: AgreementSection
  public var structuredReport: StructuredReportSection?
  /// The scorecard, a DICOM Secondary Capture written beside the SR (absent when no SR was
  /// written, and in results written before it existed).
  public var scorecard: StructuredReportSection?
  /// The MQSA density sentence for the model's exam composition, as a suggestion to the
  /// radiologist (absent in results written before it existed).
  public var suggestedDensityStatement: SuggestedDensityStatementSection?
  /// Why the exam could not be fully assessed, coded as in the SR; empty for a complete exam
  /// (absent in results written before it existed).
  public var limitations: [LimitationSection]?
  /// The patient's previous exam: its density and whether this exam crosses the dense line since
  /// then; absent when the store holds no earlier exam and the report states no prior density.
  public var priorComparison: PriorComparison?
  /// Whether the model's exam density is uncertain (``ExamUncertainty``): always written by
  /// results that have an exam density; absent in results written before it existed.
  public var uncertainty: UncertaintySection?

  public static let currentSchemaVersion = "densa-exam-result/1"

  /// The model that produced the result.
  public struct ModelSection: Sendable, Codable, Equatable {
    public var name: String
    public var version: String
    public var sha256: String
    /// `fp32` or `bf16`: the arithmetic of the forward pass. Absent in results written before it
    /// existed, which were fp32.
    public var precision: String?
    public var clinicalUse: Bool
    /// The statement a reader must see (e.g. trained on synthetic phantoms), or nil.
    public var notice: String?
    /// The softmax temperature the card's calibration set (1 when uncalibrated). The weights'
    /// SHA-256 names the model; this says how its probabilities were scaled. Absent in results
    /// written before calibration existed (T = 1).
    public var temperature: Double? = nil
  }

  /// Whether the model's exam density is uncertain, and why.
  public struct UncertaintySection: Sendable, Codable, Equatable {
    public var uncertain: Bool
    /// `low-margin`, `breasts-straddle-b-c`; empty when not uncertain.
    public var reasons: [String]
    /// Probability of the exam's category minus the runner-up's (deciding breast).
    public var margin: Double
    /// `classification.uncertainMargin` in effect.
    public var marginThreshold: Double
    /// The reasons in words, with the numbers; nil when not uncertain.
    public var explanation: String?

    public init(_ u: ExamUncertainty) {
      uncertain = u.isUncertain
      reasons = u.reasons.map(\.rawValue)
      margin = u.margin
      marginThreshold = u.marginThreshold
      explanation = u.isUncertain ? u.explanation : nil
    }
  }

  /// Which exam, and whether it was complete.
  public struct ExamSection: Sendable, Codable, Equatable {
    public var studyInstanceUID: String
    public var accession: String?
    public var patientID: String
    public var studyDate: String?
    public var status: String
    public var missingViews: [String]
    public var problems: [String]
  }

  /// Probabilities in class order a, b, c, d.
  public struct Probabilities: Sendable, Codable, Equatable {
    public var a: Double
    public var b: Double
    public var c: Double
    public var d: Double

    public init(_ values: [Double]) {
      a = values[0]
      b = values[1]
      c = values[2]
      d = values[3]
    }

    public var values: [Double] { [a, b, c, d] }
  }

  /// One classified view.
  public struct ViewSection: Sendable, Codable, Equatable {
    public var view: String
    public var laterality: String
    public var sopInstanceUID: String
    public var file: String
    public var probabilities: Probabilities
    public var composition: String
    /// Heatmap overlay PNG, relative to the result's folder.
    public var heatmap: String?
  }

  /// One breast, its views combined.
  public struct BreastSection: Sendable, Codable, Equatable {
    public var laterality: String
    public var views: [String]
    public var probabilities: Probabilities
    public var composition: String
    public var score: Double
    public var confidence: Double
  }

  /// The exam's density: the denser breast decides.
  public struct ExamDensitySection: Sendable, Codable, Equatable {
    public var composition: String
    public var score: Double
    public var confidence: Double
    public var decidingBreast: String
    public var flags: [String]
  }

  /// What the paired report says.
  public struct ReportSection: Sendable, Codable, Equatable {
    public var source: String
    public var status: String
    public var pairedBy: String
    public var density: String?
    public var right: String?
    public var left: String?
    public var birads: String?
    public var extractionStatus: String
    public var confidence: Double
    public var evidence: [EvidenceSpan]
  }

  /// A character span of the report (offsets in Unicode scalars of the original text).
  public struct EvidenceSpan: Sendable, Codable, Equatable {
    public var start: Int
    public var end: Int
    public var text: String
  }

  /// Model against report.
  public struct AgreementSection: Sendable, Codable, Equatable {
    /// agree, adjacent, major, no-report, no-report-density.
    public var status: String
    public var crossesDenseBoundary: Bool
  }

  /// The model's suggestion of the report's density sentence (21 CFR 900.12(c)(1)(vi)); the
  /// radiologist's report is what counts.
  public struct SuggestedDensityStatementSection: Sendable, Codable, Equatable {
    /// Always `model-suggestion`.
    public var source: String
    public var composition: String
    /// `both`, or `one` for a unilateral exam (singular wording).
    public var breasts: String
    /// The regulation's English sentence.
    public var statement: String
    public var regulation: String
    /// A Spanish rendering, labelled as a translation.
    public var spanish: Translation

    /// A rendering that is not regulatory text.
    public struct Translation: Sendable, Codable, Equatable {
      public var text: String
      public var label: String
    }

    /// The statement for the model's composition of an exam with `breasts` breasts.
    public init(composition: BreastComposition, breasts: MQSADensityStatement.Breasts) {
      source = "model-suggestion"
      self.composition = composition.rawValue
      self.breasts = breasts.rawValue
      statement = MQSADensityStatement.report(composition, breasts: breasts)
      regulation = MQSADensityStatement.source
      spanish = .init(
        text: MQSASpanishTranslation.report(composition, breasts: breasts), label: MQSASpanishTranslation.label)
    }
  }

  /// One reason the exam could not be fully assessed (``AssessmentLimitation``), with its code.
  public struct LimitationSection: Sendable, Codable, Equatable {
    /// `missing-view`, `implant-present`, `for-processing-only`, `unilateral`,
    /// `non-standard-views-only`.
    public var reason: String
    public var code: String
    public var scheme: String
    public var meaning: String
    /// `R` or `L` when the reason concerns one breast (a unilateral exam: the breast imaged).
    public var laterality: String?
    /// The missing view (`R-CC` …).
    public var view: String?

    public init(_ limitation: AssessmentLimitation) {
      reason = limitation.reason
      code = limitation.code.value
      scheme = limitation.code.scheme
      meaning = limitation.code.meaning
      laterality = limitation.laterality?.rawValue
      view = limitation.view?.rawValue
    }
  }

  /// A DICOM object written for the exam (the SR, the scorecard): its file and SOP Instance UID.
  public struct StructuredReportSection: Sendable, Codable, Equatable {
    public var file: String
    public var sopInstanceUID: String
  }
}

extension ExamResultDocument.ModelSection {
  /// The section for `model`: its identity, and the notice its card asks every output to carry.
  init(_ model: DensityModel) {
    self.init(
      name: model.identity.name, version: model.identity.version, sha256: model.identity.sha256,
      precision: model.identity.precision.rawValue, clinicalUse: model.card.clinicalUse,
      notice: model.card.requiresNotice ? model.card.noticeText : nil, temperature: model.card.temperature)
  }
}
