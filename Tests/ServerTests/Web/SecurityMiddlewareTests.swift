import HTTPTypes
import Hummingbird
import Logging
import Testing

@testable import Server

/// The web listener's middleware: headers on every response, errors included; Host and
/// cross-origin checks.
@Suite struct SecurityMiddlewareTests {
  struct Boom: Error {}

  /// The real middleware stack, with three routes of the test's own: one that answers, one that
  /// fails unexpectedly (a 500), one that takes a POST.
  func application() -> some ApplicationProtocol {
    let methods = MethodCheckMiddleware<BasicRequestContext>()
    let router = WebRouter.router(
      configuration: WebConfiguration(allowedHosts: ["localhost", "127.0.0.1"]), logger: Logger(label: "test"),
      methods: methods)
    router.get("ok") { _, _ in "fine" }
    router.get("boom") { _, _ -> String in throw Boom() }
    router.post("change") { _, _ in "changed" }
    methods.learn(router)
    return Application(router: router)
  }

  func expectSecurityHeaders(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
    let csp = response.headers[.contentSecurityPolicy] ?? ""
    #expect(csp.contains("script-src 'self'"), sourceLocation: sourceLocation)
    #expect(!csp.contains("unsafe-inline"), sourceLocation: sourceLocation)
    #expect(csp.contains("frame-ancestors 'none'"), sourceLocation: sourceLocation)
    #expect(response.headers[.xContentTypeOptions] == "nosniff", sourceLocation: sourceLocation)
    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", sourceLocation: sourceLocation)
  }

  @Test func headersAreOnSuccessesNotFoundsAndInternalErrors() async throws {
    try await application().test(.router) { client in
      try await client.execute(uri: "/ok", method: .get) { response in
        #expect(response.status == .ok)
        expectSecurityHeaders(response)
      }
      try await client.execute(uri: "/no/such/page", method: .get) { response in
        #expect(response.status == .notFound)
        #expect(response.headers[.contentType] == "application/json; charset=utf-8")
        #expect(String(buffer: response.body) == #"{"error":{"message":"not found"}}"#)
        expectSecurityHeaders(response)
      }
      // A route that exists, asked with a method it does not take: 405 and what it takes.
      try await client.execute(uri: "/ok", method: .delete) { response in
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers[.allow] == "GET, HEAD")
        expectSecurityHeaders(response)
      }
      try await client.execute(uri: "/ok", method: .head) { response in
        #expect(response.status == .ok)
      }
      try await client.execute(uri: "/boom", method: .get) { response in
        #expect(response.status == .internalServerError)
        expectSecurityHeaders(response)
        // The cause stays in the server's log.
        #expect(!String(buffer: response.body).contains("Boom"))
      }
    }
  }

  @Test func aForeignHostIsRefusedWithTheHeaders() async throws {
    try await application().test(.router) { client in
      try await client.execute(uri: "/ok", method: .get, headers: [.host: "127.0.0.1:8080"]) { response in
        #expect(response.status == .ok)
      }
      try await client.execute(uri: "/ok", method: .get, headers: [.host: "rebound.example.com"]) { response in
        #expect(response.status == .misdirectedRequest)
        #expect(String(buffer: response.body) != "fine")
        expectSecurityHeaders(response)
      }
      try await client.execute(uri: "/ok", method: .get, headers: [.host: "localhost.example.com:80"]) { response in
        #expect(response.status == .misdirectedRequest)
      }
    }
  }

  @Test func aCrossOriginPostIsRefused() async throws {
    try await application().test(.router) { client in
      try await client.execute(uri: "/change", method: .post, headers: [.origin: "http://evil.example"]) { response in
        #expect(response.status == .forbidden)
        expectSecurityHeaders(response)
      }
      try await client.execute(uri: "/change", method: .post, headers: [.secFetchSite: "cross-site"]) { response in
        #expect(response.status == .forbidden)
      }
      try await client.execute(uri: "/change", method: .post, headers: [.origin: "null"]) { response in
        #expect(response.status == .forbidden)
      }
      try await client.execute(
        uri: "/change", method: .post, headers: [.origin: "http://localhost", .secFetchSite: "same-site"]
      ) { response in
        #expect(response.status == .forbidden)
      }
      // What Chromium sends for a same-origin form under Referrer-Policy no-referrer.
      try await client.execute(uri: "/change", method: .post, headers: [.origin: "null", .secFetchSite: "same-origin"])
      {
        response in
        #expect(response.status == .ok)
      }
      // The same origin, and a client that is not a browser (no Origin, no Sec-Fetch-Site), may.
      try await client.execute(
        uri: "/change", method: .post, headers: [.origin: "http://localhost", .secFetchSite: "same-origin"]
      ) { response in
        #expect(response.status == .ok)
        #expect(String(buffer: response.body) == "changed")
      }
      try await client.execute(uri: "/change", method: .post) { response in
        #expect(response.status == .ok)
      }
      // A cross-site GET is no state change: it is answered.
      try await client.execute(uri: "/ok", method: .get, headers: [.secFetchSite: "cross-site"]) { response in
        #expect(response.status == .ok)
      }
    }
  }

  @Test func hostNamesAreReadWithoutTheirPort() {
    #expect(HostCheckMiddleware<BasicRequestContext>.hostName("LocalHost:8080") == "localhost")
    #expect(HostCheckMiddleware<BasicRequestContext>.hostName("[::1]:8080") == "[::1]")
    #expect(HostCheckMiddleware<BasicRequestContext>.hostName("a:b:c") == nil)
    #expect(HostCheckMiddleware<BasicRequestContext>.hostName("host:") == nil)
    #expect(
      WebConfiguration.allowedHosts(bindAddress: "0.0.0.0", configured: ["Densa.Hospital.example"])
        == ["localhost", "127.0.0.1", "[::1]", "densa.hospital.example"])
  }
}
