import Hummingbird
import Worklist

/// `GET /`: the worklist, filtered, sorted and paged by the server with the API's own query
/// (``ExamListQuery``); rows open their exam, j/k/Enter/m from the keyboard (densa.js).
struct WorklistPage {
  let site: WebSite

  func add(to router: Router<WebRequestContext>) {
    let site = self.site
    router.get("/") { request, context -> Response in
      let response = try WorklistPage(site: site).render(request, context: context)
      try site.recordView(of: "worklist", request: request, context: context)
      return response
    }
  }

  func render(_ request: Request, context: WebRequestContext) throws -> Response {
    let renderer = PageRenderer(site: site)
    let t = renderer.strings(request)
    let query = try ExamListQuery(request.queryDictionary)
    let page = try site.store.worklistPage(query.filter)
    let pages = max(1, (page.total + query.pageSize - 1) / query.pageSize)
    let f = query.filter
    func label(_ key: String) -> String { t[key] ?? key }
    func options(_ values: [String], selected: String?, labels: Bool = true) -> [[String: Any]] {
      [["value": "", "label": label("any"), "selected": selected == nil]]
        + values.map { ["value": $0, "label": labels ? label($0) : $0, "selected": $0 == selected] }
    }
    let rows: [[String: Any]] = page.entries.map { e in
      [
        "id": e.examID, "href": "/exams/\(e.examID)", "accession": e.accession ?? "—", "patientID": e.patientID,
        "studyDate": PageFormat.date(e.studyDate), "status": label(e.examStatus), "density": e.composition,
        "right": e.rightComposition ?? "—", "left": e.leftComposition ?? "—",
        "confidence": PageFormat.percent(e.confidence), "reportDensity": e.reportDensity ?? "—",
        "agreement": label(e.agreement), "agreementClass": e.agreement, "crosses": e.crossesDenseBoundary,
        "crossesLabel": label("dense-boundary"), "review": e.reviewState.map(label) ?? "—",
        "readState": label(e.readState), "unread": e.readState == "unread",
        "prior": e.priorComposition ?? "—", "crossesPrior": e.crossesDenseSincePrior == true,
        "crossesPriorLabel": label("crossesSincePrior"), "uncertain": e.uncertain,
        "uncertainLabel": label("uncertainShort"),
      ]
    }
    // Column headers sort by their column; the active one says which way (aria-sort) and flips.
    let sortable: [(String, WorklistOrder.Key?)] = [
      ("accession", .accession), ("patientID", nil), ("studyDate", .studyDate), ("status", .status),
      ("modelDensity", .density), ("rightBreast", nil), ("confidence", .confidence), ("reportDensity", nil),
      ("agreement", .agreement), ("prior", nil), ("review", nil), ("readState", nil),
    ]
    var base = query
    base.page = 1
    let columns: [[String: Any]] = sortable.map { key, sortKey in
      var column: [String: Any] = ["label": key == "rightBreast" ? "R / L" : label(key)]
      guard let sortKey else { return column }
      let active = f.order.key == sortKey
      var q = base
      q.filter.order = WorklistOrder(sortKey, descending: active ? !f.order.descending : sortKey != .accession)
      column["href"] = "/" + PageFormat.query(q.parameters)
      if active { column["ariaSort"] = f.order.descending ? "descending" : "ascending" }
      return column
    }
    func pageLink(_ number: Int) -> String {
      var q = query
      q.page = number
      return "/" + PageFormat.query(q.parameters + (number > 1 ? [("page", String(number))] : []))
    }
    var values: [String: Any] = [
      "total": page.total, "rows": rows, "hasRows": !rows.isEmpty, "columns": columns, "page": query.page,
      "pages": pages,
      "statusOptions": options(["complete", "incomplete"], selected: f.examStatus),
      "readOptions": options(["unread", "read"], selected: f.readState),
      "densityOptions": options(["a", "b", "c", "d"], selected: f.density?.rawValue, labels: false),
      "reportDensityOptions": options(["a", "b", "c", "d"], selected: f.reportDensity?.rawValue, labels: false),
      "disagreementOptions": options(
        WorklistFilter.DisagreementFilter.allCases.map(\.rawValue), selected: f.disagreement?.rawValue),
      "fromValue": f.from.map(PageFormat.date) ?? "", "toValue": f.to.map(PageFormat.date) ?? "",
      "readerValue": f.reader ?? "",
    ]
    if f.order != WorklistOrder() {
      values["sortValue"] = f.order.key.rawValue
      values["orderValue"] = f.order.descending ? "desc" : "asc"
    }
    if query.page > 1 { values["prevHref"] = pageLink(query.page - 1) }
    if query.page < pages { values["nextHref"] = pageLink(query.page + 1) }
    return try renderer.render("worklist", title: label("worklist"), request: request, context: context, values: values)
  }
}
