import DICOM
import Foundation
import Synth
import Testing

private func temporaryFolder() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("densa-synth-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

private func files(under root: URL) throws -> [String: Data] {
  var out: [String: Data] = [:]
  let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
  for case let url as URL in walker where !url.hasDirectoryPath {
    out[String(url.path.dropFirst(root.path.count))] = try Data(contentsOf: url)
  }
  return out
}

@Suite struct StudyFactoryTests {
  static func small(_ exams: Int, seed: UInt64) -> SynthOptions {
    var options = SynthOptions(exams: exams, seed: seed)
    options.scale = 0.06
    return options
  }

  @Test func sameSeedSameBytes() throws {
    let a = try temporaryFolder()
    let b = try temporaryFolder()
    let c = try temporaryFolder()
    defer { for url in [a, b, c] { try? FileManager.default.removeItem(at: url) } }
    _ = try StudyFactory.make(Self.small(3, seed: 42), in: a)
    _ = try StudyFactory.make(Self.small(3, seed: 42), in: b)
    _ = try StudyFactory.make(Self.small(3, seed: 43), in: c)
    let first = try files(under: a)
    #expect(first.count == 3 * 4 + 3 + 2)
    let second = try files(under: b)
    let third = try files(under: c)
    #expect(first == second)
    #expect(first != third)
  }

  @Test func everyWrittenFileIsValidAndSaysWhatTheManifestSays() throws {
    let root = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    // Eight exams cover all four vendor profiles (four transfer syntaxes, both photometrics).
    let manifest = try StudyFactory.make(Self.small(8, seed: 7), in: root)
    #expect(Set(manifest.exams.map(\.manufacturer)).count >= 3)
    for exam in manifest.exams {
      #expect(exam.composition == max(exam.left.composition, exam.right.composition))
      #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent(exam.reportPath).path))
      for image in exam.images {
        let url = root.appendingPathComponent(image.path)
        let m = try MammogramReader.read(url)
        #expect("\(m.laterality!.rawValue)-\(m.view!.rawValue)" == image.view)
        #expect(m.sopInstanceUID == image.sopInstanceUID)
        #expect(m.accessionNumber == exam.accession)
        let out = try Process.output("dciodvfy", [url.path])
        let errors = out.split(separator: "\n").filter { $0.hasPrefix("Error") }
        #expect(errors.isEmpty, "\(image.path): \(errors)")
      }
    }
    let scanned = StudyScanner.scan([root])
    #expect(scanned.skipped.isEmpty)
    let exams = ExamAssembler.assemble(scanned.images)
    #expect(exams.count == 8 && exams.allSatisfy { $0.status == .complete })
  }

  @Test func plantedDisagreementsAndMissingDensitiesComeAtTheConfiguredRates() throws {
    let root = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    var options = Self.small(200, seed: 1)
    options.scale = 0.02
    let exams = try StudyFactory.make(options, in: root).exams
    let planted = exams.filter(\.plantedDisagreement)
    let missing = exams.filter { $0.reportDensity == nil }
    #expect((16...46).contains(planted.count), "\(planted.count) planted of 200")
    #expect((3...20).contains(missing.count), "\(missing.count) without density of 200")
    #expect(planted.allSatisfy { $0.reportDensity != nil && $0.reportDensity != $0.composition })
    let honest = exams.filter { !$0.plantedDisagreement && $0.reportDensity != nil }
    #expect(honest.allSatisfy { $0.reportDensity == $0.composition })
    // Each category appears.
    #expect(Set(exams.map(\.composition)).count == 4)
  }

  @Test func quirksGiveExtraAndMissingViewsThatAssemblyHandles() throws {
    let root = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    var options = Self.small(12, seed: 3)
    options.retakeRate = 1
    options.spotViewRate = 1
    options.forProcessingRate = 1
    options.priorStudyRate = 0.5
    let manifest = try StudyFactory.make(options, in: root)
    let exams = ExamAssembler.assemble(StudyScanner.scan([root]).images)
    #expect(exams.count == manifest.exams.count)
    #expect(manifest.exams.contains { $0.isPrior })
    for exam in exams {
      // The retake, never the spot or FOR PROCESSING copy, is chosen.
      for image in exam.views.values {
        #expect(!image.url.lastPathComponent.contains("spot"))
        #expect(!image.url.lastPathComponent.contains("for-processing"))
      }
      #expect(exam.status == .complete, "\(exam.problems)")
    }
    let retaken = exams.flatMap(\.views.values).filter { $0.url.lastPathComponent.contains("retake") }
    #expect(retaken.count == manifest.exams.filter { $0.quirks.contains("retake") }.count)
  }

  @Test func aMissingViewLeavesAnIncompleteExam() throws {
    let root = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: root) }
    var options = Self.small(3, seed: 5)
    options.missingViewRate = 1
    _ = try StudyFactory.make(options, in: root)
    let exams = ExamAssembler.assemble(StudyScanner.scan([root]).images)
    #expect(exams.allSatisfy { $0.status == .incomplete && $0.problems.count == 1 })
  }
}

extension Process {
  /// Standard output and error of a short-lived tool, with a bounded wait.
  static func output(_ tool: String, _ arguments: [String], timeout: TimeInterval = 60) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning { process.terminate() }
    return String(decoding: data, as: UTF8.self)
  }
}
