import ArgumentParser
import Foundation
import Reports

/// Reads density and BI-RADS from radiology reports.
struct ReportsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reports",
    abstract: "Read breast composition and BI-RADS assessment from mammography reports.",
    subcommands: [ReportsExtractCommand.self, ReportsExplainCommand.self, ReportsBenchCommand.self]
  )
}

/// `densa reports extract FILE...`: one JSON line per report on standard output.
struct ReportsExtractCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "extract",
    abstract:
      "Extract density, BI-RADS, prior density, language and reader from text files (one report each) or JSON Lines (id, text)."
  )

  @Argument(help: "Report files: .txt (one report, id = file name) or .jsonl (one {id, text} per line).")
  var files: [String]

  func run() async throws {
    let extractor = ReportExtractor()
    var skipped = 0
    let output = FileHandle.standardOutput
    func emit(_ id: String, _ text: String) {
      let line = ExtractionLine(id: id, findings: extractor.extract(text))
      if let data = try? JSONEncoder.sortedKeys.encode(line) {
        output.write(data + Data([0x0A]))
      }
    }
    for file in files {
      guard let data = FileManager.default.contents(atPath: file) else {
        warn("\(file): cannot read the file, skipped")
        skipped += 1
        continue
      }
      if file.hasSuffix(".jsonl") || file.hasSuffix(".ndjson") {
        skipped += readJSONLines(file, data, emit)
        continue
      }
      do {
        let (text, encoding) = try decodeReportText([UInt8](data))
        if encoding == .windows1252 { warn("\(file): not valid UTF-8, read as Windows-1252") }
        emit(URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent, text)
      } catch {
        warn("\(file): \(error), skipped")
        skipped += 1
      }
    }
    if skipped > 0 {
      warn("\(skipped) input(s) skipped")
      throw ExitCode(2)
    }
  }

  /// Emits every good line; returns how many lines were skipped.
  private func readJSONLines(_ file: String, _ data: Data, _ emit: (String, String) -> Void) -> Int {
    if data.isEmpty {
      warn("\(file): empty file, skipped")
      return 1
    }
    var skipped = 0
    for (number, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
      if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) { continue }
      guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
        warn("\(file):\(number + 1): malformed JSON Lines record, skipped")
        skipped += 1
        continue
      }
      guard let text = object["text"] as? String else {
        warn("\(file):\(number + 1): record has no string \"text\", skipped")
        skipped += 1
        continue
      }
      let id = (object["id"] as? String) ?? (object["id"] as? Int).map(String.init) ?? "\(number + 1)"
      emit(id, text)
    }
    return skipped
  }
}

/// `densa reports bench`: single-core extraction throughput on the labelled corpus.
struct ReportsBenchCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure report extraction throughput (reports per second, one core)."
  )

  @Option(help: "JSON Lines corpus with a \"text\" field per line.")
  var corpus = "Tests/ReportsTests/Corpus/reports.jsonl"

  @Option(help: "Seconds to run.")
  var seconds = 3.0

  func run() async throws {
    guard let data = FileManager.default.contents(atPath: corpus) else {
      throw ValidationError("\(corpus): cannot read the corpus")
    }
    let texts = data.split(separator: 0x0A).compactMap {
      (try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any])?["text"] as? String
    }
    guard !texts.isEmpty else { throw ValidationError("\(corpus): no reports") }
    let extractor = ReportExtractor()
    var done = 0
    var found = 0
    let clock = ContinuousClock()
    let start = clock.now
    while clock.now - start < .seconds(seconds) {
      for text in texts where extractor.extract(text).density != nil { found += 1 }
      done += texts.count
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(done) / seconds
    let mean = texts.reduce(0) { $0 + $1.utf8.count } / texts.count
    print("reports: \(done) in \(String(format: "%.2f", seconds)) s on one core, mean \(mean) bytes")
    print("throughput: \(Int(rate)) reports/s (densities found: \(found))")
  }
}

/// One output line of `densa reports extract`; absent values are written as null.
struct ExtractionLine: Encodable {
  var id: String
  var findings: ReportFindings

  enum Keys: String, CodingKey {
    case id, density, right, left, birads, evidence, status, confidence, prior, notation, language, reader
    case fourthEdition = "fourth_edition"
    case priorEvidence = "prior_evidence"
    case readerEvidence = "reader_evidence"
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    try c.encode(id, forKey: .id)
    try c.encode(findings.density?.rawValue, forKey: .density)
    try c.encode(findings.right?.rawValue, forKey: .right)
    try c.encode(findings.left?.rawValue, forKey: .left)
    try c.encode(findings.birads?.rawValue, forKey: .birads)
    try c.encode(findings.evidence + (findings.biradsEvidence.map { [$0] } ?? []), forKey: .evidence)
    try c.encode(findings.status.rawValue, forKey: .status)
    try c.encode(findings.confidence, forKey: .confidence)
    try c.encode(findings.prior?.rawValue, forKey: .prior)
    try c.encode(findings.priorEvidence, forKey: .priorEvidence)
    try c.encode(findings.notation?.rawValue, forKey: .notation)
    try c.encode(findings.isFourthEdition, forKey: .fourthEdition)
    try c.encode(findings.language.rawValue, forKey: .language)
    try c.encode(findings.reader, forKey: .reader)
    try c.encode(findings.readerEvidence, forKey: .readerEvidence)
  }
}

/// `densa reports explain FILE`: every density and assessment statement of one report, the exam
/// and breast it is about, and why the decision is what it is.
struct ReportsExplainCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Show every density and assessment statement of one report, its scope and side, and the decision."
  )

  @Argument(help: "A report text file (UTF-8 or Windows-1252), or - for standard input.")
  var file: String

  @Flag(help: "Print JSON.")
  var json = false

  func run() async throws {
    let data: Data
    if file == "-" {
      data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
      guard let read = FileManager.default.contents(atPath: file) else {
        throw ValidationError("\(file): cannot read the file")
      }
      data = read
    }
    let text: String
    do {
      text = try decodeReportText([UInt8](data)).text
    } catch {
      throw ValidationError("\(file): \(error)")
    }
    let explanation = ReportExtractor().explain(text)
    if json {
      print(String(decoding: try JSONEncoder.pretty.encode(explanation), as: UTF8.self))
      return
    }
    print(Self.render(explanation))
  }

  static func render(_ e: ReportExplanation) -> String {
    let f = e.findings
    var lines = [
      "density    \(f.density?.rawValue ?? "-") (\(f.status.rawValue), confidence \(String(format: "%.2f", f.confidence)))"
        + (f.right != nil || f.left != nil
          ? "  right \(f.right?.rawValue ?? "-"), left \(f.left?.rawValue ?? "-")" : ""),
      "prior      \(f.prior?.rawValue ?? "-")",
      "BI-RADS    \(f.birads?.rawValue ?? "-")",
      "language   \(f.language.rawValue) (\(e.spanishWords) Spanish, \(e.englishWords) English common words)",
      "reader     \(f.reader ?? "-")",
      "",
      "statements:",
    ]
    if e.mentions.isEmpty { lines.append("  none") }
    for m in e.mentions {
      var where_ = "scope \(m.scope.rawValue)"
      if let why = m.scopeReason { where_ += " (\"\(why)\")" }
      if let side = m.side {
        where_ += ", \(side == .right ? "right" : "left")" + (m.sideReason.map { " (\($0))" } ?? "")
      }
      let category = m.category ?? "?"
      let kind = m.kind == .assessment ? "BI-RADS \(category)" : "density \(category)"
      let form = [m.form, m.notation?.rawValue].compactMap { $0 }.joined(separator: ", ")
      lines.append(
        "  [\(m.evidence.start)-\(m.evidence.end)] \"\(m.evidence.text)\": \(kind)"
          + (form.isEmpty ? "" : " (\(form))") + "; \(where_); \(m.outcome): \(m.why)")
    }
    lines.append("")
    lines.append("decision:")
    for line in e.decision { lines.append("  " + line) }
    return lines.joined(separator: "\n")
  }
}

private func warn(_ message: String) {
  standardError("densa reports: " + message)
}
