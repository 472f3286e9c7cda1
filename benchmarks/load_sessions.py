"""Many users stepping the map's date at once, on localhost: how long each date change takes the server.

Each simulated user is a websocket session speaking Streamlit's own protocol, as the browser does: it
opens the map (``?as_of=...``), then changes the "As of" date field month by month, each time waiting for
the run to finish. A change counts only if the page it gets back shows the new date. Bounded: a fixed
number of changes per user and a timeout on each. Prints p50 / p95 / max per number of users, the
median bytes the server sent for one change (its first visit not counted), and the server's CPU time
(user + system, read from /proc, each user's first visit included) per change; asserts nothing.

Run: python -m benchmarks.load_sessions --users 1,10,20 --changes 6 [--before REV] [--data DIR]
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


async def _user(url: str, changes: int, offset: int, timings: list[float], failures: list[str],
                sizes: list[int]) -> None:
    import websockets
    from streamlit.proto.ClientState_pb2 import ClientState

    address = url.replace("http://", "ws://") + "/_stcore/stream"
    async with websockets.connect(address, subprotocols=["streamlit"], max_size=None) as ws:
        state = ClientState(query_string=f"as_of={START.isoformat()}")
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


async def _load(url: str, users: int, changes: int) -> tuple[list[float], list[str], list[int]]:
    timings: list[float] = []
    failures: list[str] = []
    sizes: list[int] = []
    # Users start on different months so they do not all ask for the same page at the same moment.
    await asyncio.gather(*(_user(url, changes, offset % 12, timings, failures, sizes) for offset in range(users)))
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", default="1,10,20", help="comma-separated numbers of concurrent users")
    parser.add_argument("--changes", type=int, default=6, help="date changes per user")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--before", help="also measure this git revision (exported with git archive)")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.users.split(",")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="footprint-load-") as folder:
        scratch = Path(folder)
        trees = {"after": ROOT}
        if args.before:
            trees = {"before": export_tree(args.before, scratch / "before"), **trees}
        for label, tree in trees.items():
            with server(tree, args.data, scratch) as url:
                asyncio.run(_load(url, 1, 1))  # warm: the first run loads the data
                for users in counts:
                    print(f"[{label}] {users} users", file=sys.stderr, flush=True)
                    started, cpu = time.perf_counter(), _server_cpu_s()
                    timings, failures, sizes = asyncio.run(_load(url, users, args.changes))
                    elapsed, cpu = time.perf_counter() - started, _server_cpu_s() - cpu
                    rows.append((label, users, timings, failures, elapsed, sizes, cpu))
    print("| tree | users | date changes | p50 (s) | p95 (s) | max (s) | changes/s | KB sent per change (median) "
          "| server CPU ms per change | not shown |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for label, users, timings, failures, elapsed, sizes, cpu in rows:
        if not timings:
            print(f"| {label} | {users} | 0 | - | - | - | - | - | - | {len(failures)}: {failures[:2]} |")
            continue
        print(f"| {label} | {users} | {len(timings)} | {statistics.median(timings):.2f} | "
              f"{_percentile(timings, 0.95):.2f} | {max(timings):.2f} | {len(timings) / elapsed:.1f} | "
              f"{statistics.median(sizes) / 1024:.0f} | {1000 * cpu / len(timings):.0f} | {len(failures)} |")


if __name__ == "__main__":
    main()
