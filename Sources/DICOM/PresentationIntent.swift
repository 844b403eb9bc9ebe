/// Presentation Intent Type (0008,0068) of a digital mammogram.
public enum PresentationIntent: String, Sendable, Codable, Hashable {
  case forPresentation = "FOR PRESENTATION"
  case forProcessing = "FOR PROCESSING"
}
