/// How a view and a laterality are decided from what a file says, with every fallback.
public enum ViewRules {
  /// The view from View Code Sequence's code (SCT or legacy SRT), else from View Position.
  public static func view(code: String?, viewPosition: String?) -> ViewPosition? {
    if let code, let view = MammographyCodes.view(forCode: code) { return view }
    guard let position = viewPosition?.uppercased().trimmingCharacters(in: .whitespaces) else { return nil }
    return ViewPosition(rawValue: position)
  }

  /// Image Laterality, else the series' Laterality, else what Patient Orientation implies.
  ///
  /// Mammograms are stored as displayed: a CC's column direction runs to the medial side, so it
  /// names the opposite side ("P\L" is a right breast); without that, the row direction tells
  /// where the nipple points (A: left breast, P: right breast).
  public static func laterality(
    imageLaterality: String?, seriesLaterality: String?, patientOrientation: [String]
  ) -> Laterality? {
    for value in [imageLaterality, seriesLaterality] {
      if let value, let side = Laterality(rawValue: value.uppercased()) { return side }
    }
    guard patientOrientation.count == 2 else { return nil }
    let columns = patientOrientation[1].uppercased()
    if columns.contains("L") && !columns.contains("R") { return .right }
    if columns.contains("R") && !columns.contains("L") { return .left }
    switch patientOrientation[0].uppercased() {
    case "A": return .left
    case "P": return .right
    default: return nil
    }
  }
}
