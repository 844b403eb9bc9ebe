import Foundation
import TestSupport
import Testing

/// Two synthetic exams of one patient a year apart (`densa synth --prior-study-rate 1`) run through
/// `densa process`: the later one's result, SR, worklist row and QA summary show the prior's density
/// and whether the exam crosses the dense line since.
@Suite(.serialized) struct PriorComparisonTests {
  @Test func theLaterExamIsComparedWithThePriorInEveryOutput() throws {
    let w = try ProcessTests.Workspace(exams: 2, seed: 91, synth: ["--prior-study-rate", "1"])
    defer { w.remove() }
    let run = try w.process(["--json"])
    #expect(run.status == 0, "\(run.stderr)")
    let manifest =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: w.set + "/manifest.json"))) as! [String: Any]
    let exams = manifest["exams"] as! [[String: Any]]
    #expect(exams.count == 4 && exams.filter { $0["isPrior"] as? Bool == true }.count == 2)
    let files = w.resultFiles().map { w.out + "/" + $0 }
    let check = try SchemaCheck.validate(files)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    var byAccession = [String: [String: Any]]()
    for file in files {
      let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as! [String: Any]
      byAccession[(json["exam"] as! [String: Any])["accession"] as! String] = json
    }
    #expect(byAccession.count == 4)
    let dense: Set<String> = ["c", "d"]
    var compared = 0
    for exam in exams where exam["isPrior"] as? Bool == false {
      let patient = exam["patientID"] as! String
      let prior = try #require(exams.first { $0["patientID"] as? String == patient && $0["isPrior"] as? Bool == true })
      let current = try #require(byAccession[exam["accession"] as! String])
      let earlier = try #require(byAccession[prior["accession"] as! String])
      let comparison = try #require(current["priorComparison"] as? [String: Any], "no comparison")
      #expect(comparison["priorAccession"] as? String == prior["accession"] as? String)
      #expect(comparison["priorStudyDate"] as? String == prior["studyDate"] as? String)
      // The prior's density is the one its report states, else densa's result for it.
      let priorReport = (earlier["report"] as? [String: Any])?["density"] as? String
      let priorModel = (earlier["examDensity"] as! [String: Any])["composition"] as! String
      #expect(comparison["priorComposition"] as? String == (priorReport ?? priorModel))
      #expect(comparison["source"] as? String == (priorReport == nil ? "prior-model" : "prior-report"))
      let model = (current["examDensity"] as! [String: Any])["composition"] as! String
      #expect(comparison["composition"] as? String == model)
      let crosses = dense.contains(model) != dense.contains(priorReport ?? priorModel)
      #expect(comparison["crossesDenseBoundary"] as? Bool == crosses)
      compared += 1
    }
    #expect(compared == 2)
    // The earlier exams have no stored prior.
    for exam in exams where exam["isPrior"] as? Bool == true {
      let json = try #require(byAccession[exam["accession"] as! String])
      let comparison = json["priorComparison"] as? [String: Any]
      #expect(comparison == nil || comparison?["source"] as? String == "current-report")
    }
    // SRs: dciodvfy clean, the comparison among the qualitative evaluations.
    for file in files {
      let sr = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("density-sr.dcm").path
      let vfy = try ExternalProcess.run("/usr/bin/dciodvfy", [sr])
      let errors = (vfy.stdout + vfy.stderr).split(separator: "\n").filter { $0.hasPrefix("Error") }
      #expect(errors.isEmpty, "\(sr): \(errors)")
      let document =
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as! [String: Any]
      let dump = try ExternalProcess.run("/usr/bin/dsrdump", ["+Pl", sr])
      if let c = document["priorComparison"] as? [String: Any], c["source"] as? String != "current-report" {
        #expect(dump.stdout.contains("Breast composition of prior exam"), "\(sr)")
        let answer = (c["crossesDenseBoundary"] as! Bool) ? "373066001" : "373067005"
        #expect(dump.stdout.contains("Dense boundary crossed since prior exam\")=(\(answer),SCT"), "\(dump.stdout)")
      }
      if let classpath = PixelMed.classpath() {
        let report = try PixelMed.validate([sr], classpath: classpath)
        #expect(report.errors.isEmpty && report.unexplainedWarnings.isEmpty, "\(report.output)")
      }
    }

    // The worklist shows the prior's density; the QA summary counts the comparisons.
    let worklist = try DensaBinary.run(["worklist", "--db", w.db, "--format", "json"], in: repositoryRoot)
    #expect(worklist.status == 0, "\(worklist.stderr)")
    let entries = try JSONSerialization.jsonObject(with: Data(worklist.stdout.utf8)) as! [[String: Any]]
    #expect(entries.count == 4)
    for entry in entries {
      let json = try #require(byAccession[entry["accession"] as! String])
      let comparison = json["priorComparison"] as? [String: Any]
      #expect(entry["priorComposition"] as? String == comparison?["priorComposition"] as? String)
      #expect(entry["crossesDenseSincePrior"] as? Bool == comparison?["crossesDenseBoundary"] as? Bool)
    }
    let table = try DensaBinary.run(["worklist", "--db", w.db], in: repositoryRoot)
    #expect(table.stdout.contains("PRIOR"))
    let qa = try DensaBinary.run(["qa", "--db", w.db, "--json"], in: repositoryRoot)
    let q = try JSONSerialization.jsonObject(with: Data(qa.stdout.utf8)) as! [String: Any]
    let comparisons = byAccession.values.compactMap { $0["priorComparison"] as? [String: Any] }
    let withPrior = comparisons.count
    let crossing = comparisons.filter { $0["crossesDenseBoundary"] as? Bool == true }.count
    #expect(q["withPrior"] as? Int == withPrior && withPrior >= 2)
    #expect(q["crossesDenseSincePrior"] as? Int == crossing)
    let text = try DensaBinary.run(["qa", "--db", w.db], in: repositoryRoot)
    #expect(text.stdout.contains("since prior     \(crossing) of \(withPrior) exams with a prior"))
  }
}
