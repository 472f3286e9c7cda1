"""Does the warm-up delay the server's first answer? Server start until ``/_stcore/health`` answers, side by side.

This checkout is started as ``make run`` starts it (``serve.py``) and as ``streamlit run app.py`` with the same
options, and ``--before REV`` (exported with ``git archive``) as its own ``make run`` starts it; they take turns
start by start, each left running ``--hold`` seconds (long enough for the warm-up to finish) before it is
stopped. Prints min / median seconds.

Run: python -m benchmarks.server_start --before 2895941 --starts 10
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.map_browser import ROOT, Figures, export_tree, server

PLAIN = [str(Path(sys.executable).parent / "streamlit"), "run", "app.py", "--server.address", "127.0.0.1",
         "--server.port", "{port}", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="git revision to compare against")
    parser.add_argument("--starts", type=int, default=10, help="server starts per configuration")
    parser.add_argument("--hold", type=float, default=3.0, help="seconds each server runs after it answers")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="footprint-server-start-") as folder:
        scratch = Path(folder)
        runs: dict[str, tuple[Path, list[str] | None]] = {}
        if args.before:
            runs[f"{args.before} (its make run)"] = (export_tree(args.before, scratch / "before"), None)
        runs["this checkout, make run (serve.py)"] = (ROOT, None)
        runs["this checkout, streamlit run app.py"] = (ROOT, PLAIN)
        figures = {label: Figures() for label in runs}
        for _ in range(args.starts):
            for label, (tree, command) in runs.items():
                with server(tree, ROOT / "data", scratch, figures[label], command=command):
                    time.sleep(args.hold)
    print("| started by | until /_stcore/health answers: s (min / median) |")
    print("|---|---|")
    for label, result in figures.items():
        ready = result.server_ready
        print(f"| {label} | {min(ready):.2f} / {statistics.median(ready):.2f} |")


if __name__ == "__main__":
    main()
