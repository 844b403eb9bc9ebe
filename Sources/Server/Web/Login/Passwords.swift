import HummingbirdBcrypt
import NIOPosix

/// Password hashing with bcrypt (hummingbird-auth's HummingbirdBcrypt). The work is slow on
/// purpose, so the server does it on NIO's thread pool, off the request executors.
public enum Passwords {
  /// bcrypt's cost (2^12 rounds): about a quarter of a second per check on a current core.
  public static let cost: UInt8 = 12
  /// Shortest password `densa user add` accepts.
  public static let minimumLength = 8

  /// A new bcrypt hash (`$2b$12$…`, salted) of `password`.
  public static func hash(_ password: String) -> String {
    Bcrypt.hash(password, cost: cost)
  }

  /// Whether `password` matches `hash`; with no hash (no such user) it still spends a check's
  /// time, so an answer's delay does not tell which names exist.
  public static func verify(_ password: String, hash: String?) async throws -> Bool {
    try await NIOThreadPool.singleton.runIfActive {
      guard let hash else {
        _ = Bcrypt.verify(password, hash: absentUserHash)
        return false
      }
      return Bcrypt.verify(password, hash: hash)
    }
  }

  /// A hash of no one's password, checked against when the name is unknown.
  static let absentUserHash = Bcrypt.hash("densa: no such user", cost: cost)
}
