import Foundation
import TestSupport
import Testing

/// `densa process`, `worklist`, `qa`, `dataset export` and `evaluate` run as a user runs them.
@Suite(.serialized) struct ProcessTests {
  /// A synthesised set and a random-weights model in a fresh folder.
  struct Workspace {
    let dir: URL
    var set: String { dir.appendingPathComponent("set").path }
    var db: String { dir.appendingPathComponent("densa.sqlite").path }
    var out: String { dir.appendingPathComponent("out").path }
    var weights: String { dir.appendingPathComponent("model/random.safetensors").path }

    /// `synth`: more `densa synth` options (quirk rates).
    init(exams: Int, seed: Int, synth extra: [String] = []) throws {
      dir = FileManager.default.temporaryDirectory.appendingPathComponent("densa-process-\(UUID().uuidString)")
      let synth = try DensaBinary.run(
        [
          "synth", "--out", dir.appendingPathComponent("set").path, "--exams", "\(exams)", "--seed", "\(seed)",
          "--scale", "0.1",
        ] + extra, in: repositoryRoot)
      try #require(synth.status == 0, "\(synth.stderr)")
      let model = try DensaBinary.run(
        [
          "model", "random", "--variant", "atto", "--height", "64", "--width", "64", "--out",
          dir.appendingPathComponent("model").path,
        ], in: repositoryRoot)
      try #require(model.status == 0, "\(model.stderr)")
    }

    func process(_ extra: [String] = []) throws -> DensaBinary.Result {
      try DensaBinary.run(
        ["process", set, "--db", db, "--out", out, "--model", weights]
          + extra,
        in: repositoryRoot, timeout: 600)
    }

    func resultFiles() -> [String] {
      let walker = FileManager.default.enumerator(atPath: out)
      return (walker?.allObjects as? [String] ?? []).filter { $0.hasSuffix("result.json") }
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }
  }

  @Test func processWritesSchemaValidResultsAndTheWorklistShowsThem() throws {
    let w = try Workspace(exams: 5, seed: 31)
    defer { w.remove() }
    let run = try w.process(["--json"])
    #expect(run.status == 0, "\(run.stderr)")
    let summary = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    #expect(summary["processed"] as? Int == 5)
    // Each stage's time is measured (the bench's per-exam figures): every stage took some time,
    // and each stage runs one exam at a time, so none adds up to more than the run.
    let wall = try #require(summary["wallSeconds"] as? Double)
    for stage in ["decodeSeconds", "inferenceSeconds", "writeSeconds"] {
      let seconds = try #require(summary[stage] as? Double, "\(stage)")
      #expect(seconds > 0 && seconds <= wall, "\(stage) \(seconds) s of a \(wall) s run")
    }
    // Nothing about the patient or the report text reaches the log at info level.
    let manifest = try String(contentsOfFile: w.set + "/manifest.json", encoding: .utf8)
    #expect(!run.stderr.contains("SYN"), "patient IDs in the log")
    #expect(!manifest.isEmpty)

    let files = w.resultFiles().map { w.out + "/" + $0 }
    #expect(files.count == 5)
    let summaryCSV = try String(contentsOfFile: w.out + "/summary.csv", encoding: .utf8)
    let csvRows = summaryCSV.split(separator: "\n")
    #expect(csvRows.count == 6 && csvRows[0].contains("R-CC_p_a") && csvRows[0].contains("model_sha256"))
    let check = try SchemaCheck.validate(files)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    // Every exam has its SR: valid for dciodvfy, readable by dsrdump without a warning.
    for file in files {
      let sr = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("density-sr.dcm").path
      let vfy = try ExternalProcess.run("/usr/bin/dciodvfy", [sr])
      let errors = (vfy.stdout + vfy.stderr).split(separator: "\n").filter { $0.hasPrefix("Error") }
      #expect(errors.isEmpty, "\(sr): \(errors)")
      let dump = try ExternalProcess.run("/usr/bin/dsrdump", ["+Pl", sr])
      #expect(dump.status == 0 && dump.stderr.isEmpty, "\(dump.stderr)")
      #expect(dump.stdout.contains("Random weights for testing; not for clinical use."))
    }

    let worklist = try DensaBinary.run(["worklist", "--db", w.db, "--format", "json"], in: repositoryRoot)
    #expect(worklist.status == 0, "\(worklist.stderr)")
    let entries = try JSONSerialization.jsonObject(with: Data(worklist.stdout.utf8)) as! [[String: Any]]
    #expect(entries.count == 5)
    let csv = try DensaBinary.run(["worklist", "--db", w.db, "--format", "csv"], in: repositoryRoot)
    #expect(csv.stdout.split(separator: "\n").count == 6)
    let qa = try DensaBinary.run(["qa", "--db", w.db, "--json"], in: repositoryRoot)
    #expect(qa.status == 0, "\(qa.stderr)")
    let q = try JSONSerialization.jsonObject(with: Data(qa.stdout.utf8)) as! [String: Any]
    #expect(q["exams"] as? Int == 5)
    let byReader = try DensaBinary.run(["qa", "--by", "reader", "--db", w.db, "--json"], in: repositoryRoot)
    #expect(byReader.status == 0, "\(byReader.stderr)")
    let readers = try JSONSerialization.jsonObject(with: Data(byReader.stdout.utf8)) as! [[String: Any]]
    #expect(readers.reduce(0) { $0 + ($1["exams"] as? Int ?? 0) } == 5)
    let table = try DensaBinary.run(["qa", "--by", "reader", "--db", w.db], in: repositoryRoot)
    #expect(table.stdout.contains("agreement") && table.stdout.contains("Wilson"))

    // Rerunning the same model adds nothing.
    let again = try w.process(["--json"])
    let second = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as! [String: Any]
    #expect(second["processed"] as? Int == 0 && second["alreadyDone"] as? Int == 5)
  }

  @Test func aRunKilledMidwayIsFinishedByTheNextWithNothingLostOrDuplicated() throws {
    let w = try Workspace(exams: 10, seed: 44)
    defer { w.remove() }
    let child = Process()
    child.executableURL = DensaBinary.url
    child.arguments = [
      "process", w.set, "--db", w.db, "--out", w.out, "--model", w.weights,
    ]
    child.currentDirectoryURL = repositoryRoot
    child.standardOutput = FileHandle.nullDevice
    child.standardError = FileHandle.nullDevice
    try child.run()
    // Kill it with SIGKILL as soon as the first exam is stored (bounded wait).
    let deadline = Date().addingTimeInterval(120)
    while child.isRunning, w.resultFiles().count < 2, Date() < deadline { usleep(5_000) }
    let wasRunning = child.isRunning
    kill(child.processIdentifier, SIGKILL)
    child.waitUntilExit()
    let resumed = try w.process(["--json"])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    let summary = try JSONSerialization.jsonObject(with: Data(resumed.stdout.utf8)) as! [String: Any]
    let processed = summary["processed"] as? Int ?? -1
    let done = summary["alreadyDone"] as? Int ?? -1
    #expect(processed + done == 10)
    #expect(wasRunning && processed > 0, "the kill came after the run finished")

    let sqlite = try SchemaCheck.sqlite(
      w.db,
      "SELECT COUNT(*), COUNT(DISTINCT exam_id) FROM exam_result; SELECT COUNT(*) FROM view_prediction; PRAGMA integrity_check;"
    )
    #expect(sqlite.split(separator: "\n").map(String.init) == ["10|10", "40", "ok"])
    #expect(w.resultFiles().count == 10)
    let partial = (FileManager.default.enumerator(atPath: w.out)?.allObjects as? [String] ?? []).filter {
      $0.hasSuffix(".partial")
    }
    #expect(partial.isEmpty, "\(partial)")
    let srs = (FileManager.default.enumerator(atPath: w.out)?.allObjects as? [String] ?? []).filter {
      $0.hasSuffix("density-sr.dcm")
    }
    #expect(srs.count == 10)
    // A scorecard beside each SR.
    let scorecards = (FileManager.default.enumerator(atPath: w.out)?.allObjects as? [String] ?? []).filter {
      $0.hasSuffix("scorecard.dcm")
    }
    #expect(
      Set(scorecards.map { ($0 as NSString).deletingLastPathComponent })
        == Set(srs.map { ($0 as NSString).deletingLastPathComponent }))
    let temporaries = (FileManager.default.enumerator(atPath: w.out)?.allObjects as? [String] ?? []).filter {
      $0.hasSuffix(".tmp")
    }
    #expect(temporaries.isEmpty, "\(temporaries)")
    #expect(try SchemaCheck.validate(w.resultFiles().map { w.out + "/" + $0 }).status == 0)
  }

  @Test func aRISExportWithItsOwnColumnsIsPairedAndTheUnmatchedAreListed() throws {
    let w = try Workspace(exams: 3, seed: 61)
    defer { w.remove() }
    let manifest =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: w.set + "/manifest.json"))) as! [String: Any]
    let first = (manifest["exams"] as! [[String: Any]])[0]
    let accession = first["accession"] as! String
    let csv =
      "NUM;PAC;INFORME\n\(accession);\(first["patientID"] as! String);Mamas extremadamente densas.\nZZ999;X;Patrón graso.\n"
    let csvPath = w.dir.appendingPathComponent("ris.csv").path
    try csv.write(toFile: csvPath, atomically: true, encoding: .utf8)
    let run = try w.process([
      "--reports", csvPath, "--json", "--set", "reports.csv.accession=NUM", "--set", "reports.csv.text=INFORME",
      "--set", "reports.csv.patientID=PAC",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let summary = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    #expect((summary["unmatchedReportSources"] as? [String])?.count == 1)
    #expect((summary["examsWithoutReport"] as? [String])?.count == 2)
    #expect(!((summary["examsWithoutReport"] as? [String]) ?? []).contains(accession))
    let agreement = summary["agreement"] as? [String: Int] ?? [:]
    #expect(agreement["no-report"] == 2)
  }

  @Test func datasetExportAndEvaluateUseTheSameExams() throws {
    let w = try Workspace(exams: 6, seed: 52)
    defer { w.remove() }
    let export = try DensaBinary.run(
      [
        "dataset", "export", w.set, "--out", w.dir.appendingPathComponent("ds").path, "--height", "64", "--width", "64",
      ],
      in: repositoryRoot)
    #expect(export.status == 0, "\(export.stderr)")
    let csv = try String(contentsOfFile: w.dir.appendingPathComponent("ds/samples.csv").path, encoding: .utf8)
    let rows = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
    let manifest =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: w.set + "/manifest.json"))) as! [String: Any]
    let exams = manifest["exams"] as! [[String: Any]]
    let stated = exams.filter { $0["reportDensity"] is String }
    #expect(rows.count == 4 * stated.count)
    // A patient is never on two sides of the split.
    var partOf = [String: String]()
    for row in rows {
      #expect(partOf[row[3]] == nil || partOf[row[3]] == row[7])
      partOf[row[3]] = row[7]
      let tensor = try Data(contentsOf: w.dir.appendingPathComponent("ds/" + row[1]))
      #expect(tensor.count > 3 * 64 * 64 * 4)
    }

    let evaluation = try DensaBinary.run(["evaluate", w.set, "--model", w.weights, "--json"], in: repositoryRoot)
    #expect(evaluation.status == 0, "\(evaluation.stderr)")
    let result = try JSONSerialization.jsonObject(with: Data(evaluation.stdout.utf8)) as! [String: Any]
    #expect((result["exams"] as! [String: Any])["samples"] as? Int == 6)
    #expect((result["views"] as! [String: Any])["samples"] as? Int == 24)
  }
}

/// External checks: the JSON Schema (Debian's python3-jsonschema) and the sqlite3 shell.
enum SchemaCheck {
  static func validate(_ files: [String]) throws -> DensaBinary.Result {
    let script = """
      import json, sys, jsonschema
      schema = json.load(open(sys.argv[1]))
      jsonschema.Draft202012Validator.check_schema(schema)
      v = jsonschema.Draft202012Validator(schema)
      bad = 0
      for f in sys.argv[2:]:
          for e in v.iter_errors(json.load(open(f))):
              print(f, e.message); bad += 1
      sys.exit(1 if bad else 0)
      """
    return try ExternalProcess.run(
      "/usr/bin/python3",
      ["-c", script, repositoryRoot.appendingPathComponent("schemas/exam-result.v1.schema.json").path] + files)
  }

  static func sqlite(_ db: String, _ sql: String) throws -> String {
    try ExternalProcess.run(
      "/usr/bin/python3",
      [
        "-c",
        "import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nfor s in sys.argv[2].split(';'):\n  s=s.strip()\n  if s:\n    for r in c.execute(s): print('|'.join(map(str,r)))",
        db, sql,
      ]
    ).stdout
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
