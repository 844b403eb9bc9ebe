import BIRADS
import Hummingbird
import Worklist

/// The worklist's query parameters, shared by `GET /api/exams` and the worklist page: filters,
/// order and page, each checked (a bad value is a 400 that names it).
public struct ExamListQuery: Sendable, Equatable {
  public static let defaultPageSize = 50
  public static let maxPageSize = 200

  public var filter = WorklistFilter()
  /// 1-based.
  public var page = 1
  public var pageSize = defaultPageSize

  public init() {
    filter.limit = pageSize
    filter.offset = 0
  }

  /// Reads `status`, `read`, `density`, `reportDensity`, `disagreement`, `from`, `to`, `reader`,
  /// `sort`, `order`, `page` and `pageSize`; an empty filter counts as absent (what an HTML form
  /// sends for "all").
  public init(_ parameters: [String: String]) throws(HTTPError) {
    self.init()
    func value(_ name: String) -> String? {
      guard let v = parameters[name], !v.isEmpty else { return nil }
      return v
    }
    func bad(_ name: String, _ expected: String) -> HTTPError {
      HTTPError(.badRequest, message: "query parameter \(name) must be \(expected)")
    }
    if let status = value("status") {
      guard ["complete", "incomplete"].contains(status) else { throw bad("status", "complete or incomplete") }
      filter.examStatus = status
    }
    if let read = value("read") {
      guard ["read", "unread"].contains(read) else { throw bad("read", "read or unread") }
      filter.readState = read
    }
    if let density = value("density") {
      guard let c = BreastComposition(rawValue: density) else { throw bad("density", "a, b, c or d") }
      filter.density = c
    }
    if let density = value("reportDensity") {
      guard let c = BreastComposition(rawValue: density) else { throw bad("reportDensity", "a, b, c or d") }
      filter.reportDensity = c
    }
    if let kind = value("disagreement") {
      guard let d = WorklistFilter.DisagreementFilter(rawValue: kind) else {
        throw bad("disagreement", "any, adjacent, major, dense-boundary or none")
      }
      filter.disagreement = d
    }
    for name in ["from", "to"] {
      guard let raw = value(name) else { continue }
      guard let date = Self.studyDate(raw) else { throw bad(name, "a date, YYYYMMDD or YYYY-MM-DD") }
      if name == "from" { filter.from = date } else { filter.to = date }
    }
    filter.reader = value("reader")
    if let sort = value("sort") {
      guard let key = WorklistOrder.Key(rawValue: sort) else {
        throw bad("sort", WorklistOrder.Key.allCases.map(\.rawValue).joined(separator: ", "))
      }
      filter.order.key = key
    }
    if let order = value("order") {
      guard order == "asc" || order == "desc" else { throw bad("order", "asc or desc") }
      filter.order.descending = order == "desc"
    }
    // Pages are numbers, never empty (no form sends them empty).
    if let raw = parameters["page"] {
      guard let page = Int(raw), page >= 1, page <= 1_000_000 else { throw bad("page", "a whole number from 1") }
      self.page = page
    }
    if let raw = parameters["pageSize"] {
      guard let size = Int(raw), (1...Self.maxPageSize).contains(size) else {
        throw bad("pageSize", "a whole number from 1 to \(Self.maxPageSize)")
      }
      pageSize = size
    }
    filter.limit = pageSize
    filter.offset = (page - 1) * pageSize
  }

  /// YYYYMMDD from `YYYYMMDD` or `YYYY-MM-DD` (an HTML date input), nil for anything else.
  static func studyDate(_ text: String) -> String? {
    let digits =
      text.count == 10 && text.split(separator: "-").map(\.count) == [4, 2, 2] ? text.filter { $0 != "-" } : text
    guard digits.count == 8, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
      let month = Int(digits.dropFirst(4).prefix(2)), let day = Int(digits.suffix(2)), (1...12).contains(month),
      (1...31).contains(day)
    else { return nil }
    return digits
  }

  /// The parameters that reproduce this query (defaults left out), for links between pages.
  public var parameters: [(String, String)] {
    var p = [(String, String)]()
    if let v = filter.examStatus { p.append(("status", v)) }
    if let v = filter.readState { p.append(("read", v)) }
    if let v = filter.density { p.append(("density", v.rawValue)) }
    if let v = filter.reportDensity { p.append(("reportDensity", v.rawValue)) }
    if let v = filter.disagreement { p.append(("disagreement", v.rawValue)) }
    if let v = filter.from { p.append(("from", v)) }
    if let v = filter.to { p.append(("to", v)) }
    if let v = filter.reader { p.append(("reader", v)) }
    if filter.order != WorklistOrder() {
      p.append(("sort", filter.order.key.rawValue))
      p.append(("order", filter.order.descending ? "desc" : "asc"))
    }
    if pageSize != Self.defaultPageSize { p.append(("pageSize", String(pageSize))) }
    return p
  }
}

extension Request {
  /// The query parameters, the last value winning when one is repeated.
  var queryDictionary: [String: String] {
    var values = [String: String]()
    for (key, value) in uri.queryParameters { values[String(key)] = String(value) }
    return values
  }
}
