#!/usr/bin/env python3
"""Prints a Markdown table of the last `fuzz/run.sh` run per target from .build/fuzz/logs: the
executions, exec/s, coverage (cov/ft), corpus size, duration and peak memory libFuzzer reported.
Usage: fuzz/summary.py [logs folder]"""
import pathlib
import re
import sys

logs = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".build/fuzz/logs")
print("| target | executions | exec/s | cov | ft | corpus (files/size) | duration (s) | peak RSS (MB) |")
print("|---|---:|---:|---:|---:|---|---:|---:|")
for log in sorted(logs.glob("*.log")):
    if log.name.startswith("regress-"):
        continue
    text = log.read_text(errors="replace")
    stats = dict(re.findall(r"^stat::(\w+):\s+(\d+)", text, re.M))
    status = re.findall(r"^#(\d+)\s+(?:DONE|NEW|REDUCE|pulse)\s+cov: (\d+) ft: (\d+) corp: (\d+)/(\S+)", text, re.M)
    done = re.search(r"^Done (\d+) runs in (\d+) second", text, re.M)
    if not stats or not status:
        continue
    _, cov, ft, files, size = status[-1]
    print(f"| {log.stem} | {int(stats['number_of_executed_units']):,} | {stats['average_exec_per_sec']} | {cov} | {ft} "
          f"| {files} / {size} | {done.group(2) if done else '?'} | {stats.get('peak_rss_mb', '?')} |")
