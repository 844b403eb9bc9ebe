import Classifier
import Foundation
import Hummingbird
import Logging
import Worklist

/// What the web interface and the JSON API read and write: the store, the node's model, the
/// web settings and files.
public struct WebSite: Sendable {
  public let store: Store
  public let model: ModelIdentity
  public let card: ModelCard
  public let configuration: WebConfiguration
  public let assets: WebAssets
  public let previews: ViewPreviews
  /// Signs the pages' forms.
  public let formTokens: FormToken
  /// How long one server-sent event stream (`/api/events`) stays open.
  public let eventStreamSeconds: Double

  public init(
    store: Store, model: ModelIdentity, card: ModelCard, configuration: WebConfiguration, assets: WebAssets,
    previews: ViewPreviews = ViewPreviews(), formTokens: FormToken = FormToken(), eventStreamSeconds: Double = 15
  ) {
    self.eventStreamSeconds = eventStreamSeconds
    self.formTokens = formTokens
    self.store = store
    self.model = model
    self.card = card
    self.configuration = configuration
    self.assets = assets
    self.previews = previews
  }

  /// The router with its middleware (``WebRouter``, login included), the login page, the JSON
  /// API, the OpenAPI document and the pages; `extra` adds routes of the node's own (`/health`, `/metrics`) behind the same
  /// middleware.
  public func router(logger: Logger, extra: (Router<WebRequestContext>) -> Void = { _ in })
    -> Router<WebRequestContext>
  {
    let methods = MethodCheckMiddleware<WebRequestContext>()
    let router = WebRouter.router(configuration: configuration, logger: logger, methods: methods)
    WebRouter.addLogin(to: router, configuration: configuration, store: store)
    if (try? store.removeExpiredSessions()) == nil {
      logger.warning("expired login sessions could not be deleted", metadata: ["db": "\(store.path)"])
    }
    extra(router)
    LoginPage(site: self, tokens: formTokens).add(to: router)
    ExamAPI(site: self).add(to: router)
    OverviewAPI(site: self).add(to: router)
    ChangeEvents(site: self).add(to: router)
    WorklistPage(site: self).add(to: router)
    ExamPage(site: self, tokens: formTokens).add(to: router)
    QAPage(site: self).add(to: router)
    ModelPage(site: self).add(to: router)
    StaticFiles(assets: assets).add(to: router)
    let assets = self.assets
    router.get("openapi.yaml") { _, _ in
      JSONResponse.file(Data(assets.openAPIYAML.utf8), contentType: "application/yaml; charset=utf-8")
    }
    router.get("openapi.json") { _, _ in
      JSONResponse.file(assets.openAPIJSON, contentType: "application/json; charset=utf-8")
    }
    methods.learn(router)
    return router
  }
}
