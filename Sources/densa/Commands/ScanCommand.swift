import ArgumentParser
import DICOM
import Foundation

/// Lists the screening exams found in folders, with the image chosen for each view.
struct ScanCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "scan",
    abstract: "Find mammography exams in folders and show the four chosen views.",
    discussion: """
      Files that are not readable mammograms are listed on standard error, one line each, and \
      the scan goes on. Exit status: 0 when every file was used, 2 when something was skipped.
      """
  )

  /// Folders (or files, or DICOMDIR files) to scan.
  @Argument(help: "Folders, files or DICOMDIR files.")
  var paths: [String]

  /// JSON output: an array of exams.
  @Flag(help: "Print JSON instead of a table.")
  var json = false

  @OptionGroup var settings: SettingsOptions

  func run() async throws {
    _ = try await settings.load()
    let result = StudyScanner.scan(paths.map { URL(fileURLWithPath: $0) })
    let exams = ExamAssembler.assemble(result.images)
    for skipped in result.skipped {
      FileHandle.standardError.write(Data("skipped \(skipped)\n".utf8))
    }
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      print(String(decoding: try encoder.encode(exams.map(ExamSummary.init)), as: UTF8.self))
    } else {
      print(ExamTable.render(exams))
      print(
        "\(exams.count) exams, \(exams.filter { $0.status == .complete }.count) complete; "
          + "\(result.images.count) images; \(result.skipped.count) skipped")
    }
    if !result.skipped.isEmpty { throw ExitCode(2) }
  }
}

/// One exam as `densa scan --json` prints it. No patient names: IDs only.
struct ExamSummary: Encodable {
  var accession: String?
  var patientID: String
  var studyInstanceUID: String
  var studyDate: String?
  var status: String
  var views: [String: String]
  var problems: [String]

  init(_ exam: Exam) {
    accession = exam.accessionNumber
    patientID = exam.patientID
    studyInstanceUID = exam.studyInstanceUID
    studyDate = exam.studyDate
    status = exam.status.rawValue
    views = Dictionary(uniqueKeysWithValues: exam.views.map { ($0.key.rawValue, $0.value.url.path) })
    problems = exam.problems
  }
}

/// The plain-text table of `densa scan`.
enum ExamTable {
  static func render(_ exams: [Exam]) -> String {
    var rows = [["ACCESSION", "PATIENT", "DATE", "STATUS"] + StandardView.allCases.map(\.rawValue) + ["PROBLEMS"]]
    for exam in exams {
      rows.append(
        [exam.accessionNumber ?? "-", exam.patientID, exam.studyDate ?? "-", exam.status.rawValue]
          + StandardView.allCases.map { exam.views[$0]?.url.lastPathComponent ?? "—" }
          + [exam.problems.isEmpty ? "" : exam.problems.joined(separator: "; ")])
    }
    let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
    return rows.map { row in
      zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
        .trimmingCharacters(in: .whitespaces)
    }.joined(separator: "\n")
  }
}
