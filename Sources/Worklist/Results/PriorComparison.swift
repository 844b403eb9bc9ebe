import BIRADS

/// This exam's density against the patient's previous exam: the prior's density, where it comes
/// from, and whether the exam crosses the dense (c, d) / not-dense (a, b) line since then, the
/// change that alters the patient's letter.
public struct PriorComparison: Sendable, Codable, Equatable {
  /// `prior-report`: the density the stored prior exam's report states; `prior-model`: densa's
  /// result for the stored prior exam, whose report states none; `current-report`: this exam's
  /// report states the prior's density (no earlier exam in the store).
  public var source: String
  /// The prior's composition, a…d.
  public var priorComposition: String
  public var priorStudyDate: String?
  public var priorAccession: String?
  /// This exam's composition by the model, and whether it is on the other side of dense from the prior.
  public var composition: String
  public var crossesDenseBoundary: Bool
  /// This exam's report density, when it states one, and whether that crosses the line since the prior.
  public var reportComposition: String?
  public var reportCrossesDenseBoundary: Bool?

  /// Compares `model` (and `report`, this exam's report density) with the stored prior exam, else
  /// with the prior's density this exam's report states; nil when there is neither.
  public init?(
    stored: StoredPrior?, statedPrior: BreastComposition?, model: BreastComposition, report: BreastComposition?
  ) {
    let prior: BreastComposition
    if let stored {
      prior = stored.reportDensity ?? stored.modelComposition
      source = stored.reportDensity == nil ? "prior-model" : "prior-report"
      priorStudyDate = stored.studyDate
      priorAccession = stored.accession
    } else if let statedPrior {
      prior = statedPrior
      source = "current-report"
      priorStudyDate = nil
      priorAccession = nil
    } else {
      return nil
    }
    priorComposition = prior.rawValue
    composition = model.rawValue
    crossesDenseBoundary = model.isDense != prior.isDense
    reportComposition = report?.rawValue
    reportCrossesDenseBoundary = report.map { $0.isDense != prior.isDense }
  }

  /// The prior's composition as a category.
  public var prior: BreastComposition? { BreastComposition(rawValue: priorComposition) }
}

/// The latest earlier exam of the same patient that the store holds a result for.
public struct StoredPrior: Sendable, Equatable {
  public var studyInstanceUID: String
  public var accession: String?
  public var studyDate: String?
  /// The model's exam composition of its latest result.
  public var modelComposition: BreastComposition
  /// The density its report states, if any.
  public var reportDensity: BreastComposition?

  public init(
    studyInstanceUID: String, accession: String?, studyDate: String?, modelComposition: BreastComposition,
    reportDensity: BreastComposition?
  ) {
    self.studyInstanceUID = studyInstanceUID
    self.accession = accession
    self.studyDate = studyDate
    self.modelComposition = modelComposition
    self.reportDensity = reportDensity
  }
}
