import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Worklist

/// The node's HTTP listener (Hummingbird): `/health` and Prometheus `/metrics`, the web pages
/// and the JSON API, all behind ``WebRouter``'s middleware.
struct HTTPService: Service {
  let host: String
  let port: Int
  let health: @Sendable () -> HealthReport
  let metrics: NodeMetrics
  let status: NodeStatus
  let site: WebSite
  let logger: Logger

  func run() async throws {
    let health = self.health
    let metrics = self.metrics
    let router = site.router(logger: logger) { router in
      Self.addNodeRoutes(to: router, health: health, metrics: metrics)
    }
    let status = self.status
    var quiet = logger
    quiet.logLevel = max(logger.logLevel, .notice)
    let app = Application(
      router: router, configuration: .init(address: .hostname(host, port: port), serverName: "densa"),
      onServerRunning: { channel in
        status.setHTTPPort(channel.localAddress?.port ?? 0)
      }, logger: quiet)
    try await app.run()
  }

  /// `/health` (JSON) and `/metrics` (Prometheus text).
  static func addNodeRoutes(
    to router: Router<WebRequestContext>, health: @escaping @Sendable () -> HealthReport, metrics: NodeMetrics
  ) {
    router.get("health") { _, _ -> Response in
      let report = health()
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      let body = (try? encoder.encode(report)) ?? Data("{}".utf8)
      return Response(
        status: report.status == "ok" ? .ok : .serviceUnavailable,
        headers: [.contentType: "application/json; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
    router.get("metrics") { _, _ -> Response in
      Response(
        status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
    }
  }
}
