import Hummingbird
import Logging

/// The router of densa's HTTP listener, with its middleware in place: every route added to it
/// afterwards (`/health`, `/metrics`, the API, the pages) answers through the same checks.
public enum WebRouter {
  /// A router whose middleware runs, outermost first: security headers (on errors too), the
  /// access log, the Host check, 405 for a known path asked with another method (once `methods`
  /// has learnt the finished router), the cross-origin check on state-changing requests.
  public static func router(
    configuration: WebConfiguration, logger: Logger,
    methods: MethodCheckMiddleware<BasicRequestContext> = MethodCheckMiddleware()
  ) -> Router<BasicRequestContext> {
    let router = Router(options: .autoGenerateHeadEndpoints)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: AccessLogMiddleware(logger: logger))
    router.add(middleware: HostCheckMiddleware(allowedHosts: configuration.allowedHosts))
    router.add(middleware: methods)
    router.add(middleware: CrossOriginCheckMiddleware())
    return router
  }
}
