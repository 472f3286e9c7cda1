"""The map's key, marks of doubt and per-row sources as a user sees them, in Debian's chromium (headless, every
request outside localhost refused): an exported HTML map opened from disk, and the app in Streamlit's dark theme."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from footprint.dataset import load_dataset
from footprint.view import View
from tests.conftest import DATA, streamlit_server
from tests.test_browser import MAP_FRAME, _drawn, _save
from tests.test_browser import page as page  # the fixture: chromium with the outside world refused

pytestmark = pytest.mark.browser

# Every symbol on the map other than a state's colour, as the legend names it.
SYMBOLS = ("Known personnel", "no figure", "10,000", "Confidence", "high", "medium", "low",
           "Dates known only to the month or year", "Approximate location", "Event")

# WCAG contrast of an element's text on the background it sits on (the first opaque-enough one up the tree,
# blended over white); colours as getComputedStyle gives them.
CONTRAST = """(element) => {
  const rgba = (text) => { const v = text.match(/[\\d.]+/g).map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
  const lum = (c) => { const f = (x) => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); };
                       return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  let node = element, back = null;
  while (node && node.nodeType === 1) {
    const c = rgba(getComputedStyle(node).backgroundColor);
    if (c[3] > 0.5) { back = c.slice(0, 3).map((x) => x * c[3] + 255 * (1 - c[3])); break; }
    node = node.parentElement;
  }
  back = back || [255, 255, 255];
  const ink = rgba(getComputedStyle(element).color);
  const a = lum(ink), b = lum(back);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


def test_exported_map_explains_every_symbol_and_cites_sources_per_row(page, tmp_path):
    from footprint.cli import main

    tab, outside = page
    exported = tmp_path / "sahel.html"
    assert main(["snapshot", "--as-of", "2024-05-15", "--region", "sahel", "-o", str(exported)]) == 0
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(exported.as_uri())
    tab.wait_for_function("() => window.footprint && footprint.drawnSites().length > 0", timeout=20_000)

    heading = tab.locator("header.fp-heading")
    expect(heading).to_be_visible()
    expect(heading).to_contain_text("15 May 2024")
    expect(heading).to_contain_text("Sahel")
    box = heading.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + box["height"] <= tab.locator(".leaflet-container").bounding_box()["y"] + 1

    legend = tab.locator(".fp-legend")
    for words in SYMBOLS:
        expect(legend).to_contain_text(words)
    # Each symbol drawn by the map's own code: four sizes, three confidences, dates, ring, event.
    assert legend.locator("canvas.fp-swatch").count() == 10
    expect(tab.locator(".leaflet-control-layers")).to_contain_text("needs a network")

    # The popup ties each source to its force row.
    dataset = load_dataset(DATA)
    presence = View(as_of=dt.date(2024, 5, 15), region="sahel").presence(dataset)
    rows = presence[presence["site_id"] == "ner-air-base-101"]
    x, y = tab.evaluate(
        """(id) => { const name = Object.keys(window).find((k) => k.startsWith('map_') && window[k] && window[k].getContainer);
                     const map = window[name], site = footprint.drawnSites().find((s) => s[0] === id);
                     const point = map.latLngToContainerPoint([site[1], site[2]]);
                     const frame = map.getContainer().getBoundingClientRect();
                     return [point.x + frame.left, point.y + frame.top]; }""", "ner-air-base-101")
    tab.mouse.move(x, y)
    tab.mouse.click(x, y)
    popup = tab.locator(".fp-popup")
    expect(popup).to_contain_text("Air Base 101")
    assert popup.locator("tr.fp-force").count() == len(rows)
    cites = popup.locator("tr.fp-cites")
    assert cites.count() == len(rows)
    for k, (_, row) in enumerate(rows.iterrows()):
        assert cites.nth(k).locator("li").count() == len(row["source_ids"])
    _save(tab, "exported-sahel-popup.png")
    assert errors == [] and outside == [], (errors, outside)


@pytest.fixture(scope="module")
def dark_server(tmp_path_factory) -> Iterator[str]:
    env = {"FOOTPRINT_DATA": str(DATA), "STREAMLIT_THEME_BASE": "dark",
           "FOOTPRINT_WORKSPACE": str(tmp_path_factory.mktemp("workspace") / "footprint.sqlite")}
    with streamlit_server(env, tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


def test_map_legend_reads_in_the_dark_theme(dark_server, page: tuple[Page, list[str]]):
    tab, outside = page
    tab.goto(f"{dark_server}/?as_of=2024-05-15&region=sahel")
    # The map's stylesheet is inserted with the map; the key stays hidden until it applies (see
    # test_map_key_never_shows_unstyled): read it once its own background has come.
    _drawn(tab).wait_for_function("() => { const key = document.querySelector('.fp-legend');"
                                  " return key && getComputedStyle(key).backgroundColor !== 'rgba(0, 0, 0, 0)'; }",
                                  timeout=30_000)
    page_back = tab.evaluate("() => getComputedStyle(document.querySelector('.stApp')).backgroundColor")
    assert sum(int(v) for v in re.findall(r"\d+", page_back)[:3]) < 150, page_back  # the theme is dark
    frame = tab.frame_locator(MAP_FRAME)
    legend = frame.locator(".fp-legend")
    expect(legend).to_contain_text("Russia")
    assert legend.evaluate(CONTRAST) >= 4.5 and legend.locator("b").first.evaluate(CONTRAST) >= 4.5
    expect(legend).to_contain_text("Approximate location")
    for part in (legend.locator(".fp-key-label").first, legend.locator(".fp-key-caption").first):
        assert part.evaluate(CONTRAST) >= 4.5
    frame.locator(".leaflet-control-layers").hover()
    names = frame.locator(".leaflet-control-layers-base label")
    expect(names.first).to_be_visible()
    assert names.first.evaluate(CONTRAST) >= 4.5
    _save(tab, "map-sahel-dark.png")
    assert outside == [], outside


def test_map_key_never_shows_unstyled(dark_server, page: tuple[Page, list[str]]):
    """The map's stylesheet comes with the map, after its script may have drawn the key: until the styles apply
    the key stays hidden (unstyled, the dark theme's light text stood on the light map), then shows, readable."""
    tab, outside = page
    held: list = []
    tab.context.route("**/footprint-map.css*", lambda route: held.append(route))  # held back until the key is drawn
    tab.goto(f"{dark_server}/?as_of=2024-05-15&region=sahel")
    component = _drawn(tab)
    component.wait_for_function("() => document.querySelector('.fp-legend') !== null", timeout=30_000)
    assert held, "the map's stylesheet was never asked for"
    assert component.evaluate("() => getComputedStyle(document.querySelector('.fp-legend')).visibility") == "hidden"
    for route in held:
        route.fallback()
    component.wait_for_function("() => getComputedStyle(document.querySelector('.fp-legend')).visibility === 'visible'",
                                timeout=30_000)
    legend = tab.frame_locator(MAP_FRAME).locator(".fp-legend")
    expect(legend).to_be_visible()
    assert legend.evaluate(CONTRAST) >= 4.5 and legend.locator("b").first.evaluate(CONTRAST) >= 4.5
    assert outside == [], outside


# Where each site drawn on the map in this frame lies: [id, inside the map, under the key].
SITES_AND_KEY = """() => { const m = window.map, size = m.getSize(), key = document.querySelector('.fp-legend');
  const k = key.getBoundingClientRect(), c = m.getContainer().getBoundingClientRect();
  return footprint.drawnSites().map(([id, lat, lon, r]) => { const p = m.latLngToContainerPoint([lat, lon]);
    const x = p.x + c.left, y = p.y + c.top;
    return [id, p.x - r >= 0 && p.y - r >= 0 && p.x + r <= size.x && p.y + r <= size.y,
            x + r > k.left && x - r < k.right && y + r > k.top && y - r < k.bottom]; }); }"""

# True once the map's size, view and key have not changed for 1.5 s.
STILL = """() => { const m = window.map, size = m.getSize(), c = m.getCenter(), key = document.querySelector('.fp-legend');
  const now = [size.x, size.y, c.lat, c.lng, m.getZoom(), key ? key.offsetWidth : 0, key ? key.offsetHeight : 0].join();
  if (!window.stillSince || window.stillSince[0] !== now) { window.stillSince = [now, Date.now()]; return false; }
  return Date.now() - window.stillSince[1] > 1500; }"""

# Every line of the key, opened and scrolled to in turn, lies inside the map and is the topmost thing there.
KEY_LINES_CUT = """() => { const key = document.querySelector('.fp-legend');
  key.querySelectorAll('details').forEach((d) => { d.open = true; });
  const map = window.map.getContainer().getBoundingClientRect(), cut = [];
  key.querySelectorAll('.fp-legend-state, .fp-legend > div:not([class]), .fp-key-line').forEach((line) => {
    line.scrollIntoView({ block: 'nearest' });
    const r = line.getBoundingClientRect(), top = document.elementFromPoint(r.left + 4, (r.top + r.bottom) / 2);
    if (r.top < map.top || r.bottom > map.bottom || r.left < map.left || r.right > map.right || !key.contains(top)) {
      cut.push(line.textContent);
    }
  });
  return cut; }"""


def test_compare_maps_at_800_px_show_every_site_clear_of_a_whole_key(dark_server, page: tuple[Page, list[str]]):
    """On a narrow window each of Compare's maps shows every site present on its date inside the map and clear
    of the key, and every line of the key (states and symbols) can be opened and read, cut by nothing."""
    tab, outside = page
    tab.set_viewport_size({"width": 800, "height": 1000})
    dates = {"before": dt.date(2022, 5, 15), "after": dt.date(2024, 5, 15)}
    tab.goto(f"{dark_server}/compare?as_of={dates['after']}&before={dates['before']}&region=sahel")
    dataset = load_dataset(DATA)
    present = {name: set(View(as_of=day, region="sahel").presence(dataset)["site_id"]) for name, day in dates.items()}
    maps = tab.locator(MAP_FRAME)
    expect(maps).to_have_count(2, timeout=30_000)
    frames = [maps.nth(k).element_handle().content_frame() for k in range(2)]  # in the page's order: before, after
    for name, frame in zip(("before", "after"), frames, strict=True):
        frame.wait_for_function(f"() => window.footprint && window.map && footprint.drawnSites().length >= "
                                f"{len(present[name])}", timeout=30_000)
        frame.wait_for_function(STILL, timeout=20_000)  # framed again once its column took its final width
        sites = frame.evaluate(SITES_AND_KEY)
        assert {site[0] for site in sites} == present[name]
        assert [site[0] for site in sites if not site[1]] == [], f"{name}: sites outside the map"
        assert [site[0] for site in sites if site[2]] == [], f"{name}: sites under the key"
        assert frame.evaluate(KEY_LINES_CUT) == [], f"{name}: lines of the key cut"
    _save(tab, "compare-sahel-800-dark.png")
    assert outside == [], outside


def test_world_map_at_800_px_keeps_its_key_off_the_sites(dark_server, page: tuple[Page, list[str]]):
    """The world view is a centre and a zoom, which cannot frame the sites clear of the key: on a narrow
    window the key starts shut when, open, it would cover a site, and every site drawn stays visible."""
    tab, outside = page
    tab.set_viewport_size({"width": 800, "height": 1000})
    tab.goto(f"{dark_server}/")
    dataset = load_dataset(DATA)
    present = set(View(as_of=dataset.as_of).presence(dataset)["site_id"])
    frame = tab.locator(MAP_FRAME).first.element_handle().content_frame()
    frame.wait_for_function(f"() => window.footprint && window.map && footprint.drawnSites().length >= {len(present)}",
                            timeout=30_000)
    frame.wait_for_function(STILL, timeout=20_000)
    sites = frame.evaluate(SITES_AND_KEY)
    assert {site[0] for site in sites} == present
    assert [site[0] for site in sites if site[2]] == [], "sites under the key"
    assert frame.evaluate(KEY_LINES_CUT) == [], "lines of the key cut once opened"
    assert outside == [], outside
