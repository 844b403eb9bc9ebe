#!/usr/bin/env bash
# densa's ConvNeXt kernels one by one against OpenBLAS and libm, on one core (taskset -c 0).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
clang=${CLANG:-$(command -v clang)}
"$clang" -O3 -I"$root/Sources/CKernels/include" -I"$root/Sources/CKernels" "$root/bench/kernels/kernels_bench.c" \
  "$root"/Sources/CKernels/*.c -lopenblas -lm -o "$tmp/kernels_bench"
taskset -c 0 "$tmp/kernels_bench"
