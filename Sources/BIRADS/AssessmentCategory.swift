/// BI-RADS final assessment category: 0 to 6, with category 4 subdivided into 4A, 4B and 4C.
public enum AssessmentCategory: String, Sendable, Codable, CaseIterable, Hashable {
  case incomplete = "0"
  case negative = "1"
  case benign = "2"
  case probablyBenign = "3"
  case suspicious = "4"
  case suspiciousLow = "4A"
  case suspiciousModerate = "4B"
  case suspiciousHigh = "4C"
  case highlySuggestive = "5"
  case knownMalignancy = "6"
}
