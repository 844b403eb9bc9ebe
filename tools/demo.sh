#!/usr/bin/env bash
# `make run`: the main job on freshly synthesised demo data.
set -euo pipefail
densa=${1:-.build/release/densa}
rm -rf demo
echo "== densa synth: 20 screening exams with reports and ground truth into demo/"
"$densa" synth --out demo --exams 20 --seed 7
echo
echo "== densa scan demo/"
"$densa" scan demo
