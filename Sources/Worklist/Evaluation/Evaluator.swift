import BIRADS
import Classifier
import DICOM

/// Runs a model over labelled exams and computes the evaluation figures.
public struct Evaluator: Sendable {
  public let model: DensityModel
  public var viewCombination: ViewCombination

  public init(model: DensityModel, viewCombination: ViewCombination = .mean) {
    self.model = model
    self.viewCombination = viewCombination
  }

  public func evaluate(
    _ exams: [Exam], truth: GroundTruth, progress: @Sendable (Int, Int) -> Void = { _, _ in }
  ) async -> EvaluationResult {
    var viewMatrix = ConfusionMatrix()
    var examMatrix = ConfusionMatrix()
    var failed = [String]()
    var viewConfidences = [Double]()
    var viewCorrect = [Bool]()
    var examConfidences = [Double]()
    var examCorrect = [Bool]()
    let labelled = exams.compactMap { exam in
      truth.entry(accession: exam.accessionNumber, studyInstanceUID: exam.studyInstanceUID).map { (exam, $0) }
    }
    let p = model.card.preprocessing
    let maxDimension = 2 * max(p.inputHeight, p.inputWidth)
    let model = self.model
    let rule = viewCombination
    await prefetching(labelled.map(\.0)) { exam in
      PreparedExam(exam: exam, model: model, maxDimension: maxDimension)
    } consume: { (index, prepared) throws(Never) in
      let entry = labelled[index].1
      let predictions = model.predict(prepared.views.map(\.input))
      var densities = [ViewDensity]()
      for (view, prediction) in zip(prepared.views, predictions) {
        let label = entry.label(for: view.standard.laterality)
        viewMatrix.add(reference: label, predicted: prediction.probabilities.category)
        viewConfidences.append(prediction.probabilities.confidence)
        viewCorrect.append(prediction.probabilities.category == label)
        densities.append(
          ViewDensity(
            laterality: view.standard.laterality, view: view.standard.rawValue, probabilities: prediction.probabilities)
        )
      }
      if let exam = ExamDensity(views: densities, rule: rule) {
        examMatrix.add(reference: entry.exam, predicted: exam.category)
        examConfidences.append(exam.confidence)
        examCorrect.append(exam.category == entry.exam)
      } else {
        failed.append("\(prepared.exam.accessionNumber ?? prepared.exam.studyInstanceUID): no usable view")
      }
      progress(index + 1, labelled.count)
    }
    return EvaluationResult(
      modelName: model.identity.name, modelVersion: model.identity.version, modelSHA256: model.identity.sha256,
      modelPrecision: model.identity.precision.rawValue,
      labels: truth.source, views: EvaluationMetrics(viewMatrix), exams: EvaluationMetrics(examMatrix),
      unlabelled: exams.count - labelled.count, failed: failed, temperature: model.card.temperature,
      viewCalibration: ReliabilityBins(confidences: viewConfidences, correct: viewCorrect),
      examCalibration: ReliabilityBins(confidences: examConfidences, correct: examCorrect))
  }
}
