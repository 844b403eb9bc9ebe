import Foundation
import Hummingbird
import Logging
import Testing
import Yams

@testable import Server

/// The OpenAPI document and the router describe the same routes.
@Suite struct OpenAPIDocumentTests {
  /// Every route of the HTTP listener, as `densa serve` builds it, written `METHOD /path/{param}`.
  func routerRoutes(_ site: WebSite) -> Set<String> {
    let router = site.router(logger: Logger(label: "test")) { router in
      HTTPService.addNodeRoutes(to: router, health: { fatalError("not called") }, metrics: NodeMetrics())
    }
    return Set(
      router.routes.map { route in
        let path = route.path.description
        return "\(route.method.rawValue) \(path.hasPrefix("/") ? path : "/" + path)"
      })
  }

  func documentRoutes(_ yaml: String) throws -> Set<String> {
    let document = try #require(try Yams.load(yaml: yaml) as? [String: Any])
    #expect(document["openapi"] as? String == "3.1.0")
    let paths = try #require(document["paths"] as? [String: Any])
    var routes = Set<String>()
    for (path, item) in paths {
      let operations = try #require(item as? [String: Any])
      for method in ["get", "post", "put", "patch", "delete"] where operations[method] != nil {
        routes.insert("\(method.uppercased()) \(path)")
      }
    }
    return routes
  }

  @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() async throws {
    let assets = try WebAssets.bundled()
    let f = try await WebFixture.make(exams: 1)
    defer { f.remove() }
    let served = routerRoutes(f.site)
    let documented = try documentRoutes(assets.openAPIYAML)
    #expect(served.subtracting(documented).isEmpty, "not in openapi.yaml: \(served.subtracting(documented).sorted())")
    #expect(documented.subtracting(served).isEmpty, "not served: \(documented.subtracting(served).sorted())")
    #expect(served.contains("GET /api/exams") && served.contains("POST /api/exams/{id}/review"))
  }

  @Test func bothFormsAreServedAndSayTheSame() async throws {
    let f = try await WebFixture.make(exams: 1)
    defer { f.remove() }
    try await f.application().test(.router) { client in
      let yaml = try await client.execute(uri: "/openapi.yaml", method: .get) { response in
        #expect(response.status == .ok)
        return String(buffer: response.body)
      }
      let json = try await client.execute(uri: "/openapi.json", method: .get) { response in
        #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
        return Data(buffer: response.body)
      }
      let fromYAML = try #require(try Yams.load(yaml: yaml) as? NSDictionary)
      let fromJSON = try #require(try JSONSerialization.jsonObject(with: json) as? NSDictionary)
      #expect(fromYAML == fromJSON)
    }
  }
}
