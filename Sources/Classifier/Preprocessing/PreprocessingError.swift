/// Why a view could not be turned into a model input.
public enum PreprocessingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The options in a model card are inconsistent (the field is named).
  case invalidOptions(field: String, reason: String)
  /// No tissue could be told apart from the background (a blank or constant view).
  case noBreastFound(width: Int, height: Int)
  /// The view holds NaN or infinite samples.
  case nonFiniteSamples(count: Int)

  public var description: String {
    switch self {
    case .invalidOptions(let field, let reason):
      "preprocessing options: \(field) \(reason)"
    case .noBreastFound(let width, let height):
      "no breast tissue found in the \(width)x\(height) view (blank or constant image)"
    case .nonFiniteSamples(let count):
      "the view holds \(count) non-finite samples"
    }
  }
}
