import Foundation
import Hummingbird
import Synchronization
import Worklist

/// `GET /exams/{id}`: the four views in the standard hanging, probability bars, the report with
/// its evidence marked, the review form; `POST /exams/{id}/review` records the form's decision.
struct ExamPage {
  let site: WebSite
  let tokens: FormToken

  func add(to router: Router<WebRequestContext>) {
    let page = self
    router.get("exams/{id}") { request, context -> Response in
      let exam = try page.site.exam(context)
      let response = try page.render(request, context: context, exam: exam)
      try page.site.store.recordView(of: "exam", id: exam.examID, by: context.actor)
      return response
    }
    router.post("exams/{id}/review") { request, context -> Response in
      let exam = try page.site.exam(context)
      let body = try await request.body.collect(upTo: 64 * 1024)
      guard let form = ReviewForm(urlEncoded: String(buffer: body)) else {
        throw HTTPError(.badRequest, message: "the review form is incomplete (token and decision)")
      }
      guard page.tokens.verify(form.token, for: "review:\(exam.examID)") else {
        throw HTTPError(.forbidden, message: "the form token is missing, wrong or expired: reload the page")
      }
      try page.site.review(
        exam, ReviewBody(decision: form.decision, reviewer: form.reviewer, note: form.note), context: context)
      return Response(status: .seeOther, headers: [.location: "/exams/\(exam.examID)#review"])
    }
  }

  /// What the review form posts; other fields are ignored.
  struct ReviewForm {
    var token: String
    var decision: String
    /// The name typed in the form; only when login is off (a logged-in reviewer is who they are).
    var reviewer: String?
    var note: String?

    /// Reads `application/x-www-form-urlencoded` text; nil when the token or decision is missing.
    init?(urlEncoded text: String) {
      let fields = FormFields.parse(text)
      guard let token = fields["token"], let decision = fields["decision"] else { return nil }
      self.token = token
      self.decision = decision
      reviewer = fields["reviewer"]
      note = fields["note"]
    }
  }

  func render(_ request: Request, context: WebRequestContext, exam e: ExamDetail) throws -> Response {
    let renderer = PageRenderer(site: site)
    let t = renderer.strings(request)
    func label(_ key: String) -> String { t[key] ?? key }
    let body = ExamBody(e)
    let previews = renderPreviews(e)
    // Right breast on the viewer's left, CC above MLO; each mirrored so the chest walls face.
    let hanging: [[String: Any]] = ["R-CC", "L-CC", "R-MLO", "L-MLO"].map { name in
      var cell: [String: Any] = ["name": name]
      guard let view = e.views.first(where: { $0.view == name }),
        let link = body.views.first(where: { $0.view == name })
      else { return cell }
      cell["composition"] = view.composition
      if let preview = previews[name] {
        cell["preview"] = link.preview
        cell["mirrored"] = ViewPreviews.mirrored(view: name, chestWallOnRight: preview.chestWallOnRight)
        if let heatmap = link.heatmap { cell["heatmap"] = heatmap }
      }
      return cell
    }
    func bars(_ p: ExamDetail.Probabilities?) -> [[String: Any]] {
      guard let p else { return [] }
      return zip(["a", "b", "c", "d"], [p.a, p.b, p.c, p.d]).map { category, value in
        ["category": category, "value": String(format: "%.4f", value), "percent": PageFormat.percent(value)]
      }
    }
    var probabilityRows: [[String: Any]] = e.views.map { v in
      ["kind": "view", "label": v.view, "bars": bars(v.probabilities), "composition": v.composition]
    }
    probabilityRows += e.breasts.map { b in
      [
        "kind": "breast", "label": label(b.laterality == "R" ? "rightBreast" : "leftBreast"),
        "bars": bars(b.probabilities), "composition": b.composition,
      ]
    }
    probabilityRows.append([
      "kind": "exam", "label": label("examDensity"), "bars": bars(e.exam.probabilities),
      "composition": e.exam.composition,
    ])
    var values: [String: Any] = [
      "id": e.examID, "accession": e.accession ?? "—", "patientID": e.patientID,
      "studyDate": PageFormat.date(e.studyDate), "status": label(e.status), "density": e.exam.composition,
      "decidingBreast": label(e.exam.decidingBreast == "R" ? "rightBreast" : "leftBreast"),
      "reportDensity": e.reportDensity ?? "—", "agreement": label(e.agreement), "agreementClass": e.agreement,
      "readState": label(e.readState), "nextReadState": e.readState == "read" ? "unread" : "read",
      "nextReadLabel": label(e.readState == "read" ? "markUnread" : "markRead"),
      "hanging": hanging, "hasHeatmaps": hanging.contains { $0["heatmap"] != nil },
      "categories": ["a", "b", "c", "d"], "probabilityRows": probabilityRows, "resultLink": body.resultLink,
    ]
    if let sr = body.structuredReportLink { values["srLink"] = sr }
    if let card = body.scorecardLink { values["scorecardLink"] = card }
    if let prior = e.priorComparison {
      var p: [String: Any] = [
        "composition": prior.priorComposition, "date": PageFormat.date(prior.priorStudyDate),
        "source": label(prior.source), "crosses": prior.crossesDenseBoundary,
        "crossesLabel": label("crossesSincePrior"), "sameSideLabel": label("sameSidePrior"),
      ]
      if let accession = prior.priorAccession { p["accession"] = accession }
      values["prior"] = p
    }
    if !e.limitations.isEmpty {
      values["limitations"] = e.limitations.map { l in
        let detail = [l.laterality.map { label($0 == "R" ? "rightBreast" : "leftBreast") }, l.view].compactMap { $0 }
        var item: [String: Any] = ["reason": label(l.reason), "code": "\(l.meaning) (\(l.code), \(l.scheme))"]
        if !detail.isEmpty { item["detail"] = detail.joined(separator: ", ") }
        return item
      }
      values["hasLimitations"] = true
    }
    if let uncertainty = e.uncertainty, uncertainty.uncertain {
      // The page's language, not result.json's English line; the reasons are codes.
      let reasons = uncertainty.reasons.map { reason in
        label("uncertain-\(reason)")
          .replacingOccurrences(of: "{margin}", with: String(format: "%.2f", uncertainty.margin))
          .replacingOccurrences(of: "{threshold}", with: String(format: "%.2f", uncertainty.marginThreshold))
      }
      values["uncertain"] = ["explanation": reasons.joined(separator: "; ")]
    }
    if let statement = e.suggestedDensityStatement {
      values["statement"] = [
        "english": statement.statement, "spanish": statement.spanish.text, "label": statement.spanish.label,
      ]
    }
    if let report = e.report {
      var r: [String: Any] = ["segments": Self.segments(report.text, marking: report.evidence)]
      if let reader = report.reader { r["reader"] = reader }
      values["report"] = r
    }
    if let review = e.review {
      var r: [String: Any] = [
        "grade": label(review.grade), "crosses": review.crossesDenseBoundary, "crossesLabel": label("dense-boundary"),
        "state": label(review.state), "token": tokens.issue(for: "review:\(e.examID)"),
        "reviewerValue": review.reviewer ?? "", "noteValue": review.note ?? "",
        // Logged in, the reviewer is the user (and only some roles review); else they name themself.
        "namesReviewer": context.identity == nil, "mayReview": context.identity?.role.mayReview ?? true,
        "loggedInReviewer": context.identity?.name ?? "",
        "decisions": ["model-correct", "report-correct", "both-wrong", "dismissed"].map { value in
          ["value": value, "label": label(value), "checked": value == review.state] as [String: Any]
        },
      ]
      if let reviewer = review.reviewer { r["reviewer"] = reviewer }
      if let note = review.note { r["note"] = note }
      values["review"] = r
    }
    return try renderer.render(
      "exam", title: "\(label("exam")) \(e.accession ?? String(e.examID))", request: request, context: context,
      values: values)
  }

  /// The previews of the exam's views, rendered side by side (each decodes a whole image).
  func renderPreviews(_ e: ExamDetail) -> [String: ViewPreviews.Preview] {
    let views = e.views.compactMap { v in v.imagePath.map { (v.view, $0) } }
    let rendered = Mutex([String: ViewPreviews.Preview]())
    let previews = site.previews
    DispatchQueue.concurrentPerform(iterations: views.count) { i in
      if let preview = try? previews.preview(path: views[i].1, view: views[i].0) {
        rendered.withLock { $0[views[i].0] = preview }
      }
    }
    return rendered.withLock { $0 }
  }

  /// The report cut into plain and marked stretches at the evidence spans (UTF-8 byte offsets);
  /// spans that overlap, or do not fall on character boundaries, are left unmarked.
  static func segments(_ text: String, marking spans: [ExamDetail.EvidenceSpan]) -> [[String: Any]] {
    let bytes = Array(text.utf8)
    var result = [[String: Any]]()
    var position = 0
    for span in spans.sorted(by: { $0.start < $1.start })
    where span.start >= position && span.end > span.start && span.end <= bytes.count {
      guard let marked = String(bytes: bytes[span.start..<span.end], encoding: .utf8),
        let before = String(bytes: bytes[position..<span.start], encoding: .utf8)
      else { continue }
      if !before.isEmpty { result.append(["text": before, "mark": false]) }
      result.append(["text": marked, "mark": true])
      position = span.end
    }
    if position < bytes.count {
      result.append(["text": String(decoding: bytes[position...], as: UTF8.self), "mark": false])
    }
    return result
  }
}
