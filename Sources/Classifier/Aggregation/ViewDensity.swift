/// The classifier's output for one view.
public struct ViewDensity: Sendable, Hashable, Codable {
  public var laterality: Laterality
  /// The view's name as the caller knows it (e.g. "CC", "MLO"), kept for the outputs.
  public var view: String
  public var probabilities: DensityProbabilities

  public init(laterality: Laterality, view: String, probabilities: DensityProbabilities) {
    self.laterality = laterality
    self.view = view
    self.probabilities = probabilities
  }
}
