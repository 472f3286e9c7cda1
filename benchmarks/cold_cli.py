"""A cold command line: ``python -m footprint presence --as-of 2024-05-15`` in a fresh interpreter each time.

This checkout and ``--before REV`` (exported with ``git archive``) take turns run by run, so a busier spell
of the machine falls on both; each tree runs once first to fill its caches (validated data, outlines).
Prints wall and CPU (user + system of the child) seconds, min / median, and the before/after ratio of the
medians; asserts nothing.

Run: python -m benchmarks.cold_cli --before 2895941 --runs 15
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.map_browser import DAY, ROOT, export_tree

COMMAND = ["-m", "footprint", "presence", "--as-of", DAY]


def _run(tree: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh ``presence`` command run in ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, *COMMAND], cwd=tree, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - started
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, now.ru_utime - used.ru_utime + now.ru_stime - used.ru_stime


def _cell(values: list[float]) -> str:
    return f"{min(values):.3f} / {statistics.median(values):.3f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="git revision to compare against")
    parser.add_argument("--runs", type=int, default=15, help="timed runs per tree")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="footprint-cli-") as folder:
        trees = {"before": export_tree(args.before, Path(folder) / "before")} if args.before else {}
        trees["after"] = ROOT
        figures: dict[str, tuple[list[float], list[float]]] = {label: ([], []) for label in trees}
        for tree in trees.values():
            _run(tree)
        for _ in range(args.runs):
            for label, tree in trees.items():
                wall, cpu = _run(tree)
                figures[label][0].append(wall)
                figures[label][1].append(cpu)
    print("| tree | wall s (min / median) | CPU s, user + system (min / median) | runs under 0.8 s wall |")
    print("|---|---|---|---|")
    for label, (walls, cpus) in figures.items():
        print(f"| {label} | {_cell(walls)} | {_cell(cpus)} | {sum(w < 0.8 for w in walls)} of {len(walls)} |")
    if len(figures) == 2:
        (wb, cb), (wa, ca) = figures.values()
        print(f"\nbefore/after (medians): wall {statistics.median(wb) / statistics.median(wa):.2f}x, "
              f"CPU {statistics.median(cb) / statistics.median(ca):.2f}x")


if __name__ == "__main__":
    main()
