import Classifier
import DICOM
import Foundation
import Hummingbird
import Testing
import Worklist

@testable import Server

/// A worklist of 10,000 exams: the first page, the last page, a filter and an order over all of
/// them, through the API and the page. (How fast is for `make bench`; this is what it answers.)
@Suite struct LargeWorklistTests {
  /// `count` copies of the fixture's classified exams, each under new UIDs, accession and date,
  /// stored through `Store.record` as `densa process` stores an exam.
  static func fill(_ f: WebFixture, copies count: Int) throws -> [String: Int] {
    let entries = try f.store.worklist()
    let documents = try entries.map { entry in
      try JSONDecoder().decode(ExamResultDocument.self, from: Data(contentsOf: URL(fileURLWithPath: entry.resultJSON)))
    }
    let exams = Dictionary(uniqueKeysWithValues: f.exams.map { ($0.studyInstanceUID, $0) })
    let card = String(decoding: f.model.card.encoded(), as: UTF8.self)
    var densities = [String: Int]()
    for i in 0..<count {
      let base = i % documents.count
      var document = documents[base]
      guard var exam = exams[document.exam.studyInstanceUID] else { continue }
      let uid = "2.25.\(900_000_000 + i)"
      let day = Calendar(identifier: .gregorian).date(
        byAdding: .day, value: i % 1500, to: Date(timeIntervalSince1970: 1_577_836_800))!
      let date = day.formatted(.iso8601.year().month().day().dateSeparator(.omitted))
      exam.studyInstanceUID = uid
      exam.accessionNumber = String(format: "L%07d", i)
      exam.studyDate = date
      for (n, (view, image)) in exam.views.enumerated() {
        var copy = image
        copy.mammogram.sopInstanceUID = "\(uid).\(n + 1)"
        exam.views[view] = copy
      }
      exam.images = Array(exam.views.values)
      document.exam.studyInstanceUID = uid
      document.exam.accession = exam.accessionNumber
      document.exam.studyDate = date
      let record = ExamRecord(
        exam: exam, model: f.model.identity, modelCard: card, report: nil, findings: nil, document: document,
        jsonPath: entries[base].resultJSON, srPath: nil, heatmapPaths: [:])
      #expect(try f.store.record(record))
      densities[entries[base].composition, default: 0] += 1
    }
    return densities
  }

  @Test func tenThousandExamsAreFilteredSortedAndPagedByTheServer() async throws {
    let f = try await WebFixture.make(exams: 4)
    defer { f.remove() }
    let originals = try f.store.worklist()
    let copies = 10_000
    var counted = try Self.fill(f, copies: copies)
    for entry in originals { counted[entry.composition, default: 0] += 1 }
    let densities = counted
    let total = copies + originals.count
    try await f.application().test(.router) { client in
      let first = try await client.execute(uri: "/api/exams", method: .get) { response in
        try JSONDecoder().decode(ExamListBody.self, from: Data(buffer: response.body))
      }
      #expect(first.total == total && first.exams.count == ExamListQuery.defaultPageSize)
      let lastPage = (total + 199) / 200
      let last = try await client.execute(uri: "/api/exams?pageSize=200&page=\(lastPage)", method: .get) { response in
        try JSONDecoder().decode(ExamListBody.self, from: Data(buffer: response.body))
      }
      #expect(last.exams.count == total - (lastPage - 1) * 200)
      for (density, count) in densities {
        let filtered = try await client.execute(uri: "/api/exams?density=\(density)&pageSize=1", method: .get) {
          try JSONDecoder().decode(ExamListBody.self, from: Data(buffer: $0.body))
        }
        #expect(filtered.total == count, "\(density)")
      }
      let sorted = try await client.execute(uri: "/api/exams?sort=accession&order=asc&pageSize=5", method: .get) {
        try JSONDecoder().decode(ExamListBody.self, from: Data(buffer: $0.body))
      }
      let smallest = (originals.compactMap(\.accession) + (0..<5).map { String(format: "L%07d", $0) }).sorted()
      #expect(sorted.exams.compactMap(\.accession) == Array(smallest.prefix(5)))
      let page = try await client.execute(uri: "/", method: .get) { String(buffer: $0.body) }
      #expect(page.components(separatedBy: "data-exam=").count - 1 == ExamListQuery.defaultPageSize)
      #expect(page.contains("Página 1 de \((total + 49) / 50)"))
    }
  }
}
