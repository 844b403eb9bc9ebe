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

  @Test func infersCustomArchitecture() throws {
    let file = try SafetensorsFile(path: Self.fixtures.appendingPathComponent("custom_f32.safetensors").path)
    let arch = try ConvNeXt(file: file).architecture
    #expect(arch.depths == [1, 1, 2, 1])
    #expect(arch.dims == [16, 32, 64, 128])
    #expect(arch.classes == 4)
    #expect(arch.variantName == "custom")
  }
}
