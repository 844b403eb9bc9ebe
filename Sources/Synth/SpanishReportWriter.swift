/// What a synthetic report states.
public struct ReportSpec: Sendable {
  public var right: BreastComposition
  public var left: BreastComposition
  /// The composition the radiologist writes; nil for a report without a density statement.
  public var stated: BreastComposition?
  public var birads: AssessmentCategory
  /// Share of words given a typo (vowel swap, lost accent, doubled or dropped letter, spacing).
  public var typoRate: Double
  public var seed: UInt64

  public init(
    right: BreastComposition, left: BreastComposition, stated: BreastComposition?, birads: AssessmentCategory,
    typoRate: Double, seed: UInt64
  ) {
    self.right = right
    self.left = left
    self.stated = stated
    self.birads = birads
    self.typoRate = typoRate
    self.seed = seed
  }
}

/// Writes screening mammography reports the way radiologists in Mexico, Spain and South America
/// do: atlas sentences and their paraphrases, letters, 4th-edition numbers, colloquial patterns,
/// other findings, an assessment, and a share of typos.
public enum SpanishReportWriter {
  public static func write(_ spec: ReportSpec) -> String {
    var rng = SeededGenerator(seed: spec.seed)
    let style = ["MX", "ES", "SA"][Int(rng.next() % 3)]
    let study = style == "MX" ? "MASTOGRAFÍA" : "MAMOGRAFÍA"
    var lines: [String] = []
    lines.append(
      pick(
        ["\(study) BILATERAL DE TAMIZAJE", "\(study) DE CRIBADO BILATERAL", "ESTUDIO: \(study) DIGITAL BILATERAL"], &rng
      ))
    lines.append(
      pick(
        [
          "Se realizaron proyecciones craneocaudales y oblicuas mediolaterales de ambas mamas.",
          "Proyecciones CC y OML bilaterales.",
          "Técnica: proyecciones cráneo-caudal y medio-lateral oblicua bilaterales.",
        ], &rng))
    if let stated = spec.stated {
      lines.append(densitySentence(stated, &rng))
    }
    lines.append(pick(findings, &rng))
    if rng.unit() < 0.5 { lines.append(pick(findings.filter { !lines.contains($0) }, &rng)) }
    lines.append(
      pick(
        [
          "No se observan nódulos ni microcalcificaciones sospechosas.", "Piel y pezones sin alteraciones.",
          "Regiones axilares sin adenopatías.",
        ], &rng))
    lines.append(assessment(spec.birads, &rng))
    lines.append(
      pick(
        [
          "Se sugiere control anual.", "Recomendación: mamografía de control en 12 meses.", "Continuar tamizaje anual.",
        ], &rng))
    let text = lines.joined(separator: "\n")
    return spec.typoRate > 0 ? Typos.apply(text, rate: spec.typoRate, rng: &rng) : text
  }

  static func densitySentence(_ c: BreastComposition, _ rng: inout SeededGenerator) -> String {
    let letter = c.rawValue
    let upper = letter.uppercased()
    let number = c.index + 1
    let atlas: [String]
    switch c {
    case .a:
      atlas = [
        "Las mamas son casi completamente adiposas.", "Mamas casi totalmente grasas.",
        "Patrón mamario graso.", "Predominio graso.",
      ]
    case .b:
      atlas = [
        "Existen áreas dispersas de densidad fibroglandular.", "Mamas con tejido fibroglandular disperso.",
        "Patrón fibroglandular disperso.", "Densidades fibroglandulares dispersas.",
      ]
    case .c:
      atlas = [
        "Las mamas son heterogéneamente densas, lo que puede ocultar pequeñas masas.",
        "Mamas heterogéneamente densas.", "Tejido mamario heterogéneamente denso.",
      ]
    case .d:
      atlas = [
        "Las mamas son extremadamente densas, lo que disminuye la sensibilidad de la mamografía.",
        "Mamas extremadamente densas.", "Parénquima mamario extremadamente denso.",
      ]
    }
    let coded = [
      "Composición mamaria: \(letter).", "Densidad mamaria tipo \(upper).", "ACR \(upper).",
      "Patrón mamario tipo \(letter) de la ACR.", "Densidad mamaria ACR \(number) (4a edición).",
    ]
    let sentence = pick(atlas, &rng)
    switch rng.next() % 4 {
    case 0: return pick(coded, &rng)
    case 1: return sentence + " " + pick(coded, &rng)
    default: return sentence
    }
  }

  static let findings = [
    "Calcificaciones vasculares y dispersas de aspecto benigno.",
    "Ganglio intramamario en el cuadrante superoexterno de la mama izquierda.",
    "Quiste simple conocido en la mama derecha, sin cambios respecto al estudio previo.",
    "Sin distorsiones de la arquitectura.",
    "No se identifican asimetrías.",
    "Calcificaciones redondeadas de distribución difusa, benignas.",
  ]

  static func assessment(_ category: AssessmentCategory, _ rng: inout SeededGenerator) -> String {
    let roman = ["0": "0", "1": "I", "2": "II", "3": "III", "4": "IV", "5": "V", "6": "VI"]
    let value = category.rawValue
    switch rng.next() % 3 {
    case 0: return "BI-RADS \(value)."
    case 1: return "Categoría \(value) de BI-RADS."
    default: return "Clasificación BIRADS \(roman[value] ?? value)."
    }
  }

  private static func pick(_ options: [String], _ rng: inout SeededGenerator) -> String {
    options[Int(rng.next() % UInt64(options.count))]
  }
}
