import Foundation
import HTTPTypes
import Hummingbird

/// Puts densa's security headers on every response, errors included.
///
/// Hummingbird turns a thrown error into a response only after the middleware chain has
/// returned, so a middleware that only decorates returned responses misses every 404 and 500.
/// This one is the outermost: it catches what the chain throws, renders the error itself (an
/// `HTTPResponseError` as it would render itself, anything else as a bare 500 that names no
/// internals) and adds the headers to that too.
public struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
  /// The headers every response carries.
  public static var headers: HTTPFields {
    [
      .contentSecurityPolicy:
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
      .xContentTypeOptions: "nosniff",
      .xFrameOptions: "DENY",
      .referrerPolicy: "no-referrer",
      .crossOriginOpenerPolicy: "same-origin",
      .crossOriginResourcePolicy: "same-origin",
    ]
  }

  public init() {}

  public func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    var response: Response
    do {
      response = try await next(request, context)
    } catch let error as HTTPError where error.body == nil {
      // Hummingbird's own 404 has no body; every error here says what it is, in JSON.
      response = Self.error(error.status, headers: error.headers)
    } catch let error as any HTTPResponseError {
      response = (try? error.response(from: request, context: context)) ?? Response(status: error.status)
    } catch {
      context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
      response = Self.internalError()
    }
    for field in Self.headers where response.headers[field.name] == nil {
      response.headers.append(field)
    }
    return response
  }

  /// What a client sees of an unexpected failure: the status and nothing of its cause.
  static func internalError() -> Response {
    error(.internalServerError)
  }

  /// An error response whose message is the status's reason phrase, in Hummingbird's JSON form.
  static func error(_ status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
    var fields = headers
    fields[.contentType] = "application/json; charset=utf-8"
    let message = status.reasonPhrase.lowercased().replacingOccurrences(of: "\"", with: "")
    return Response(
      status: status, headers: fields,
      body: .init(byteBuffer: ByteBuffer(string: #"{"error":{"message":"\#(message)"}}"#)))
  }
}

extension HTTPField.Name {
  static let referrerPolicy = Self("Referrer-Policy")!
  static let xFrameOptions = Self("X-Frame-Options")!
  static let crossOriginOpenerPolicy = Self("Cross-Origin-Opener-Policy")!
  static let secFetchSite = Self("Sec-Fetch-Site")!
  static let host = Self("Host")!
}
