#!/usr/bin/env python3
"""densa's ConvNeXt forward pass against ONNX Runtime, OpenVINO and PyTorch, same machine, same run.

The workload is one exam: a batch of 4 views. Every framework runs the same seeded random
timm weights (convnext_tiny and convnext_base, 4 classes) at 224 and 512, on 2 threads:
ONNX Runtime with 2 intra-op threads, PyTorch with torch.set_num_threads(2), densa with its
defaults (OpenBLAS threads for the GEMMs, a parallel loop for the rest); OpenVINO with the hint
f32. In bf16: densa with --precision bf16 (where the CPU has AVX512-BF16 or AMX-BF16), OpenVINO with
INFERENCE_PRECISION_HINT bf16, PyTorch under torch.autocast("cpu", dtype=torch.bfloat16). The peers'
bf16 modes run on every CPU, since a site may ask for them anywhere: without bf16 hardware OpenVINO
keeps fp32 and PyTorch emulates, and densa's fp32 is then compared with the fastest peer of either.
The frameworks are timed in turns, one run each per round, so that all of them see the same
minutes of a shared host (densa as one `model bench --repeat 1` process per run, its own timing).

Creates bench/.venv (torch, timm, onnx, onnxruntime, safetensors, numpy) on first use and keeps
its models under bench/.cache; neither is committed. Not part of CI.

  python3 bench/convnext_peers.py [DENSA] [--runs N] [--only tiny:224,base:512]
"""
import json
import os
import resource
import subprocess
import sys
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "bench", ".venv")
CACHE = os.path.join(ROOT, "bench", ".cache")
THREADS = 2
BATCH = 4


def ensure_venv():
    py = os.path.join(VENV, "bin", "python")
    if sys.executable != py:
        if not os.path.exists(py):
            subprocess.check_call([sys.executable, "-m", "venv", VENV])
            subprocess.check_call([py, "-m", "pip", "install", "-q", "torch", "timm", "onnx", "onnxruntime",
                                   "onnxscript", "safetensors", "numpy", "openvino"])
        os.execv(py, [py] + sys.argv)


ensure_venv()

import numpy as np  # noqa: E402
import onnxruntime as ort  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

try:
    import timm  # noqa: E402
except Exception:  # timm needs torchvision, which PyPI ships only for CUDA builds of torch
    timm = None
from safetensors.torch import save_file  # noqa: E402

try:
    import openvino as ov  # noqa: E402
except ImportError:  # a venv made before OpenVINO joined the peers
    ov = None

torch.set_num_threads(THREADS)


class _LayerNorm2d(torch.nn.LayerNorm):
    def forward(self, x):
        return F.layer_norm(x.permute(0, 2, 3, 1), self.normalized_shape, self.weight, self.bias,
                            self.eps).permute(0, 3, 1, 2)


class _Block(torch.nn.Module):
    def __init__(self, c):
        super().__init__()
        self.conv_dw = torch.nn.Conv2d(c, c, 7, padding=3, groups=c)
        self.norm = torch.nn.LayerNorm(c, eps=1e-6)
        self.mlp = torch.nn.Module()
        self.mlp.fc1 = torch.nn.Linear(c, 4 * c)
        self.mlp.fc2 = torch.nn.Linear(4 * c, c)
        self.gamma = torch.nn.Parameter(torch.ones(c))

    def forward(self, x):
        y = self.norm(self.conv_dw(x).permute(0, 2, 3, 1))
        y = self.mlp.fc2(F.gelu(self.mlp.fc1(y))) * self.gamma
        return x + y.permute(0, 3, 1, 2)


class _ConvNeXt(torch.nn.Module):
    """timm's ConvNeXt (same state_dict names, same arithmetic) for when timm cannot be imported."""

    def __init__(self, depths, dims, classes=4):
        super().__init__()
        self.stem = torch.nn.Sequential(torch.nn.Conv2d(3, dims[0], 4, stride=4), _LayerNorm2d(dims[0], eps=1e-6))
        self.stages = torch.nn.Sequential()
        for i, (d, c) in enumerate(zip(depths, dims)):
            stage = torch.nn.Module()
            stage.downsample = (torch.nn.Sequential(_LayerNorm2d(dims[i - 1], eps=1e-6),
                                                    torch.nn.Conv2d(dims[i - 1], c, 2, stride=2))
                                if i else torch.nn.Identity())
            stage.blocks = torch.nn.Sequential(*[_Block(c) for _ in range(d)])
            stage.forward = lambda x, s=stage: s.blocks(s.downsample(x))
            self.stages.append(stage)
        self.head = torch.nn.Module()
        self.head.norm = torch.nn.LayerNorm(dims[-1], eps=1e-6)
        self.head.fc = torch.nn.Linear(dims[-1], classes)

    def forward(self, x):
        x = self.stages(self.stem(x)).mean((2, 3))
        return self.head.fc(self.head.norm(x))


_SHAPES = {"tiny": ([3, 3, 9, 3], [96, 192, 384, 768]), "base": ([3, 3, 27, 3], [128, 256, 512, 1024])}


def model(variant):
    """Seeded random weights with non-trivial layer scales, saved once as safetensors."""
    torch.manual_seed(0)
    if timm:
        m = timm.create_model("convnext_" + variant, pretrained=False, num_classes=4).eval()
    else:
        m = _ConvNeXt(*_SHAPES[variant]).eval()
    g = torch.Generator().manual_seed(7)
    with torch.no_grad():
        for name, p in m.named_parameters():
            if name.endswith("gamma"):
                p.copy_(0.5 + 0.2 * torch.randn(p.shape, generator=g))
    path = os.path.join(CACHE, f"convnext_{variant}.safetensors")
    if not os.path.exists(path):
        os.makedirs(CACHE, exist_ok=True)
        save_file({k: v.contiguous() for k, v in m.state_dict().items()}, path)
    return m, path


def onnx_file(m, variant, size):
    path = os.path.join(CACHE, f"convnext_{variant}_{size}_b{BATCH}.onnx")
    if not os.path.exists(path):
        x = torch.randn(BATCH, 3, size, size)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the TorchScript exporter is deprecated, still exact here
            torch.onnx.export(m, (x,), path, input_names=["x"], output_names=["logits"], opset_version=17,
                              dynamo=False)
    return path


def untimed(fn):
    """A runner timed by interleaved_medians itself."""
    def run():
        fn()
    return run


def interleaved_medians(runners, runs):
    """Each runner warmed up once, then `runs` rounds of one timed run of every runner in turn; the
    median per runner. On a shared host whose speed swings by 2-3x within minutes, timing one
    framework's runs after another's compares different minutes; taken in turns, every framework
    sees the same minutes. A runner returns its own time in ms, or None to be timed here; one with
    a `warm_up` method warms up through it."""
    for fn in runners.values():
        getattr(fn, "warm_up", fn)()
    times = {name: [] for name in runners}
    for _ in range(runs):
        for name, fn in runners.items():
            t = time.perf_counter()
            own = fn()
            times[name].append(own if own is not None else (time.perf_counter() - t) * 1000)
    return {name: sorted(v)[len(v) // 2] for name, v in times.items()}


def densa_baseline_mib(densa):
    """Peak RSS of densa doing nothing (runtime and libraries): what a model adds is measured above it."""
    out = subprocess.run(["/usr/bin/time", "-f", "%M", densa, "--version"], check=True, capture_output=True,
                         text=True)
    return int(out.stderr.strip().splitlines()[-1]) / 1024


class OnceRunner:
    """A runner timed in the first round only, its time given again in the others: PyTorch's bf16
    autocast on a CPU without bf16 instructions, which emulates it at 10-20x the fp32 time (minutes
    per row over five rounds), and which no site would choose there."""

    def __init__(self, fn):
        self.fn, self.ms = fn, None

    def warm_up(self):
        self.fn()

    def __call__(self):
        if self.ms is None:
            t = time.perf_counter()
            self.fn()
            self.ms = (time.perf_counter() - t) * 1000
        return self.ms


class DensaRunner:
    """One densa model bench process per timed run (--repeat 1: a warm-up pass, then the pass it
    times): returns densa's own time for that pass, keeps the largest peak RSS and the GFLOP count."""

    def __init__(self, densa, weights, size, precision):
        self.command = ["/usr/bin/time", "-f", "%M", densa, "model", "bench", "--weights", weights, "--size",
                        str(size), "--batch", str(BATCH), "--repeat", "1", "--precision", precision]
        self.peak_mib = 0.0
        self.gflop = 0.0

    def warm_up(self):
        """Nothing: each process makes a warm-up pass before the pass it times."""

    def __call__(self):
        out = subprocess.run(self.command, check=True, capture_output=True, text=True)
        line = next(l for l in out.stdout.splitlines() if " median " in l)
        self.gflop = float(line.split("ms, ")[2].split(" GFLOP")[0])
        self.peak_mib = max(self.peak_mib, int(out.stderr.strip().splitlines()[-1]) / 1024)
        return float(line.split("median ")[1].split(" ms")[0])


def main():
    args = sys.argv[1:]
    densa = os.path.join(ROOT, ".build", "release", "densa")
    runs = 5
    only = None
    while args:
        a = args.pop(0)
        if a == "--runs":
            runs = int(args.pop(0))
        elif a == "--only":
            only = set(args.pop(0).split(","))
        else:
            densa = a
    print(f"torch {torch.__version__}, onnxruntime {ort.__version__}, "
          f"timm {timm.__version__ if timm else 'unusable here (its torchvision needs CUDA torch): same model in plain PyTorch'}, "
          f"openvino {ov.__version__ if ov else 'not installed'}; "
          f"{THREADS} threads, batch {BATCH}, median of {runs} rounds taken in turns after a warm-up")
    baseline = densa_baseline_mib(densa)
    probe = subprocess.run([densa, "model", "bench", "--variant", "atto", "--size", "32", "--batch", "1",
                            "--repeat", "1", "--precision", "bf16"], capture_output=True, text=True)
    bf16 = probe.returncode == 0
    if not bf16:
        probe = subprocess.run([densa, "model", "bench", "--variant", "atto", "--size", "32", "--batch", "1",
                                "--repeat", "1"], check=True, capture_output=True, text=True)
    print(f"densa runs on: {probe.stdout.strip().splitlines()[-1]}")
    if not bf16:
        print("densa has no bf16 GEMM on this CPU (it needs AVX512-BF16 or AMX-BF16): its bf16 column stays empty.")
    print(f"Memory: densa's peak RSS less its {baseline:.0f} MiB at rest (runtime, DCMTK, OpenBLAS), against "
          "the issue's bound: the weights (F32) plus twice the largest activation set (stage 1's 4C-wide "
          "hidden layer of the whole batch).")
    print("| model | input | densa ms | ONNX Runtime ms | PyTorch ms | densa / ORT | densa / PyTorch "
          "| densa GFLOP/s | ORT GFLOP/s | densa MiB | bound MiB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    rows = []
    for variant in ("tiny", "base"):
        m, weights = model(variant)
        for size in (224, 512):
            if only and f"{variant}:{size}" not in only:
                continue
            x = np.random.default_rng(1).standard_normal((BATCH, 3, size, size), dtype=np.float32)
            xt = torch.from_numpy(x)
            densa_fp32 = DensaRunner(densa, weights, size, "fp32")
            runners = {"densa_ms": densa_fp32}
            options = ort.SessionOptions()
            options.intra_op_num_threads = THREADS
            options.inter_op_num_threads = 1
            options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
            session = ort.InferenceSession(onnx_file(m, variant, size), options, providers=["CPUExecutionProvider"])
            runners["onnxruntime_ms"] = untimed(lambda: session.run(None, {"x": x}))

            def torch_fp32():
                with torch.inference_mode():
                    m(xt)

            runners["pytorch_ms"] = torch_fp32
            requests = {}
            if bf16:
                densa_bf16 = DensaRunner(densa, weights, size, "bf16")
                runners["densa_bf16_ms"] = densa_bf16
            if ov:
                core = ov.Core()
                for hint in ("f32", "bf16"):
                    compiled = core.compile_model(onnx_file(m, variant, size), "CPU", {
                        "INFERENCE_NUM_THREADS": THREADS, "INFERENCE_PRECISION_HINT": hint,
                        "PERFORMANCE_HINT": "LATENCY"})
                    requests[hint] = compiled.create_infer_request()
                    key = "openvino_fp32_ms" if hint == "f32" else "openvino_bf16_ms"
                    runners[key] = untimed(lambda r=requests[hint]: r.infer({0: x}))
                    if hint == "bf16":
                        # What OpenVINO chose: bf16 where the CPU has it, f32 where it does not.
                        row_precision = str(compiled.get_property("INFERENCE_PRECISION_HINT"))

            def torch_autocast():
                with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16):
                    m(xt)

            # Without bf16 in hardware (densa's probe failed, so neither AVX512-BF16 nor AMX), once.
            runners["pytorch_bf16_autocast_ms"] = torch_autocast if bf16 else OnceRunner(torch_autocast)
            row = dict(model=f"convnext_{variant}", size=size)
            if ov:
                row.update(openvino_bf16_hint_ran_as=row_precision)
            row.update(interleaved_medians(runners, runs))
            del session, requests
            # Memory bound of the issue: the weights plus twice the largest activation set (the
            # stage-1 4C-wide hidden layer of every image in the batch).
            params = sum(p.numel() for p in m.parameters())
            largest = BATCH * (size // 4) ** 2 * m.stages[0].blocks[0].mlp.fc1.out_features
            row.update(gflop=densa_fp32.gflop, densa_mib=densa_fp32.peak_mib - baseline,
                       memory_bound_mib=(params + 2 * largest) * 4 / 2**20)
            if bf16:
                row.update(densa_bf16_mib=densa_bf16.peak_mib - baseline)
            rows.append(row)
            ours, onnx_ms, torch_ms, gflop = row["densa_ms"], row["onnxruntime_ms"], row["pytorch_ms"], row["gflop"]
            print(f"| convnext_{variant} | {size}×{size} × {BATCH} | {ours:.0f} | {onnx_ms:.0f} | {torch_ms:.0f} "
                  f"| {ours / onnx_ms:.2f} | {ours / torch_ms:.2f} | {gflop / ours * 1000:.1f} "
                  f"| {gflop / onnx_ms * 1000:.1f} | {row['densa_mib']:.0f} | {row['memory_bound_mib']:.0f} |",
                  flush=True)
    print()
    print("fp32 and bf16 side by side (ms; — where densa has no bf16 GEMM on this CPU or a peer is not installed):")
    if ov and rows:
        print(f"OpenVINO under INFERENCE_PRECISION_HINT bf16 ran as {rows[0]['openvino_bf16_hint_ran_as']}.")
    if not bf16:
        print("PyTorch's bf16 autocast is emulated on this CPU: timed in one round only.")
    print("| model | input | densa fp32 | ORT fp32 | OpenVINO fp32 | PyTorch fp32 | densa bf16 | OpenVINO bf16 "
          "| PyTorch bf16 autocast | densa bf16 MiB | fp32 / fastest fp32 peer | bf16 / fastest bf16 peer |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    fmt = lambda v: f"{v:.0f}" if v else "—"  # noqa: E731
    for row in rows:
        fp32_peers = [v for v in (row["onnxruntime_ms"], row.get("openvino_fp32_ms"), row["pytorch_ms"]) if v]
        bf16_peers = [v for v in (row.get("openvino_bf16_ms"), row["pytorch_bf16_autocast_ms"]) if v]
        # Without a bf16 GEMM densa answers the peers' bf16 modes with its fp32.
        ours_bf16 = row.get("densa_bf16_ms") or row["densa_ms"]
        bf16_ratio = f"{ours_bf16 / min(bf16_peers):.2f}" + ("" if row.get("densa_bf16_ms") else " (densa fp32)")
        print(f"| {row['model']} | {row['size']}×{row['size']} × {BATCH} | {row['densa_ms']:.0f} "
              f"| {row['onnxruntime_ms']:.0f} | {fmt(row.get('openvino_fp32_ms'))} | {row['pytorch_ms']:.0f} "
              f"| {fmt(row.get('densa_bf16_ms'))} | {fmt(row.get('openvino_bf16_ms'))} "
              f"| {row['pytorch_bf16_autocast_ms']:.0f} | {fmt(row.get('densa_bf16_mib'))} "
              f"| {row['densa_ms'] / min(fp32_peers):.2f} | {bf16_ratio} |",
              flush=True)
    with open(os.path.join(CACHE, "convnext_peers.json"), "w") as f:
        json.dump(rows, f, indent=1)


if __name__ == "__main__":
    main()
