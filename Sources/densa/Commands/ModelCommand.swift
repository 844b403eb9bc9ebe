import ArgumentParser
import Classifier
import Foundation

/// Inspects and runs classifier models.
struct ModelCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "model",
    abstract: "Inspect a classifier model and run it on raw tensors.",
    subcommands: [
      ModelInfoCommand.self, ModelInferCommand.self, ModelBenchCommand.self, ModelCalibrateCommand.self,
      ModelRandomCommand.self,
    ]
  )
}

/// `densa model info WEIGHTS`: variant, parameter count, identity and card.
struct ModelInfoCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info", abstract: "Print a model's variant, parameters, identity and card.")

  @Argument(help: "Weights (timm ConvNeXt safetensors); the card is NAME.card.json beside them.")
  var weights: String

  @Flag(help: "Print JSON.")
  var json = false

  @Option(help: "fp32 or bf16 (default: model.precision).")
  var precision: String?

  @OptionGroup var settings: SettingsOptions

  func run() async throws {
    let configured = try await settings.load().modelPrecision
    let chosen = try InferencePrecision.parse(precision) ?? configured
    let model = try DensityModel(weights: URL(fileURLWithPath: weights), precision: chosen)
    let arch = model.network.architecture
    let p = model.card.preprocessing
    if json {
      let info = ModelInfo(
        identity: model.identity, variant: arch.variantName, depths: arch.depths, dims: arch.dims,
        parameters: model.network.weights.parameterCount, card: model.card,
        runsOn: ComputeBackend.summary(precision: model.identity.precision))
      print(String(decoding: try JSONEncoder.pretty.encode(info), as: UTF8.self))
      return
    }
    var lines = [
      "model       \(model.identity)",
      "sha256      \(model.identity.sha256)",
      "precision   \(model.identity.precision) (results stored under \(model.identity.key))",
      "variant     \(arch.variantName) (depths \(arch.depths), dims \(arch.dims))",
      "parameters  \(model.network.weights.parameterCount)",
      "classes     \(model.card.classes.joined(separator: ", "))",
      "input       \(p.inputHeight) x \(p.inputWidth), \(p.channels) channels, mean \(p.mean), std \(p.std)",
      String(format: "compute     %.2f GFLOP per view", arch.flops(height: p.inputHeight, width: p.inputWidth) / 1e9),
      "runs on     \(ComputeBackend.summary(precision: model.identity.precision))",
      "intended    \(model.card.intendedUse)",
      "clinical    \(model.card.clinicalUse ? "yes" : "no")",
    ]
    if let t = model.card.training {
      lines.append("training    \(t.data)")
      lines.append("provenance  \(t.provenance)")
    }
    if let v = model.card.validation {
      lines.append(
        String(format: "validation  accuracy %.3f, macro-F1 %.3f on %d samples", v.accuracy, v.macroF1, v.samples))
      lines.append("            (\(v.split))")
    }
    if let c = model.card.calibration {
      lines.append(
        String(format: "calibrated  temperature %.4f, fitted on %d views (%@)", c.temperature, c.samples, c.fittedOn))
    } else {
      lines.append("calibrated  no (temperature 1)")
    }
    if model.card.requiresNotice { lines.append("NOTICE      \(model.card.noticeText)") }
    print(lines.joined(separator: "\n"))
  }
}

/// The JSON form of `densa model info`.
private struct ModelInfo: Encodable {
  var identity: ModelIdentity
  var variant: String
  var depths: [Int]
  var dims: [Int]
  var parameters: Int
  var card: ModelCard
  var runsOn: String
}

/// `densa model infer`: logits for a raw NCHW float32 tensor, the interface used for parity with timm.
struct ModelInferCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "infer",
    abstract: "Run the network on an NCHW float32 .npy tensor (already normalised) and write the logits as .npy.",
    discussion: "No model card is needed: this runs the bare network, as timm would, to check parity.")

  @Option(help: "Weights (timm ConvNeXt safetensors).")
  var weights: String

  @Option(help: "Input tensor, float32 [N, C, H, W], H and W multiples of 32.")
  var input: String

  @Option(help: "Where to write the logits, float32 [N, classes].")
  var output: String

  @Option(help: "fp32 (timm-exact) or bf16 block MLPs.")
  var precision = "fp32"

  @Option(
    name: .customLong("repeat"),
    help: "Run the forward pass this many times and print the median and fastest time to stderr.")
  var runs: Int = 1

  func run() async throws {
    let network = try ConvNeXt(
      file: SafetensorsFile(path: weights), precision: try InferencePrecision.parse(precision)!)
    let tensor = try NumPyArray(path: input)
    let arch = network.architecture
    guard tensor.shape.count == 4, tensor.shape[1] == arch.inputChannels, tensor.shape[2] % 32 == 0,
      tensor.shape[3] % 32 == 0, tensor.shape[2] > 0, tensor.shape[3] > 0
    else {
      throw CommandError(
        "\(input): expected float32 [N, \(arch.inputChannels), H, W] with H and W multiples of 32, got \(tensor.shape)")
    }
    let n = tensor.shape[0]
    var logits = [Float]()
    var times = [Double]()
    for _ in 0..<max(1, runs) {
      let start = DispatchTime.now().uptimeNanoseconds
      logits = network.logits(batch: tensor.values, n: n, height: tensor.shape[2], width: tensor.shape[3])
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    if runs > 1 {
      let sorted = times.sorted()
      standardError(
        String(
          format: "forward pass, batch %d: median %.1f ms, fastest %.1f ms (%d runs)", n, sorted[sorted.count / 2],
          sorted[0], times.count))
    }
    let out = NumPyArray(shape: [n, arch.classes], values: logits)
    do { try out.data.write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
      throw CommandError("\(output): cannot write the logits (\(error.localizedDescription))")
    }
  }
}

/// `densa model random`: a seeded random-weights model with its card, for tests and benchmarks.
struct ModelRandomCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "random", abstract: "Write a seeded random-weights ConvNeXt and its card (testing only).",
    shouldDisplay: false)

  @Option(help: "timm variant: atto, femto, pico, nano, tiny, small, base, large, xlarge.")
  var variant = "atto"

  @Option(help: "Input height and width (multiples of 32).")
  var height = 192
  @Option var width = 160

  @Option(help: "Seed.")
  var seed: UInt64 = 1

  @Option(help: "Folder to write NAME.safetensors and NAME.card.json into.")
  var out: String

  @Option(help: "Model name.")
  var name = "random"

  func run() async throws {
    guard let arch = ConvNeXtArchitecture.named(variant, classes: 4) else {
      throw ValidationError("unknown variant \(variant)")
    }
    let url = try RandomModel.write(
      arch, seed: seed, preprocessing: PreprocessingOptions(inputHeight: height, inputWidth: width), name: name,
      to: URL(fileURLWithPath: out))
    print(url.path)
  }
}
