import BIRADS
import Seeded

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
    var rng = SeededGenerator(seed: seed)
    var pool = exams.sorted { $0.exam.studyInstanceUID < $1.exam.studyInstanceUID }
    if balance {
      let groups = Dictionary(grouping: pool, by: \.density)
      let smallest = BreastComposition.allCases.map { groups[$0]?.count ?? 0 }.filter { $0 > 0 }.min() ?? 0
      pool = []
      for c in BreastComposition.allCases {
        var group = groups[c] ?? []
        seededShuffle(&group, &rng)
        pool += group.prefix(smallest)
        if group.count > smallest { droppedByBalancing[c] = group.count - smallest }
      }
      pool.sort { $0.exam.studyInstanceUID < $1.exam.studyInstanceUID }
    }
    var patients = Array(Set(pool.map(\.exam.patientID))).sorted()
    seededShuffle(&patients, &rng)
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

/// Fisher–Yates with a seeded generator, spelled out so a split is the same on every toolchain.
private func seededShuffle<T>(_ array: inout [T], _ rng: inout SeededGenerator) {
  guard array.count > 1 else { return }
  for i in stride(from: array.count - 1, to: 0, by: -1) {
    array.swapAt(i, Int(rng.next() % UInt64(i + 1)))
  }
}
