import HTTPTypes
import Hummingbird

/// Refuses requests whose Host header is not one of the configured names (DNS rebinding: a page
/// on another site that resolves its own name to 127.0.0.1 must not reach densa).
public struct HostCheckMiddleware<Context: RequestContext>: RouterMiddleware {
  /// Lower-case host names and addresses, without port.
  public let allowedHosts: Set<String>

  public init(allowedHosts: some Sequence<String>) {
    self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
  }

  public func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    guard allows(request.head) else {
      throw HTTPError(.misdirectedRequest, message: "this server does not answer for that Host")
    }
    return try await next(request, context)
  }

  /// Whether every name the request gives for its host (the authority, and any Host field left
  /// among the headers) is allowed; a request that names none is refused too.
  func allows(_ head: HTTPRequest) -> Bool {
    let given = [head.authority].compactMap { $0 } + head.headerFields[values: .host]
    return !given.isEmpty && given.allSatisfy { Self.hostName($0).map(allowedHosts.contains) ?? false }
  }

  /// The host of a Host header value (`name`, `name:port`, `[v6]`, `[v6]:port`), lower case.
  static func hostName(_ authority: String) -> String? {
    let value = authority.lowercased()
    if value.hasPrefix("[") {
      guard let close = value.firstIndex(of: "]") else { return nil }
      let rest = value[value.index(after: close)...]
      guard rest.isEmpty || (rest.first == ":" && rest.dropFirst().allSatisfy(\.isNumber)) else { return nil }
      return String(value[...close])
    }
    let parts = value.split(separator: ":", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), !parts[0].isEmpty else { return nil }
    if parts.count == 2 && (parts[1].isEmpty || !parts[1].allSatisfy(\.isNumber)) { return nil }
    return String(parts[0])
  }
}
