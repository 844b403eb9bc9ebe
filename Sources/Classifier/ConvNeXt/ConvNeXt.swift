import COpenBLAS
import Foundation
import Synchronization

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

  /// Image `i`'s last-stage features, in the form Grad-CAM takes.
  public func features(ofImage i: Int) -> FeatureMap {
    let size = featureHeight * featureWidth * featureChannels
    return FeatureMap(
      values: Array(featureMap[(i * size)..<((i + 1) * size)]), height: featureHeight, width: featureWidth,
      channels: featureChannels)
  }
}

/// timm's ConvNeXt, run channels-last on OpenBLAS: the stem, downsampling and pointwise layers are
/// GEMMs, the depthwise convolution, LayerNorm and GELU are kernels of our own.
public final class ConvNeXt: Sendable {
  /// Every parameter, laid out for the forward pass (head parameters included, for Grad-CAM).
  public let weights: ConvNeXtWeights

  /// The model's shape.
  public var architecture: ConvNeXtArchitecture { weights.architecture }

  /// The arithmetic of the block MLPs' and downsampling layers' GEMMs.
  public var precision: InferencePrecision { weights.precision }

  /// Loads a timm ConvNeXt from a safetensors state_dict.
  /// - Parameter precision: bf16 needs ``InferencePrecision/bf16Available``.
  public convenience init(file: SafetensorsFile, precision: InferencePrecision = .fp32) throws(SafetensorsError) {
    self.init(weights: try ConvNeXtWeights(file: file, precision: precision))
  }

  public init(weights: ConvNeXtWeights) {
    self.weights = weights
  }

  /// The buffers of the last pass, kept for the next one of the same shape.
  private let spare = Mutex<ForwardWorkspace?>(nil)

  /// Logits `[image][class]` for a batch given as NCHW floats (already normalised).
  public func logits(batch: [Float], n: Int, height: Int, width: Int) -> [Float] {
    forward(batch: batch, n: n, height: height, width: width).logits
  }

  /// Runs the whole network on an NCHW batch; `height` and `width` must be multiples of 32 and
  /// `batch.count == n · channels · height · width`.
  /// Pass a ``ForwardProfile`` to learn where the time goes.
  public func forward(
    batch: [Float], n: Int, height: Int, width: Int, profile: ForwardProfile? = nil
  ) -> ConvNeXtOutput {
    let arch = weights.architecture
    let cin = arch.inputChannels
    precondition(height % 32 == 0 && width % 32 == 0 && height > 0 && width > 0, "input size must be a multiple of 32")
    precondition(batch.count == n * cin * height * width, "batch size does not match n × C × H × W")
    // Reuse the last pass's buffers when the shape is the same; a concurrent pass gets its own.
    let workspace =
      spare.withLock { cached -> ForwardWorkspace? in
        defer { cached = nil }
        return cached?.shape == [n, height, width] ? cached : nil
      } ?? ForwardWorkspace(architecture: arch, n: n, height: height, width: width, precision: weights.precision)
    defer { spare.withLock { $0 = workspace } }
    let xp = workspace.x
    let tp = workspace.t
    let up = workspace.hidden
    var h = height / 4
    var w = width / 4
    var c = arch.dims[0]
    // NCHW → NHWC into x, then 4×4 patches into t, stem GEMM into x.
    profile.time("stem", "layout + patches") {
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
    }
    var rows = n * h * w
    let stemK = weights.stem.inputs
    profile.time("stem", "GEMM", flops: 2.0 * Double(rows * c * stemK)) {
      ChannelsLastKernels.gemm(tp, weights.stem, xp, m: rows)
    }
    profile.time("stem", "LayerNorm") {
      ChannelsLastKernels.layerNorm(
        xp, xp, rows: rows, channels: c, weight: weights.stemNorm.weight, bias: weights.stemNorm.bias,
        inputBias: weights.stem.bias)
    }
    for s in 0..<arch.dims.count {
      let stage = "stage \(s)"
      if s > 0, let norm = weights.downsampleNorm[s], let down = weights.downsample[s] {
        profile.time(stage, "downsample LayerNorm + patches") {
          ChannelsLastKernels.layerNorm(xp, xp, rows: rows, channels: c, weight: norm.weight, bias: norm.bias)
          ChannelsLastKernels.patches(xp, tp, n: n, h: h, w: w, c: c, k: 2)
        }
        h /= 2
        w /= 2
        c = down.outputs
        rows = n * h * w
        profile.time(stage, "downsample GEMM + bias", flops: 2.0 * Double(rows * c * down.inputs)) {
          if down.precision == .bf16, let scratch = workspace.hiddenBF16 {
            ChannelsLastKernels.gemmBF16(tp, down, xp, m: rows, scratch: scratch)
          } else {
            ChannelsLastKernels.gemm(tp, down, xp, m: rows)
            ChannelsLastKernels.addBias(xp, rows: rows, channels: c, bias: down.bias)
          }
        }
      }
      for block in weights.blocks[s] {
        profile.time(stage, "depthwise 7×7 + LayerNorm", flops: 2.0 * Double(rows * c * 49)) {
          ChannelsLastKernels.depthwiseNorm(
            xp, tp, n: n, h: h, w: w, c: c, kernel: block.depthwise, bias: block.depthwiseBias, norm: block.norm,
            scratch: workspace.depthwise, scratchStride: workspace.depthwiseStride)
        }
        profile.time(stage, "MLP: fc1, GELU, fc2, residual", flops: 4.0 * Double(rows * c * block.fc1.outputs)) {
          BlockMLP.run(tp, residual: xp, rows: rows, block: block, scratch: up, scratchBF16: workspace.hiddenBF16)
        }
      }
    }
    let featureMap = Array(UnsafeBufferPointer(start: xp, count: n * h * w * c))
    var logits = [Float]()
    profile.time("head", "pool + LayerNorm + Linear") {
      logits = Self.head(
        featureMap: featureMap, n: n, pixels: h * w, channels: c, norm: weights.headNorm,
        weight: weights.headWeight, bias: weights.headBias)
    }
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
