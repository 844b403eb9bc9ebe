import DICOM
import Foundation
import Reports

/// Studies and reports named on a command line: a `densa synth` folder gives its `studies/` and
/// `reports/`; other paths are taken as they are.
struct StudyInputs {
  var exams: [Exam]
  var reports: [Report]
  /// Files that were not usable (DICOM or reports), one line each.
  var skipped: [String]

  init(
    paths: [String], reports reportsPath: String?, accessionPattern: String, columns: CSVReportReader.Columns = .init()
  ) {
    var studyURLs = [URL]()
    var reportURLs = reportsPath.map { [Self.reportsFolder(URL(fileURLWithPath: $0))] } ?? []
    for path in paths {
      let url = URL(fileURLWithPath: path)
      let studiesFolder = url.appendingPathComponent("studies")
      let reportsFolder = url.appendingPathComponent("reports")
      if FileManager.default.fileExists(atPath: studiesFolder.path) {
        studyURLs.append(studiesFolder)
        if reportsPath == nil, FileManager.default.fileExists(atPath: reportsFolder.path) {
          reportURLs.append(reportsFolder)
        }
      } else {
        studyURLs.append(url)
      }
    }
    let scan = StudyScanner.scan(studyURLs)
    var skipped = scan.skipped.map(\.description)
    exams = ExamAssembler.assemble(scan.images)
    let source = ReportSource(accessionPattern: accessionPattern, columns: columns)
    var reports = [Report]()
    for url in reportURLs {
      let loaded = source.load(url)
      reports += loaded.reports
      skipped += loaded.problems
    }
    self.reports = reports
    self.skipped = skipped
  }

  /// A `densa synth` folder given as `--reports` means its `reports/` (its `manifest.csv` is no
  /// RIS export); any other path is taken as it is.
  static func reportsFolder(_ url: URL) -> URL {
    let inner = url.appendingPathComponent("reports")
    let manager = FileManager.default
    guard manager.fileExists(atPath: url.appendingPathComponent("studies").path), manager.fileExists(atPath: inner.path)
    else { return url }
    return inner
  }

  /// The named paths that do not exist, checked before anything is opened or created.
  static func missing(_ paths: [String]) -> [String] {
    paths.filter { !FileManager.default.fileExists(atPath: $0) }
  }

  /// Stops a command whose named paths do not all exist, before it opens or creates anything;
  /// `doing` says what would have happened ("processed", "evaluated", "exported").
  static func requireExisting(_ paths: [String], nothingWas doing: String) throws {
    let missing = missing(paths)
    guard missing.isEmpty else {
      throw CommandError(
        missing.map { "\($0): no such file or folder" }.joined(separator: "\n")
          + "\nnothing was \(doing) and nothing was created; check the path")
    }
  }

  /// Stops a command that found no exam in its paths (an empty folder, or files that are not
  /// mammograms), naming them, instead of printing figures over nothing.
  func requireExams(in paths: [String], nothingWas doing: String) throws {
    guard exams.isEmpty else { return }
    let unusable = skipped.isEmpty ? "" : " (\(skipped.count) file(s) skipped, listed above)"
    throw CommandError(
      "no mammography exam found in \(paths.joined(separator: ", "))\(unusable): nothing was \(doing); "
        + "give the folder that holds the studies' DICOM files, or a densa synth folder")
  }
}
