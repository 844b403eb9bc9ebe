/// What the web interface and the JSON API are allowed to answer, and in which language.
public struct WebConfiguration: Sendable, Equatable {
  /// Host header values (lower case, no port) the server answers to; any other is refused.
  public var allowedHosts: Set<String>
  /// The pages' language when the browser asks for neither Spanish nor English, or when
  /// `followBrowserLanguage` is off.
  public var language: WebLanguage
  /// Whether the browser's Accept-Language may choose the language.
  public var followBrowserLanguage: Bool

  public init(allowedHosts: Set<String>, language: WebLanguage = .spanish, followBrowserLanguage: Bool = true) {
    self.allowedHosts = allowedHosts
    self.language = language
    self.followBrowserLanguage = followBrowserLanguage
  }

  /// The names densa answers to when bound to `bindAddress`: loopback's names, the address
  /// itself, and those configured in `http.allowedHosts`.
  public static func allowedHosts(bindAddress: String, configured: [String]) -> Set<String> {
    var hosts: Set<String> = ["localhost", "127.0.0.1", "[::1]"]
    let address = bindAddress.lowercased()
    if address != "0.0.0.0" && address != "::" {
      hosts.insert(address.contains(":") && !address.hasPrefix("[") ? "[\(address)]" : address)
    }
    for name in configured { hosts.insert(name.lowercased()) }
    return hosts
  }
}

/// A language the pages are written in.
public enum WebLanguage: String, Sendable, CaseIterable, Codable {
  case spanish = "es"
  case english = "en"
}
