import Foundation
import Hummingbird
import Worklist

/// The exams: `GET /api/exams` (filtered, sorted, paged), `GET /api/exams/{id}`, a review or a
/// read state posted to one, and its files (result JSON, SR, scorecard, view previews, heatmaps). URLs name
/// exams by densa's own id only.
struct ExamAPI {
  let site: WebSite

  func add(to router: Router<WebRequestContext>) {
    let site = self.site
    router.get("api/exams") { request, _ -> Response in
      let query = try ExamListQuery(request.queryDictionary)
      let page = try site.store.worklistPage(query.filter)
      return try JSONResponse.make(
        ExamListBody(
          total: page.total, page: query.page, pageSize: query.pageSize, exams: page.entries.map(ExamSummaryBody.init)))
    }
    router.get("api/exams/{id}") { _, context -> Response in
      let exam = try site.exam(context)
      let response = try JSONResponse.make(ExamBody(exam))
      try site.store.recordView(of: "exam", id: exam.examID, by: context.actor)
      return response
    }
    router.post("api/exams/{id}/review") { request, context -> Response in
      let exam = try site.exam(context)
      let body = try await request.decode(as: ReviewBody.self, context: context)
      try site.review(exam, body, context: context)
      return try JSONResponse.make(ExamBody(try site.exam(id: exam.examID)))
    }
    router.post("api/exams/{id}/read-state") { request, context -> Response in
      let exam = try site.exam(context)
      let body = try await request.decode(as: ReadStateBody.self, context: context)
      guard body.state == "read" || body.state == "unread" else {
        throw HTTPError(.badRequest, message: "state must be read or unread")
      }
      try site.store.setReadState(body.state, exam: exam.studyInstanceUID, actor: context.actor)
      return try JSONResponse.make(ExamBody(try site.exam(id: exam.examID)))
    }
    router.get("api/exams/{id}/result") { _, context -> Response in
      let exam = try site.exam(context)
      return JSONResponse.file(
        try site.storedFile(exam.resultJSONPath), contentType: "application/json; charset=utf-8")
    }
    router.get("api/exams/{id}/sr") { _, context -> Response in
      let exam = try site.exam(context)
      guard let path = exam.structuredReportPath else { throw HTTPError(.notFound, message: "no SR for this exam") }
      return JSONResponse.file(
        try site.storedFile(path), contentType: "application/dicom",
        headers: [.contentDisposition: "attachment; filename=\"density-sr-\(exam.examID).dcm\""])
    }
    router.get("api/exams/{id}/scorecard") { _, context -> Response in
      let exam = try site.exam(context)
      guard let path = exam.scorecardPath else { throw HTTPError(.notFound, message: "no scorecard for this exam") }
      return JSONResponse.file(
        try site.storedFile(path), contentType: "application/dicom",
        headers: [.contentDisposition: "attachment; filename=\"density-scorecard-\(exam.examID).dcm\""])
    }
    router.get("api/exams/{id}/views/{view}/preview") { _, context -> Response in
      let (_, view) = try site.view(context)
      guard let path = view.imagePath else { throw HTTPError(.notFound, message: "no stored image for this view") }
      let preview: ViewPreviews.Preview
      do {
        preview = try site.previews.preview(path: path, view: view.view)
      } catch {
        throw HTTPError(.notFound, message: "the stored image cannot be rendered")
      }
      return JSONResponse.file(preview.png, contentType: "image/png", headers: [.cacheControl: "private, max-age=300"])
    }
    router.get("api/exams/{id}/views/{view}/heatmap") { _, context -> Response in
      let (_, view) = try site.view(context)
      guard let path = view.heatmapPath else { throw HTTPError(.notFound, message: "no heatmap for this view") }
      return JSONResponse.file(
        try site.storedFile(path), contentType: "image/png", headers: [.cacheControl: "private, max-age=300"])
    }
  }
}

extension WebSite {
  /// The exam the path's `{id}` names; 400 when it is no id, 404 when there is no such exam.
  func exam(_ context: WebRequestContext) throws -> ExamDetail {
    guard let raw = context.parameters.get("id"), let id = Int64(raw), id > 0 else {
      throw HTTPError(.badRequest, message: "an exam id is a positive whole number")
    }
    return try exam(id: id)
  }

  func exam(id: Int64) throws -> ExamDetail {
    guard let exam = try store.examDetail(id: id) else { throw HTTPError(.notFound, message: "no such exam") }
    return exam
  }

  /// The exam and the view the path names (`{view}`: R-CC, L-CC, R-MLO, L-MLO).
  func view(_ context: WebRequestContext) throws -> (ExamDetail, ExamDetail.View) {
    let exam = try exam(context)
    guard let name = context.parameters.get("view"), let view = exam.views.first(where: { $0.view == name }) else {
      throw HTTPError(.notFound, message: "no such view in this exam")
    }
    return (exam, view)
  }

  /// Records a review of the exam's disagreement (store and audit log) by the logged-in user, or,
  /// with login off and nobody logged in, by the reviewer the body names; 403 for a user whose
  /// role does not review (admin), 409 when the exam has none, 400 when the body is not a valid
  /// review.
  func review(_ exam: ExamDetail, _ body: ReviewBody, context: WebRequestContext) throws {
    if let user = context.identity, !user.role.mayReview {
      throw HTTPError(
        .forbidden, message: "reviews need the qa or radiologist role; \(user.name) is \(user.role.rawValue)")
    }
    guard let disagreement = exam.review else {
      throw HTTPError(.conflict, message: "this exam has no disagreement to review")
    }
    switch body.validated(loggedIn: context.identity?.name) {
    case .failure(let error): throw HTTPError(.badRequest, message: error.message)
    case .success(let (state, reviewer, note)):
      try store.review(disagreement: disagreement.disagreementID, state: state, reviewer: reviewer, note: note)
    }
  }

  /// A file densa wrote for an exam; 404 when it is gone.
  func storedFile(_ path: String) throws -> Data {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw HTTPError(.notFound, message: "the stored file is no longer there")
    }
    return data
  }
}
