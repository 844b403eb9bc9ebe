import CKernels
import Foundation
import Testing

@testable import Classifier

/// The bf16 GEMM variants against a plain reference on the same bf16-rounded operands: what the
/// kernels may differ by is the order of fp32 additions, nothing else. A variant this CPU or OS
/// cannot run is skipped, and the skip says so.
@Suite struct BF16GemmTests {
  /// (m, n, k): full and partial register tiles, AMX's 32-row blocks and their remainder, k odd,
  /// below one pair, and not a multiple of AMX's 32; n not a multiple of the 32-column panel; one
  /// k step per block (AMX's pipelined epilogue runs whole); more panels than one L2 group.
  static let shapes = [
    (1, 1, 1), (13, 33, 3), (12, 32, 2), (40, 70, 20), (37, 100, 41), (64, 96, 384), (256, 384, 96),
    (70, 232, 1280),
  ]

  @Test(
    .enabled(
      if: densa_bf16_supported("avx512bf16") != 0,
      "skipped: this CPU has no AVX512-BF16 (VDPBF16PS), or its OS does not save the ZMM state"))
  func avx512bf16MatchesReference() {
    for (m, n, k) in Self.shapes { check("avx512bf16", m: m, n: n, k: k) }
  }

  /// The same bf16 operands multiplied on the FMA units (the variant chosen where VDPBF16PS is the
  /// slower): the same bound against the reference as VDPBF16PS, and the same epilogues.
  @Test(
    .enabled(
      if: densa_bf16_supported("fma") != 0,
      "skipped: this CPU has no AVX512-BF16, which the FMA variant's conversions and epilogues use"))
  func fmaMatchesReference() {
    for (m, n, k) in Self.shapes { check("fma", m: m, n: n, k: k) }
  }

  @Test(
    .enabled(
      if: densa_bf16_supported("fma") != 0,
      "skipped: this CPU has no AVX512-BF16, which the FMA variant's conversions and epilogues use"))
  func fmaEpiloguesMatchTheUnfusedPasses() {
    for (m, n, k) in Self.shapes { checkEpilogues("fma", m: m, n: n, k: k) }
  }

  @Test(
    .enabled(
      if: densa_bf16_supported("amx") != 0,
      "skipped: this CPU has no AMX-BF16 (TDPBF16PS), or Linux did not grant the tile state (arch_prctl)"))
  func amxMatchesReference() {
    for (m, n, k) in Self.shapes { check("amx", m: m, n: n, k: k) }
  }

  @Test(
    .enabled(
      if: densa_bf16_supported("avx512bf16") != 0,
      "skipped: this CPU has no AVX512-BF16 (VDPBF16PS), or its OS does not save the ZMM state"))
  func avx512bf16EpiloguesMatchTheUnfusedPasses() {
    for (m, n, k) in Self.shapes { checkEpilogues("avx512bf16", m: m, n: n, k: k) }
  }

  @Test(
    .enabled(
      if: densa_bf16_supported("amx") != 0,
      "skipped: this CPU has no AMX-BF16 (TDPBF16PS), or Linux did not grant the tile state (arch_prctl)"))
  func amxEpiloguesMatchTheUnfusedPasses() {
    for (m, n, k) in Self.shapes { checkEpilogues("amx", m: m, n: n, k: k) }
  }

  /// The fused epilogues give exactly what the separate passes give on the same product: fc1's
  /// bias + GELU rounded to bf16 (densa_bias_gelu_bf16), zero-padded to ldy, and fc2's residual
  /// update (densa_scale_residual); rows and columns outside the call are left alone.
  func checkEpilogues(_ variant: String, m: Int, n: Int, k: Int) {
    var rng = SplitMix(state: UInt64(m * 7 + n * 1_000_003 + k * 31))
    let a = (0..<(m * k)).map { _ in 2 * rng.unit() - 1 }
    let b = (0..<(k * n)).map { _ in 2 * rng.unit() - 1 }
    let bias = (0..<n).map { _ in rng.unit() - 0.5 }
    let gamma = (0..<n).map { _ in rng.unit() }
    let kpad = (k + 31) / 32 * 32
    let ldy = (n + 31) / 32 * 32
    var ab = [UInt16](repeating: 0, count: m * kpad)
    var panels = [UInt16](repeating: 0, count: (n + 31) / 32 * 32 * kpad)
    densa_to_bf16(a, k, &ab, kpad, m, k)
    densa_pack_panels_bf16_padded(b, &panels, k, n, kpad)
    var c = [Float](repeating: .nan, count: m * n)
    densa_gemm_bf16_on(variant, ab, kpad, panels, &c, n, m, n, kpad, nil)

    // fc1: the separate pass on the stored product, against the epilogue, into a buffer one row
    // longer than needed whose last row must stay untouched.
    var expected = [UInt16](repeating: 0xFFFF, count: (m + 1) * ldy)
    densa_bias_gelu_bf16(c, &expected, m, n, ldy, bias)
    var fused = [UInt16](repeating: 0xFFFF, count: (m + 1) * ldy)
    fused.withUnsafeMutableBufferPointer { y in
      bias.withUnsafeBufferPointer { bb in
        var ep = densa_bf16_epilogue(
          kind: DENSA_BF16_BIAS_GELU, bias: bb.baseAddress, gamma: nil, y: y.baseAddress, ldy: ldy, residual: nil,
          ldr: 0)
        densa_gemm_bf16_on(variant, ab, kpad, panels, nil, 0, m, n, kpad, &ep)
      }
    }
    #expect(fused == expected, "\(variant) \(m)×\(n)×\(k): bias + GELU epilogue")

    // fc2: residual += γ · (C + bias), on a residual with a wider row than n.
    let ldr = n + 3
    let start = (0..<(m * ldr)).map { _ in 2 * rng.unit() - 1 }
    var separate = start
    separate.withUnsafeMutableBufferPointer { r in
      for i in 0..<m {
        densa_scale_residual(Array(c[(i * n)..<((i + 1) * n)]), r.baseAddress! + i * ldr, 1, n, bias, gamma)
      }
    }
    var residual = start
    residual.withUnsafeMutableBufferPointer { r in
      bias.withUnsafeBufferPointer { bb in
        gamma.withUnsafeBufferPointer { g in
          var ep = densa_bf16_epilogue(
            kind: DENSA_BF16_SCALE_RESIDUAL, bias: bb.baseAddress, gamma: g.baseAddress, y: nil, ldy: 0,
            residual: r.baseAddress, ldr: ldr)
          densa_gemm_bf16_on(variant, ab, kpad, panels, nil, 0, m, n, kpad, &ep)
        }
      }
    }
    var worst: Float = 0
    for i in 0..<m {
      for j in 0..<ldr {
        worst = max(worst, abs(residual[i * ldr + j] - separate[i * ldr + j]))
      }
    }
    // The separate pass may round γ · (C + bias) before the add where the epilogue fuses them.
    #expect(worst <= 4e-7 * Float(k), "\(variant) \(m)×\(n)×\(k): residual epilogue, worst \(worst)")
    let untouched = (0..<m).allSatisfy { i in (n..<ldr).allSatisfy { residual[i * ldr + $0] == start[i * ldr + $0] } }
    #expect(untouched, "\(variant) \(m)×\(n)×\(k): columns past n of the residual")
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
    densa_gemm_bf16_on(variant, ab, kpad, panels, &c, n, m, n, kpad, nil)
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
