#!/usr/bin/env bash
# `make test-sanitize`: the whole test suite under AddressSanitizer (with LeakSanitizer) and
# UndefinedBehaviorSanitizer, then the concurrency tests under ThreadSanitizer. Each sanitizer has
# its own build folder (.build-asan, .build-tsan), so the normal .build is never rebuilt.
#
# The tests start the `densa` executable next to their test bundle (DensaBinary.url), so they run
# the sanitized binary of the same build folder. Every sanitized process (the test runner and each
# densa child) writes its reports to files under $REPORTS (log_path): a report fails this script
# even where a test does not look at the child's exit status (`densa serve` stopped by SIGTERM).
# ASan and UBSan also stop the process at the first report (halt_on_error), so the test that ran
# it fails on the spot.
#
# UBSan: Swift's compiler takes no -sanitize=undefined on Linux (Swift code traps on overflow and
# out-of-range access by itself, in release too); the C and C++ targets (Sources/CDCMTK,
# Sources/CKernels and the packages' C code) get -fsanitize=undefined through -Xcc/-Xcxx, its
# runtime being part of ASan's.
#
# Usage: tools/test-sanitize.sh [asan|tsan]...   (both when none given). While debugging,
# ASAN_FILTER=<regex> runs only part of the ASan suite, TSAN_FILTER_OVERRIDE=<regex> replaces the
# TSan list; `make test-sanitize` sets neither.
set -uo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
ROOT=$(pwd)
SUPPRESSIONS="$ROOT/tools/sanitizers"

ASAN_FLAGS=(-c release --sanitize=address --build-path .build-asan -Xswiftc -enable-testing
  -Xcc -fsanitize=undefined -Xcxx -fsanitize=undefined)
TSAN_FLAGS=(-c release --sanitize=thread --build-path .build-tsan -Xswiftc -enable-testing)

# The concurrency tests: the exam pipeline (a task group over exams writing to one store), the
# store's readers during writes, change events through a second connection, the C-STORE SCP's
# concurrent associations, and the node (`densa serve`: intake, processing, outbox, eight
# concurrent associations, kills, result-message delivery), whose densa child is TSan-built too.
TSAN_FILTER='WorklistTests\.ExamPipelineTests|WorklistTests\.StoreTests|ServerTests\.ChangeEventsTests'
TSAN_FILTER+='|DICOMTests\.StorageSCPTests|EndToEndTests\.ServeTests|EndToEndTests\.ResultMessageDeliveryTests'

# Swift's own backtracer would race the sanitizers' reports at a crash.
export SWIFT_BACKTRACE=enable=no

# Fails (after printing them) if any sanitizer report was written under $1.
check_reports() {
  local dir=$1 name=$2 files
  files=$(find "$dir" -type f -size +0 | sort)
  if [ -n "$files" ]; then
    echo "test-sanitize: $name: sanitizer reports in $(echo "$files" | wc -l) process(es):" >&2
    for f in $files; do
      echo "--- $f" >&2
      head -c 20000 "$f" >&2
    done
    return 1
  fi
  echo "test-sanitize: $name: no sanitizer report"
}

run_asan() {
  local reports="$ROOT/.build-asan/sanitizer-reports" start status
  echo "test-sanitize: building with ASan+UBSan in .build-asan"
  "$SWIFT" build "${ASAN_FLAGS[@]}" --build-tests || return 1
  rm -rf "$reports" && mkdir -p "$reports"
  # detect_leaks: LeakSanitizer at every exit. The suppressions name only swift-corelibs-foundation
  # frames, each with its reason (tools/sanitizers/lsan.supp).
  export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:log_path=$reports/report"
  export LSAN_OPTIONS="suppressions=$SUPPRESSIONS/lsan.supp:print_suppressions=0"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$reports/report"
  start=$(date +%s)
  "$SWIFT" test "${ASAN_FLAGS[@]}" --skip-build ${ASAN_FILTER:+--filter "$ASAN_FILTER"}
  status=$?
  echo "test-sanitize: ASan+UBSan suite: exit $status in $(($(date +%s) - start)) s"
  unset ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
  check_reports "$reports" "ASan+UBSan" || status=1
  return $status
}

run_tsan() {
  local reports="$ROOT/.build-tsan/sanitizer-reports" start status
  echo "test-sanitize: building with TSan in .build-tsan"
  "$SWIFT" build "${TSAN_FLAGS[@]}" --build-tests || return 1
  rm -rf "$reports" && mkdir -p "$reports"
  export TSAN_OPTIONS="halt_on_error=0:exitcode=66:second_deadlock_stack=1:suppressions=$SUPPRESSIONS/tsan.supp:log_path=$reports/tsan"
  start=$(date +%s)
  "$SWIFT" test "${TSAN_FLAGS[@]}" --skip-build --filter "${TSAN_FILTER_OVERRIDE:-$TSAN_FILTER}"
  status=$?
  echo "test-sanitize: TSan concurrency tests: exit $status in $(($(date +%s) - start)) s"
  unset TSAN_OPTIONS
  check_reports "$reports" "TSan" || status=1
  return $status
}

modes=("$@")
[ ${#modes[@]} -eq 0 ] && modes=(asan tsan)
result=0
for mode in "${modes[@]}"; do
  case $mode in
  asan) run_asan || result=1 ;;
  tsan) run_tsan || result=1 ;;
  *)
    echo "usage: $0 [asan|tsan]..." >&2
    exit 2
    ;;
  esac
done
exit $result
