"""Team load: concurrent sessions against two app servers sharing one PostgreSQL; prints numbers, asserts nothing.

Each simulated session is a real Streamlit session: it opens the app's websocket through the
trusted-header sign-in (as the proxy of a deployment would), reruns pages with widget states as
a browser does, and times each rerun until the server reports the script finished. Analysts read
the Map and propose a claim from a fresh article on Ingest; reviewers read Review and approve the
proposal they are shown. Sessions alternate between the two servers. Afterwards every proposal
and approval a session was told had succeeded is looked up in the store: one missing is a lost
write. Refusals the app explains (two reviewers approving the same proposal) are counted apart
from errors (exceptions, failed runs, unexplained refusals).

Run: python -m benchmarks.team_load [--sessions 20] [--reviewers 4] [--seconds 60] [--store postgresql://…]
Without --store it starts a throwaway cluster under .postgres/bench (scripts/postgres.sh) and stops it after.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import websockets
from sqlalchemy.engine import make_url
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from footprint.store import Store

ROOT = Path(__file__).resolve().parent.parent
HEADER = "X-Forwarded-User"
FINISHED_EARLY_FOR_RERUN = 2
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


@dataclass
class Stats:
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    proposed: list[tuple[str, int]] = field(default_factory=list)  # (author, proposal id) acknowledged
    approved: list[tuple[str, int]] = field(default_factory=list)  # (reviewer, proposal id) acknowledged


@dataclass
class Run:
    """What one rerun drew: its widgets by key, its alerts, and any exception."""

    widgets: dict[str, object] = field(default_factory=dict)
    alerts: list[tuple[str, str]] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)


class Session:
    """One browser tab's worth of Streamlit session, over the app's websocket."""

    def __init__(self, port: int, user: str) -> None:
        self.port, self.user = port, user
        self.states: dict[str, WidgetState] = {}

    async def __aenter__(self) -> Session:
        self.socket = await websockets.connect(
            f"ws://127.0.0.1:{self.port}/_stcore/stream", subprotocols=["streamlit"], max_size=None,
            additional_headers={HEADER: self.user}, origin=f"http://127.0.0.1:{self.port}", open_timeout=60)
        return self

    async def __aexit__(self, *exc) -> None:
        await self.socket.close()

    async def rerun(self, page: str) -> tuple[float, Run]:
        message = BackMsg()
        message.rerun_script.page_name = page
        message.rerun_script.widget_states.widgets.extend(self.states.values())
        started = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        run = Run()
        while True:
            forward = ForwardMsg()
            forward.ParseFromString(await asyncio.wait_for(self.socket.recv(), timeout=300))
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                which = element.WhichOneof("type")
                proto = getattr(element, which)
                if which == "alert":
                    run.alerts.append((proto.format, proto.body))
                elif which == "exception":
                    run.exceptions.append(proto.message)
                elif getattr(proto, "id", "").startswith("$$ID-"):
                    key = proto.id.rsplit("-", 1)[-1] if "-" in proto.id else proto.id
                    run.widgets[key] = proto
            elif kind == "script_finished" and forward.script_finished != FINISHED_EARLY_FOR_RERUN:
                return time.perf_counter() - started, run
            elif kind == "script_finished":
                run = Run()  # st.rerun(): the run that counts is the next one

    def set(self, proto, **value) -> None:
        state = WidgetState(id=proto.id, **value)
        self.states[proto.id] = state

    def trigger(self, proto) -> None:
        self.set(proto, trigger_value=True)

    def untrigger(self) -> None:
        self.states = {i: s for i, s in self.states.items() if s.WhichOneof("value") != "trigger_value"}


def _key(widgets: dict, suffix: str):
    return next((proto for key, proto in widgets.items() if key.endswith(suffix)), None)


def _by_label(run: Run, pattern: str):
    return next((p for p in run.widgets.values() if re.search(pattern, getattr(p, "label", ""))), None)


def _check(run: Run, stats: Stats, what: str) -> bool:
    for message in run.exceptions:
        stats.errors.append(f"{what}: exception {message}")
    return not run.exceptions


async def analyst(port: int, user: str, deadline: float, stats: Stats) -> None:
    number = 0
    async with Session(port, user) as session:
        while time.monotonic() < deadline:
            seconds, run = await session.rerun("map")
            if _check(run, stats, "map"):
                stats.latency["read map"].append(seconds)
            number += 1
            day = 1 + (hash((user, number)) % 28)
            month = MONTHS[hash((number, user)) % 12]
            text = (f"published: 2024-12-20\n\nItalian troops arrived in Niger on {day} {month} 2024, the defence "
                    f"ministry said. Load test {user} number {number} {uuid.uuid4().hex[:8]}.")
            session.states.clear()
            _, run = await session.rerun("ingest")
            area = _by_label(run, "paste the article")
            if area is None:
                stats.errors.append(f"ingest: no article box for {user}")
                continue
            session.set(area, string_value=text)
            _, run = await session.rerun("ingest")
            outlet, decision = _by_label(run, "^Outlet$"), _key(run.widgets, "_decision")
            kind = _key(run.widgets, "ingest_kind")
            if outlet is None or decision is None or kind is None:
                stats.errors.append(f"ingest: no claim found for {user}: {[a for a in run.alerts]}")
                continue
            session.set(outlet, string_value="Load Wire")
            session.set(kind, string_value=list(kind.options)[1])  # the wire kind, as its label reads
            session.set(decision, string_value="accept")
            _, run = await session.rerun("ingest")
            save = _key(run.widgets, "ingest_save")
            if save is None or save.disabled:
                stats.errors.append(f"ingest: save not offered to {user}")
                continue
            session.trigger(save)
            seconds, run = await session.rerun("ingest")
            session.untrigger()
            if not _check(run, stats, "propose"):
                continue
            done = [body for fmt, body in run.alerts if "Proposed" in body]
            if done and (found := re.search(r"proposal (\d+)", done[0])):
                stats.latency["propose"].append(seconds)
                stats.proposed.append((user, int(found.group(1))))
            else:
                stats.errors.append(f"propose: {run.alerts}")


async def reviewer(port: int, user: str, index: int, deadline: float, stats: Stats) -> None:
    async with Session(port, user) as session:
        while time.monotonic() < deadline:
            session.states.clear()
            seconds, run = await session.rerun("review")
            if not _check(run, stats, "review"):
                continue
            stats.latency["read review"].append(seconds)
            chooser = _key(run.widgets, "review_proposal")
            if chooser is None:
                await asyncio.sleep(0.5)  # nothing waiting yet
                continue
            options = list(chooser.options)
            session.set(chooser, string_value=options[index % len(options)])  # reviewers spread over the queue
            _, run = await session.rerun("review")
            approve = _key(run.widgets, "review_approve")
            if approve is None or approve.disabled:
                continue
            session.trigger(approve)
            seconds, run = await session.rerun("review")
            session.untrigger()
            if not _check(run, stats, "approve"):
                continue
            done = [body for fmt, body in run.alerts if "Approved proposal" in body]
            if done:
                stats.latency["approve"].append(seconds)
                stats.approved.append((user, int(re.search(r"proposal (\d+)", done[0]).group(1))))
            elif any("already approved" in body or "changed while" in body for _, body in run.alerts):
                stats.refused.append("approve: another reviewer was first")
            else:
                stats.errors.append(f"approve: {run.alerts}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(port: int) -> None:
    for _ in range(120):
        with contextlib.suppress(OSError):
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            return
        time.sleep(0.5)
    raise RuntimeError(f"the app server on port {port} did not start")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--reviewers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--store", help="a PostgreSQL server URL (a fresh database is made on it)")
    args = parser.parse_args()

    cluster = None
    server = args.store
    if not server:
        cluster = ROOT / ".postgres" / "bench"
        subprocess.run(["bash", str(ROOT / "scripts" / "postgres.sh"), "start", str(cluster)], check=True)
        server = subprocess.run(["bash", str(ROOT / "scripts" / "postgres.sh"), "url", str(cluster)], check=True,
                                capture_output=True, text=True).stdout.strip()
    database = f"footprint_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {database}")
    url = make_url(server).set(database=database).render_as_string(hide_password=False)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    store = Store(url)
    analysts = [f"analyst{n:02d}" for n in range(1, args.sessions - args.reviewers + 1)]
    reviewers = [f"reviewer{n:02d}" for n in range(1, args.reviewers + 1)]
    store.enable_team(admin="admin", who="admin")
    for name in analysts:
        store.set_role(name, "analyst", who="admin")
    for name in reviewers:
        store.set_role(name, "reviewer", who="admin")

    ports = [_free_port(), _free_port()]
    env = {**os.environ, "FOOTPRINT_STORE": url, "FOOTPRINT_AUTH_HEADER": HEADER}
    servers = [subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                                 "--server.address", "127.0.0.1", "--server.headless", "true"], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for port in ports]
    stats = Stats()
    try:
        for port in ports:
            _wait_healthy(port)

        async def everyone() -> None:
            # One warm-up run per server, so the first session does not pay for loading the dataset.
            for port in ports:
                async with Session(port, "admin") as session:
                    await session.rerun("map")
            deadline = time.monotonic() + args.seconds
            tasks = [analyst(ports[i % 2], name, deadline, stats) for i, name in enumerate(analysts)]
            tasks += [reviewer(ports[i % 2], name, i, deadline, stats) for i, name in enumerate(reviewers)]
            results = await asyncio.gather(*tasks, return_exceptions=True)
            stats.errors += [f"session failed: {r!r}" for r in results if isinstance(r, BaseException)]

        started = time.perf_counter()
        asyncio.run(everyone())
        elapsed = time.perf_counter() - started
    finally:
        for process in servers:
            process.terminate()
        for process in servers:
            process.wait(timeout=30)

    # Lost writes: an acknowledged proposal or approval that the store does not hold.
    held = {p.proposal_id: p for status in ("pending", "approved", "rejected") for p in store.proposals(status)}
    shared_events = set(store.merged().events["event_id"])
    lost = [f"proposal {i} by {who}" for who, i in stats.proposed if i not in held or held[i].author != who]
    for who, i in stats.approved:
        proposal = held.get(i)
        if proposal is None or proposal.status != "approved" or proposal.reviewer != who:
            lost.append(f"approval of {i} by {who}")
            continue
        lost += [f"event {row['event_id']} of proposal {i}" for row in proposal.batch.rows.get("events", [])
                 if row["event_id"] not in shared_events]

    print(f"team load: {args.sessions} sessions ({len(analysts)} analysts, {len(reviewers)} reviewers) for "
          f"{elapsed:.0f} s against 2 app servers on one PostgreSQL ({os.cpu_count()} CPUs)")
    print(f"{'action':>12} {'count':>6} {'min s':>7} {'p50 s':>7} {'p95 s':>7} {'max s':>7}")
    for action, values in stats.latency.items():
        print(f"{action:>12} {len(values):6d} {min(values):7.2f} {statistics.median(values):7.2f} "
              f"{_percentile(values, 0.95):7.2f} {max(values):7.2f}")
    print(f"proposals acknowledged {len(stats.proposed)}, approvals acknowledged {len(stats.approved)}, "
          f"explained refusals {len(stats.refused)}")
    print(f"errors {len(stats.errors)}" + "".join(f"\n  {e}" for e in stats.errors[:10]))
    print(f"lost writes {len(lost)}" + "".join(f"\n  {item}" for item in lost[:10]))
    store.close()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    if cluster is not None:
        subprocess.run(["bash", str(ROOT / "scripts" / "postgres.sh"), "stop", str(cluster)], check=False)


if __name__ == "__main__":
    main()
