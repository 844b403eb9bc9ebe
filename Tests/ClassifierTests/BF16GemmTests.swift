import CKernels
import Foundation
import Testing

@testable import Classifier

/// The bf16 GEMM variants against a plain reference on the same bf16-rounded operands: what the
/// kernels may differ by is the order of fp32 additions, nothing else. A variant this CPU or OS
/// cannot run is skipped, and the skip says so.
@Suite struct BF16GemmTests {
  /// (m, n, k): full and partial register tiles, AMX's 32-row blocks and their remainder, k odd,
  /// below one pair, and not a multiple of AMX's 32; n not a multiple of the 32-column panel.
  static let shapes = [
    (1, 1, 1), (13, 33, 3), (12, 32, 2), (37, 100, 41), (64, 96, 384), (256, 384, 96), (70, 160, 1280),
  ]

  @Test(
    .enabled(
      if: densa_bf16_supported("avx512bf16") != 0,
      "skipped: this CPU has no AVX512-BF16 (VDPBF16PS), or its OS does not save the ZMM state"))
  func avx512bf16MatchesReference() {
    for (m, n, k) in Self.shapes { check("avx512bf16", m: m, n: n, k: k) }
  }

  @Test(
    .enabled(
      if: densa_bf16_supported("amx") != 0,
      "skipped: this CPU has no AMX-BF16 (TDPBF16PS), or Linux did not grant the tile state (arch_prctl)"))
  func amxMatchesReference() {
    for (m, n, k) in Self.shapes { check("amx", m: m, n: n, k: k) }
  }

  /// C from the named variant against double sums of the bf16-rounded products, relative to
  /// Σ|products| (fp32 accumulation over k terms: well under 1e-5).
  func check(_ variant: String, m: Int, n: Int, k: Int) {
    var rng = SplitMix(state: UInt64(m * 1_000_003 + n * 1009 + k))
    let a = (0..<(m * k)).map { _ in 2 * rng.unit() - 1 }
    let b = (0..<(k * n)).map { _ in 2 * rng.unit() - 1 }
    let kpad = (k + 31) / 32 * 32
    var ab = [UInt16](repeating: 0xFFFF, count: m * kpad)
    var panels = [UInt16](repeating: 0, count: (n + 31) / 32 * 32 * kpad)
    var c = [Float](repeating: .nan, count: m * n)
    densa_to_bf16(a, k, &ab, kpad, m, k)
    densa_pack_panels_bf16_padded(b, &panels, k, n, kpad)
    densa_gemm_bf16_on(variant, ab, kpad, panels, &c, n, m, n, kpad)
    func widen(_ h: UInt16) -> Double { Double(Float(bitPattern: UInt32(h) << 16)) }
    var worst = 0.0
    for i in 0..<m {
      for j in 0..<n {
        var sum = 0.0
        var magnitude = 0.0
        for q in 0..<k {
          let t = widen(densa_bf16_round(a[i * k + q])) * widen(densa_bf16_round(b[q * n + j]))
          sum += t
          magnitude += abs(t)
        }
        worst = max(worst, abs(sum - Double(c[i * n + j])) / max(magnitude, 1e-30))
      }
    }
    #expect(worst < 1e-5, "\(variant) \(m)×\(n)×\(k): worst relative error \(worst)")
    // The operand is exactly the rounded activations, zero-padded to kpad.
    let padded = (0..<m).allSatisfy { i in
      (0..<kpad).allSatisfy { q in ab[i * kpad + q] == (q < k ? densa_bf16_round(a[i * k + q]) : 0) }
    }
    #expect(padded, "densa_to_bf16 \(m)×\(k) into \(kpad)")
  }

  /// Round to nearest even on the bit patterns, the way VCVTNEPS2BF16 rounds.
  @Test func roundingIsToNearestEven() {
    #expect(densa_bf16_round(1.0) == 0x3F80)
    // 1 + 2^-8 lies halfway between 1 and 1 + 2^-7: ties to the even mantissa (1.0).
    #expect(densa_bf16_round(1.00390625) == 0x3F80)
    // 1 + 3·2^-8 lies halfway between 1 + 2^-7 and 1 + 2^-6: ties to 1 + 2^-6.
    #expect(densa_bf16_round(1.01171875) == 0x3F82)
    #expect(densa_bf16_round(-2.5) == 0xC020)
    #expect(densa_bf16_round(.infinity) == 0x7F80)
    #expect(densa_bf16_round(.nan) & 0x7FC0 == 0x7FC0)
    // The vector conversion agrees with the scalar one on a spread of values.
    let values = (0..<4099).map { Float(sin(Double($0)) * pow(10, Double($0 % 13) - 6)) }
    var out = [UInt16](repeating: 0, count: values.count + 5)
    densa_to_bf16(values, values.count, &out, values.count + 5, 1, values.count)
    #expect(values.indices.allSatisfy { out[$0] == densa_bf16_round(values[$0]) })
    #expect(out[values.count...].allSatisfy { $0 == 0 })
  }
}
