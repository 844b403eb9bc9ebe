import ArgumentParser
import Classifier
import Foundation
import Synth

/// `densa model bench`: times the forward pass of a model file or of a seeded random variant.
struct ModelBenchCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Time the ConvNeXt forward pass (median and fastest of several runs).")

  @Option(help: "Weights to time (default: a seeded random --variant).")
  var weights: String?

  @Option(help: "timm variant when no weights are given: atto … xlarge.")
  var variant = "tiny"

  @Option(help: "Input height and width (multiples of 32).")
  var size = 512

  @Option(help: "Images per forward pass.")
  var batch = 4

  @Option(name: .customLong("repeat"), help: "Timed runs after one warm-up run.")
  var runs = 5

  @Flag(help: "Also print where one pass spends its time, per layer kind and stage.")
  var profile = false

  @Option(help: "fp32 or bf16 GEMMs (block MLPs and downsampling).")
  var precision = "fp32"

  @Option(
    help: ArgumentHelp(
      "With --precision bf16: also run this many synthetic exams (four phantom views each, fatty to dense, at --size) through fp32 and bf16 and print the accuracy contract's figures.",
      valueName: "exams"))
  var compare = 0

  func run() async throws {
    guard size > 0, size % 32 == 0, batch > 0, runs > 0 else {
      throw ValidationError("--size must be a positive multiple of 32; --batch and --repeat positive")
    }
    let chosen = try InferencePrecision.parse(precision)!
    let source: () throws -> SafetensorsFile
    if let weights {
      source = { try SafetensorsFile(path: weights) }
    } else {
      guard let arch = ConvNeXtArchitecture.named(variant, classes: 4) else {
        throw ValidationError("unknown variant \(variant)")
      }
      let data = SafetensorsWriter.encode(RandomModel.tensors(arch, seed: 1))
      source = { try SafetensorsFile(data: data, name: "random \(variant)") }
    }
    let network = try ConvNeXt(file: source(), precision: chosen)
    let arch = network.architecture
    let input = (0..<(batch * arch.inputChannels * size * size)).map { Float(($0 * 7919) % 255) / 127.5 - 1 }
    _ = network.logits(batch: input, n: batch, height: size, width: size)
    var times = [Double]()
    var cpuTimes = [Double]()
    for _ in 0..<runs {
      let start = DispatchTime.now().uptimeNanoseconds
      let cpuStart = Self.processCPUSeconds()
      _ = network.logits(batch: input, n: batch, height: size, width: size)
      cpuTimes.append((Self.processCPUSeconds() - cpuStart) * 1000)
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    times.sort()
    cpuTimes.sort()
    let median = times[times.count / 2]
    let gflop = arch.flops(height: size, width: size) * Double(batch) / 1e9
    print(
      String(
        format: "%@ %dx%d batch %d %@: median %.1f ms, fastest %.1f ms, %.1f GFLOP per pass, %.1f GFLOP/s",
        arch.variantName, size, size, batch, chosen.rawValue, median, times[0], gflop, gflop / (median / 1000)))
    // On a shared virtual machine the hypervisor takes the cores away at times (steal), which
    // stretches wall time by up to 3x; CPU time excludes it, so A/B comparisons read it instead.
    print(
      String(
        format: "CPU time (all threads) per pass: median %.1f ms, least %.1f ms", cpuTimes[cpuTimes.count / 2],
        cpuTimes[0]))
    print(ComputeBackend.summary(precision: chosen))
    if profile {
      let recorder = ForwardProfile()
      let out = network.forward(batch: input, n: batch, height: size, width: size, profile: recorder)
      print(Self.table(recorder))
      print(
        Self.gradCAMLine(
          out, batch: batch, classes: arch.classes, head: network.weights.classifierHead, passMilliseconds: median))
    }
    if compare > 0, chosen != .fp32 {
      let agreement = try Self.agreement(
        reference: ConvNeXt(file: source()), candidate: network, exams: compare, size: size)
      print(
        "\(chosen) against fp32 on \(compare) synthetic exams at \(size)x\(size): \(agreement); contract "
          + (agreement.meetsContract ? "met" : "NOT met"))
    }
  }

  /// What Grad-CAM adds to a pass, as `densa process` computes it: each view's features taken
  /// from the same pass and mapped for its top class (best of 5).
  static func gradCAMLine(
    _ out: ConvNeXtOutput, batch: Int, classes: Int, head: ClassifierHead, passMilliseconds: Double
  )
    -> String
  {
    let tops = (0..<batch).map { i in
      DensityProbabilities(logits: Array(out.logits[(i * classes)..<((i + 1) * classes)])).category.index
    }
    var best = Double.infinity
    for _ in 0..<5 {
      let start = DispatchTime.now().uptimeNanoseconds
      for (i, top) in tops.enumerated() { _ = GradCAM.map(out.features(ofImage: i), head: head, classIndex: top) }
      best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return String(
      format: "Grad-CAM for the %d view(s) (from the last stage's %dx%dx%d features): %.2f ms, %.2f %% of a pass",
      batch, out.featureHeight, out.featureWidth, out.featureChannels, best, 100 * best / passMilliseconds)
  }

  /// CPU time this process has used, all threads together, in seconds.
  static func processCPUSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
  }

  /// Both networks on `exams` exams of four phantoms (R-CC, L-CC, R-MLO, L-MLO; fibroglandular
  /// fraction from fatty to dense), one batch per exam, compared view by view and by exam density.
  static func agreement(reference: ConvNeXt, candidate: ConvNeXt, exams: Int, size: Int) throws -> PrecisionAgreement {
    var agreement = PrecisionAgreement()
    let views: [(Laterality, String)] = [(.right, "CC"), (.left, "CC"), (.right, "MLO"), (.left, "MLO")]
    let options = PreprocessingOptions(inputHeight: size, inputWidth: size)
    for e in 0..<exams {
      var batch = [Float]()
      let fraction = 0.05 + 0.8 * Double(e % 9) / 8
      for (v, view) in views.enumerated() {
        let phantom = PhantomRenderer.render(
          PhantomSpec(
            width: 640, height: 800, isMLO: view.1 == "MLO", fibroglandularFraction: fraction,
            seed: 9_000 + UInt64(4 * e + v)))
        batch += try preprocess(phantom.image, laterality: view.0, options: options).tensor
      }
      let a = reference.logits(batch: batch, n: 4, height: size, width: size)
      let b = candidate.logits(batch: batch, n: 4, height: size, width: size)
      agreement.addViews(reference: a, candidate: b)
      func exam(_ logits: [Float]) -> BreastComposition? {
        ExamDensity(
          views: views.enumerated().map { i, view in
            ViewDensity(
              laterality: view.0, view: view.1,
              probabilities: DensityProbabilities(logits: Array(logits[(4 * i)..<(4 * i + 4)])))
          })?.category
      }
      if let x = exam(a), let y = exam(b) { agreement.addExam(reference: x, candidate: y) }
    }
    return agreement
  }

  /// A Markdown table of a profiled pass: milliseconds, share of the pass and GFLOP/s per step.
  static func table(_ profile: ForwardProfile) -> String {
    let total = profile.totalSeconds
    var lines = ["| stage | layer | ms | share | GFLOP/s |", "| --- | --- | --- | --- | --- |"]
    for e in profile.entries {
      let rate = e.flops > 0 ? String(format: "%.1f", e.flops / e.seconds / 1e9) : ""
      lines.append(
        String(
          format: "| %@ | %@ | %.1f | %.1f %% | %@ |", e.stage, e.layer, e.seconds * 1000, 100 * e.seconds / total, rate
        ))
    }
    var kinds: [(String, Double)] = []
    for e in profile.entries {
      if let i = kinds.firstIndex(where: { $0.0 == e.layer }) {
        kinds[i].1 += e.seconds
      } else {
        kinds.append((e.layer, e.seconds))
      }
    }
    lines.append("")
    lines.append(
      "By layer kind: "
        + kinds.sorted { $0.1 > $1.1 }.map { String(format: "%@ %.1f %%", $0.0, 100 * $0.1 / total) }.joined(
          separator: ", "))
    lines.append(String(format: "Total %.1f ms", total * 1000))
    return lines.joined(separator: "\n")
  }
}
