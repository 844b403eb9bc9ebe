import Foundation

/// A person who may log in to the web interface (`densa user add`).
public struct UserAccount: Sendable, Equatable, Codable {
  /// The store's id; never reused.
  public var id: Int64
  /// The login name (unique, compared without case).
  public var name: String
  public var role: UserRole
  /// When the account was made (ISO 8601).
  public var created: String

  public init(id: Int64, name: String, role: UserRole, created: String) {
    self.id = id
    self.name = name
    self.role = role
    self.created = created
  }

  /// Whether `name` may name an account: 1 to 64 letters, digits, `.`, `_`, `-` or `@`, so it
  /// reads the same in a log line, the audit log and a cookie-free URL.
  public static func isValidName(_ name: String) -> Bool {
    (1...64).contains(name.count)
      && name.unicodeScalars.allSatisfy {
        CharacterSet.alphanumerics.contains($0) || "._-@".unicodeScalars.contains($0)
      }
  }
}

/// What an account may do on the web interface.
public enum UserRole: String, Sendable, Codable, CaseIterable {
  /// Reads exams and reviews disagreements.
  case radiologist
  /// Audits report density against the model and reviews disagreements.
  case qa
  /// Looks at everything, reviews nothing.
  case admin

  /// Whether this role may record a disagreement's review.
  public var mayReview: Bool { self == .radiologist || self == .qa }
}
