// libFuzzer target: a RIS CSV/TSV export through CSVReportReader, then each report's text
// through the extractor, as `densa process --reports export.csv` does.
@testable import Reports

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let read = try? CSVReportReader().reports(bytes: bytes, source: "fuzz.csv") else { return 0 }
  let extractor = ReportExtractor()
  for report in read.reports.prefix(4) { _ = extractor.extract(report.text) }
  return 0
}
