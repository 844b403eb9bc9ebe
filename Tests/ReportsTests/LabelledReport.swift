import Foundation

/// One corpus entry: a report and the labels a radiologist gave it.
struct LabelledReport: Decodable {
  var id: String
  var text: String
  var density: String?
  var right: String?
  var left: String?
  var birads: String?
  var style: String
  var phenomena: [String]

  /// The committed corpus, read next to this source file.
  static func corpus() throws -> [LabelledReport] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Corpus/reports.jsonl")
    let data = try Data(contentsOf: url)
    return try data.split(separator: UInt8(ascii: "\n")).map {
      try JSONDecoder().decode(LabelledReport.self, from: Data($0))
    }
  }
}
