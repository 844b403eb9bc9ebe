import Classifier
import Crypto
import DICOM
import Foundation
import Raster

/// Renders the scorecard of one classified exam and writes it as a DICOM Secondary Capture in the
/// exam's study, beside the SR.
enum DensityScorecard {
  /// The scorecard's series number (the SR's is 9901).
  static let seriesNumber = 9902

  /// The picture of `classified`: thumbnails from the heatmap overlays already drawn (`overlays`,
  /// by view name), or from the views in gray where no heatmap was computed.
  static func render(
    _ classified: ExamClassification, document: ExamResultDocument, prepared: PreparedExam, model: DensityModel,
    overlays: [String: PNGImage]
  ) throws -> RGBImage {
    let thumbnails = zip(prepared.views, classified.viewDensities).map { view, density in
      let name = view.standard.rawValue
      // Right views hang with the chest wall on the right, left views with it on the left.
      let chestWallOnRight = view.input.geometry.flipped
      let mirrored = view.standard.laterality == .right ? !chestWallOnRight : chestWallOnRight
      return Scorecard.Thumbnail(
        view: name, picture: overlays[name] ?? grayPicture(view.pixels, maxDimension: 1024), mirrored: mirrored,
        composition: density.probabilities.category.rawValue, probability: density.probabilities.confidence)
    }
    let card = model.card
    let notice =
      card.requiresNotice
      ? Scorecard.noticeBanner(
        syntheticPhantoms: card.training?.syntheticPhantoms == true, clinicalUse: card.clinicalUse,
        cardNotice: card.noticeText) : nil
    return try Scorecard.render(document, thumbnails: thumbnails, notice: notice)
  }

  /// Writes `picture` to `url` as a Secondary Capture of the exam; returns its SOP Instance UID.
  /// Its series and instance UIDs, like the SR's, depend only on the study, the model's identity
  /// key and the revision, so a rerun replaces the same object.
  static func write(
    _ picture: RGBImage, prepared: PreparedExam, model: DensityModel, to url: URL, revision: Int = 1
  ) throws -> String {
    guard let first = prepared.views.first?.image.mammogram else {
      throw DICOMError(url, .writing("a scorecard needs at least one classified view"))
    }
    let study = prepared.exam.studyInstanceUID
    let key = model.identity.key
    let capture = SecondaryCapture(
      study: first, sourceImages: prepared.views.map(\.image.mammogram), seriesInstanceUID: uid("series", study, key),
      sopInstanceUID: uid("instance", study, revision > 1 ? "\(key):revision-\(revision)" : key),
      seriesNumber: seriesNumber, seriesDescription: "Breast density scorecard (AI)",
      derivationDescription:
        "densa scorecard: breast composition by \(model.identity.name) \(model.identity.version) with Grad-CAM heatmaps of the source views",
      softwareVersion: "densa \(densaLibraryVersion)", contentDate: Date(), width: picture.width,
      height: picture.height, rgb: picture.samples)
    try SecondaryCaptureWriter.write(capture, to: url)
    return capture.sopInstanceUID
  }

  /// A view in gray for a thumbnail, subsampled to at most `maxDimension` pixels a side.
  static func grayPicture(_ view: GrayImage, maxDimension: Int) -> PNGImage {
    let step = max(1, (max(view.width, view.height) + maxDimension - 1) / maxDimension)
    let w = (view.width + step - 1) / step, h = (view.height + step - 1) / step
    var samples = [UInt8](repeating: 0, count: w * h)
    for y in 0..<h {
      for x in 0..<w {
        samples[y * w + x] = UInt8((255 * min(max(view[x * step, y * step], 0), 1)).rounded())
      }
    }
    return PNGImage(width: w, height: h, channels: .gray, samples: samples)
  }

  private static func uid(_ kind: String, _ study: String, _ key: String) -> String {
    DICOMUID.fromBytes(Array(SHA256.hash(data: Data("densa-scorecard:\(kind):\(study):\(key)".utf8))))
  }
}
