import CKernels
import Testing

@testable import Classifier

/// densa's fp32 GEMM with its epilogues fused (fc1's bias + GELU, fc2's bias, layer scale and
/// residual applied to each finished tile in registers) against the plain GEMM followed by the
/// separate passes, on the kernel variant in use. The epilogue does the same arithmetic in the same
/// order, so the two agree bit for bit; the network's parity with timm under every variant is
/// ModelCommandTests' matter.
@Suite struct FusedGemmTests {
  /// (m, n, k): whole and partial register tiles (6 or 12 rows, 16 or 32 columns), one row, k = 1,
  /// n below one panel, and more panels than one L2 group.
  static let shapes = [(1, 1, 1), (7, 17, 3), (12, 32, 96), (13, 100, 40), (40, 70, 384), (25, 96, 1536)]

  @Test(
    .enabled(
      if: densa_gemm_panels_available() != 0,
      "skipped: densa's own GEMM does not run here (DENSA_GEMM=openblas, or a CPU without AVX2)"))
  func epiloguesMatchTheSeparatePasses() {
    for (m, n, k) in Self.shapes { check(m: m, n: n, k: k) }
  }

  func check(m: Int, n: Int, k: Int) {
    var rng = SplitMix(state: UInt64(m * 7 + n * 1_000_003 + k * 31))
    let a = (0..<(m * k)).map { _ in 2 * rng.unit() - 1 }
    let b = (0..<(k * n)).map { _ in 2 * rng.unit() - 1 }
    let bias = (0..<n).map { _ in rng.unit() - 0.5 }
    let gamma = (0..<n).map { _ in rng.unit() }
    var panels = [Float](repeating: 0, count: densa_panels_count(k, n))
    densa_pack_panels(b, &panels, k, n)
    // Rows one column wider than n, whose last column must stay untouched.
    let ldc = n + 1
    var product = [Float](repeating: .nan, count: m * ldc)
    densa_gemm_panels(a, k, panels, &product, ldc, m, n, k)

    var expected = product
    for i in 0..<m {
      expected.withUnsafeMutableBufferPointer { e in densa_bias_gelu(e.baseAddress! + i * ldc, 1, n, bias) }
    }
    var gelu = [Float](repeating: -7, count: m * ldc)
    densa_gemm_panels_fused(a, k, panels, &gelu, ldc, m, n, k, DENSA_GEMM_BIAS_GELU, bias, nil)
    let geluMatches = (0..<m).allSatisfy { i in (0..<n).allSatisfy { gelu[i * ldc + $0] == expected[i * ldc + $0] } }
    #expect(geluMatches, "\(m)×\(n)×\(k): bias + GELU epilogue against densa_bias_gelu")
    #expect((0..<m).allSatisfy { gelu[$0 * ldc + n] == -7 }, "\(m)×\(n)×\(k): GELU wrote past column n")

    let start = (0..<(m * ldc)).map { _ in 2 * rng.unit() - 1 }
    var separate = start
    separate.withUnsafeMutableBufferPointer { r in
      for i in 0..<m {
        densa_scale_residual(Array(product[(i * ldc)..<(i * ldc + n)]), r.baseAddress! + i * ldc, 1, n, bias, gamma)
      }
    }
    var residual = start
    densa_gemm_panels_fused(a, k, panels, &residual, ldc, m, n, k, DENSA_GEMM_SCALE_RESIDUAL, bias, gamma)
    #expect(residual == separate, "\(m)×\(n)×\(k): residual epilogue against densa_scale_residual")
  }
}
