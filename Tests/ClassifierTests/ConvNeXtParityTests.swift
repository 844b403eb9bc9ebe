import CKernels
import Foundation
import Testing

@testable import Classifier

/// Parity with timm: fixtures written by `tools/timm_fixtures.py fixtures` (seeded random weights
/// with non-trivial layer scales and biases, random inputs, timm's logits).
@Suite struct ConvNeXtParityTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

  @Test(arguments: ["custom_f32", "custom_bf16", "custom_f16"])
  func logitsMatchTimm(name: String) throws {
    let dir = Self.fixtures
    let file = try SafetensorsFile(path: dir.appendingPathComponent("\(name).safetensors").path)
    let model = try ConvNeXt(file: file)
    let input = try NumPyArray(path: dir.appendingPathComponent("\(name).input.npy").path)
    let expected = try NumPyArray(path: dir.appendingPathComponent("\(name).logits.npy").path)
    let (n, height, width) = (input.shape[0], input.shape[2], input.shape[3])
    let logits = model.logits(batch: input.values, n: n, height: height, width: width)
    #expect(logits.count == expected.values.count)
    let worst = zip(logits, expected.values).map { abs($0 - $1) }.max() ?? .infinity
    #expect(worst <= 1e-4, "max |Δ logit| \(worst)")
    let classes = model.architecture.classes
    for i in 0..<n {
      let ours = Array(logits[(i * classes)..<((i + 1) * classes)])
      let theirs = Array(expected.values[(i * classes)..<((i + 1) * classes)])
      #expect(ours.firstIndex(of: ours.max()!) == theirs.firstIndex(of: theirs.max()!))
    }
    // Deterministic: the same input gives the same bits.
    #expect(model.logits(batch: input.values, n: n, height: height, width: width) == logits)
  }

  /// timm's convnext_atto (its `conv_mlp` layout: pointwise weights stored as 1×1 convolutions)
  /// on the bundled demo model's weights, at 96×64.
  @Test func attoMatchesTimm() throws {
    let weights = Self.fixtures.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("models/densa-demo.safetensors")
    let model = try ConvNeXt(file: SafetensorsFile(path: weights.path))
    #expect(model.architecture.variantName == "convnext_atto")
    let input = try NumPyArray(path: Self.fixtures.appendingPathComponent("atto_demo.input.npy").path)
    let expected = try NumPyArray(path: Self.fixtures.appendingPathComponent("atto_demo.logits.npy").path)
    let logits = model.logits(batch: input.values, n: input.shape[0], height: input.shape[2], width: input.shape[3])
    let worst = zip(logits, expected.values).map { abs($0 - $1) }.max() ?? .infinity
    #expect(logits.count == expected.values.count && worst <= 1e-4, "max |Δ logit| \(worst)")
    for i in 0..<input.shape[0] {
      let ours = Array(logits[(i * 4)..<((i + 1) * 4)])
      let theirs = Array(expected.values[(i * 4)..<((i + 1) * 4)])
      #expect(ours.firstIndex(of: ours.max()!) == theirs.firstIndex(of: theirs.max()!))
    }
  }

  @Test func infersCustomArchitecture() throws {
    let file = try SafetensorsFile(path: Self.fixtures.appendingPathComponent("custom_f32.safetensors").path)
    let arch = try ConvNeXt(file: file).architecture
    #expect(arch.depths == [1, 1, 2, 1])
    #expect(arch.dims == [16, 32, 64, 128])
    #expect(arch.classes == 4)
    #expect(arch.variantName == "custom")
  }
}

/// The hand-written kernels against plain references.
@Suite struct KernelTests {
  @Test func geluMatchesErfWithinItsApproximation() {
    let values = stride(from: Float(-9), through: 9, by: 0.001).map { $0 }
    var x = values
    let bias = [Float](repeating: 0, count: values.count)
    x.withUnsafeMutableBufferPointer { xb in
      bias.withUnsafeBufferPointer { b in
        densa_bias_gelu(xb.baseAddress!, 1, values.count, b.baseAddress!)
      }
    }
    var worst: Double = 0
    for (v, g) in zip(values, x) {
      let exact = 0.5 * Double(v) * (1 + erf(Double(v) / 2.0.squareRoot()))
      worst = max(worst, abs(Double(g) - exact) / max(1, abs(Double(v))))
    }
    // The rational erf is good to about 1e-7 here (1.8e-7 measured); float rounding adds a little.
    #expect(worst < 5e-7, "worst error \(worst)")
    #expect(worst > 0)  // the kernel ran: its approximation is not bit-exact erf
  }

  @Test func passesOfDifferentShapesShareNoState() throws {
    let file = try SafetensorsFile(
      path: ConvNeXtParityTests.fixtures.appendingPathComponent("custom_f32.safetensors").path)
    let model = try ConvNeXt(file: file)
    func input(_ count: Int, _ seed: Int) -> [Float] { (0..<count).map { Float(($0 * 7919 + seed) % 255) / 127.5 - 1 } }
    let a = input(2 * 3 * 64 * 64, 1)
    let b = input(3 * 3 * 96 * 32, 2)
    let first = model.logits(batch: a, n: 2, height: 64, width: 64)
    let other = model.logits(batch: b, n: 3, height: 96, width: 32)
    #expect(model.logits(batch: a, n: 2, height: 64, width: 64) == first)
    #expect(ConvNeXt(weights: model.weights).logits(batch: b, n: 3, height: 96, width: 32) == other)
  }
}
