import Dispatch

/// `items.map(body)` with the calls spread over the cores; results keep the items' order.
func parallelMap<Item: Sendable, Result: Sendable>(_ items: [Item], _ body: @Sendable (Item) -> Result) -> [Result] {
  let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: items.count)
  results.initialize(repeating: nil)
  // The slots hold their results until deinitialised: deallocating alone leaked every result
  // (each exam's images and heatmaps, found by LeakSanitizer in `make test-sanitize`).
  defer {
    results.deinitialize()
    results.deallocate()
  }
  // Each index is written by exactly one iteration, so the slots need no lock.
  nonisolated(unsafe) let slots = results
  DispatchQueue.concurrentPerform(iterations: items.count) { i in slots[i] = body(items[i]) }
  return results.map { $0! }
}
