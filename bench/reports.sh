#!/usr/bin/env bash
# Report extraction throughput on the labelled test corpus, one core (reports per second).
set -euo pipefail
densa=${1:-.build/release/densa}
root=$(cd "$(dirname "$0")/.." && pwd)
taskset -c 0 "$densa" reports bench --corpus "$root/Tests/ReportsTests/Corpus/reports.jsonl" --seconds 3 \
  2>/dev/null || "$densa" reports bench --corpus "$root/Tests/ReportsTests/Corpus/reports.jsonl" --seconds 3
