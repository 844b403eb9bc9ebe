#!/usr/bin/env python3
"""Scores `densa reports extract` against a labelled JSON Lines corpus (the blind-corpus format of
/work/blind/LABELS.md: id, text, exam_density, right_density, left_density, prior_density, birads,
reader, tags).

    tools/score_reports.py --densa .build/release/densa CORPUS... [--misses FILE] [--json FILE]

CORPUS is a .jsonl file or a folder (every *.jsonl in it). Only each record's id and text are given
to densa; the labels never leave this script. Figures printed:
  - exam density exact over all reports (null = null counts), and over reports with a density;
  - invented densities (densa gives one where the label is null);
  - per-side exact (right and left both equal) over reports whose label gives a side;
  - BI-RADS exact over reports with a labelled category;
  - reader exact (case- and accent-folded, titles ignored) over reports with a labelled reader,
    and readers invented where the label has none;
  - prior density exact over reports with a labelled prior density (when densa prints one);
  - per tag: reports, density exact, all fields exact.
`--misses FILE` writes one JSON line per report with any field wrong (with its text): do not use it
on a held-out set. Standard library only.
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

FIELDS = ("density", "right", "left", "prior", "birads", "reader")
TITLES = {"dr", "dra", "doctor", "doctora", "lic", "md", "m.d", "phd", "mn", "mp"}


def fold(name):
    """Lower case, accents removed, punctuation dropped, titles removed, spaces collapsed."""
    if name is None:
        return None
    text = unicodedata.normalize("NFD", name)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    text = "".join(c if c.isalnum() or c.isspace() else " " for c in text)
    words = [w for w in text.split() if w not in TITLES]
    return " ".join(words) or None


def load_corpus(paths):
    files = []
    for path in paths:
        if os.path.isdir(path):
            files += sorted(glob.glob(os.path.join(path, "*.jsonl")))
        else:
            files.append(path)
    if not files:
        sys.exit("score_reports: no .jsonl files in " + " ".join(paths))
    records = []
    seen = set()
    for file in files:
        with open(file, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    sys.exit(f"score_reports: {file}:{number}: not JSON ({error})")
                if "text" not in record or "id" not in record:
                    sys.exit(f"score_reports: {file}:{number}: record lacks id or text")
                key = str(record["id"])
                if key in seen:
                    key = f"{key}@{os.path.basename(file)}:{number}"
                seen.add(key)
                record["_key"] = key
                records.append(record)
    return files, records


def run_densa(densa, records):
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "input.jsonl")
        with open(path, "w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps({"id": record["_key"], "text": record["text"]}, ensure_ascii=False) + "\n")
        done = subprocess.run([densa, "reports", "extract", path], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"score_reports: densa exited {done.returncode}: {done.stderr.strip()[:2000]}")
    out = {}
    for line in done.stdout.splitlines():
        if line.strip():
            row = json.loads(line)
            out[row["id"]] = row
    missing = [r["_key"] for r in records if r["_key"] not in out]
    if missing:
        sys.exit(f"score_reports: densa gave no line for {len(missing)} reports (first: {missing[0]})")
    return out


def expected(record):
    birads = record.get("birads")
    return {
        "density": record.get("exam_density"),
        "right": record.get("right_density"),
        "left": record.get("left_density"),
        "prior": record.get("prior_density"),
        "birads": str(birads).upper() if birads is not None else None,
        "reader": record.get("reader"),
    }


def got(row):
    birads = row.get("birads")
    return {
        "density": row.get("density"),
        "right": row.get("right"),
        "left": row.get("left"),
        "prior": row.get("prior"),
        "birads": str(birads).upper() if birads is not None else None,
        "reader": row.get("reader"),
    }


class Tally:
    def __init__(self):
        self.right = 0
        self.total = 0

    def add(self, ok):
        self.total += 1
        self.right += 1 if ok else 0

    def text(self):
        if self.total == 0:
            return "—"
        return f"{self.right}/{self.total} = {100.0 * self.right / self.total:.1f} %"

    def value(self):
        return {"right": self.right, "total": self.total}


def score(records, output):
    t = {
        name: Tally()
        for name in ("density_all", "density_stated", "sides", "birads", "reader", "prior")
    }
    invented = Tally()
    invented_reader = Tally()
    tags = {}
    misses = []
    for record in records:
        e = expected(record)
        g = got(output[record["_key"]])
        density_ok = e["density"] == g["density"]
        t["density_all"].add(density_ok)
        if e["density"] is not None:
            t["density_stated"].add(density_ok)
        else:
            invented.add(g["density"] is not None)
        ok = {"density": density_ok}
        if e["right"] is not None or e["left"] is not None:
            ok["sides"] = e["right"] == g["right"] and e["left"] == g["left"]
            t["sides"].add(ok["sides"])
        if e["birads"] is not None:
            ok["birads"] = e["birads"] == g["birads"]
            t["birads"].add(ok["birads"])
        if e["reader"] is not None:
            ok["reader"] = fold(e["reader"]) == fold(g["reader"])
            t["reader"].add(ok["reader"])
        else:
            invented_reader.add(g["reader"] is not None)
        if e["prior"] is not None:
            ok["prior"] = e["prior"] == g["prior"]
            t["prior"].add(ok["prior"])
        all_ok = all(ok.values())
        for tag in record.get("tags") or []:
            entry = tags.setdefault(tag, [0, 0, 0])
            entry[0] += 1
            entry[1] += 1 if density_ok else 0
            entry[2] += 1 if all_ok else 0
        if not all_ok:
            row = output[record["_key"]]
            misses.append(
                {
                    "id": record["_key"],
                    "wrong": sorted(k for k, v in ok.items() if not v),
                    "expected": e,
                    "got": g,
                    "status": row.get("status"),
                    "tags": record.get("tags"),
                    "evidence": [x.get("text") for x in row.get("evidence") or []],
                    "text": record["text"],
                }
            )
    return t, invented, invented_reader, tags, misses


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="+", help=".jsonl files or folders of them")
    parser.add_argument("--densa", default=".build/release/densa", help="the densa binary")
    parser.add_argument("--misses", help="write the reports with any field wrong here (JSON Lines, with text)")
    parser.add_argument("--json", help="write the figures here as JSON")
    parser.add_argument("--label", default="", help="a name for this run, printed in the heading")
    args = parser.parse_args()

    files, records = load_corpus(args.corpus)
    output = run_densa(args.densa, records)
    t, invented, invented_reader, tags, misses = score(records, output)

    print(f"# {args.label or 'score'}: {len(records)} reports from {len(files)} file(s), densa {args.densa}")
    print()
    print("| measure | result |")
    print("| --- | --- |")
    print(f"| exam density exact, all reports | {t['density_all'].text()} |")
    print(f"| exam density exact, reports with a density | {t['density_stated'].text()} |")
    print(f"| densities invented (label null) | {invented.right}/{invented.total} |")
    print(f"| per side exact (label gives a side) | {t['sides'].text()} |")
    print(f"| BI-RADS exact (labelled) | {t['birads'].text()} |")
    print(f"| reader exact (labelled, folded) | {t['reader'].text()} |")
    print(f"| readers invented (label null) | {invented_reader.right}/{invented_reader.total} |")
    print(f"| prior density exact (labelled) | {t['prior'].text()} |")
    print()
    print("| tag | reports | density exact | all fields exact |")
    print("| --- | --- | --- | --- |")
    for tag in sorted(tags, key=lambda k: (-tags[k][0], k)):
        n, d, a = tags[tag]
        print(f"| {tag} | {n} | {d} ({100.0 * d / n:.1f} %) | {a} ({100.0 * a / n:.1f} %) |")

    if args.misses:
        with open(args.misses, "w", encoding="utf-8") as handle:
            for miss in misses:
                handle.write(json.dumps(miss, ensure_ascii=False) + "\n")
        print(f"\n{len(misses)} report(s) with a wrong field written to {args.misses}")
    if args.json:
        summary = {name: tally.value() for name, tally in t.items()}
        summary["invented"] = invented.value()
        summary["invented_reader"] = invented_reader.value()
        summary["reports"] = len(records)
        summary["tags"] = {k: {"reports": v[0], "density": v[1], "all": v[2]} for k, v in tags.items()}
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(summary, handle, indent=2, sort_keys=True)


if __name__ == "__main__":
    main()
