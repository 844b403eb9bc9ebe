import CKernels

/// LayerNorm parameters over channels.
public struct LayerNormParameters: Sendable {
  public var weight: [Float]
  public var bias: [Float]
}

/// A convolution or linear layer, its weight already laid out for a channels-last GEMM:
/// `weight[k * outputs + o]` with `k` running over (kernel y, kernel x, input channel), or, where
/// densa's own GEMM runs (``panelled``), packed once into its panels of two vectors' width instead;
/// in bf16 (``precision``) packed once into bf16 panels (``weightBF16``) and `weight` left empty.
public struct DenseParameters: Sendable {
  public var inputs: Int
  public var outputs: Int
  public var weight: [Float]
  public var bias: [Float]
  /// `weight` is in densa's panel layout rather than row-major `[inputs][outputs]`.
  public var panelled = false
  /// The GEMM's arithmetic for this layer.
  public var precision = InferencePrecision.fp32
  /// bf16 panels (`densa_pack_panels_bf16`) when ``precision`` is bf16, else empty.
  public var weightBF16: [UInt16] = []

  /// k as the bf16 GEMM reads it (padded to its step); the row length of its bf16 operand.
  var paddedInputs: Int { densa_bf16_k_padded(inputs) }

  /// - Parameter precision: bf16 needs ``InferencePrecision/bf16Available``.
  public init(inputs: Int, outputs: Int, weight: [Float], bias: [Float], precision: InferencePrecision = .fp32) {
    self.inputs = inputs
    self.outputs = outputs
    self.weight = weight
    self.bias = bias
    self.precision = precision
    // Only one copy is kept: the layout the GEMM on this machine reads.
    if precision == .bf16 {
      precondition(InferencePrecision.bf16Available, "bf16 GEMM requested on a CPU without one")
      let count = densa_bf16_panels_count(inputs, outputs)
      weightBF16 = [UInt16](unsafeUninitializedCapacity: count) { buffer, initialized in
        densa_pack_panels_bf16(weight, buffer.baseAddress!, inputs, outputs)
        initialized = count
      }
      self.weight = []
      panelled = true
    } else if densa_gemm_panels_available() != 0 {
      self.weight = [Float](unsafeUninitializedCapacity: densa_panels_count(inputs, outputs)) { buffer, count in
        densa_pack_panels(weight, buffer.baseAddress!, inputs, outputs)
        count = densa_panels_count(inputs, outputs)
      }
      panelled = true
    }
  }
}

/// One ConvNeXt block's parameters.
public struct BlockParameters: Sendable {
  /// 7×7 depthwise kernel as `[ky][kx][channel]`.
  public var depthwise: [Float]
  public var depthwiseBias: [Float]
  public var norm: LayerNormParameters
  public var fc1: DenseParameters
  public var fc2: DenseParameters
  /// Layer scale.
  public var gamma: [Float]
}

/// Every parameter of a ConvNeXt, read from timm's `state_dict` names.
public struct ConvNeXtWeights: Sendable {
  public var architecture: ConvNeXtArchitecture
  public var stem: DenseParameters
  public var stemNorm: LayerNormParameters
  /// `downsampleNorm[s]`, `downsample[s]` for stages 1...; index 0 is nil.
  public var downsampleNorm: [LayerNormParameters?]
  public var downsample: [DenseParameters?]
  public var blocks: [[BlockParameters]]
  /// `head.norm`: the LayerNorm after global pooling.
  public var headNorm: LayerNormParameters
  /// `head.fc`: weight as `[class][channel]` (PyTorch's layout), bias per class.
  public var headWeight: [Float]
  public var headBias: [Float]
  /// Number of parameters read from the file.
  public var parameterCount: Int
  /// The arithmetic of the block MLPs' and the downsampling layers' GEMMs; everything else is fp32.
  public var precision: InferencePrecision

  /// Reads a timm ConvNeXt state_dict, inferring depths, widths and classes from the tensors.
  /// - Parameter precision: bf16 packs the block MLPs' and the downsampling layers' weights in
  ///   bf16 (needs ``InferencePrecision/bf16Available``); the stem and the head stay fp32.
  public init(file: SafetensorsFile, precision: InferencePrecision = .fp32) throws(SafetensorsError) {
    self.precision = precision
    var count = 0
    func get(_ name: String, _ shape: [Int]? = nil) throws(SafetensorsError) -> WeightTensor {
      let t = try file.tensor(name)
      if let shape, t.shape != shape { throw .badShape(file: file.path, tensor: name) }
      count += t.values.count
      return t
    }
    func norm(_ prefix: String, _ c: Int) throws(SafetensorsError) -> LayerNormParameters {
      LayerNormParameters(
        weight: try get("\(prefix).weight", [c]).values, bias: try get("\(prefix).bias", [c]).values)
    }
    /// Conv weight [out, in, k, k] → [(ky, kx, in), out].
    func conv(_ prefix: String, precision: InferencePrecision = .fp32) throws(SafetensorsError) -> DenseParameters {
      let w = try get("\(prefix).weight")
      guard w.shape.count == 4, w.shape[2] == w.shape[3] else {
        throw .badShape(file: file.path, tensor: "\(prefix).weight")
      }
      let (o, i, k) = (w.shape[0], w.shape[1], w.shape[2])
      let b = try get("\(prefix).bias", [o])
      var packed = [Float](repeating: 0, count: w.values.count)
      for oo in 0..<o {
        for ii in 0..<i {
          for ky in 0..<k {
            for kx in 0..<k {
              packed[((ky * k + kx) * i + ii) * o + oo] = w.values[((oo * i + ii) * k + ky) * k + kx]
            }
          }
        }
      }
      return DenseParameters(inputs: i * k * k, outputs: o, weight: packed, bias: b.values, precision: precision)
    }
    /// Linear weight [out, in] → [in, out]. The small variants (atto … nano) use timm's
    /// `conv_mlp`: the same weights stored as a 1×1 convolution, [out, in, 1, 1].
    func linear(_ prefix: String, inputs: Int, precision: InferencePrecision) throws(SafetensorsError)
      -> DenseParameters
    {
      let w = try get("\(prefix).weight")
      let isPointwise = w.shape.count == 2 || (w.shape.count == 4 && w.shape[2] == 1 && w.shape[3] == 1)
      guard isPointwise, w.shape[1] == inputs else {
        throw .badShape(file: file.path, tensor: "\(prefix).weight")
      }
      let o = w.shape[0]
      let b = try get("\(prefix).bias", [o])
      var packed = [Float](repeating: 0, count: w.values.count)
      for oo in 0..<o {
        for ii in 0..<inputs { packed[ii * o + oo] = w.values[oo * inputs + ii] }
      }
      return DenseParameters(inputs: inputs, outputs: o, weight: packed, bias: b.values, precision: precision)
    }

    let stemWeight = try file.tensor("stem.0.weight")
    guard stemWeight.shape.count == 4, stemWeight.shape[2] == 4 else {
      throw .badShape(file: file.path, tensor: "stem.0.weight")
    }
    stem = try conv("stem.0")
    stemNorm = try norm("stem.1", stem.outputs)
    var dims: [Int] = []
    var depths: [Int] = []
    downsampleNorm = []
    downsample = []
    blocks = []
    var channels = stem.outputs
    var s = 0
    while file.contains("stages.\(s).blocks.0.conv_dw.weight") {
      if s > 0 {
        downsampleNorm.append(try norm("stages.\(s).downsample.0", channels))
        let d = try conv("stages.\(s).downsample.1", precision: precision)
        guard d.inputs == 4 * channels else {
          throw .badShape(file: file.path, tensor: "stages.\(s).downsample.1.weight")
        }
        downsample.append(d)
        channels = d.outputs
      } else {
        downsampleNorm.append(nil)
        downsample.append(nil)
      }
      var stageBlocks: [BlockParameters] = []
      var m = 0
      while file.contains("stages.\(s).blocks.\(m).conv_dw.weight") {
        let p = "stages.\(s).blocks.\(m)"
        let c = channels
        let dw = try get("\(p).conv_dw.weight", [c, 1, 7, 7])
        var packed = [Float](repeating: 0, count: 49 * c)
        for cc in 0..<c {
          for k in 0..<49 { packed[k * c + cc] = dw.values[cc * 49 + k] }
        }
        let fc1 = try linear("\(p).mlp.fc1", inputs: c, precision: precision)
        let fc2 = try linear("\(p).mlp.fc2", inputs: fc1.outputs, precision: precision)
        guard fc2.outputs == c else { throw .badShape(file: file.path, tensor: "\(p).mlp.fc2.weight") }
        stageBlocks.append(
          BlockParameters(
            depthwise: packed, depthwiseBias: try get("\(p).conv_dw.bias", [c]).values,
            norm: try norm("\(p).norm", c), fc1: fc1, fc2: fc2,
            gamma: try get("\(p).gamma", [c]).values))
        m += 1
      }
      blocks.append(stageBlocks)
      dims.append(channels)
      depths.append(m)
      s += 1
    }
    guard s > 0 else { throw .missingTensor(file: file.path, tensor: "stages.0.blocks.0.conv_dw.weight") }
    headNorm = try norm("head.norm", channels)
    let fc = try get("head.fc.weight")
    guard fc.shape.count == 2, fc.shape[1] == channels else {
      throw .badShape(file: file.path, tensor: "head.fc.weight")
    }
    headWeight = fc.values
    headBias = try get("head.fc.bias", [fc.shape[0]]).values
    architecture = ConvNeXtArchitecture(
      depths: depths, dims: dims, inputChannels: stemWeight.shape[1], classes: fc.shape[0])
    parameterCount = count
  }
}
