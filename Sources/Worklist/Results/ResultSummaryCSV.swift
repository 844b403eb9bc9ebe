/// The CSV summary of many exam results, one row per exam: identifiers, per-view probabilities,
/// per-breast and exam composition, score, confidence, model identity, report density with its
/// evidence, agreement, and whether the exam is uncertain.
public func resultSummaryCSV(_ documents: [ExamResultDocument]) -> String {
  let views = ["R-CC", "L-CC", "R-MLO", "L-MLO"]
  var header = ["accession", "patient_id", "study_date", "study_instance_uid", "exam_status", "missing_views"]
  for v in views { header += ["a", "b", "c", "d"].map { "\(v)_p_\($0)" } }
  header += [
    "right", "left", "exam", "score", "confidence", "model", "model_version", "model_sha256", "model_precision",
    "report_density",
    "report_evidence", "birads", "agreement", "crosses_dense_boundary", "notice",
    // Appended so earlier columns keep their positions.
    "uncertain", "uncertain_reasons", "model_temperature",
  ]
  var lines = [header.joined(separator: ",")]
  for d in documents.sorted(by: {
    ($0.exam.studyDate ?? "", $0.exam.accession ?? "") < ($1.exam.studyDate ?? "", $1.exam.accession ?? "")
  }) {
    var row = [
      d.exam.accession ?? "", d.exam.patientID, d.exam.studyDate ?? "", d.exam.studyInstanceUID, d.exam.status,
      d.exam.missingViews.joined(separator: " "),
    ]
    for v in views {
      if let section = d.views.first(where: { $0.view == v }) {
        row += section.probabilities.values.map { String(format: "%.4f", $0) }
      } else {
        row += ["", "", "", ""]
      }
    }
    let breast = { (side: String) in d.breasts.first { $0.laterality == side }?.composition ?? "" }
    row += [
      breast("R"), breast("L"), d.examDensity?.composition ?? "",
      d.examDensity.map { String(format: "%.3f", $0.score) } ?? "",
      d.examDensity.map { String(format: "%.3f", $0.confidence) } ?? "", d.model.name, d.model.version, d.model.sha256,
      d.model.precision ?? "fp32",
      d.report?.density ?? "", d.report?.evidence.map(\.text).joined(separator: " | ") ?? "", d.report?.birads ?? "",
      d.agreement.status, d.agreement.crossesDenseBoundary ? "1" : "0", d.model.notice ?? "",
      d.uncertainty.map { $0.uncertain ? "1" : "0" } ?? "", d.uncertainty?.reasons.joined(separator: " ") ?? "",
      d.model.temperature.map { String(format: "%.4f", $0) } ?? "",
    ]
    lines.append(row.map(csvField).joined(separator: ","))
  }
  return lines.joined(separator: "\n") + "\n"
}

/// A CSV field, quoted when it holds a comma, quote or line break.
public func csvField(_ s: String) -> String {
  s.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline })
    ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
}
