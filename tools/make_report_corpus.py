#!/usr/bin/env python3
"""Assemble the labelled Spanish mammography report corpus for Tests/ReportsTests.

Labels are decided here, from the phrase a report is built with (what a radiologist reading it
would answer), never from densa's extractor. Seeded, so the output is reproducible:
    python3 tools/make_report_corpus.py > Tests/ReportsTests/Corpus/reports.jsonl
"""
import json
import random
import unicodedata

rng = random.Random(20261122)

# Composition statements by category: (text, phenomena tags).
PHRASES = {
    "a": [
        ("Mamas casi completamente grasas.", ["atlas"]),
        ("Las mamas son casi totalmente adiposas.", ["paraphrase"]),
        ("Patrón mamario de predominio graso.", ["colloquial"]),
        ("Mamas con patrón graso.", ["colloquial"]),
        ("Composición mamaria tipo A.", ["letter"]),
        ("Densidad mamaria: ACR A.", ["letter"]),
        ("Densidad mamaria ACR 1.", ["number4th"]),
        ("Tejido fibroglandular menor del 25 %.", ["quartile"]),
        ("Breast composition: almost entirely fatty.", ["english"]),
        ("Mamas de composición casi completamente adiposa (ACR A).", ["atlas", "letter"]),
    ],
    "b": [
        ("Existen áreas dispersas de densidad fibroglandular.", ["atlas"]),
        ("Mamas con densidades fibroglandulares dispersas.", ["paraphrase"]),
        ("Patrón fibroglandular disperso.", ["colloquial"]),
        ("Predominio graso con áreas dispersas de tejido fibroglandular.", ["colloquial"]),
        ("Composición mamaria: b.", ["letter"]),
        ("Densidad mamaria tipo B.", ["letter"]),
        ("Patrón mamario ACR 2.", ["number4th"]),
        ("Tejido fibroglandular 25-50 %.", ["quartile"]),
        ("There are scattered areas of fibroglandular density.", ["english"]),
        ("Áreas dispersas de densidad fibroglandular (ACR B).", ["atlas", "letter"]),
    ],
    "c": [
        ("Mamas heterogéneamente densas, lo que puede ocultar pequeñas masas.", ["atlas"]),
        ("Mamas heterogéneamente densas.", ["atlas"]),
        ("Parénquima mamario de densidad heterogénea.", ["paraphrase"]),
        ("Patrón heterogéneamente denso.", ["colloquial"]),
        ("ACR C.", ["letter"]),
        ("Densidad mamaria tipo C.", ["letter"]),
        ("Composición mamaria ACR 3.", ["number4th"]),
        ("Tejido fibroglandular 51-75 %.", ["quartile"]),
        ("The breasts are heterogeneously dense.", ["english"]),
        ("Mamas heterogéneamente densas (ACR C).", ["atlas", "letter"]),
    ],
    "d": [
        ("Mamas extremadamente densas, lo que disminuye la sensibilidad de la mamografía.", ["atlas"]),
        ("Mamas extremadamente densas.", ["atlas"]),
        ("Patrón mamario extremadamente denso.", ["colloquial"]),
        ("Densidad mamaria tipo D.", ["letter"]),
        ("Composición mamaria: ACR D.", ["letter"]),
        ("Densidad mamaria ACR 4.", ["number4th"]),
        ("Tejido fibroglandular mayor del 75 %.", ["quartile"]),
        ("The breasts are extremely dense.", ["english"]),
        ("Mamas extremadamente densas (tipo D).", ["atlas", "letter"]),
    ],
}
# The first atlas sentence (d) mentions sensitivity: that is the atlas wording itself, not advice.
# Keep it out so "sensibilidad" stays a marker of generic advice only.
PHRASES["d"][0] = ("Mamas extremadamente densas, lo que reduce la visibilidad de lesiones.", ["atlas"])

SIDE_PHRASES = {
    "a": ["patrón graso", "composición casi completamente grasa", "tipo A"],
    "b": ["áreas dispersas de densidad fibroglandular", "patrón fibroglandular disperso", "tipo B"],
    "c": ["heterogéneamente densa", "patrón heterogéneamente denso", "tipo C"],
    "d": ["extremadamente densa", "patrón extremadamente denso", "tipo D"],
}

BIRADS = [
    ("1", ["BI-RADS 1", "BIRADS: 1", "Categoría BI-RADS I", "BI RADS 1 (negativo)"]),
    ("2", ["BI-RADS 2", "BIRADS 2", "Categoría BI-RADS II", "BI-RADS: 2 (hallazgos benignos)", "Categoría 2"]),
    ("3", ["BI-RADS 3", "BIRADS-3", "Categoría BI-RADS III", "Categoría 3"]),
    ("0", ["BI-RADS 0", "BIRADS 0 (requiere estudios complementarios)"]),
    ("4A", ["BI-RADS 4A", "BI-RADS 4 A", "BIRADS 4a"]),
    ("4B", ["BI-RADS 4B", "Categoría BI-RADS IV-B"]),
    ("4C", ["BI-RADS 4C", "BIRADS 4c"]),
    ("4", ["BI-RADS 4", "Categoría BI-RADS IV"]),
    ("5", ["BI-RADS 5", "BIRADS V"]),
    ("6", ["BI-RADS 6 (malignidad conocida)", "BI-RADS® 6"]),
]

FINDINGS = {
    "0": "Asimetría focal en el cuadrante superoexterno de la mama izquierda que requiere proyecciones adicionales.",
    "1": "No se observan nódulos, distorsiones ni microcalcificaciones sospechosas.",
    "2": "Calcificaciones dispersas de aspecto benigno. Ganglio intramamario en la mama derecha.",
    "3": "Nódulo ovalado de márgenes circunscritos de 8 mm en la mama derecha, probablemente benigno.",
    "4": "Nódulo irregular de 12 mm en la unión de cuadrantes superiores de la mama izquierda.",
    "4A": "Microcalcificaciones amorfas agrupadas en la mama derecha.",
    "4B": "Nódulo de márgenes indistintos de 9 mm en la mama izquierda.",
    "4C": "Microcalcificaciones pleomórficas finas de distribución segmentaria en la mama izquierda.",
    "5": "Masa espiculada de alta densidad de 25 mm con retracción del pezón en la mama derecha.",
    "6": "Masa conocida con diagnóstico histológico de carcinoma, en tratamiento neoadyuvante.",
}

STYLES = {
    "MX": ("MASTOGRAFÍA BILATERAL DE TAMIZAJE.\nSe realizó mastografía digital en proyecciones craneocaudal y oblicua mediolateral.\n", "IMPRESIÓN DIAGNÓSTICA: {b}."),
    "ES": ("Mamografía bilateral de cribado. Proyecciones CC y OML.\n", "Conclusión: {b}."),
    "SA": ("Mamografía digital bilateral con tomosíntesis.\nEstudio comparado con el previo, sin cambios significativos.\n", "Conclusión: {b}. Control anual."),
}

TYPO_WORDS = ["heterogéneamente", "extremadamente", "fibroglandular", "fibroglandulares", "dispersas",
              "adiposas", "densas", "predominio", "composición", "densidad", "patrón", "Densidad",
              "completamente", "mamaria", "disperso", "heterogénea", "Composición", "Patrón"]
VOWELS = "aeiou"


def typo(word):
    """One edit (two for long words): vowel substitution, deletion, transposition or doubling."""
    chars = list(word)
    edits = 1 if len(word) <= 8 else rng.choice([1, 2])
    for _ in range(edits):
        op = rng.choice(["vowel", "delete", "swap", "double"])
        k = rng.randrange(2, len(chars) - 1)
        if op == "vowel" and chars[k].lower() in VOWELS:
            chars[k] = rng.choice([v for v in VOWELS if v != chars[k].lower()])
        elif op == "delete":
            del chars[k]
        elif op == "swap" and k + 1 < len(chars):
            chars[k], chars[k + 1] = chars[k + 1], chars[k]
        else:
            chars.insert(k, chars[k])
    return "".join(chars)


def strip_accents(text):
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def noisy(text, tags):
    if rng.random() < 0.35:
        words = [w for w in TYPO_WORDS if w in text]
        if words:
            w = rng.choice(words)
            text = text.replace(w, typo(w), 1)
            tags.append("typo")
    if rng.random() < 0.25:
        text = strip_accents(text)
        tags.append("no-accents")
    if rng.random() < 0.2:
        text = text.replace(" ", "  ", 3).replace(". ", ".", 1).replace(",", " ,", 1)
        tags.append("spacing")
    if rng.random() < 0.1:
        text = text.upper()
        tags.append("uppercase")
    if rng.random() < 0.05:
        text = unicodedata.normalize("NFD", text)
        tags.append("nfd")
    return text


records = []


def add(style, text, density, birads, tags, right=None, left=None, noise=True):
    tags = list(tags)
    if noise:
        text = noisy(text, tags)
    records.append({"id": f"{style}-{len(records) + 1:04d}", "text": text, "density": density,
                    "right": right, "left": left, "birads": birads, "style": style,
                    "phenomena": sorted(set(tags))})


def report(style, body, birads_choice):
    head, tail = STYLES[style]
    label, forms = birads_choice
    finding = FINDINGS[label]
    b = rng.choice(forms)
    return head + body + "\n" + finding + "\n" + tail.format(b=b), label


# 1. Every composition phrase in every style, with a random assessment.
for style in STYLES:
    for category, phrases in PHRASES.items():
        for phrase, tags in phrases:
            text, b = report(style, phrase, rng.choice(BIRADS))
            add(style, text, category, b, tags)

# 2. Per-side statements: exam composition is the denser side.
for n in range(36):
    style = rng.choice(list(STYLES))
    r, l = rng.choice("abcd"), rng.choice("abcd")
    form = n % 3
    if form == 0:
        body = f"Mama derecha: {rng.choice(SIDE_PHRASES[r])}.\nMama izquierda: {rng.choice(SIDE_PHRASES[l])}."
    elif form == 1:
        body = f"MD: {SIDE_PHRASES[r][2]}. MI: {SIDE_PHRASES[l][2]}."
    else:
        body = f"La mama derecha presenta {SIDE_PHRASES[r][0]} y la mama izquierda {SIDE_PHRASES[l][0]}."
    text, b = report(style, body, rng.choice(BIRADS))
    add(style, text, max(r, l), b, ["per-side"], right=r, left=l)

# 3. Reports that state no composition (nothing may be invented), with distractors.
NONE_BODIES = [
    ("Nódulo de densidad grasa en la mama izquierda, compatible con lipoma.", ["lesion-density"]),
    ("Imagen nodular de alta densidad en el cuadrante superoexterno derecho.", ["lesion-density"]),
    ("Nódulo isodenso de 6 mm en la mama derecha.", ["lesion-density"]),
    ("Densidad asimétrica en la mama izquierda, sin cambios.", ["asymmetry"]),
    ("Asimetría focal de densidad en el cuadrante inferior.", ["asymmetry"]),
    ("Calcificaciones dispersas y groseras de tipo benigno.", ["calcifications"]),
    ("Mamas densas.", ["ambiguous"]),
    ("Parénquima mamario denso.", ["ambiguous"]),
    ("Mamas muy densas.", ["ambiguous"]),
    ("Se recomienda ecografía complementaria en pacientes con mamas extremadamente densas.", ["generic-advice"]),
    ("La sensibilidad de la mamografía disminuye en mamas heterogéneamente densas.", ["generic-advice"]),
    ("En la mamografía previa se describían mamas heterogéneamente densas.", ["prior"]),
    ("Mamas no densas.", ["negation"]),
    ("No presenta mamas extremadamente densas.", ["negation"]),
    ("Sin hallazgos significativos.", ["absent"]),
]
for style in STYLES:
    for body, tags in NONE_BODIES:
        for _ in range(2):
            text, b = report(style, body, rng.choice(BIRADS))
            add(style, text, None, b, tags + ["no-density"])

# 4. Prior-study comparisons where the current composition differs.
PRIOR_BODIES = [
    ("En el estudio previo eran heterogéneamente densas; actualmente casi completamente grasas.", "a"),
    ("En la mamografía de 2019 las mamas eran extremadamente densas, actualmente heterogéneamente densas.", "c"),
    ("Comparado con el estudio previo, mamas heterogéneamente densas sin cambios.", "c"),
    ("Previamente se informaban mamas extremadamente densas. Actualmente áreas dispersas de densidad fibroglandular.", "b"),
    ("Estudio previo BI-RADS 3. Mamas con patrón graso.", "a"),
]
for style in STYLES:
    for body, category in PRIOR_BODIES:
        for _ in range(2):
            text, b = report(style, body, rng.choice(BIRADS))
            add(style, text, category, b, ["prior"])

# 5. Hand-written hard cases (label decided by reading).
HARD = [
    ("MX", "MASTOGRAFÍA BILATERAL. Se utiliza el léxico BI-RADS 5a edición. Mamas heterogéneamente densas (ACR C). Sin lesiones. BI-RADS 1.", "c", "1"),
    ("ES", "Mamografía. Mamas extremadamentedensas. Quistes simples bilaterales. BI-RADS 2.", "d", "2"),
    ("SA", "Mamografía bilateral.\nComposición mamaria:\nc\nNo hay hallazgos. BIRADS 1", "c", "1"),
    ("MX", "Mastografía de control. Mamas hetero geneamente densas. Ganglios axilares de aspecto normal. BI-RADS 2.", "c", "2"),
    ("ES", "Mamas de predominio graso con algunas áreas dispersas de densidad fibroglandular. Categoría BI-RADS 1.", "b", "1"),
    ("SA", "Breast density: ACR D. No suspicious findings. BI-RADS 1.", "d", "1"),
    ("MX", "Mamas con densidad mamaria ACR BI-RADS B. Sin microcalcificaciones. BI-RADS 2.", "b", "2"),
    ("ES", "Mamas heterogéneamente densas. Nódulo de densidad grasa en CSE izquierdo, lipoma. BI-RADS 2.", "c", "2"),
    ("SA", "Densidad mamaria tipo c. Asimetría focal en mama derecha. BI-RADS 0.", "c", "0"),
    ("MX", "Mamas casi completamente grasas. Sin evidencia de lesiones. Categoría 1.", "a", "1"),
    ("ES", "Mamografía sin hallazgos. Se recomienda control anual.", None, None),
    ("SA", "Estudio comparado con mamografía de 2022 (BI-RADS 2). Mamas heterogéneamente densas. BI-RADS 1.", "c", "1"),
    ("MX", "MAMAS HETEROGENEAMENTE DENSAS. BIRADS 2", "c", "2"),
    ("ES", "Patrón fibroglandular disperso en ambas mamas. BI-RADS 3 por nódulo en MD.", "b", "3"),
    ("SA", "Mama derecha heterogéneamente densa; mama izquierda con áreas dispersas de densidad fibroglandular. BI-RADS 2.", "c", "2"),
    ("MX", "Composición mamaria tipo B (áreas dispersas de tejido fibroglandular). BI-RADS 4A por microcalcificaciones.", "b", "4A"),
    ("ES", "Mamas extremadamente densas que limitan la valoración. Se sugiere ecografía. BI-RADS 0.", "d", "0"),
    ("SA", "Densidad: heterogéneamente densas. Conclusión: BI-RADS 4B.", "c", "4B"),
]
for style, text, density, b in HARD:
    right = left = None
    tags = ["hard"]
    if text.startswith("Mama derecha"):
        right, left = "c", "b"
        tags.append("per-side")
    add(style, text, density, b, tags, right=right, left=left, noise=False)

# 6. Reports without an assessment category.
for style in STYLES:
    for category in "abcd":
        phrase, tags = rng.choice(PHRASES[category])
        head, _ = STYLES[style]
        add(style, head + phrase + "\nSe sugiere correlación clínica.", category, None, tags + ["no-birads"])

for record in records:
    print(json.dumps(record, ensure_ascii=False))
