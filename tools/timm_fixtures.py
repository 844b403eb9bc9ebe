#!/usr/bin/env python3
"""Reference fixtures for densa's ConvNeXt: seeded random timm weights, inputs and logits.

Creates tools/.venv (torch, timm, safetensors, numpy from PyPI) on first use (a link to
bench/.venv, which has the same packages, works too). Not part of CI.

  python3 tools/timm_fixtures.py fixtures          # writes Tests/ClassifierTests/Fixtures/
  python3 tools/timm_fixtures.py atto              # only the convnext_atto fixture (demo weights)
  python3 tools/timm_fixtures.py check tiny 512    # runs `densa model infer` against timm at 512
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, "tools", ".venv")


def ensure_venv():
    py = os.path.join(VENV, "bin", "python")
    if sys.executable != py:
        if not os.path.exists(py):
            subprocess.check_call([sys.executable, "-m", "venv", VENV])
            subprocess.check_call([py, "-m", "pip", "install", "-q", "torch", "timm", "safetensors", "numpy"])
        os.execv(py, [py] + sys.argv)


ensure_venv()

import numpy as np  # noqa: E402
import timm  # noqa: E402
import torch  # noqa: E402
from safetensors.torch import save_file  # noqa: E402
from timm.models.convnext import ConvNeXt  # noqa: E402


def randomise(model, seed):
    """Non-trivial parameters everywhere: timm's init sets layer scales to 1e-6 and biases to 0,
    which would hide errors in the blocks."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("gamma"):
                p.copy_(0.5 + 0.2 * torch.randn(p.shape, generator=g))
            elif name.endswith("bias"):
                p.copy_(0.1 * torch.randn(p.shape, generator=g))
            elif "norm" in name or name == "stem.1.weight" or name.endswith("downsample.0.weight"):
                p.copy_(1 + 0.1 * torch.randn(p.shape, generator=g))
    model.eval()
    return model


def write(model, out_dir, name, shape, seed, dtype=torch.float32):
    os.makedirs(out_dir, exist_ok=True)
    # Round to the stored dtype first, so the reference runs exactly the weights in the file.
    state = {k: v.detach().to(dtype).contiguous() for k, v in model.state_dict().items()}
    model.load_state_dict({k: v.float() for k, v in state.items()})
    save_file(state, os.path.join(out_dir, name + ".safetensors"))
    g = torch.Generator().manual_seed(seed + 1)
    x = torch.randn(shape, generator=g)
    with torch.no_grad():
        logits = model(x)
    np.save(os.path.join(out_dir, name + ".input.npy"), x.numpy().astype("<f4"))
    np.save(os.path.join(out_dir, name + ".logits.npy"), logits.numpy().astype("<f4"))
    return x, logits


def fixtures():
    out = os.path.join(ROOT, "Tests", "ClassifierTests", "Fixtures")
    torch.manual_seed(0)
    m = randomise(ConvNeXt(depths=(1, 1, 2, 1), dims=(16, 32, 64, 128), num_classes=4), 1)
    write(m, out, "custom_f32", (2, 3, 64, 64), 10)
    m = randomise(ConvNeXt(depths=(1, 1, 2, 1), dims=(16, 32, 64, 128), num_classes=4), 2)
    write(m, out, "custom_bf16", (1, 3, 64, 96), 20, torch.bfloat16)
    m = randomise(ConvNeXt(depths=(2, 1, 1, 1), dims=(8, 16, 32, 48), num_classes=4), 3)
    write(m, out, "custom_f16", (3, 3, 32, 64), 30, torch.float16)
    atto_demo(out)


def atto_demo(out_dir):
    """timm's convnext_atto (conv_mlp: pointwise layers stored as 1×1 convolutions) on the bundled
    demo model's weights, so the fixture adds only an input and logits, not 7 MB of weights."""
    from safetensors.torch import load_file
    m = timm.create_model("convnext_atto", pretrained=False, num_classes=4).eval()
    state = load_file(os.path.join(ROOT, "models", "densa-demo.safetensors"))
    m.load_state_dict({k: v.float() for k, v in state.items()})
    g = torch.Generator().manual_seed(41)
    x = torch.randn((2, 3, 96, 64), generator=g)
    with torch.no_grad():
        logits = m(x)
    np.save(os.path.join(out_dir, "atto_demo.input.npy"), x.numpy().astype("<f4"))
    np.save(os.path.join(out_dir, "atto_demo.logits.npy"), logits.numpy().astype("<f4"))


def check(variant, size, batch=4):
    out = os.path.join(ROOT, "out", "parity")
    torch.manual_seed(0)
    m = randomise(timm.create_model("convnext_" + variant, pretrained=False, num_classes=4), 7)
    x, logits = write(m, out, variant, (batch, 3, size, size), 70)
    densa = os.path.join(ROOT, ".build", "release", "densa")
    result = os.path.join(out, variant + ".densa.npy")
    subprocess.check_call([densa, "model", "infer", "--weights", os.path.join(out, variant + ".safetensors"),
                           "--input", os.path.join(out, variant + ".input.npy"), "--output", result])
    ours = np.load(result)
    ref = logits.numpy()
    diff = np.abs(ours - ref).max()
    same = (ours.argmax(1) == ref.argmax(1)).all()
    print(f"convnext_{variant} {size}x{size} batch {batch}: max |Δ logit| = {diff:.3g}, "
          f"argmax identical: {same}, logit range {ref.min():.3g}..{ref.max():.3g}")
    return 0 if diff <= 1e-4 * max(1, np.abs(ref).max()) and same else 1


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "fixtures":
        fixtures()
    elif len(sys.argv) >= 2 and sys.argv[1] == "atto":
        atto_demo(os.path.join(ROOT, "Tests", "ClassifierTests", "Fixtures"))
    elif len(sys.argv) >= 3 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 512))
    else:
        print(__doc__)
        sys.exit(2)
