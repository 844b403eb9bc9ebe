import Hummingbird

/// `GET /static/{file}`: the stylesheet and the script, from the web assets (nothing from a CDN).
struct StaticFiles {
  let assets: WebAssets

  func add(to router: Router<WebRequestContext>) {
    let assets = self.assets
    router.get("static/{file}") { _, context -> Response in
      guard let name = context.parameters.get("file"), let file = assets.files[name] else {
        throw HTTPError(.notFound, message: "no such file")
      }
      return JSONResponse.file(file.data, contentType: file.contentType, headers: [.cacheControl: "max-age=3600"])
    }
  }
}
