import Classifier
import DICOM
import Foundation
import Raster

/// An exam whose chosen views are decoded and turned into model inputs, ready for the network.
struct PreparedExam: Sendable {
  struct View: Sendable {
    var standard: StandardView
    var image: ScannedImage
    var pixels: GrayImage
    var input: ModelInput
  }

  var exam: Exam
  var views: [View]
  /// Views that could not be used, one line each (file and reason).
  var problems: [String]
  /// Wall time to decode and preprocess the views (in parallel), for the run's stage figures.
  var decodeSeconds: Double

  /// Decodes and preprocesses every chosen view; a view that fails is left out and explained.
  init(exam: Exam, model: DensityModel, maxDimension: Int, budget: PixelBudget = .standard) {
    self.exam = exam
    let start = DispatchTime.now().uptimeNanoseconds
    // The views decode in parallel: decoding, not the network, is the long pole for small models.
    let outcomes = parallelMap(exam.views.sorted(by: { $0.key < $1.key })) {
      standard, image -> Result<View, ViewFailure> in
      do {
        let pixels = try MammogramDecoder.decode(image.url, maxDimension: maxDimension, budget: budget)
        let input = try model.prepare(pixels, laterality: standard.laterality)
        return .success(View(standard: standard, image: image, pixels: pixels, input: input))
      } catch {
        return .failure(ViewFailure(message: "\(standard.rawValue) \(image.url.lastPathComponent): \(error)"))
      }
    }
    var views = [View]()
    var problems = [String]()
    for outcome in outcomes {
      switch outcome {
      case .success(let view): views.append(view)
      case .failure(let failure): problems.append(failure.message)
      }
    }
    self.views = views
    self.problems = problems
    decodeSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }
}

/// A view that could not be decoded or prepared.
struct ViewFailure: Error {
  var message: String
}
