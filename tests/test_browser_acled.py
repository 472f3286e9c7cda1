"""The ACLED layer in Debian's chromium: clustered at low zoom, single events with their fields when zoomed in."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect, sync_playwright

from benchmarks.acled_scale import write_synthetic_acled
from tests.conftest import DATA, ROOT

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    folder = tmp_path_factory.mktemp("acled")
    env = {**os.environ, "FOOTPRINT_DATA": str(DATA), "FOOTPRINT_WORKSPACE": str(folder / "ws" / "footprint.sqlite"),
           "FOOTPRINT_ACLED": str(write_synthetic_acled(folder / "synthetic.csv", 20_000))}
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
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
                raise RuntimeError(f"streamlit did not start: {(folder / 'server.log').read_text()}") from None
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=20)
    log.close()


def test_acled_layer_clusters_then_shows_each_event(server) -> None:
    assert Path(CHROMIUM).exists(), "Debian's chromium is required: apt-get install chromium"
    errors: list[str] = []
    outside: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1400, "height": 1000})

        def guard(route):
            host = urlparse(route.request.url).hostname or ""
            if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        tab = context.new_page()
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(f"{server}/?as_of=2024-05-15&region=sahel")
        frame = tab.frame_locator(MAP_FRAME)
        expect(frame.locator(".fp-site").first).to_be_attached(timeout=60_000)
        tab.get_by_text("ACLED events near the sites").click()
        expect(tab.get_by_text("Clustered until zoom 9")).to_be_visible(timeout=60_000)
        clusters = frame.locator(".marker-cluster")
        expect(clusters.first).to_be_visible(timeout=30_000)
        assert int(clusters.first.inner_text()) >= 2  # a cluster stands for several events
        # Zoom in through the clusters until single events are drawn, then open one.
        for _ in range(4):
            if frame.locator("path.fp-acled").count():
                break
            frame.locator(".marker-cluster").first.dispatch_event("click")
            tab.wait_for_timeout(1500)
        events = frame.locator("path.fp-acled")
        expect(events.first).to_be_attached(timeout=10_000)
        events.first.dispatch_event("click")
        popup = frame.locator(".leaflet-popup-content")
        expect(popup).to_contain_text("time_precision")
        expect(popup).to_contain_text("geo_precision")
        expect(popup).to_contain_text("Synthetic event for benchmarking only")
        browser.close()
    assert errors == [], errors
    assert outside == [], f"requests left localhost: {outside}"
