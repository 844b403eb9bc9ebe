import BIRADS

/// The breast-density paragraph of an exam's patient lay summary (21 CFR 900.12(c)(2)(iii)-(iv)),
/// for the density that stands: the radiologist's, from the exam's report. The model's density is
/// never used here; until the report states a density there is no paragraph.
public struct DensityLetter: Sendable, Codable, Equatable {
  public var accession: String?
  public var studyInstanceUID: String
  /// The report's exam composition, a-d, or nil while the report is missing or states none.
  public var reportDensity: String?
  /// `dense` (c, d) or `not-dense` (a, b); nil without a report density.
  public var category: String?
  /// The regulation's English paragraph; nil without a report density.
  public var paragraph: String?
  /// A Spanish rendering, labelled as a translation; nil without a report density.
  public var spanish: ExamResultDocument.SuggestedDensityStatementSection.Translation?
  public var regulation: String

  /// The letter of an exam whose report says `reportDensity` (nil: no density yet).
  public init(accession: String?, studyInstanceUID: String, reportDensity: BreastComposition?) {
    self.accession = accession
    self.studyInstanceUID = studyInstanceUID
    self.reportDensity = reportDensity?.rawValue
    category = reportDensity.map { $0.isDense ? "dense" : "not-dense" }
    paragraph = reportDensity.map(MQSADensityStatement.laySummary)
    spanish = reportDensity.map {
      .init(text: MQSASpanishTranslation.laySummary($0), label: MQSASpanishTranslation.label)
    }
    regulation = "21 CFR 900.12(c)(2)(iii)-(iv)"
  }
}
