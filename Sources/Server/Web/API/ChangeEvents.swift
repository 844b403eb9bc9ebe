import Foundation
import Hummingbird
import Worklist

/// `GET /api/events`: server-sent events that say the database changed (a result stored, a
/// review, a read state), so an open worklist refreshes itself, also when another process wrote
/// the database. Asked without `Accept: text/event-stream`, it answers the change counter once,
/// as JSON.
///
/// A stream ends after `streamSeconds` (EventSource reconnects by itself), so a stopping server
/// never waits long for an open page.
struct ChangeEvents {
  let site: WebSite
  var pollInterval: Duration = .milliseconds(500)

  func add(to router: Router<WebRequestContext>) {
    let site = self.site
    let interval = pollInterval
    router.get("api/events") { request, _ -> Response in
      let watcher = try StoreChangeWatcher(path: site.store.path)
      let first = try watcher.version()
      guard request.headers[.accept]?.contains("text/event-stream") == true else {
        return try JSONResponse.make(["version": first])
      }
      let seconds = site.eventStreamSeconds
      return Response(
        status: .ok,
        headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
        body: .init { writer in
          var last = first
          try await writer.write(ByteBuffer(string: "retry: 2000\nevent: version\ndata: \(first)\n\n"))
          let end = ContinuousClock.now + .seconds(seconds)
          while ContinuousClock.now < end && !Task.isCancelled {
            try await Task.sleep(for: interval)
            let now = (try? watcher.version()) ?? last
            if now != last {
              last = now
              try await writer.write(ByteBuffer(string: "event: changed\ndata: \(now)\n\n"))
            }
          }
          try await writer.finish(nil)
        })
    }
  }
}
