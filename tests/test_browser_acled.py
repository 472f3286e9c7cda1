"""The ACLED layer in Debian's chromium: clustered at low zoom, single events with their fields when zoomed in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from benchmarks.acled_scale import write_synthetic_acled
from tests.conftest import DATA, keep_local, streamlit_server

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("acled")
    env = {"FOOTPRINT_DATA": str(DATA), "FOOTPRINT_WORKSPACE": str(folder / "ws" / "footprint.sqlite"),
           "FOOTPRINT_ACLED": str(write_synthetic_acled(folder / "synthetic.csv", 20_000))}
    with streamlit_server(env, folder / "server.log") as url:
        yield url


def test_acled_layer_clusters_then_shows_each_event(server) -> None:
    assert Path(CHROMIUM).exists(), "Debian's chromium is required: apt-get install chromium"
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1400, "height": 1000})

        outside = keep_local(context)
        tab = context.new_page()
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.goto(f"{server}/?as_of=2024-05-15&region=sahel")
        frame = tab.frame_locator(MAP_FRAME)
        component = None
        for _ in range(600):  # the map's frame appears once the first run is drawn
            component = next((f for f in tab.frames if "streamlit_folium" in f.url), None)
            if component is not None:
                break
            tab.wait_for_timeout(100)
        assert component is not None, "the map never appeared"
        component.wait_for_function("() => window.footprint && footprint.drawnSites().length > 0", timeout=60_000)
        tab.get_by_text("ACLED events near the sites").click()
        expect(tab.get_by_text("Clustered until zoom 9")).to_be_visible(timeout=60_000)
        clusters = frame.locator(".marker-cluster")
        expect(clusters.first).to_be_visible(timeout=30_000)
        assert int(clusters.first.inner_text()) >= 2  # a cluster stands for several events
        # Zoom in through the clusters until single events are drawn, then open one.
        for _ in range(4):
            if frame.locator("path.fp-acled").count():
                break
            zoom = component.evaluate("() => window.map.getZoom()")
            frame.locator(".marker-cluster").first.dispatch_event("click")
            component.wait_for_function("(zoom) => window.map.getZoom() > zoom", arg=zoom, timeout=10_000)
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
