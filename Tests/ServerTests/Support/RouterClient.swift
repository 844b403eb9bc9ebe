import Hummingbird
import NIOCore
import NIOEmbedded
import Synchronization

/// What a request to the router returned: its head and its whole body.
struct TestResponse: Sendable {
  let head: HTTPResponse
  var status: HTTPResponse.Status { head.status }
  var headers: HTTPFields { head.headerFields }
  let body: ByteBuffer
}

/// The only way these tests reach the site: requests handed straight to the application's
/// responder, with no socket. HummingbirdTesting does the same, but its product also links
/// AsyncHTTPClient and with it NIOSSL, NIOHTTP2 and a second BoringSSL into every clean build.
enum RouterTesting { case router }

/// Sends requests to one application's responder.
struct RouterClient: Sendable {
  fileprivate let respond: @Sendable (Request) async throws -> Response

  /// The response to `method uri`, passed to `check`; a route that throws answers 500, as a
  /// server would.
  @discardableResult
  func execute<Value>(
    uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil,
    check: (TestResponse) async throws -> Value = { $0 }
  ) async throws -> Value {
    try await check(send(uri: uri, method: method, headers: headers, body: body, onPart: { _ in }))
  }

  /// The response to `GET uri`, with `onPart` called on each part of the body as the route
  /// writes it and before the route goes on, so a test can act at a known point of a stream.
  func stream(
    uri: String, headers: HTTPFields = [:], onPart: @escaping @Sendable (ByteBuffer) async throws -> Void
  ) async throws -> TestResponse {
    try await send(uri: uri, method: .get, headers: headers, body: nil, onPart: onPart)
  }

  private func send(
    uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?,
    onPart: @escaping @Sendable (ByteBuffer) async throws -> Void
  ) async throws -> TestResponse {
    var headers = headers
    if let body { headers[.contentLength] = String(body.readableBytes) }
    let request = Request(
      head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: uri, headerFields: headers),
      body: RequestBody(buffer: body ?? ByteBuffer()))
    let response: Response
    do { response = try await respond(request) } catch { response = Response(status: .internalServerError) }
    let collected = CollectedBody(onPart: onPart)
    try await response.body.write(collected.writer)
    return TestResponse(head: response.head, body: collected.bytes)
  }
}

extension ApplicationProtocol {
  /// Runs `test` with a client of this application's router.
  func test<Value>(_: RouterTesting, _ test: (RouterClient) async throws -> Value) async throws -> Value {
    let responder = try await self.responder
    let logger = self.logger
    let client = RouterClient { request in
      let context = Context(
        source: ApplicationRequestContextSource(channel: NIOAsyncTestingChannel(), logger: logger))
      return try await responder.respond(to: request, context: context)
    }
    return try await test(client)
  }
}

/// A response body gathered as the route writes it (the writer is consumed, so the bytes live here).
private final class CollectedBody: Sendable {
  private let buffer = Mutex(ByteBuffer())
  let onPart: @Sendable (ByteBuffer) async throws -> Void
  init(onPart: @escaping @Sendable (ByteBuffer) async throws -> Void) { self.onPart = onPart }
  var bytes: ByteBuffer { buffer.withLock { $0 } }
  var writer: Writer { Writer(into: self) }

  struct Writer: ResponseBodyWriter {
    let into: CollectedBody
    mutating func write(_ part: ByteBuffer) async throws {
      _ = into.buffer.withLock { $0.writeImmutableBuffer(part) }
      try await into.onPart(part)
    }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
  }
}
