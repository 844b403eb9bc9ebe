import Foundation

/// A mammogram found on disk: where it is and what its header says.
public struct ScannedImage: Sendable, Hashable {
  public var url: URL
  public var mammogram: Mammogram

  public init(url: URL, mammogram: Mammogram) {
    self.url = url
    self.mammogram = mammogram
  }
}

/// A screening exam: one study with the image chosen for each of the four views.
public struct Exam: Sendable {
  public enum Status: String, Sendable, Codable {
    case complete
    case incomplete
  }

  public var studyInstanceUID: String
  public var accessionNumber: String?
  public var patientID: String
  public var studyDate: String?
  /// The chosen image per standard view; a missing view has no entry.
  public var views: [StandardView: ScannedImage]
  /// Every image of the study, chosen or not.
  public var images: [ScannedImage]
  /// Why the exam is not simply four clean views: missing, ambiguous or unusable images.
  public var problems: [String]

  /// Complete when all four views were found.
  public var status: Status { views.count == StandardView.allCases.count ? .complete : .incomplete }
}
