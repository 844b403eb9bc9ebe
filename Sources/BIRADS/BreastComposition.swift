/// ACR BI-RADS breast composition (5th edition), the four categories densa classifies.
///
/// This is the single vocabulary shared by the classifier, the report reader and the outputs;
/// the class order of every model is `a, b, c, d`.
public enum BreastComposition: String, Sendable, Codable, CaseIterable, Comparable, Hashable {
  /// The breasts are almost entirely fatty.
  case a
  /// There are scattered areas of fibroglandular density.
  case b
  /// The breasts are heterogeneously dense, which may obscure small masses.
  case c
  /// The breasts are extremely dense, which lowers the sensitivity of mammography.
  case d

  /// Position in the class order, 0 for `a` to 3 for `d`.
  public var index: Int {
    switch self {
    case .a: 0
    case .b: 1
    case .c: 2
    case .d: 3
    }
  }

  /// The category at a class index, or nil outside 0...3.
  public init?(index: Int) {
    guard (0..<4).contains(index) else { return nil }
    self = Self.allCases[index]
  }

  /// Dense breasts (c, d) are the ones that trigger supplemental screening and notification.
  public var isDense: Bool { self == .c || self == .d }

  /// The atlas wording in English.
  public var atlasName: String {
    switch self {
    case .a: "almost entirely fatty"
    case .b: "scattered areas of fibroglandular density"
    case .c: "heterogeneously dense"
    case .d: "extremely dense"
    }
  }

  /// The SNOMED CT concept that DICOM SR uses for this category (DICOM CID 6000 family).
  public var snomedCode: (value: String, meaning: String) {
    switch self {
    case .a: ("129716005", "Almost entirely fatty")
    case .b: ("129717001", "Scattered fibroglandular densities")
    case .c: ("129718006", "Heterogeneously dense")
    case .d: ("129719003", "Extremely dense")
    }
  }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}
