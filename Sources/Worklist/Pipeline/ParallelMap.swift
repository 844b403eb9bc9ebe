import Dispatch

/// `items.map(body)` with the calls spread over the cores; results keep the items' order.
func parallelMap<Item: Sendable, Result: Sendable>(_ items: [Item], _ body: @Sendable (Item) -> Result) -> [Result] {
  let results = UnsafeMutableBufferPointer<Result?>.allocate(capacity: items.count)
  results.initialize(repeating: nil)
  defer { results.deallocate() }
  // Each index is written by exactly one iteration, so the slots need no lock.
  nonisolated(unsafe) let slots = results
  DispatchQueue.concurrentPerform(iterations: items.count) { i in slots[i] = body(items[i]) }
  return results.map { $0! }
}
