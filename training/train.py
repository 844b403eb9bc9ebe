"""Fine-tune a timm ConvNeXt on a `densa dataset export` folder and export it for densa.

The study's recipe is the default (AdamW, learning rate 1e-4, batch 64, up to 200 epochs, early
stopping after 10 epochs without validation-loss improvement); `--mode linear-probe` freezes the
backbone as the study's comparison did. Inputs are read exactly as densa wrote them (already
preprocessed and normalised), so training and serving share one preprocessing path.

Writes OUT/NAME.safetensors (timm state_dict keys, F32 or F16) and OUT/NAME.card.json
(densa-model-card/1) with the test split's metrics. After training, a softmax temperature is fitted
on the validation split's logits (temperature scaling, Guo et al. 2017) and stored in the card's
`calibration`; densa divides the logits by it before the softmax. `densa model calibrate` fits the
same T in Swift on an export's validation split.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from pathlib import Path

import numpy as np
import timm
import torch
import torch.nn.functional as F
from safetensors.torch import save_file

CLASSES = "abcd"


def load_split(root: Path, rows: list[dict], part: str) -> tuple[torch.Tensor, torch.Tensor]:
    """Stacks the samples of one split as float32 [N, C, H, W] with integer labels."""
    chosen = [r for r in rows if r["split"] == part]
    if not chosen:
        return torch.empty(0), torch.empty(0, dtype=torch.long)
    x = np.stack([np.load(root / r["file"]) for r in chosen]).astype(np.float32)
    y = np.array([CLASSES.index(r["label"]) for r in chosen])
    return torch.from_numpy(x), torch.from_numpy(y)


def augment(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Per-sample intensity gain and offset: exposure varies between units and vendors. No flips:
    after preprocessing the chest wall is always on the left."""
    n = x.shape[0]
    gain = 1 + 0.1 * torch.randn(n, 1, 1, 1, generator=generator)
    offset = 0.1 * torch.randn(n, 1, 1, 1, generator=generator)
    return x * gain + offset


def predict(model: torch.nn.Module, x: torch.Tensor, device: str) -> torch.Tensor:
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(x), 64):
            out.append(model(x[i : i + 64].to(device)).cpu())
    return torch.cat(out) if out else torch.empty(0, 4)


def metrics(logits: torch.Tensor, y: torch.Tensor) -> dict:
    """Accuracy, macro F1, per-class F1 and recall, confusion matrix (rows = truth)."""
    pred = logits.argmax(1)
    cm = np.zeros((4, 4), dtype=int)
    for t, p in zip(y.tolist(), pred.tolist()):
        cm[t][p] += 1
    f1, recall = {}, {}
    for k, c in enumerate(CLASSES):
        tp = cm[k][k]
        precision = tp / cm[:, k].sum() if cm[:, k].sum() else 0.0
        rec = tp / cm[k].sum() if cm[k].sum() else 0.0
        recall[c] = round(float(rec), 4)
        f1[c] = round(float(2 * precision * rec / (precision + rec)) if precision + rec else 0.0, 4)
    return {
        "samples": int(len(y)),
        "accuracy": round(float((pred == y).float().mean()), 4) if len(y) else 0.0,
        "macroF1": round(float(np.mean(list(f1.values()))), 4),
        "perClassF1": f1,
        "perClassRecall": recall,
        "confusionMatrix": cm.tolist(),
    }


def expected_calibration_error(logits: torch.Tensor, y: torch.Tensor, temperature: float = 1.0, bins: int = 15) -> float:
    """ECE over `bins` equal-width bins of top-class confidence, upper-inclusive, as densa computes it."""
    if len(y) == 0:
        return 0.0
    p = F.softmax(logits.double() / temperature, dim=1)
    confidence, pred = p.max(1)
    correct = (pred == y).double()
    index = torch.clamp(torch.ceil(confidence * bins).long() - 1, 0, bins - 1)
    ece = 0.0
    for m in range(bins):
        chosen = index == m
        if chosen.any():
            ece += chosen.double().mean().item() * abs(correct[chosen].mean().item() - confidence[chosen].mean().item())
    return ece


def fit_temperature(logits: torch.Tensor, y: torch.Tensor) -> float:
    """The T > 0 minimising the mean NLL of softmax(logits / T): LBFGS on log T from T = 1 (the NLL
    is convex in 1/T, so there is one minimum)."""
    if len(y) == 0:
        return 1.0
    log_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=200, line_search_fn="strong_wolfe")
    z = logits.double()

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(z / log_t.exp(), y)
        loss.backward()
        return loss

    opt.step(closure)
    return float(min(20.0, max(0.05, log_t.exp().item())))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dataset", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--name", default="densa-model")
    ap.add_argument("--version", default="0.1.0")
    ap.add_argument("--arch", default="convnext_base")
    ap.add_argument("--pretrained", type=Path, help="local timm checkpoint (safetensors) to start from")
    ap.add_argument("--mode", choices=["finetune", "linear-probe"], default="finetune")
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--weight-decay", type=float, default=0.05)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=200)
    ap.add_argument("--patience", type=int, default=10)
    ap.add_argument("--one-cycle", action="store_true", help="one-cycle schedule over --epochs (from scratch)")
    ap.add_argument("--max-minutes", type=float, default=1e9)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dtype", choices=["f32", "f16"], default="f32")
    ap.add_argument("--data-description", default="")
    ap.add_argument("--synthetic", action="store_true", help="the data are synthetic phantoms")
    ap.add_argument("--intended-use", default="Research on breast-density classification; not a medical device.")
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cpu":
        torch.set_num_threads(max(1, torch.get_num_threads()))
    manifest = json.loads((args.dataset / "dataset.json").read_text())
    rows = list(csv.DictReader(open(args.dataset / "samples.csv")))
    xtr, ytr = load_split(args.dataset, rows, "train")
    xva, yva = load_split(args.dataset, rows, "validation")
    xte, yte = load_split(args.dataset, rows, "test")
    print(f"train {len(ytr)}, validation {len(yva)}, test {len(yte)} samples on {device}", flush=True)

    model = timm.create_model(args.arch, num_classes=4, in_chans=xtr.shape[1])
    if args.pretrained:
        from safetensors.torch import load_file

        state = {k: v for k, v in load_file(str(args.pretrained)).items() if not k.startswith("head.fc")}
        print("pretrained:", model.load_state_dict(state, strict=False), flush=True)
    if args.mode == "linear-probe":
        for name, p in model.named_parameters():
            p.requires_grad = name.startswith("head.")
    model.to(device)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=args.weight_decay)
    steps_per_epoch = (len(ytr) + args.batch - 1) // args.batch
    sched = (
        torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=args.lr, total_steps=args.epochs * steps_per_epoch, pct_start=0.15)
        if args.one_cycle
        else None
    )
    gen = torch.Generator().manual_seed(args.seed)
    best_loss, best_state, best_epoch, stale, epoch = float("inf"), None, 0, 0, 0
    start = time.time()
    while epoch < args.epochs and stale < args.patience and time.time() - start < args.max_minutes * 60:
        model.train()
        order = torch.randperm(len(ytr), generator=gen)
        total = 0.0
        for i in range(0, len(order), args.batch):
            idx = order[i : i + args.batch]
            loss = F.cross_entropy(model(augment(xtr[idx], gen).to(device)), ytr[idx].to(device))
            opt.zero_grad()
            loss.backward()
            opt.step()
            if sched:
                sched.step()
            total += loss.item() * len(idx)
        epoch += 1
        val_logits = predict(model, xva, device)
        val_loss = F.cross_entropy(val_logits, yva).item() if len(yva) else total / len(ytr)
        val_acc = float((val_logits.argmax(1) == yva).float().mean()) if len(yva) else 0.0
        print(f"epoch {epoch} train loss {total / len(ytr):.3f} val loss {val_loss:.3f} acc {val_acc:.3f} "
              f"({time.time() - start:.0f} s)", flush=True)
        if val_loss < best_loss:
            best_loss, best_epoch, stale = val_loss, epoch, 0
            best_state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
        else:
            stale += 1
    model.load_state_dict(best_state)
    model.cpu()
    test_logits = predict(model, xte, "cpu")
    test = metrics(test_logits, yte)
    print(f"test accuracy {test['accuracy']:.3f}, macro-F1 {test['macroF1']:.3f}", flush=True)
    val_logits = predict(model, xva, "cpu")
    temperature = fit_temperature(val_logits, yva)
    calibration = {
        "method": "temperature-scaling",
        "temperature": round(temperature, 6),
        "fittedOn": f"validation split of densa dataset export {args.dataset.name}",
        "samples": int(len(yva)),
        "nllBefore": round(F.cross_entropy(val_logits.double(), yva).item(), 6) if len(yva) else None,
        "nllAfter": round(F.cross_entropy(val_logits.double() / temperature, yva).item(), 6) if len(yva) else None,
        "eceBefore": round(expected_calibration_error(val_logits, yva), 6),
        "eceAfter": round(expected_calibration_error(val_logits, yva, temperature), 6),
        "provenance": f"training/train.py, {time.strftime('%Y-%m-%d')}",
    }
    calibration = {k: v for k, v in calibration.items() if v is not None}
    print(f"temperature {temperature:.4f}: validation ECE {calibration['eceBefore']:.4f} -> {calibration['eceAfter']:.4f}, "
          f"test ECE {expected_calibration_error(test_logits, yte):.4f} -> "
          f"{expected_calibration_error(test_logits, yte, temperature):.4f}", flush=True)

    args.out.mkdir(parents=True, exist_ok=True)
    dtype = torch.float16 if args.dtype == "f16" else torch.float32
    weights = args.out / f"{args.name}.safetensors"
    save_file({k: v.contiguous().to(dtype) for k, v in model.state_dict().items()}, str(weights))
    card = {
        "format": "densa-model-card/1",
        "name": args.name,
        "version": args.version,
        "architecture": args.arch,
        "classes": list(CLASSES),
        "preprocessing": manifest["preprocessing"],
        "training": {
            "data": args.data_description or f"densa dataset export {args.dataset.name}",
            "provenance": f"training/train.py on {device}, {time.strftime('%Y-%m-%d')}",
            "syntheticPhantoms": bool(args.synthetic),
            "recipe": {
                "mode": args.mode, "pretrained": args.pretrained.name if args.pretrained else "none",
                "optimizer": "AdamW", "learningRate": args.lr, "weightDecay": args.weight_decay,
                "schedule": "one-cycle" if args.one_cycle else "constant", "batchSize": args.batch,
                "maxEpochs": args.epochs, "epochsRun": epoch, "bestEpoch": best_epoch,
                "earlyStoppingPatience": args.patience, "seed": args.seed,
                "augmentation": "per-sample intensity gain and offset, N(0, 0.1)", "device": device,
                "weightsDType": args.dtype.upper(),
            },
            "samples": {"train": int(len(ytr)), "validation": int(len(yva)), "test": int(len(yte))},
        },
        "validation": {"split": "test split of the export", **test},
        "calibration": calibration,
        "intendedUse": args.intended_use,
        "clinicalUse": False,
    }
    if args.synthetic:
        card["notice"] = "Trained on synthetic phantoms; not for clinical use."
    (args.out / f"{args.name}.card.json").write_text(json.dumps(card, indent=2, sort_keys=True))
    # A few inputs and PyTorch's logits for them, to check densa against PyTorch.
    ref = xte[:4] if len(xte) else xtr[:4]
    reference = model.to(torch.float32)
    if dtype == torch.float16:
        reference.load_state_dict({k: v.to(torch.float16).to(torch.float32) for k, v in model.state_dict().items()})
    np.save(args.out / f"{args.name}.reference-input.npy", ref.numpy())
    np.save(args.out / f"{args.name}.reference-logits.npy", predict(reference, ref, "cpu").numpy())
    print(f"wrote {weights} and its card", flush=True)


if __name__ == "__main__":
    main()
