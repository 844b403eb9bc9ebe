import CKernels

/// What the forward pass runs on, for benchmarks and `densa model info`.
public enum ComputeBackend {
  /// e.g. "densa kernels avx512 with densa's GEMM, OpenBLAS Haswell, 2 workers".
  public static var summary: String {
    let core = String(cString: densa_blas_core())
    let level = String(cString: densa_kernel_level())
    let gemm = densa_gemm_panels_available() != 0 ? "densa's GEMM" : "OpenBLAS GEMM"
    return "densa kernels \(level) with \(gemm), OpenBLAS \(core), \(ChannelsLastKernels.workers) workers"
  }

  /// ``summary``, and under bf16 what the bf16 GEMMs run on (e.g. "…, bf16 GEMMs (block MLPs, downsampling) on amx").
  public static func summary(precision: InferencePrecision) -> String {
    precision == .fp32
      ? summary : "\(summary), bf16 GEMMs (block MLPs, downsampling) on \(InferencePrecision.bf16Kernels)"
  }
}
