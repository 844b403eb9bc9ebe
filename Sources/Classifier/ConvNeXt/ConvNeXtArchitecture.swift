/// The shape of a ConvNeXt: blocks per stage, channels per stage, classes. Inferred from the
/// tensors of a timm `state_dict`, so custom depths and widths load as well as the named variants.
public struct ConvNeXtArchitecture: Sendable, Hashable, CustomStringConvertible {
  /// Blocks in each of the stages.
  public var depths: [Int]
  /// Channels of each stage.
  public var dims: [Int]
  /// Input channels of the stem.
  public var inputChannels: Int
  /// Outputs of the head.
  public var classes: Int

  public init(depths: [Int], dims: [Int], inputChannels: Int = 3, classes: Int) {
    self.depths = depths
    self.dims = dims
    self.inputChannels = inputChannels
    self.classes = classes
  }

  /// timm's named variants, by depths and widths.
  public static let variants: [(name: String, depths: [Int], dims: [Int])] = [
    ("atto", [2, 2, 6, 2], [40, 80, 160, 320]),
    ("femto", [2, 2, 6, 2], [48, 96, 192, 384]),
    ("pico", [2, 2, 6, 2], [64, 128, 256, 512]),
    ("nano", [2, 2, 8, 2], [80, 160, 320, 640]),
    ("tiny", [3, 3, 9, 3], [96, 192, 384, 768]),
    ("small", [3, 3, 27, 3], [96, 192, 384, 768]),
    ("base", [3, 3, 27, 3], [128, 256, 512, 1024]),
    ("large", [3, 3, 27, 3], [192, 384, 768, 1536]),
    ("xlarge", [3, 3, 27, 3], [256, 512, 1024, 2048]),
  ]

  /// A named variant with `classes` outputs, or nil for an unknown name.
  public static func named(_ name: String, classes: Int) -> ConvNeXtArchitecture? {
    guard let v = variants.first(where: { $0.name == name }) else { return nil }
    return ConvNeXtArchitecture(depths: v.depths, dims: v.dims, classes: classes)
  }

  /// The timm variant name (`convnext_tiny`…) or `custom`.
  public var variantName: String {
    if let v = Self.variants.first(where: { $0.depths == depths && $0.dims == dims }) {
      return "convnext_\(v.name)"
    }
    return "custom"
  }

  /// Floating-point operations (2 per multiply-add of convolutions and linear layers) for one
  /// image of `height`×`width`.
  public func flops(height: Int, width: Int) -> Double {
    var total = 0.0
    var h = height / 4
    var w = width / 4
    total += Double(h * w * dims[0] * inputChannels * 16)
    for (s, c) in dims.enumerated() {
      if s > 0 {
        h /= 2
        w /= 2
        total += Double(h * w * c * dims[s - 1] * 4)
      }
      let perBlock = Double(h * w) * (Double(c * 49) + Double(8 * c * c))
      total += perBlock * Double(depths[s])
    }
    total += Double(dims.last! * classes)
    return 2 * total
  }

  public var description: String {
    "\(variantName) depths \(depths) dims \(dims), \(classes) classes"
  }
}
