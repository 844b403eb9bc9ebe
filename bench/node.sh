#!/usr/bin/env bash
# densa serve as a DICOM node, against its peers in one run on the same files:
# - ingest: storescu -> densa serve (fsync + SQLite before each acknowledgement), -> DCMTK's
#   storescp (writes without fsync), -> Orthanc; images/s and MB/s, best of ROUNDS, fresh storage
#   each round. Goal: densa >= 0.9 x storescp.
# - latency: from the last image of an exam acknowledged to its SR acknowledged by Orthanc, against
#   the model's inference time for one exam (goal: inference + 2 s, settle time included).
# EXAMS (default 25), SCALE (phantom size, default 0.35) and ROUNDS (3) can be set.
set -euo pipefail
densa=$(realpath "${1:-.build/release/densa}")
repo=$(cd "$(dirname "$0")/.." && pwd)
exams=${EXAMS:-25}
scale=${SCALE:-0.35}
rounds=${ROUNDS:-3}
work=$(mktemp -d /tmp/densa-bench-node.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for() { for _ in $(seq 1 300); do eval "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "timed out: $1" >&2; return 1; }

"$densa" synth --out "$work/set" --exams "$exams" --seed 7 --scale "$scale" >/dev/null 2>&1
mapfile -t files < <(find "$work/set/studies" -name '*.dcm' | sort)
bytes=$(du -cb "${files[@]}" | tail -1 | cut -f1)
# One association per transfer syntax, the same for every peer.
declare -A groups
for f in "${files[@]}"; do
  case $(dcmdump -M +P 0002,0010 "$f") in
    *JPEG2000LosslessOnly*) o=-xv ;; *JPEGLSLossless*) o=-xt ;; *JPEGLossless:Non-hierarchical-1st*) o=-xs ;;
    *RLELossless*) o=-xr ;; *) o=-x= ;;
  esac
  groups[$o]+="$f "
done
send() { # AE PORT
  for o in "${!groups[@]}"; do storescu $o -aet STORESCU -aec "$1" 127.0.0.1 "$2" ${groups[$o]} >/dev/null 2>&1; done
}
calc() { python3 -c "print($1)"; }
timed_send() { local t0 t1; t0=$(date +%s.%N); send "$1" "$2"; t1=$(date +%s.%N); calc "$t1 - $t0"; }

start_storescp() { # DIR PORT
  mkdir -p "$1"; storescp -aet STORESCP +xa -od "$1" "$2" & pids+=($!); wait_for "echoscu -aec STORESCP 127.0.0.1 $2"
}
start_orthanc() { # DIR DICOMPORT HTTPPORT [DENSAPORT]
  mkdir -p "$1"
  cat >"$1/orthanc.json" <<JSON
{"Name":"bench","StorageDirectory":"$1/db","IndexDirectory":"$1/db","HttpPort":$3,"DicomPort":$2,"DicomAet":"ORTHANC",
 "RemoteAccessAllowed":false,"AuthenticationEnabled":false,"DicomAlwaysAllowStore":false,"DicomCheckModalityHost":true,
 "DicomModalities":{"bench":["STORESCU","127.0.0.1",1],"densa":["DENSA","127.0.0.1",${4:-1}]},"Plugins":[]}
JSON
  Orthanc "$1/orthanc.json" >"$1/log" 2>&1 & pids+=($!); wait_for "curl -sf http://127.0.0.1:$3/system"
}
start_densa() { # DIR PORT [extra --set ...]
  local dir=$1 port=$2; shift 2
  mkdir -p "$dir"
  "$densa" serve --config "$repo/config/densa.yaml" --dicom-port "$port" --hl7-port 0 --http-port 0 --db "$dir/db.sqlite" \
    --storage "$dir/storage" --out "$dir/out" --allow-ae STORESCU --allow-ae ORTHANC \
    --model "$repo/models/densa-demo.safetensors" --set storage.minimumFreeBytes=0 "$@" >"$dir/stdout" 2>"$dir/log" &
  pids+=($!); wait_for "grep -q listening $dir/stdout"
}
stop_last() { kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }

echo "cpu: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores"
echo "files: ${#files[@]} images of $exams exams, $((bytes / 1048576)) MiB, $(echo "${!groups[@]}" | wc -w) transfer syntaxes"
printf '%-10s %8s %10s %9s\n' peer seconds images/s MB/s
declare -A best
for r in $(seq 1 "$rounds"); do
  p=$(free_port); start_storescp "$work/r$r/storescp" "$p"; t=$(timed_send STORESCP "$p" 2>/dev/null); stop_last
  best[storescp]=$(calc "min(${best[storescp]:-1e9}, $t)")
  p=$(free_port); h=$(free_port); start_orthanc "$work/r$r/orthanc" "$p" "$h"; t=$(timed_send ORTHANC "$p" 2>/dev/null); stop_last
  best[orthanc]=$(calc "min(${best[orthanc]:-1e9}, $t)")
  # Completion held off so that only ingest is timed.
  p=$(free_port); start_densa "$work/r$r/densa" "$p" --set completion.settleSeconds=3600 --set completion.quietSeconds=3600
  t=$(timed_send DENSA "$p" 2>/dev/null); stop_last
  best[densa]=$(calc "min(${best[densa]:-1e9}, $t)")
done
for peer in storescp orthanc densa; do
  t=${best[$peer]}
  printf '%-10s %8.2f %10.1f %9.1f\n' "$peer" "$t" "$(calc "${#files[@]} / $t")" "$(calc "$bytes / 1048576 / $t")"
done
printf 'densa / storescp throughput: %.2f (goal >= 0.9); densa / Orthanc: %.2f\n' \
  "$(calc "${best[storescp]} / ${best[densa]}")" "$(calc "${best[orthanc]} / ${best[densa]}")"

# Latency: one exam at a time, settle 1 s, SR sent to Orthanc.
op=$(free_port); oh=$(free_port); dp=$(free_port)
start_orthanc "$work/lat/orthanc" "$op" "$oh" "$dp"
start_densa "$work/lat/densa" "$dp" --set completion.settleSeconds=1 --set outbox.sendNonClinicalResults=true \
  --set "dicom.destinations=pacs ORTHANC@127.0.0.1:$op" --set process.heatmaps=true
mapfile -t studies < <(find "$work/set/studies" -mindepth 2 -maxdepth 2 -type d | sort | head -5)
lat=()
n=0
for s in "${studies[@]}"; do
  n=$((n + 1))
  for f in $(find "$s" -name '*.dcm'); do
    case $(dcmdump -M +P 0002,0010 "$f") in
      *JPEG2000LosslessOnly*) o=-xv ;; *JPEGLSLossless*) o=-xt ;; *JPEGLossless:Non-hierarchical-1st*) o=-xs ;; *) o=-x= ;;
    esac
    storescu $o -aet STORESCU -aec DENSA 127.0.0.1 "$dp" "$f" >/dev/null 2>&1
  done
  t0=$(date +%s.%N)
  wait_for "[ \$(curl -s http://127.0.0.1:$oh/tools/find -d '{\"Level\":\"Instance\",\"Query\":{\"Modality\":\"SR\"}}' | grep -c '\"') -ge $n ]"
  t1=$(date +%s.%N)
  lat+=("$(calc "$t1 - $t0")")
done
sorted=$(printf '%s\n' "${lat[@]}" | sort -n)
median=$(echo "$sorted" | sed -n "$(( (${#lat[@]} + 1) / 2 ))p")
bench_line=$("$densa" model bench --weights "$repo/models/densa-demo.safetensors" --size 160 --batch 4 --repeat 5 2>/dev/null | grep -i median || true)
printf 'latency last image -> SR acknowledged by Orthanc: median %.2f s over %d exams (settle 1 s)\n' "$median" "${#lat[@]}"
echo "inference, one exam of four views: $bench_line"
