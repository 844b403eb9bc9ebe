import Hummingbird
import HummingbirdAuth
import Worklist

/// The request context of densa's web listener: Hummingbird's core, the login session
/// (hummingbird-auth's ``SessionContext``) and the account it names, once authenticated.
public struct WebRequestContext: AuthRequestContext, SessionRequestContext, RequestContext {
  public var coreContext: CoreRequestContextStorage
  /// The logged-in account, set by the session authenticator; nil when nobody is logged in.
  public var identity: UserAccount?
  /// The login session of this request (loaded from, and saved to, the store).
  public let sessions: SessionContext<WebSession>

  public init(source: Source) {
    coreContext = .init(source: source)
    identity = nil
    sessions = .init()
  }

  /// Who the audit log names for what this request does: the logged-in user, or `loopback` when
  /// the listener asks for no login and nobody logged in.
  public var actor: String { identity?.name ?? "loopback" }
}

/// What a login session holds: the account's id (ids are never reused, so a removed account's
/// sessions never name anyone again).
public struct WebSession: Codable, Sendable, Equatable {
  public var userID: Int64

  public init(userID: Int64) { self.userID = userID }
}
