"""Speed a user feels, until the page is quiet: first map, a month step, adding a sending state, page switches,
and a briefing deck built from the Briefing page, in headless chromium.

"Quiet" means: Streamlit's status widget ("Running…") is gone, no websocket message has arrived, no request
is in flight and no long task has run in any frame for ``QUIET_S``; a timing ends at the last of those
activities (the quiet wait itself is not counted). For the first map and each page switch it also reports the
seconds the tab's renderer main thread was busy (CDP ``TaskDuration``, all frames). Each source tree
(``--before REV`` is exported with ``git archive``; "after" is this checkout) runs its own server on the same
data; the rounds alternate between the trees, so both see the same load. Prints a side-by-side table
(min / median) and ratios; asserts nothing. Every request that would leave localhost is refused.

Run: python -m benchmarks.page_speed --before 7b8abeb --after HEAD --rounds 3
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.map_browser import CHROMIUM, CHROMIUM_ARGS, ROOT, export_tree, server
from tests.conftest import keep_local

QUIET_S = 0.8
DAY = "2024-05-15"
DECK_QUERY = "region=sahel"  # the deck of the issue: the Sahel, the page's default dates (16 to 20 slides)
PAGES = ("Compare", "Timeline", "Briefing", "Presence table", "Sources", "Map")

# Long tasks of every frame (the map runs in a component iframe), as [epoch ms of the end].
INIT_SCRIPT = """
(() => {
  window.__quiet = { longtaskEnds: [] };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__quiet.longtaskEnds.push(performance.timeOrigin + e.startTime + e.duration);
      }
    }).observe({ type: "longtask", buffered: true });
  } catch (e) {}
})();
"""


@dataclass
class Figures:
    first_map: list[float] = field(default_factory=list)
    step: list[float] = field(default_factory=list)
    actor: list[float] = field(default_factory=list)
    switch: list[float] = field(default_factory=list)
    switch_by_page: dict[str, list[float]] = field(default_factory=dict)
    deck: list[float] = field(default_factory=list)
    slides: list[int] = field(default_factory=list)
    # Seconds the tab's renderer main thread was busy (every frame of the app shares it): CPU work of the page,
    # which other load on the machine stretches far less than the wall-clock timings above.
    first_map_busy: list[float] = field(default_factory=list)
    switch_busy_by_page: dict[str, list[float]] = field(default_factory=dict)


class Watcher:
    """Network, websocket and long-task activity of one tab, and a wait until it is quiet."""

    def __init__(self, tab):
        self.tab = tab
        self.in_flight: set = set()
        self.last_activity = time.time()
        tab.on("request", self._started)
        tab.on("requestfinished", self._ended)
        tab.on("requestfailed", self._ended)
        tab.on("websocket", lambda ws: ws.on("framereceived", lambda _payload: self._touch()))

    def _touch(self) -> None:
        self.last_activity = time.time()

    def _started(self, request) -> None:
        self.in_flight.add(request)
        self._touch()

    def _ended(self, request) -> None:
        self.in_flight.discard(request)
        self._touch()

    def _busy(self) -> bool:
        return bool(self.tab.evaluate("() => !!document.querySelector('[data-testid=stStatusWidget]')"))

    def _last_long_task(self) -> float:
        latest = 0.0
        for frame in self.tab.frames:
            with contextlib.suppress(Exception):
                ends = frame.evaluate("() => (window.__quiet || {longtaskEnds: []}).longtaskEnds")
                if ends:
                    latest = max(latest, max(ends) / 1000)
        return latest

    def quiet_after(self, started: float, *, timeout_s: float = 300, ready=None) -> float:
        """Seconds from ``started`` to the last activity before ``QUIET_S`` of quiet (and ``ready()`` true)."""
        deadline = time.time() + timeout_s
        busy_until = started
        while time.time() < deadline:
            self.tab.wait_for_timeout(40)
            now = time.time()
            if self._busy() or self.in_flight or (ready is not None and not ready()):
                busy_until = now
                continue
            last = max(busy_until, self.last_activity, self._last_long_task())
            if now - last >= QUIET_S:
                return last - started
        raise TimeoutError("the page never went quiet")


def _map_ready(tab) -> bool:
    for frame in tab.frames:
        with contextlib.suppress(Exception):
            if frame.evaluate("() => !!(window.footprint && window.map && window.map._footprint)"):
                return True
    return False


def measure(url: str, figures: Figures, *, steps: int, deck: bool, switches: int = 1) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 1000})

        outside = keep_local(context)
        context.add_init_script(INIT_SCRIPT)
        tab = context.new_page()
        watch = Watcher(tab)
        cdp = context.new_cdp_session(tab)
        cdp.send("Performance.enable")

        def busy() -> float:
            metrics = cdp.send("Performance.getMetrics")["metrics"]
            return next(metric["value"] for metric in metrics if metric["name"] == "TaskDuration")

        started, busy_before = time.time(), busy()
        tab.goto(f"{url}/?as_of={DAY}")
        figures.first_map.append(watch.quiet_after(started, ready=lambda: _map_ready(tab)))
        figures.first_map_busy.append(busy() - busy_before)

        forward = tab.get_by_role("button", name="▶")
        for _ in range(steps):
            started = time.time()
            forward.click()
            figures.step.append(watch.quiet_after(started))

        for actor in ("France (FRA)", "Russia (RUS)"):
            tab.locator("[data-testid=stMultiSelect]").filter(has_text="Sending states").locator("input").click()
            tab.keyboard.type(actor.split()[0])  # the list is virtual: narrow it to the option first
            option = tab.get_by_role("option", name=actor)
            option.wait_for()
            started = time.time()
            option.click()
            figures.actor.append(watch.quiet_after(started))
            tab.keyboard.press("Escape")
            watch.quiet_after(time.time())

        for _ in range(switches):
            for name in PAGES:
                started, busy_before = time.time(), busy()
                tab.locator("[data-testid=stSidebarNav]").get_by_text(name, exact=True).click()
                took = watch.quiet_after(started)
                figures.switch.append(took)
                figures.switch_by_page.setdefault(name, []).append(took)
                figures.switch_busy_by_page.setdefault(name, []).append(busy() - busy_before)

        if deck:
            tab.goto(f"{url}/briefing?{DECK_QUERY}")
            watch.quiet_after(time.time())
            started = time.time()
            tab.get_by_role("button", name="Build the deck").click()
            took = watch.quiet_after(started, ready=lambda: tab.get_by_text("Download PDF").count() > 0)
            figures.deck.append(took)
            heading = tab.get_by_text(re.compile(r"^\d+ slides$")).first.inner_text()
            figures.slides.append(int(heading.split()[0]))
        browser.close()
    if outside:
        raise RuntimeError(f"requests left localhost: {outside[:5]}")


# CPU seconds (user + system, so other work on the machine barely moves them) of the server's own work, run
# in a child process with the tree on its path: the Sahel deck as the Briefing page builds it, stage by stage,
# and each page script's run on a page switch (AppTest, after one warm-up visit of every page).
CPU_SCRIPT = r"""
import json, resource, sys, inspect
from pathlib import Path

def cpu():  # with the forked workers' share, once they have been waited for
    return sum(usage.ru_utime + usage.ru_stime
               for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)))

out = {"plan": [], "pptx": [], "pdf": [], "previews": [], "deck": []}
from footprint.briefing import plan_deck, slide_previews
from footprint.dataset import load_dataset_cached
from footprint.dates import parse_day
from footprint.exporters import DECKS
from footprint.view import View

data = load_dataset_cached(sys.argv[1])
dates = [parse_day(day) for day in "2022-01-01, 2023-07-01, 2024-05-15, 2025-03-01".split(",")]
from_pdf = "pdf" in inspect.signature(slide_previews).parameters

# First the builds as the Briefing page runs them, in a fresh server process: each in a forked run_job child
# (this process stays as the server left it), after the page's warm-up where the tree has one.
import footprint.briefing
from footprint.jobs import in_parallel, run_job

def page_build():
    plan = plan_deck(data, dates=dates, filters=View(as_of=data.as_of, region="sahel").filters(), sites=None,
                     template=None, brand_colours={"primary": "#1F3A5F"}, banner=None)
    def pdf_and_previews():
        pdf = DECKS["pdf"].write(plan)
        return slide_previews(plan, dpi=45, pdf=pdf) if from_pdf else slide_previews(plan, dpi=45)
    return len(in_parallel([pdf_and_previews, lambda: DECKS["pptx"].write(plan)])[0])

for number in (1, 2):
    c0 = cpu()
    if hasattr(footprint.briefing, "warm_up"):
        footprint.briefing.warm_up()
    run_job(page_build, budget_seconds=600)
    out.setdefault(f"page build {number}", []).append(cpu() - c0)
for _ in range(int(sys.argv[2])):
    c0 = cpu()
    plan = plan_deck(data, dates=dates, filters=View(as_of=data.as_of, region="sahel").filters(), sites=None,
                     template=None, brand_colours={"primary": "#1F3A5F"}, banner=None)
    c1 = cpu(); DECKS["pptx"].write(plan); c2 = cpu(); pdf = DECKS["pdf"].write(plan); c3 = cpu()
    slide_previews(plan, dpi=45, pdf=pdf) if from_pdf else slide_previews(plan, dpi=45)
    c4 = cpu()
    for name, value in (("plan", c1 - c0), ("pptx", c2 - c1), ("pdf", c3 - c2), ("previews", c4 - c3),
                        ("deck", c4 - c0)):
        out[name].append(value)

from streamlit.testing.v1 import AppTest
app = AppTest.from_file(str(Path("app.py").resolve()), default_timeout=300)
app.query_params["as_of"] = "2024-05-15"
app.run()
pages = ["compare", "timeline", "briefing", "presence", "sources", "map"]
for page in pages:
    app.switch_page(f"pages/{page}.py").run()
for _ in range(int(sys.argv[2])):
    for page in pages:
        c0 = cpu()
        app.switch_page(f"pages/{page}.py").run()
        out.setdefault(f"page {page}", []).append(cpu() - c0)
print(json.dumps(out))
"""


def cpu_figures(tree: Path, scratch: Path, repeats: int) -> dict[str, list[float]]:
    import os
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(tree), "FOOTPRINT_DATA": str(ROOT / "data"),
           "FOOTPRINT_WORKSPACE": str(scratch / f"cpu-{tree.name}.sqlite")}
    done = subprocess.run([sys.executable, "-c", CPU_SCRIPT, str(ROOT / "data"), str(repeats)], cwd=tree, env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def cpu_report(results: dict[str, dict[str, list[float]]]) -> str:
    trees = list(results)
    names = list(next(iter(results.values())))
    header = "| CPU seconds (min / median) | " + " | ".join(trees) + (" | before/after |" if len(trees) == 2 else " |")
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    labels = {"page build 1": "deck as the page builds it: first build in a fresh server process",
              "page build 2": "deck as the page builds it: second build",
              "plan": "deck: plan (maps, timeline, layout)", "pptx": "deck: PowerPoint", "pdf": "deck: PDF",
              "previews": "deck: slide previews", "deck": "deck: all of it"}
    for name in names:
        cells = [_cell(results[t][name]) for t in trees]
        if len(trees) == 2:
            before, after = (statistics.median(results[t][name]) for t in trees)
            cells.append(f"{before / after:.1f}x" if after else "-")
        label = labels.get(name, name if name.startswith("page build") else name + " run")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cell(values: list[float]) -> str:
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0]:.2f}"
    return f"{min(values):.2f} / {statistics.median(values):.2f}"


def report(results: dict[str, Figures]) -> str:
    trees = list(results)
    rows = [("first map, until quiet (s)", lambda f: f.first_map),
            ("one-month step, until quiet (s)", lambda f: f.step),
            ("adding a sending state, until quiet (s)", lambda f: f.actor),
            ("any page switch, until quiet (s)", lambda f: f.switch)]
    for name in PAGES:
        rows.append((f"  switch to {name} (s)", lambda f, name=name: f.switch_by_page.get(name, [])))
    rows.append(("Sahel deck from the Briefing page, until previews shown (s)", lambda f: f.deck))
    rows.append(("first map, renderer main thread busy (s)", lambda f: f.first_map_busy))
    for name in PAGES:
        rows.append((f"  switch to {name}, renderer busy (s)",
                     lambda f, name=name: f.switch_busy_by_page.get(name, [])))
    header = "| measure (min / median) | " + " | ".join(trees) + (" | before/after |" if len(trees) == 2 else " |")
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for label, pick in rows:
        cells = [_cell(pick(results[t])) for t in trees]
        if len(trees) == 2:
            before, after = (pick(results[t]) for t in trees)
            ratio = statistics.median(before) / statistics.median(after) if before and after else None
            cells.append(f"{ratio:.1f}x" if ratio else "-")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    slides = {t: sorted(set(results[t].slides)) for t in trees}
    lines.append("")
    lines.append("Slides per deck: " + ", ".join(f"{t} {s}" for t, s in slides.items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="git revision to compare against (exported with git archive)")
    parser.add_argument("--after", help="git revision to measure as 'after' (default: this checkout as it is)")
    parser.add_argument("--rounds", type=int, default=3, help="fresh browsers per tree, alternating trees")
    parser.add_argument("--steps", type=int, default=4, help="month steps per round")
    parser.add_argument("--switches", type=int, default=1, help="times round every page per round")
    parser.add_argument("--no-deck", action="store_true", help="skip the deck")
    parser.add_argument("--cpu-repeats", type=int, default=3, help="CPU-time repeats per tree (0: skip)")
    parser.add_argument("--no-browser", action="store_true", help="CPU times only")
    parser.add_argument("--json", help="also write the raw figures here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="footprint-speed-") as folder, contextlib.ExitStack() as stack:
        scratch = Path(folder)
        trees: dict[str, Path] = {}
        if args.before:
            trees["before"] = export_tree(args.before, scratch / "before")
        trees["after"] = export_tree(args.after, scratch / "after") if args.after else ROOT
        raw: dict[str, dict] = {}
        if args.cpu_repeats:
            cpu = {}
            for label, tree in trees.items():
                print(f"[cpu / {label}]", file=sys.stderr, flush=True)
                cpu[label] = cpu_figures(tree, scratch, args.cpu_repeats)
            print(cpu_report(cpu) + "\n")
            raw["cpu"] = cpu
        if not args.no_browser:
            urls = {label: stack.enter_context(server(tree, ROOT / "data", scratch)) for label, tree in trees.items()}
            results = {label: Figures() for label in trees}
            for number in range(args.rounds):
                for label, url in urls.items():
                    print(f"[round {number + 1} / {label}]", file=sys.stderr, flush=True)
                    measure(url, results[label], steps=args.steps, deck=not args.no_deck, switches=args.switches)
                    print(f"[round {number + 1} / {label}] {results[label]}", file=sys.stderr, flush=True)
            print(report(results))
            raw["browser"] = {t: vars(f) for t, f in results.items()}
        if args.json:
            Path(args.json).write_text(json.dumps(raw, indent=1))


if __name__ == "__main__":
    main()
