import Foundation
import Hummingbird
import Worklist

/// `GET /login` (the form), `POST /login` (a form with its token, or JSON `{"name", "password"}`
/// from a program) and `POST /logout`. A good password starts a session (hummingbird-auth's
/// session middleware sets the cookie); a wrong one gets 401 and the same form again, without
/// saying whether the name exists. Logins, failed logins of known accounts and logouts go to the
/// audit log; the password goes nowhere.
struct LoginPage {
  let site: WebSite
  let tokens: FormToken

  /// The session cookie's name.
  static let cookieName = "densa_session"
  /// How long a login lasts: a working day and some.
  static let sessionLifetime = Duration.seconds(12 * 3600)

  /// `/login`, remembering `next` (a path of ours) to return to.
  static func loginLocation(next: String) -> String {
    next == "/" || safeNext(next) == nil ? "/login" : "/login" + PageFormat.query([("next", next)])
  }

  /// `next` when it is a path on this server (not `//host`, no scheme, no control characters).
  static func safeNext(_ next: String?) -> String? {
    guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"), next.count <= 512,
      next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F && $0 != "\\" })
    else { return nil }
    return next
  }

  func add(to router: Router<WebRequestContext>) {
    let page = self
    router.get("login") { request, context -> Response in
      try page.render(
        request, context: context, next: Self.safeNext(request.uri.queryParameters["next"].map(String.init)))
    }
    router.post("login") { request, context -> Response in
      let json = request.headers[.contentType]?.lowercased().hasPrefix("application/json") == true
      var body = LoginBody(name: "", password: "")
      var next: String? = nil
      if json {
        do {
          body = try await request.decode(as: LoginBody.self, context: context)
        } catch {
          throw HTTPError(.badRequest, message: "a login is {\"name\": …, \"password\": …}")
        }
      } else {
        let fields = FormFields.parse(String(buffer: try await request.body.collect(upTo: 16 * 1024)))
        guard let token = fields["token"], page.tokens.verify(token, for: "login") else {
          throw HTTPError(.forbidden, message: "the form token is missing, wrong or expired: reload the page")
        }
        body = LoginBody(name: fields["name"] ?? "", password: fields["password"] ?? "")
        next = Self.safeNext(fields["next"])
      }
      let (name, password) = (body.name, body.password)
      guard let user = try await page.authenticate(name: name, password: password, context: context) else {
        if json { throw HTTPError(.unauthorized, message: "wrong name or password") }
        return try page.render(request, context: context, next: next, failed: true)
      }
      context.sessions.createSession(WebSession(userID: user.id), expiresIn: Self.sessionLifetime)
      try page.site.store.recordLogin("login", user: user)
      if json { return try JSONResponse.make(UserBody(user)) }
      return Response(status: .seeOther, headers: [.location: next ?? "/"])
    }
    router.post("logout") { _, context -> Response in
      if let user = context.identity { try page.site.store.recordLogin("logout", user: user) }
      context.sessions.clearSession()
      return Response(status: .seeOther, headers: [.location: "/login"])
    }
  }

  /// The account when `password` is its password; nil otherwise (a check's time is spent
  /// either way, see ``Passwords/verify(_:hash:)``).
  func authenticate(name: String, password: String, context: WebRequestContext) async throws -> UserAccount? {
    let name = name.trimmingCharacters(in: .whitespaces)
    let plausible = UserAccount.isValidName(name) && password.utf8.count <= 1024
    let found = try plausible ? site.store.credentials(name: name) : nil
    guard try await Passwords.verify(password, hash: found?.passwordHash), let found else {
      if let account = found?.account { try site.store.recordLogin("login-failed", user: account) }
      context.logger.notice("web login refused")
      return nil
    }
    return found.account
  }

  func render(_ request: Request, context: WebRequestContext, next: String?, failed: Bool = false) throws -> Response {
    let renderer = PageRenderer(site: site)
    let t = renderer.strings(request)
    var values: [String: Any] = ["token": tokens.issue(for: "login"), "failed": failed]
    if let next { values["next"] = next }
    if let user = context.identity { values["loggedInAs"] = user.name }
    return try renderer.render(
      "login", title: t["login"] ?? "login", request: request, context: context, values: values,
      status: failed ? .unauthorized : .ok)
  }
}

/// A program's login (`POST /login`, JSON).
struct LoginBody: Codable, Sendable {
  var name: String
  var password: String
}

/// Who is logged in, as `POST /login` answers a program.
struct UserBody: Codable, Sendable {
  var name: String
  var role: String

  init(_ user: UserAccount) {
    name = user.name
    role = user.role.rawValue
  }
}
