/// Top-class confidence against accuracy in equal-width bins, and the expected calibration error
/// (ECE) they give: `Σ_m (n_m / N) · |accuracy_m − confidence_m|` (Naeini et al. 2015; Guo et al.
/// 2017), the bins being `(m/M, (m+1)/M]` with a confidence of exactly 0 in the first.
public struct ReliabilityBins: Sendable, Codable, Equatable {
  /// One bin of the reliability diagram.
  public struct Bin: Sendable, Codable, Equatable {
    public var lower: Double
    public var upper: Double
    public var count: Int
    /// Mean top-class confidence of the samples in the bin (nil when empty).
    public var meanConfidence: Double?
    /// Share of the samples in the bin whose top class was right (nil when empty).
    public var accuracy: Double?
  }

  public var bins: [Bin]
  public var samples: Int
  /// Expected calibration error, 0…1 (0 when there are no samples).
  public var ece: Double
  /// The largest |accuracy − confidence| over non-empty bins (maximum calibration error).
  public var mce: Double

  /// The default number of bins (the usual 15 of Guo et al.).
  public static let defaultBinCount = 15

  /// Bins `confidences[i]` (the top class's probability of sample i) with `correct[i]` (whether
  /// that class was the true one).
  public init(confidences: [Double], correct: [Bool], binCount: Int = defaultBinCount) {
    precondition(confidences.count == correct.count, "one outcome per confidence")
    precondition(binCount > 0, "at least one bin")
    var counts = [Int](repeating: 0, count: binCount)
    var confidenceSums = [Double](repeating: 0, count: binCount)
    var hits = [Int](repeating: 0, count: binCount)
    for (confidence, right) in zip(confidences, correct) {
      let c = min(1, max(0, confidence))
      // Upper-inclusive bins: (m/M, (m+1)/M].
      let m = min(binCount - 1, max(0, Int((c * Double(binCount)).rounded(.up)) - 1))
      counts[m] += 1
      confidenceSums[m] += c
      if right { hits[m] += 1 }
    }
    let n = confidences.count
    var ece = 0.0
    var mce = 0.0
    bins = (0..<binCount).map { m in
      let lower = Double(m) / Double(binCount)
      let upper = Double(m + 1) / Double(binCount)
      guard counts[m] > 0 else {
        return Bin(lower: lower, upper: upper, count: 0, meanConfidence: nil, accuracy: nil)
      }
      let confidence = confidenceSums[m] / Double(counts[m])
      let accuracy = Double(hits[m]) / Double(counts[m])
      let gap = abs(accuracy - confidence)
      ece += Double(counts[m]) / Double(n) * gap
      mce = max(mce, gap)
      return Bin(lower: lower, upper: upper, count: counts[m], meanConfidence: confidence, accuracy: accuracy)
    }
    samples = n
    self.ece = ece
    self.mce = mce
  }
}
