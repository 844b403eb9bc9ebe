import Hummingbird
import Worklist

/// `GET /qa`: the period's agreement counts, accuracy, macro-F1 and kappas, the confusion matrix
/// as a heatmap whose every cell opens the worklist of its exams, and the figures per reader.
struct QAPage {
  let site: WebSite

  func add(to router: Router<WebRequestContext>) {
    let site = self.site
    router.get("qa") { request, context -> Response in
      let response = try QAPage(site: site).render(request, context: context)
      try site.recordView(of: "qa", request: request, context: context)
      return response
    }
  }

  func render(_ request: Request, context: WebRequestContext) throws -> Response {
    let renderer = PageRenderer(site: site)
    let t = renderer.strings(request)
    func label(_ key: String) -> String { t[key] ?? key }
    let parameters = request.queryDictionary
    let qa = try site.qa(parameters)
    var period = [(String, String)]()
    for name in ["from", "to"] {
      if let raw = parameters[name], let date = ExamListQuery.studyDate(raw) { period.append((name, date)) }
    }
    var values: [String: Any] = [
      "fromValue": period.first { $0.0 == "from" }.map { PageFormat.date($0.1) } ?? "",
      "toValue": period.first { $0.0 == "to" }.map { PageFormat.date($0.1) } ?? "",
      "categories": ["a", "b", "c", "d"],
    ]
    if let s = qa.summary {
      let categories = ["a", "b", "c", "d"]
      let largest = max(1, s.confusion.counts.joined().max() ?? 1)
      let matrix: [[String: Any]] = categories.enumerated().map { i, report in
        [
          "report": report,
          "cells": categories.enumerated().map { j, model in
            let count = s.confusion.counts[i][j]
            return [
              "model": model, "report": report, "count": count, "diagonal": i == j,
              "heat": count == 0 ? 0 : max(1, Int((Double(count) / Double(largest) * 5).rounded())),
              "href": "/" + PageFormat.query([("reportDensity", report), ("density", model)] + period),
            ] as [String: Any]
          },
        ]
      }
      let agreementKeys = ["agree", "adjacent", "major", "no-report-density", "no-report"]
      let reviewKeys = ["open", "model-correct", "report-correct", "both-wrong", "dismissed"]
      values["summary"] =
        [
          "exams": s.exams, "accuracy": PageFormat.figure(s.accuracy), "macroF1": PageFormat.figure(s.macroF1),
          "kappa": PageFormat.figure(s.kappa), "kappaLinear": PageFormat.figure(s.kappaLinear),
          "kappaQuadratic": PageFormat.figure(s.kappaQuadratic), "crosses": s.crossesDenseBoundary,
          "flipsHref": "/" + PageFormat.query([("disagreement", "dense-boundary")] + period),
          "exportHref": "/qa/export.csv" + PageFormat.query(period),
          "months": qa.months.map { m -> [String: Any] in
            [
              "month": "\(m.month.prefix(4))-\(m.month.suffix(2))", "exams": m.exams, "withDensity": m.withDensity,
              "accuracy": PageFormat.figure(m.accuracy), "kappa": PageFormat.figure(m.kappa),
              "kappaQuadratic": PageFormat.figure(m.kappaQuadratic), "crosses": m.crossesDenseBoundary,
              "href": "/" + PageFormat.query([("from", m.month + "01"), ("to", m.month + "31")]),
            ]
          },
          "matrix": matrix,
          "agreementRows": agreementKeys.map {
            ["label": label($0), "count": s.byAgreement[$0] ?? 0] as [String: Any]
          },
          "reviewRows": reviewKeys.map { ["label": label($0), "count": s.reviews[$0] ?? 0] as [String: Any] },
          "readers": qa.readers.map { r -> [String: Any] in
            var row: [String: Any] = [
              "name": r.reader ?? label("unknownReader"), "exams": r.exams, "withDensity": r.withDensity,
              "agreement": PageFormat.percent(r.agreement), "kappa": PageFormat.figure(r.kappa),
              "denseRate": PageFormat.percent(r.denseRate), "modelDenseRate": PageFormat.percent(r.modelDenseRate),
            ]
            if let reader = r.reader { row["href"] = "/" + PageFormat.query([("reader", reader)] + period) }
            return row
          },
        ] as [String: Any]
    }
    return try renderer.render("qa", title: label("qa"), request: request, context: context, values: values)
  }
}
