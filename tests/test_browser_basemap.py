"""The local basemap in Debian's chromium, headless, offline: light outlines for the small scales, shared by every
map frame of a tab, and the detailed ones once a map is shown closer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from footprint.mapping import BASEMAP_FILE, DETAILED_BASEMAP_ZOOM, LIGHT_BASEMAP_FILE, PLACES_FILE
from footprint.style import HOST_SHADES
from tests.conftest import keep_local
from tests.test_browser import server as server  # the fixture: a dashboard on the shipped data

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BASEMAP_NAMES = {path.name for path in (BASEMAP_FILE, LIGHT_BASEMAP_FILE, PLACES_FILE)}
MAP_FRAME = "streamlit_folium"


def _countries(path: Path) -> int:
    return len(json.loads(path.read_text(encoding="utf-8"))["features"])


def _outlines(path: Path) -> list[int]:
    """[countries, points] of a basemap file."""
    def points(value) -> int:
        return 1 if isinstance(value[0], (int, float)) else sum(points(item) for item in value)

    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return [len(features), sum(points(geometry["coordinates"]) for feature in features
                               for geometry in feature["geometry"].get("geometries", [feature["geometry"]]))]


# [countries, points] of the outlines the map's basemap layer holds.
DRAWN_OUTLINES = """() => { let features = 0, points = 0;
  map.eachLayer((layer) => { const feature = layer.feature;
    if (!feature || !feature.properties || !feature.properties.iso3) { return; }
    const g = feature.geometry;
    features += 1;
    points += String(g.geometries ? g.geometries.map((part) => part.coordinates) : g.coordinates).split(',').length / 2;
  });
  return [features, points]; }"""


@pytest.fixture
def page() -> Iterator[tuple[Page, list[str], list[str]]]:
    """A tab, the requests that tried to leave localhost, and the basemap files it fetched (by name)."""
    assert Path(CHROMIUM).exists(), "Debian's chromium is required: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        outside = keep_local(context)
        fetched: list[str] = []
        context.on("request", lambda request: fetched.append(request.url.split("?")[0].rsplit("/", 1)[-1])
                   if request.url.split("?")[0].rsplit("/", 1)[-1] in BASEMAP_NAMES else None)
        yield context.new_page(), outside, fetched
        browser.close()


def _map_frames(tab: Page, count: int) -> list:
    """The map frames once ``count`` of them have drawn their countries and sites."""
    for _ in range(300):
        frames = [frame for frame in tab.frames if MAP_FRAME in frame.url]
        if len(frames) == count:
            for frame in frames:
                frame.wait_for_function("() => window.footprint && window.map && footprint.drawnSites().length > 0"
                                        " && document.querySelectorAll('path.fp-country').length > 0",
                                        timeout=30_000)
            return frames
        tab.wait_for_timeout(100)
    raise AssertionError(f"never {count} map frames")


def test_compare_maps_share_one_light_basemap(server, page):
    """Compare's two small maps draw the light outlines, fetched and parsed once for the tab, and so does
    the Map page the user switches to next: no basemap or place-name file is fetched again."""
    tab, outside, fetched = page
    tab.goto(f"{server}/compare?as_of=2024-05-15")
    expect(tab.get_by_role("heading", name="Compare two dates")).to_be_visible(timeout=30_000)
    countries = _countries(LIGHT_BASEMAP_FILE)
    for frame in _map_frames(tab, 2):
        assert frame.evaluate("() => map.getZoom()") < DETAILED_BASEMAP_ZOOM
        assert frame.evaluate("() => document.querySelectorAll('path.fp-country').length") == countries
    assert sorted(fetched) == sorted([LIGHT_BASEMAP_FILE.name, PLACES_FILE.name])
    tab.get_by_test_id("stSidebarNav").get_by_text("Map", exact=True).click()
    expect(tab.get_by_role("heading", name="Compare two dates")).to_have_count(0, timeout=30_000)
    (frame,) = _map_frames(tab, 1)
    assert frame.evaluate("() => document.querySelectorAll('path.fp-country').length") == countries
    assert sorted(fetched) == sorted([LIGHT_BASEMAP_FILE.name, PLACES_FILE.name])
    assert outside == [], f"requests left localhost: {outside}"


def test_zooming_in_swaps_in_the_detailed_basemap_and_keeps_the_shading(server, page):
    tab, outside, fetched = page
    tab.goto(f"{server}/?as_of=2024-05-15")
    (frame,) = _map_frames(tab, 1)
    tab.get_by_text("Shade host countries by number of foreign states").click()
    shaded = f"""() => [...document.querySelectorAll('path.fp-country')]
        .filter((p) => {json.dumps([shade.lower() for shade in HOST_SHADES])}.includes(
            (p.getAttribute('fill') || '').toLowerCase())).length"""
    frame.wait_for_function(f"() => ({shaded})() > 0", timeout=30_000)
    hosts = frame.evaluate(shaded)
    assert frame.evaluate(DRAWN_OUTLINES) == _outlines(LIGHT_BASEMAP_FILE)
    assert BASEMAP_FILE.name not in fetched
    frame.evaluate(f"() => map.setZoom({DETAILED_BASEMAP_ZOOM}, {{animate: false}})")
    detailed = json.dumps(_outlines(BASEMAP_FILE), separators=(",", ":"))
    frame.wait_for_function(f"() => JSON.stringify(({DRAWN_OUTLINES})()) === '{detailed}'", timeout=30_000)
    assert fetched.count(BASEMAP_FILE.name) == 1
    assert frame.evaluate(shaded) == hosts  # the same hosts shaded on the finer outlines
    frame.evaluate("() => map.setZoom(2, {animate: false})")  # and kept when zooming out again
    assert frame.evaluate(shaded) == hosts and fetched.count(BASEMAP_FILE.name) == 1
    assert outside == [], f"requests left localhost: {outside}"
