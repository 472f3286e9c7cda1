"""Shared fixtures: the tiny hand-made dataset and a way to break a copy of it."""

from __future__ import annotations

import contextlib
import csv
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"
DATA = ROOT / "data"


@pytest.fixture
def tiny_copy(tmp_path: Path) -> Path:
    """A writable copy of the tiny dataset."""
    target = tmp_path / "data"
    shutil.copytree(TINY, target)
    return target


def read_table(directory: Path, table: str) -> tuple[list[str], list[dict[str, str]]]:
    with (directory / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_table(directory: Path, table: str, header: list[str], rows: list[dict[str, str]]) -> None:
    with (directory / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def set_cell(directory: Path, table: str, row: int, column: str, value: str) -> None:
    """Set one cell; ``row`` counts data rows from 1, as validation messages do."""
    header, rows = read_table(directory, table)
    rows[row - 1][column] = value
    write_table(directory, table, header, rows)


@pytest.fixture(autouse=True)
def private_workspace(tmp_path_factory, monkeypatch):
    """Every test gets an empty workspace of its own, never the developer's."""
    monkeypatch.setenv("FOOTPRINT_WORKSPACE", str(tmp_path_factory.mktemp("workspace") / "footprint.sqlite"))
    monkeypatch.delenv("FOOTPRINT_STORE", raising=False)
    monkeypatch.delenv("FOOTPRINT_AUTH_HEADER", raising=False)


# --- the two store engines ------------------------------------------------------------------------------------------

POSTGRES_ENV = "FOOTPRINT_TEST_POSTGRES"
POSTGRES_SCRIPT = ROOT / "scripts" / "postgres.sh"
_TEMPLATE = "footprint_test_template"


@pytest.fixture(scope="session")
def postgres_server():
    """The URL of a PostgreSQL server with PostGIS: ``$FOOTPRINT_TEST_POSTGRES`` (``make test`` starts one),
    else a throwaway cluster this session starts under ``.postgres/`` and stops. Never skipped: a server
    that cannot be had fails the tests that need it."""
    import os
    import subprocess

    import psycopg

    url = os.environ.get(POSTGRES_ENV, "").strip()
    cluster = None
    if not url:
        cluster = ROOT / ".postgres" / f"pytest-{os.getpid()}"
        started = subprocess.run(["bash", str(POSTGRES_SCRIPT), "start", str(cluster)], capture_output=True, text=True)
        if started.returncode != 0:
            pytest.fail(f"no PostgreSQL server for the store tests: {started.stderr.strip()}", pytrace=False)
        url = subprocess.run(["bash", str(POSTGRES_SCRIPT), "url", str(cluster)], capture_output=True, text=True,
                             check=True).stdout.strip()
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            held = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (_TEMPLATE,)).fetchone()
            if held is None:
                conn.execute(f"CREATE DATABASE {_TEMPLATE}")
        with psycopg.connect(_with_database(url, _TEMPLATE), autocommit=True) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    except psycopg.Error as exc:
        pytest.fail(f"the PostgreSQL server at {url} is not usable for the store tests: {exc}", pytrace=False)
    yield url
    if cluster is not None:
        subprocess.run(["bash", str(POSTGRES_SCRIPT), "stop", str(cluster)], capture_output=True)
        import shutil

        shutil.rmtree(cluster, ignore_errors=True)


def _with_database(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def postgres_database(postgres_server):
    """A fresh PostGIS database for one test, dropped afterwards; its URL."""
    import uuid

    import psycopg

    name = f"footprint_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {_TEMPLATE}")
    yield _with_database(postgres_server, name)
    with psycopg.connect(postgres_server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A new, empty store's URL on each engine in turn."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store' / 'footprint.sqlite'}"
    return request.getfixturevalue("postgres_database")


@contextlib.contextmanager
def streamlit_server(env: dict[str, str], log_path: Path) -> Iterator[str]:
    """The app served on a free localhost port with ``env`` added to this environment; yields its URL.

    Started as ``make run`` starts it (``serve.py``, warm-up included). Logs to a file, not a pipe: an unread
    pipe fills up and stalls the server mid-test.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "serve.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"streamlit did not start: {log_path.read_text()}") from None
            time.sleep(0.2)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


# Requests to this machine, or with no network behind them, are the only ones a browser test lets through.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
LOCAL_SCHEMES = ("data:", "blob:", "file:", "about:")


def keep_local(context) -> list[str]:
    """Refuse every request of the Playwright ``context`` that would leave this machine; returns the list that
    the refused URLs are appended to (empty when the page worked offline)."""
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(LOCAL_SCHEMES) or (urllib.parse.urlparse(url).hostname or "") in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    return outside
