import Foundation
import HTTPTypes
import Hummingbird
import Testing
import Worklist

@testable import Server

/// `/api/exams…` against a database that `densa process`'s pipeline filled.
@Suite struct ExamAPITests {
  func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
    try JSONDecoder().decode(type, from: Data(buffer: response.body))
  }

  @Test func theWorklistIsFilteredSortedAndPagedByTheServer() async throws {
    let f = try await WebFixture.make()
    defer { f.remove() }
    let all = try f.store.worklist()
    #expect(all.count == 8)
    try await f.application().test(.router) { client in
      let first = try await client.execute(uri: "/api/exams", method: .get) { try decode(ExamListBody.self, $0) }
      #expect(first.total == 8 && first.exams.count == 8 && first.page == 1)
      #expect(first.exams.map(\.id) == all.map(\.examID))

      // Pages of three cover every exam once.
      var seen = [Int64]()
      for page in 1...3 {
        let body = try await client.execute(uri: "/api/exams?pageSize=3&page=\(page)", method: .get) {
          try decode(ExamListBody.self, $0)
        }
        #expect(body.total == 8 && body.exams.count == (page < 3 ? 3 : 2))
        seen += body.exams.map(\.id)
      }
      #expect(seen == all.map(\.examID))

      // Filters select what the full list says they should.
      let density = try #require(all.first?.composition)
      let dense = try await client.execute(uri: "/api/exams?density=\(density)", method: .get) {
        try decode(ExamListBody.self, $0)
      }
      #expect(dense.total == all.filter { $0.composition == density }.count)
      #expect(dense.exams.allSatisfy { $0.density == density })
      let disagreeing = try await client.execute(uri: "/api/exams?disagreement=any", method: .get) {
        try decode(ExamListBody.self, $0)
      }
      #expect(disagreeing.total == all.filter { ["adjacent", "major"].contains($0.agreement) }.count)
      #expect(disagreeing.total > 0)
      if let reader = all.compactMap(\.reader).first {
        let byReader = try await client.execute(
          uri: "/api/exams?reader=\(reader.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)", method: .get
        ) { try decode(ExamListBody.self, $0) }
        #expect(byReader.total == all.filter { $0.reader == reader }.count)
      }
      let dates = all.compactMap(\.studyDate).sorted()
      let from = dates[2]
      let to = dates[5]
      let ranged = try await client.execute(uri: "/api/exams?from=\(from)&to=\(to)", method: .get) {
        try decode(ExamListBody.self, $0)
      }
      #expect(ranged.total == dates.filter { $0 >= from && $0 <= to }.count)

      // Sorted by accession, both ways.
      let up = try await client.execute(uri: "/api/exams?sort=accession&order=asc", method: .get) {
        try decode(ExamListBody.self, $0)
      }
      #expect(up.exams.compactMap(\.accession) == all.compactMap(\.accession).sorted())
      let down = try await client.execute(uri: "/api/exams?sort=accession&order=desc", method: .get) {
        try decode(ExamListBody.self, $0)
      }
      #expect(down.exams.map(\.id) == up.exams.map(\.id).reversed())

      for bad in ["density=e", "page=0", "pageSize=201", "sort=patient", "from=2024-13-01", "disagreement=some"] {
        try await client.execute(uri: "/api/exams?\(bad)", method: .get) { response in
          #expect(response.status == .badRequest, "\(bad)")
        }
      }
    }
  }

  @Test func anExamCarriesItsViewsBreastsReportAndFiles() async throws {
    let f = try await WebFixture.make(exams: 3)
    defer { f.remove() }
    let entry = try #require(try f.store.worklist().first { $0.reportDensity != nil })
    try await f.application().test(.router) { client in
      let exam = try await client.execute(uri: "/api/exams/\(entry.examID)", method: .get) { response in
        #expect(response.status == .ok)
        return try decode(ExamBody.self, response)
      }
      #expect(
        exam.id == entry.examID && exam.accession == entry.accession && exam.exam.composition == entry.composition)
      #expect(exam.views.map(\.view) == ["R-CC", "L-CC", "R-MLO", "L-MLO"])
      for view in exam.views {
        let p = view.probabilities
        #expect(abs(p.a + p.b + p.c + p.d - 1) < 1e-6)
      }
      #expect(exam.breasts.map(\.laterality) == ["R", "L"])
      #expect(
        exam.exam.probabilities == exam.breasts.first { $0.laterality == exam.exam.decidingBreast }?.probabilities)
      let report = try #require(exam.report)
      #expect(!report.text.isEmpty && report.density == entry.reportDensity)
      for span in report.evidence {
        let bytes = Array(report.text.utf8)
        #expect(String(decoding: bytes[span.start..<span.end], as: UTF8.self) == span.text)
      }

      // Its files, by id: the preview and heatmap PNGs, result.json, the SR, the scorecard.
      let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47]
      for link in exam.views.flatMap({ [$0.preview, $0.heatmap] }) {
        let link = try #require(link)
        #expect(!link.contains(entry.accession ?? "-") && !link.contains(entry.patientID))
        try await client.execute(uri: link, method: .get) { response in
          #expect(response.status == .ok)
          #expect(response.headers[.contentType] == "image/png")
          #expect(Array(Data(buffer: response.body).prefix(4)) == png)
        }
      }
      try await client.execute(uri: exam.resultLink, method: .get) { response in
        let document = try JSONDecoder().decode(ExamResultDocument.self, from: Data(buffer: response.body))
        #expect(document.exam.studyInstanceUID == entry.studyInstanceUID)
      }
      let sr = try #require(exam.structuredReportLink)
      try await client.execute(uri: sr, method: .get) { response in
        #expect(response.headers[.contentType] == "application/dicom")
        #expect(Array(Data(buffer: response.body).dropFirst(128).prefix(4)) == Array("DICM".utf8))
      }
      let card = try #require(exam.scorecardLink)
      let cardFile = try #require(try f.store.examDetail(id: entry.examID)?.scorecardPath)
      try await client.execute(uri: card, method: .get) { response in
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/dicom")
        #expect(Data(buffer: response.body) == FileManager.default.contents(atPath: cardFile))
      }

      try await client.execute(uri: "/api/exams/999999", method: .get) { #expect($0.status == .notFound) }
      try await client.execute(uri: "/api/exams/abc", method: .get) { #expect($0.status == .badRequest) }
      try await client.execute(uri: "/api/exams/\(entry.examID)/views/X-CC/preview", method: .get) {
        #expect($0.status == .notFound)
      }
    }
  }

  @Test func aReviewIsStoredAndAuditedAndAForeignOneRefused() async throws {
    let f = try await WebFixture.make()
    defer { f.remove() }
    let all = try f.store.worklist()
    let disputed = try #require(all.first { $0.disagreementID != nil })
    let agreeing = try #require(all.first { $0.disagreementID == nil })
    @Sendable func post(_ body: String) -> ByteBuffer { ByteBuffer(string: body) }
    let json: HTTPFields = [.contentType: "application/json"]
    try await f.application().test(.router) { client in
      // From another site: refused, nothing stored.
      var foreign = json
      foreign[.origin] = "http://attacker.example"
      try await client.execute(
        uri: "/api/exams/\(disputed.examID)/review", method: .post, headers: foreign,
        body: post(#"{"decision":"model-correct","reviewer":"x"}"#)
      ) { #expect($0.status == .forbidden) }
      #expect(try f.store.examDetail(id: disputed.examID)?.review?.state == "open")

      let exam = try await client.execute(
        uri: "/api/exams/\(disputed.examID)/review", method: .post, headers: json,
        body: post(#"{"decision":"report-correct","reviewer":"dra.qa","note":"informe correcto"}"#)
      ) { response in
        #expect(response.status == .ok)
        return try decode(ExamBody.self, response)
      }
      #expect(exam.review?.state == "report-correct" && exam.review?.reviewer == "dra.qa")
      let stored = try #require(try f.store.examDetail(id: disputed.examID)?.review)
      #expect(stored.state == "report-correct" && stored.note == "informe correcto")
      let last = try #require(try f.store.auditLog().last)
      #expect(last[1] == "dra.qa" && last[2] == "review" && last[4] == String(stored.disagreementID))

      try await client.execute(
        uri: "/api/exams/\(agreeing.examID)/review", method: .post, headers: json,
        body: post(#"{"decision":"dismissed","reviewer":"dra.qa"}"#)
      ) { #expect($0.status == .conflict) }
      for bad in [#"{"decision":"open","reviewer":"a"}"#, #"{"decision":"dismissed","reviewer":" "}"#, "{"] {
        try await client.execute(
          uri: "/api/exams/\(disputed.examID)/review", method: .post, headers: json, body: post(bad)
        ) { #expect($0.status == .badRequest, "\(bad)") }
      }

      let read = try await client.execute(
        uri: "/api/exams/\(agreeing.examID)/read-state", method: .post, headers: json, body: post(#"{"state":"read"}"#)
      ) { try decode(ExamBody.self, $0) }
      #expect(read.readState == "read")
      #expect(try f.store.auditLog().last?[2] == "set-read-state")
    }
  }

  @Test func csvFieldsAreQuotedWhereTheyMustBe() {
    #expect(QAExport.row(["reader", "García, Ana", #"el "Dr" X"#, "1"]) == #"reader,"García, Ana","el ""Dr"" X",1"#)
  }

  @Test func qaAndModelComeFromTheStoreAndTheCard() async throws {
    let f = try await WebFixture.make()
    defer { f.remove() }
    let key = f.model.identity.key
    try await f.application().test(.router) { client in
      let qa = try await client.execute(uri: "/api/qa", method: .get) { try decode(QABody.self, $0) }
      let expected = try #require(try f.store.qaSummary(modelSHA256: key))
      #expect(qa.summary == expected)
      #expect(qa.summary?.exams == 8)
      #expect(qa.readers == (try f.store.readerAgreement(modelSHA256: key) ?? []))
      let dates = try f.store.worklist().compactMap(\.studyDate).sorted()
      let period = try await client.execute(uri: "/api/qa?from=\(dates[4])", method: .get) {
        try decode(QABody.self, $0)
      }
      #expect(period.summary?.exams == dates.filter { $0 >= dates[4] }.count)
      try await client.execute(uri: "/api/qa?to=yesterday", method: .get) { #expect($0.status == .badRequest) }
      // The trend: each month is the store's summary over that month, and they add up.
      #expect(qa.months.map(\.month) == Array(Set(dates.map { String($0.prefix(6)) })).sorted())
      #expect(qa.months.map(\.exams).reduce(0, +) == expected.exams)
      #expect(qa.months.map(\.withDensity).reduce(0, +) == expected.confusion.total)
      for month in qa.months {
        let s = try #require(try f.store.qaSummary(modelSHA256: key, from: month.month + "01", to: month.month + "31"))
        #expect(month.exams == s.exams && month.kappa == s.kappa && month.accuracy == s.accuracy)
      }
      let csv = try await client.execute(uri: "/qa/export.csv", method: .get) { response in
        #expect(response.headers[.contentType] == "text/csv; charset=utf-8")
        return String(buffer: response.body)
      }
      let lines = csv.components(separatedBy: "\r\n")
      #expect(lines.first?.hasPrefix("section,label,exams") == true)
      #expect(lines.filter { $0.hasPrefix("period,") }.count == 1)
      #expect(lines.filter { $0.hasPrefix("month,") }.count == qa.months.count)
      #expect(lines.filter { $0.hasPrefix("reader,") }.count == qa.readers.count)
      #expect(lines.contains("a," + expected.confusion.counts[0].map(String.init).joined(separator: ",")))

      let model = try await client.execute(uri: "/api/model", method: .get) { try decode(ModelBody.self, $0) }
      #expect(model.sha256 == f.model.identity.sha256 && model.name == "random-atto")
      #expect(model.card == f.model.card)
    }
  }
}
