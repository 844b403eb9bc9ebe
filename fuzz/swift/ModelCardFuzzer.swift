// libFuzzer target: a model card (JSON) through ModelCard(contentsOf:), which decodes and checks
// it (format, class order, preprocessing). Compiled in one module with the card's sources.
import Foundation

nonisolated(unsafe) private var cardURL: URL?

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let url = cardURL ?? URL(fileURLWithPath: "/dev/shm/densa-fuzz-card-\(getpid()).card.json")
  cardURL = url
  guard (try? Data(bytes: data, count: size).write(to: url)) != nil else { return 0 }
  _ = try? ModelCard(contentsOf: url)
  return 0
}
