"""The app in Debian's chromium, headless, with every request outside localhost refused."""

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
from playwright.sync_api import Page, expect, sync_playwright

from footprint.dataset import load_dataset
from footprint.query import presence_at
from tests.conftest import DATA, ROOT

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "FOOTPRINT_DATA": os.environ.get("PROBE_DATA", str(DATA))}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
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
                raise RuntimeError(f"streamlit did not start: {process.stdout.read()}") from None
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture
def page() -> Iterator[tuple[Page, list[str]]]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is required: apt-get install chromium"
    outside: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})

        def guard(route):
            host = urlparse(route.request.url).hostname or ""
            if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        yield context.new_page(), outside
        browser.close()


def test_presence_page_in_a_real_browser(server, page):
    tab, outside = page
    tab.goto(server)
    expect(tab.get_by_role("heading", name="Foreign forces present on a date")).to_be_visible(timeout=30_000)

    dataset = load_dataset(os.environ.get("PROBE_DATA", DATA))
    day = "2024-05-15"
    expected = presence_at(dataset, day)
    # The date field is a react-aria segmented input: type into the year segment and it advances.
    tab.get_by_role("spinbutton", name="year, As of").click()
    tab.keyboard.type(day.replace("-", ""))
    tab.get_by_role("heading", name="Foreign forces present on a date").click()  # the widget commits on blur
    summary = f"{len(expected)} forces on 15 May 2024"
    expect(tab.get_by_text(summary)).to_be_visible(timeout=30_000)
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "presence-2024-05-15.png"), full_page=True)
    assert outside == [], f"requests left localhost: {outside}"
