// libFuzzer target: report bytes as a text file is read (decoding, then the density and BI-RADS
// extraction with its explanation), as ReportSource and ReportExtractor do.
@testable import Reports

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  guard let (text, _) = try? decodeReportText(bytes) else { return 0 }
  let extractor = ReportExtractor()
  _ = extractor.extract(text)
  _ = extractor.explain(text)
  return 0
}
