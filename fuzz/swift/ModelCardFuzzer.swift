// libFuzzer target: a model card (JSON) through ModelCard(contentsOf:), which decodes and checks
// it (format, class order, preprocessing). Compiled in one module with the card's sources.
import Foundation

nonisolated(unsafe) private var cardURL: URL?

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  // Foundation's Data(contentsOf:) leaks 4 KiB reading an empty file (swift-foundation's
  // readBytesFromFile, Swift 6.3.1; RELIABILITY.md finding 5): not densa's, so not fuzzed.
  guard size > 0 else { return 0 }
  let url = cardURL ?? URL(fileURLWithPath: "/dev/shm/densa-fuzz-card-\(getpid()).card.json")
  cardURL = url
  guard (try? Data(bytes: data, count: size).write(to: url)) != nil else { return 0 }
  _ = try? ModelCard(contentsOf: url)
  return 0
}
