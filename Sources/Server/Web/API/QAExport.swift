import Foundation
import Worklist

/// The QA dashboard's figures as CSV: the period, each month, each reader, one row each, then the
/// confusion matrix (report rows against model columns).
enum QAExport {
  static func csv(_ qa: QABody) -> String {
    var lines = [
      "section,label,exams,with_density,agree,accuracy,macro_f1,kappa,kappa_quadratic,dense_flips"
    ]
    func figure(_ value: Double?) -> String { value.map { String(format: "%.4f", $0) } ?? "" }
    if let s = qa.summary {
      let label = "\(s.from ?? "")-\(s.to ?? "")"
      lines.append(
        row([
          "period", label, "\(s.exams)", "\(s.confusion.total)", "\(s.confusion.agreements)", figure(s.accuracy),
          figure(s.macroF1), figure(s.kappa), figure(s.kappaQuadratic), "\(s.crossesDenseBoundary)",
        ]))
    }
    for m in qa.months {
      lines.append(
        row([
          "month", m.month, "\(m.exams)", "\(m.withDensity)", "\(m.agree)", figure(m.accuracy), figure(m.macroF1),
          figure(m.kappa), figure(m.kappaQuadratic), "\(m.crossesDenseBoundary)",
        ]))
    }
    for r in qa.readers {
      lines.append(
        row([
          "reader", r.reader ?? "", "\(r.exams)", "\(r.withDensity)", "\(r.agree)", figure(r.agreement),
          figure(r.confusion.macroF1), figure(r.kappa), figure(r.confusion.kappa(.quadratic)), "",
        ]))
    }
    if let s = qa.summary {
      lines.append("")
      lines.append("report_density,model_a,model_b,model_c,model_d")
      for (i, category) in ["a", "b", "c", "d"].enumerated() {
        lines.append(row([category] + s.confusion.counts[i].map(String.init)))
      }
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  /// One CSV row, fields quoted where they need it (RFC 4180).
  static func row(_ fields: [String]) -> String {
    fields.map { field in
      field.contains(where: { ",\"\r\n".contains($0) })
        ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }.joined(separator: ",")
  }
}
