import ArgumentParser
import Classifier
import Foundation

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

  func run() async throws {
    guard size > 0, size % 32 == 0, batch > 0, runs > 0 else {
      throw ValidationError("--size must be a positive multiple of 32; --batch and --repeat positive")
    }
    let network: ConvNeXt
    if let weights {
      network = try ConvNeXt(file: SafetensorsFile(path: weights))
    } else {
      guard let arch = ConvNeXtArchitecture.named(variant, classes: 4) else {
        throw ValidationError("unknown variant \(variant)")
      }
      let data = SafetensorsWriter.encode(RandomModel.tensors(arch, seed: 1))
      network = try ConvNeXt(file: SafetensorsFile(data: data, name: "random \(variant)"))
    }
    let arch = network.architecture
    let input = (0..<(batch * arch.inputChannels * size * size)).map { Float(($0 * 7919) % 255) / 127.5 - 1 }
    _ = network.logits(batch: input, n: batch, height: size, width: size)
    var times = [Double]()
    for _ in 0..<runs {
      let start = DispatchTime.now().uptimeNanoseconds
      _ = network.logits(batch: input, n: batch, height: size, width: size)
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    times.sort()
    let median = times[times.count / 2]
    let gflop = arch.flops(height: size, width: size) * Double(batch) / 1e9
    print(
      String(
        format: "%@ %dx%d batch %d: median %.1f ms, fastest %.1f ms, %.1f GFLOP per pass, %.1f GFLOP/s",
        arch.variantName, size, size, batch, median, times[0], gflop, gflop / (median / 1000)))
    print(ComputeBackend.summary)
    if profile {
      let recorder = ForwardProfile()
      _ = network.forward(batch: input, n: batch, height: size, width: size, profile: recorder)
      print(Self.table(recorder))
    }
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
