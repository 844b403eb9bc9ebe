import Hummingbird
import Worklist

/// `GET /api/qa` and `GET /api/model`: the QA figures for a period and the model in use.
struct OverviewAPI {
  let site: WebSite

  func add(to router: Router<BasicRequestContext>) {
    let site = self.site
    router.get("api/qa") { request, _ -> Response in
      try JSONResponse.make(try site.qa(request.queryDictionary))
    }
    router.get("api/model") { _, _ -> Response in
      try JSONResponse.make(ModelBody(identity: site.model, card: site.card))
    }
  }
}

extension WebSite {
  /// The QA figures for `from`…`to` (study dates) and `model` (a stored model key; by default
  /// the node's own model), from the store's QA summary and reader agreement.
  func qa(_ parameters: [String: String]) throws -> QABody {
    var dates = [String: String]()
    for name in ["from", "to"] {
      guard let raw = parameters[name], !raw.isEmpty else { continue }
      guard let date = ExamListQuery.studyDate(raw) else {
        throw HTTPError(.badRequest, message: "query parameter \(name) must be a date, YYYYMMDD or YYYY-MM-DD")
      }
      dates[name] = date
    }
    let key = parameters["model"].flatMap { $0.isEmpty ? nil : $0 } ?? model.key
    let summary = try store.qaSummary(modelSHA256: key, from: dates["from"], to: dates["to"])
    let readers = try store.readerAgreement(modelSHA256: key, from: dates["from"], to: dates["to"]) ?? []
    return QABody(summary: summary, readers: readers)
  }
}
