import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// One log line per request: method, path, status and time taken. The query string is left
/// out (filters may carry dates or names), and so is every header: URLs hold internal exam ids
/// only, so the line names no patient.
public struct AccessLogMiddleware<Context: RequestContext>: RouterMiddleware {
  public let logger: Logger

  public init(logger: Logger) {
    self.logger = logger
  }

  public func handle(
    _ request: Request, context: Context, next: (Request, Context) async throws -> Response
  ) async throws -> Response {
    let start = ContinuousClock.now
    var status = "500"
    defer {
      let elapsed = ContinuousClock.now - start
      let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
      logger.info(
        "http",
        metadata: [
          "method": "\(request.method.rawValue)", "path": "\(request.uri.path)", "status": "\(status)",
          "ms": "\(String(format: "%.1f", ms))",
        ])
    }
    do {
      let response = try await next(request, context)
      status = String(response.status.code)
      return response
    } catch let error as any HTTPResponseError {
      status = String(error.status.code)
      throw error
    }
  }
}
