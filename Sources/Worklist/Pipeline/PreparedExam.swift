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

  /// Decodes and preprocesses every chosen view; a view that fails is left out and explained.
  init(exam: Exam, model: DensityModel, maxDimension: Int) {
    self.exam = exam
    var views = [View]()
    var problems = [String]()
    for (standard, image) in exam.views.sorted(by: { $0.key < $1.key }) {
      do {
        let pixels = try MammogramDecoder.decode(image.url, maxDimension: maxDimension)
        let input = try model.prepare(pixels, laterality: standard.laterality)
        views.append(View(standard: standard, image: image, pixels: pixels, input: input))
      } catch {
        problems.append("\(standard.rawValue) \(image.url.lastPathComponent): \(error)")
      }
    }
    self.views = views
    self.problems = problems
  }
}
