import Foundation
import HTTPTypes
import Hummingbird
import Testing
import Worklist

@testable import Server

/// `/api/events` says when another connection changed the database.
@Suite struct ChangeEventsTests {
  @Test func aWriteThroughAnotherConnectionIsAnnounced() async throws {
    let f = try await WebFixture.make(exams: 1, eventStreamSeconds: 1.5)
    defer { f.remove() }
    let exam = try #require(try f.store.worklist().first)
    try await f.application().test(.router) { client in
      let path = f.store.path
      let response = try await client.stream(
        uri: "/api/events", headers: [.accept: "text/event-stream"],
        onPart: { part in
          // Written once the stream has read its first version (never before, however slow the
          // machine): through another connection, as another process would.
          guard String(buffer: part).contains("event: version") else { return }
          try Store(path: path).setReadState("read", exam: exam.studyInstanceUID, actor: "other-process")
        })
      #expect(response.headers[.contentType] == "text/event-stream")
      let stream = String(buffer: response.body)
      #expect(stream.hasPrefix("retry: 2000\nevent: version\ndata: "))
      #expect(stream.components(separatedBy: "event: changed\n").count - 1 == 1)
    }
  }

  @Test func nothingIsAnnouncedWhenNothingChangesAndJSONAnswersOnce() async throws {
    let f = try await WebFixture.make(exams: 1, eventStreamSeconds: 1)
    defer { f.remove() }
    try await f.application().test(.router) { client in
      let stream = try await client.execute(
        uri: "/api/events", method: .get, headers: [.accept: "text/event-stream"]
      ) { String(buffer: $0.body) }
      #expect(stream.contains("event: version") && !stream.contains("event: changed"))
      try await client.execute(uri: "/api/events", method: .get) { response in
        #expect(response.headers[.contentType] == "application/json; charset=utf-8")
        let body = try JSONDecoder().decode([String: Int].self, from: Data(buffer: response.body))
        #expect(body["version"] != nil)
      }
    }
  }
}
