import Foundation

/// Where reports come from, chosen by what the path is: a folder of text files (one report each,
/// the accession number in the file name), a CSV/TSV export from a RIS, or HL7 v2 ORU files.
public struct ReportSource: Sendable {
  /// Pulls the accession number out of a report file's name (without extension): the first
  /// capture group of this regular expression, or the whole match. Default: the whole name.
  public var accessionPattern: String
  /// Columns of CSV/TSV exports.
  public var columns: CSVReportReader.Columns

  public init(accessionPattern: String = "^(.+)$", columns: CSVReportReader.Columns = .init()) {
    self.accessionPattern = accessionPattern
    self.columns = columns
  }

  /// What was read: the reports (for HL7, only the latest version of each) and one line per
  /// file or row that could not be used.
  public struct Loaded: Sendable {
    public var reports: [Report] = []
    public var problems: [String] = []
  }

  /// Reads every report under `url`.
  public func load(_ url: URL) -> Loaded {
    var loaded = Loaded()
    let regex = try? NSRegularExpression(pattern: accessionPattern)
    if regex == nil {
      loaded.problems.append("report accession pattern \"\(accessionPattern)\" is not a valid regular expression")
    }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      loaded.problems.append("\(url.path): no such file or folder")
      return loaded
    }
    let files: [URL]
    if isDirectory.boolValue {
      let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey])
      files = (walker?.compactMap { $0 as? URL } ?? []).filter { !$0.hasDirectoryPath }
        .sorted { $0.path < $1.path }
    } else {
      files = [url]
    }
    var hl7: [Report] = []
    for file in files {
      let ext = file.pathExtension.lowercased()
      guard ["txt", "csv", "tsv", "hl7"].contains(ext) else { continue }
      guard let data = FileManager.default.contents(atPath: file.path) else {
        loaded.problems.append("\(file.path): cannot read the file")
        continue
      }
      let bytes = [UInt8](data)
      do {
        if ext == "hl7" || bytes.starts(with: Array("MSH|".utf8)) {
          hl7 += try HL7ReportReader.reports(bytes: bytes, source: file.path)
        } else if ext == "csv" || ext == "tsv" {
          let read = try CSVReportReader(columns: columns).reports(bytes: bytes, source: file.path)
          loaded.reports += read.reports
          loaded.problems += read.problems
        } else {
          let name = file.deletingPathExtension().lastPathComponent
          guard let regex, let accession = Self.accession(in: name, regex: regex) else {
            loaded.problems.append("\(file.path): no accession number in the file name")
            continue
          }
          let (text, _) = try decodeReportText(bytes)
          loaded.reports.append(Report(accession: accession, text: text, source: file.path))
        }
      } catch {
        loaded.problems.append("\(file.path): \(error)")
      }
    }
    loaded.reports += HL7ReportReader.latest(hl7)
    return loaded
  }

  static func accession(in name: String, regex: NSRegularExpression) -> String? {
    let range = NSRange(name.startIndex..., in: name)
    guard let match = regex.firstMatch(in: name, range: range) else { return nil }
    let group = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
    guard let r = Range(group, in: name), !name[r].isEmpty else { return nil }
    return String(name[r])
  }
}
