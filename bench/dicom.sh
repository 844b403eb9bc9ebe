#!/usr/bin/env bash
# DICOM decoding: densa's pixel pipeline against DCMTK's own tools on the same files.
set -euo pipefail
"${1:-.build/release/densa}" bench-decode
