import Foundation
import HTTPTypes
import Hummingbird

/// Lets a request through only with a logged-in user, when the listener requires login
/// (``WebConfiguration/loginRequired``): an API client (`/api/…`, `/openapi.…`) gets 401 JSON,
/// a browser is sent to the login page (303) with the path it asked for. `/health`, `/metrics`
/// (counters only; a scraper cannot log in), `/static/…` and the login page itself are open.
public struct LoginRequiredMiddleware: RouterMiddleware {
  public typealias Context = WebRequestContext

  public let required: Bool

  public init(required: Bool) { self.required = required }

  public func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    guard required, context.identity == nil, !Self.isOpen(request.uri.path) else {
      return try await next(request, context)
    }
    if Self.isAPI(request.uri.path) {
      throw HTTPError(.unauthorized, message: "login required: POST /login first")
    }
    return Response(status: .seeOther, headers: [.location: LoginPage.loginLocation(next: request.uri.path)])
  }

  /// Paths anyone may ask for.
  static func isOpen(_ path: String) -> Bool {
    ["/health", "/metrics", "/login", "/logout"].contains(path) || path.hasPrefix("/static/")
  }

  /// Paths a program asks for (answered with a status, not a redirect).
  static func isAPI(_ path: String) -> Bool {
    path.hasPrefix("/api/") || path == "/api" || path.hasPrefix("/openapi.")
  }
}
