import Foundation
import TestSupport
import Testing
import Worklist

/// Login on a live `densa serve` (on loopback, with `http.requireLogin: true`, as it is off
/// loopback): accounts made with `densa user add` (password on standard input), refusals without a
/// session, the session cookie, roles deciding who reviews, and the audit log naming the user.
@Suite(.serialized) struct WebLoginTests {
  struct Answer {
    var status: Int
    var head: String
    var body: String
  }

  /// curl with a cookie jar; the status line, the headers and the body apart.
  func curl(_ arguments: [String], jar: URL? = nil) throws -> Answer {
    var args = ["-s", "-D", "-", "--max-time", "20"]
    if let jar { args += ["-b", jar.path, "-c", jar.path] }
    let run = try ExternalProcess.run("/usr/bin/curl", args + arguments, timeout: 30)
    let parts = run.stdout.components(separatedBy: "\r\n\r\n")
    let head = parts.first ?? ""
    let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
    return Answer(status: status, head: head, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
  }

  func header(_ answer: Answer, _ name: String) -> String? {
    answer.head.split(separator: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
      .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
  }

  func login(_ base: String, _ name: String, _ password: String, jar: URL) throws -> Answer {
    try curl(
      [
        "-X", "POST", "-H", "Content-Type: application/json", "--data",
        #"{"name":"\#(name)","password":"\#(password)"}"#, "\(base)/login",
      ], jar: jar)
  }

  func addUser(_ f: NodeFixture, _ name: String, role: String, password: String) throws -> DensaBinary.Result {
    try DensaBinary.run(
      ["user", "add", name, "--role", role, "--by", "test-admin", "--db", f.databasePath], input: password + "\n")
  }

  @Test func loginIsRequiredAndTheUserIsWhoReviewsAndViews() throws {
    let f = try WebTests.node(exams: 6, seed: 62, settings: ["http.requireLogin=true"])
    defer { f.remove() }
    #expect(f.node?.stderr.contains("requires login but no user exists") == true)
    let base = "http://127.0.0.1:\(f.httpPort)"
    let store = try f.store()
    let exam = try #require(try store.worklist().first { $0.disagreementID != nil }, "no disagreement to review")

    // Accounts from `densa user add`, the password from a pipe; stored as bcrypt hashes only.
    let password = "cuarzo-violeta-42"
    let added = try addUser(f, "dra.garcia", role: "radiologist", password: password)
    #expect(added.status == 0, "\(added.stderr)")
    #expect(try addUser(f, "jefe", role: "admin", password: "pizarra-azul-77").status == 0)
    #expect(try addUser(f, "corto", role: "qa", password: "short").status != 0)
    #expect(try addUser(f, "dra.garcia", role: "qa", password: "otra-clave-123").status != 0)
    let hash = try #require(try store.credentials(name: "dra.garcia")?.passwordHash)
    #expect(hash.hasPrefix("$2") && hash.count == 60 && !hash.contains(password))
    let database = try Data(contentsOf: URL(fileURLWithPath: f.databasePath))
    #expect(database.range(of: Data(password.utf8)) == nil, "the plain password is in the database file")
    let listed = try DensaBinary.run(["user", "list", "--db", f.databasePath])
    #expect(listed.stdout.contains("dra.garcia") && listed.stdout.contains("radiologist"))
    #expect(listed.stdout.contains("jefe") && listed.stdout.contains("admin") && !listed.stdout.contains("corto"))

    // Without a session: pages go to the login page, the API says 401; health, static files
    // and the login page stay open; security headers on all of them.
    let page = try curl(["\(base)/exams/\(exam.examID)"])
    #expect(page.status == 303)
    #expect(header(page, "Location") == "/login?next=%2Fexams%2F\(exam.examID)")
    let api = try curl(["\(base)/api/exams"])
    #expect(api.status == 401 && api.body.contains("login required") && !api.body.contains("\"exams\""))
    #expect(header(api, "Content-Security-Policy")?.contains("script-src 'self'") == true)
    #expect(header(api, "X-Content-Type-Options") == "nosniff")
    #expect(try curl(["\(base)/api/exams/\(exam.examID)"]).status == 401)
    #expect(try curl(["\(base)/qa/export.csv"]).status == 303)
    #expect(try curl(["\(base)/health"]).status == 200)
    #expect(try curl(["\(base)/static/densa.css"]).status == 200)
    let loginPage = try curl(["\(base)/login?next=/qa"])
    #expect(loginPage.status == 200 && loginPage.body.contains("name=\"password\""))
    #expect(loginPage.body.contains("value=\"/qa\""))
    #expect(header(loginPage, "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)

    // A wrong password: 401 and no cookie; the right one: the session cookie.
    let jar = f.dir.appendingPathComponent("radiologist.cookies")
    let wrong = try login(base, "dra.garcia", "not-the-password", jar: jar)
    #expect(wrong.status == 401 && header(wrong, "Set-Cookie") == nil)
    #expect(header(wrong, "Content-Security-Policy") != nil)
    #expect(try login(base, "nadie", password, jar: jar).status == 401)
    let good = try login(base, "dra.garcia", password, jar: jar)
    #expect(good.status == 200 && good.body.contains(#""role":"radiologist""#))
    let cookie = try #require(header(good, "Set-Cookie"))
    #expect(cookie.hasPrefix("densa_session=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
    #expect(!cookie.contains("Secure"))
    #expect(try curl(["\(base)/api/exams"], jar: jar).body.contains("\"exams\""))
    let examPage = try curl(["\(base)/exams/\(exam.examID)"], jar: jar)
    #expect(examPage.status == 200 && examPage.body.contains("dra.garcia"))
    #expect(!examPage.body.contains("name=\"reviewer\""), "a logged-in reviewer does not name themself")
    #expect(try curl(["\(base)/"], jar: jar).status == 200)

    // The radiologist's review is recorded under her name, whatever the body says.
    let review = try curl(
      [
        "-X", "POST", "-H", "Content-Type: application/json", "--data",
        #"{"decision":"model-correct","reviewer":"someone-else","note":"revisado con sesión"}"#,
        "\(base)/api/exams/\(exam.examID)/review",
      ], jar: jar)
    #expect(review.status == 200, "\(review.body)")
    let reviewed = try #require(try store.examDetail(id: exam.examID)?.review)
    #expect(reviewed.state == "model-correct" && reviewed.reviewer == "dra.garcia")

    // An administrator looks but does not review: 403, and the review stays hers.
    let adminJar = f.dir.appendingPathComponent("admin.cookies")
    #expect(try login(base, "jefe", "pizarra-azul-77", jar: adminJar).status == 200)
    let refused = try curl(
      [
        "-X", "POST", "-H", "Content-Type: application/json", "--data",
        #"{"decision":"dismissed","reviewer":"jefe"}"#, "\(base)/api/exams/\(exam.examID)/review",
      ], jar: adminJar)
    #expect(refused.status == 403 && refused.body.contains("qa or radiologist"))
    #expect(header(refused, "Content-Security-Policy") != nil)
    #expect(try store.examDetail(id: exam.examID)?.review?.reviewer == "dra.garcia")
    let adminPage = try curl(["\(base)/exams/\(exam.examID)"], jar: adminJar)
    #expect(adminPage.status == 200 && !adminPage.body.contains("class=\"review-form\""))

    // The audit log: who viewed which exam (by densa's id), the review, logins; no patient data.
    let audit = try store.auditLog()
    #expect(audit.contains { $0[1] == "dra.garcia" && $0[2] == "view" && $0[3] == "exam" && $0[4] == "\(exam.examID)" })
    #expect(audit.contains { $0[1] == "dra.garcia" && $0[2] == "view" && $0[3] == "worklist" })
    #expect(audit.contains { $0[1] == "jefe" && $0[2] == "view" && $0[3] == "exam" })
    #expect(audit.contains { $0[1] == "dra.garcia" && $0[2] == "review" && $0[4] == String(reviewed.disagreementID) })
    #expect(!audit.contains { $0[1] == "jefe" && $0[2] == "review" })
    #expect(audit.contains { $0[1] == "dra.garcia" && $0[2] == "login" })
    #expect(audit.contains { $0[1] == "dra.garcia" && $0[2] == "login-failed" })
    #expect(audit.contains { $0[1] == "test-admin" && $0[2] == "user-add" })
    let auditText = audit.map { $0.compactMap { $0 }.joined(separator: " ") }.joined(separator: "\n")
    for study in f.studies {
      #expect(!auditText.contains(study.patientID) && !auditText.contains(study.accession))
    }
    let log = f.node?.stderr ?? ""
    #expect(!log.contains(password), "a password in the log")

    // Logout ends the session; removing an account ends its sessions.
    let out = try curl(["-X", "POST", "\(base)/logout"], jar: jar)
    #expect(out.status == 303 && header(out, "Location") == "/login")
    // The old cookie, sent again by hand, names no session any more.
    let oldCookie = String(cookie.prefix { $0 != ";" })
    #expect(try curl(["-H", "Cookie: \(oldCookie)", "\(base)/api/exams"]).status == 401)
    #expect(try curl(["\(base)/api/exams"], jar: adminJar).status == 200)
    #expect(try DensaBinary.run(["user", "remove", "jefe", "--db", f.databasePath]).status == 0)
    #expect(try curl(["\(base)/api/exams"], jar: adminJar).status == 401)
  }

  /// Bound to every address (off loopback), with no `requireLogin` setting: login is required by
  /// the bind address alone, also for requests that arrive over loopback.
  @Test func boundOffLoopbackEveryPageAndTheAPIRefuseAnonymousRequests() throws {
    let f = try WebTests.node(exams: 2, seed: 63, settings: ["dicom.bindAddress=0.0.0.0"])
    defer { f.remove() }
    let base = "http://127.0.0.1:\(f.httpPort)"
    let api = try curl(["\(base)/api/exams"])
    #expect(api.status == 401)
    WebTests().expectSecurityHeaders(api.head)
    let page = try curl(["\(base)/"])
    #expect(page.status == 303)
    #expect(header(page, "Location")?.hasPrefix("/login") == true)
    #expect(try curl(["\(base)/health"]).status == 200)
    #expect(try addUser(f, "dr.ruiz", role: "qa", password: "granito-rojo-19").status == 0)
    let jar = f.dir.appendingPathComponent("offloopback.jar")
    #expect(try login(base, "dr.ruiz", "granito-rojo-19", jar: jar).status == 200)
    #expect(try curl(["\(base)/api/exams"], jar: jar).status == 200)
  }
}
