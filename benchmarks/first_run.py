"""The server's first run of the map page after a restart, without a browser, side by side.

Each run is a fresh interpreter that imports streamlit's AppTest and runs ``app.py`` once with
``?as_of=2024-05-15`` on ``data/``: the imports, loading the validated data, opening the workspace store
(made beforehand, as a restarted server finds it) and building the page, i.e. the server's share of a
first visit. This checkout and ``--before REV`` (exported with ``git archive``) take turns run by run;
each tree runs once first to fill its caches. Prints wall and CPU seconds (all threads), min / median, and
the part spent in ``load_dataset`` (validating the data; zero when the validated data is found cached).
``--warmed`` adds a third column, "after, warmed": this checkout with ``serve.warm()`` (what ``make run``'s
server does once it answers) done before the clock starts. ``--cold data`` removes each tree's validated data
(``.cache/datasets``) before every run, so that every run validates the data, as the first visit after a data
change does; ``--cold all`` also removes the dissolved country outlines (``.cache/outlines``), as on a fresh
checkout.

Run: python -m benchmarks.first_run --before 2895941 --runs 8
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.map_browser import DAY, ROOT, export_tree

CHILD = r"""
import json, os, sys, time
if sys.argv[2:] == ["warmed"]:
    import serve
    serve.warm()
wall, cpu = time.perf_counter(), time.process_time()
import footprint.dataset
validating = {"validate wall": 0.0, "validate cpu": 0.0}
load = footprint.dataset.load_dataset
def timed_load(*args, **kwargs):  # the validation a cache miss runs, timed on the thread that runs it
    started, used = time.perf_counter(), time.thread_time()
    try:
        return load(*args, **kwargs)
    finally:
        validating["validate wall"] += time.perf_counter() - started
        validating["validate cpu"] += time.thread_time() - used
footprint.dataset.load_dataset = timed_load
from streamlit.testing.v1 import AppTest
test = AppTest.from_file(os.path.abspath("app.py"), default_timeout=300)
test.query_params["as_of"] = sys.argv[1]
test.run()
assert not test.exception, test.exception
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, **validating}))
"""
# The folders under .cache that each --cold choice empties before every run.
COLD_CACHES = {"data": ("datasets",), "all": ("datasets", "outlines")}
STORE = "import sys\nfrom footprint.store import Store\nStore(sys.argv[1], curated_dir=sys.argv[2]).close()"


def _run(tree: Path, workspace: Path, *, warmed: bool = False, cold: str | None = None) -> dict[str, float]:
    for kept in COLD_CACHES.get(cold, ()):
        shutil.rmtree(tree / ".cache" / kept, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(tree), "FOOTPRINT_WORKSPACE": str(workspace),
           "FOOTPRINT_DATA": str(ROOT / "data")}
    out = subprocess.run([sys.executable, "-c", CHILD, DAY, *(["warmed"] if warmed else [])], cwd=tree, env=env,
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _cell(values: list[float]) -> str:
    return f"{min(values):.2f} / {statistics.median(values):.2f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="git revision to compare against")
    parser.add_argument("--runs", type=int, default=8, help="timed runs per tree")
    parser.add_argument("--warmed", action="store_true", help="also time this checkout after serve.warm()")
    parser.add_argument("--cold", choices=tuple(COLD_CACHES),
                        help="before every run, remove each tree's validated data (data) and outlines (all)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="footprint-first-run-") as folder:
        trees = {"before": export_tree(args.before, Path(folder) / "before")} if args.before else {}
        trees["after"] = ROOT
        if args.warmed:
            trees["after, warmed"] = ROOT
        stores = {label: Path(folder) / f"{label.replace(', ', '-')}.sqlite" for label in trees}
        for label, tree in trees.items():
            subprocess.run([sys.executable, "-c", STORE, str(stores[label]), str(ROOT / "data")], cwd=tree,
                           env={**os.environ, "PYTHONPATH": str(tree)}, check=True, capture_output=True)
            _run(tree, stores[label], warmed=label == "after, warmed")
        figures: dict[str, dict[str, list[float]]] = {label: {} for label in trees}
        for _ in range(args.runs):
            for label, tree in trees.items():
                timed = _run(tree, stores[label], warmed=label == "after, warmed", cold=args.cold)
                for key, value in timed.items():
                    figures[label].setdefault(key, []).append(value)
    print("| tree | first run of the map page: wall s (min / median) | CPU s (min / median) "
          "| of which validating the data: wall s / CPU s of its thread (min / median) |")
    print("|---|---|---|---|")
    for label, result in figures.items():
        print(f"| {label} | {_cell(result['wall'])} | {_cell(result['cpu'])} "
              f"| {_cell(result['validate wall'])} / {_cell(result['validate cpu'])} |")
    if "before" in figures:
        before = statistics.median(figures["before"]["cpu"])
        for label in [label for label in figures if label != "before"]:
            print(f"\nbefore/{label} (median CPU): {before / statistics.median(figures[label]['cpu']):.2f}x")


if __name__ == "__main__":
    main()
