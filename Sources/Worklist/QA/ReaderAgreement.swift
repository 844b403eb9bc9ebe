import BIRADS

/// One reading radiologist's reports audited against the model: what a QA lead asks for first,
/// since radiologists' dense rates range from 6 % to 85 % (Sprague et al. 2016).
public struct ReaderAgreement: Sendable, Codable, Equatable {
  /// The normalised name, or nil for reports that name no reader.
  public var reader: String?
  /// Exams of this reader with a result from the model.
  public var exams: Int
  /// Exams whose report states a density (the ones compared).
  public var withDensity: Int
  /// Exams where report and model give the same category.
  public var agree: Int
  public var agreement: Double?
  /// Wilson 95 % interval of `agreement`.
  public var agreementInterval: ConfidenceInterval?
  /// Cohen's unweighted kappa, report against model.
  public var kappa: Double?
  /// Fleiss–Cohen–Everitt asymptotic 95 % interval of `kappa`.
  public var kappaInterval: ConfidenceInterval?
  /// Share of this reader's reports calling the breasts dense (c or d).
  public var denseRate: Double?
  public var denseRateInterval: ConfidenceInterval?
  /// The model's dense rate on the same exams, for comparison.
  public var modelDenseRate: Double?
  public var modelDenseRateInterval: ConfidenceInterval?
  /// Report (rows) against model (columns).
  public var confusion: ConfusionMatrix

  /// Figures from the pairs of one reader.
  public init(reader: String?, exams: Int, pairs: [(report: BreastComposition, model: BreastComposition)]) {
    self.reader = reader
    self.exams = exams
    confusion = ConfusionMatrix(pairs: pairs.map { (reference: $0.report, predicted: $0.model) })
    withDensity = pairs.count
    agree = confusion.agreements
    agreement = confusion.accuracy
    agreementInterval = ConfidenceInterval.wilson(successes: agree, of: withDensity)
    let k = ConfidenceInterval.kappa(confusion)
    kappa = k?.kappa
    kappaInterval = k?.interval
    let dense = pairs.filter { $0.report.isDense }.count
    let modelDense = pairs.filter { $0.model.isDense }.count
    denseRate = withDensity == 0 ? nil : Double(dense) / Double(withDensity)
    denseRateInterval = ConfidenceInterval.wilson(successes: dense, of: withDensity)
    modelDenseRate = withDensity == 0 ? nil : Double(modelDense) / Double(withDensity)
    modelDenseRateInterval = ConfidenceInterval.wilson(successes: modelDense, of: withDensity)
  }
}
