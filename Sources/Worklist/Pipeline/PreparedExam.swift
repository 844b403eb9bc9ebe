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
    // JPEG-LS views go two to a task: densa decodes a pair on one core in less time than the two
    // one after the other (MammogramDecoder.decode(pair:_:)).
    let sorted = exam.views.sorted(by: { $0.key < $1.key })
    let outcomes = parallelMap(Self.tasks(sorted)) { task -> [Result<View, ViewFailure>] in
      let decoded =
        task.count == 2
        ? MammogramDecoder.decode(
          pair: task[0].value.url, task[1].value.url, maxDimension: maxDimension, budget: budget)
        : task.map { view in
          Result { () throws(DICOMError) in
            try MammogramDecoder.decode(view.value.url, maxDimension: maxDimension, budget: budget)
          }
        }
      return zip(task, decoded).map { view, pixels in
        let (standard, image) = view
        do {
          let pixels = try pixels.get()
          let input = try model.prepare(pixels, laterality: standard.laterality)
          return .success(View(standard: standard, image: image, pixels: pixels, input: input))
        } catch {
          return .failure(ViewFailure(message: "\(standard.rawValue) \(image.url.lastPathComponent): \(error)"))
        }
      }
    }.flatMap { $0 }
    var views = [View]()
    var problems = [String]()
    for outcome in outcomes {
      switch outcome {
      case .success(let view): views.append(view)
      case .failure(let failure): problems.append(failure.message)
      }
    }
    // In the views' order, whichever task decoded them.
    self.views = views.sorted { $0.standard < $1.standard }
    self.problems = problems
    decodeSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }
}

extension PreparedExam {
  /// The decoding tasks for an exam's views, in order: JPEG-LS views in pairs, every other view alone.
  static func tasks(_ views: [(key: StandardView, value: ScannedImage)]) -> [[(key: StandardView, value: ScannedImage)]]
  {
    var tasks = [[(key: StandardView, value: ScannedImage)]]()
    var waiting: (key: StandardView, value: ScannedImage)?
    for view in views {
      let syntax = view.value.mammogram.transferSyntax
      guard syntax == .jpegLSLossless || syntax == .jpegLSNearLossless else {
        tasks.append([view])
        continue
      }
      if let first = waiting {
        tasks.append([first, view])
        waiting = nil
      } else {
        waiting = view
      }
    }
    if let last = waiting { tasks.append([last]) }
    return tasks
  }
}

/// A view that could not be decoded or prepared.
struct ViewFailure: Error {
  var message: String
}
