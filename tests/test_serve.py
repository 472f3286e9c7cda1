"""serve.py, the dashboard's entry point: Streamlit's own `run`, with the first page warmed up in the background."""

from __future__ import annotations

import subprocess
import sys
import urllib.request

import pytest

import serve
from tests.conftest import DATA, ROOT, TINY, set_cell, streamlit_server


def test_arguments_go_to_streamlit_run_unchanged(monkeypatch):
    from streamlit.web import cli

    seen, warmed = [], []
    monkeypatch.setattr(cli, "main", lambda: seen.append(list(sys.argv)) or 0)
    monkeypatch.setattr(serve, "warm_up", lambda: warmed.append(True))
    monkeypatch.setattr(sys, "argv", ["serve.py"])
    flags = ["--server.address", "10.0.0.5", "--server.port", "8080", "--client.showErrorDetails=full"]
    with pytest.raises(SystemExit) as stopped:
        serve.main(flags)
    assert stopped.value.code == 0
    assert seen == [["streamlit", "run", str(ROOT / "app.py"), *flags]]
    assert warmed == [True]


def test_the_warm_up_covers_the_first_page_without_loading_a_streamlit_component():
    names = serve.first_page_modules()
    # What the map page imports itself and through its helpers in pages/ (pages._state brings the mapping).
    assert {"footprint.mapping", "footprint.view", "footprint.store", "pandas", "branca.element"} <= set(names)
    assert not [name for name in names if name.split(".")[0] in ("streamlit", "streamlit_folium", "pages")]
    # A component module imported outside a script run is never registered, and its frame never loads.
    code = ("import importlib, sys, serve\nfor name in serve.first_page_modules():\n    importlib.import_module(name)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'streamlit_folium')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def _health(url: str) -> int:
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
        return response.status


def _wait_for_log(log_path, text: str, timeout_s: float = 120) -> str:
    import time

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        log = log_path.read_text()
        if text in log:
            return log
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never reached the server's log:\n{log_path.read_text()}")


def test_a_server_started_by_serve_warms_up_and_answers(tmp_path):
    log_path = tmp_path / "server.log"
    env = {"FOOTPRINT_DATA": str(DATA), "FOOTPRINT_WORKSPACE": str(tmp_path / "footprint.sqlite")}
    with streamlit_server(env, log_path) as url:
        assert _health(url) == 200
        log = _wait_for_log(log_path, "warmed up in")
        assert _health(url) == 200
    assert "warm-up failed" not in log and "Traceback" not in log


def test_a_failed_warm_up_is_logged_and_the_server_runs_on(tmp_path):
    broken = tmp_path / "data"
    import shutil

    shutil.copytree(TINY, broken)
    set_cell(broken, "sites", 1, "lat", "north")
    log_path = tmp_path / "server.log"
    env = {"FOOTPRINT_DATA": str(broken), "FOOTPRINT_WORKSPACE": str(tmp_path / "footprint.sqlite")}
    with streamlit_server(env, log_path) as url:
        log = _wait_for_log(log_path, "warm-up failed")
        assert "sites.csv" in log  # the data error itself, naming its file
        assert _health(url) == 200
