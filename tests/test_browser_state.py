"""In Debian's chromium: the filters a link sets hold on the way Map → Sources → Map through the page links,
and stay in the URL of each."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.conftest import ROOT
from tests.test_browser import server as server  # the fixture: a dashboard on the shipped data

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"


def test_filters_hold_from_map_to_sources_and_back(server):
    assert Path(CHROMIUM).exists(), "Debian's chromium is required: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        tab = browser.new_page(viewport={"width": 1440, "height": 1000})
        tab.goto(f"{server}/?as_of=2024-05-15&region=sahel&actor=USA,RUS")
        title = tab.get_by_text("Foreign military presence · 15 May 2024")
        expect(title).to_be_visible(timeout=90_000)
        counts = tab.get_by_text(" sending states, ").inner_text().strip()
        nav = tab.get_by_test_id("stSidebarNav")
        nav.get_by_text("Sources", exact=True).click()
        expect(tab.get_by_role("heading", name="Sources", exact=True)).to_be_visible(timeout=60_000)
        # A link copied on Sources carries the filters too.
        tab.wait_for_function("() => new URLSearchParams(location.search).get('actor') === 'USA,RUS'", timeout=30_000)
        nav.get_by_text("Map", exact=True).click()
        expect(title).to_be_visible(timeout=60_000)
        expect(tab.get_by_text(" sending states, ")).to_contain_text(counts)
        sidebar = tab.get_by_test_id("stSidebar")
        expect(sidebar.get_by_text("United States (USA)")).to_be_visible()
        expect(sidebar.get_by_text("Russia (RUS)")).to_be_visible()
        tab.wait_for_function("() => new URLSearchParams(location.search).get('actor') === 'USA,RUS'", timeout=30_000)
        query = parse_qs(urlparse(tab.url).query)
        assert query["as_of"] == ["2024-05-15"] and query["region"] == ["sahel"] and query["actor"] == ["USA,RUS"]
        ARTIFACTS.mkdir(exist_ok=True)
        tab.screenshot(path=str(ARTIFACTS / "map-after-sources.png"))
        browser.close()
