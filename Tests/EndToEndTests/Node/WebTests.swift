import Foundation
import TestSupport
import Testing
import Worklist

/// The web interface on a live `densa serve`, over a database `densa process` filled: the
/// listener's checks through real HTTP (curl), then the pages driven in Debian's headless
/// Chromium by Selenium (`tools/web_browser_check.py`), checked against the database.
@Suite(.serialized) struct WebTests {
  /// A node whose database holds `exams` processed exams with their reports (half of them
  /// disagreeing with the truth, so there are disagreements to review); `settings` are extra
  /// `--set` values for `densa serve`.
  static func node(exams: Int, seed: Int, settings: [String] = []) throws -> NodeFixture {
    let f = try NodeFixture(
      exams: exams, seed: seed, name: "web", synthOptions: ["--disagreement-rate", "0.5"])
    let process = try DensaBinary.run(
      [
        "process", f.dir.appendingPathComponent("set").path, "--db", f.databasePath, "--out",
        f.dir.appendingPathComponent("out").path, "--model",
        repositoryRoot.appendingPathComponent("models/densa-demo.safetensors").path,
      ], in: f.dir, timeout: 600)
    try #require(process.status == 0, "\(process.stderr)")
    try f.startNode(settings)
    return f
  }

  func curl(_ f: NodeFixture, _ arguments: [String]) throws -> DensaBinary.Result {
    try ExternalProcess.run("/usr/bin/curl", ["-s", "-D", "-", "--max-time", "20"] + arguments, timeout: 30)
  }

  func expectSecurityHeaders(_ response: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let lower = response.lowercased()
    #expect(
      lower.contains("content-security-policy: default-src 'self'; script-src 'self'"), sourceLocation: sourceLocation)
    #expect(lower.contains("frame-ancestors 'none'"), sourceLocation: sourceLocation)
    #expect(lower.contains("x-content-type-options: nosniff"), sourceLocation: sourceLocation)
    #expect(lower.contains("referrer-policy: no-referrer"), sourceLocation: sourceLocation)
  }

  @Test func theLiveListenerChecksHostOriginAndLogsNoPatientData() throws {
    let f = try Self.node(exams: 3, seed: 61)
    defer { f.remove() }
    let base = "http://127.0.0.1:\(f.httpPort)"
    let page = try curl(f, ["\(base)/"])
    #expect(page.stdout.hasPrefix("HTTP/1.1 200"))
    expectSecurityHeaders(page.stdout)
    let missing = try curl(f, ["\(base)/no/such/page"])
    #expect(missing.stdout.hasPrefix("HTTP/1.1 404"))
    expectSecurityHeaders(missing.stdout)
    let rebound = try curl(f, ["-H", "Host: densa.attacker.example", "\(base)/api/exams"])
    #expect(rebound.stdout.hasPrefix("HTTP/1.1 421"))
    expectSecurityHeaders(rebound.stdout)
    #expect(!rebound.stdout.contains("\"exams\""))
    let store = try f.store()
    let exam = try #require(try store.worklist().first)
    let forged = try curl(
      f,
      [
        "-X", "POST", "-H", "Origin: http://attacker.example", "-H", "Content-Type: application/json", "--data",
        #"{"state":"read"}"#, "\(base)/api/exams/\(exam.examID)/read-state",
      ])
    #expect(forged.stdout.hasPrefix("HTTP/1.1 403"))
    expectSecurityHeaders(forged.stdout)
    #expect(try store.worklist().first { $0.examID == exam.examID }?.readState == "unread")
    // A filter naming a patient's data stays out of the access log, which has the path only.
    _ = try curl(f, ["\(base)/?reader=\(exam.patientID)&from=20200101"])
    _ = try curl(f, ["\(base)/exams/\(exam.examID)"])
    let logged = BackgroundProcess.waitUntil(timeout: 10) {
      f.node?.stderr.contains("path=/exams/\(exam.examID)") == true
    }
    #expect(logged)
    let log = f.node?.stderr ?? ""
    for study in f.studies {
      #expect(!log.contains(study.patientID), "patient ID in the log")
      #expect(!log.contains(study.accession), "accession in the log")
    }
    #expect(!log.contains("reader="))
  }

  /// On a listener that requires login (as it does off loopback): the radiologist logs in
  /// through the login page, browses, reviews as herself, and logs out.
  @Test func aRadiologistLogsInBrowsesReviewsAndDrillsDownInChromium() throws {
    for tool in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
      try #require(FileManager.default.isExecutableFile(atPath: tool), "\(tool) missing: make setup installs it")
    }
    let python = try Self.seleniumPython()
    let f = try Self.node(exams: 6, seed: 62, settings: ["http.requireLogin=true"])
    defer { f.remove() }
    let added = try DensaBinary.run(
      ["user", "add", "dra.selenium", "--role", "radiologist", "--db", f.databasePath], input: "lápiz-de-grafito-5\n")
    try #require(added.status == 0, "\(added.stderr)")
    let artifacts = Self.artifacts.appendingPathComponent("web")
    try? FileManager.default.removeItem(at: artifacts)
    let run = try ExternalProcess.run(
      python,
      [
        repositoryRoot.appendingPathComponent("tools/web_browser_check.py").path, "http://127.0.0.1:\(f.httpPort)",
        artifacts.path,
        // Another process marks an exam read: the open worklist must show it without a reload.
        DensaBinary.url.path, "worklist", "mark", "ACCESSION", "--db", f.databasePath,
      ], environment: ["DENSA_LOGIN": "dra.selenium:lápiz-de-grafito-5"], timeout: 300)
    try #require(run.status == 0, "\(run.stderr.suffix(3000))")
    let line = try #require(run.stdout.split(separator: "\n").last)
    let report = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    let store = try f.store()
    let all = try store.worklist()
    #expect(report["lang"] as? String == "es")
    #expect(report["loginRedirected"] as? Bool == true && report["loggedInAs"] as? String == "dra.selenium")
    #expect(report["reviewerShown"] as? String == "dra.selenium" && report["loggedOut"] as? Bool == true)
    #expect(report["worklistRows"] as? Int == all.count)
    #expect(report["disagreementRows"] as? Int == all.filter { $0.disagreementID != nil }.count)
    #expect(report["hanging"] as? [String] == ["view-R-CC", "view-L-CC", "view-R-MLO", "view-L-MLO"])
    #expect(report["rightOnViewersLeft"] as? Bool == true && report["ccAboveMLO"] as? Bool == true)
    #expect((report["notDiagnostic"] as? String)?.contains("no apta para interpretación diagnóstica") == true)
    #expect(report["heatmapsShown"] as? Bool == true && report["previewsHidden"] as? Bool == true)
    #expect(report["reviewStateShown"] as? String == "informe correcto")
    // The review is in the database and the audit log, by the logged-in reviewer; so are her views.
    let examID = try #require((report["examID"] as? Int).map(Int64.init))
    let review = try #require(try store.examDetail(id: examID)?.review)
    #expect(
      review.state == "report-correct" && review.reviewer == "dra.selenium" && review.note == "revisado en Chromium")
    let audit = try store.auditLog().filter { $0[2] == "review" }
    #expect(audit.count == 1 && audit.first?[1] == "dra.selenium" && audit.first?[4] == String(review.disagreementID))
    let views = try store.auditLog().filter { $0[2] == "view" && $0[1] == "dra.selenium" }
    #expect(views.contains { $0[3] == "exam" && $0[4] == String(examID) })
    #expect(views.contains { $0[3] == "qa" } && views.contains { $0[3] == "worklist" })
    #expect(report["cellRows"] as? Int == report["cellCount"] as? Int)
    #expect(report["modelSHA256"] as? String == (try store.models().first?.sha256))
    #expect(report["demoWarning"] as? Bool == true)
    #expect((report["consoleErrors"] as? [String])?.isEmpty == true, "\(report["consoleErrors"] ?? "")")
    let marked = try #require((report["liveRefreshExamID"] as? Int).map(Int64.init))
    #expect(try store.worklist().first { $0.examID == marked }?.readState == "read")
    #expect(report["refreshedWithoutReload"] as? Bool == true)
    // axe-core on every page: no serious or critical violation.
    let axe = try #require(report["axe"] as? [String: [String]])
    #expect(Set(axe.keys) == ["login", "worklist", "exam", "exam-heatmaps", "qa", "model"])
    for (page, violations) in axe { #expect(violations.isEmpty, "\(page): \(violations)") }
    for page in [
      "login", "worklist", "exam", "exam-heatmaps", "exam-reviewed", "qa", "qa-drilldown", "worklist-refreshed",
      "model",
    ] {
      for size in ["1920x1080", "1366x768"] {
        #expect(FileManager.default.fileExists(atPath: artifacts.appendingPathComponent("\(page)-\(size).png").path))
      }
    }
  }

  /// The structured results on the pages, read in Chromium and checked against the database and
  /// each exam's result.json: the prior exam and the dense-line badge (worklist and exam page), the
  /// uncertain flag, the reasons an exam could not be fully assessed, the suggested MQSA sentence and
  /// the scorecard, which downloads as DICOM.
  @Test func theExamPagesShowPriorsUncertaintyLimitationsStatementAndScorecard() throws {
    let python = try Self.seleniumPython()
    let f = try NodeFixture(
      exams: 8, seed: 64, name: "web-results",
      synthOptions: [
        "--disagreement-rate", "0.5", "--prior-study-rate", "0.6", "--missing-view-rate", "0.2", "--implant-rate",
        "0.2",
      ])
    defer { f.remove() }
    let processed = try DensaBinary.run(
      [
        "process", f.dir.appendingPathComponent("set").path, "--db", f.databasePath, "--out",
        f.dir.appendingPathComponent("out").path, "--model",
        repositoryRoot.appendingPathComponent("models/densa-demo.safetensors").path,
      ], in: f.dir, timeout: 600)
    try #require(processed.status == 0, "\(processed.stderr)")
    try f.startNode()
    let store = try f.store()
    let entries = try store.worklist()
    let details = try entries.compactMap { try store.examDetail(id: $0.examID) }
    try #require(details.count == entries.count)
    // The set must hold each case, or the test would check nothing of it.
    let crossing = try #require(details.first { $0.priorComparison?.crossesDenseBoundary == true })
    let samePrior = details.first { $0.priorComparison?.crossesDenseBoundary == false }
    let uncertain = try #require(details.first { $0.uncertainty?.uncertain == true })
    let limited = try #require(details.first { !$0.limitations.isEmpty })
    let plain = try #require(details.first { $0.priorComparison == nil && $0.uncertainty?.uncertain == false })
    let chosen = [crossing, samePrior, uncertain, limited, plain].compactMap { $0 }
    let ids = Array(Set(chosen.map(\.examID))).sorted()
    let artifacts = Self.artifacts.appendingPathComponent("web-results")
    try? FileManager.default.removeItem(at: artifacts)
    let run = try ExternalProcess.run(
      python,
      [
        repositoryRoot.appendingPathComponent("tools/web_exam_check.py").path, "http://127.0.0.1:\(f.httpPort)",
        artifacts.path,
      ] + ids.map(String.init), timeout: 300)
    try #require(run.status == 0, "\(run.stderr.suffix(3000))")
    let line = try #require(run.stdout.split(separator: "\n").last)
    let report = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    let worklist = try #require(report["worklist"] as? [String: [String: Any]])
    #expect(worklist.count == entries.count)
    for e in entries {
      let row = try #require(worklist[String(e.examID)], "exam \(e.examID) not on the worklist page")
      #expect(row["prior"] as? String == (e.priorComposition ?? "—"), "exam \(e.examID)")
      #expect(row["crossesBadge"] as? Bool == (e.crossesDenseSincePrior == true), "exam \(e.examID)")
      #expect(row["uncertainBadge"] as? Bool == e.uncertain, "exam \(e.examID)")
    }
    let pages = try #require(report["exams"] as? [String: [String: Any]])
    for d in chosen {
      let page = try #require(pages[String(d.examID)])
      let prior = try #require(page["prior"] as? String)
      if let p = d.priorComparison {
        #expect(prior.hasPrefix(p.priorComposition + " "), "\(prior)")
        if let accession = p.priorAccession { #expect(prior.contains(accession), "\(prior)") }
        #expect(page["priorCrossesBadge"] as? Bool == p.crossesDenseBoundary)
      } else {
        #expect(prior == "sin estudio previo")
      }
      if let u = d.uncertainty, u.uncertain {
        let shown = try #require(page["uncertain"] as? String)
        #expect(shown.hasPrefix("Densidad incierta:"))
        // In the page's language: a phrase per reason code, with the margin's figures.
        for reason in u.reasons {
          let phrase =
            reason == "low-margin"
            ? "margen entre las dos categorías más probables de \(String(format: "%.2f", u.margin))"
            : "una mama a cada lado del límite b/c"
          #expect(shown.contains(phrase), "\(reason): \(shown)")
        }
        #expect(!u.reasons.isEmpty)
      } else {
        #expect(page["uncertain"] is NSNull)
      }
      #expect(page["limitationCodes"] as? [String] == d.limitations.map { "\($0.meaning) (\($0.code), \($0.scheme))" })
      let statement = try #require(d.suggestedDensityStatement)
      #expect(page["statementEnglish"] as? String == statement.statement)
      #expect((page["statementSpanish"] as? String)?.hasPrefix(statement.spanish.text) == true)
      let link = try #require(page["scorecardLink"] as? String)
      #expect(link.hasSuffix("/api/exams/\(d.examID)/scorecard"))
      let file = f.dir.appendingPathComponent("scorecard-\(d.examID).dcm")
      let got = try ExternalProcess.run(
        "/usr/bin/curl", ["-s", "-o", file.path, "-w", "%{http_code} %{content_type}", "--max-time", "20", link],
        timeout: 30)
      #expect(got.stdout == "200 application/dicom")
      let bytes = try Data(contentsOf: file)
      #expect(bytes.count > 132 && bytes[128..<132] == Data("DICM".utf8))
      #expect(bytes == FileManager.default.contents(atPath: try #require(d.scorecardPath)))
    }
    let axe = try #require(report["axe"] as? [String: [String]])
    #expect(axe.count == ids.count)
    for (page, violations) in axe { #expect(violations.isEmpty, "\(page): \(violations)") }
    #expect((report["consoleErrors"] as? [String])?.isEmpty == true, "\(report["consoleErrors"] ?? "")")
  }

  @Test func theAPIConformsToItsOpenAPIDocument() throws {
    let python = try Self.seleniumPython()
    let f = try Self.node(exams: 4, seed: 63)
    defer { f.remove() }
    let base = "http://127.0.0.1:\(f.httpPort)"
    let schemathesis = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("schemathesis")
    // Every check, a fixed seed and a bounded number of cases, so a run is repeatable and short.
    let run = try ExternalProcess.run(
      schemathesis.path,
      [
        "run", "\(base)/openapi.json", "--url", base, "--checks", "all", "--max-examples", "25", "--seed", "1",
        "--no-color", "--request-timeout", "20",
      ], in: f.dir, timeout: 900)
    #expect(run.status == 0, "\(run.stdout.suffix(6000))")
    #expect(run.stdout.contains("25 selected / 25 total"))
    #expect(f.node?.isRunning == true)
  }

  /// Test artifacts (screenshots): `DENSA_TEST_ARTIFACTS`, else `.build/test-artifacts`.
  static var artifacts: URL {
    if let folder = ProcessInfo.processInfo.environment["DENSA_TEST_ARTIFACTS"] { return URL(fileURLWithPath: folder) }
    return repositoryRoot.appendingPathComponent(".build/test-artifacts")
  }

  /// A Python with Selenium, axe-core (axe-selenium-python) and schemathesis: `.build/web-venv`,
  /// made from PyPI the first time.
  static func seleniumPython() throws -> String {
    let venv = repositoryRoot.appendingPathComponent(".build/web-venv")
    let python = venv.appendingPathComponent("bin/python").path
    let probe = "import selenium, axe_selenium_python, schemathesis"
    if (try? ExternalProcess.run(python, ["-c", probe], timeout: 60))?.status != 0 {
      let made = try ExternalProcess.run("/usr/bin/python3", ["-m", "venv", venv.path], timeout: 120)
      try #require(made.status == 0, "\(made.stderr)")
      let pip = try ExternalProcess.run(
        python,
        ["-m", "pip", "install", "-q", "selenium>=4.20,<5", "axe-selenium-python>=2.1.6,<3", "schemathesis>=4.3,<5"],
        timeout: 900)
      try #require(pip.status == 0, "\(pip.stderr.suffix(2000))")
    }
    return python
  }
}
