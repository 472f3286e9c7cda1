"""What a user of the map feels, in headless chromium: first visit, a month's date step, memory, DOM size.

Each source tree (``--before REV`` is exported from git into a scratch folder, as is each ``--also REV``;
"after" is this checkout) runs its own server on a free localhost port against the same data, one after
the other, started by the command its own ``make run`` runs; the same Playwright script drives them all.
Prints a side-by-side table (min / median) and ratios; asserts nothing. Every request that would leave
localhost is refused.

Run: python -m benchmarks.map_browser --before 58fe6a4 --worlds real,2k --steps 5
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import keep_local

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DAY = "2024-05-15"
MAP_FRAME_TITLE = "streamlit_folium.st_folium"

# Runs in every frame before its own scripts: long tasks, and a count of the map component's renders that
# brought new layers (the component's own message listener is registered after this one, so a timeout set
# here fires once that render's synchronous work is done; two animation frames later it is painted).
INIT_SCRIPT = """
(() => {
  window.__bench = { longtasks: [], renders: 0, painted: 0, layers: null };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__bench.longtasks.push([performance.timeOrigin + e.startTime, e.duration]);
      }
    }).observe({ type: "longtask", buffered: true });
  } catch (e) {}
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || data.type !== "streamlit:render") { return; }
    setTimeout(() => {
      // Count only renders that brought new layers (streamlit-folium keeps the last feature group it ran).
      const layers = window.__GLOBAL_DATA__ && window.__GLOBAL_DATA__.last_feature_group;
      if (!layers || layers === window.__bench.layers) { return; }
      window.__bench.layers = layers;
      const number = ++window.__bench.renders;
      requestAnimationFrame(() => requestAnimationFrame(() => {
        window.__bench.painted = Math.max(window.__bench.painted, number);
        window.__bench.paintedAt = performance.timeOrigin + performance.now();
      }));
    }, 0);
  });
})();
"""


@dataclass
class Figures:
    server_ready: list[float] = field(default_factory=list)
    first_visit: list[float] = field(default_factory=list)
    server_cpu: list[float] = field(default_factory=list)
    server_pid: int | None = None  # the server being measured, not a figure
    step: list[float] = field(default_factory=list)
    frozen: list[float] = field(default_factory=list)
    received_kb: list[float] = field(default_factory=list)
    heap_first_mb: list[float] = field(default_factory=list)
    heap_last_mb: list[float] = field(default_factory=list)
    dom_nodes: list[float] = field(default_factory=list)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a (Linux) process has used so far: less swayed by other work than wall time."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def export_tree(revision: str, into: Path) -> Path:
    """The files of ``revision`` (``git archive``), unpacked into ``into``."""
    archive = subprocess.run(["git", "archive", "--format=tar", revision], cwd=ROOT, check=True,
                             capture_output=True).stdout
    into.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def _workspace(tree: Path, scratch: Path) -> Path:
    # One per tree, kept across its restarts: a restarted server opens the store it made before.
    return scratch / f"ws-{tree.name}-{abs(hash(str(tree)))}.sqlite"


def make_run_command(tree: Path, port: int) -> list[str]:
    """The server command ``make run`` in ``tree`` runs (its Makefile's last recipe line, with this Python's
    environment as ``VENV``), on ``port`` of 127.0.0.1, headless, with no usage statistics or file watcher."""
    planned = subprocess.run(["make", "-s", "-n", "run", f"VENV={Path(sys.executable).parent.parent}",
                              "HOST=127.0.0.1", f"PORT={port}"], cwd=tree, capture_output=True, text=True,
                             check=True).stdout
    return [*shlex.split(planned.strip().splitlines()[-1]), "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]


@contextlib.contextmanager
def server(tree: Path, data: Path, scratch: Path, figures: Figures | None = None,
           command: list[str] | None = None) -> Iterator[str]:
    """``tree``'s server as its ``make run`` starts it (or ``command`` with ``{port}`` filled in); yields its URL."""
    port = _free_port()
    log_path = scratch / f"server-{port}.log"
    env = {**os.environ, "FOOTPRINT_DATA": str(data), "FOOTPRINT_WORKSPACE": str(_workspace(tree, scratch)),
           "PYTHONPATH": str(tree)}
    command = [part.format(port=port) for part in command] if command else make_run_command(tree, port)
    started = time.monotonic()
    with log_path.open("w") as log:
        # Run directly, not through make, so the process measured is the server itself.
        process = subprocess.Popen(command, cwd=tree, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        try:
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"streamlit did not start: {log_path.read_text()}") from None
                    time.sleep(0.05)
            if figures is not None:
                figures.server_ready.append(time.monotonic() - started)
                figures.server_pid = process.pid
            yield url
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _map_frame(tab):
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        for frame in tab.frames:
            with contextlib.suppress(Exception):
                if frame.frame_element().get_attribute("title") == MAP_FRAME_TITLE:
                    return frame
        tab.wait_for_timeout(50)
    raise TimeoutError("no map frame")


def _heap_mb(cdp) -> float:
    cdp.send("HeapProfiler.collectGarbage")
    return cdp.send("Runtime.getHeapUsage")["usedSize"] / 1e6


def _longest_task(tab, since: float, until: float) -> float:
    longest = 0.0
    for frame in tab.frames:
        with contextlib.suppress(Exception):
            for start, duration in frame.evaluate("() => (window.__bench || {longtasks: []}).longtasks"):
                if start + duration >= since and start <= until:
                    longest = max(longest, duration / 1000)
    return longest


def _wait_painted(frame, at_least: int, timeout_s: float = 300) -> float:
    frame.wait_for_function(f"() => window.__bench && window.__bench.painted >= {at_least}",
                            timeout=timeout_s * 1000, polling=50)
    return frame.evaluate("() => window.__bench.paintedAt") / 1000


def measure(url: str, steps: int, figures: Figures, *, first: bool) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})

        outside = keep_local(context)
        context.add_init_script(INIT_SCRIPT)
        tab = context.new_page()
        received: list[tuple[float, int]] = []
        tab.on("websocket", lambda ws: ws.on(
            "framereceived", lambda payload: received.append((time.time(), len(payload)))))
        cdp = context.new_cdp_session(tab)
        started = time.time()
        tab.goto(f"{url}/?as_of={DAY}")
        frame = _map_frame(tab)
        painted = _wait_painted(frame, 1)
        if first:
            figures.first_visit.append(painted - started)
            if figures.server_pid is not None:
                figures.server_cpu.append(_cpu_seconds(figures.server_pid))
        tab.wait_for_timeout(1500)  # let the view report and any follow-up rerun settle
        forward = tab.get_by_role("button", name="▶")
        for number in range(steps):
            renders = frame.evaluate("() => window.__bench.renders")
            mark = len(received)
            clicked = time.time()
            forward.click()
            done = _wait_painted(frame, renders + 1)
            figures.step.append(done - clicked)
            tab.wait_for_timeout(1200)  # quiet: any later message belongs to this step, not the next
            figures.received_kb.append(sum(size for _, size in received[mark:]) / 1024)
            figures.frozen.append(_longest_task(tab, clicked * 1000, done * 1000))
            if number == 0:
                figures.heap_first_mb.append(_heap_mb(cdp))
        figures.heap_last_mb.append(_heap_mb(cdp))
        figures.dom_nodes.append(frame.evaluate("() => document.getElementsByTagName('*').length"))
        browser.close()
    if outside:
        raise RuntimeError(f"requests left localhost: {outside[:5]}")


def warm(tree: Path, data: Path, scratch: Path) -> None:
    """Load (and so validate and cache) ``data`` with ``tree``'s code and make its workspace store, as a server
    that ran before would have."""
    code = ("import sys\nfrom footprint.dataset import load_dataset_cached\nfrom footprint.store import Store\n"
            "load_dataset_cached(sys.argv[1])\nStore(sys.argv[2], curated_dir=sys.argv[1])")
    subprocess.run([sys.executable, "-c", code, str(data), str(_workspace(tree, scratch))], cwd=tree,
                   env={**os.environ, "PYTHONPATH": str(tree)}, check=True, capture_output=True)


def world(name: str, scratch: Path) -> Path:
    from benchmarks.synthetic import build

    if name == "real":
        return ROOT / "data"
    sizes = {"2k": (2_000, 20_000, 200_000), "20k": (20_000, 200_000, 200_000)}[name]
    directory = Path(tempfile.gettempdir()) / f"footprint-synthetic-{name}"
    if not (directory / "events.csv").exists():
        build(directory, sites=sizes[0], deployments=sizes[1], events=sizes[2])
    return directory


def _cell(values: list[float], digits: int = 2) -> str:
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return f"{min(values):.{digits}f} / {statistics.median(values):.{digits}f}"


def report(results: dict[tuple[str, str], Figures], trees: list[str], worlds: list[str]) -> str:
    rows = [
        ("server start until it answers (s)", "server_ready", 1),
        ("first visit until markers (s)", "first_visit", 1),
        ("server CPU from its start until those markers (s)", "server_cpu", 2),
        ("one-month date step until drawn (s)", "step", 2),
        ("longest frozen stretch in a step (s)", "frozen", 2),
        ("data received per step (KB)", "received_kb", 0),
        ("JS heap after 1st step (MB)", "heap_first_mb", 1),
        ("JS heap after the last step (MB)", "heap_last_mb", 1),
        ("DOM nodes in the map frame", "dom_nodes", 0),
    ]
    ratio = "before" in trees and "after" in trees
    header = "| measure (min / median) | " + " | ".join(f"{w}: {t}" for w in worlds for t in trees)
    if ratio:
        header += " | " + " | ".join(f"{w}: before/after" for w in worlds)
    header += " |"
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for label, name, digits in rows:
        cells = [_cell(getattr(results[(w, t)], name), digits) for w in worlds for t in trees]
        if ratio:
            for w in worlds:
                before, after = (getattr(results[(w, t)], name) for t in ("before", "after"))
                ratio = (statistics.median(before) / statistics.median(after)
                         if before and after and statistics.median(after) else None)
                cells.append(f"{ratio:.1f}x" if ratio else "-")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="git revision to compare against (exported with git archive)")
    parser.add_argument("--also", action="append", default=[],
                        help="another git revision to measure alongside (labelled by the revision; repeatable)")
    parser.add_argument("--worlds", default="real,2k", help="comma-separated: real, 2k, 20k")
    parser.add_argument("--steps", type=int, default=5, help="date steps per visit")
    parser.add_argument("--before-steps", type=int, help="date steps per visit for --before (default: --steps)")
    parser.add_argument("--visits", type=int, default=1, help="fresh browsers per server (first one is cold)")
    parser.add_argument("--restarts", type=int, default=1, help="servers started per tree (one first visit each)")
    parser.add_argument("--only-before", action="store_true", help="measure the --before tree alone")
    parser.add_argument("--json", help="also write the raw figures here")
    parser.add_argument("--warm", action="store_true",
                        help="validate the data into each tree's cache and make its store first, so a first "
                        "visit is a restart's")
    args = parser.parse_args(argv)
    worlds = args.worlds.split(",")
    with tempfile.TemporaryDirectory(prefix="footprint-bench-") as folder:
        scratch = Path(folder)
        trees: dict[str, Path] = {}
        if args.before:
            trees["before"] = export_tree(args.before, scratch / "before")
        for revision in args.also:
            trees[revision] = export_tree(revision, scratch / f"also-{revision}")
        if not args.only_before:
            trees["after"] = ROOT
        results: dict[tuple[str, str], Figures] = {}
        for name in worlds:
            data = world(name, scratch)
            for label, tree in trees.items():
                results[(name, label)] = Figures()
                if args.warm:
                    warm(tree, data, scratch)
            # Restarts take turns between the trees, so a busier spell of the machine falls on both.
            for _ in range(args.restarts):
                for label, tree in trees.items():
                    figures = results[(name, label)]
                    print(f"[{name} / {label}] starting server", file=sys.stderr, flush=True)
                    with server(tree, data, scratch, figures) as url:
                        steps = args.before_steps if label == "before" and args.before_steps else args.steps
                        for visit in range(args.visits):
                            measure(url, steps, figures, first=visit == 0)
                    print(f"[{name} / {label}] {figures}", file=sys.stderr, flush=True)
        print(report(results, list(trees), worlds))
        if args.json:
            Path(args.json).write_text(json.dumps({f"{w}/{t}": vars(f) for (w, t), f in results.items()}, indent=1))


if __name__ == "__main__":
    main()
