import Foundation
import Hummingbird

/// JSON answers in one style: sorted keys, UTF-8, the media type said.
enum JSONResponse {
  static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return Response(
      status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
      body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
  }

  /// A file's bytes with its media type.
  static func file(_ data: Data, contentType: String, headers extra: HTTPFields = [:]) -> Response {
    var headers: HTTPFields = [.contentType: contentType]
    headers.append(contentsOf: extra)
    return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
  }
}
