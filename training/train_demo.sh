#!/usr/bin/env bash
# The bundled demo model, end to end: synthesise, export with ground-truth labels, train
# convnext_atto from scratch, evaluate on the held-out synthetic set the card names.
set -euo pipefail
densa=${1:-.build/release/densa}
python=${2:-training/.venv/bin/python}
work=${DEMO_WORK:-build-demo-model}
mkdir -p "$work"
[ -d "$work/train-synth" ] || "$densa" synth --out "$work/train-synth" --exams 800 --seed 101 --scale 0.35
[ -d "$work/ds" ] || "$densa" dataset export "$work/train-synth" --out "$work/ds" --ground-truth --balance --seed 1 \
  --height 160 --width 128
"$python" training/train.py "$work/ds" --out "$work/model" --name densa-demo --version "$(date +%Y.%m.%d)" \
  --arch convnext_atto --lr 2e-3 --one-cycle --epochs 12 --patience 12 --batch 32 --dtype f16 --synthetic \
  --data-description "densa synth --exams 800 --seed 101 --scale 0.35, exported with --ground-truth --balance" \
  --intended-use "Demonstrating densa end to end on synthetic phantoms. Not a medical device; never use it on patients."
[ -d "$work/heldout" ] || "$densa" synth --out "$work/heldout" --exams 60 --seed 202 --scale 0.35
"$densa" evaluate "$work/heldout" --model "$work/model/densa-demo.safetensors"
echo "Copy $work/model/densa-demo.{safetensors,card.json} to models/ and put the held-out figures in the card."
