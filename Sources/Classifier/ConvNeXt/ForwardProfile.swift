import Foundation

/// Where a forward pass spends its time, per layer kind and stage: what `densa model bench
/// --profile` prints. Timing is off unless a profile is passed, so the plain pass pays nothing.
public final class ForwardProfile {
  /// One timed step, e.g. `("stage 1", "fc1 GEMM")`.
  public struct Entry: Sendable {
    public var stage: String
    public var layer: String
    public var seconds: Double
    public var flops: Double
  }

  /// Entries in the order they first ran; repeated steps (every block of a stage) accumulate.
  public private(set) var entries: [Entry] = []

  public init() {}

  /// Runs `body` and adds its wall time (and `flops`, when it counts them) to the entry.
  func time(_ stage: String, _ layer: String, flops: Double = 0, _ body: () -> Void) {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    if let i = entries.firstIndex(where: { $0.stage == stage && $0.layer == layer }) {
      entries[i].seconds += seconds
      entries[i].flops += flops
    } else {
      entries.append(Entry(stage: stage, layer: layer, seconds: seconds, flops: flops))
    }
  }

  /// Total seconds of every entry.
  public var totalSeconds: Double { entries.reduce(0) { $0 + $1.seconds } }
}

extension Optional where Wrapped == ForwardProfile {
  /// Times `body` when profiling, else just runs it.
  @inline(__always)
  func time(_ stage: String, _ layer: String, flops: Double = 0, _ body: () -> Void) {
    if let profile = self { profile.time(stage, layer, flops: flops, body) } else { body() }
  }
}
