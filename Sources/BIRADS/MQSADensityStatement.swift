/// The breast-density wording US mammography reports and lay summaries must use since
/// 10 September 2024 (21 CFR 900.12, MQSA final rule of 10 March 2023).
///
/// The texts are the regulation's own, character for character; only the singular report forms
/// come from MQSA Alternative Standard #26 (11 July 2025), for reports about one breast.
public enum MQSADensityStatement {
  /// Whether a report statement is about both breasts (the regulation's wording) or one.
  public enum Breasts: String, Sendable, Codable, CaseIterable {
    case both
    /// A unilateral exam: the singular phrasing of Alternative Standard #26.
    case one
  }

  /// The report's overall assessment of breast density, 21 CFR 900.12(c)(1)(vi)(A)–(D), or its
  /// singular form for one breast.
  public static func report(_ composition: BreastComposition, breasts: Breasts = .both) -> String {
    switch (composition, breasts) {
    case (.a, .both): "The breasts are almost entirely fatty."
    case (.a, .one): "The breast is almost entirely fatty."
    case (.b, _): "There are scattered areas of fibroglandular density."
    case (.c, .both): "The breasts are heterogeneously dense, which may obscure small masses."
    case (.c, .one): "The breast is heterogeneously dense, which may obscure small masses."
    case (.d, .both): "The breasts are extremely dense, which lowers the sensitivity of mammography."
    case (.d, .one): "The breast is extremely dense, which lowers the sensitivity of mammography."
    }
  }

  /// The lay summary's paragraph when the report says a or b, 21 CFR 900.12(c)(2)(iii).
  public static let notDenseLaySummary =
    "Breast tissue can be either dense or not dense. Dense tissue makes it harder to find breast cancer on a "
    + "mammogram and also raises the risk of developing breast cancer. Your breast tissue is not dense. Talk to "
    + "your healthcare provider about breast density, risks for breast cancer, and your individual situation."

  /// The lay summary's paragraph when the report says c or d, 21 CFR 900.12(c)(2)(iv).
  public static let denseLaySummary =
    "Breast tissue can be either dense or not dense. Dense tissue makes it harder to find breast cancer on a "
    + "mammogram and also raises the risk of developing breast cancer. Your breast tissue is dense. In some people "
    + "with dense tissue, other imaging tests in addition to a mammogram may help find cancers. Talk to your "
    + "healthcare provider about breast density, risks for breast cancer, and your individual situation."

  /// The lay-summary paragraph for a composition: dense (c, d) or not dense (a, b).
  public static func laySummary(_ composition: BreastComposition) -> String {
    composition.isDense ? denseLaySummary : notDenseLaySummary
  }

  /// Where the texts come from, for the outputs that carry them.
  public static let source = "21 CFR 900.12(c)(1)(vi) and (c)(2)(iii)-(iv); MQSA Alternative Standard #26"
}
