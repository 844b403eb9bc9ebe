/// Reads reports from a RIS CSV/TSV export: header row, configurable column names, quoted fields
/// (with doubled quotes and embedded newlines), delimiter detected from the header line.
public struct CSVReportReader: Sendable {
  /// Header names of the columns to read; only `accession` and `text` are required.
  public struct Columns: Sendable, Hashable {
    public var accession = "accession"
    public var patientID = "patient_id"
    public var date = "date"
    public var text = "text"
    public var radiologist = "radiologist"
    public var status = "status"
    public init() {}
  }

  public var columns: Columns
  public init(columns: Columns = Columns()) { self.columns = columns }

  /// The reports, the encoding the bytes were read in, and one message per skipped row.
  public func reports(bytes: [UInt8], source: String) throws(ReportTextError) -> (
    reports: [Report], encoding: ReportTextEncoding, problems: [String]
  ) {
    let (text, encoding) = try decodeReportText(bytes)
    let headerLine = text.prefix { $0 != "\n" && $0 != "\r\n" }
    let delimiter: Character =
      [",", ";", "\t", "|"].max { a, b in
        headerLine.filter { $0 == a }.count < headerLine.filter { $0 == b }.count
      } ?? ","
    let rows = Self.rows(text, delimiter: delimiter)
    guard let header = rows.first else { return ([], encoding, []) }
    let names = header.map { $0.trimmingWhitespace.lowercased() }
    func column(_ name: String) -> Int? { names.firstIndex(of: name.lowercased()) }
    guard let accessionColumn = column(columns.accession), let textColumn = column(columns.text) else {
      return ([], encoding, ["\(source): header lacks the \(columns.accession) or \(columns.text) column"])
    }
    var reports: [Report] = []
    var problems: [String] = []
    for (number, row) in rows.dropFirst().enumerated() {
      if row.count == 1, row[0].isEmpty { continue }
      func value(_ index: Int?) -> String? {
        guard let index, index < row.count else { return nil }
        let v = row[index].trimmingWhitespace
        return v.isEmpty ? nil : v
      }
      guard let accession = value(accessionColumn), let body = value(textColumn) else {
        problems.append("\(source): row \(number + 2): no accession or no text, skipped")
        continue
      }
      let status = value(column(columns.status)).flatMap { Report.Status(rawValue: String($0.prefix(1)).uppercased()) }
      reports.append(
        Report(
          accession: accession, patientID: value(column(columns.patientID)),
          studyDate: value(column(columns.date)).map { String($0.filter(\.isNumber).prefix(8)) },
          text: body, source: "\(source): row \(number + 2)", status: status ?? .final,
          radiologist: value(column(columns.radiologist)).flatMap(RadiologistName.normalize)))
    }
    return (reports, encoding, problems)
  }

  /// Splits delimited text into rows of fields, honouring double quotes.
  static func rows(_ text: String, delimiter: Character) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var quoted = false
    var iterator = text.makeIterator()
    var pending: Character? = nil
    while let c = pending ?? iterator.next() {
      pending = nil
      if quoted {
        if c == "\"" {
          if let next = iterator.next() {
            if next == "\"" {
              field.append("\"")
            } else {
              quoted = false
              pending = next
            }
          } else {
            quoted = false
          }
        } else {
          field.append(c)
        }
      } else if c == "\"" && field.isEmpty {
        quoted = true
      } else if c == delimiter {
        row.append(field)
        field = ""
      } else if c == "\n" || c == "\r\n" || c == "\r" {
        row.append(field)
        rows.append(row)
        row = []
        field = ""
      } else {
        field.append(c)
      }
    }
    if !field.isEmpty || !row.isEmpty {
      row.append(field)
      rows.append(row)
    }
    return rows
  }
}

extension String {
  var trimmingWhitespace: String {
    String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
  }
}
