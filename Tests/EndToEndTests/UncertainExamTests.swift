import Foundation
import TestSupport
import Testing

/// `classification.uncertainMargin` through `densa process`: with 0 no exam is flagged for its
/// margin, with 1 every one is, and with a threshold between the exams' margins exactly those
/// below it are flagged in result.json, the SR and the store, and the worklist's uncertain-first
/// order and `densa qa list` put them first.
@Suite(.serialized) struct UncertainExamTests {
  private func results(_ w: ProcessTests.Workspace) throws -> [String: [String: Any]] {
    var byAccession = [String: [String: Any]]()
    for file in w.resultFiles().map({ w.out + "/" + $0 }) {
      let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as! [String: Any]
      var entry = json
      entry["_file"] = file
      byAccession[(json["exam"] as! [String: Any])["accession"] as! String] = entry
    }
    return byAccession
  }

  private func uncertainty(_ result: [String: Any]) throws -> [String: Any] {
    try #require(result["uncertainty"] as? [String: Any], "result.json has no uncertainty section")
  }

  private func rerun(_ w: ProcessTests.Workspace, margin: String) throws -> ProcessTests.Workspace {
    try? FileManager.default.removeItem(atPath: w.out)
    try? FileManager.default.removeItem(atPath: w.db)
    let run = try w.process(["--set", "classification.uncertainMargin=\(margin)"])
    try #require(run.status == 0, "\(run.stderr)")
    return w
  }

  @Test func theMarginThresholdFlagsExamsInEveryOutputAndQAViewsListThemFirst() throws {
    let w = try ProcessTests.Workspace(exams: 8, seed: 57)
    defer { w.remove() }

    // Threshold 0: no exam is uncertain for its margin (a b/c straddle still counts).
    _ = try rerun(w, margin: "0")
    let atZero = try results(w)
    #expect(atZero.count == 8)
    var margins = [String: Double]()
    var straddles = Set<String>()
    for (accession, result) in atZero {
      let u = try uncertainty(result)
      let reasons = u["reasons"] as! [String]
      #expect(!reasons.contains("low-margin"), "\(accession): \(u)")
      #expect(u["marginThreshold"] as? Double == 0)
      margins[accession] = u["margin"] as? Double
      if reasons.contains("breasts-straddle-b-c") { straddles.insert(accession) }
      #expect((u["uncertain"] as? Bool) == !reasons.isEmpty)
      // The straddle is what the breasts say.
      let breasts = result["breasts"] as! [[String: Any]]
      let dense = Set(breasts.map { ["c", "d"].contains($0["composition"] as! String) })
      #expect(reasons.contains("breasts-straddle-b-c") == (breasts.count == 2 && dense.count == 2))
      let model = result["model"] as! [String: Any]
      #expect(model["temperature"] as? Double == 1, "the random model's card has no calibration")
    }

    // Threshold 1: every exam is uncertain.
    _ = try rerun(w, margin: "1")
    for (accession, result) in try results(w) {
      let u = try uncertainty(result)
      #expect(u["uncertain"] as? Bool == true && (u["reasons"] as! [String]).contains("low-margin"), "\(accession)")
    }

    // A threshold between the exams' margins splits them.
    let sorted = margins.values.sorted()
    try #require(sorted.count == 8 && sorted[3] < sorted[4], "margins \(sorted)")
    let threshold = (sorted[3] + sorted[4]) / 2
    _ = try rerun(w, margin: String(threshold))
    let split = try results(w)
    var expectedUncertain = Set<String>()
    for (accession, result) in split {
      let u = try uncertainty(result)
      let expected = margins[accession]! < threshold || straddles.contains(accession)
      #expect(u["uncertain"] as? Bool == expected, "\(accession): margin \(margins[accession]!) vs \(threshold)")
      if expected { expectedUncertain.insert(accession) }
      // The SR says so too, as a TEXT item among the qualitative evaluations.
      let sr = URL(fileURLWithPath: result["_file"] as! String).deletingLastPathComponent()
        .appendingPathComponent("density-sr.dcm").path
      let dump = try ExternalProcess.run("/usr/bin/dsrdump", [sr])
      #expect(dump.stdout.contains("Model density uncertain") == expected, "\(sr)")
      // And the RIS's result message, as an OBX with the same code.
      let oru = URL(fileURLWithPath: result["_file"] as! String).deletingLastPathComponent()
        .appendingPathComponent("result-oru.hl7")
      let message = try String(contentsOf: oru, encoding: .utf8)
      #expect(message.contains("|DENSA-UNCERT^Model density uncertain^99DENSA|") == expected, "\(oru.path)")
    }
    #expect(!expectedUncertain.isEmpty && expectedUncertain.count < 8, "\(expectedUncertain)")
    // The TEXT item adds nothing PixelMed's validator or dciodvfy complains about.
    let uncertainSRs = expectedUncertain.map {
      URL(fileURLWithPath: split[$0]!["_file"] as! String).deletingLastPathComponent()
        .appendingPathComponent("density-sr.dcm").path
    }
    for sr in uncertainSRs {
      let vfy = try ExternalProcess.run("/usr/bin/dciodvfy", [sr])
      let errors = (vfy.stdout + vfy.stderr).split(separator: "\n").filter { $0.hasPrefix("Error") }
      #expect(errors.isEmpty, "\(sr): \(errors)")
    }
    if let classpath = PixelMed.classpath() {
      let report = try PixelMed.validate(uncertainSRs, classpath: classpath)
      #expect(report.errors.isEmpty && report.unexplainedWarnings.isEmpty, "\(report.output)")
    }
    let check = try SchemaCheck.validate(split.values.map { $0["_file"] as! String })
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")

    // The worklist marks them and, uncertain first, lists them before every other exam.
    let worklist = try DensaBinary.run(
      ["worklist", "--db", w.db, "--format", "json", "--uncertain-first"], in: repositoryRoot)
    #expect(worklist.status == 0, "\(worklist.stderr)")
    let entries = try JSONSerialization.jsonObject(with: Data(worklist.stdout.utf8)) as! [[String: Any]]
    #expect(entries.count == 8)
    let flags = entries.map { $0["uncertain"] as? Bool ?? false }
    #expect(flags == flags.sorted { $0 && !$1 }, "uncertain exams are not first: \(flags)")
    #expect(
      Set(entries.filter { $0["uncertain"] as? Bool == true }.map { $0["accession"] as! String }) == expectedUncertain)
    let table = try DensaBinary.run(["worklist", "--db", w.db], in: repositoryRoot)
    #expect(table.stdout.contains("UNCERTAIN"))
    let only = try DensaBinary.run(["worklist", "--db", w.db, "--format", "json", "--uncertain"], in: repositoryRoot)
    let onlyEntries = try JSONSerialization.jsonObject(with: Data(only.stdout.utf8)) as! [[String: Any]]
    #expect(onlyEntries.count == expectedUncertain.count)

    // The QA list (disagreements) puts uncertain ones first without being asked.
    let qa = try DensaBinary.run(["qa", "list", "--db", w.db, "--format", "json"], in: repositoryRoot)
    #expect(qa.status == 0, "\(qa.stderr)")
    let disagreements = try JSONSerialization.jsonObject(with: Data(qa.stdout.utf8)) as! [[String: Any]]
    let qaFlags = disagreements.map { $0["uncertain"] as? Bool ?? false }
    #expect(qaFlags == qaFlags.sorted { $0 && !$1 }, "\(qaFlags)")
    let summary = try DensaBinary.run(["qa", "--db", w.db, "--json"], in: repositoryRoot)
    let q = try JSONSerialization.jsonObject(with: Data(summary.stdout.utf8)) as! [String: Any]
    #expect(q["uncertain"] as? Int == expectedUncertain.count)
  }

  @Test func aMarginOutsideZeroToOneIsRefusedNamingTheKey() throws {
    let run = try DensaBinary.run(
      ["config", "--set", "classification.uncertainMargin=1.5"], in: repositoryRoot)
    #expect(run.status != 0)
    #expect(run.stderr.contains("classification.uncertainMargin"), "\(run.stderr)")
  }
}
