/// The vocabulary that matters for breast composition and BI-RADS, with typo-tolerant lookup.
struct Lexicon: Sendable {
  /// Words matched exactly only (short, or too close to ordinary words to allow typos).
  static let exact: [String: Concept] = [
    "casi": .almost, "almost": .almost, "fat": .fat, "fatty": .fat, "graso": .fat, "grasa": .fat,
    "grasas": .fat, "grasos": .fat,
    "densa": .dense, "denso": .dense, "densas": .dense, "densos": .dense, "dense": .dense,
    "acr": .acr, "tipo": .type, "type": .type, "cat": .category, "birads": .birads, "birad": .birads, "virads": .birads,
    "mama": .breast, "breast": .breast, "tejido": .breast, "mamas": .breasts, "breasts": .breasts,
    "ambas": .breasts, "ambos": .breasts, "md": .right, "mi": .left, "der": .right, "izq": .left,
    "right": .right, "left": .left, "no": .negation, "sin": .negation, "not": .negation,
    "era": .priorStrong, "eran": .priorStrong, "was": .priorStrong, "were": .priorStrong,
    "hoy": .current, "now": .current, "masa": .lesion, "masas": .lesion, "mass": .lesion,
    "alta": .lesion, "baja": .lesion, "foco": .lesion, "caso": .generic, "th": .edition,
    "muy": .extremely, "menos": .less, "mas": .more, "mayor": .more, "menor": .less,
    "prior": .priorWeak, "grasoso": .fat, "grasosas": .fat,
    // Plural and exact: "la paciente" is this patient, not advice about patients.
    "mujeres": .generic, "pacientes": .generic, "women": .generic, "patients": .generic,
    "priors": .priorWeak, "pasado": .priorWeak, "fue": .priorStrong, "grado": .type, "grade": .type,
    "areas": .area, "area": .area, "zonas": .area, "zona": .area, "vs": .comparison, "como": .stable,
    "same": .stable, "este": .this, "esta": .this, "this": .this, "ahora": .current, "today": .current,
    "current": .current, "actuales": .current, "que": .relative, "cual": .relative, "which": .relative,
    "less": .less, "under": .less, "below": .less, "over": .more, "above": .more, "more": .more,
    "greater": .more, "exam": .exam, "exams": .exam, "study": .exam, "studies": .exam, "films": .exam,
    "tissue": .breast, "rt": .right, "lt": .left, "extrema": .extremely, "extremo": .extremely,
    "mostly": .predominance, "cambio": .stable, "change": .stable, "changes": .stable,
    "dr": .signature, "dra": .signature, "fdo": .signature, "firma": .signature, "signed": .signature,
    "read": .signature, "doctor": .signature, "atte": .signature, "asdo": .signature, "doctora": .signature,
    "clasificacion": .type, "br": .birads, "ed": .edition, "izda": .left, "izdo": .left, "izqda": .left,
    "dcha": .right, "dcho": .right, "dch": .right, "drcha": .right, "reporto": .priorStrong,
    "informo": .priorStrong, "mostro": .priorStrong, "tenia": .priorStrong, "tenian": .priorStrong,
    // Past tenses are matched as written: one edit turns "presentan" into "presentaba".
    "fueron": .priorStrong, "habia": .priorStrong, "mostraba": .priorStrong, "presentaba": .priorStrong,
    "reportaba": .priorStrong,
    "describia": .priorStrong, "informaba": .priorStrong, "reportaron": .priorStrong, "mostraban": .priorStrong,
    "presentaban": .priorStrong,
    "observaba": .priorStrong, "observaban": .priorStrong, "describian": .priorStrong, "clasifico": .priorStrong,
    "catalogo": .priorStrong,
    "describio": .priorStrong, "informaron": .priorStrong, "clasificaron": .priorStrong, "describieron": .priorStrong,
    "catalogaron": .priorStrong,
    "habian": .priorStrong, "catalogada": .priorStrong, "clasificada": .priorStrong,
    // Catalan, in the templates of Catalonia's hospitals ("Mama dreta", "Densitat mamària").
    "dreta": .right, "dret": .right, "esquerra": .left, "esquerre": .left, "mames": .breasts, "sense": .negation,
    // "hetero genius lee dense": speech recognition cutting "heterogeneously".
    "hetero": .heterogeneous,
    "dens": .density, "correspondia": .priorStrong, "correspondian": .priorStrong, "catalogado": .priorStrong,
    "catalogados": .priorStrong, "clasificado": .priorStrong,
    "clasificados": .priorStrong, "externo": .priorWeak, "externa": .priorWeak, "outside": .priorWeak,
    // MRI and ultrasound words whose "tipo II" is no composition ("curva tipo II").
    "curva": .lesion, "curve": .lesion, "kinetic": .lesion, "cinetica": .lesion, "realce": .lesion,
    "enhancement": .lesion,
    // Ultrasound's texture words: "ecoestructura fibroglandular heterogénea" is no composition.
    "ecoestructura": .lesion, "ecografico": .lesion, "ecografica": .lesion, "ecotextura": .lesion,
    "echotexture": .lesion, "sonographic": .lesion, "ecogenicidad": .lesion,
    // A tumour's grade is no 4th-edition pattern ("carcinoma ductal infiltrante grado 2").
    "carcinoma": .lesion, "cdi": .lesion, "tumor": .lesion, "neoplasia": .lesion, "histologico": .lesion,
    "histologica": .lesion,
  ]

  /// Words matched with typo tolerance (edit distance scaled to length).
  static let fuzzy: [(String, Concept)] = [
    ("grasas", .fat), ("grasos", .fat), ("densas", .dense), ("densos", .dense),
    ("adiposa", .fat), ("adiposas", .fat), ("adiposo", .fat), ("adiposos", .fat),
    ("lipomatosas", .fat), ("lipomatosa", .fat),
    ("completamente", .completely), ("totalmente", .completely), ("practicamente", .completely),
    ("entirely", .completely), ("completely", .completely), ("totalidad", .completely),
    ("dispersas", .scattered), ("dispersa", .scattered), ("disperso", .scattered),
    ("dispersos", .scattered), ("scattered", .scattered), ("aisladas", .scattered),
    ("diseminadas", .scattered),
    ("fibroglandular", .fibroglandular), ("fibroglandulares", .fibroglandular),
    ("heterogeneamente", .heterogeneous), ("heterogenea", .heterogeneous),
    ("heterogeneas", .heterogeneous), ("heterogeneo", .heterogeneous),
    ("heterogeneos", .heterogeneous), ("heterogeneously", .heterogeneous),
    // The silent h dropped ("eterogéneamente"): a typo at the first letter, which the edit
    // distance never sees (it compares words with the same first letter).
    ("eterogeneamente", .heterogeneous), ("eterogenea", .heterogeneous), ("eterogeneas", .heterogeneous),
    ("eterogeneo", .heterogeneous), ("eterogeneos", .heterogeneous),
    ("extremadamente", .extremely), ("extremely", .extremely), ("sumamente", .extremely),
    ("densidad", .density), ("densidades", .density), ("density", .density), ("densitat", .density),
    ("densities", .density),
    ("patron", .pattern), ("pattern", .pattern), ("predominio", .predominance),
    ("predominantemente", .predominance), ("composicion", .composition),
    ("composition", .composition), ("categoria", .category), ("category", .category),
    ("mamaria", .breast), ("mamario", .breast), ("parenquima", .breast),
    ("derecha", .right), ("derecho", .right), ("izquierda", .left), ("izquierdo", .left),
    ("bilateral", .breasts), ("bilaterales", .breasts),
    ("previo", .priorWeak), ("previa", .priorWeak), ("previos", .priorWeak),
    ("previas", .priorWeak), ("anterior", .priorWeak), ("anteriores", .priorWeak),
    ("previous", .priorWeak), ("precedente", .priorWeak),
    ("comparacion", .comparison), ("comparativo", .comparison), ("comparativa", .comparison),
    ("comparado", .comparison), ("comparada", .comparison), ("compara", .comparison),
    ("comparar", .comparison), ("compared", .comparison), ("comparison", .comparison),
    ("comparing", .comparison), ("respecto", .comparison), ("relacion", .comparison),
    ("versus", .comparison),
    ("similar", .stable), ("similares", .stable), ("igual", .stable), ("iguales", .stable),
    ("estable", .stable), ("estables", .stable), ("unchanged", .stable), ("stable", .stable),
    ("persiste", .stable), ("persisten", .stable), ("mantiene", .stable), ("mantienen", .stable),
    ("cambios", .stable), ("variaciones", .stable), ("modificaciones", .stable),
    ("comparable", .stable),
    ("estudio", .exam), ("estudios", .exam), ("mastografia", .exam), ("mastografias", .exam),
    ("mamografia", .exam), ("mamografias", .exam), ("mastograma", .exam), ("examen", .exam),
    ("examenes", .exam), ("exploracion", .exam), ("control", .exam), ("mammogram", .exam),
    ("mammograms", .exam), ("mammography", .exam), ("examination", .exam),
    ("examinations", .exam), ("tomosintesis", .exam), ("imaging", .exam),
    ("mastectomia", .mastectomy), ("mastectomias", .mastectomy), ("mastectomy", .mastectomy),
    ("contralateral", .remaining), ("remanente", .remaining), ("restante", .remaining),
    ("unica", .remaining), ("residual", .remaining), ("remaining", .remaining),
    ("assessment", .heading), ("impresion", .heading), ("conclusion", .heading), ("conclusiones", .heading),
    ("diagnostico", .heading), ("hallazgos", .heading), ("findings", .heading),
    ("impression", .heading), ("recomendacion", .heading), ("recomendaciones", .heading),
    ("recommendation", .heading), ("recommendations", .heading), ("comentario", .heading),
    ("opinion", .heading), ("resultado", .heading), ("interpretacion", .heading),
    ("antecedentes", .heading), ("indicacion", .heading), ("history", .heading),
    ("parenchyma", .breast), ("glandular", .fibroglandular), ("predominantly", .predominance),
    ("predominately", .predominance), ("principalmente", .predominance),
    ("mayormente", .predominance), ("heterogeneous", .heterogeneous), ("dispersed", .scattered),
    ("esparcidas", .scattered), ("esparcida", .scattered), ("islotes", .area),
    ("previously", .priorStrong),
    ("superior", .more), ("inferior", .less), ("currently", .current),
    ("firmado", .signature), ("radiologo", .signature), ("radiologa", .signature),
    ("radiologist", .signature), ("interpreted", .signature), ("informado", .signature),
    ("interpretado", .signature), ("validado", .signature), ("dictado", .signature),
    ("dictated", .signature), ("leido", .signature), ("revisado", .signature),
    ("atentamente", .signature), ("informante", .signature), ("reported", .signature),
    ("electronicamente", .signature), ("electronically", .signature),
    ("previamente", .priorStrong), ("actualmente", .current), ("actual", .current), ("actualidad", .current),
    ("presente", .current),
    ("nodulo", .lesion), ("nodulos", .lesion), ("lesion", .lesion), ("lesiones", .lesion),
    ("asimetria", .lesion), ("asimetrias", .lesion), ("asimetrica", .lesion),
    ("asimetricas", .lesion), ("calcificacion", .lesion), ("calcificaciones", .lesion),
    ("microcalcificaciones", .lesion), ("quiste", .lesion), ("quistes", .lesion),
    ("ganglio", .lesion), ("ganglios", .lesion), ("imagen", .lesion), ("imagenes", .lesion),
    ("distorsion", .lesion), ("focal", .lesion), ("opacidad", .lesion), ("isodenso", .lesion),
    ("isodensa", .lesion), ("hiperdenso", .lesion), ("hiperdensa", .lesion),
    ("hipodenso", .lesion), ("hipodensa", .lesion), ("nodule", .lesion),
    ("calcifications", .lesion), ("asymmetry", .lesion), ("lipoma", .lesion),
    ("fibroadenoma", .lesion), ("sensibilidad", .generic),
    ("sensitivity", .generic), ("edicion", .edition), ("edition", .edition),
    // "BIRDAS", "BI-RAD": the name itself mistyped.
    ("birads", .birads),
  ]

  /// Fuzzy entries as bytes, grouped by length for quick candidate selection.
  static let fuzzyBytes: [(bytes: [UInt8], concept: Concept)] = fuzzy.map {
    (Array($0.0.utf8), $0.1)
  }
  /// The fuzzy entries by first letter: a typo rarely hits the first letter, so a word is only
  /// compared with the entries that share it.
  static let fuzzyByFirstLetter: [[(bytes: [UInt8], concept: Concept)]] = {
    var buckets = Array(repeating: [(bytes: [UInt8], concept: Concept)](), count: 256)
    for entry in fuzzyBytes { buckets[Int(entry.bytes[0])].append(entry) }
    return buckets
  }()
  static let exactBytes: [[UInt8]: Concept] = {
    var table: [[UInt8]: Concept] = [:]
    for (word, concept) in exact { table[Array(word.utf8)] = concept }
    for (word, concept) in fuzzy { table[Array(word.utf8)] = concept }
    return table
  }()

  /// Short words typed with one letter missing ("gaso", "tio", "dnsa") or one vowel wrong: too short for edit
  /// distance, common enough in dictated reports to be worth naming. The first letter is kept,
  /// as typos rarely hit it.
  static let shortWithLetterDropped: [[UInt8]: Concept] = {
    var table: [[UInt8]: Concept] = [:]
    for (word, concept) in [
      ("graso", Concept.fat), ("grasa", .fat), ("grasos", .fat), ("grasas", .fat), ("denso", .dense),
      ("densa", .dense), ("densos", .dense), ("densas", .dense), ("tipo", .type),
    ] {
      let bytes = Array(word.utf8)
      for i in 1..<bytes.count {
        var variant = bytes
        variant.remove(at: i)
        if exactBytes[variant] == nil { table[variant] = concept }
      }
      // One vowel mistyped after the first letter ("dunso", "grasi"): vowels only, so that "grado"
      // and "tenso" stay what they are.
      for i in 1..<bytes.count where "aeiou".utf8.contains(bytes[i]) {
        for vowel in "aeiou".utf8 where vowel != bytes[i] {
          var variant = bytes
          variant[i] = vowel
          if exactBytes[variant] == nil, table[variant] == nil { table[variant] = concept }
        }
      }
    }
    return table
  }()

  /// Runs of one letter collapsed to one ("graaso" → "graso", "tippo" → "tipo"); none of the
  /// Spanish words of the lexicon has a doubled letter, so this forgives a stuck key safely (the
  /// few English ones that do, "scattered", "tissue", are matched as written or by edit distance).
  static func collapsingRepeats(_ word: ArraySlice<UInt8>) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(word.count)
    for b in word where b != out.last { out.append(b) }
    return out
  }

  /// A word of at most 8 letters packed into an integer (letters are never 0, so lengths differ):
  /// the common case looks words up without building an array.
  static func packed(_ word: ArraySlice<UInt8>) -> UInt64 {
    var key: UInt64 = 0
    for byte in word { key = key << 8 | UInt64(byte) }
    return key
  }

  static let exactPacked: [UInt64: Concept] = {
    var table: [UInt64: Concept] = [:]
    for (word, concept) in exactBytes where word.count <= 8 { table[packed(word[...])] = concept }
    return table
  }()

  /// First four letters of the vocabulary words of 8 letters or more: a split word ("hetero
  /// geneamente") is only rejoined when its first part starts like one.
  static let longWordStarts: Set<UInt64> = Set(exactBytes.keys.filter { $0.count >= 8 }.map { packed($0.prefix(4)) })

  /// The exact concept of a folded word, if any.
  static func exactConcept(_ word: ArraySlice<UInt8>) -> Concept? {
    word.count <= 8 ? exactPacked[packed(word)] : exactBytes[Array(word)]
  }

  /// The concept of a folded word and whether a typo had to be forgiven to find it.
  static func lookup(_ word: ArraySlice<UInt8>) -> (concept: Concept, fuzzy: Bool)? {
    if let concept = exactConcept(word) { return (concept, false) }
    if zip(word, word.dropFirst()).contains(where: { $0 == $1 }) {
      let collapsed = collapsingRepeats(word)
      if collapsed.count >= 3, let concept = exactBytes[collapsed] { return (concept, true) }
    }
    if word.count <= 6, let concept = shortWithLetterDropped[Array(word)] { return (concept, true) }
    let limit = allowedEdits(forLength: word.count)
    guard limit > 0, let first = word.first else { return nil }
    var best: (concept: Concept, distance: Int)?
    for entry in fuzzyByFirstLetter[Int(first)] {
      guard abs(entry.bytes.count - word.count) <= limit else { continue }
      let entryLimit = min(limit, allowedEdits(forLength: entry.bytes.count))
      guard entryLimit > 0 else { continue }
      let distance = damerauLevenshtein(word, entry.bytes, limit: entryLimit)
      if distance <= entryLimit, distance < (best?.distance ?? Int.max) {
        best = (entry.concept, distance)
      }
    }
    return best.map { ($0.concept, true) }
  }
}
