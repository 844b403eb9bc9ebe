import Foundation
import Logging
import Reports
import Worklist

/// Takes one HL7 v2 message: checks its sender and type, stores each report it carries with its
/// status, pairs it with its exam when the images are already here (otherwise the exam picks it
/// up when it is processed), grades the exam's results again, and says what to acknowledge.
struct HL7ReportIntake: Sendable {
  let store: Store
  let pairing: PairingRules
  /// `MSH-3` or `MSH-3^MSH-4` values accepted; an empty list accepts no one.
  let allowedSenders: Set<String>
  let metrics: NodeMetrics
  let logger: Logger

  func handle(_ bytes: [UInt8]) -> HL7Acknowledgement {
    let message: HL7Message
    do { message = try HL7Message(bytes: bytes, source: "hl7") } catch {
      return refuse(HL7Acknowledgement(header: .init(head: bytes), outcome: .error(error.reason)))
    }
    let header = HL7Acknowledgement.Header(message)
    let application = message.component(header.sendingApplication, 1)
    let facility = message.component(header.sendingFacility, 1)
    guard allowedSenders.contains(application) || allowedSenders.contains("\(application)^\(facility)") else {
      logger.warning(
        "HL7 message refused: sender not allowed",
        metadata: ["application": "\(application)", "facility": "\(facility)"])
      return refuse(.init(header: header, outcome: .rejected("sender \(application)^\(facility) is not allowed")))
    }
    guard let msh = message.segments(named: "MSH").first else {
      return refuse(.init(header: header, outcome: .error("no MSH segment")))
    }
    let type = message.field(msh, 9)
    let code = message.component(type, 1)
    let event = message.component(type, 2)
    guard code == "ORU", event == "R01" || event.isEmpty else {
      return refuse(.init(header: header, outcome: .rejected("message type \(type) is not taken (ORU^R01 only)")))
    }
    let source = "hl7:\(application):\(header.controlID)"
    let reports: [Report]
    do { reports = try HL7ReportReader.reports(bytes: bytes, source: source) } catch {
      return refuse(.init(header: header, outcome: .error(error.reason)))
    }
    guard reports.allSatisfy({ !$0.accession.isEmpty }) else {
      return refuse(.init(header: header, outcome: .error("a report has no accession number (OBR-3, OBR-18 or ORC-3)")))
    }
    guard reports.allSatisfy({ !$0.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) else {
      return refuse(.init(header: header, outcome: .error("a report has no text (OBX TX/FT/ST)")))
    }
    do {
      let keys = try store.examKeys()
      let extractor = ReportExtractor()
      for report in reports {
        let paired = pairReports([report], with: keys, rules: pairing).pairs.first?.study.studyInstanceUID
        let intake = try store.receiveReport(
          report, findings: extractor.extract(report.text), examStudyInstanceUID: paired)
        logger.info(
          "HL7 report stored",
          metadata: [
            "status": "\(report.status.rawValue)", "new": "\(intake.isNew)", "paired": "\(paired != nil)",
            "current": "\(intake.isCurrent)", "regraded": "\(intake.regradedResults)",
          ])
      }
    } catch {
      logger.error("HL7 report not stored", metadata: ["error": "\(error)"])
      return refuse(.init(header: header, outcome: .error("report could not be stored")))
    }
    metrics.hl7Messages.increment()
    return .init(header: header, outcome: .accepted)
  }

  private func refuse(_ ack: HL7Acknowledgement) -> HL7Acknowledgement {
    metrics.hl7Rejected.increment()
    return ack
  }

  /// The acknowledgement of a frame over the size limit.
  func oversized(head: [UInt8], limit: Int) -> HL7Acknowledgement {
    logger.warning("HL7 message refused: too large", metadata: ["limit": "\(limit)"])
    return refuse(.init(header: .init(head: head), outcome: .rejected("message larger than \(limit) bytes")))
  }
}
