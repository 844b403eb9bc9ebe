import HTTPTypes
import Hummingbird

extension WebSite {
  /// Writes a view of a page that shows no one exam (worklist, QA, model) to the audit log, with
  /// the user. The worklist's own refresh (a script's fetch: `Sec-Fetch-Mode` other than
  /// `navigate`) is not a view.
  func recordView(of page: String, request: Request, context: WebRequestContext) throws {
    if let mode = request.headers[.secFetchMode], mode.lowercased() != "navigate" { return }
    try store.recordView(of: page, by: context.actor)
  }
}

extension HTTPField.Name {
  static let secFetchMode = Self("Sec-Fetch-Mode")!
}
