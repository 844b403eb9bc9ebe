import Foundation
import TestSupport
import Testing

/// Exams that cannot be fully assessed, made by `densa synth` and run through `densa process`: each
/// result says why, coded, in `result.json` and in the SR.
@Suite(.serialized) struct AssessmentLimitationTests {
  typealias Workspace = ProcessTests.Workspace

  /// Every result of a run, parsed, with its SR and the set's manifest.
  struct Run {
    var results: [(json: [String: Any], sr: String)]
    var manifest: [[String: Any]]
    var process: DensaBinary.Result
  }

  func run(_ w: Workspace) throws -> Run {
    let process = try w.process(["--json"])
    let files = w.resultFiles().sorted().map { w.out + "/" + $0 }
    let results: [(json: [String: Any], sr: String)] = try files.map { file in
      let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as! [String: Any]
      return (
        json: json,
        sr: URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("density-sr.dcm").path
      )
    }
    let manifest =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: w.set + "/manifest.json"))) as! [String: Any]
    let check = try SchemaCheck.validate(files)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    return Run(results: results, manifest: manifest["exams"] as! [[String: Any]], process: process)
  }

  func limitations(_ json: [String: Any]) -> [[String: Any]] { json["limitations"] as? [[String: Any]] ?? [] }

  /// dciodvfy finds no error and the SR carries each reason's code under Assessment limitation; PixelMed
  /// (when installed) finds nothing DEVELOPERS.md does not explain.
  func expectCoded(_ sr: String, codes: [String]) throws {
    let vfy = try ExternalProcess.run("/usr/bin/dciodvfy", [sr])
    let errors = (vfy.stdout + vfy.stderr).split(separator: "\n").filter { $0.hasPrefix("Error") }
    #expect(errors.isEmpty, "\(sr): \(errors)")
    let dump = try ExternalProcess.run("/usr/bin/dsrdump", ["+Pl", sr])
    #expect(dump.status == 0 && dump.stderr.isEmpty, "\(dump.stderr)")
    for code in codes {
      #expect(dump.stdout.contains("\"Assessment limitation\")=(\(code),"), "\(code)")
    }
    if let classpath = PixelMed.classpath() {
      let report = try PixelMed.validate([sr], classpath: classpath)
      #expect(report.errors.isEmpty && report.unexplainedWarnings.isEmpty, "\(report.output)")
    }
  }

  @Test func implantsAreNamedPerBreastAndTheImplantDisplacedViewsAreUsed() throws {
    let w = try Workspace(exams: 2, seed: 81, synth: ["--implant-rate", "1"])
    defer { w.remove() }
    let r = try run(w)
    #expect(r.process.status == 0, "\(r.process.stderr)")
    #expect(r.results.count == 2)
    for (json, sr) in r.results {
      let found = limitations(json)
      #expect(found.map { $0["reason"] as? String } == ["implant-present", "implant-present"])
      #expect(found.map { $0["laterality"] as? String } == ["L", "R"])
      #expect(found.allSatisfy { $0["code"] as? String == "2282003" && $0["scheme"] as? String == "SCT" })
      #expect(found.allSatisfy { $0["meaning"] as? String == "Breast implant, type not specified" })
      // The CC views chosen are the implant-displaced ones.
      let accession = (json["exam"] as! [String: Any])["accession"] as! String
      let exam = try #require(r.manifest.first { $0["accession"] as? String == accession })
      let displaced = (exam["images"] as! [[String: Any]]).filter { $0["quirk"] as? String == "implant-displaced" }
        .map { $0["sopInstanceUID"] as! String }
      let views = json["views"] as! [[String: Any]]
      let cc = views.filter { ($0["view"] as! String).hasSuffix("CC") }.map { $0["sopInstanceUID"] as! String }
      #expect(Set(cc) == Set(displaced) && displaced.count == 2)
      try expectCoded(sr, codes: ["2282003"])
    }
  }

  @Test func aUnilateralExamIsClassifiedFromTheBreastThatIsThere() throws {
    let w = try Workspace(exams: 3, seed: 82, synth: ["--unilateral-rate", "1"])
    defer { w.remove() }
    let r = try run(w)
    #expect(r.process.status == 0, "\(r.process.stderr)")
    #expect(r.results.count == 3)
    for (json, sr) in r.results {
      let breasts = json["breasts"] as! [[String: Any]]
      let side = try #require(breasts.first?["laterality"] as? String)
      #expect(breasts.count == 1)
      #expect((json["views"] as! [[String: Any]]).allSatisfy { $0["laterality"] as? String == side })
      let found = limitations(json)
      #expect(found.count == 1, "\(found)")
      #expect(found.first?["reason"] as? String == "unilateral" && found.first?["laterality"] as? String == side)
      #expect(found.first?["code"] as? String == "DENSA-UNILAT" && found.first?["scheme"] as? String == "99DENSA")
      let density = json["examDensity"] as! [String: Any]
      #expect(density["decidingBreast"] as? String == side)
      #expect(density["composition"] as? String == breasts[0]["composition"] as? String)
      #expect((json["suggestedDensityStatement"] as! [String: Any])["breasts"] as? String == "one")
      try expectCoded(sr, codes: ["DENSA-UNILAT"])
    }
  }

  @Test func onlyForProcessingImagesAreUsedAndSaidSo() throws {
    let w = try Workspace(exams: 2, seed: 83, synth: ["--for-processing-only-rate", "1"])
    defer { w.remove() }
    let r = try run(w)
    #expect(r.process.status == 0, "\(r.process.stderr)")
    #expect(r.results.count == 2)
    for (json, sr) in r.results {
      #expect((json["views"] as! [[String: Any]]).count == 4)
      #expect(limitations(json).map { $0["code"] as? String } == ["DENSA-FORPROC"])
      #expect(limitations(json).first?["reason"] as? String == "for-processing-only")
      try expectCoded(sr, codes: ["DENSA-FORPROC"])
    }
  }

  @Test func aMissingViewIsNamedAndCoded() throws {
    let w = try Workspace(exams: 2, seed: 84, synth: ["--missing-view-rate", "1"])
    defer { w.remove() }
    let r = try run(w)
    #expect(r.process.status == 0, "\(r.process.stderr)")
    for (json, sr) in r.results {
      let missing = try #require(((json["exam"] as! [String: Any])["missingViews"] as! [String]).first)
      let found = limitations(json)
      #expect(found.map { $0["view"] as? String } == [missing])
      let code = "DENSA-MISS-" + missing.replacingOccurrences(of: "-", with: "")
      #expect(found.first?["code"] as? String == code && found.first?["reason"] as? String == "missing-view")
      try expectCoded(sr, codes: [code])
    }
  }

  @Test func anExamOfNonStandardViewsHasNoDensityButSaysWhy() throws {
    let w = try Workspace(exams: 1, seed: 85, synth: ["--non-standard-view-rate", "1"])
    defer { w.remove() }
    let r = try run(w)
    // Not classified: the run says so (exit status 2, as for any exam it could not classify).
    #expect(r.process.status == 2)
    #expect(r.process.stdout.contains("not assessed: non-standard views only"), "\(r.process.stdout)")
    let (json, sr) = try #require(r.results.first)
    #expect((json["views"] as! [[String: Any]]).isEmpty && json["examDensity"] == nil)
    #expect((json["agreement"] as! [String: Any])["status"] as? String == "not-assessed")
    #expect(limitations(json).map { $0["code"] as? String } == ["DENSA-NONSTD"])
    try expectCoded(sr, codes: ["DENSA-NONSTD"])
    // A complete exam of the same kind of run has none.
    let plain = try Workspace(exams: 1, seed: 85)
    defer { plain.remove() }
    let clean = try run(plain)
    #expect(clean.results.count == 1 && limitations(clean.results[0].json).isEmpty)
  }
}
