import Foundation

/// What the web interface and the JSON API are allowed to answer, and in which language.
public struct WebConfiguration: Sendable, Equatable {
  /// Host header values (lower case, no port) the server answers to; any other is refused.
  public var allowedHosts: Set<String>
  /// The pages' language when the browser asks for neither Spanish nor English, or when
  /// `followBrowserLanguage` is off.
  public var language: WebLanguage
  /// Whether the browser's Accept-Language may choose the language.
  public var followBrowserLanguage: Bool
  /// Whether every page and API call but `/health`, `/metrics`, the static files and the login
  /// page needs a logged-in user (always so off loopback; see ``loginRequired(bindAddress:configured:)``).
  public var loginRequired: Bool
  /// Whether the session cookie says `Secure` (set it when a TLS proxy fronts densa: browsers
  /// then send the cookie over HTTPS only).
  public var secureCookie: Bool

  public init(
    allowedHosts: Set<String>, language: WebLanguage = .spanish, followBrowserLanguage: Bool = true,
    loginRequired: Bool = false, secureCookie: Bool = false
  ) {
    self.allowedHosts = allowedHosts
    self.language = language
    self.followBrowserLanguage = followBrowserLanguage
    self.loginRequired = loginRequired
    self.secureCookie = secureCookie
  }

  /// Login is required when the listener is bound to anything but loopback, or when
  /// `http.requireLogin` asks for it on loopback too.
  public static func loginRequired(bindAddress: String, configured: Bool) -> Bool {
    configured || !isLoopback(bindAddress)
  }

  /// Whether `address` is a loopback address or name (127.0.0.0/8, ::1, localhost); the
  /// wildcard addresses (0.0.0.0, ::) are not: they listen on every interface.
  public static func isLoopback(_ address: String) -> Bool {
    var a = address.lowercased().trimmingCharacters(in: .whitespaces)
    if a.hasPrefix("[") && a.hasSuffix("]") { a = String(a.dropFirst().dropLast()) }
    if a == "localhost" || a == "::1" || a == "0:0:0:0:0:0:0:1" { return true }
    // Dotted quad only: four decimal parts of 0...255.
    let octets = a.split(separator: ".", omittingEmptySubsequences: false).map { part in
      !part.isEmpty && part.count <= 3 && part.allSatisfy { $0.isASCII && $0.isNumber } ? Int(part) : nil
    }
    guard octets.count == 4, octets.allSatisfy({ ($0 ?? 256) <= 255 }) else { return false }
    return octets[0] == 127
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
