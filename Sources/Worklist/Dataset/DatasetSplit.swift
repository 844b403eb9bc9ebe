import BIRADS

/// Patient-level train / validation / test split and optional class balancing, as in the study:
/// 15 % of patients for test, then 15 % of the rest for validation; no patient on two sides.
public struct DatasetSplit: Sendable {
  public enum Part: String, Sendable, CaseIterable { case train, validation, test }

  /// The part of each exam, by Study Instance UID.
  public var parts: [String: Part] = [:]
  /// Exams dropped by balancing, per class.
  public var droppedByBalancing: [BreastComposition: Int] = [:]
  /// The exams kept, in a stable order.
  public var kept: [LabelledExam] = []

  /// - Parameters:
  ///   - balance: downsample every class to the rarest class's exam count (seeded).
  public init(
    _ exams: [LabelledExam], testFraction: Double = 0.15, validationFraction: Double = 0.15, balance: Bool, seed: UInt64
  ) {
    var rng = SplitMix(seed: seed)
    var pool = exams.sorted { $0.exam.studyInstanceUID < $1.exam.studyInstanceUID }
    if balance {
      let groups = Dictionary(grouping: pool, by: \.density)
      let smallest = BreastComposition.allCases.map { groups[$0]?.count ?? 0 }.filter { $0 > 0 }.min() ?? 0
      pool = []
      for c in BreastComposition.allCases {
        var group = groups[c] ?? []
        rng.shuffle(&group)
        pool += group.prefix(smallest)
        if group.count > smallest { droppedByBalancing[c] = group.count - smallest }
      }
      pool.sort { $0.exam.studyInstanceUID < $1.exam.studyInstanceUID }
    }
    var patients = Array(Set(pool.map(\.exam.patientID))).sorted()
    rng.shuffle(&patients)
    let testCount = Int((Double(patients.count) * testFraction).rounded())
    let validationCount = Int((Double(patients.count - testCount) * validationFraction).rounded())
    var partOf = [String: Part]()
    for (i, p) in patients.enumerated() {
      partOf[p] = i < testCount ? .test : i < testCount + validationCount ? .validation : .train
    }
    for e in pool { parts[e.exam.studyInstanceUID] = partOf[e.exam.patientID] }
    kept = pool
  }
}

/// SplitMix64: a small seeded generator, so a split is the same on every machine.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func shuffle<T>(_ array: inout [T]) {
    guard array.count > 1 else { return }
    for i in stride(from: array.count - 1, to: 0, by: -1) {
      let j = Int(next() % UInt64(i + 1))
      array.swapAt(i, j)
    }
  }
}
