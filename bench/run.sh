#!/usr/bin/env bash
# `make bench`: every benchmark densa has, each printing its figures beside its peers' in one run.
# Copy the figures, with this command, into BENCHMARKS.md.
set -euo pipefail
densa=${1:-.build/release/densa}
here=$(cd "$(dirname "$0")" && pwd)
for script in "$here"/*.sh; do
  [ "$(basename "$script")" = run.sh ] && continue
  echo "== $(basename "$script" .sh)"
  bash "$script" "$densa"
  echo
done
