import BIRADS
import Classifier
import Crypto
import DICOM
import Foundation

/// The HL7 v2.5.1 ORU^R01 result message of one exam for one model, for the RIS.
///
/// One ORDER_OBSERVATION: OBR with the accession as placer and filler order number and SCT
/// Mammography as universal service, an NTE with the model's notice when its card asks for one,
/// then OBX segments coded as the SR is (`DensityReportCodes`): the exam's composition, each
/// breast's laterality, composition and score (the breast's OBX-4 sub-id groups them), the
/// algorithm (TID 4019's name, version and parameters), the agreement with the report, the
/// suggested MQSA sentence and any assessment limitation. The model's result is a suggestion to
/// the radiologist, never the verified result, so OBR-25 and OBX-11 are `P` (preliminary), or
/// `C` for a revision that replaces an earlier one. Segments end with CR; text is UTF-8 (MSH-18).
public enum ResultMessage {
  /// The file written beside `result.json`.
  public static let fileName = "result-oru.hl7"

  /// `99DENSA` concepts that only the message carries (DEVELOPERS.md, "Results to the RIS").
  static let agreement = CodedConcept("DENSA-AGREE", "99DENSA", "Agreement of model with report")
  static let reportComposition = CodedConcept("DENSA-REPORT", "99DENSA", "Breast composition stated in report")
  static let crossesDenseBoundary = CodedConcept(
    "DENSA-XDENSE", "99DENSA", "Model and report on opposite sides of the dense boundary")

  /// The meaning of each `agreement.status` value (also the code value, scheme `99DENSA`).
  static func agreementMeaning(_ status: String) -> String {
    switch status {
    case "agree": "Model and report agree"
    case "adjacent": "Model and report one category apart"
    case "major": "Model and report two or more categories apart"
    case "no-report": "No report paired"
    case "no-report-density": "Report states no density"
    case "not-assessed": "Not assessed"
    default: status
    }
  }

  /// Who and what the message is about, from the exam's images (PID and OBR-7).
  public struct Patient: Sendable, Hashable {
    public var id: String
    /// DICOM PN (`Family^Given^Middle^Prefix^Suffix`, alphabetic group first).
    public var name: String
    public var birthDate: String?
    public var sex: String?
    public var studyTime: String?

    public init(id: String, name: String, birthDate: String?, sex: String?, studyTime: String?) {
      self.id = id
      self.name = name
      self.birthDate = birthDate
      self.sex = sex
      self.studyTime = studyTime
    }

    init(_ exam: Exam) {
      let m = exam.images.first?.mammogram
      self.init(
        id: exam.patientID, name: m?.patientName ?? "", birthDate: m?.patientBirthDate, sex: m?.patientSex,
        studyTime: m?.studyTime)
    }
  }

  /// The message, not yet addressed (MSH-5 and MSH-6 empty); ``addressed(_:to:facility:destination:)``
  /// fills them in for one destination.
  public static func build(
    _ document: ExamResultDocument, patient: Patient, model: ModelIdentity, revision: Int
  ) -> String {
    let status = revision > 1 ? "C" : "P"
    let resultTime = dateTime(document.generatedAt)
    let exam = document.exam
    var segments = [String]()
    segments.append(
      "MSH|^~\\&|"
        + fields([
          "DENSA", "", "", "", resultTime, "", "ORU^R01^ORU_R01",
          controlID(study: exam.studyInstanceUID, model: model, revision: revision), "P", "2.5.1", "", "", "", "", "",
          "UNICODE UTF-8",
        ]))
    segments.append(
      segment(
        "PID",
        [
          "1", "", HL7Text.escaped(patient.id), "", personName(patient.name), "", patient.birthDate ?? "",
          sex(patient.sex),
        ]
      ))
    let order = exam.accession.map(HL7Text.escaped) ?? ""
    var obr = Array(repeating: "", count: 25)
    obr[0] = "1"
    obr[1] = order
    obr[2] = order.isEmpty ? HL7Text.escaped(exam.studyInstanceUID) : order
    obr[3] = coded(DensityReportCodes.mammography)
    obr[6] = (exam.studyDate ?? "") + (exam.studyDate == nil ? "" : time(patient.studyTime))
    obr[21] = resultTime
    obr[23] = "RAD"
    obr[24] = status
    segments.append(segment("OBR", obr))
    if let notice = document.model.notice { segments.append(segment("NTE", ["1", "L", HL7Text.escaped(notice)])) }

    var obx = [String]()
    func add(_ type: String, _ concept: CodedConcept, subID: String = "", _ value: String, units: String = "") {
      var f = Array(repeating: "", count: 14)
      f[0] = String(obx.count + 1)
      f[1] = type
      f[2] = coded(concept)
      f[3] = subID
      f[4] = value
      f[5] = units
      f[10] = status
      f[13] = resultTime
      obx.append(segment("OBX", f))
    }
    if let density = document.examDensity, let c = BreastComposition(rawValue: density.composition) {
      add("CWE", DensityReportCodes.breastComposition, coded(DensityReportCodes.composition(c)))
    }
    for breast in document.breasts.sorted(by: { $0.laterality > $1.laterality }) {
      let side = breast.laterality == "R" ? DensityReportCodes.right : DensityReportCodes.left
      let subID = breast.laterality == "R" ? "1" : "2"
      add("CWE", DensityReportCodes.laterality, subID: subID, coded(side))
      if let c = BreastComposition(rawValue: breast.composition) {
        add("CWE", DensityReportCodes.breastComposition, subID: subID, coded(DensityReportCodes.composition(c)))
      }
      add(
        "NM", DensityReportCodes.densityScore, subID: subID, String(format: "%.3f", breast.score),
        units: "1^no units^UCUM")
    }
    add("ST", DensityReportCodes.algorithmName, HL7Text.escaped(model.name))
    add("ST", DensityReportCodes.algorithmVersion, HL7Text.escaped(model.version))
    add(
      "ST", DensityReportCodes.algorithmParameters,
      HL7Text.escaped("weights sha256=\(DensityStructuredReport.algorithmParameters(model))"))
    let agreementStatus = document.agreement.status
    add(
      "CWE", agreement,
      coded(CodedConcept(agreementStatus, "99DENSA", agreementMeaning(agreementStatus))))
    if let stated = document.report?.density, let c = BreastComposition(rawValue: stated) {
      add("CWE", reportComposition, coded(DensityReportCodes.composition(c)))
      add(
        "CWE", crossesDenseBoundary,
        coded(document.agreement.crossesDenseBoundary ? DensityReportCodes.yes : DensityReportCodes.no))
    }
    if let statement = document.suggestedDensityStatement {
      add("TX", DensityReportCodes.suggestedDensityStatement, HL7Text.escaped(statement.statement))
    }
    if let uncertainty = document.uncertainty, uncertainty.uncertain {
      add("TX", DensityReportCodes.uncertainDensity, HL7Text.escaped(uncertainty.explanation ?? "uncertain"))
    }
    for limitation in document.limitations ?? [] {
      let subID = limitation.laterality.map { $0 == "R" ? "1" : "2" } ?? ""
      add(
        "CWE", DensityReportCodes.assessmentLimitation, subID: subID,
        coded(CodedConcept(limitation.code, limitation.scheme, limitation.meaning)))
    }
    return (segments + obx).joined(separator: "\r") + "\r"
  }

  /// `message` addressed to one destination: MSH-5 and MSH-6 set, and MSH-10 made unique to the
  /// result and the destination (and the same every time, so a resend after a lost ACK carries
  /// the id the receiver already saw).
  public static func addressed(
    _ message: String, to application: String, facility: String, destination: String
  ) -> String {
    var segments = message.split(separator: "\r", omittingEmptySubsequences: false).map(String.init)
    guard let first = segments.first, first.hasPrefix("MSH|") else { return message }
    var parts = first.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
    while parts.count < 18 { parts.append("") }
    // parts[n] is MSH-(n+1): MSH-1 is the separator itself.
    parts[4] = HL7Text.escaped(application)
    parts[5] = HL7Text.escaped(facility)
    parts[9] = digest("\(parts[9]):\(destination)")
    segments[0] = parts.joined(separator: "|")
    return segments.joined(separator: "\r")
  }

  /// MSH-10 of a message this type built: what the receiver's ACK must echo in MSA-2.
  public static func controlID(of message: String) -> String {
    let msh = message.prefix { $0 != "\r" }.split(separator: "|", omittingEmptySubsequences: false)
    return msh.count > 9 ? String(msh[9]) : ""
  }

  /// MSH-10 of the unaddressed message: the same for the same study, model and revision.
  static func controlID(study: String, model: ModelIdentity, revision: Int) -> String {
    digest("densa-oru:\(study):\(model.sha256):\(model.precision.rawValue):\(revision)")
  }

  /// 20 hex digits of SHA-256: MSH-10 is an ST of at most 20 characters in v2.5.1.
  private static func digest(_ seed: String) -> String {
    SHA256.hash(data: Data(seed.utf8)).prefix(10).map { String(format: "%02x", $0) }.joined()
  }

  private static func segment(_ name: String, _ values: [String]) -> String {
    var values = values
    while values.last?.isEmpty == true { values.removeLast() }
    return ([name] + values).joined(separator: "|")
  }

  private static func fields(_ values: [String]) -> String {
    var values = values
    while values.last?.isEmpty == true { values.removeLast() }
    return values.joined(separator: "|")
  }

  /// A CWE: identifier, text, coding system.
  static func coded(_ c: CodedConcept) -> String { HL7Text.components([c.value, c.meaning, c.scheme]) }

  /// DICOM PN's alphabetic group (family^given^middle^prefix^suffix) as XPN
  /// (family^given^middle^suffix^prefix).
  static func personName(_ pn: String) -> String {
    let alphabetic = pn.split(separator: "=", omittingEmptySubsequences: false).first.map(String.init) ?? ""
    var p = alphabetic.split(separator: "^", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    while p.count < 5 { p.append("") }
    return HL7Text.components([p[0], p[1], p[2], p[4], p[3]])
  }

  /// HL7 table 0001 from DICOM's M, F, O; anything else is U (unknown), absent stays empty.
  static func sex(_ dicom: String?) -> String {
    guard let dicom, !dicom.isEmpty else { return "" }
    return ["M", "F", "O"].contains(dicom.uppercased()) ? dicom.uppercased() : "U"
  }

  /// DICOM TM (`HHMMSS.frac`, or shorter) as the time part of an HL7 DTM.
  static func time(_ tm: String?) -> String {
    guard let tm else { return "" }
    let digits = tm.prefix { $0 != "." }.filter(\.isNumber)
    return digits.count >= 2 && digits.count <= 6 && digits.count % 2 == 0 ? String(digits) : ""
  }

  /// densa's UTC timestamps (`2026-12-02T04:23:30.123`) as HL7 DTM `20261202042330+0000`.
  static func dateTime(_ timestamp: String) -> String {
    let digits = timestamp.prefix { $0 != "." && $0 != "Z" && $0 != "+" }.filter(\.isNumber)
    return digits.count == 14 ? "\(digits)+0000" : String(digits.prefix(14))
  }
}
