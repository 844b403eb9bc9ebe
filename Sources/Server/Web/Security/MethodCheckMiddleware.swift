import HTTPTypes
import Hummingbird
import Synchronization

/// Answers 405 Method Not Allowed, with an Allow header, to a request whose path is one of the
/// router's but whose method is not (Hummingbird's router says 404 for both).
///
/// Middleware must be in place before the routes are added, so it learns the routes afterwards:
/// ``learn(_:)`` once the router is complete.
public final class MethodCheckMiddleware<Context: RequestContext>: RouterMiddleware {
  /// Each route's path segments (`{name}` matches any one segment) and its methods.
  private let routes = Mutex<[(segments: [Substring], methods: Set<HTTPRequest.Method>)]>([])

  public init() {}

  /// Takes the routes of a finished router.
  public func learn(_ router: Router<Context>) {
    var table = [String: (segments: [Substring], methods: Set<HTTPRequest.Method>)]()
    for route in router.routes {
      let path = route.path.description
      table[path, default: (Self.segments(path), [])].methods.insert(route.method)
    }
    let learned = Array(table.values)
    routes.withLock { $0 = learned }
  }

  public func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    let segments = Self.segments(request.uri.path)
    let allowed = routes.withLock { routes in
      routes.filter { Self.matches($0.segments, segments) }.reduce(into: Set<HTTPRequest.Method>()) {
        $0.formUnion($1.methods)
      }
    }
    var methods = allowed
    if methods.contains(.get) { methods.insert(.head) }
    guard allowed.isEmpty || methods.contains(request.method) else {
      let list = methods.map(\.rawValue).sorted().joined(separator: ", ")
      throw HTTPError(.methodNotAllowed, headers: [.allow: list], message: "allowed here: \(list)")
    }
    return try await next(request, context)
  }

  static func segments(_ path: String) -> [Substring] {
    path.split(separator: "/", omittingEmptySubsequences: true)
  }

  static func matches(_ template: [Substring], _ path: [Substring]) -> Bool {
    template.count == path.count
      && zip(template, path).allSatisfy { t, p in (t.hasPrefix("{") && t.hasSuffix("}")) || t == p }
  }
}
