import Foundation
import HTTPTypes
import Hummingbird
import Testing
import Worklist

@testable import Server

/// The exam page and the API show what `result.json` says beyond the density: why an exam could
/// not be fully assessed, the comparison with the patient's prior exam, and the MQSA sentence the
/// model suggests; the worklist shows the prior's density.
@Suite struct LimitationsAndPriorPagesTests {
  func html(_ response: TestResponse) -> String { String(buffer: response.body) }

  @Test func limitationsPriorAndStatementReachTheExamPageAndTheAPI() async throws {
    // Every exam has an implant; about half have a prior exam in the same set.
    let f = try await WebFixture.make(exams: 6, seed: 44) { options in
      options.implantRate = 1
      options.priorStudyRate = 0.5
    }
    defer { f.remove() }
    let all = try f.store.worklist()
    let details = try all.map { try #require(try f.store.examDetail(id: $0.examID)) }
    let withPrior = details.filter { $0.priorComparison != nil }
    #expect(!withPrior.isEmpty, "the synthetic set has exams with a prior")
    // The prior exams synth adds carry no quirks, so only the current exams have an implant.
    #expect(details.contains { $0.limitations.contains { $0.reason == "implant-present" } })
    #expect(details.allSatisfy { $0.suggestedDensityStatement?.composition == $0.exam.composition })

    try await f.application().test(.router) { client in
      for detail in details {
        let body = try await client.execute(uri: "/api/exams/\(detail.examID)", method: .get) { response in
          #expect(response.status == .ok)
          return try JSONDecoder().decode(ExamBody.self, from: Data(buffer: response.body))
        }
        #expect(body.limitations == detail.limitations)
        #expect(body.priorComparison == detail.priorComparison)
        let statement = try #require(body.suggestedDensityStatement)
        #expect(statement.source == "model-suggestion")

        let page = try await client.execute(uri: "/exams/\(detail.examID)", method: .get) { html($0) }
        #expect(page.contains(#"id="limitations""#) == !detail.limitations.isEmpty)
        if let implant = detail.limitations.first(where: { $0.reason == "implant-present" }) {
          #expect(page.contains("prótesis mamaria") && page.contains("(\(implant.code), \(implant.scheme))"))
        }
        // The regulation's sentence verbatim, and marked as the model's suggestion.
        #expect(page.contains(statement.statement) && page.contains("Sugerencia del modelo"))
        let priorCell = try #require(page.range(of: #"<dd id="prior">"#)).upperBound
        let cell = String(page[priorCell...].prefix(while: { $0 != "\n" }))
        if let prior = detail.priorComparison {
          #expect(cell.contains("density-\(prior.priorComposition)"))
          #expect(cell.contains("cruza denso / no denso desde el previo") == prior.crossesDenseBoundary)
        } else {
          #expect(cell.contains("sin estudio previo"))
        }
      }

      // The worklist's prior column, and the API's.
      let list = try await client.execute(uri: "/api/exams", method: .get) {
        try JSONDecoder().decode(ExamListBody.self, from: Data(buffer: $0.body))
      }
      for entry in list.exams {
        let detail = try #require(details.first { $0.examID == entry.id })
        #expect(entry.priorDensity == detail.priorComparison?.priorComposition)
        #expect(entry.crossesDenseSincePrior == detail.priorComparison?.crossesDenseBoundary)
      }
      let worklist = try await client.execute(uri: "/", method: .get) { html($0) }
      #expect(worklist.contains(">Estudio previo<"))
      #expect(
        worklist.components(separatedBy: #"<td class="prior">—"#).count - 1 == details.count - withPrior.count)
    }
  }

  @Test func aCompleteExamWithoutPriorSaysSoAndShowsNoLimitations() async throws {
    let f = try await WebFixture.make(exams: 2, seed: 45)
    defer { f.remove() }
    let entry = try #require(try f.store.worklist().first)
    let detail = try #require(try f.store.examDetail(id: entry.examID))
    #expect(detail.limitations.isEmpty && detail.priorComparison == nil)
    try await f.application().test(.router) { client in
      let page = try await client.execute(
        uri: "/exams/\(entry.examID)", method: .get, headers: [.acceptLanguage: "en"]
      ) { html($0) }
      #expect(!page.contains(#"id="limitations""#))
      #expect(page.contains("no prior exam"))
      #expect(page.contains("The model&#39;s suggestion") || page.contains("The model's suggestion"))
    }
  }

  @Test func uncertainExamsAreMarkedOnTheWorklistAndTheExamPage() async throws {
    // A margin of 1 makes every exam uncertain; 0 leaves only breasts straddling b/c.
    let all = try await WebFixture.make(exams: 3, seed: 46, uncertainMargin: 1)
    defer { all.remove() }
    try await all.application().test(.router) { client in
      let worklist = try await client.execute(uri: "/", method: .get) { html($0) }
      #expect(worklist.components(separatedBy: "badge-uncertain").count - 1 == 3)
      for entry in try all.store.worklist() {
        let body = try await client.execute(uri: "/api/exams/\(entry.examID)", method: .get) {
          try JSONDecoder().decode(ExamBody.self, from: Data(buffer: $0.body))
        }
        let uncertainty = try #require(body.uncertainty)
        #expect(uncertainty.uncertain && uncertainty.reasons.contains("low-margin"))
        let page = try await client.execute(uri: "/exams/\(entry.examID)", method: .get) { html($0) }
        #expect(page.contains(#"id="uncertain""#) && page.contains("Densidad incierta"))
      }
    }
    let none = try await WebFixture.make(exams: 3, seed: 46, uncertainMargin: 0)
    defer { none.remove() }
    try await none.application().test(.router) { client in
      for entry in try none.store.worklist() {
        let detail = try #require(try none.store.examDetail(id: entry.examID))
        let page = try await client.execute(uri: "/exams/\(entry.examID)", method: .get) { html($0) }
        #expect(page.contains(#"id="uncertain""#) == (detail.uncertainty?.uncertain == true))
        #expect(detail.uncertainty?.reasons.contains("low-margin") == false)
      }
    }
  }
}
