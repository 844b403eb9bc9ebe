import CDCMTK
import Foundation

/// Timeouts of a client's associations, in seconds.
public struct DICOMTimeouts: Sendable, Hashable {
  /// TCP connect.
  public var connect: Int
  /// Association negotiation (the A-ASSOCIATE-AC or -RJ).
  public var acse: Int
  /// Each DIMSE response (for C-MOVE: between two responses, which may be minutes apart on a
  /// large study).
  public var dimse: Int

  public init(connect: Int = 10, acse: Int = 30, dimse: Int = 120) {
    self.connect = connect
    self.acse = acse
    self.dimse = dimse
  }
}

/// densa as a DICOM requestor (SCU): C-ECHO, C-STORE, C-FIND and C-MOVE, each over an association
/// of its own that is released when the operation ends.
///
/// Every call blocks its thread until the peer has answered (or a timeout passes); run long ones
/// (a C-MOVE of a large study) on a thread of their own, not on a Swift concurrency executor.
public struct DICOMClient: Sendable {
  /// Our AE title, the calling AE title of every association.
  public var callingAETitle: String
  public var timeouts: DICOMTimeouts
  /// The largest PDU we receive.
  public var maxPDU: Int

  public init(callingAETitle: String, timeouts: DICOMTimeouts = DICOMTimeouts(), maxPDU: Int = 65536) {
    self.callingAETitle = callingAETitle
    self.timeouts = timeouts
    self.maxPDU = maxPDU
  }

  /// C-ECHO: throws unless the peer accepts an association and answers success.
  public func echo(_ peer: DICOMPeer) throws(DICOMNetworkError) {
    try call(peer) { p, error, length in densa_scu_echo(p, error, length) }
  }

  /// C-STOREs `files` over one association, each proposed in its own transfer syntax (an
  /// uncompressed one also in the other uncompressed syntaxes), and returns one outcome per file,
  /// in order. Throws only when no association could be made; a file the peer refused, or one that
  /// could not be read, has an outcome without success.
  public func store(_ files: [URL], to peer: DICOMPeer) throws(DICOMNetworkError) -> [StoreOutcome] {
    if files.isEmpty { return [] }
    let paths = CStringArray(files.map(\.path))
    var results = [densa_scu_store_result](repeating: densa_scu_store_result(), count: files.count)
    try call(peer) { p, error, length in
      paths.pointers.withUnsafeBufferPointer {
        densa_scu_store(p, $0.baseAddress, files.count, &results, error, length)
      }
    }
    return zip(files, results).map { file, r in
      var result = r
      let uid = withUnsafeBytes(of: &result.sop_instance_uid) {
        String(cString: $0.bindMemory(to: CChar.self).baseAddress!)
      }
      var problem = withUnsafeBytes(of: &result.problem) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
      let status: UInt16? = r.responded != 0 ? r.status : nil
      if let status, !DIMSEStatus.isSuccessOrWarning(status) {
        problem = "\(peer) answered \(DIMSEStatus.describe(status))"
      }
      return StoreOutcome(file: file, sopInstanceUID: uid, status: status, problem: problem.isEmpty ? nil : problem)
    }
  }

  /// Study Root C-FIND at STUDY level for `query`'s modality and date range. Returns Study
  /// Instance UID, Accession Number, Patient ID, Study Date, Modalities in Study and Number of
  /// Study Related Instances of each match. A match whose Modalities in Study the peer returned
  /// without the modality is left out (some archives ignore that key when matching).
  public func findStudies(on peer: DICOMPeer, query: StudyQuery) throws(DICOMNetworkError) -> [StudyMatch] {
    if let problem = query.problem() { throw DICOMNetworkError(peer: peer.description, .invalidArgument(problem)) }
    final class Matches { var list: [StudyMatch] = [] }
    let matches = Matches()
    var status: UInt16 = 0
    try call(peer) { p, error, length in
      densa_scu_find_studies(
        p, query.modality, query.dateRange,
        { context, study in
          let s = study!.pointee
          let modalities = String(cString: s.modalities_in_study).split(separator: "\\").map {
            $0.trimmingCharacters(in: .whitespaces)
          }
          let match = StudyMatch(
            studyInstanceUID: String(cString: s.study_instance_uid),
            accessionNumber: String(cString: s.accession_number),
            patientID: String(cString: s.patient_id), studyDate: String(cString: s.study_date),
            modalitiesInStudy: modalities,
            numberOfStudyRelatedInstances: s.number_of_instances >= 0 ? s.number_of_instances : nil)
          Unmanaged<Matches>.fromOpaque(context!).takeUnretainedValue().list.append(match)
        }, Unmanaged.passUnretained(matches).toOpaque(), &status, error, length)
    }
    withExtendedLifetime(matches) {}
    guard status == DIMSEStatus.success else {
      throw DICOMNetworkError(peer: peer.description, .status(operation: "C-FIND", status))
    }
    return matches.list.filter {
      !$0.studyInstanceUID.isEmpty && ($0.modalitiesInStudy.isEmpty || $0.modalitiesInStudy.contains(query.modality))
    }
  }

  /// Study Root C-MOVE of one study to `destinationAETitle` (which the peer must know). Returns the
  /// final status and the sub-operation counts whatever the status; throws when there was no
  /// association or no final response.
  public func moveStudy(_ studyInstanceUID: String, from peer: DICOMPeer, to destinationAETitle: String)
    throws(DICOMNetworkError) -> MoveOutcome
  {
    guard AETitle.isValid(destinationAETitle) else {
      throw DICOMNetworkError(
        peer: peer.description, .invalidArgument("AE title '\(destinationAETitle)' is not 1 to 16 printable characters")
      )
    }
    guard !studyInstanceUID.isEmpty, studyInstanceUID.utf8.count <= 64 else {
      throw DICOMNetworkError(
        peer: peer.description, .invalidArgument("Study Instance UID '\(studyInstanceUID)' is invalid"))
    }
    var result = densa_scu_move_result()
    try call(peer) { p, error, length in
      densa_scu_move_study(p, studyInstanceUID, destinationAETitle, &result, error, length)
    }
    return MoveOutcome(
      status: result.status, completed: Int(result.completed), failed: Int(result.failed), warning: Int(result.warning),
      remaining: Int(result.remaining))
  }

  /// Fills the shim's peer description and turns its failure code into a typed error.
  private func call(
    _ peer: DICOMPeer, _ body: (UnsafePointer<densa_scu_peer>, UnsafeMutablePointer<CChar>, Int) -> Int32
  ) throws(DICOMNetworkError) {
    let name = peer.description
    guard AETitle.isValid(callingAETitle) else {
      throw DICOMNetworkError(
        peer: name, .invalidArgument("calling AE title '\(callingAETitle)' is not 1 to 16 printable characters"))
    }
    guard AETitle.isValid(peer.aeTitle) else {
      throw DICOMNetworkError(
        peer: name, .invalidArgument("AE title '\(peer.aeTitle)' is not 1 to 16 printable characters"))
    }
    guard (1...65535).contains(peer.port) else {
      throw DICOMNetworkError(peer: name, .invalidArgument("port \(peer.port) is outside 1…65535"))
    }
    guard (4096...131072).contains(maxPDU) else {
      throw DICOMNetworkError(peer: name, .invalidArgument("maxPDU \(maxPDU) is outside 4096…131072"))
    }
    var error = [CChar](repeating: 0, count: 1024)
    let code: Int32 = callingAETitle.withCString { calling in
      peer.aeTitle.withCString { called in
        peer.host.withCString { host in
          var p = densa_scu_peer(
            calling_ae: calling, called_ae: called, host: host, port: Int32(peer.port), max_pdu: UInt32(maxPDU),
            connect_timeout: Int32(timeouts.connect), acse_timeout: Int32(timeouts.acse),
            dimse_timeout: Int32(timeouts.dimse))
          return body(&p, &error, error.count)
        }
      }
    }
    let text = String(cBuffer: error)
    switch code {
    case 0: return
    case 2: throw DICOMNetworkError(peer: name, .rejected(transient: false, text))
    case 3: throw DICOMNetworkError(peer: name, .rejected(transient: true, text))
    default: throw DICOMNetworkError(peer: name, .failed(text))
    }
  }
}
