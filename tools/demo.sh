#!/usr/bin/env bash
# `make run`: the main job on freshly synthesised demo data. Today it covers synthesis and study
# reading; classification, reports, SR and QA join as their issues land.
set -euo pipefail
densa=${1:-.build/release/densa}
rm -rf demo
echo "== densa synth: 20 screening exams (4 vendors, full-size phantoms), Spanish reports, ground truth"
"$densa" synth --out demo --exams 20 --seed 7 --preview --retake-rate 0.1 --spot-view-rate 0.1 --missing-view-rate 0.05
echo
echo "== densa scan demo/studies"
"$densa" scan demo/studies
echo
echo "Contact sheets: demo/previews/*.png   ground truth: demo/manifest.json   reports: demo/reports/"
echo "Synthetic phantoms, not for clinical use."
