import Crypto
import Foundation

/// How a model is named everywhere its results appear: name, version, the SHA-256 of the exact
/// weights file and the precision it ran in, so two results can be compared only when they came
/// from the same bytes run the same way.
public struct ModelIdentity: Sendable, Codable, Hashable, CustomStringConvertible {
  public var name: String
  public var version: String
  /// Lower-case hex SHA-256 of the weights file.
  public var sha256: String
  /// The arithmetic of the forward pass (fp32 unless `model.precision` says bf16).
  public var precision: InferencePrecision

  public init(name: String, version: String, sha256: String, precision: InferencePrecision = .fp32) {
    self.name = name
    self.version = version
    self.sha256 = sha256
    self.precision = precision
  }

  private enum CodingKeys: String, CodingKey { case name, version, sha256, precision }

  /// Identities written before precision existed were fp32.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    name = try c.decode(String.self, forKey: .name)
    version = try c.decode(String.self, forKey: .version)
    sha256 = try c.decode(String.self, forKey: .sha256)
    precision = try c.decodeIfPresent(InferencePrecision.self, forKey: .precision) ?? .fp32
  }

  /// The key results are stored and looked up under: the weights' SHA-256 for fp32 (as before
  /// precision existed, so earlier fp32 results stay found), `<sha256>+bf16` for bf16, so a bf16
  /// result is never taken for an fp32 one.
  public var key: String { precision == .fp32 ? sha256 : "\(sha256)+\(precision.rawValue)" }

  /// `name version (sha256:first 12 hex digits)`, with `, bf16` when not fp32.
  public var description: String {
    "\(name) \(version) (sha256:\(sha256.prefix(12))\(precision == .fp32 ? "" : ", \(precision.rawValue)"))"
  }

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
