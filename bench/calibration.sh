#!/usr/bin/env bash
# Calibration of the bundled demo model: ECE before and after temperature scaling.
# 1. a fresh synthetic set (EXAMS, default 200, seed 303; training used seed 101, the card's
#    held-out set seed 202), exported with the demo card's preprocessing and ground-truth labels;
# 2. `densa model calibrate`: T fitted on the export's validation split, NLL/ECE on its test split;
# 3. `densa evaluate` of the card's held-out set (60 exams, seed 202) with the bundled card (T = 1)
#    and with the calibrated card: view and exam ECE, reliability diagrams.
# Usage: bash bench/calibration.sh [path/to/densa]; WORK keeps the files (default: a temp folder).
set -euo pipefail
densa=$(realpath "${1:-.build/release/densa}")
repo=$(cd "$(dirname "$0")/.." && pwd)
exams=${EXAMS:-200}
work=${WORK:-$(mktemp -d /tmp/densa-bench-calibration.XXXXXX)}
mkdir -p "$work"
cd "$repo"
weights=models/densa-demo.safetensors
t0=$(date +%s)
"$densa" synth --out "$work/set" --exams "$exams" --seed 303 --scale 0.35 >/dev/null
"$densa" dataset export "$work/set" --out "$work/ds" --ground-truth --card models/densa-demo.card.json --seed 1
"$densa" model calibrate "$weights" --dataset "$work/ds" --out "$work/calibrated" --replace
"$densa" synth --out "$work/heldout" --exams 60 --seed 202 --scale 0.35 >/dev/null
for model in "$weights" "$work/calibrated/densa-demo.safetensors"; do
  name=$([ "$model" = "$weights" ] && echo bundled || echo calibrated)
  "$densa" evaluate "$work/heldout" --model "$model" --reliability "$work/reliability-$name.png" \
    | grep -E "^model|calibration|ECE|reliability|^views|^exams"
done
echo "total $(( $(date +%s) - t0 )) s; files in $work"
