/// DIMSE status codes densa sends and meets (PS3.7 Annex C, PS3.4 B.2.3).
public enum DIMSEStatus {
  public static let success: UInt16 = 0x0000
  /// Refused: out of resources (C-STORE 0xA7xx). The sender should retry later.
  public static let outOfResources: UInt16 = 0xA700
  /// Error: data set does not match SOP class.
  public static let dataSetDoesNotMatchSOPClass: UInt16 = 0xA900
  /// Error: cannot understand.
  public static let cannotUnderstand: UInt16 = 0xC000
  /// Failure: processing failure (general).
  public static let processingFailure: UInt16 = 0x0110
  /// Failure: duplicate SOP instance (general).
  public static let duplicateSOPInstance: UInt16 = 0x0111
  /// Refused: SOP class not supported.
  public static let sopClassNotSupported: UInt16 = 0x0122
  /// C-MOVE: refused, move destination unknown.
  public static let moveDestinationUnknown: UInt16 = 0xA801
  /// C-MOVE: sub-operations complete, one or more failures or warnings.
  public static let subOperationsCompleteWithFailures: UInt16 = 0xB000
  /// C-FIND/C-MOVE: pending.
  public static let pending: UInt16 = 0xFF00
  /// C-FIND/C-MOVE: cancelled.
  public static let cancel: UInt16 = 0xFE00

  /// Success or a warning (0xB000–0xBFFF, 0x0001, 0x0107, 0x0116): the peer has the object.
  public static func isSuccessOrWarning(_ status: UInt16) -> Bool {
    status == success || status & 0xF000 == 0xB000 || status == 0x0001 || status == 0x0107 || status == 0x0116
  }

  /// `0xA700 (refused: out of resources)` and the like.
  public static func describe(_ status: UInt16) -> String {
    let hex = "0x" + String(status, radix: 16, uppercase: true).leftPadded(to: 4)
    let meaning: String
    switch status {
    case success: meaning = "success"
    case 0xA700...0xA7FF: meaning = "refused: out of resources"
    case moveDestinationUnknown: meaning = "refused: move destination unknown"
    case 0xA900...0xA9FF: meaning = "error: data set does not match SOP class"
    case 0xC000...0xCFFF: meaning = "error: cannot understand"
    case processingFailure: meaning = "failure: processing failure"
    case duplicateSOPInstance: meaning = "failure: duplicate SOP instance"
    case sopClassNotSupported: meaning = "refused: SOP class not supported"
    case 0x0124: meaning = "refused: not authorized"
    case 0xB000...0xBFFF: meaning = "warning"
    case cancel: meaning = "cancelled"
    case 0xFF00, 0xFF01: meaning = "pending"
    default: meaning = "failure"
    }
    return "\(hex) (\(meaning))"
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
