import Foundation
import Hummingbird

/// `GET /model`: the model card, the weights' SHA-256, its validation figures, and the plain
/// warning every page shows when it is a model trained on synthetic phantoms.
struct ModelPage {
  let site: WebSite

  func add(to router: Router<WebRequestContext>) {
    let site = self.site
    router.get("model") { request, context -> Response in
      let response = try ModelPage(site: site).render(request, context: context)
      try site.recordView(of: "model", request: request, context: context)
      return response
    }
  }

  func render(_ request: Request, context: WebRequestContext) throws -> Response {
    let renderer = PageRenderer(site: site)
    let t = renderer.strings(request)
    let card = site.card
    var values: [String: Any] = [
      "name": site.model.name, "version": site.model.version, "sha256": site.model.sha256,
      "precision": site.model.precision.rawValue, "architecture": card.architecture,
      "classes": card.classes.joined(separator: ", "), "intendedUse": card.intendedUse,
      "clinicalUse": t[card.clinicalUse ? "yes" : "no"] ?? "",
    ]
    if card.requiresNotice { values["notice"] = card.noticeText }
    if let training = card.training {
      values["training"] = ["data": training.data, "provenance": training.provenance]
    }
    if let v = card.validation {
      values["validation"] =
        [
          "split": v.split, "samples": v.samples, "accuracy": PageFormat.figure(v.accuracy),
          "macroF1": PageFormat.figure(v.macroF1),
        ] as [String: Any]
    }
    return try renderer.render(
      "model", title: t["model"] ?? "model", request: request, context: context, values: values)
  }
}
