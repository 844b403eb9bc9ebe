import BIRADS
import Foundation
import Raster

/// The density scorecard: one picture per exam that any PACS viewer can show beside the SR. It
/// carries the exam and per-breast composition, the confidence, the four views with their heatmaps
/// in the standard hanging (R-CC, L-CC above R-MLO, L-MLO; the right breast on the viewer's left,
/// chest walls facing each other), the report's density and the agreement, the MQSA sentence the
/// model suggests, any assessment limitation, the model's identity, and the model card's notice.
enum Scorecard {
  static let width = 1280
  static let height = 1024

  /// One view's picture (its heatmap overlay, or the view in gray) and what the model said of it.
  struct Thumbnail {
    var view: String
    var picture: PNGImage
    /// Mirror so that the chest wall faces the middle of the hanging.
    var mirrored: Bool
    var composition: String
    var probability: Double
  }

  /// The banner for a model whose card requires a notice: the demo model's words when it was
  /// trained on synthetic phantoms, else "not for clinical use" and the card's own text.
  static func noticeBanner(syntheticPhantoms: Bool, clinicalUse: Bool, cardNotice: String) -> String {
    if syntheticPhantoms && !clinicalUse { return "DEMO MODEL — trained on synthetic phantoms — not for clinical use" }
    return clinicalUse ? cardNotice : "NOT FOR CLINICAL USE — \(cardNotice)"
  }

  static let background = RGBColour(20, 22, 26)
  static let panel = RGBColour(34, 37, 43)
  static let text = RGBColour(235, 235, 235)
  static let dim = RGBColour(160, 165, 172)
  static let accent = RGBColour(120, 190, 255)
  static let warning = RGBColour(176, 24, 24)
  static let amber = RGBColour(255, 196, 64)

  /// Composes the scorecard; `notice` is the red band's text (nil: no band). Throws when DejaVu
  /// Sans cannot be loaded.
  static func render(_ document: ExamResultDocument, thumbnails: [Thumbnail], notice: String?) throws -> RGBImage {
    let regular = try TextRenderer(fontFile: TextRenderer.dejaVuSans)
    let bold = try TextRenderer(fontFile: TextRenderer.dejaVuSansBold)
    var image = RGBImage(width: width, height: height, fill: background)
    var top = 0

    // Title band.
    image.fill(x: 0, y: 0, width: width, height: 64, colour: panel)
    bold.draw("densa · breast density scorecard", pixelSize: 30, x: 24, baseline: 43, colour: text, on: &image)
    let studyLine = "Study " + formatDate(document.exam.studyDate) + " · " + document.exam.status
    regular.draw(
      studyLine, pixelSize: 20, x: width - 24 - regular.width(of: studyLine, pixelSize: 20), baseline: 40,
      colour: dim, on: &image)
    top = 64

    // The notice, impossible to miss: a red band across the whole picture.
    if let notice {
      let lines = bold.wrap(notice, pixelSize: 28, maxWidth: width - 48)
      let bandHeight = 20 + 38 * lines.count
      image.fill(x: 0, y: top, width: width, height: bandHeight, colour: warning)
      for (i, line) in lines.enumerated() {
        let w = bold.width(of: line, pixelSize: 28)
        bold.draw(line, pixelSize: 28, x: (width - w) / 2, baseline: top + 42 + 38 * i, colour: .white, on: &image)
      }
      top += bandHeight
    }

    // Left: the four views in the standard hanging.
    let gridX = 16, gridY = top + 16
    let gridWidth = 780, gridHeight = height - 40 - gridY
    let cellWidth = gridWidth / 2, cellHeight = gridHeight / 2
    let hanging = [["R-CC", "L-CC"], ["R-MLO", "L-MLO"]]
    for (row, names) in hanging.enumerated() {
      for (column, name) in names.enumerated() {
        // Right views on the left, chest walls against the middle line.
        let x = gridX + column * cellWidth, y = gridY + row * cellHeight
        image.fill(x: x + 4, y: y + 4, width: cellWidth - 8, height: cellHeight - 8, colour: .black)
        let label: String
        if let t = thumbnails.first(where: { $0.view == name }) {
          image.draw(
            t.picture, fittingX: x + 8, y: y + 36, width: cellWidth - 16, height: cellHeight - 44,
            across: column == 0 ? 1 : 0, mirrored: t.mirrored)
          label = "\(name)   \(t.composition)  \(percent(t.probability))"
        } else {
          label = "\(name)   not classified"
          regular.draw("no image", pixelSize: 20, x: x + 24, baseline: y + cellHeight / 2, colour: dim, on: &image)
        }
        bold.draw(label, pixelSize: 20, x: x + 14, baseline: y + 28, colour: text, on: &image)
      }
    }

    // Right: the findings.
    let px = 816, pw = width - px - 16
    image.fill(x: px, y: gridY + 4, width: pw, height: gridHeight - 8, colour: panel)
    let tx = px + 20, textWidth = pw - 40
    var y = gridY + 40
    regular.draw("Exam breast composition (model)", pixelSize: 20, x: tx, baseline: y, colour: dim, on: &image)
    y += 8
    if let exam = document.examDensity, let composition = BreastComposition(rawValue: exam.composition) {
      y += 92
      let end = bold.draw(exam.composition, pixelSize: 110, x: tx, baseline: y, colour: accent, on: &image)
      let nameLines = bold.wrap(composition.atlasName, pixelSize: 26, maxWidth: width - 36 - (end + 20))
      for (i, line) in nameLines.enumerated() {
        bold.draw(line, pixelSize: 26, x: end + 20, baseline: y - 52 + 32 * i, colour: text, on: &image)
      }
      y += 40
      regular.draw(
        "Confidence \(percent(exam.confidence)) (breast \(exam.decidingBreast) decides)", pixelSize: 22, x: tx,
        baseline: y, colour: text, on: &image)
      y += 34
      for breast in document.breasts {
        let side = breast.laterality == "R" ? "Right" : "Left"
        regular.draw(
          "\(side) breast: \(breast.composition)  (\(percent(breast.confidence)))", pixelSize: 22, x: tx,
          baseline: y, colour: text, on: &image)
        y += 32
      }
    } else {
      y += 40
      bold.draw("not assessed", pixelSize: 32, x: tx, baseline: y, colour: amber, on: &image)
      y += 40
    }

    // The report and the agreement.
    y += 18
    regular.draw("Radiologist's report", pixelSize: 20, x: tx, baseline: y, colour: dim, on: &image)
    y += 32
    let reportLine: String
    if let report = document.report {
      reportLine = "Density: " + (report.density ?? "not stated")
    } else {
      reportLine = "No report paired"
    }
    regular.draw(reportLine, pixelSize: 22, x: tx, baseline: y, colour: text, on: &image)
    y += 32
    let status = document.agreement.status
    let disagrees = status == AgreementStatus.adjacent.rawValue || status == AgreementStatus.major.rawValue
    bold.draw("Agreement: \(status)", pixelSize: 22, x: tx, baseline: y, colour: disagrees ? amber : text, on: &image)
    if document.agreement.crossesDenseBoundary {
      y += 30
      bold.draw("crosses the dense / not dense line", pixelSize: 20, x: tx, baseline: y, colour: amber, on: &image)
    }
    y += 24

    // The MQSA sentence the model suggests (the radiologist's report is what counts).
    if let statement = document.suggestedDensityStatement {
      y += 24
      regular.draw("Suggested MQSA statement (model)", pixelSize: 20, x: tx, baseline: y, colour: dim, on: &image)
      for line in regular.wrap(statement.statement, pixelSize: 19, maxWidth: textWidth) {
        y += 26
        regular.draw(line, pixelSize: 19, x: tx, baseline: y, colour: text, on: &image)
      }
      y += 8
    }

    // An uncertain density says so, with its reason, before anything else is read into it.
    if let uncertainty = document.uncertainty, uncertainty.uncertain {
      y += 26
      bold.draw("Density uncertain", pixelSize: 20, x: tx, baseline: y, colour: amber, on: &image)
      for line in regular.wrap(uncertainty.explanation ?? "", pixelSize: 19, maxWidth: textWidth) {
        y += 26
        regular.draw(line, pixelSize: 19, x: tx, baseline: y, colour: amber, on: &image)
      }
    }

    if let limitations = document.limitations, !limitations.isEmpty {
      y += 26
      regular.draw("Limitations", pixelSize: 20, x: tx, baseline: y, colour: dim, on: &image)
      for limitation in limitations {
        for line in regular.wrap("• " + limitation.meaning, pixelSize: 19, maxWidth: textWidth) {
          y += 26
          regular.draw(line, pixelSize: 19, x: tx, baseline: y, colour: amber, on: &image)
        }
      }
    }

    // The model's identity, at the panel's foot.
    let m = document.model
    var footY = gridY + gridHeight - 24 - 28 * 3
    regular.draw("Model", pixelSize: 20, x: tx, baseline: footY, colour: dim, on: &image)
    for line in [
      "\(m.name) \(m.version)", "sha256 \(m.sha256.prefix(16))…", "precision \(m.precision ?? "fp32")",
    ] {
      footY += 28
      regular.draw(line, pixelSize: 20, x: tx, baseline: footY, colour: text, on: &image)
    }

    // Footer.
    let footer =
      "densa \(document.densaVersion) · generated \(document.generatedAt) · heatmaps: Grad-CAM of the predicted class"
    regular.draw(footer, pixelSize: 16, x: 24, baseline: height - 14, colour: dim, on: &image)
    return image
  }

  /// `0.834` as `83 %`.
  static func percent(_ p: Double) -> String { "\(Int((p * 100).rounded())) %" }

  /// `20260314` as `2026-03-14`; anything else as it is.
  static func formatDate(_ date: String?) -> String {
    guard let date, date.count == 8, date.allSatisfy(\.isNumber) else { return date ?? "date unknown" }
    let d = Array(date)
    return String(d[0..<4]) + "-" + String(d[4..<6]) + "-" + String(d[6..<8])
  }
}
