#!/usr/bin/env bash
# densa serve's web listener under a bounded local load (wrk, from Debian, on loopback only):
# requests/s and p99 latency of the worklist endpoint (GET /api/exams, first page of 50) and the
# worklist page (GET /) over a database of EXAMS (default 10000) exams, with a static file
# (GET /static/densa.css) as the ceiling of what the listener serves at all.
# The database: a few exams synthesised and processed by densa, then copied under new ids, UIDs,
# accessions and dates with sqlite3 (python3's) until there are EXAMS. DURATION (seconds, default
# 10) and CONNECTIONS (default 16) can be set; KEEP_DB=FILE keeps a copy of the database.
set -euo pipefail
densa=$(realpath "${1:-.build/release/densa}")
repo=$(cd "$(dirname "$0")/.." && pwd)
exams=${EXAMS:-10000}
duration=${DURATION:-10}
connections=${CONNECTIONS:-16}
command -v wrk >/dev/null || { echo "web.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
work=$(mktemp -d /tmp/densa-bench-web.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$densa" synth --out "$work/set" --exams 8 --seed 11 --scale 0.1 >/dev/null 2>&1
"$densa" process "$work/set" --db "$work/db.sqlite" --out "$work/out" --model "$repo/models/densa-demo.safetensors" \
  >/dev/null 2>&1
python3 - "$work/db.sqlite" "$exams" <<'PY'
import sqlite3, sys, datetime
db, target = sys.argv[1], int(sys.argv[2])
c = sqlite3.connect(db)
base = c.execute("SELECT id FROM exam ORDER BY id").fetchall()
start = datetime.date(2020, 1, 1)
n = len(base)
with c:
    for i in range(target - n):
        src = base[i % n][0]
        date = (start + datetime.timedelta(days=i % 1500)).strftime("%Y%m%d")
        cur = c.execute("""INSERT INTO exam (study_instance_uid, accession, patient_id, study_date, status, problems,
            read_state, first_seen) SELECT ?, ?, 'BENCH' || ?, ?, status, problems, read_state, first_seen
            FROM exam WHERE id = ?""", (f"2.25.{800000000 + i}", f"B{i:07d}", i, date, src))
        exam = cur.lastrowid
        for (rid,) in c.execute("SELECT id FROM exam_result WHERE exam_id = ?", (src,)).fetchall():
            cur = c.execute("""INSERT INTO exam_result (exam_id, model_id, composition, score, confidence,
                right_composition, left_composition, deciding_breast, flags, report_id, report_density, agreement,
                crosses_dense_boundary, json_path, sr_path, sr_sop_instance_uid, created_at, revision)
                SELECT ?, model_id, composition, score, confidence, right_composition, left_composition,
                deciding_breast, flags, NULL, report_density, agreement, crosses_dense_boundary, json_path, NULL, NULL,
                created_at, revision FROM exam_result WHERE id = ?""", (exam, rid))
            new = cur.lastrowid
            c.execute("""INSERT INTO view_prediction (result_id, view, sop_instance_uid, p_a, p_b, p_c, p_d,
                composition, heatmap_path) SELECT ?, view, sop_instance_uid, p_a, p_b, p_c, p_d, composition, NULL
                FROM view_prediction WHERE result_id = ?""", (new, rid))
            c.execute("""INSERT INTO breast_prediction (result_id, laterality, p_a, p_b, p_c, p_d, composition, score)
                SELECT ?, laterality, p_a, p_b, p_c, p_d, composition, score FROM breast_prediction
                WHERE result_id = ?""", (new, rid))
            c.execute("""INSERT INTO disagreement (result_id, grade, crosses_dense_boundary, model_density,
                report_density, review_state, updated_at) SELECT ?, grade, crosses_dense_boundary, model_density,
                report_density, review_state, updated_at FROM disagreement WHERE result_id = ?""", (new, rid))
print(c.execute("SELECT COUNT(*) FROM exam").fetchone()[0], "exams in the database")
PY
[ -z "${KEEP_DB:-}" ] || cp "$work/db.sqlite" "$KEEP_DB"
"$densa" serve --config "$repo/config/densa.yaml" --dicom-port 0 --hl7-port 0 --http-port 0 --db "$work/db.sqlite" \
  --storage "$work/storage" --out "$work/out" --model "$repo/models/densa-demo.safetensors" \
  >"$work/stdout" 2>"$work/log" &
pids+=($!)
for _ in $(seq 1 300); do grep -q listening "$work/stdout" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/.*http=\([0-9]*\).*/\1/p' "$work/stdout")
[ -n "$port" ] || { echo "web.sh: densa serve did not start" >&2; cat "$work/log" >&2; exit 1; }
total=$(curl -s "http://127.0.0.1:$port/api/exams?pageSize=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
echo "worklist: $total exams, first page of 50; wrk -t2 -c$connections -d${duration}s on 127.0.0.1"
printf '%-34s %12s %10s %10s\n' "endpoint" "requests/s" "p50 ms" "p99 ms"
for path in /api/exams / /static/densa.css; do
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$port$path")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  ms() { awk -v p="$1" '$1 == p {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; printf "%.2f", v}' <<<"$out"; }
  errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out")
  printf '%-34s %12s %10s %10s %s\n' "GET $path" "$rps" "$(ms 50%)" "$(ms 99%)" "$errors"
done
