import Classifier
import DICOM
import Foundation
import Reports

/// How `densa process` runs.
public struct ProcessOptions: Sendable {
  /// Results go under `outputDirectory/exams/<exam>/<model>/`.
  public var outputDirectory: URL
  /// Write Grad-CAM overlays per view.
  public var heatmaps: Bool
  /// Write a DICOM SR per exam.
  public var structuredReports: Bool
  /// How reports are paired with studies.
  public var pairing: PairingRules
  /// How a breast's views are combined.
  public var viewCombination: ViewCombination
  /// Views are decoded with their longer side at most this size (nil: twice the model input).
  public var decodeMaxDimension: Int?
  /// Exams that already have a result from these weights are processed again and the new result
  /// supersedes the old one (new SR referencing its predecessor; the old files and row are kept).
  /// Off for `densa process` (a rerun skips what is done); on for the node's late images.
  public var supersedeExisting: Bool
  /// An image declaring more pixels than this is refused before it is decoded.
  public var pixelBudget: PixelBudget
  /// An exam whose top-two probability margin is below this is flagged uncertain
  /// (`classification.uncertainMargin`; ``ExamUncertainty``).
  public var uncertainMargin: Double = ExamUncertainty.defaultMarginThreshold

  public init(
    outputDirectory: URL, heatmaps: Bool = true, structuredReports: Bool = true, pairing: PairingRules = .init(),
    viewCombination: ViewCombination = .mean, decodeMaxDimension: Int? = nil,
    supersedeExisting: Bool = false, pixelBudget: PixelBudget = .standard
  ) {
    self.pixelBudget = pixelBudget
    self.supersedeExisting = supersedeExisting
    self.outputDirectory = outputDirectory
    self.heatmaps = heatmaps
    self.structuredReports = structuredReports
    self.pairing = pairing
    self.viewCombination = viewCombination
    self.decodeMaxDimension = decodeMaxDimension
  }
}
