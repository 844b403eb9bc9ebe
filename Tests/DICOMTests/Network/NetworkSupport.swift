import DICOM
import Foundation
import Synchronization

/// A DCMTK tool started in the background (storescu, storescp, dcmqrscp), its output in a file so
/// that no pipe can fill and stall it.
final class BackgroundTool: @unchecked Sendable {
  let name: String
  let arguments: [String]
  private let process = Process()
  private let log: URL

  init(_ name: String, _ arguments: [String], directory: URL? = nil) throws {
    self.name = name
    self.arguments = arguments
    log = FileManager.default.temporaryDirectory.appendingPathComponent("densa-tool-\(UUID().uuidString).log")
    _ = FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [name] + arguments
    if let directory { process.currentDirectoryURL = directory }
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    try? handle.close()
  }

  deinit {
    stop()
    try? FileManager.default.removeItem(at: log)
  }

  var isRunning: Bool { process.isRunning }

  /// What the tool printed so far. An empty log is not read: swift-foundation's
  /// `readBytesFromFile` leaks 4 KiB on every read of an empty file (RELIABILITY.md, finding 5).
  var output: String {
    let size = (try? FileManager.default.attributesOfItem(atPath: log.path)[.size] as? Int) ?? 0
    guard size > 0 else { return "" }
    return (try? String(contentsOf: log, encoding: .utf8)) ?? ""
  }

  /// Waits for the tool to exit on its own; kills it and throws after `timeout` seconds.
  @discardableResult
  func wait(timeout: TimeInterval = 60) throws -> (status: Int32, output: String) {
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning {
      stop()
      throw ExternalTool.TimeoutError(command: ([name] + arguments).joined(separator: " "))
    }
    return (process.terminationStatus, output)
  }

  /// SIGTERM, then SIGKILL if it does not go within half a second (storescp ignores SIGTERM).
  func stop() {
    guard process.isRunning else { return }
    process.terminate()
    let deadline = Date().addingTimeInterval(0.5)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
  }
}

enum Loopback {
  /// A port that was free a moment ago (the kernel's choice for port 0).
  static func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in
        bind(fd, p, length) == 0 && getsockname(fd, p, &length) == 0
      }
    }
    guard bound else { throw POSIXError(.EADDRINUSE) }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  /// Whether something accepts TCP connections on 127.0.0.1:`port`.
  static func isListening(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
      }
    }
  }

  /// Waits until `port` accepts connections; throws after `timeout` seconds.
  static func waitUntilListening(_ port: Int, tool: BackgroundTool, timeout: TimeInterval = 15) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if isListening(port) { return }
      if !tool.isRunning { break }
      usleep(50_000)
    }
    throw ExternalTool.TimeoutError(command: "\(tool.name) listening on \(port): \(tool.output)")
  }
}

/// What an SCP under test received and reported, gathered from its threads.
final class SCPRecorder: Sendable {
  private let state = Mutex<([ReceivedInstance], [AssociationEvent])>(([], []))
  /// Where the handler moves each instance (named by its SOP Instance UID, like an archive would).
  let storeDirectory: URL

  init(storeDirectory: URL) {
    self.storeDirectory = storeDirectory
  }

  // Copied element by element under the lock: a copy sharing the array's buffer would let the
  // SCP thread's next append test that buffer's uniqueness against this thread's release, which
  // ThreadSanitizer cannot see ordered (Swift's reference counting is not instrumented).
  var instances: [ReceivedInstance] { state.withLock { $0.0.map { $0 } } }
  var events: [AssociationEvent] { state.withLock { $0.1.map { $0 } } }

  /// A handler that renames the temporary file into `storeDirectory` and answers `status`.
  func handler(status: UInt16 = DIMSEStatus.success) -> @Sendable (ReceivedInstance) throws -> UInt16 {
    { instance in
      try self.keep(instance)
      return status
    }
  }

  func keep(_ instance: ReceivedInstance) throws {
    let target = storeDirectory.appendingPathComponent(instance.sopInstanceUID + ".dcm")
    if rename(instance.temporaryFile.path, target.path) != 0 { throw POSIXError(POSIXErrorCode(rawValue: errno)!) }
    record(instance)
  }

  func record(_ instance: ReceivedInstance) { state.withLock { $0.0.append(instance) } }
  func record(_ event: AssociationEvent) { state.withLock { $0.1.append(event) } }

  var rejections: [AssociationRejection] {
    events.compactMap { if case .rejected(_, _, _, let reason) = $0 { reason } else { nil } }
  }

  /// Waits (bounded) until `condition` holds over the events.
  func waitFor(timeout: TimeInterval = 10, _ condition: ([AssociationEvent]) -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if condition(events) { return true }
      usleep(20_000)
    }
    return condition(events)
  }
}

enum NetworkFixture {
  /// An SCP on a free loopback port that keeps what it receives in `recorder.storeDirectory`.
  static func scp(
    in dir: URL, allowed: Set<String> = ["STORESCU", "ECHOSCU", "DENSATEST"], recorder: SCPRecorder,
    handler: (@Sendable (ReceivedInstance) throws -> UInt16)? = nil,
    configure: (inout StorageSCPConfiguration) -> Void = { _ in }
  ) throws -> StorageSCP {
    let temporary = dir.appendingPathComponent("incoming")
    try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: recorder.storeDirectory, withIntermediateDirectories: true)
    var configuration = StorageSCPConfiguration(
      aeTitle: "DENSA", allowedCallingAETitles: allowed, acseTimeout: 5, dimseTimeout: 20, idleTimeout: 20,
      temporaryDirectory: temporary)
    configure(&configuration)
    let scp = StorageSCP(
      configuration: configuration, handler: handler ?? recorder.handler(), events: { recorder.record($0) })
    try scp.start()
    return scp
  }

  /// A small mammogram in `syntax`, its UIDs numbered by `study` and `instance`.
  static func mammogram(
    _ syntax: TransferSyntax, in dir: URL, study: Int = 1, instance: Int = 1, studyDate: String = "20260315",
    sopClass: String = SOPClass.digitalMammographyForPresentation
  ) throws -> URL {
    let bits =
      switch syntax {
      case .jpegBaseline: 8
      case .jpegExtended: 12
      default: 12
      }
    var m = SampleMammogram.header(bitsStored: bits, transferSyntax: syntax, instance: instance)
    m.studyInstanceUID = "2.25.7\(study)"
    m.seriesInstanceUID = "2.25.7\(study).1"
    m.sopInstanceUID = "2.25.7\(study).1.\(instance)"
    m.accessionNumber = "ACC\(study)"
    m.patientID = "P\(study)"
    m.studyDate = studyDate
    m.sopClassUID = sopClass
    let url = dir.appendingPathComponent("s\(study)-i\(instance)-\(syntax).dcm")
    try MammogramWriter.write(m, pixels: SampleMammogram.pixels(rows: m.rows, columns: m.columns, bits: bits), to: url)
    return url
  }

  /// storescu's arguments to send `files` to `port` as `DENSA`, proposing each mammography SOP
  /// class in every syntax densa reads, one presentation context per syntax (storescu's own
  /// options cannot propose JPEG lossless non-SV1 or RLE). `options` go first (`-nh`).
  static func storescu(_ files: [URL], port: Int, in dir: URL, callingAE: String = "STORESCU", options: [String] = [])
    throws -> [String]
  {
    let config = dir.appendingPathComponent("storescu.cfg")
    if !FileManager.default.fileExists(atPath: config.path) {
      let compressed = TransferSyntax.allCases.filter { $0 != .explicitVRLittleEndian && $0 != .implicitVRLittleEndian }
      var text = "[[TransferSyntaxes]]\n[Uncompressed]\nTransferSyntax1 = 1.2.840.10008.1.2.1\n"
      text += "TransferSyntax2 = 1.2.840.10008.1.2\n"
      for syntax in compressed { text += "[TS\(syntax)]\nTransferSyntax1 = \(syntax.rawValue)\n" }
      text += "\n[[PresentationContexts]]\n[Breast]\n"
      var n = 0
      for sopClass in [SOPClass.digitalMammographyForPresentation, SOPClass.digitalMammographyForProcessing] {
        for name in ["Uncompressed"] + compressed.map({ "TS\($0)" }) {
          n += 1
          text += "PresentationContext\(n) = \(sopClass)\\\(name)\n"
        }
      }
      text += "\n[[Profiles]]\n[Densa]\nPresentationContexts = Breast\n"
      try text.write(to: config, atomically: true, encoding: .utf8)
    }
    return options + ["-aet", callingAE, "-aec", "DENSA", "-xf", config.path, "Densa", "127.0.0.1", "\(port)"]
      + files.map(\.path)
  }

  /// A file's data set as DCMTK writes it (explicit lengths): storescu re-encodes what it reads,
  /// so an outside object is compared in this form.
  static func normalizedDatasetBytes(_ url: URL, in dir: URL) throws -> Data {
    let out = dir.appendingPathComponent("normalized-\(UUID().uuidString).dcm")
    defer { try? FileManager.default.removeItem(at: out) }
    let result = try ExternalTool.run("dcmconv", [url.path, out.path])
    guard result.status == 0 else { throw ExternalTool.TimeoutError(command: "dcmconv: \(result.text)") }
    return try datasetBytes(out)
  }

  /// The bytes of a Part 10 file after its File Meta Information: the data set as sent.
  static func datasetBytes(_ url: URL) throws -> Data {
    let data = try Data(contentsOf: url)
    guard data.count > 144, data[128..<132] == Data("DICM".utf8) else { throw POSIXError(.EINVAL) }
    // (0002,0000) UL, explicit VR: tag 4, VR 2, length 2, value 4.
    let groupLength = data[140..<144].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
    return data.subdata(in: (144 + Int(UInt32(littleEndian: groupLength)))..<data.count)
  }
}

/// A TCP connection to a loopback port driven byte by byte: a peer that says nothing, or one that
/// associates by hand and then stays idle.
final class RawConnection {
  private(set) var fd: Int32

  init(port: Int) throws {
    fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
      }
    }
    if !connected {
      close(fd)
      fd = -1
      throw POSIXError(.ECONNREFUSED)
    }
  }

  deinit { disconnect() }

  func disconnect() {
    if fd >= 0 { close(fd) }
    fd = -1
  }

  func send(_ bytes: [UInt8]) {
    _ = bytes.withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, 0) }
  }

  /// Everything the peer sends until it closes the connection, or until `timeout` seconds pass
  /// (then `closed` is false).
  func readUntilClosed(timeout: TimeInterval) -> (bytes: [UInt8], closed: Bool) {
    read(timeout: timeout) { _ in false }
  }

  /// What the peer sends until `enough` says so (`closed` false) or it closes (`closed` true).
  func read(timeout: TimeInterval, until enough: ([UInt8]) -> Bool) -> (bytes: [UInt8], closed: Bool) {
    var bytes: [UInt8] = []
    let deadline = Date().addingTimeInterval(timeout)
    var buffer = [UInt8](repeating: 0, count: 4096)
    while Date() < deadline && !enough(bytes) {
      var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
      if poll(&p, 1, 50) <= 0 { continue }
      let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if n <= 0 { return (bytes, true) }
      bytes += buffer[0..<n]
    }
    return (bytes, false)
  }

  /// The PDU types in a byte stream (each PDU: type, reserved, 4-byte big-endian length).
  static func pduTypes(_ bytes: [UInt8]) -> [UInt8] {
    var types: [UInt8] = []
    var offset = 0
    while offset + 6 <= bytes.count {
      types.append(bytes[offset])
      let length = bytes[(offset + 2)..<(offset + 6)].reduce(0) { $0 << 8 | Int($1) }
      offset += 6 + length
    }
    return types
  }

  /// An A-ASSOCIATE-RQ proposing Verification in implicit little endian (PS3.8 9.3.2).
  static func associateRequest(calling: String, called: String) -> [UInt8] {
    func ae(_ s: String) -> [UInt8] { Array((s + String(repeating: " ", count: 16)).utf8.prefix(16)) }
    func item(_ type: UInt8, _ body: [UInt8]) -> [UInt8] {
      [type, 0, UInt8(body.count >> 8), UInt8(body.count & 0xFF)] + body
    }
    let context = item(0x10, Array("1.2.840.10008.3.1.1.1".utf8))
    let presentation = item(
      0x20, [1, 0, 0, 0] + item(0x30, Array("1.2.840.10008.1.1".utf8)) + item(0x40, Array("1.2.840.10008.1.2".utf8)))
    let user = item(0x50, item(0x51, [0, 0, 0x40, 0]) + item(0x52, Array("1.2.826.0.1.3680043.2.1143".utf8)))
    let body: [UInt8] =
      [0, 1, 0, 0] + ae(called) + ae(calling) + [UInt8](repeating: 0, count: 32) + context + presentation + user
    let n = body.count
    return [1, 0, UInt8(n >> 24 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + body
  }
}
