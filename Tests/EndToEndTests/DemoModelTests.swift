import Foundation
import Testing

/// The bundled demo model: its card's held-out figures are reproduced by `densa evaluate`, and
/// everything it writes says it was trained on synthetic phantoms.
@Suite struct DemoModelTests {
  let weights = repositoryRoot.appendingPathComponent("models/densa-demo.safetensors").path

  @Test func heldOutFiguresInTheCardAreReproducedByEvaluate() throws {
    let card =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: repositoryRoot.appendingPathComponent("models/densa-demo.card.json"))) as! [String: Any]
    let validation = card["validation"] as! [String: Any]
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("densa-heldout-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    // The held-out set the card names: same generator, same seed, never seen in training (seed 101).
    let synth = try DensaBinary.run(
      ["synth", "--out", dir.path, "--exams", "60", "--seed", "202", "--scale", "0.35"], in: repositoryRoot,
      timeout: 600)
    try #require(synth.status == 0, "\(synth.stderr)")
    let run = try DensaBinary.run(
      ["evaluate", dir.path, "--model", weights, "--json"], in: repositoryRoot, timeout: 600)
    try #require(run.status == 0, "\(run.stderr)")
    let result = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    let views = result["views"] as! [String: Any]
    #expect(views["samples"] as? Int == validation["samples"] as? Int)
    // OpenBLAS kernels differ between CPUs in the last bits; allow one view to flip.
    let accuracy = try #require(views["accuracy"] as? Double)
    let macroF1 = try #require(views["macroF1"] as? Double)
    #expect(abs(accuracy - (validation["accuracy"] as! Double)) <= 1.0 / 240 + 1e-4)
    #expect(abs(macroF1 - (validation["macroF1"] as! Double)) <= 0.01)
    // Well above chance (0.25) on four classes: the model learned something real.
    #expect(accuracy > 0.6)
  }

  @Test func theDemoModelIsIdentifiedAndSaysItIsNotForClinicalUse() throws {
    let info = try DensaBinary.run(["model", "info", weights, "--json"], in: repositoryRoot)
    #expect(info.status == 0, "\(info.stderr)")
    let object = try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as! [String: Any]
    let identity = object["identity"] as! [String: Any]
    #expect((identity["sha256"] as? String)?.count == 64)
    #expect(identity["name"] as? String == "densa-demo")
    let card = object["card"] as! [String: Any]
    #expect(card["clinicalUse"] as? Bool == false)
    #expect((card["notice"] as? String)?.contains("synthetic phantoms") == true)
    let text = try DensaBinary.run(["model", "info", weights], in: repositoryRoot)
    #expect(text.stdout.contains("NOTICE") && text.stdout.contains("not for clinical use"))
  }

  @Test func plantedReportErrorsAreFlaggedWhereTheModelIsRight() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("densa-planted-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: dir) }
    let synth = try DensaBinary.run(
      [
        "synth", "--out", dir.appendingPathComponent("set").path, "--exams", "24", "--seed", "77", "--scale", "0.35",
        "--disagreement-rate", "0.4",
      ], in: repositoryRoot, timeout: 600)
    try #require(synth.status == 0, "\(synth.stderr)")
    let run = try DensaBinary.run(
      [
        "process", dir.appendingPathComponent("set").path, "--model", weights, "--db",
        dir.appendingPathComponent("db.sqlite").path, "--out", dir.appendingPathComponent("out").path,
      ],
      in: repositoryRoot, timeout: 600)
    try #require(run.status == 0, "\(run.stderr)")
    let manifest =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: dir.appendingPathComponent("set/manifest.json"))) as! [String: Any]
    var truth = [String: [String: Any]]()
    for exam in manifest["exams"] as! [[String: Any]] { truth[exam["accession"] as! String] = exam }
    let walker = FileManager.default.enumerator(atPath: dir.appendingPathComponent("out").path)
    var checked = 0
    for case let path as String in walker?.allObjects ?? [] where path.hasSuffix("result.json") {
      let result =
        try JSONSerialization.jsonObject(
          with: Data(contentsOf: dir.appendingPathComponent("out/" + path))) as! [String: Any]
      let exam = result["exam"] as! [String: Any]
      let planted = try #require(truth[exam["accession"] as! String])
      let model = (result["examDensity"] as! [String: Any])["composition"] as! String
      let status = (result["agreement"] as! [String: Any])["status"] as! String
      // A report planted to disagree with the truth, on an exam the model gets right, is flagged.
      if planted["plantedDisagreement"] as? Bool == true, model == planted["composition"] as? String {
        #expect(status == "adjacent" || status == "major", "\(path)")
        checked += 1
      }
      // An honest report on an exam the model gets right agrees.
      if planted["plantedDisagreement"] as? Bool == false, model == planted["composition"] as? String,
        planted["reportDensity"] as? String == model
      {
        #expect(status == "agree", "\(path)")
      }
    }
    #expect(checked >= 2, "too few planted disagreements where the model was right to test anything")
  }
}
