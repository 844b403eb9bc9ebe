/// Runs `prepare` on the next item while `consume` works on the current one: two items in memory
/// at most, whatever the number of items.
func prefetching<Item: Sendable, Prepared: Sendable, Failure: Error>(
  _ items: [Item], prepare: @escaping @Sendable (Item) -> Prepared,
  consume: (Int, Prepared) async throws(Failure) -> Void
) async throws(Failure) {
  var pending: Task<Prepared, Never>? = items.first.map { first in Task.detached { prepare(first) } }
  for index in items.indices {
    guard let prepared = await pending?.value else { return }
    pending = index + 1 < items.count ? Task.detached { [next = items[index + 1]] in prepare(next) } : nil
    try await consume(index, prepared)
  }
}
