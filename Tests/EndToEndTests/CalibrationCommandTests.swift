import Foundation
import Testing

/// `densa model calibrate` on a `densa dataset export` folder, and `densa evaluate`'s calibration
/// figures and reliability diagram with the calibrated card.
@Suite(.serialized) struct CalibrationCommandTests {
  @Test func calibrateWritesANewCardBesideTheSameWeightsAndEvaluateReportsECE() throws {
    let w = try ProcessTests.Workspace(exams: 20, seed: 61)
    defer { w.remove() }
    let card = URL(fileURLWithPath: w.weights).deletingPathExtension().appendingPathExtension("card.json").path
    let ds = w.dir.appendingPathComponent("ds").path
    let export = try DensaBinary.run(
      ["dataset", "export", w.set, "--out", ds, "--ground-truth", "--card", card], in: repositoryRoot, timeout: 600)
    try #require(export.status == 0, "\(export.stderr)")

    let out = w.dir.appendingPathComponent("calibrated").path
    let run = try DensaBinary.run(
      ["model", "calibrate", w.weights, "--dataset", ds, "--out", out, "--json"], in: repositoryRoot, timeout: 600)
    try #require(run.status == 0, "\(run.stderr)")
    let result = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    let t = try #require(result["temperature"] as? Double)
    #expect(t > 0.05 && t < 20)
    let fitted = result["fitted"] as! [String: Any]
    #expect(fitted["split"] as? String == "validation")
    #expect((fitted["samples"] as? Int ?? 0) > 0)
    // T minimises the validation NLL, and T = 1 is among the candidates.
    #expect((fitted["nllAfter"] as! Double) <= (fitted["nllBefore"] as! Double) + 1e-9)
    let samplesCSV = try String(contentsOfFile: ds + "/samples.csv", encoding: .utf8)
    let validationRows = samplesCSV.split(separator: "\n").filter { $0.hasSuffix(",validation") }.count
    #expect(fitted["samples"] as? Int == validationRows)

    // The new card carries T; the weights are the same bytes, so the identity is the same.
    let newWeights = out + "/random.safetensors"
    let newCard =
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/random.card.json")))
      as! [String: Any]
    let calibration = try #require(newCard["calibration"] as? [String: Any])
    #expect(abs((calibration["temperature"] as? Double ?? 0) - t) < 1e-9)
    #expect(calibration["method"] as? String == "temperature-scaling")
    let oldCard =
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: card))) as! [String: Any]
    #expect(oldCard["calibration"] == nil, "the source card was changed")
    let infoOld = try DensaBinary.run(["model", "info", w.weights, "--json"], in: repositoryRoot)
    let infoNew = try DensaBinary.run(["model", "info", newWeights, "--json"], in: repositoryRoot)
    func sha(_ r: DensaBinary.Result) throws -> String? {
      let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
      return (json["identity"] as? [String: Any])?["sha256"] as? String
    }
    #expect(try sha(infoOld) != nil && sha(infoOld) == sha(infoNew))

    // Never into the source model's folder; never over an existing card unless asked.
    let intoSource = try DensaBinary.run(
      ["model", "calibrate", w.weights, "--dataset", ds, "--out", w.dir.appendingPathComponent("model").path],
      in: repositoryRoot, timeout: 600)
    #expect(intoSource.status != 0 && intoSource.stderr.contains("source model"), "\(intoSource.stderr)")
    let again = try DensaBinary.run(
      ["model", "calibrate", w.weights, "--dataset", ds, "--out", out], in: repositoryRoot, timeout: 600)
    #expect(again.status != 0 && again.stderr.contains("--replace"), "\(again.stderr)")

    // Evaluate reports the temperature, the ECE and writes the reliability diagram.
    for (weights, temperature) in [(w.weights, 1.0), (newWeights, t)] {
      let png = w.dir.appendingPathComponent("reliability-\(temperature).png").path
      let evaluation = try DensaBinary.run(
        ["evaluate", w.set, "--model", weights, "--json", "--reliability", png], in: repositoryRoot, timeout: 600)
      try #require(evaluation.status == 0, "\(evaluation.stderr)")
      let e = try JSONSerialization.jsonObject(with: Data(evaluation.stdout.utf8)) as! [String: Any]
      #expect(abs((e["temperature"] as? Double ?? 0) - temperature) < 1e-9)
      let views = try #require(e["viewCalibration"] as? [String: Any])
      #expect(views["samples"] as? Int == 80)
      let ece = try #require(views["ece"] as? Double)
      #expect(ece >= 0 && ece <= 1)
      #expect((views["bins"] as? [Any])?.count == 15)
      #expect(e["reliabilityDiagram"] as? String == png)
      let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
      #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }
  }
}
