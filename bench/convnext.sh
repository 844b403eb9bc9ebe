#!/usr/bin/env bash
# ConvNeXt forward pass: densa against ONNX Runtime and PyTorch (see convnext_peers.py).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
python3 "$here/convnext_peers.py" "${1:-.build/release/densa}"
