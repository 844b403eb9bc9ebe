import ArgumentParser
import Foundation
import Server
import Worklist

/// The web interface's accounts: add one (its password read from standard input and stored as a
/// bcrypt hash), list them, remove one.
struct UserCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "user",
    abstract: "Add, list or remove the accounts that log in to densa serve's web interface.",
    discussion: """
      Login is required when the listener is bound off loopback (dicom.bindAddress), or with \
      http.requireLogin: true. Reviews need the radiologist or qa role; admin looks only.
      """,
    subcommands: [Add.self, List.self, Remove.self],
    defaultSubcommand: List.self
  )

  struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add an account; the password is read from standard input (twice, without echo, at a terminal).")

    @Argument(help: "Login name: 1 to 64 letters, digits, '.', '_', '-' or '@'.")
    var name: String

    @Option(help: "radiologist, qa or admin.")
    var role: String

    @Option(help: "Who adds it (written to the audit log).")
    var by: String = ProcessInfo.processInfo.environment["USER"] ?? "operator"

    @Option(help: "SQLite database (default: database.path).")
    var db: String?

    @OptionGroup var settings: SettingsOptions

    func run() async throws {
      guard let role = UserRole(rawValue: role) else {
        throw ValidationError("--role must be radiologist, qa or admin; got '\(role)'")
      }
      guard UserAccount.isValidName(name) else {
        throw ValidationError("a user name is 1 to 64 letters, digits, '.', '_', '-' or '@'; got '\(name)'")
      }
      let s = try await settings.load()
      let store = try Store(path: db ?? s.databasePath)
      let password = try PasswordInput.read(confirm: true)
      guard password.count >= Passwords.minimumLength else {
        throw ValidationError("the password must have at least \(Passwords.minimumLength) characters")
      }
      let user = try store.addUser(name: name, passwordHash: Passwords.hash(password), role: role, actor: by)
      print("added \(user.name) (\(user.role.rawValue))")
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the accounts (name, role, created).")

    @Option(help: "SQLite database (default: database.path).")
    var db: String?

    @Flag(help: "Print JSON.")
    var json = false

    @OptionGroup var settings: SettingsOptions

    func run() async throws {
      let s = try await settings.load()
      let users = try existingStore(db ?? s.databasePath).users()
      if json {
        print(String(decoding: try JSONEncoder.pretty.encode(users), as: UTF8.self))
        return
      }
      print("name                 role         created")
      for u in users { print("\(pad(u.name, 20)) \(pad(u.role.rawValue, 12)) \(u.created)") }
    }
  }

  struct Remove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Remove an account; its sessions stop working.")

    @Argument(help: "Login name.")
    var name: String

    @Option(help: "Who removes it (written to the audit log).")
    var by: String = ProcessInfo.processInfo.environment["USER"] ?? "operator"

    @Option(help: "SQLite database (default: database.path).")
    var db: String?

    @OptionGroup var settings: SettingsOptions

    func run() async throws {
      let s = try await settings.load()
      guard try existingStore(db ?? s.databasePath).removeUser(name: name, actor: by) else {
        throw ValidationError("no user named \(name)")
      }
      print("removed \(name)")
    }
  }
}
