#!/usr/bin/env bash
# Replays every input under fuzz/regressions/<target>/ through its fuzz target once (no fuzzing):
# each is a crash, leak, hang or out-of-memory the fuzzers once found, fixed since. Builds the
# targets that have regressions first. Skips cleanly, with a message, where the toolchain's clang
# has no libFuzzer runtime. Usage: fuzz/regress.sh [target...]
set -uo pipefail
cd "$(dirname "$0")/.."
DIR=${FUZZ_DIR:-.build/fuzz}
TOOLCHAIN=${TOOLCHAIN:-/opt/swift/usr/bin}
if ! ls "$("$TOOLCHAIN/clang" -print-resource-dir 2>/dev/null)"/lib/*/libclang_rt.fuzzer*.a >/dev/null 2>&1 \
  && ! ls "$("$TOOLCHAIN/clang" -print-resource-dir 2>/dev/null)"/lib/*/*/libclang_rt.fuzzer.a >/dev/null 2>&1; then
  echo "fuzz-regress: skipped: $TOOLCHAIN/clang has no libFuzzer runtime (libclang_rt.fuzzer)"
  exit 0
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for d in fuzz/regressions/*/; do [ -n "$(ls "$d")" ] && targets+=("$(basename "$d")"); done
fi
fuzz/build.sh "${targets[@]}" || exit 1
status=0
for t in "${targets[@]}"; do
  # build.sh skips, with its message, a target whose packages are not built (mllp, config).
  [ -x "$DIR/$t" ] || { echo "fuzz-regress: $t: skipped (not built)"; continue; }
  inputs=(fuzz/regressions/"$t"/*)
  log="$DIR/logs/regress-$t.log"
  mkdir -p "$DIR/logs"
  if SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    "$DIR/$t" -timeout=30 -rss_limit_mb=2048 "${inputs[@]}" >"$log" 2>&1; then
    echo "fuzz-regress: $t: ${#inputs[@]} inputs replayed, no finding"
  else
    echo "fuzz-regress: $t: FAILED (see $log)" >&2
    grep -E "ERROR|Fatal error|runtime error|Running:" "$log" | tail -5 >&2
    status=1
  fi
done
exit $status
