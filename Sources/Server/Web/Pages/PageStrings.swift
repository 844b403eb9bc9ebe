import Foundation

/// The pages' words in Spanish and English, by key; a template reads them as `{{t.key}}`.
enum PageStrings {
  static func table(_ language: WebLanguage) -> [String: String] {
    language == .english ? english : spanish
  }

  static let spanish: [String: String] = [
    "worklist": "Lista de trabajo", "qa": "Control de calidad", "model": "Modelo", "exam": "Estudio",
    "accession": "Nº de acceso", "patientID": "ID de paciente", "studyDate": "Fecha", "status": "Estado",
    "modelDensity": "Densidad (modelo)", "rightBreast": "Mama derecha", "leftBreast": "Mama izquierda",
    "confidence": "Confianza", "reportDensity": "Densidad (informe)", "agreement": "Concordancia",
    "review": "Revisión", "readState": "Lectura", "read": "leído", "unread": "sin leer", "any": "todos",
    "filter": "Filtrar", "clear": "Quitar filtros", "from": "Desde", "to": "Hasta", "reader": "Radiólogo",
    "disagreement": "Discordancia", "page": "Página", "of": "de", "previous": "Anterior", "next": "Siguiente",
    "exams": "estudios", "noExams": "Ningún estudio coincide con los filtros.",
    "keyboardHelp": "Teclado: j / k siguiente / anterior, Intro abre, m marca como leído.",
    "complete": "completo", "incomplete": "incompleto",
    "agree": "concuerda", "adjacent": "adyacente", "major": "mayor", "no-report": "sin informe",
    "no-report-density": "informe sin densidad", "dense-boundary": "cruza denso / no denso",
    "none": "sin discordancia", "open": "abierta", "model-correct": "modelo correcto",
    "report-correct": "informe correcto", "both-wrong": "ambos incorrectos", "dismissed": "descartada",
    "notDiagnostic": "Vista previa reducida: no apta para interpretación diagnóstica.",
    "showHeatmaps": "Mostrar mapas de calor (Grad-CAM)", "hideHeatmaps": "Ocultar mapas de calor",
    "probabilities": "Probabilidades", "view": "Proyección", "views": "Proyecciones", "breast": "Mama",
    "examDensity": "Densidad del estudio",
    "decidingBreast": "mama que decide", "reportText": "Texto del informe", "noReport": "Sin informe emparejado.",
    "evidence": "La densidad se leyó del texto resaltado.", "reviewTitle": "Revisión de la discordancia",
    "decision": "Decisión", "reviewer": "Revisor", "note": "Nota", "save": "Guardar revisión",
    "noDisagreement": "Modelo e informe no discrepan: no hay nada que revisar.",
    "uncertainDensity": "Densidad incierta:", "uncertainShort": "incierta",
    "uncertain-low-margin": "margen entre las dos categorías más probables de {margin}, por debajo de {threshold}",
    "uncertain-breasts-straddle-b-c": "una mama a cada lado del límite b/c",
    "prior": "Estudio previo", "noPrior": "sin estudio previo",
    "prior-report": "densidad del informe previo", "prior-model": "densidad del modelo en el previo",
    "current-report": "densidad previa citada en este informe",
    "crossesSincePrior": "cruza denso / no denso desde el previo",
    "sameSidePrior": "mismo lado de denso / no denso", "limitationsTitle": "Evaluación limitada",
    "missing-view": "falta una proyección", "implant-present": "prótesis mamaria",
    "for-processing-only": "solo imágenes «For Processing»", "unilateral": "estudio unilateral",
    "non-standard-views-only": "solo proyecciones no estándar",
    "suggestedStatement": "Frase MQSA sugerida por el modelo",
    "suggestionNote": "Sugerencia del modelo; la densidad legal es la del radiólogo.",
    "reviewedBy": "Revisado por", "downloads": "Descargas", "downloadSR": "DICOM SR", "downloadJSON": "result.json",
    "downloadScorecard": "Resumen de densidad (imagen DICOM)",
    "markRead": "Marcar como leído", "markUnread": "Marcar como no leído", "back": "Volver a la lista",
    "period": "Periodo", "show": "Mostrar", "examsWithResult": "Estudios con resultado", "accuracy": "Exactitud",
    "macroF1": "F1 macro", "kappa": "Kappa de Cohen", "kappaLinear": "Kappa ponderada lineal",
    "kappaQuadratic": "Kappa ponderada cuadrática", "confusion": "Matriz de confusión",
    "confusionHelp": "Filas: densidad del informe; columnas: densidad del modelo. Cada celda abre sus estudios.",
    "reportRow": "Informe", "modelColumn": "Modelo", "agreementCounts": "Concordancia",
    "denseFlips": "Cruces denso / no denso", "reviews": "Revisiones", "byReader": "Por radiólogo", "byMonth": "Por mes",
    "month": "Mes", "exportCSV": "Exportar CSV",
    "withDensity": "Con densidad", "denseRate": "Tasa de densas (informe)", "modelDenseRate": "Tasa de densas (modelo)",
    "noResults": "Este modelo aún no tiene resultados.", "unknownReader": "(sin nombre)",
    "card": "Ficha del modelo", "name": "Nombre", "version": "Versión", "weights": "SHA-256 de los pesos",
    "precision": "Precisión", "architecture": "Arquitectura", "classes": "Clases", "intendedUse": "Uso previsto",
    "clinicalUse": "Uso clínico", "yes": "sí", "no": "no", "training": "Entrenamiento", "validation": "Validación",
    "samples": "Muestras", "split": "Partición", "notice": "Aviso", "data": "Datos", "provenance": "Procedencia",
    "demoWarning":
      "Modelo de demostración entrenado con maniquíes sintéticos: no apto para uso clínico. Sus resultados no deben guiar ninguna decisión sobre pacientes.",
    "language": "English", "languageCode": "en", "title": "densa", "skip": "Saltar al contenido",
    "login": "Acceso", "loginTitle": "Acceso a densa", "userName": "Usuario", "password": "Contraseña",
    "loginButton": "Entrar", "loginFailed": "Usuario o contraseña incorrectos.", "logout": "Salir",
    "loggedInAs": "Sesión abierta como",
    "loginHelp": "Las cuentas las crea un administrador con «densa user add NOMBRE --role radiologist|qa|admin».",
    "role-radiologist": "radiólogo", "role-qa": "control de calidad", "role-admin": "administrador",
    "roleCannotReview": "Su rol no registra revisiones: hace falta el rol radiólogo o control de calidad.",
  ]

  static let english: [String: String] = [
    "worklist": "Worklist", "qa": "Quality assurance", "model": "Model", "exam": "Exam",
    "accession": "Accession", "patientID": "Patient ID", "studyDate": "Date", "status": "Status",
    "modelDensity": "Density (model)", "rightBreast": "Right breast", "leftBreast": "Left breast",
    "confidence": "Confidence", "reportDensity": "Density (report)", "agreement": "Agreement",
    "review": "Review", "readState": "Read", "read": "read", "unread": "unread", "any": "all",
    "filter": "Filter", "clear": "Clear filters", "from": "From", "to": "To", "reader": "Radiologist",
    "disagreement": "Disagreement", "page": "Page", "of": "of", "previous": "Previous", "next": "Next",
    "exams": "exams", "noExams": "No exam matches the filters.",
    "keyboardHelp": "Keyboard: j / k next / previous, Enter opens, m marks read.",
    "complete": "complete", "incomplete": "incomplete",
    "agree": "agree", "adjacent": "adjacent", "major": "major", "no-report": "no report",
    "no-report-density": "report without density", "dense-boundary": "crosses dense / not dense",
    "none": "no disagreement", "open": "open", "model-correct": "model correct",
    "report-correct": "report correct", "both-wrong": "both wrong", "dismissed": "dismissed",
    "notDiagnostic": "Downsampled preview: not for diagnostic interpretation.",
    "showHeatmaps": "Show heatmaps (Grad-CAM)", "hideHeatmaps": "Hide heatmaps",
    "probabilities": "Probabilities", "view": "View", "views": "Views", "breast": "Breast",
    "examDensity": "Exam density",
    "decidingBreast": "deciding breast", "reportText": "Report text", "noReport": "No paired report.",
    "evidence": "The density was read from the highlighted text.", "reviewTitle": "Review of the disagreement",
    "decision": "Decision", "reviewer": "Reviewer", "note": "Note", "save": "Save review",
    "noDisagreement": "Model and report agree: there is nothing to review.",
    "uncertainDensity": "Density uncertain:", "uncertainShort": "uncertain",
    "uncertain-low-margin": "top-two probability margin {margin} below {threshold}",
    "uncertain-breasts-straddle-b-c": "breasts on different sides of the b/c boundary",
    "prior": "Prior exam", "noPrior": "no prior exam",
    "prior-report": "prior report's density", "prior-model": "model's density on the prior",
    "current-report": "prior density stated in this report",
    "crossesSincePrior": "crosses dense / not dense since the prior",
    "sameSidePrior": "same side of dense / not dense", "limitationsTitle": "Limited assessment",
    "missing-view": "missing view", "implant-present": "breast implant",
    "for-processing-only": "For Processing images only", "unilateral": "unilateral exam",
    "non-standard-views-only": "non-standard views only",
    "suggestedStatement": "MQSA sentence suggested by the model",
    "suggestionNote": "The model's suggestion; the legal density is the radiologist's.",
    "reviewedBy": "Reviewed by", "downloads": "Downloads", "downloadSR": "DICOM SR", "downloadJSON": "result.json",
    "downloadScorecard": "Density scorecard (DICOM image)",
    "markRead": "Mark read", "markUnread": "Mark unread", "back": "Back to the worklist",
    "period": "Period", "show": "Show", "examsWithResult": "Exams with a result", "accuracy": "Accuracy",
    "macroF1": "Macro-F1", "kappa": "Cohen's kappa", "kappaLinear": "Linear weighted kappa",
    "kappaQuadratic": "Quadratic weighted kappa", "confusion": "Confusion matrix",
    "confusionHelp": "Rows: the report's density; columns: the model's. Each cell opens its exams.",
    "reportRow": "Report", "modelColumn": "Model", "agreementCounts": "Agreement",
    "denseFlips": "Dense / not dense flips", "reviews": "Reviews", "byReader": "By radiologist", "byMonth": "By month",
    "month": "Month", "exportCSV": "Export CSV",
    "withDensity": "With density", "denseRate": "Dense rate (report)", "modelDenseRate": "Dense rate (model)",
    "noResults": "This model has no results yet.", "unknownReader": "(unnamed)",
    "card": "Model card", "name": "Name", "version": "Version", "weights": "Weights SHA-256",
    "precision": "Precision", "architecture": "Architecture", "classes": "Classes", "intendedUse": "Intended use",
    "clinicalUse": "Clinical use", "yes": "yes", "no": "no", "training": "Training", "validation": "Validation",
    "samples": "Samples", "split": "Split", "notice": "Notice", "data": "Data", "provenance": "Provenance",
    "demoWarning":
      "Demo model trained on synthetic phantoms: not for clinical use. Its results must not guide any decision about a patient.",
    "language": "Español", "languageCode": "es", "title": "densa", "skip": "Skip to content",
    "login": "Log in", "loginTitle": "Log in to densa", "userName": "User name", "password": "Password",
    "loginButton": "Log in", "loginFailed": "Wrong user name or password.", "logout": "Log out",
    "loggedInAs": "Logged in as",
    "loginHelp": "An administrator creates accounts with `densa user add NAME --role radiologist|qa|admin`.",
    "role-radiologist": "radiologist", "role-qa": "QA", "role-admin": "administrator",
    "roleCannotReview": "Your role does not record reviews: that needs the radiologist or QA role.",
  ]
}

extension WebLanguage {
  /// The language for a request: the first of Spanish or English the browser's Accept-Language
  /// prefers (by q-value), else `fallback`.
  static func negotiate(acceptLanguage: String?, fallback: WebLanguage) -> WebLanguage {
    guard let acceptLanguage else { return fallback }
    var best: (WebLanguage, Double)? = nil
    for (index, item) in acceptLanguage.split(separator: ",").enumerated() {
      let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
      guard let tag = parts.first, !tag.isEmpty else { continue }
      let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
      let primary = tag.split(separator: "-").first.map(String.init) ?? tag
      guard let language = WebLanguage(rawValue: primary), q > 0 else { continue }
      // Earlier items win ties.
      let score = q - Double(index) * 1e-6
      if best == nil || score > best!.1 { best = (language, score) }
    }
    return best?.0 ?? fallback
  }
}
