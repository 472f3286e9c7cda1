"""Many users stepping the map's date at once, on localhost: how long each date change takes the server.

Each simulated user is a websocket session speaking Streamlit's own protocol, as the browser does: it
opens the map (``?as_of=...``), then changes the "As of" date field month by month, each time waiting for
the run to finish. A change counts only if the page it gets back shows the new date. Bounded: a fixed
number of changes per user and a timeout on each. Prints p50 / p95 / max per number of users, the
median bytes the server sent for one change (its first visit not counted), and the server's CPU time
(user + system, read from /proc, each user's first visit included) per change; asserts nothing.

Two ways to pick each user's dates: ``same`` (every user opens the map on 15 May 2024, then user i steps from
i months after it, so users share months and the server's shared caches serve most of them) and ``spread``
(user i opens the map with its own filters, a sending state, a region or a confidence, 7 x i months before
that date and steps from there, so hardly any two changes ask for the same page and each builds its own map).

Each measurement gets a fresh server, so none finds the pages of another in its caches; with ``--rounds``
each is made that many times, the trees taking turns, and the table gives min / median over the rounds.

Run: python -m benchmarks.load_sessions --users 1,10,20 --changes 6 [--before REV] [--data DIR] [--spread]
     [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.map_browser import ROOT, export_tree, server

START = dt.date(2024, 5, 15)
TIMEOUT_S = 120


def _months_later(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, min(day.day, 28))


async def _run(ws, state, expect: str | None) -> tuple[float, bool, int]:
    """Send one rerun request and read messages until the run finishes: seconds taken, whether the
    page showed ``expect``, and the bytes received."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = BackMsg()
    message.rerun_script.CopyFrom(state)
    started = time.perf_counter()
    await ws.send(message.SerializeToString())
    seen = expect is None
    received = 0
    while True:
        raw = await asyncio.wait_for(ws.recv(), TIMEOUT_S)
        received += len(raw)
        forward = ForwardMsg()
        forward.ParseFromString(raw)
        kind = forward.WhichOneof("type")
        if kind == "new_session":
            state.page_script_hash = forward.new_session.page_script_hash
        elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            element = forward.delta.new_element
            which = element.WhichOneof("type")
            if which == "date_input" and element.date_input.id.endswith("-as_of"):
                state.widget_states.ClearField("widgets")
                widget = state.widget_states.widgets.add()
                widget.id = element.date_input.id
            elif which in ("markdown", "heading") and expect and expect in str(getattr(element, which)):
                seen = True
        elif kind == "script_finished":
            return time.perf_counter() - started, seen, received


# The filters a "spread" user opens the map with (URL parameters as a shared link has them), one per user in turn.
SPREAD_FILTERS = ("", "actor=USA", "actor=RUS", "actor=FRA", "region=africa", "region=middle-east", "region=sahel",
                  "actor=GBR", "region=europe", "min_confidence=high", "actor=TUR", "region=horn", "actor=USA,FRA",
                  "region=west-africa", "actor=RUS&region=africa", "min_confidence=medium")


def _plan(user: int, spread: bool) -> tuple[str, dt.date, int]:
    """A user's first visit (its filters as URL parameters, its date) and the month offset its steps start from."""
    if not spread:
        return "", START, user % 12  # every first visit on the same page, as the earlier runs of this benchmark
    return SPREAD_FILTERS[user % len(SPREAD_FILTERS)], _months_later(START, -7 * user), -7 * user


async def _user(url: str, changes: int, user: int, spread: bool, timings: list[float], failures: list[str],
                sizes: list[int]) -> None:
    import websockets
    from streamlit.proto.ClientState_pb2 import ClientState

    filters, first, offset = _plan(user, spread)
    address = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(address, subprotocols=["streamlit"], max_size=None) as ws:
        state = ClientState(query_string="&".join(part for part in (f"as_of={first.isoformat()}", filters) if part))
        await _run(ws, state, None)
        if not state.widget_states.widgets:
            failures.append("no 'As of' date field on the page")
            return
        state.query_string = ""
        for number in range(1, changes + 1):
            day = _months_later(START, offset + number)
            state.widget_states.widgets[0].string_array_value.data[:] = [day.isoformat()]
            seconds, shown, received = await _run(ws, state, f"{day:%d %B %Y}")
            if shown:
                timings.append(seconds)
                sizes.append(received)
            else:
                failures.append(f"{day} not shown")


async def _load(url: str, users: int, changes: int, spread: bool = False) -> tuple[list[float], list[str], list[int]]:
    timings: list[float] = []
    failures: list[str] = []
    sizes: list[int] = []
    # Users start on different months so they do not all ask for the same page at the same moment.
    await asyncio.gather(*(_user(url, changes, user, spread, timings, failures, sizes) for user in range(users)))
    return timings, failures, sizes


def _server_cpu_s() -> float:
    """CPU seconds (user + system) used so far by this process's child processes that are still running:
    the one streamlit server of ``server``."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():  # the parent's pid; utime and stime are fields 14 and 15
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def _measure(tree: Path, data: Path, scratch: Path, users: int, changes: int, spread: bool) -> dict:
    """One server of ``tree``, fresh (so no run finds another's pages in its caches), warmed by one visit."""
    with server(tree, data, scratch) as url:
        asyncio.run(_load(url, 1, 1))  # warm: the first run loads the data
        started, cpu, load = time.perf_counter(), _server_cpu_s(), _load_average()
        timings, failures, sizes = asyncio.run(_load(url, users, changes, spread))
        elapsed, cpu = time.perf_counter() - started, _server_cpu_s() - cpu
    return {"timings": timings, "failures": failures, "sizes": sizes, "elapsed": elapsed, "cpu": cpu,
            "load": (load, _load_average())}


def _figures(runs: list[dict]) -> dict:
    """Per run: p50, p95, max (s), changes/s, KB per change, server CPU ms per change; the failures of all."""
    rows = []
    for run in runs:
        timings = run["timings"]
        if timings:
            rows.append((statistics.median(timings), _percentile(timings, 0.95), max(timings),
                         len(timings) / run["elapsed"], statistics.median(run["sizes"]) / 1024,
                         1000 * run["cpu"] / len(timings)))
    return {"rows": rows, "changes": sum(len(run["timings"]) for run in runs),
            "failures": [failure for run in runs for failure in run["failures"]]}


def _min_median(values: list[float], digits: int) -> str:
    return f"{min(values):.{digits}f} / {statistics.median(values):.{digits}f}" if values else "-"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="1,10,20", help="comma-separated numbers of concurrent users")
    parser.add_argument("--changes", type=int, default=6, help="date changes per user")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--before", help="also measure this git revision (exported with git archive)")
    parser.add_argument("--spread", action="store_true",
                        help="also measure users that each open their own filters and step their own months")
    parser.add_argument("--rounds", type=int, default=1, help="times each measurement is made, trees taking turns")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.users.split(",")]
    modes = ("same", "spread") if args.spread else ("same",)
    results: dict[tuple[str, str, int], list[dict]] = {}
    loads: list[float] = []
    with tempfile.TemporaryDirectory(prefix="footprint-load-") as folder:
        scratch = Path(folder)
        trees = {"after": ROOT}
        if args.before:
            trees = {"before": export_tree(args.before, scratch / "before"), **trees}
        for round_number in range(args.rounds):
            for mode in modes:
                for users in counts:
                    # Trees take turns, the first one changing each round.
                    order = list(trees.items())
                    for label, tree in order[round_number % len(order):] + order[:round_number % len(order)]:
                        print(f"[round {round_number + 1}] {label}, {mode}, {users} users", file=sys.stderr, flush=True)
                        run = _measure(tree, args.data, scratch, users, args.changes, mode == "spread")
                        loads.extend(run["load"])
                        results.setdefault((mode, users, label), []).append(run)
    print(f"{args.rounds} round(s), {args.changes} changes per user; a fresh server per measurement; load average "
          f"{min(loads):.1f} to {max(loads):.1f} (1-minute, at each measurement's start and end)\n")
    print("| dates | users | tree | date changes | p50 (s) min / median | p95 (s) min / median | max (s) | changes/s "
          "(median) | KB sent per change (median) | server CPU ms per change (min / median) | not shown |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for (mode, users, label), runs in results.items():
        figures = _figures(runs)
        rows, failures = figures["rows"], figures["failures"]
        column = [list(values) for values in zip(*rows, strict=True)] if rows else [[0.0]] * 6
        print(f"| {mode} | {users} | {label} | {figures['changes']} | {_min_median(column[0], 2)} | "
              f"{_min_median(column[1], 2)} | {max(column[2]):.2f} | {statistics.median(column[3]):.1f} | "
              f"{statistics.median(column[4]):.0f} | {_min_median(column[5], 0)} | "
              f"{len(failures)}{': ' + str(failures[:2]) if failures else ''} |")
    if args.before:
        print("\nbefore/after (medians of the rounds):\n")
        print("| dates | users | p50 | p95 | server CPU per change |")
        print("|---|---|---|---|---|")
        for mode in modes:
            for users in counts:
                pair = [_figures(results[(mode, users, label)])["rows"] for label in ("before", "after")]
                if not all(pair):
                    continue
                ratio = [statistics.median(r[i] for r in pair[0]) / statistics.median(r[i] for r in pair[1])
                         for i in (0, 1, 5)]
                print(f"| {mode} | {users} | {ratio[0]:.2f}x | {ratio[1]:.2f}x | {ratio[2]:.2f}x |")


if __name__ == "__main__":
    main()
