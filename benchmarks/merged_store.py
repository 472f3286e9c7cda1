"""A workspace laid over the curated data, as the app builds it after each accepted change, side by side.

In each tree (this checkout and ``--before REV``, exported with ``git archive``), a child process loads
``data/`` (validated cache), adds ``--rows`` deployments to a new SQLite workspace (each at a curated site,
citing that site's first source) and times ``Store.merged(dataset)``; the trees take turns, min / median
of ``--repeat`` runs each. Prints a table; asserts nothing.

Run: python -m benchmarks.merged_store --before 2895941
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.map_browser import ROOT, export_tree

CHILD = r"""
import json, sys, tempfile, time
from footprint.dataset import load_dataset_cached
from footprint.store import Store

data_dir, rows, repeat = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = load_dataset_cached(data_dir)
store = Store(tempfile.mktemp(suffix=".sqlite", dir=sys.argv[4]), curated_dir=data_dir)
sites = data.sites[data.sites["site_type"] != "country"]
added = []
for number in range(rows):
    site = sites.iloc[number % len(sites)]
    actor = "NOR" if site["host_iso3"] != "NOR" else "ISL"
    added.append({"deployment_id": f"dep-bench-{number}", "actor_iso3": actor, "force": "", "force_kind":
                  "national_military", "site_id": site["site_id"], "start_date": "2020", "start_precision": "year",
                  "end_date": None, "end_precision": None, "personnel_min": None, "personnel_max": None,
                  "role": ("training",), "confidence": "low", "status_note": "benchmark row",
                  "source_ids": site["source_ids"][0]})
store.add({"deployments": added}, who="bench")
times, cpus = [], []
for _ in range(repeat):
    wall, cpu = time.perf_counter(), time.process_time()
    merged = store.merged(data)
    times.append(time.perf_counter() - wall)
    cpus.append(time.process_time() - cpu)
assert len(merged.deployments) == len(data.deployments) + rows
print(json.dumps({"times": times, "cpus": cpus}))
"""


def _cell(values: list[float]) -> str:
    return f"{min(values):.3f} / {statistics.median(values):.3f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="git revision to compare against")
    parser.add_argument("--rows", type=int, default=5, help="deployments in the workspace")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2, help="turns per tree")
    args = parser.parse_args(argv)
    data = ROOT / "data"
    with tempfile.TemporaryDirectory(prefix="footprint-merged-") as folder:
        trees = {"before": export_tree(args.before, Path(folder) / "before")} if args.before else {}
        trees["after"] = ROOT
        figures: dict[str, dict[str, list[float]]] = {label: {"times": [], "cpus": []} for label in trees}
        for _ in range(args.rounds):
            for label, tree in trees.items():
                out = subprocess.run([sys.executable, "-c", CHILD, str(data), str(args.rows), str(args.repeat), folder],
                                     cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)}, check=True,
                                     capture_output=True, text=True).stdout
                result = json.loads(out.strip().splitlines()[-1])
                for key in ("times", "cpus"):
                    figures[label][key] += result[key]
    print(f"| tree | `Store.merged(dataset)`, {args.rows} workspace rows: wall s (min / median) "
          "| CPU s (min / median) |")
    print("|---|---|---|")
    for label, result in figures.items():
        print(f"| {label} | {_cell(result['times'])} | {_cell(result['cpus'])} |")
    if len(figures) == 2:
        before, after = (statistics.median(result["times"]) for result in figures.values())
        print(f"\nbefore/after (median wall): {before / after:.1f}x")


if __name__ == "__main__":
    main()
