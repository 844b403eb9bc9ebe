/// A Spanish rendering of ``MQSADensityStatement``'s texts for Spanish-speaking patients and
/// radiologists. It is a translation offered for reading, not regulatory text: the regulation
/// prescribes only the English wording, and every output that carries these says so with
/// ``label``.
public enum MQSASpanishTranslation {
  /// The label that goes with every Spanish text.
  public static let label =
    "Traducción al español ofrecida por densa; no es el texto reglamentario (21 CFR 900.12), que es el inglés."

  /// The report statement of ``MQSADensityStatement/report(_:breasts:)`` in Spanish.
  public static func report(
    _ composition: BreastComposition, breasts: MQSADensityStatement.Breasts = .both
  ) -> String {
    switch (composition, breasts) {
    case (.a, .both): "Las mamas son casi en su totalidad grasas."
    case (.a, .one): "La mama es casi en su totalidad grasa."
    case (.b, _): "Hay áreas dispersas de densidad fibroglandular."
    case (.c, .both): "Las mamas son heterogéneamente densas, lo que puede ocultar masas pequeñas."
    case (.c, .one): "La mama es heterogéneamente densa, lo que puede ocultar masas pequeñas."
    case (.d, .both): "Las mamas son extremadamente densas, lo que reduce la sensibilidad de la mamografía."
    case (.d, .one): "La mama es extremadamente densa, lo que reduce la sensibilidad de la mamografía."
    }
  }

  /// The lay-summary paragraph of ``MQSADensityStatement/laySummary(_:)`` in Spanish.
  public static func laySummary(_ composition: BreastComposition) -> String {
    let opening =
      "El tejido mamario puede ser denso o no denso. El tejido denso hace más difícil encontrar un cáncer de mama "
      + "en una mamografía y también aumenta el riesgo de desarrollar cáncer de mama. "
    let closing =
      "Hable con su profesional de la salud sobre la densidad mamaria, los riesgos de cáncer de mama y su "
      + "situación individual."
    if composition.isDense {
      return opening + "Su tejido mamario es denso. En algunas personas con tejido denso, otras pruebas de imagen "
        + "además de la mamografía pueden ayudar a encontrar cánceres. " + closing
    }
    return opening + "Su tejido mamario no es denso. " + closing
  }
}
