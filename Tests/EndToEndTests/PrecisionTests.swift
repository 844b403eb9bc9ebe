import Foundation
import TestSupport
import Testing

/// `model.precision: bf16` through `densa process`: on the demo model's held-out synthetic set
/// (the one its card names) the bf16 results meet the contract against fp32, and they are kept
/// apart from the fp32 ones in every place results are written (folder, result.json, SR, store).
@Suite struct PrecisionTests {
  /// Whether this machine runs bf16 at all (`densa model bench --precision bf16` refuses otherwise).
  static let bf16Available: Bool = {
    let run = try? DensaBinary.run(
      ["model", "bench", "--variant", "atto", "--size", "32", "--batch", "1", "--repeat", "1", "--precision", "bf16"],
      in: repositoryRoot)
    return run?.status == 0
  }()

  @Test func bf16IsRefusedWithAReasonWhereItCannotRun() throws {
    let run = try DensaBinary.run(
      ["model", "bench", "--variant", "atto", "--size", "32", "--batch", "1", "--repeat", "1", "--precision", "bf16"],
      in: repositoryRoot, environment: ["DENSA_BF16": "none"])
    #expect(run.status != 0 && run.stderr.contains("AVX512-BF16 or AMX-BF16"), "\(run.stderr)")
    let bad = try DensaBinary.run(
      ["model", "info", "models/densa-demo.safetensors", "--set", "model.precision=fp16"], in: repositoryRoot)
    #expect(bad.status != 0 && bad.stderr.contains("model.precision"), "\(bad.stderr)")
  }

  /// Each bf16 variant the machine runs (AMX where it has it, VDPBF16PS, which
  /// DENSA_BF16=avx512bf16 keeps even on an AMX CPU, and the FMA kernel, DENSA_BF16=fma), through
  /// `densa model infer`, against timm's logits on the parity fixtures: the contract's probability
  /// bound and the same argmax.
  @Test(
    .enabled(if: bf16Available, "skipped: this CPU has no bf16 GEMM (needs AVX512-BF16 or AMX-BF16)"),
    arguments: [[:], ["DENSA_BF16": "avx512bf16"], ["DENSA_BF16": "fma"]])
  func everyBF16VariantMeetsTheContractAgainstTimm(environment: [String: String]) throws {
    let info = try DensaBinary.run(
      ["model", "bench", "--variant", "atto", "--size", "32", "--batch", "1", "--repeat", "1", "--precision", "bf16"],
      in: repositoryRoot, environment: environment)
    #expect(info.stdout.contains("bf16 GEMMs (block MLPs, downsampling) on "), "\(info.stdout)")
    if let variant = environment["DENSA_BF16"] {
      #expect(info.stdout.contains("bf16 GEMMs (block MLPs, downsampling) on \(variant)"), "\(info.stdout)")
    }
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("densa-bf16-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: out) }
    for name in ["custom_f32", "custom_f16", "custom_bf16", "atto_demo"] {
      let result = out.appendingPathComponent("\(name).npy")
      let weights =
        name == "atto_demo"
        ? repositoryRoot.appendingPathComponent("models/densa-demo.safetensors")
        : ModelCommandTests.fixtures.appendingPathComponent("\(name).safetensors")
      let run = try DensaBinary.run(
        [
          "model", "infer", "--weights", weights.path, "--precision", "bf16",
          "--input", ModelCommandTests.fixtures.appendingPathComponent("\(name).input.npy").path,
          "--output", result.path,
        ], in: repositoryRoot, environment: environment)
      #expect(run.status == 0, "\(run.stderr)")
      let ours = try ModelCommandTests.float32s(result)
      let timm = try ModelCommandTests.float32s(ModelCommandTests.fixtures.appendingPathComponent("\(name).logits.npy"))
      try #require(ours.count == timm.count && ours.count % 4 == 0)
      for v in 0..<(ours.count / 4) {
        let p = Self.softmax(Array(ours[(4 * v)..<(4 * v + 4)]))
        let q = Self.softmax(Array(timm[(4 * v)..<(4 * v + 4)]))
        let worst = zip(p, q).map { abs($0 - $1) }.max()!
        #expect(worst <= 0.01, "\(name) view \(v) \(environment): max |Δp| \(worst)")
        #expect(p.firstIndex(of: p.max()!) == q.firstIndex(of: q.max()!), "\(name) view \(v) \(environment)")
      }
    }
  }

  static func softmax(_ logits: [Float]) -> [Double] {
    let top = Double(logits.max()!)
    let e = logits.map { exp(Double($0) - top) }
    let total = e.reduce(0, +)
    return e.map { $0 / total }
  }

  @Test(
    .enabled(
      if: bf16Available,
      "skipped: this CPU has no bf16 GEMM (needs AVX512-BF16 or AMX-BF16), so bf16 processing is not checked here"))
  func bf16ResultsMeetTheContractAndAreKeptApart() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("densa-precision-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let set = dir.appendingPathComponent("set").path
    let synth = try DensaBinary.run(
      ["synth", "--out", set, "--exams", "60", "--seed", "202", "--scale", "0.35"], in: repositoryRoot, timeout: 600)
    try #require(synth.status == 0, "\(synth.stderr)")
    let weights = repositoryRoot.appendingPathComponent("models/densa-demo.safetensors").path
    func process(_ precision: String) throws -> [String: Any] {
      let run = try DensaBinary.run(
        [
          "process", set, "--model", weights, "--db", dir.appendingPathComponent("db.sqlite").path, "--out",
          dir.appendingPathComponent("out").path, "--json", "--set", "model.precision=\(precision)", "--set",
          "process.heatmaps=false",
        ], in: repositoryRoot, timeout: 600)
      try #require(run.status == 0, "\(run.stderr)")
      return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    }
    let fp32Run = try process("fp32")
    let bf16Run = try process("bf16")
    // The store keys bf16 apart: the bf16 run redid every exam, and a rerun of each skips them all.
    #expect(bf16Run["processed"] as? Int == fp32Run["processed"] as? Int)
    #expect((fp32Run["processed"] as? Int ?? 0) > 0)
    #expect(try process("fp32")["alreadyDone"] as? Int == fp32Run["processed"] as? Int)
    #expect(try process("bf16")["alreadyDone"] as? Int == bf16Run["processed"] as? Int)

    // Results: one folder per precision, each result.json saying which.
    var results = [String: [String: [String: Any]]]()  // precision → accession → result
    var srs = [String: [String: String]]()
    var jsonPaths = [String]()
    let out = dir.appendingPathComponent("out")
    for case let path as String in FileManager.default.enumerator(atPath: out.path)?.allObjects ?? []
    where path.hasSuffix("result.json") {
      let url = out.appendingPathComponent(path)
      jsonPaths.append(url.path)
      let result = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
      let model = result["model"] as! [String: Any]
      let precision = try #require(model["precision"] as? String)
      #expect(path.contains("-bf16/") == (precision == "bf16"), "\(path)")
      let accession = (result["exam"] as! [String: Any])["accession"] as! String
      results[precision, default: [:]][accession] = result
      srs[precision, default: [:]][accession] =
        url.deletingLastPathComponent().appendingPathComponent(
          "density-sr.dcm"
        ).path
    }
    let fp32 = results["fp32"] ?? [:]
    let bf16 = results["bf16"] ?? [:]
    #expect(fp32.count == fp32Run["processed"] as? Int && Set(fp32.keys) == Set(bf16.keys))
    // Both kinds validate against the published schema (precision is an optional addition to it).
    let check = try SchemaCheck.validate(jsonPaths)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

    // The contract: max |Δp| ≤ 0.01 over every view, same category for ≥ 99.5 % of views and
    // every exam.
    var worst = 0.0
    var views = 0
    var agreeing = 0
    var examsAgreeing = 0
    for (accession, a) in fp32 {
      let b = try #require(bf16[accession])
      let va = a["views"] as! [[String: Any]]
      let vb = b["views"] as! [[String: Any]]
      #expect(va.count == vb.count)
      for (x, y) in zip(va, vb) {
        #expect(x["view"] as? String == y["view"] as? String)
        let px = x["probabilities"] as! [String: Double]
        let py = y["probabilities"] as! [String: Double]
        for k in ["a", "b", "c", "d"] { worst = max(worst, abs(px[k]! - py[k]!)) }
        views += 1
        if x["composition"] as? String == y["composition"] as? String { agreeing += 1 }
      }
      let ea = (a["examDensity"] as? [String: Any])?["composition"] as? String
      let eb = (b["examDensity"] as? [String: Any])?["composition"] as? String
      if ea == eb { examsAgreeing += 1 }
    }
    print(
      "bf16 contract, demo model through densa process on the held-out set (synth seed 202, 60 exams):"
        + " max |Δp| \(String(format: "%.2e", worst)), views agreeing \(agreeing)/\(views),"
        + " exams agreeing \(examsAgreeing)/\(fp32.count)")
    #expect(views >= 200)
    #expect(worst <= 0.01, "max |Δp| \(worst)")
    #expect(Double(agreeing) >= 0.995 * Double(views), "\(agreeing)/\(views) views agree")
    #expect(examsAgreeing == fp32.count, "\(examsAgreeing)/\(fp32.count) exams agree")

    // The SR names the precision in TID 4019's parameters and is an object of its own.
    let accession = try #require(fp32.keys.sorted().first)
    let dumpA = try ExternalProcess.run("/usr/bin/dsrdump", ["+Pl", srs["fp32"]![accession]!])
    let dumpB = try ExternalProcess.run("/usr/bin/dsrdump", ["+Pl", srs["bf16"]![accession]!])
    #expect(dumpB.stdout.contains("precision=bf16") && !dumpA.stdout.contains("precision="))
    let uidA = (fp32[accession]!["structuredReport"] as? [String: Any])?["sopInstanceUID"] as? String
    let uidB = (bf16[accession]!["structuredReport"] as? [String: Any])?["sopInstanceUID"] as? String
    #expect(uidA != nil && uidB != nil && uidA != uidB)
  }
}
