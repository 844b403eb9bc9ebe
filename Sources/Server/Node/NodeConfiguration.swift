import Foundation

/// A DICOM peer results are sent to, or studies retrieved from (`dicom.destinations`,
/// `dicom.pacs`).
public struct DICOMDestination: Sendable, Hashable, Codable {
  /// The name operators use (`densa outbox`, `densa backfill --pacs NAME`).
  public var name: String
  public var aeTitle: String
  public var host: String
  public var port: Int

  public init(name: String, aeTitle: String, host: String, port: Int) {
    self.name = name
    self.aeTitle = aeTitle
    self.host = host
    self.port = port
  }
}

/// Everything `densa serve` needs to know; `config/densa.yaml` documents each setting.
public struct NodeConfiguration: Sendable {
  // DICOM listener.
  /// Our AE title (`dicom.aeTitle`); associations calling any other are rejected.
  public var aeTitle = "DENSA"
  /// `dicom.bindAddress`: loopback unless configured.
  public var bindAddress = "127.0.0.1"
  /// `dicom.port`; 0 picks a free port (tests).
  public var dicomPort = 11112
  /// `dicom.allowedCallingAETitles`: the only peers whose associations are accepted.
  public var allowedCallingAETitles: [String] = []
  /// `dicom.allowedHosts`: optional `AE=address` pairs; an AE listed here must also come from
  /// that address.
  public var allowedHosts: [String: Set<String>] = [:]
  /// `dicom.maxAssociations`: associations served at once; one more is refused (transient).
  public var maxAssociations = 8
  /// `dicom.maxPDU`: the largest PDU we receive, in bytes.
  public var maxPDU = 131_072
  /// `dicom.acseTimeout` (ARTIM), `dicom.dimseTimeout`, `dicom.idleTimeout`: seconds.
  public var acseTimeout = 30
  public var dimseTimeout = 60
  public var idleTimeout = 300
  /// `dicom.destinations`: where results are sent by C-STORE.
  public var destinations: [DICOMDestination] = []
  /// `dicom.pacs`: archives `densa backfill` may query and retrieve from.
  public var pacs: [DICOMDestination] = []

  // Storage.
  /// `storage.directory`: received instances (`<study>/<instance>.dcm`) and their temporary files.
  public var storageDirectory = URL(fileURLWithPath: "storage")
  /// `storage.minimumFreeBytes`: below this much free space, stores are refused (status A700).
  public var minimumFreeBytes: Int64 = 1 << 30

  // Completion.
  /// `completion.settleSeconds`: a study with its four views is processed once no image has
  /// arrived for this long.
  public var settleSeconds = 2.0
  /// `completion.quietSeconds`: a study without all four views is processed, as incomplete, once
  /// no image has arrived for this long.
  public var quietSeconds = 120.0
  /// How often the completion queue is looked at, seconds.
  public var pollSeconds = 0.25

  // Processing.
  /// `process.maxAttempts`: attempts before a study that cannot be processed is marked failed.
  public var processingMaxAttempts = 3

  // Outbox.
  /// `outbox.maxAttempts`: after this many failed attempts an entry is dead.
  public var outboxMaxAttempts = 8
  /// `outbox.initialBackoffSeconds`, `outbox.maxBackoffSeconds`: exponential backoff between attempts.
  public var outboxInitialBackoff = 2.0
  public var outboxMaxBackoff = 600.0
  /// `outbox.sendNonClinicalResults`: send results of a model whose card says it is not for
  /// clinical use (the bundled demo model). Off unless set on purpose.
  public var sendNonClinicalResults = false

  // HL7.
  /// `hl7.port`; 0 picks a free port; nil disables the listener.
  public var hl7Port: Int? = 2575
  /// `hl7.allowedSenders`: sending applications (MSH-3, or MSH-3^MSH-4) whose messages are taken.
  public var hl7AllowedSenders: [String] = []
  /// `hl7.allowedHosts`: addresses messages may come from (empty: any address, sender still checked).
  public var hl7AllowedHosts: [String] = []
  /// `hl7.maxMessageBytes`: a larger message is refused (AR).
  public var hl7MaxMessageBytes = 1 << 20
  /// `hl7.destinations`: where each exam's ORU^R01 result message is sent over MLLP.
  public var hl7Destinations: [HL7Destination] = []
  /// `hl7.ackTimeoutSeconds`: how long connecting, sending and waiting for the ACK may each take.
  public var hl7AckTimeout = 30.0

  // HTTP.
  /// `http.port`; 0 picks a free port; nil disables the listener.
  public var httpPort: Int? = 8080
  /// `http.allowedHosts`: Host names the web listener answers to besides loopback's and the bind
  /// address (DNS rebinding protection refuses any other).
  public var httpAllowedHosts: [String] = []
  /// `http.requireLogin`: ask for a login on loopback too (off loopback it is always asked for).
  public var httpRequireLogin = false
  /// `http.secureCookie`: mark the session cookie `Secure` (behind a TLS proxy).
  public var httpSecureCookie = false
  /// `web.language`: the pages' language (`es` or `en`) when the browser asks for neither.
  public var webLanguage: WebLanguage = .spanish
  /// `web.followBrowserLanguage`: whether the browser's Accept-Language may choose the language.
  public var webFollowBrowserLanguage = true

  /// The web interface's settings that follow from these.
  public var web: WebConfiguration {
    WebConfiguration(
      allowedHosts: WebConfiguration.allowedHosts(bindAddress: bindAddress, configured: httpAllowedHosts),
      language: webLanguage, followBrowserLanguage: webFollowBrowserLanguage,
      loginRequired: WebConfiguration.loginRequired(bindAddress: bindAddress, configured: httpRequireLogin),
      secureCookie: httpSecureCookie)
  }

  public init() {}
}
