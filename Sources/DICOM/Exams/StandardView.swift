/// One of the four views of a screening exam.
public enum StandardView: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
  case rightCC = "R-CC"
  case leftCC = "L-CC"
  case rightMLO = "R-MLO"
  case leftMLO = "L-MLO"

  public init(laterality: Laterality, view: ViewPosition) throws(NotStandard) {
    switch (laterality, view) {
    case (.right, .cc): self = .rightCC
    case (.left, .cc): self = .leftCC
    case (.right, .mlo): self = .rightMLO
    case (.left, .mlo): self = .leftMLO
    default: throw NotStandard()
    }
  }

  public var laterality: Laterality { self == .rightCC || self == .rightMLO ? .right : .left }
  public var view: ViewPosition { self == .rightCC || self == .leftCC ? .cc : .mlo }

  public static func < (a: Self, b: Self) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }

  /// The view is not one of the four screening views.
  public struct NotStandard: Error {}
}
