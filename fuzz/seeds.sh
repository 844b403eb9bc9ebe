#!/usr/bin/env bash
# Writes the fuzzers' seed corpora under .build/fuzz/seeds/<target>/ (or $FUZZ_DIR/seeds): small
# synthesised studies in every transfer syntax densa reads (densa synth, then DCMTK's converters),
# the shared DICOM samples, their JPEG 2000 codestreams, the report corpus as text and as CSV/TSV,
# HL7 messages like the tests', valid and broken safetensors, .npy and model cards, and
# config/densa.yaml with variants of it (every YAML feature libyaml parses, wrong types, bad bytes).
# Usage: fuzz/seeds.sh [path to a built densa] (default .build/release/densa, else main's).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${FUZZ_DIR:-.build/fuzz}/seeds
DENSA=${1:-}
for candidate in "$DENSA" .build/release/densa /work/main/.build/release/densa; do
  [ -n "$candidate" ] && [ -x "$candidate" ] && DENSA=$candidate && break
done
SHARED=${SHARED:-../shared/data/dicom-samples}
rm -rf "$OUT"
mkdir -p "$OUT"/{dicom,j2k,ljpeg,jpegls,report_text,csv,hl7,safetensors,npy,model_card,config}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# DICOM: a few tiny synthetic exams (the four vendor profiles: explicit little endian, JPEG
# lossless SV1, JPEG 2000 lossless, JPEG-LS lossless), converted into the other syntaxes.
if [ -x "$DENSA" ]; then
  "$DENSA" synth --out "$work/synth" --exams 4 --scale 0.03 --seed 7 --implant-rate 0.5 \
    --spot-view-rate 0.5 --for-processing-rate 0.5 >/dev/null
  n=0
  while IFS= read -r f; do
    n=$((n + 1))
    cp "$f" "$OUT/dicom/synth-$n.dcm"
  done < <(find "$work/synth/studies" -name '*.dcm' | sort | awk 'NR % 3 == 1')
  base=$(find "$work/synth/studies" -name '*.dcm' | sort | head -1)
  dcmdjpeg "$base" "$work/plain.dcm" 2>/dev/null || dcmdjpls "$base" "$work/plain.dcm" 2>/dev/null ||
    cp "$base" "$work/plain.dcm"
  # Whatever the first file's syntax, make an uncompressed copy, then every other syntax.
  dcmconv +te "$work/plain.dcm" "$work/plain.dcm" 2>/dev/null || true
  dcmconv +ti "$work/plain.dcm" "$OUT/dicom/ts-implicit.dcm" || true
  dcmconv +tb "$work/plain.dcm" "$OUT/dicom/ts-big-endian.dcm" || true
  dcmcrle "$work/plain.dcm" "$OUT/dicom/ts-rle.dcm" || true
  dcmcjpeg +e1 "$work/plain.dcm" "$OUT/dicom/ts-jpeg-sv1.dcm" || true
  dcmcjpeg +el "$work/plain.dcm" "$OUT/dicom/ts-jpeg-lossless.dcm" || true
  dcmcjpeg +ee "$work/plain.dcm" "$OUT/dicom/ts-jpeg-extended.dcm" || true
  dcmcjpls +en "$work/plain.dcm" "$OUT/dicom/ts-jpegls-near.dcm" || true
  dcmcjpls +el "$work/plain.dcm" "$OUT/dicom/ts-jpegls.dcm" || true
  cp "$work/plain.dcm" "$OUT/dicom/ts-explicit.dcm"
  # The shim reads a file cut at Pixel Data as a header; give it one.
  head -c 2048 "$work/plain.dcm" >"$OUT/dicom/truncated.dcm"
else
  echo "seeds: no densa binary, so no synthesised studies" >&2
fi
# The shared samples are megabytes; their headers plus some pixel bytes are what the fuzzer
# can use (libFuzzer's -max_len would cut them anyway).
for f in "$SHARED"/MG_Explicit_Little.dcm "$SHARED"/MG1_J2KI "$SHARED"/MG1_JPLY; do
  [ -f "$f" ] && head -c 16384 "$f" >"$OUT/dicom/shared-$(basename "$f" .dcm).dcm"
done

# Codestreams cut out of DICOM files: JPEG 2000 (the synthetic JPEG 2000 lossless files' frames;
# small opj_compress images below add lossless, lossy, several resolution levels, a JP2 container)
# and lossless JPEG (the lossless JPEG files' frames, more predictors and point transforms from
# dcmcjpeg; restart intervals from the decoder tests' encoder below).
if [ -f "$work/plain.dcm" ]; then
  for sv in 1 4 5 7; do dcmcjpeg +el +sv "$sv" +pt $((sv % 3)) "$work/plain.dcm" "$work/ljpeg-sv$sv.dcm" || true; done
  # JPEG-LS: lossless, near-lossless, preset thresholds (an LSE segment).
  for opts in "+el" "+en +md 3" "+t1 5 +t2 9 +t3 30 +rs 32"; do
    # shellcheck disable=SC2086
    dcmcjpls $opts "$work/plain.dcm" "$work/jpegls-${opts// /}.dcm" || true
  done
fi
python3 - "$OUT/dicom" "$work" "$OUT/j2k" "$OUT/ljpeg" "$OUT/jpegls" <<'PY'
import pathlib, sys
dicom, work, j2k, ljpeg, jpegls = map(pathlib.Path, sys.argv[1:])
counts = {j2k: 0, ljpeg: 0, jpegls: 0}
files = list(dicom.glob("*")) + list(work.glob("ljpeg-*.dcm")) + list(work.glob("jpegls-*.dcm"))
for f in sorted(files):
    b = f.read_bytes()
    for dst, start, suffix in ((j2k, b"\xff\x4f\xff\x51", "j2k"), (ljpeg, b"\xff\xd8\xff", "jpg"),
                               (jpegls, b"\xff\xd8\xff", "jls")):  # SOC SIZ; SOI
        i = b.find(start)
        sof = {ljpeg: b"\xff\xc3", jpegls: b"\xff\xf7"}.get(dst)  # lossless JPEG: SOF3; JPEG-LS: SOF55
        if i < 0 or (sof and b.find(sof, i) < 0):
            continue
        end = b.find(b"\xff\xd9", i)
        counts[dst] += 1
        (dst / f"frame-{counts[dst]}.{suffix}").write_bytes(b[i:end + 2 if end > 0 else len(b)])
PY
python3 -c "import struct; open('$work/ljpeg.raw', 'wb').write(struct.pack('<%dH' % (23 * 17), *[(x * 97 + y * 31) % 4096 for y in range(17) for x in range(23)]))"
for args in "12 1 0 1" "12 4 2 3" "16 7 0 2"; do
  read -r bits predictor pt rows <<<"$args"
  python3 Tests/DICOMTests/Support/lossless_jpeg_encode.py "$work/ljpeg.raw" "$OUT/ljpeg/restart-$bits-$predictor-$pt-$rows.jpg" \
    23 17 "$bits" "$predictor" "$pt" "$rows"
done
python3 - "$work/gray.pgm" <<'PY'
import sys
w, h = 48, 40
px = bytes(((x * 5 + y * 3) ^ (x * y)) & 0xFF for y in range(h) for x in range(w))
open(sys.argv[1], "wb").write(b"P5\n%d %d\n255\n" % (w, h) + px)
PY
opj_compress -i "$work/gray.pgm" -o "$OUT/j2k/lossless.j2k" >/dev/null
opj_compress -i "$work/gray.pgm" -o "$OUT/j2k/lossy.j2k" -r 20 -I >/dev/null
opj_compress -i "$work/gray.pgm" -o "$OUT/j2k/levels2-tiles.j2k" -n 2 -t 16,16 >/dev/null
opj_compress -i "$work/gray.pgm" -o "$OUT/j2k/container.jp2" >/dev/null

# Reports: every corpus report as a text file, some as CSV and TSV exports.
python3 - Tests/ReportsTests/Corpus/reports.jsonl "$OUT" <<'PY'
import csv, io, json, pathlib, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
out = pathlib.Path(sys.argv[2])
for r in rows[::3]:
    (out / "report_text" / f"{r['id']}.txt").write_text(r["text"], encoding="utf-8")
(out / "report_text" / "cp1252.txt").write_bytes(rows[0]["text"].encode("cp1252", "replace"))
for name, delimiter, chunk in [("export.csv", ",", rows[0:6]), ("export.tsv", "\t", rows[6:10]),
                               ("export-semicolon.csv", ";", rows[10:13])]:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(["accession", "patient_id", "date", "radiologist", "status", "text"])
    for i, r in enumerate(chunk):
        w.writerow([f"ACC{i}", f"P{i}", "2026-03-01", "Dra. Ana Pérez", "F", r["text"]])
    (out / "csv" / name).write_text(buf.getvalue(), encoding="utf-8")
(out / "csv" / "bom-cp1252.csv").write_bytes(b"accession,text\nA1,\"Mamas densas; BI-RADS 2\"\n".replace(b"densas", "dénsas".encode("cp1252")))
# HL7 ORU^R01 messages like Tests/ReportsTests/HL7Tests.swift's, one per report style.
header = "MSH|^~\\&|RIS|HOSP|DENSA|HOSP|20260301120000||ORU^R01|MSG{n}|P|2.5|||||||{charset}"
for n, r in enumerate(rows[:8:2]):
    lines = r["text"].split("\n")
    segs = [header.format(n=n, charset="UNICODE UTF-8"), f"PID|1||PAC{n}^^^HOSP||DOE^JANE",
            f"OBR|1||ACC{n}|MAMO|||20260301||||||||||||||||||{'FC'[n % 2]}|||||||123&Pérez&Ana"]
    segs += [f"OBX|{i + 1}|TX|||{l.replace('|', chr(92) + 'F' + chr(92))}||||||F" for i, l in enumerate(lines)]
    (out / "hl7" / f"oru-{n}.hl7").write_bytes("\r".join(segs).encode("utf-8"))
latin = header.format(n=9, charset="8859/1") + "\rPID|1||P\rOBR|1||A\rOBX|1|TX|||Se\xf1ora \\X41C3B1\\ \\.br\\ \\E\\"
(out / "hl7" / "latin1.hl7").write_bytes(latin.encode("latin-1"))
(out / "hl7" / "mllp.hl7").write_bytes(b"\x0b" + (out / "hl7" / "oru-0.hl7").read_bytes() + b"\x1c\x0d")
PY

# Weights: the demo model's header with a little tensor data, a tiny valid file in each dtype,
# broken ones; .npy in the formats NumPyArray reads; the demo card and broken cards.
python3 - models/densa-demo.safetensors models/densa-demo.card.json "$OUT" <<'PY'
import json, pathlib, struct, sys
model, card, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
def st(tensors, meta=None):
    header, data = {}, b""
    if meta: header["__metadata__"] = meta
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    h = json.dumps(header).encode()
    return struct.pack("<Q", len(h)) + h + data
s = out / "safetensors"
s.joinpath("f32.safetensors").write_bytes(st({"w": ("F32", [2, 2], struct.pack("<4f", 1, -2, 3.5, 0))}, {"format": "pt"}))
s.joinpath("f16-bf16.safetensors").write_bytes(st({"h": ("F16", [3], b"\x00\x3c\x00\xc0\xff\x7b"), "b": ("BF16", [1, 2], b"\x80\x3f\x00\x40")}))
s.joinpath("empty-shape.safetensors").write_bytes(st({"s": ("F32", [], struct.pack("<f", 7))}))
s.joinpath("bad-offsets.safetensors").write_bytes(st({"w": ("F32", [4], b"\0" * 8)}))
s.joinpath("huge-header.safetensors").write_bytes(struct.pack("<Q", 1 << 40) + b"{}")
head = model.read_bytes()[:8]
n = struct.unpack("<Q", head)[0]
if n < 200000:
    s.joinpath("demo-header.safetensors").write_bytes(model.read_bytes()[:8 + n + 64])
def npy(descr, shape, raw, version=1):
    d = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)
    pad = 64 - (10 + len(d) + 1) % 64
    d = (d + " " * pad + "\n").encode()
    lenfield = struct.pack("<H", len(d)) if version == 1 else struct.pack("<I", len(d))
    return b"\x93NUMPY" + bytes([version, 0]) + lenfield + d + raw
p = out / "npy"
p.joinpath("f32-2d.npy").write_bytes(npy("<f4", "(2, 3)", struct.pack("<6f", *range(6))))
p.joinpath("f32-1d.npy").write_bytes(npy("<f4", "(4,)", struct.pack("<4f", *range(4))))
p.joinpath("scalar.npy").write_bytes(npy("<f4", "()", struct.pack("<f", 1)))
p.joinpath("v2.npy").write_bytes(npy("<f4", "(1, 1, 2)", struct.pack("<2f", 1, 2), version=2))
p.joinpath("f8.npy").write_bytes(npy("<f8", "(1,)", struct.pack("<d", 1)))
c = out / "model_card"
text = card.read_text()
c.joinpath("demo.card.json").write_text(text)
j = json.loads(text)
j["classes"] = ["d", "c", "b", "a"]
c.joinpath("wrong-classes.card.json").write_text(json.dumps(j))
c.joinpath("truncated.card.json").write_text(text[: len(text) // 2])
PY
# Configuration: config/densa.yaml, then variants in every YAML style libyaml parses (flow,
# quoting, block scalars, anchors, aliases, merge keys, tags, directives, documents), the
# entries densa parses itself (peers, AE=host lists), wrong types, deep nesting, bad bytes.
python3 - config/densa.yaml "$OUT/config" <<'PY'
import pathlib, re, sys
src, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
base = src.read_text(encoding="utf-8")
def put(name, text):
    (out / name).write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
put("densa.yaml", base)
plain = "\n".join(l for l in base.splitlines() if not l.lstrip().startswith("#")) + "\n"
put("no-comments.yaml", plain)
put("quoted.yaml", re.sub(r"^(\s+\w+): (.+)$", lambda m: '%s: "%s"' % (m[1], m[2].replace('"', '\\"')), plain, flags=re.M))
put("single-quoted.yaml", re.sub(r"^(\s+\w+): ([^\[\n]+)$", lambda m: "%s: '%s'" % (m[1], m[2]), plain, flags=re.M))
put("flow.yaml", "{log: {level: debug}, dicom: {aeTitle: DENSA, port: 11112, allowedCallingAETitles: [MAMMO1, PACS],"
    " destinations: ['pacs ORTHANC@127.0.0.1:4242'], allowedHosts: [MAMMO1=10.1.2.3, 'PACS=10.1.2.9']},"
    " hl7: {enabled: true, port: 2575, destinations: [\"ris RIS^HOSP@10.1.2.20:2576\", ris2 RIS@h:1]},"
    " http: {enabled: off, port: 0x1F90}, web: {language: en}}\n")
put("lists.yaml", """dicom:
  allowedCallingAETitles:
    - MAMMO1
    - "PACS "
  allowedHosts: ["MAMMO1=10.1.2.3", "PACS=10.1.2.9,PACS=10.1.2.10", " = ", "X="]
  destinations:
    - pacs ORTHANC@127.0.0.1:4242
    - "a A@b@c:0"
    - "bad"
  pacs: "archive ARCH@[::1]:104,other O@h:65536"
hl7:
  allowedSenders: [RIS, RIS^HOSP, ""]
  destinations: [ "ris RIS^HOSP@10.1.2.20:2576", "r ^@h:1", "r A^B^C@h:1", "ris RIS@h:2" ]
http:
  allowedHosts: ~
pairing:
  accessionPrefixes: [ACC, "00", !!str 0x10, null]
""")
put("types.yaml", """log: {level: [info]}
output: {directory: [a, [b]]}
model: {weights: {nested: mapping}, precision: !!binary ZnAzMg==}
pairing: {dateWindowDays: 3.0e0, accessionPrefixes: {a: b}}
process: {heatmaps: Yes, structuredReports: ON, maxImagePixels: 5_000_000, maxAttempts: -0}
classification: {uncertainMargin: .NaN}
dicom: {port: +11112, maxPDU: 0o400000, acseTimeout: .inf, dimseTimeout: 1:30, idleTimeout: ""}
storage: {minimumFreeBytes: 9223372036854775808}
completion: {settleSeconds: -.Inf, quietSeconds: 1e400}
outbox: {sendNonClinicalResults: "TRUE", maxAttempts: 0x7fffffffffffffff}
hl7: {enabled: ~, port: null, maxMessageBytes: !!int "1048576", ackTimeoutSeconds: !!float 30}
web: {language: !!str es, followBrowserLanguage: !!bool y}
""")
put("anchors.yaml", """defaults: &d
  enabled: true
  port: 2575
  allowedHosts: &hosts [127.0.0.1, "::1"]
hl7:
  <<: *d
  destinations: &dest ["ris RIS@h:1"]
http:
  <<: [*d, {port: 8080}]
  allowedHosts: *hosts
dicom:
  destinations: *dest
  aeTitle: &ae DENSA
  allowedCallingAETitles: [*ae, *ae]
log: &l {level: *ae}
output: *l
""")
put("laughs-small.yaml", "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nlog: {level: *c}\n")
put("tags.yaml", """%YAML 1.1
%TAG ! tag:densa.example,2026:
%TAG !e! tag:example.com,2000:app/
---
log: !<tag:yaml.org,2002:str> info
dicom: !!map {port: !!int 104, aeTitle: !custom DENSA, bindAddress: !e!addr 0.0.0.0}
hl7: !!omap [enabled: true]
http: !!set {? a, ? b}
model: {weights: !!null , precision: !!timestamp 2001-12-14}
...
""")
put("documents.yaml", "---\nlog: {level: info}\n---\nlog: {level: debug}\n...\n")
put("block-scalars.yaml", "reports:\n  accessionPattern: |\n    ^INF-0*([0-9]+)_\n  csv:\n    text: >-\n      free\n      text\n    date: |+2\n      d\n\n"
    "dicom:\n  aeTitle: >\n   folded\n   title\n")
put("keys.yaml", "dicom.port: 1\ndicom: {port: 2}\n? [complex, key]\n: value\n\"quoted.key\": x\n1: one\nnull: n\n? |\n  block key\n: v\nlog:\n  level: info\n  level: debug\n")
put("deep.yaml", "".join("  " * i + "k%d:\n" % i for i in range(64)) + "  " * 64 + "v: 1\n")
put("deep-flow.yaml", "log: " + "[" * 200 + "]" * 200 + "\n")
put("top-level-list.yaml", "- log\n- level: info\n")
put("scalar.yaml", "just a scalar\n")
put("empty.yaml", "")
put("comments-only.yaml", "# nothing\n\n")
put("latin1.yaml", "web:\n  language: es\nreports:\n  csv:\n    text: informe \xe9\xf1\n".encode("latin-1"))
put("utf16.yaml", "log:\n  level: info\n".encode("utf-16"))
put("utf8-bom.yaml", b"\xef\xbb\xbf" + plain.encode())
put("invalid-utf8.yaml", b"log:\n  level: \xc3\x28\xff\xfe info\noutput: {directory: \xed\xa0\x80}\n")
put("nul.yaml", b"log:\n  level: in\x00fo\n")
put("escapes.yaml", 'dicom: {aeTitle: "\\x41\\u00e9\\U0001F600\\0\\N\\_", bindAddress: "\\t127.0.0.1 "}\n')
put("tabs-crlf.yaml", "log:\r\n\tlevel: info\r\noutput:\r\n  directory: out\r\n")
put("truncated.yaml", plain[: len(plain) // 2] + '"unterminated')
PY
for t in "$OUT"/*/; do echo "seeds: $(basename "$t"): $(ls "$t" | wc -l) files, $(du -sk "$t" | cut -f1) KiB"; done
