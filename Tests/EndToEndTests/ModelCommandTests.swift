import Foundation
import Testing

@Suite struct ModelCommandTests {
  static let fixtures = repositoryRoot.appendingPathComponent("Tests/ClassifierTests/Fixtures")

  @Test func benchTimesARandomVariantAndRejectsABadSize() throws {
    let run = try DensaBinary.run(
      ["model", "bench", "--variant", "atto", "--size", "64", "--batch", "1", "--repeat", "1", "--profile"],
      in: repositoryRoot)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("convnext_atto 64x64 batch 1") && run.stdout.contains("GFLOP/s"))
    // The profile names every stage's layers and adds up to a whole pass.
    #expect(run.stdout.contains("| stage 3 | depthwise 7×7 + LayerNorm |"))
    #expect(run.stdout.contains("MLP: fc1, GELU, fc2, residual") && run.stdout.contains("Total "))
    // Grad-CAM's own cost, from the last stage's 2 × 2 × 320 features of atto at 64.
    #expect(run.stdout.contains("Grad-CAM for the 1 view(s) (from the last stage's 2x2x320 features): "))
    let bad = try DensaBinary.run(["model", "bench", "--variant", "atto", "--size", "50"], in: repositoryRoot)
    #expect(bad.status != 0 && bad.stderr.contains("multiple of 32"))
  }

  /// Every kernel variant the machine can run (the widest, AVX2, baseline; OpenBLAS instead of
  /// densa's own GEMM; the depthwise convolution by rows or by channel blocks) matches timm's
  /// logits on the parity fixtures.
  @Test(arguments: [
    [:], ["DENSA_GEMM": "openblas"], ["DENSA_KERNELS": "avx2"], ["DENSA_KERNELS": "avx2", "DENSA_GEMM": "openblas"],
    ["DENSA_KERNELS": "baseline"],
    ["DENSA_DEPTHWISE": "block"], ["DENSA_DEPTHWISE": "row"], ["DENSA_DEPTHWISE": "block", "DENSA_KERNELS": "avx2"],
    ["DENSA_DEPTHWISE": "block", "DENSA_KERNELS": "baseline"], ["DENSA_DEPTHWISE": "row", "DENSA_KERNELS": "avx2"],
  ])
  func everyKernelVariantMatchesTimm(environment: [String: String]) throws {
    let info = try DensaBinary.run(
      ["model", "bench", "--variant", "atto", "--size", "32", "--batch", "1", "--repeat", "1"],
      in: repositoryRoot, environment: environment)
    if let wanted = environment["DENSA_KERNELS"] {
      // A CPU without AVX2 runs the baseline however it is asked.
      #expect(info.stdout.contains("densa kernels \(wanted)") || info.stdout.contains("densa kernels baseline"))
    }
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("densa-variant-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: out) }
    for name in ["custom_f32", "custom_f16", "custom_bf16", "atto_demo"] {
      let result = out.appendingPathComponent("\(name).npy")
      let weights =
        name == "atto_demo"
        ? repositoryRoot.appendingPathComponent("models/densa-demo.safetensors")
        : Self.fixtures.appendingPathComponent("\(name).safetensors")
      let run = try DensaBinary.run(
        [
          "model", "infer", "--weights", weights.path,
          "--input", Self.fixtures.appendingPathComponent("\(name).input.npy").path, "--output", result.path,
        ], in: repositoryRoot, environment: environment)
      #expect(run.status == 0, "\(run.stderr)")
      let ours = try Self.float32s(result)
      let timm = try Self.float32s(Self.fixtures.appendingPathComponent("\(name).logits.npy"))
      #expect(ours.count == timm.count)
      let worst = zip(ours, timm).map { abs($0 - $1) }.max() ?? .infinity
      #expect(worst <= 1e-4, "\(name) \(environment): max |Δ logit| \(worst)")
    }
  }

  /// The values of a little-endian float32 .npy file.
  static func float32s(_ url: URL) throws -> [Float] {
    let data = try Data(contentsOf: url)
    let headerLength = Int(data[8]) | Int(data[9]) << 8
    let bytes = [UInt8](data.dropFirst(10 + headerLength))
    var values = [Float]()
    for i in stride(from: 0, to: bytes.count - 3, by: 4) {
      var bits = UInt32(bytes[i])
      bits |= UInt32(bytes[i + 1]) << 8
      bits |= UInt32(bytes[i + 2]) << 16
      bits |= UInt32(bytes[i + 3]) << 24
      values.append(Float(bitPattern: bits))
    }
    return values
  }
}
