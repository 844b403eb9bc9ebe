import Foundation
import HTTPTypes
import Hummingbird
import Testing
import Worklist

@testable import Server

/// The server-rendered pages over a pipeline-filled database.
@Suite struct PagesTests {
  func html(_ response: TestResponse) -> String { String(buffer: response.body) }

  /// No inline script or style anywhere (the CSP forbids them, so they would silently not run).
  func expectNoInlineCode(_ page: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(
      page.components(separatedBy: "<script").count - 1 == page.components(separatedBy: "<script src=").count - 1,
      sourceLocation: sourceLocation)
    #expect(!page.contains(" style="), sourceLocation: sourceLocation)
    #expect(page.range(of: #"\son[a-z]+="#, options: .regularExpression) == nil, sourceLocation: sourceLocation)
    #expect(
      !page.contains("http://") && !page.contains("https://"), "no outside resource", sourceLocation: sourceLocation)
  }

  func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

  @Test func theWorklistIsSpanishByDefaultEnglishOnRequestAndFiltered() async throws {
    let f = try await WebFixture.make()
    defer { f.remove() }
    let all = try f.store.worklist()
    try await f.application().test(.router) { client in
      let spanish = try await client.execute(uri: "/", method: .get) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "text/html; charset=utf-8")
        return html(response)
      }
      #expect(spanish.contains(#"<html lang="es">"#) && spanish.contains("Lista de trabajo"))
      #expect(count("data-exam=", in: spanish) == all.count)
      for entry in all { #expect(spanish.contains(#"data-href="/exams/\#(entry.examID)""#)) }
      expectNoInlineCode(spanish)

      let english = try await client.execute(
        uri: "/", method: .get, headers: [.acceptLanguage: "en-GB,en;q=0.9,es;q=0.5"]
      ) { html($0) }
      #expect(english.contains(#"<html lang="en">"#) && english.contains("Worklist"))

      // Filters, sorting links and pages, as the API counts them.
      let density = try #require(all.first?.composition)
      let filtered = try await client.execute(uri: "/?density=\(density)", method: .get) { html($0) }
      #expect(count("data-exam=", in: filtered) == all.filter { $0.composition == density }.count)
      #expect(filtered.contains(#"<option value="\#(density)" selected>"#))
      let paged = try await client.execute(uri: "/?pageSize=3&page=2", method: .get) { html($0) }
      #expect(count("data-exam=", in: paged) == 3)
      #expect(paged.contains("Página 2 de 3"))
      #expect(paged.contains(#"rel="prev" href="/?pageSize=3""#) && paged.contains(#"href="/?pageSize=3&amp;page=3""#))
      let sorted = try await client.execute(uri: "/?sort=accession&order=asc", method: .get) { html($0) }
      #expect(sorted.contains(#"aria-sort="ascending""#))
      let positions = all.compactMap(\.accession).sorted().compactMap { sorted.range(of: ">\($0)</a>")?.lowerBound }
      #expect(positions.count == all.count && positions == positions.sorted())
      try await client.execute(uri: "/?density=z", method: .get) { #expect($0.status == .badRequest) }
    }
  }

  @Test func theExamPageHangsTheViewsAndItsFormRecordsAReview() async throws {
    let f = try await WebFixture.make()
    defer { f.remove() }
    let disputed = try #require(try f.store.worklist().first { $0.disagreementID != nil && $0.reportDensity != nil })
    let detail = try #require(try f.store.examDetail(id: disputed.examID))
    try await f.application().test(.router) { client in
      let page = try await client.execute(uri: "/exams/\(disputed.examID)", method: .get) { response in
        #expect(response.status == .ok)
        return html(response)
      }
      expectNoInlineCode(page)
      #expect(page.contains("no apta para interpretación diagnóstica"))
      // Right breast on the viewer's left, CC above MLO: the figures come in that reading order.
      let order = ["view-R-CC", "view-L-CC", "view-R-MLO", "view-L-MLO"].compactMap { page.range(of: $0)?.lowerBound }
      #expect(order.count == 4 && order == order.sorted())
      #expect(count("<img class=\"preview", in: page) == 4 && count("<img class=\"heatmap", in: page) == 4)
      #expect(count("<meter", in: page) == 4 * (4 + 2 + 1))
      if let report = detail.report, !report.evidence.isEmpty {
        #expect(page.contains("<mark>"))
      }
      if let accession = disputed.accession { #expect(!page.contains("/\(accession)")) }

      let token = try #require(
        page.range(of: #"name="token" value="([^"]+)""#, options: .regularExpression).map { String(page[$0]) }
          .flatMap { $0.split(separator: "\"").dropFirst(3).first.map(String.init) })
      let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
      func body(_ token: String) -> ByteBuffer {
        ByteBuffer(string: "token=\(token)&decision=model-correct&reviewer=dr.garcia&note=revisado+en+consola")
      }
      // A forged token and a foreign origin are refused, and nothing is stored.
      try await client.execute(uri: "/exams/\(disputed.examID)/review", method: .post, headers: form, body: body("1.x"))
      { #expect($0.status == .forbidden) }
      var foreign = form
      foreign[.secFetchSite] = "cross-site"
      try await client.execute(
        uri: "/exams/\(disputed.examID)/review", method: .post, headers: foreign, body: body(token)
      ) { #expect($0.status == .forbidden) }
      #expect(try f.store.examDetail(id: disputed.examID)?.review?.state == "open")

      var sameOrigin = form
      sameOrigin[.origin] = "http://localhost"
      try await client.execute(
        uri: "/exams/\(disputed.examID)/review", method: .post, headers: sameOrigin, body: body(token)
      ) { response in
        #expect(response.status == .seeOther)
        #expect(response.headers[.location] == "/exams/\(disputed.examID)#review")
      }
      let review = try #require(try f.store.examDetail(id: disputed.examID)?.review)
      #expect(review.state == "model-correct" && review.reviewer == "dr.garcia" && review.note == "revisado en consola")
      #expect(try f.store.auditLog().last?[1] == "dr.garcia")
      let after = try await client.execute(uri: "/exams/\(disputed.examID)", method: .get) { html($0) }
      #expect(after.contains(#"value="model-correct" required checked"#))
    }
  }

  @Test func confusionCellsDrillDownToTheirExams() async throws {
    let f = try await WebFixture.make()
    defer { f.remove() }
    let summary = try #require(try f.store.qaSummary(modelSHA256: f.model.identity.key))
    try await f.application().test(.router) { client in
      let page = try await client.execute(uri: "/qa", method: .get) { html($0) }
      expectNoInlineCode(page)
      #expect(page.contains("Matriz de confusión") && page.contains("Por mes"))
      #expect(page.contains(#"href="/qa/export.csv" download"#))
      let categories = ["a", "b", "c", "d"]
      for (i, report) in categories.enumerated() {
        for (j, model) in categories.enumerated() {
          let link = "/?reportDensity=\(report)&density=\(model)"
          // In the HTML, & is written &amp;.
          #expect(page.contains(#"href="\#(link.replacingOccurrences(of: "&", with: "&amp;"))""#))
          let worklist = try await client.execute(uri: link, method: .get) { html($0) }
          #expect(count("data-exam=", in: worklist) == summary.confusion.counts[i][j], "\(report)/\(model)")
        }
      }
      let model = try await client.execute(uri: "/model", method: .get) { html($0) }
      #expect(model.contains(f.model.identity.sha256))
      #expect(model.contains("maniquíes sintéticos") == f.model.card.requiresNotice)
    }
  }

  @Test func theStylesheetAndScriptAreServedByDensa() async throws {
    let f = try await WebFixture.make(exams: 1)
    defer { f.remove() }
    try await f.application().test(.router) { client in
      try await client.execute(uri: "/static/densa.css", method: .get) { response in
        #expect(response.status == .ok && response.headers[.contentType] == "text/css; charset=utf-8")
        #expect(String(buffer: response.body).contains(".hanging"))
      }
      try await client.execute(uri: "/static/densa.js", method: .get) { response in
        #expect(response.headers[.contentType] == "text/javascript; charset=utf-8")
      }
      try await client.execute(uri: "/static/../openapi.yaml", method: .get) { #expect($0.status == .notFound) }
    }
  }

  @Test func viewsAreMirroredSoChestWallsFaceEachOther() {
    #expect(!ViewPreviews.mirrored(view: "R-CC", chestWallOnRight: true))
    #expect(ViewPreviews.mirrored(view: "R-MLO", chestWallOnRight: false))
    #expect(!ViewPreviews.mirrored(view: "L-CC", chestWallOnRight: false))
    #expect(ViewPreviews.mirrored(view: "L-MLO", chestWallOnRight: true))
  }

  @Test func theBrowsersLanguageChoosesBetweenSpanishAndEnglish() {
    #expect(WebLanguage.negotiate(acceptLanguage: nil, fallback: .spanish) == .spanish)
    #expect(WebLanguage.negotiate(acceptLanguage: "fr-FR,fr;q=0.9", fallback: .spanish) == .spanish)
    #expect(WebLanguage.negotiate(acceptLanguage: "fr,en;q=0.8,es;q=0.7", fallback: .spanish) == .english)
    #expect(WebLanguage.negotiate(acceptLanguage: "es-ES,en;q=0.9", fallback: .english) == .spanish)
    #expect(WebLanguage.negotiate(acceptLanguage: "en;q=0", fallback: .spanish) == .spanish)
  }
}
