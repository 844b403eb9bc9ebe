import COpenBLAS
import Foundation

/// The result of a forward pass.
public struct ConvNeXtOutput: Sendable {
  /// `[image][class]` logits.
  public var logits: [Float]
  /// The last stage's feature map before the head, channels-last `[image][y][x][channel]`:
  /// what Grad-CAM weighs.
  public var featureMap: [Float]
  /// Feature map height, width and channels.
  public var featureHeight: Int
  public var featureWidth: Int
  public var featureChannels: Int
}

/// timm's ConvNeXt, run channels-last on OpenBLAS: the stem, downsampling and pointwise layers are
/// GEMMs, the depthwise convolution, LayerNorm and GELU are kernels of our own.
public final class ConvNeXt: Sendable {
  /// Every parameter, laid out for the forward pass (head parameters included, for Grad-CAM).
  public let weights: ConvNeXtWeights

  /// The model's shape.
  public var architecture: ConvNeXtArchitecture { weights.architecture }

  /// Loads a timm ConvNeXt from a safetensors state_dict.
  public convenience init(file: SafetensorsFile) throws(SafetensorsError) {
    self.init(weights: try ConvNeXtWeights(file: file))
  }

  public init(weights: ConvNeXtWeights) {
    self.weights = weights
  }

  /// Logits `[image][class]` for a batch given as NCHW floats (already normalised).
  public func logits(batch: [Float], n: Int, height: Int, width: Int) -> [Float] {
    forward(batch: batch, n: n, height: height, width: width).logits
  }

  /// Runs the whole network on an NCHW batch; `height` and `width` must be multiples of 32 and
  /// `batch.count == n · channels · height · width`.
  public func forward(batch: [Float], n: Int, height: Int, width: Int) -> ConvNeXtOutput {
    let arch = weights.architecture
    let cin = arch.inputChannels
    precondition(height % 32 == 0 && width % 32 == 0 && height > 0 && width > 0, "input size must be a multiple of 32")
    precondition(batch.count == n * cin * height * width, "batch size does not match n × C × H × W")
    // Largest activation (pixels × channels) any stage holds, and the widest hidden layer.
    var capacity = n * height * width * cin
    var hidden = 0
    do {
      var h = height / 4
      var w = width / 4
      for (s, c) in arch.dims.enumerated() {
        if s > 0 {
          h /= 2
          w /= 2
        }
        capacity = max(capacity, n * h * w * c)
        if let b = weights.blocks[s].first { hidden = max(hidden, n * h * w * b.fc1.outputs) }
      }
    }
    var x = [Float](repeating: 0, count: capacity)  // the residual stream
    var t = [Float](repeating: 0, count: capacity)  // scratch: patches, depthwise out, fc2 out
    var u = [Float](repeating: 0, count: hidden)  // fc1 out
    var h = height / 4
    var w = width / 4
    var c = arch.dims[0]

    x.withUnsafeMutableBufferPointer { xb in
      t.withUnsafeMutableBufferPointer { tb in
        u.withUnsafeMutableBufferPointer { ub in
          let xp = xb.baseAddress!
          let tp = tb.baseAddress!
          let up = ub.baseAddress!
          // NCHW → NHWC into x, then 4×4 patches into t, stem GEMM into x.
          batch.withUnsafeBufferPointer { inb in
            for img in 0..<n {
              for ch in 0..<cin {
                for p in 0..<(height * width) {
                  xp[(img * height * width + p) * cin + ch] = inb[(img * cin + ch) * height * width + p]
                }
              }
            }
          }
          ChannelsLastKernels.patches(xp, tp, n: n, h: height, w: width, c: cin, k: 4)
          var rows = n * h * w
          ChannelsLastKernels.gemm(tp, weights.stem.weight, xp, m: rows, n: c, k: weights.stem.inputs)
          ChannelsLastKernels.layerNorm(
            xp, xp, rows: rows, channels: c, weight: weights.stemNorm.weight, bias: weights.stemNorm.bias,
            inputBias: weights.stem.bias)
          for s in 0..<arch.dims.count {
            if s > 0, let norm = weights.downsampleNorm[s], let down = weights.downsample[s] {
              ChannelsLastKernels.layerNorm(xp, xp, rows: rows, channels: c, weight: norm.weight, bias: norm.bias)
              ChannelsLastKernels.patches(xp, tp, n: n, h: h, w: w, c: c, k: 2)
              h /= 2
              w /= 2
              c = down.outputs
              rows = n * h * w
              ChannelsLastKernels.gemm(tp, down.weight, xp, m: rows, n: c, k: down.inputs)
              ChannelsLastKernels.addBias(xp, rows: rows, channels: c, bias: down.bias)
            }
            for block in weights.blocks[s] {
              ChannelsLastKernels.depthwise7x7(
                xp, tp, n: n, h: h, w: w, c: c, kernel: block.depthwise, bias: block.depthwiseBias)
              ChannelsLastKernels.layerNorm(
                tp, tp, rows: rows, channels: c, weight: block.norm.weight, bias: block.norm.bias)
              let k4 = block.fc1.outputs
              ChannelsLastKernels.gemm(tp, block.fc1.weight, up, m: rows, n: k4, k: c)
              ChannelsLastKernels.biasGELU(up, rows: rows, channels: k4, bias: block.fc1.bias)
              ChannelsLastKernels.gemm(up, block.fc2.weight, tp, m: rows, n: c, k: k4)
              ChannelsLastKernels.scaleResidual(
                tp, xp, rows: rows, channels: c, bias: block.fc2.bias, gamma: block.gamma)
            }
          }
        }
      }
    }
    let featureMap = Array(x[0..<(n * h * w * c)])
    let logits = Self.head(
      featureMap: featureMap, n: n, pixels: h * w, channels: c, norm: weights.headNorm,
      weight: weights.headWeight, bias: weights.headBias)
    return ConvNeXtOutput(
      logits: logits, featureMap: featureMap, featureHeight: h, featureWidth: w, featureChannels: c)
  }

  /// Head: global average pool → LayerNorm → Linear. Static so Grad-CAM can rerun it.
  public static func head(
    featureMap: [Float], n: Int, pixels: Int, channels c: Int, norm: LayerNormParameters, weight: [Float],
    bias: [Float]
  ) -> [Float] {
    let classes = bias.count
    var logits = [Float](repeating: 0, count: n * classes)
    for img in 0..<n {
      var pooled = [Double](repeating: 0, count: c)
      for p in 0..<pixels {
        for i in 0..<c { pooled[i] += Double(featureMap[(img * pixels + p) * c + i]) }
      }
      var v = pooled.map { Float($0 / Double(pixels)) }
      let mean = v.reduce(0, +) / Float(c)
      let variance = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(c)
      let inv = 1 / (variance + 1e-6).squareRoot()
      for i in 0..<c { v[i] = (v[i] - mean) * inv * norm.weight[i] + norm.bias[i] }
      for k in 0..<classes {
        var sum = bias[k]
        for i in 0..<c { sum += weight[k * c + i] * v[i] }
        logits[img * classes + k] = sum
      }
    }
    return logits
  }
}
