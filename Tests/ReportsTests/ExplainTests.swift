import BIRADS
import Testing

@testable import Reports

@Test func explainListsEveryMentionWithItsScopeSideAndOutcome() {
  let text = """
    Comparación: mastografía previa de 2023 con patrón tipo B.
    Mama derecha heterogéneamente densa; mama izquierda con áreas dispersas de densidad fibroglandular.
    Nódulo de densidad grasa en mama izquierda.
    BI-RADS 2.
    """
  let explanation = ReportExtractor().explain(text)
  let compositions = explanation.mentions.filter { $0.kind == .composition }
  #expect(compositions.contains { $0.category == "b" && $0.scope == .prior && $0.outcome == "prior" })
  #expect(compositions.contains { $0.category == "c" && $0.side == .right && $0.outcome == "used" })
  #expect(compositions.contains { $0.category == "b" && $0.side == .left && $0.outcome == "used" })
  #expect(compositions.contains { $0.outcome == "excluded" && $0.why.contains("lesion") })
  #expect(explanation.mentions.contains { $0.kind == .assessment && $0.category == "2" && $0.outcome == "used" })
  #expect(explanation.decision.contains { $0.contains("denser breast, c") })
  #expect(explanation.findings.density == .c)
  #expect(explanation.findings.prior == .b)
}
