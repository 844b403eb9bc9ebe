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
}
