import DICOM
import Testing

@Suite struct ViewRulesTests {
  @Test func viewComesFromSNOMEDCTThenLegacyCodesThenViewPosition() {
    #expect(ViewRules.view(code: "399162004", viewPosition: "MLO") == .cc)
    #expect(ViewRules.view(code: "399368009", viewPosition: nil) == .mlo)
    #expect(ViewRules.view(code: "R-10242", viewPosition: nil) == .cc)
    #expect(ViewRules.view(code: "R-10226", viewPosition: nil) == .mlo)
    #expect(ViewRules.view(code: "399192008", viewPosition: nil) == .xccl)
    #expect(ViewRules.view(code: "12345", viewPosition: "mlo") == .mlo)
    #expect(ViewRules.view(code: nil, viewPosition: "CC") == .cc)
    #expect(ViewRules.view(code: nil, viewPosition: "XX") == nil)
    #expect(ViewRules.view(code: nil, viewPosition: nil) == nil)
  }

  @Test func modifierCodesIncludeLegacyOnesAndIgnoreTheRest() {
    #expect(MammographyCodes.modifier(forCode: "399055006") == .spotCompression)
    #expect(MammographyCodes.modifier(forCode: "R-102D6") == .magnification)
    #expect(MammographyCodes.modifier(forCode: "399209000") == .implantDisplaced)
    #expect(MammographyCodes.modifier(forCode: "399197002") == .other)
  }

  @Test func lateralityFallsBackFromImageToSeriesToOrientation() {
    #expect(ViewRules.laterality(imageLaterality: "L", seriesLaterality: "R", patientOrientation: ["P", "L"]) == .left)
    #expect(
      ViewRules.laterality(imageLaterality: nil, seriesLaterality: "R", patientOrientation: ["A", "R"]) == .right)
    #expect(ViewRules.laterality(imageLaterality: "", seriesLaterality: nil, patientOrientation: ["P", "L"]) == .right)
    #expect(ViewRules.laterality(imageLaterality: nil, seriesLaterality: nil, patientOrientation: ["A", "R"]) == .left)
    #expect(ViewRules.laterality(imageLaterality: nil, seriesLaterality: nil, patientOrientation: ["A", "F"]) == .left)
    #expect(
      ViewRules.laterality(imageLaterality: nil, seriesLaterality: nil, patientOrientation: ["P", "FL"]) == .right)
    #expect(
      ViewRules.laterality(imageLaterality: nil, seriesLaterality: nil, patientOrientation: ["P", "F"]) == .right)
    #expect(ViewRules.laterality(imageLaterality: nil, seriesLaterality: nil, patientOrientation: []) == nil)
    #expect(ViewRules.laterality(imageLaterality: "B", seriesLaterality: nil, patientOrientation: ["H", "F"]) == nil)
  }
}
