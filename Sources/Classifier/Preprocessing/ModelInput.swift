/// A preprocessed view: the tensor the network reads and the geometry that maps it back.
public struct ModelInput: Sendable {
  /// `channels * height * width` values, channel-major (CHW), normalised with the options'
  /// mean and standard deviation.
  public var tensor: [Float]
  public var channels: Int
  public var height: Int
  public var width: Int
  /// How the tensor relates to the original view.
  public var geometry: PreprocessingGeometry

  public init(tensor: [Float], channels: Int, height: Int, width: Int, geometry: PreprocessingGeometry) {
    self.tensor = tensor
    self.channels = channels
    self.height = height
    self.width = width
    self.geometry = geometry
  }
}
