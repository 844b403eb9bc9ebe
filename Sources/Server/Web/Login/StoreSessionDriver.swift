import Foundation
import Hummingbird
import Worklist

/// Hummingbird's key/value persistence over densa's SQLite store, for hummingbird-auth's session
/// middleware: sessions survive a restart of `densa serve`, and the store keeps each one under
/// the SHA-256 of its key only (``Store/putSession(key:_:createOnly:)``).
public struct StoreSessionDriver: PersistDriver {
  public let store: Store

  public init(store: Store) { self.store = store }

  public func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
    guard try store.putSession(key: key, try stored(value, expires), createOnly: true) else {
      throw PersistError.duplicate
    }
  }

  public func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
    try store.putSession(key: key, try stored(value, expires))
  }

  public func get<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> Object? {
    try await getWithTTL(key: key, as: Object.self)?.object
  }

  public func getWithTTL<Object: Codable & Sendable>(key: String, as: Object.Type) async throws -> (
    object: Object, ttl: Duration?
  )? {
    guard let session = try store.session(key: key) else { return nil }
    let object: Object
    do {
      object = try JSONDecoder().decode(Object.self, from: session.value)
    } catch {
      throw PersistError.invalidConversion
    }
    let ttl = session.expiresAt.map { Duration.seconds(max(0, $0 - Date().timeIntervalSince1970)) }
    return (object, ttl)
  }

  public func remove(key: String) async throws {
    try store.removeSession(key: key)
  }

  /// Deletes expired sessions as the listener starts and stops.
  public func shutdown() async throws {
    try store.removeExpiredSessions()
  }

  private func stored(_ value: some Encodable, _ expires: Duration?) throws -> StoredSession {
    let seconds = expires.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
    return StoredSession(
      value: try JSONEncoder().encode(value), expiresAt: seconds.map { Date().timeIntervalSince1970 + $0 })
  }
}
