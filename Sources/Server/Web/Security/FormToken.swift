import Crypto
import Foundation

/// The token an HTML form carries so that its POST is known to come from a page densa served:
/// `expiry.HMAC-SHA256(key, purpose|expiry)`, with a key made when the process starts. A page on
/// another site cannot read it (same-origin policy), so it cannot forge the form; the Origin and
/// Sec-Fetch-Site checks (``CrossOriginCheckMiddleware``) come first.
public struct FormToken: Sendable {
  /// The key's bytes (SymmetricKey itself is not Sendable).
  private let key: [UInt8]
  /// How long a token is good for, in seconds.
  public let lifetime: TimeInterval

  public init(lifetime: TimeInterval = 12 * 3600) {
    key = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    self.lifetime = lifetime
  }

  /// A token for `purpose` (e.g. `review:42`), good until `now + lifetime`.
  public func issue(for purpose: String, now: Date = Date()) -> String {
    let expiry = Int((now.timeIntervalSince1970 + lifetime).rounded(.down))
    return "\(expiry).\(mac(purpose, expiry))"
  }

  /// Whether `token` was issued by this process for `purpose` and has not expired.
  public func verify(_ token: String, for purpose: String, now: Date = Date()) -> Bool {
    let parts = token.split(separator: ".", maxSplits: 1)
    guard parts.count == 2, let expiry = Int(parts[0]), Double(expiry) >= now.timeIntervalSince1970 else {
      return false
    }
    let expected = Array(mac(purpose, expiry).utf8)
    let given = Array(parts[1].utf8)
    // Constant time over equal lengths.
    guard expected.count == given.count else { return false }
    return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
  }

  private func mac(_ purpose: String, _ expiry: Int) -> String {
    let code = HMAC<SHA256>.authenticationCode(for: Data("\(purpose)|\(expiry)".utf8), using: SymmetricKey(data: key))
    return Data(code).base64EncodedString().replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
  }
}
