import Crypto
import Foundation

/// How a model is named everywhere its results appear: name, version and the SHA-256 of the exact
/// weights file, so two results can be compared only when they came from the same bytes.
public struct ModelIdentity: Sendable, Codable, Hashable, CustomStringConvertible {
  public var name: String
  public var version: String
  /// Lower-case hex SHA-256 of the weights file.
  public var sha256: String

  public init(name: String, version: String, sha256: String) {
    self.name = name
    self.version = version
    self.sha256 = sha256
  }

  /// `name version (sha256:first 12 hex digits)`.
  public var description: String { "\(name) \(version) (sha256:\(sha256.prefix(12)))" }

  /// SHA-256 of a file, read in 4 MiB pieces so large weights never sit in memory twice.
  public static func sha256(ofFile url: URL) throws(ModelError) -> String {
    guard let handle = try? FileHandle(forReadingFrom: url) else {
      throw ModelError(file: url.path, reason: "cannot open the weights to hash them")
    }
    defer { try? handle.close() }
    var hasher = SHA256()
    while true {
      let piece: Data?
      do { piece = try handle.read(upToCount: 4 << 20) } catch {
        throw ModelError(file: url.path, reason: "read failed while hashing: \(error.localizedDescription)")
      }
      guard let piece, !piece.isEmpty else { break }
      hasher.update(data: piece)
    }
    return hasher.finalize().map { String(format: "%02x", $0) }.joined()
  }
}
