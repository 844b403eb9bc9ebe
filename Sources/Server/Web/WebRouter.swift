import Hummingbird
import HummingbirdAuth
import Logging
import Worklist

/// The router of densa's HTTP listener, with its middleware in place: every route added to it
/// afterwards (`/health`, `/metrics`, the API, the pages) answers through the same checks.
public enum WebRouter {
  /// A router whose middleware runs, outermost first: security headers (on errors too), the
  /// access log, the Host check, 405 for a known path asked with another method (once `methods`
  /// has learnt the finished router), the cross-origin check on state-changing requests.
  public static func router<Context: RequestContext>(
    configuration: WebConfiguration, logger: Logger,
    methods: MethodCheckMiddleware<Context> = MethodCheckMiddleware()
  ) -> Router<Context> {
    let router = Router(context: Context.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: AccessLogMiddleware(logger: logger))
    router.add(middleware: HostCheckMiddleware(allowedHosts: configuration.allowedHosts))
    router.add(middleware: methods)
    router.add(middleware: CrossOriginCheckMiddleware())
    return router
  }

  /// Adds login after the checks above: the session (a cookie, HttpOnly and SameSite=Strict,
  /// Secure when configured; the session itself in `store`), the account it names, and, when
  /// login is required, the refusal of every request without one (``LoginRequiredMiddleware``).
  public static func addLogin(to router: Router<WebRequestContext>, configuration: WebConfiguration, store: Store) {
    let cookie = SessionCookieParameters(
      name: LoginPage.cookieName, path: "/", secure: configuration.secureCookie, sameSite: .strict)
    router.add(
      middleware: SessionMiddleware(
        storage: StoreSessionDriver(store: store),
        configuration: .init(
          sessionCookieParameters: cookie, keyPrefix: "densa.", defaultSessionExpiration: LoginPage.sessionLifetime)))
    router.add(
      middleware: SessionAuthenticator(context: WebRequestContext.self) { (session: WebSession, _) in
        try store.user(id: session.userID)
      })
    router.add(middleware: LoginRequiredMiddleware(required: configuration.loginRequired))
  }
}
