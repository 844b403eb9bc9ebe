import Foundation

/// Temperature scaling (Guo et al., "On Calibration of Modern Neural Networks", ICML 2017): one
/// scalar T > 0 such that `softmax(logits / T)` minimises the mean negative log-likelihood of the
/// true classes on a held-out set. Dividing every logit by the same T never changes the argmax.
public enum TemperatureScaling {
  /// The range searched; a fit at either end means the logits carry almost no information (or
  /// are separable) and the caller should look at the data.
  public static let searchRange: ClosedRange<Double> = 0.05...20

  /// Mean negative log-likelihood (nats) of `labels` under `softmax(logits / temperature)`.
  public static func negativeLogLikelihood(logits: [[Float]], labels: [Int], temperature: Double) -> Double {
    precondition(logits.count == labels.count, "one label per row of logits")
    guard !logits.isEmpty else { return 0 }
    var total = 0.0
    for (row, label) in zip(logits, labels) {
      let scaled = row.map { Double($0) / temperature }
      let top = scaled.max() ?? 0
      let logSum = top + log(scaled.reduce(0) { $0 + exp($1 - top) })
      total += logSum - scaled[label]
    }
    return total / Double(logits.count)
  }

  /// The temperature minimising ``negativeLogLikelihood(logits:labels:temperature:)``.
  ///
  /// The NLL is convex in 1/T (a log-sum-exp of terms linear in 1/T, minus a linear term), hence
  /// unimodal in log T, so a golden-section search on log T over ``searchRange`` finds its
  /// minimum; it stops when the bracket is narrower than `tolerance` in log T.
  public static func fit(logits: [[Float]], labels: [Int], tolerance: Double = 1e-6) -> Double {
    guard !logits.isEmpty else { return 1 }
    func loss(_ logT: Double) -> Double {
      negativeLogLikelihood(logits: logits, labels: labels, temperature: exp(logT))
    }
    let ratio = (sqrt(5.0) - 1) / 2
    var lo = log(searchRange.lowerBound)
    var hi = log(searchRange.upperBound)
    var x1 = hi - ratio * (hi - lo)
    var x2 = lo + ratio * (hi - lo)
    var f1 = loss(x1)
    var f2 = loss(x2)
    while hi - lo > tolerance {
      if f1 <= f2 {
        hi = x2
        x2 = x1
        f2 = f1
        x1 = hi - ratio * (hi - lo)
        f1 = loss(x1)
      } else {
        lo = x1
        x1 = x2
        f1 = f2
        x2 = lo + ratio * (hi - lo)
        f2 = loss(x2)
      }
    }
    return exp((lo + hi) / 2)
  }
}
