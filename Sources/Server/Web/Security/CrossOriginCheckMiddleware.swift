import HTTPTypes
import Hummingbird

/// Refuses a state-changing request (anything but GET, HEAD and OPTIONS) that a browser says
/// comes from another site: `Sec-Fetch-Site` other than `same-origin` or `none`, or, from a
/// browser that sends no `Sec-Fetch-Site`, an `Origin` whose host is not the request's own Host. A request with neither header does not come from
/// a browser's page (curl, a script) and is not a cross-site forgery; HTML forms carry a form
/// token on top of this (``FormToken``).
public struct CrossOriginCheckMiddleware<Context: RequestContext>: RouterMiddleware {
  public init() {}

  public func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    if ![.get, .head, .options].contains(request.method), let reason = Self.refusal(request.head) {
      throw HTTPError(.forbidden, message: reason)
    }
    return try await next(request, context)
  }

  /// Why a state-changing request is refused, or nil when it may go on. A browser's
  /// Sec-Fetch-Site decides when present (with Referrer-Policy no-referrer, a same-origin form
  /// sends `Origin: null`); else the Origin must name the request's own host.
  static func refusal(_ head: HTTPRequest) -> String? {
    if let site = head.headerFields[.secFetchSite]?.lowercased() {
      return site == "same-origin" || site == "none" ? nil : "cross-site request refused (Sec-Fetch-Site: \(site))"
    }
    if let origin = head.headerFields[.origin] {
      guard origin != "null", let authority = head.authority,
        let originHost = Self.authority(ofOrigin: origin), originHost == authority.lowercased()
      else {
        return "cross-origin request refused (Origin does not match Host)"
      }
    }
    return nil
  }

  /// `host[:port]` of an origin such as `http://127.0.0.1:8080`, lower case.
  static func authority(ofOrigin origin: String) -> String? {
    let value = origin.lowercased()
    for scheme in ["http://", "https://"] where value.hasPrefix(scheme) {
      let rest = value.dropFirst(scheme.count)
      return rest.isEmpty || rest.contains("/") ? nil : String(rest)
    }
    return nil
  }
}
