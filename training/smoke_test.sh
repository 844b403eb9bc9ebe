#!/usr/bin/env bash
# Export a handful of synthetic views, train a tiny ConvNeXt for a few steps, and check that densa
# loads the export and gives PyTorch's logits (max |Δ| ≤ 1e-4, same argmax).
set -euo pipefail
python=${TRAINING_PYTHON:-training/.venv/bin/python}
densa=${DENSA:-.build/release/densa}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$densa" synth --out "$tmp/set" --exams 8 --seed 5 --scale 0.1 >/dev/null 2>&1
"$densa" dataset export "$tmp/set" --out "$tmp/ds" --height 64 --width 64 --ground-truth >/dev/null 2>&1
"$python" training/train.py "$tmp/ds" --out "$tmp/model" --name smoke --arch convnext_atto --epochs 2 \
  --batch 8 --lr 1e-3 --synthetic
"$densa" model info "$tmp/model/smoke.safetensors" | head -3
"$densa" model infer --weights "$tmp/model/smoke.safetensors" --input "$tmp/model/smoke.reference-input.npy" \
  --output "$tmp/densa-logits.npy"
"$python" - "$tmp/model/smoke.reference-logits.npy" "$tmp/densa-logits.npy" <<'PY'
import sys, numpy as np
torch_logits, densa_logits = np.load(sys.argv[1]), np.load(sys.argv[2])
delta = float(np.abs(torch_logits - densa_logits).max())
same = bool((torch_logits.argmax(1) == densa_logits.argmax(1)).all())
print(f"max |logit difference| densa vs PyTorch: {delta:.2e}; same argmax: {same}")
sys.exit(0 if delta <= 1e-4 and same else 1)
PY
