import CKernels

/// The arithmetic of the GEMMs after the stem: the block MLPs' fc1 and fc2 (nine tenths of the
/// work) and the downsampling convolutions.
///
/// `fp32` is timm-exact (parity with PyTorch within 1e-4 on the logits). `bf16` packs those weights
/// once in bfloat16, rounds each tile of activations to bfloat16 as it enters a GEMM and
/// accumulates in fp32; the stem, depthwise convolution, LayerNorm, GELU, biases, layer scales,
/// residuals and head stay fp32. Its accuracy against fp32 is a tested contract (max |Δ probability| ≤ 0.01, same
/// category for ≥ 99.5 % of views and every exam); the precision is part of a result's model
/// identity, so a bf16 result is never taken for an fp32 one.
public enum InferencePrecision: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
  case fp32
  case bf16

  public var description: String { rawValue }

  /// Whether this CPU runs the bf16 GEMM (AVX512-BF16 or AMX-BF16; `DENSA_BF16=none` or a narrower
  /// `DENSA_KERNELS` turns it off).
  public static var bf16Available: Bool { densa_bf16_available() != 0 }

  /// What the bf16 GEMMs run on: "amx", "avx512bf16", "fma" (bf16 operands on the FMA units) or
  /// "none".
  public static var bf16Kernels: String { String(cString: densa_bf16_level()) }

  /// Why `self` cannot run here, or nil when it can.
  public var unavailableReason: String? {
    guard self == .bf16, !Self.bf16Available else { return nil }
    return
      "model.precision bf16 needs a CPU with AVX512-BF16 or AMX-BF16 (densa kernels \(String(cString: densa_kernel_level())) here, bf16 kernels none); use fp32"
  }

  /// Parses `fp32` or `bf16` (the setting's values), case-insensitively.
  public init?(setting: String) {
    self.init(rawValue: setting.lowercased())
  }

  /// `value` parsed (nil stays nil), refusing anything else and bf16 where it cannot run.
  public static func parse(_ value: String?) throws(ModelError) -> InferencePrecision? {
    guard let value else { return nil }
    guard let p = InferencePrecision(setting: value) else {
      throw ModelError(file: "--precision", reason: "must be fp32 or bf16, got '\(value)'")
    }
    if let reason = p.unavailableReason { throw ModelError(file: "--precision", reason: reason) }
    return p
  }
}
