import CKernels

/// What the forward pass runs on, for benchmarks and `densa model info`.
public enum ComputeBackend {
  /// e.g. "OpenBLAS SkylakeX (chosen by densa), densa kernels avx512, 2 workers".
  public static var summary: String {
    let core = String(cString: densa_blas_core())
    let chosen = densa_blas_core_chosen_by_densa() != 0 ? " (chosen by densa)" : ""
    let level = String(cString: densa_kernel_level())
    return "OpenBLAS \(core)\(chosen), densa kernels \(level), \(ChannelsLastKernels.workers) workers"
  }
}
