#!/usr/bin/env bash
# Runs each fuzz target (all by default) for FUZZ_SECONDS or FUZZ_RUNS executions, whichever
# comes first, one after the other, on its seeds and its growing corpus under .build/fuzz/corpus.
# libFuzzer's final stats (executions, exec/s, coverage) go to .build/fuzz/logs/<target>.log; a
# crash, leak, timeout or out-of-memory input is left in .build/fuzz/findings/<target>/ and makes
# the run fail. Usage: fuzz/run.sh [target...]
set -uo pipefail
cd "$(dirname "$0")/.."
DIR=${FUZZ_DIR:-.build/fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-1200}
RUNS=${FUZZ_RUNS:-1000000}
ALL=(dicom j2k ljpeg jpegls report_text csv hl7 mllp safetensors npy model_card config)
TARGETS=("${@:-${ALL[@]}}")
status=0
mkdir -p "$DIR/logs"
for t in "${TARGETS[@]}"; do
  [ -x "$DIR/$t" ] || { echo "fuzz: $DIR/$t is not built (fuzz/build.sh)" >&2; status=1; continue; }
  mkdir -p "$DIR/corpus/$t" "$DIR/findings/$t"
  dict=()
  case $t in
    dicom) dict=(-dict=fuzz/dicom.dict) ;;
    hl7 | mllp) dict=(-dict=fuzz/hl7.dict) ;;
    config) dict=(-dict=fuzz/yaml.dict) ;;
  esac
  seeds=()
  [ -d "$DIR/seeds/$t" ] && seeds=("$DIR/seeds/$t")
  [ -d "fuzz/regressions/$t" ] && seeds+=("fuzz/regressions/$t")
  echo "fuzz: $t for ${SECONDS_EACH}s or $RUNS runs"
  # One process, one job: the machine is shared. (-jobs=1 -workers=1 would say the same, but
  # libFuzzer then forks a child that logs to ./fuzz-0.log.) 4 KiB inputs except the binary formats.
  max_len=4096
  case $t in dicom | j2k | safetensors) max_len=65536 ;; esac
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1} \
    "$DIR/$t" "${dict[@]}" -max_total_time="$SECONDS_EACH" -runs="$RUNS" \
    -max_len=$max_len -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$DIR/findings/$t/" "$DIR/corpus/$t" "${seeds[@]}" >"$DIR/logs/$t.log" 2>&1
  rc=$?
  grep -E "^(stat::|#[0-9]+[[:space:]]+DONE|Done [0-9]+ runs)" "$DIR/logs/$t.log" | sed "s/^/$t: /"
  echo "$t: corpus $(ls "$DIR/corpus/$t" | wc -l) files; exit $rc"
  if [ $rc -ne 0 ] || [ -n "$(ls "$DIR/findings/$t")" ]; then
    echo "fuzz: $t FOUND SOMETHING: $(ls "$DIR/findings/$t" | head -5) (log: $DIR/logs/$t.log)" >&2
    status=1
  fi
done
exit $status
