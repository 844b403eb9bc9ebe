#!/usr/bin/env bash
# `make run`: the main job on freshly synthesised demo data with the bundled demo model.
set -euo pipefail
densa=${1:-.build/release/densa}
model=models/densa-demo.safetensors
rm -rf demo
echo "== densa synth: 20 screening exams (4 vendors, full-size phantoms), Spanish reports, ground truth"
"$densa" synth --out demo --exams 20 --seed 7 --retake-rate 0.1 --spot-view-rate 0.1 --missing-view-rate 0.05
echo
echo "== densa model info $model"
"$densa" model info "$model"
echo
echo "== densa process demo (classify, read reports, compare, write JSON + heatmaps + DICOM SR + scorecard, store)"
"$densa" process demo --model "$model" --db demo/densa.sqlite --out demo/out
echo
echo "== densa worklist: pre-reads, unread and newest first"
"$densa" worklist --db demo/densa.sqlite
echo
echo "== densa qa: report density audited against the model"
"$densa" qa --db demo/densa.sqlite
echo
echo "== densa evaluate demo: the model against the synthetic ground truth"
"$densa" evaluate demo --model "$model" --png demo/out/confusion.png
echo
first=$(ls -d demo/out/exams/*/* | head -1)
echo "Results: demo/out/exams/<accession>/<model>/ — result.json (schema: schemas/exam-result.v1.schema.json),"
echo "         heatmap-<view>.png, density-sr.dcm (DICOM SR), scorecard.dcm (Secondary Capture).  Example: $first"
echo "Database: demo/densa.sqlite.  Ground truth: demo/manifest.json.  Confusion matrix: demo/out/confusion.png"
echo "The demo model was trained on synthetic phantoms: not for clinical use."
