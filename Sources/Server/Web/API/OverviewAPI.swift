import Foundation
import Hummingbird
import Worklist

/// `GET /api/qa`, `GET /qa/export.csv` and `GET /api/model`: the QA figures for a period (as JSON
/// and as the CSV of what the dashboard shows) and the model in use.
struct OverviewAPI {
  let site: WebSite

  func add(to router: Router<WebRequestContext>) {
    let site = self.site
    router.get("api/qa") { request, _ -> Response in
      try JSONResponse.make(try site.qa(request.queryDictionary))
    }
    router.get("qa/export.csv") { request, _ -> Response in
      let qa = try site.qa(request.queryDictionary)
      return JSONResponse.file(
        Data(QAExport.csv(qa).utf8), contentType: "text/csv; charset=utf-8",
        headers: [.contentDisposition: "attachment; filename=\"densa-qa.csv\""])
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
    // Each month's figures are the store's own summary over that month (within the period).
    var months = [QABody.Month]()
    if summary != nil {
      for month in try store.studyMonths(modelSHA256: key, from: dates["from"], to: dates["to"]).suffix(
        QABody.maxMonths)
      {
        let from = max(dates["from"] ?? "", month + "01")
        let to = min(dates["to"] ?? "99999999", month + "31")
        guard let s = try store.qaSummary(modelSHA256: key, from: from, to: to) else { continue }
        months.append(
          .init(
            month: month, exams: s.exams, withDensity: s.confusion.total, agree: s.confusion.agreements,
            accuracy: s.accuracy, macroF1: s.macroF1, kappa: s.kappa, kappaQuadratic: s.kappaQuadratic,
            crossesDenseBoundary: s.crossesDenseBoundary))
      }
    }
    return QABody(summary: summary, readers: readers, months: months)
  }
}
