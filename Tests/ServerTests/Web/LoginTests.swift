import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Testing
import Worklist

@testable import Server

/// Login on the web listener, in process: when it is required, refusals without a session, the
/// login page's form and token, the session cookie and where the session is kept, roles, and
/// the audit log's page views; without it, today's behaviour.
@Suite struct LoginTests {
  static let cookie = HTTPField.Name("Cookie")!

  func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

  /// `name=value` of the response's session cookie.
  func sessionCookie(_ response: TestResponse) -> String? {
    response.headers[values: .setCookie].first { $0.hasPrefix("densa_session=") }.map {
      String($0.prefix { $0 != ";" })
    }
  }

  @Test func loginIsRequiredOffLoopbackOnly() {
    for address in ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"] {
      #expect(WebConfiguration.isLoopback(address), "\(address)")
      #expect(!WebConfiguration.loginRequired(bindAddress: address, configured: false))
      #expect(WebConfiguration.loginRequired(bindAddress: address, configured: true))
    }
    for address in ["0.0.0.0", "::", "192.168.1.20", "10.0.0.5", "densa.hospital.example", "127.0.0.256", "1.127.0.0"] {
      #expect(!WebConfiguration.isLoopback(address), "\(address)")
      #expect(WebConfiguration.loginRequired(bindAddress: address, configured: false), "\(address)")
    }
    // The node's settings carry it to the web listener.
    var node = NodeConfiguration()
    #expect(node.bindAddress == "127.0.0.1" && !node.web.loginRequired)
    node.httpRequireLogin = true
    #expect(node.web.loginRequired)
    node.httpRequireLogin = false
    node.bindAddress = "0.0.0.0"
    #expect(node.web.loginRequired && !node.web.secureCookie)
  }

  @Test func withoutASessionPagesRedirectAndTheAPIRefuses() async throws {
    let f = try await WebFixture.make(exams: 2, loginRequired: true)
    defer { f.remove() }
    let exam = try #require(try f.store.worklist().first)
    try await f.application().test(.router) { client in
      try await client.execute(uri: "/exams/\(exam.examID)", method: .get) { response in
        #expect(response.status == .seeOther)
        #expect(response.headers[.location] == "/login?next=%2Fexams%2F\(exam.examID)")
        #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
      }
      try await client.execute(uri: "/", method: .get) { response in
        #expect(response.status == .seeOther && response.headers[.location] == "/login")
      }
      for uri in ["/api/exams", "/api/exams/\(exam.examID)", "/api/qa", "/api/model", "/openapi.json"] {
        try await client.execute(uri: uri, method: .get) { response in
          #expect(response.status == .unauthorized, "\(uri)")
          #expect(String(buffer: response.body).contains("login required"), "\(uri)")
          #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
        }
      }
      try await client.execute(
        uri: "/api/exams/\(exam.examID)/read-state", method: .post, headers: [.contentType: "application/json"],
        body: json(#"{"state":"read"}"#)
      ) { response in #expect(response.status == .unauthorized) }
      try await client.execute(uri: "/static/densa.css", method: .get) { #expect($0.status == .ok) }
      try await client.execute(uri: "/login", method: .get) { response in
        #expect(response.status == .ok)
        let html = String(buffer: response.body)
        #expect(html.contains("action=\"/login\"") && html.contains("name=\"token\""))
        #expect(!html.contains("<script>") && !html.contains("href=\"/qa\""), "no navigation before login")
        #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
      }
    }
    #expect(try f.store.worklist().first?.readState == "unread")
    #expect(try f.store.auditLog().allSatisfy { $0[2] != "view" }, "nothing was viewed")
  }

  @Test func theLoginFormStartsASessionKeptOnlyAsAHash() async throws {
    let f = try await WebFixture.make(exams: 1, loginRequired: true)
    defer { f.remove() }
    let password = "marfil-y-cobre-9"
    try f.store.addUser(name: "qa.lead", passwordHash: Passwords.hash(password), role: .qa, actor: "test")
    try await f.application().test(.router) { client in
      let page = try await client.execute(uri: "/login?next=/qa", method: .get) { String(buffer: $0.body) }
      let token = try #require(
        page.components(separatedBy: "name=\"token\" value=\"").dropFirst().first?.prefix { $0 != "\"" })
      #expect(page.contains("name=\"next\" value=\"/qa\""))
      let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
      // A wrong password: 401, the form again with the message, no cookie.
      try await client.execute(
        uri: "/login", method: .post, headers: form, body: json("token=\(token)&name=qa.lead&password=nope&next=%2Fqa")
      ) { response in
        #expect(response.status == .unauthorized)
        #expect(String(buffer: response.body).contains("id=\"login-error\""))
        #expect(sessionCookie(response) == nil)
      }
      // No token (a forged form): 403.
      try await client.execute(
        uri: "/login", method: .post, headers: form, body: json("name=qa.lead&password=\(password)")
      ) { response in #expect(response.status == .forbidden) }
      // The right password: to `next`, with the session cookie.
      let cookie = try await client.execute(
        uri: "/login", method: .post, headers: form,
        body: json("token=\(token)&name=qa.lead&password=\(password)&next=%2Fqa")
      ) { response in
        #expect(response.status == .seeOther && response.headers[.location] == "/qa")
        let set = response.headers[values: .setCookie].joined()
        #expect(set.contains("HttpOnly") && set.contains("SameSite=Strict") && !set.contains("Secure"))
        return sessionCookie(response)
      }
      let session = try #require(cookie)
      try await client.execute(uri: "/qa", method: .get, headers: [Self.cookie: session]) { response in
        #expect(response.status == .ok)
        #expect(String(buffer: response.body).contains("id=\"user-name\">qa.lead<"))
      }
      // An open redirect is not followed.
      try await client.execute(
        uri: "/login", method: .post, headers: form,
        body: json("token=\(token)&name=qa.lead&password=\(password)&next=%2F%2Fattacker.example")
      ) { response in #expect(response.headers[.location] == "/") }
      // The store has the session under the SHA-256 of its id, never the id itself.
      let id = String(session.dropFirst("densa_session=".count))
      #expect(try f.store.sessionCount() == 2)
      let database =
        ((try? Data(contentsOf: URL(fileURLWithPath: f.store.path + "-wal"))) ?? Data())
        + (try Data(contentsOf: URL(fileURLWithPath: f.store.path)))
      #expect(database.range(of: Data(id.utf8)) == nil)
      // Logout forgets it.
      try await client.execute(uri: "/logout", method: .post, headers: [Self.cookie: session]) { response in
        #expect(response.status == .seeOther && response.headers[.location] == "/login")
      }
      try await client.execute(uri: "/qa", method: .get, headers: [Self.cookie: session]) { response in
        #expect(response.status == .seeOther)
      }
      #expect(try f.store.sessionCount() == 1)
    }
    let actions = try f.store.auditLog().map { "\($0[1] ?? "") \($0[2] ?? "") \($0[3] ?? "")" }
    #expect(actions.contains("qa.lead login-failed user") && actions.contains("qa.lead login user"))
    #expect(actions.contains("qa.lead view qa") && actions.contains("qa.lead logout user"))
  }

  @Test func onlyReviewingRolesReviewAndTheReviewerIsTheUser() async throws {
    let f = try await WebFixture.make()
    defer { f.remove() }
    let exam = try #require(try f.store.worklist().first { $0.disagreementID != nil })
    try f.store.addUser(name: "admin", passwordHash: Passwords.hash("admin-clave-1"), role: .admin, actor: "test")
    try f.store.addUser(
      name: "dr.ruiz", passwordHash: Passwords.hash("ruiz-clave-22"), role: .radiologist, actor: "test")
    let headers: HTTPFields = [.contentType: "application/json"]
    try await f.application().test(.router) { client in
      func login(_ name: String, _ password: String) async throws -> String {
        try await client.execute(
          uri: "/login", method: .post, headers: headers, body: json(#"{"name":"\#(name)","password":"\#(password)"}"#)
        ) { response in
          #expect(response.status == .ok)
          return try #require(sessionCookie(response))
        }
      }
      try await client.execute(
        uri: "/login", method: .post, headers: headers, body: json(#"{"name":"admin","password":"wrong-one"}"#)
      ) { response in #expect(response.status == .unauthorized && sessionCookie(response) == nil) }
      let admin = try await login("admin", "admin-clave-1")
      let review = json(#"{"decision":"both-wrong","reviewer":"alguien","note":"n"}"#)
      var withAdmin = headers
      withAdmin[Self.cookie] = admin
      try await client.execute(
        uri: "/api/exams/\(exam.examID)/review", method: .post, headers: withAdmin, body: review
      ) { response in
        #expect(response.status == .forbidden)
        #expect(String(buffer: response.body).contains("qa or radiologist"))
      }
      try await client.execute(uri: "/exams/\(exam.examID)", method: .get, headers: withAdmin) { response in
        let html = String(buffer: response.body)
        #expect(!html.contains("class=\"review-form\"") && html.contains("class=\"role-note\""))
      }
      var withRadiologist = headers
      withRadiologist[Self.cookie] = try await login("dr.ruiz", "ruiz-clave-22")
      try await client.execute(
        uri: "/api/exams/\(exam.examID)/review", method: .post, headers: withRadiologist, body: review
      ) { response in #expect(response.status == .ok) }
      try await client.execute(
        uri: "/api/exams/\(exam.examID)/read-state", method: .post, headers: withRadiologist,
        body: json(#"{"state":"read"}"#)
      ) { response in #expect(response.status == .ok) }
      // Login is not required here: nobody logged in names the reviewer, as before.
      try await client.execute(
        uri: "/api/exams/\(exam.examID)/review", method: .post, headers: headers,
        body: json(#"{"decision":"dismissed","reviewer":"dra.anon"}"#)
      ) { response in #expect(response.status == .ok) }
      try await client.execute(uri: "/exams/\(exam.examID)", method: .get) { response in
        #expect(String(buffer: response.body).contains("name=\"reviewer\""))
      }
    }
    let audit = try f.store.auditLog()
    let reviews = audit.filter { $0[2] == "review" }
    #expect(reviews.map { $0[1] } == ["dr.ruiz", "dra.anon"])
    #expect(audit.contains { $0[1] == "dr.ruiz" && $0[2] == "set-read-state" })
    #expect(audit.contains { $0[1] == "admin" && $0[2] == "view" && $0[3] == "exam" && $0[4] == "\(exam.examID)" })
    #expect(audit.contains { $0[1] == "loopback" && $0[2] == "view" && $0[3] == "exam" })
  }

  @Test func behindATLSProxyTheCookieIsSecure() async throws {
    let f = try await WebFixture.make(exams: 1)
    defer { f.remove() }
    try f.store.addUser(name: "dr.tls", passwordHash: Passwords.hash("clave-segura-3"), role: .radiologist, actor: "t")
    let site = WebSite(
      store: f.store, model: f.model.identity, card: f.model.card,
      configuration: WebConfiguration(allowedHosts: ["localhost"], loginRequired: true, secureCookie: true),
      assets: try WebAssets.bundled())
    try await Application(router: site.router(logger: Logger(label: "test"))).test(.router) { client in
      try await client.execute(
        uri: "/login", method: .post, headers: [.contentType: "application/json"],
        body: json(#"{"name":"dr.tls","password":"clave-segura-3"}"#)
      ) { response in
        #expect(response.status == .ok)
        let set = response.headers[values: .setCookie].joined()
        #expect(set.contains("Secure") && set.contains("HttpOnly") && set.contains("SameSite=Strict"))
      }
    }
  }

  @Test func worklistRefreshesAreNotPageViews() async throws {
    let f = try await WebFixture.make(exams: 1)
    defer { f.remove() }
    try await f.application().test(.router) { client in
      try await client.execute(uri: "/", method: .get, headers: [.secFetchMode: "navigate"]) {
        #expect($0.status == .ok)
      }
      try await client.execute(uri: "/", method: .get, headers: [.secFetchMode: "cors"]) { #expect($0.status == .ok) }
      try await client.execute(uri: "/qa", method: .get) { #expect($0.status == .ok) }
    }
    let views = try f.store.auditLog().filter { $0[2] == "view" }.map { "\($0[1] ?? "") \($0[3] ?? "") \($0[4] ?? "")" }
    #expect(views == ["loopback worklist 0", "loopback qa 0"])
  }
}
