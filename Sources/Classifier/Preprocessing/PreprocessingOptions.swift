/// How a view becomes a model input. Stored in the model card, so training export and inference
/// always use the same values.
public struct PreprocessingOptions: Sendable, Codable, Hashable {
  /// Model input height in pixels, a multiple of 32.
  public var inputHeight: Int
  /// Model input width in pixels, a multiple of 32.
  public var inputWidth: Int
  /// Per-channel mean subtracted after intensities are scaled to `0...1`; its count is the number
  /// of input channels (the gray image is replicated into each).
  public var mean: [Float]
  /// Per-channel standard deviation the centred intensities are divided by.
  public var std: [Float]
  /// Crop to the segmented breast before resizing.
  public var cropToBreast: Bool
  /// Margin added around the breast's bounding box, as a fraction of the view's longer side.
  public var cropMargin: Double

  public init(
    inputHeight: Int = 512, inputWidth: Int = 512, mean: [Float] = [0.485, 0.456, 0.406],
    std: [Float] = [0.229, 0.224, 0.225], cropToBreast: Bool = true, cropMargin: Double = 0.03
  ) {
    self.cropMargin = cropMargin
    self.inputHeight = inputHeight
    self.inputWidth = inputWidth
    self.mean = mean
    self.std = std
    self.cropToBreast = cropToBreast
  }

  private enum CodingKeys: String, CodingKey {
    case inputHeight, inputWidth, mean, std, cropToBreast, cropMargin
  }

  /// Decodes a model card's options; cards written before `cropMargin` existed get its default.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      inputHeight: try c.decode(Int.self, forKey: .inputHeight),
      inputWidth: try c.decode(Int.self, forKey: .inputWidth),
      mean: try c.decode([Float].self, forKey: .mean), std: try c.decode([Float].self, forKey: .std),
      cropToBreast: try c.decode(Bool.self, forKey: .cropToBreast),
      cropMargin: try c.decodeIfPresent(Double.self, forKey: .cropMargin) ?? 0.03)
  }

  /// Number of input channels of the model.
  public var channels: Int { mean.count }
}
