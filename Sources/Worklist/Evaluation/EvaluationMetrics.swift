import BIRADS
import Classifier

/// The study's Table I figures for one level (views or exams), plus Cohen's kappa.
public struct EvaluationMetrics: Sendable, Codable, Equatable {
  public var samples: Int
  public var accuracy: Double?
  public var macroF1: Double?
  public var perClassF1: [String: Double]
  public var perClassRecall: [String: Double]
  public var perClassPrecision: [String: Double]
  public var kappa: Double?
  public var kappaLinear: Double?
  public var kappaQuadratic: Double?
  /// Truth (rows a…d) against prediction (columns).
  public var confusion: ConfusionMatrix

  public init(_ m: ConfusionMatrix) {
    func perClass(_ f: (BreastComposition) -> Double?) -> [String: Double] {
      var d = [String: Double]()
      for c in BreastComposition.allCases { if let v = f(c) { d[c.rawValue] = v } }
      return d
    }
    samples = m.total
    accuracy = m.accuracy
    macroF1 = m.macroF1
    perClassF1 = perClass(m.f1)
    perClassRecall = perClass(m.recall)
    perClassPrecision = perClass(m.precision)
    kappa = m.kappa(.unweighted)
    kappaLinear = m.kappa(.linear)
    kappaQuadratic = m.kappa(.quadratic)
    confusion = m
  }
}

/// A model evaluated on a labelled set.
public struct EvaluationResult: Sendable, Codable, Equatable {
  public var modelName: String
  public var modelVersion: String
  public var modelSHA256: String
  /// fp32 or bf16: the arithmetic the model ran in.
  public var modelPrecision: String
  public var labels: String
  /// Per view: each view against its breast's truth.
  public var views: EvaluationMetrics
  /// Per exam: the exam density (denser breast) against the exam's truth.
  public var exams: EvaluationMetrics
  /// Exams without a label, and exams that could not be classified.
  public var unlabelled: Int
  public var failed: [String]
  /// The softmax temperature of the model's card (1 when uncalibrated).
  public var temperature: Double = 1
  /// Top-class confidence against accuracy in 15 bins, and the expected calibration error: per
  /// view (against its breast's truth) and per exam (deciding breast against the exam's truth).
  public var viewCalibration: ReliabilityBins? = nil
  public var examCalibration: ReliabilityBins? = nil
  /// The reliability diagram PNG, when one was written.
  public var reliabilityDiagram: String? = nil
}
