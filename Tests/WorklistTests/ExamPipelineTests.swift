import BIRADS
import Foundation
import Synth
import Testing
import Worklist

@Suite struct ExamPipelineTests {
  @Test func everyExamIsClassifiedWrittenAndStoredOnce() async throws {
    let f = try PipelineFixture(exams: 4)
    defer { f.remove() }
    let store = try Store(path: f.databasePath)
    let summary = try await f.pipeline(store: store).run(exams: f.exams, reports: f.reports)
    #expect(summary.exams == 4 && summary.processed == 4 && summary.failed.isEmpty)

    let entries = try store.worklist()
    #expect(entries.count == 4)
    for entry in entries {
      let data = try Data(contentsOf: URL(fileURLWithPath: entry.resultJSON))
      let document = try JSONDecoder().decode(ExamResultDocument.self, from: data)
      #expect(document.views.count == 4)
      #expect(document.model.sha256 == f.model.identity.sha256)
      // The stored exam density is the one in the file, and the denser breast decides.
      #expect(document.examDensity?.composition == entry.composition)
      let breasts = document.breasts.compactMap { BreastComposition(rawValue: $0.composition) }
      #expect(breasts.max() == BreastComposition(rawValue: entry.composition))
      for view in document.views {
        let sum = view.probabilities.values.reduce(0, +)
        #expect(abs(sum - 1) < 1e-9)
        let heatmap = URL(fileURLWithPath: entry.resultJSON).deletingLastPathComponent()
          .appendingPathComponent(view.heatmap ?? "missing")
        #expect(FileManager.default.fileExists(atPath: heatmap.path))
      }
    }

    // A second run does nothing: same model, nothing duplicated.
    let again = try await f.pipeline(store: store).run(exams: f.exams, reports: f.reports)
    #expect(again.processed == 0 && again.alreadyDone == 4)
    #expect(try store.worklist().count == 4)
  }

  @Test func agreementFollowsTheReportDensityTheManifestPlanted() async throws {
    let f = try PipelineFixture(exams: 6, seed: 5)
    defer { f.remove() }
    let store = try Store(path: f.databasePath)
    _ = try await f.pipeline(store: store).run(exams: f.exams, reports: f.reports)
    let byAccession = Dictionary(uniqueKeysWithValues: try store.worklist().map { ($0.accession ?? "", $0) })
    for exam in f.manifest.exams {
      let entry = try #require(byAccession[exam.accession])
      let model = try #require(BreastComposition(rawValue: entry.composition))
      // The report reader must recover what the synthesiser wrote (or say there is none).
      #expect(entry.reportDensity == exam.reportDensity?.rawValue, "\(exam.accession)")
      let expected = AgreementStatus(model: model, report: exam.reportDensity, hasReport: true)
      #expect(entry.agreement == expected.rawValue)
      #expect(entry.crossesDenseBoundary == (exam.reportDensity.map { $0.isDense != model.isDense } ?? false))
      #expect((entry.disagreementID != nil) == expected.isDisagreement)
    }
  }

  @Test func anIncompleteExamIsClassifiedOnWhatIsThereAndMarked() async throws {
    let f = try PipelineFixture(exams: 6, seed: 8, missingViewRate: 1)
    defer { f.remove() }
    let store = try Store(path: f.databasePath)
    let summary = try await f.pipeline(store: store).run(exams: f.exams, reports: f.reports)
    #expect(summary.processed == 6 && summary.incomplete == 6)
    for entry in try store.worklist() {
      #expect(entry.examStatus == "incomplete")
      let document = try JSONDecoder().decode(
        ExamResultDocument.self, from: Data(contentsOf: URL(fileURLWithPath: entry.resultJSON)))
      #expect(document.exam.missingViews.count == 1 && document.views.count == 3)
    }
  }
}
