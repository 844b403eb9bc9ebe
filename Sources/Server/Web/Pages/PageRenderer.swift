import Foundation
import Hummingbird

/// Renders a page template with what every page shows: the language and its words, the
/// navigation, the model's name and, for a model trained on synthetic phantoms, the warning.
struct PageRenderer {
  let site: WebSite

  /// The language for this request: the browser's choice where allowed, else the configured one.
  func language(_ request: Request) -> WebLanguage {
    let c = site.configuration
    guard c.followBrowserLanguage else { return c.language }
    return WebLanguage.negotiate(acceptLanguage: request.headers[.acceptLanguage], fallback: c.language)
  }

  /// The page `template` with `values`; the header names the logged-in user (with a logout
  /// button), if any.
  func render(
    _ template: String, title: String, request: Request, context requestContext: WebRequestContext,
    values: [String: Any], status: HTTPResponse.Status = .ok
  ) throws -> Response {
    let language = language(request)
    let words = PageStrings.table(language)
    var context: [String: Any] = [
      "t": PageStrings.table(language), "lang": language.rawValue, "pageName": template, "pageTitle": title,
      "modelName": site.model.name, "modelVersion": site.model.version,
      "modelShort": String(site.model.sha256.prefix(12)),
      "demo": site.card.requiresNotice,
      "navWorklist": template == "worklist" || template == "exam", "navQA": template == "qa",
      "navModel": template == "model", "loginPage": template == "login",
    ]
    if let user = requestContext.identity {
      context["user"] = ["name": user.name, "roleLabel": words["role-\(user.role.rawValue)"] ?? user.role.rawValue]
    }
    context.merge(values) { _, new in new }
    guard let html = site.assets.templates.render(context, withTemplate: template) else {
      throw WebAssetsError(reason: "no template named \(template)")
    }
    return Response(
      status: status,
      headers: [
        .contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .contentLanguage: language.rawValue,
      ],
      body: .init(byteBuffer: ByteBuffer(string: html)))
  }

  /// The words of the request's language.
  func strings(_ request: Request) -> [String: String] { PageStrings.table(language(request)) }
}

/// Helpers the page builders share.
enum PageFormat {
  /// `YYYY-MM-DD` from a DICOM date `YYYYMMDD`; other text as it is.
  static func date(_ dicom: String?) -> String {
    guard let d = dicom, d.count == 8, d.allSatisfy(\.isNumber) else { return dicom ?? "—" }
    return "\(d.prefix(4))-\(d.dropFirst(4).prefix(2))-\(d.suffix(2))"
  }

  /// A share as a whole percentage.
  static func percent(_ value: Double?) -> String {
    guard let value else { return "—" }
    return String(format: "%.0f %%", value * 100)
  }

  /// A figure to three decimals.
  static func figure(_ value: Double?) -> String {
    guard let value else { return "—" }
    return String(format: "%.3f", value)
  }

  /// `?a=1&b=2` from parameters (values percent-encoded), or "" when there are none.
  static func query(_ parameters: [(String, String)]) -> String {
    guard !parameters.isEmpty else { return "" }
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return "?"
      + parameters.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(
        separator: "&")
  }
}
