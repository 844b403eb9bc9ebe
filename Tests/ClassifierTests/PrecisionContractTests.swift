import Foundation
import Testing

@testable import Classifier

/// The bf16 accuracy contract: against densa's own fp32 on the same inputs, max |Δ probability|
/// ≤ 0.01 and the same category for ≥ 99.5 % of views and every exam, on timm's fixtures, on a
/// held-out synthetic set through the bundled demo model, and on the same set through random
/// convnext_tiny weights. The figures are printed (BENCHMARKS.md records them). On a CPU without a
/// bf16 GEMM every test here is skipped, and says so.
@Suite(
  .enabled(
    if: InferencePrecision.bf16Available,
    "skipped: this CPU has no bf16 GEMM (needs AVX512-BF16 or AMX-BF16), so the bf16 contract is not checked here"))
struct PrecisionContractTests {
  static let repository = ConvNeXtParityTests.fixtures.deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// timm's fixtures (F32, BF16 and F16 weights of a small custom ConvNeXt; convnext_atto on the
  /// demo weights), their own inputs.
  @Test(arguments: ["custom_f32", "custom_bf16", "custom_f16", "atto_demo"])
  func timmFixtures(name: String) throws {
    let dir = ConvNeXtParityTests.fixtures
    let weights =
      name == "atto_demo"
      ? Self.repository.appendingPathComponent("models/densa-demo.safetensors")
      : dir.appendingPathComponent("\(name).safetensors")
    let input = try NumPyArray(path: dir.appendingPathComponent("\(name).input.npy").path)
    let fp32 = try ConvNeXt(file: SafetensorsFile(path: weights.path))
    let bf16 = try ConvNeXt(file: SafetensorsFile(path: weights.path), precision: .bf16)
    #expect(bf16.precision == .bf16 && fp32.precision == .fp32)
    let (n, h, w) = (input.shape[0], input.shape[2], input.shape[3])
    let reference = fp32.logits(batch: input.values, n: n, height: h, width: w)
    let candidate = bf16.logits(batch: input.values, n: n, height: h, width: w)
    // The bf16 pass really is another computation, and a deterministic one.
    #expect(candidate != reference)
    #expect(bf16.logits(batch: input.values, n: n, height: h, width: w) == candidate)
    var agreement = PrecisionAgreement()
    agreement.addViews(reference: reference, candidate: candidate)
    print("bf16 contract, timm fixture \(name): \(agreement)")
    #expect(agreement.meetsContract, "\(name): \(agreement)")
  }

  /// The counts and the diagnostic gap on hand-made probabilities: one view agreeing, one that
  /// flips between two categories 0.004 apart in fp32, one that flips across a wide gap.
  @Test func agreementCountsViewsAndReportsTheWidestDisagreeingGap() {
    var agreement = PrecisionAgreement()
    agreement.add(
      reference: DensityProbabilities([0.7, 0.2, 0.05, 0.05]),
      candidate: DensityProbabilities([0.699, 0.201, 0.05, 0.05]))
    #expect(agreement.widestDisagreeingGap == nil && agreement.viewsAgreeing == 1)
    agreement.add(
      reference: DensityProbabilities([0.1, 0.452, 0.448, 0.0]),
      candidate: DensityProbabilities([0.1, 0.449, 0.451, 0.0]))
    #expect(abs((agreement.widestDisagreeingGap ?? 0) - 0.004) < 1e-12)
    #expect(agreement.views == 2 && agreement.viewsAgreeing == 1 && !agreement.meetsContract)
    #expect(abs(agreement.maxProbabilityDifference - 0.003) < 1e-12)
    agreement.add(
      reference: DensityProbabilities([0.9, 0.1, 0, 0]), candidate: DensityProbabilities([0.1, 0.9, 0, 0]))
    #expect(abs((agreement.widestDisagreeingGap ?? 0) - 0.8) < 1e-12)
    #expect(agreement.description.contains("views agreeing 1/3") && agreement.description.contains("8.00e-01 apart"))
  }

  /// 60 exams of four synthetic breast views (both sides, CC and MLO, fatty to dense, with and
  /// without labels), made here and never seen in training, through the demo model.
  @Test func heldOutSyntheticSetWithTheDemoModel() throws {
    let weights = Self.repository.appendingPathComponent("models/densa-demo.safetensors")
    let card = try ModelCard(contentsOf: ModelCard.url(forWeights: weights))
    let fp32 = try ConvNeXt(file: SafetensorsFile(path: weights.path))
    let bf16 = try ConvNeXt(file: SafetensorsFile(path: weights.path), precision: .bf16)
    let agreement = try Self.compare(fp32, bf16, options: card.preprocessing, exams: 60, seed: 202)
    print("bf16 contract, demo model (convnext_atto) on 60 synthetic exams: \(agreement)")
    #expect(agreement.views == 240 && agreement.exams == 60)
    #expect(agreement.meetsContract, "\(agreement)")
  }

  /// The same kind of set at 224 × 224 through seeded random convnext_tiny weights (layer scales
  /// 0.5 ± 0.2, as the benchmarks use).
  @Test func heldOutSyntheticSetWithRandomTinyWeights() throws {
    let arch = try #require(ConvNeXtArchitecture.named("tiny", classes: 4))
    let data = SafetensorsWriter.encode(RandomModel.tensors(arch, seed: 1))
    let fp32 = try ConvNeXt(file: SafetensorsFile(data: data, name: "random tiny"))
    let bf16 = try ConvNeXt(file: SafetensorsFile(data: data, name: "random tiny"), precision: .bf16)
    let agreement = try Self.compare(
      fp32, bf16, options: PreprocessingOptions(inputHeight: 224, inputWidth: 224), exams: 40, seed: 303)
    print("bf16 contract, random convnext_tiny at 224 on 40 synthetic exams: \(agreement)")
    #expect(agreement.views == 160 && agreement.exams == 40)
    #expect(agreement.meetsContract, "\(agreement)")
  }

  /// Runs both networks on `exams` exams of synthetic views (one batch of four per exam) and
  /// compares views and exam densities (the denser breast, as `densa process` aggregates).
  static func compare(
    _ reference: ConvNeXt, _ candidate: ConvNeXt, options: PreprocessingOptions, exams: Int, seed: UInt64
  ) throws -> PrecisionAgreement {
    var agreement = PrecisionAgreement()
    let views: [(Laterality, String)] = [(.right, "CC"), (.left, "CC"), (.right, "MLO"), (.left, "MLO")]
    for e in 0..<exams {
      var batch = [Float]()
      for (v, (side, _)) in views.enumerated() {
        let s = seed &* 1000 &+ UInt64(e * 4 + v)
        let view = SyntheticView(
          width: 240 + 16 * (e % 5), height: 300 + 20 * (v % 3), chestWallOnRight: side == .left, label: e % 3 != 0,
          denseCore: e % 4 >= 2, seed: s)
        batch += try preprocess(view.image, laterality: side, options: options).tensor
      }
      let (h, w) = (options.inputHeight, options.inputWidth)
      let a = reference.logits(batch: batch, n: 4, height: h, width: w)
      let b = candidate.logits(batch: batch, n: 4, height: h, width: w)
      agreement.addViews(reference: a, candidate: b)
      func exam(_ logits: [Float]) -> BreastComposition? {
        let densities = views.enumerated().map { i, view in
          ViewDensity(
            laterality: view.0, view: view.1,
            probabilities: DensityProbabilities(logits: Array(logits[(4 * i)..<(4 * i + 4)])))
        }
        return ExamDensity(views: densities)?.category
      }
      if let x = exam(a), let y = exam(b) { agreement.addExam(reference: x, candidate: y) }
    }
    return agreement
  }
}
