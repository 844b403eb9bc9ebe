import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Sends one HL7 message in its MLLP frame over a new TCP connection and reads the one frame that
/// answers it, every step bounded by `timeout` seconds, then closes the connection.
struct MLLPClient: Sendable {
  var timeout: Double

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// The answer's bytes without their framing.
  func exchange(_ message: String, host: String, port: Int) throws(Failure) -> [UInt8] {
    let fd = try connect(host: host, port: port)
    defer { close(fd) }
    var tv = timeval(tv_sec: time_t(timeout), tv_usec: suseconds_t((timeout - timeout.rounded(.down)) * 1e6))
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    let frame = MLLP.frame(message)
    var sent = 0
    while sent < frame.count {
      let n = frame[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
      guard n > 0 else { throw Failure(description: "sending failed: \(String(cString: strerror(errno)))") }
      sent += n
    }
    let deadline = Date().addingTimeInterval(timeout)
    var received = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while Date() < deadline {
      let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
      if n == 0 { throw Failure(description: "connection closed before an acknowledgment") }
      if n < 0 {
        if errno == EINTR { continue }
        throw Failure(description: "no acknowledgment within \(timeout) s")
      }
      received += buffer[..<n]
      if let start = received.firstIndex(of: MLLP.start),
        let end = received[(start + 1)...].firstIndex(of: MLLP.end)
      {
        return Array(received[(start + 1)..<end])
      }
      if received.count > 1 << 20 { throw Failure(description: "acknowledgment larger than 1 MiB") }
    }
    throw Failure(description: "no acknowledgment within \(timeout) s")
  }

  /// A connected socket to the first address of `host` that answers within the timeout.
  private func connect(host: String, port: Int) throws(Failure) -> Int32 {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    var list: UnsafeMutablePointer<addrinfo>? = nil
    guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
      throw Failure(description: "cannot resolve \(host)")
    }
    defer { freeaddrinfo(list) }
    var problem = "no address"
    var entry: UnsafeMutablePointer<addrinfo>? = first
    while let a = entry {
      entry = a.pointee.ai_next
      let fd = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
      if fd < 0 { continue }
      let flags = fcntl(fd, F_GETFL, 0)
      _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
      if Glibc.connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen) == 0 || errno == EINPROGRESS {
        var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        if poll(&p, 1, Int32(timeout * 1000)) == 1 {
          var error: Int32 = 0
          var length = socklen_t(MemoryLayout<Int32>.size)
          getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
          if error == 0 {
            _ = fcntl(fd, F_SETFL, flags)
            return fd
          }
          problem = String(cString: strerror(error))
        } else {
          problem = "connection timed out"
        }
      } else {
        problem = String(cString: strerror(errno))
      }
      close(fd)
    }
    throw Failure(description: "cannot connect to \(host):\(port): \(problem)")
  }
}
