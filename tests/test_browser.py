"""The app in Debian's chromium, headless, with every request outside localhost refused."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from footprint.dataset import load_dataset
from footprint.query import presence_at
from footprint.view import view_from_params
from footprint.words import plural
from tests.conftest import DATA, ROOT, keep_local, streamlit_server

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    env = {"FOOTPRINT_DATA": str(DATA),
           "FOOTPRINT_WORKSPACE": str(tmp_path_factory.mktemp("workspace") / "footprint.sqlite")}
    with streamlit_server(env, tmp_path_factory.mktemp("streamlit") / "server.log") as url:
        yield url


@pytest.fixture
def page() -> Iterator[tuple[Page, list[str]]]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is required: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})

        outside = keep_local(context)
        yield context.new_page(), outside
        browser.close()


def _save(tab: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_presence_table_follows_the_date_typed_in(server, page):
    tab, outside = page
    # A deep link as the server's first request: app.py must still route it (titled pages, wide layout).
    tab.goto(f"{server}/presence")
    expect(tab.get_by_role("heading", name="Foreign forces present")).to_be_visible(timeout=30_000)
    expect(tab.get_by_test_id("stSidebarNav")).to_contain_text("Presence table")
    expect(tab.get_by_test_id("stSidebarNav")).not_to_contain_text("common")
    expected = presence_at(load_dataset(DATA), "2024-05-15")
    # The date field is a react-aria segmented input: type into the year segment and it advances.
    tab.get_by_role("spinbutton", name="year, As of").click()
    tab.keyboard.type("20240515")
    tab.get_by_role("heading", name="Foreign forces present").click()  # the widget commits on blur
    expect(tab.get_by_text(f"{len(expected)} forces on 15 May 2024")).to_be_visible(timeout=30_000)
    _save(tab, "presence-2024-05-15.png")
    assert outside == [], f"requests left localhost: {outside}"


MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def test_map_works_offline_and_opens_a_site_story(server, page):
    tab, outside = page
    params = {"as_of": "2024-05-15", "country": "NER"}
    tab.goto(f"{server}/?as_of={params['as_of']}&country={params['country']}")
    frame = tab.frame_locator(MAP_FRAME)
    expected = view_from_params(params, load_dataset(DATA)).presence(load_dataset(DATA))
    component = _drawn(tab, expected["site_id"].nunique())
    assert [site[0] for site in component.evaluate("() => footprint.drawnSites()")] == list(
        dict.fromkeys(expected["site_id"]))
    # The local basemap, fetched from the app itself, drew its countries as SVG paths.
    expect(frame.locator("path.fp-country").nth(150)).to_be_attached(timeout=30_000)
    expect(frame.locator(".fp-legend")).to_contain_text("Russia")
    # The markers are drawn on one canvas, not as a DOM element each.
    assert frame.locator(".leaflet-fp-markers-pane canvas").count() == 1
    assert frame.locator(".leaflet-marker-icon").count() == 0

    _click_site(tab, "ner-air-base-101")
    popup = frame.locator(".fp-popup")
    expect(popup).to_contain_text("Air Base 101")
    expect(popup).to_contain_text("Africa Corps")
    expect(popup).to_contain_text("(major outlet, from Reuters)")  # each source with its kind and agency
    expect(tab.get_by_role("heading", name="Air Base 101 (Niamey)")).to_be_visible(timeout=30_000)
    _save(tab, "map-niger-2024-05-15.png")
    # The URL now carries the site and the map view, so the link reproduces what is on screen.
    tab.wait_for_function(
        "() => { const p = new URL(location.href).searchParams;"
        " return p.get('site') === 'ner-air-base-101' && p.has('zoom') && p.has('lat'); }"
    )
    assert "as_of=2024-05-15" in tab.url
    assert outside == [], f"requests left localhost: {outside}"


def _quiet(tab: Page, sent: list) -> int:
    """How many messages the browser has sent once it has sent none for two seconds. A rerun request
    follows streamlit-folium's debounce, so only waiting past it shows that none is coming."""
    count, still = len(sent), 0
    while still < 20:
        tab.wait_for_timeout(100)
        still = still + 1 if len(sent) == count else 0
        count = len(sent)
    return count


def _click(target) -> None:
    """Click once the target has stopped moving: the app scrolls smoothly, and a click on a moving button
    can land beside it."""
    target.scroll_into_view_if_needed()
    last = None
    for _ in range(50):
        box = target.bounding_box()
        if box == last:
            break
        last = box
        target.page.wait_for_timeout(100)
    target.click()


def _pick(tab: Page, selectbox, option: str) -> None:
    """Choose an option of a selectbox. A click while a tab or expander is still fading in can leave the
    list closed, and a rerun still under way (the map reporting its view) can redraw the list under the
    pointer, so opening and choosing are repeated until the choice shows."""
    for _ in range(5):
        _click(selectbox)
        try:
            tab.get_by_role("option", name=option).click(timeout=5_000)
            expect(selectbox.get_by_role("combobox")).to_have_value(option, timeout=5_000)
            return
        except (AssertionError, PlaywrightTimeoutError):
            tab.keyboard.press("Escape")
    expect(selectbox.get_by_role("combobox")).to_have_value(option)


def _map_component(tab: Page):
    for _ in range(300):
        component = next((f for f in tab.frames if "streamlit_folium" in f.url), None)
        if component is not None:
            return component
        tab.wait_for_timeout(100)
    raise AssertionError("the map component never appeared")


def _drawn(tab: Page, at_least: int = 1):
    """The map's frame once its canvas layer holds at least ``at_least`` sites."""
    component = _map_component(tab)
    component.wait_for_function(
        f"() => window.footprint && window.map && footprint.drawnSites().length >= {at_least}", timeout=30_000)
    return component


def _click_site(tab: Page, site_id: str) -> None:
    """Hover, then click a site's marker on the canvas where it is drawn, as a user would."""
    component = _drawn(tab)
    x, y = component.evaluate(
        """(id) => { const site = footprint.drawnSites().find((s) => s[0] === id);
                     const point = window.map.latLngToContainerPoint([site[1], site[2]]);
                     return [point.x, point.y]; }""",
        site_id,
    )
    container = tab.frame_locator(MAP_FRAME).locator(".leaflet-container").first
    container.hover(position={"x": x, "y": y})
    container.click(position={"x": x, "y": y})


def _open_site(tab: Page, site_id: str) -> None:
    """Open a site's popup as a user would: Escape folds any fanned-out sites back and closes the popup, a
    click on the site opens it or, where sites share its spot, fans them out, and then a click on it opens it."""
    frame = tab.frame_locator(MAP_FRAME)
    frame.locator(".leaflet-container").first.press("Escape")
    expect(frame.locator(".fp-popup")).to_have_count(0)
    _click_site(tab, site_id)
    if not frame.locator(".fp-popup").count():
        _click_site(tab, site_id)


def test_every_site_at_djibouti_can_be_reached(server, page):
    """Sites at one point (Camp Lemonnier, Italy's and Japan's bases; the French and Chinese bases) fan out
    on a click, and each then opens its popup and its story: as many as the count under the title says."""
    tab, outside = page
    params = {"as_of": "2024-05-15", "country": "DJI"}
    data = load_dataset(DATA)
    present = view_from_params(params, data).presence(data)
    site_ids = list(dict.fromkeys(present["site_id"]))
    places = data.sites.loc[site_ids, ["lat", "lon"]]
    assert places.duplicated().any(), "no two present sites share a point: this test would prove nothing"
    tab.goto(f"{server}/?as_of={params['as_of']}&country={params['country']}")
    expect(tab.get_by_text(plural(len(site_ids), "site"), exact=True)).to_be_visible(timeout=30_000)
    component = _drawn(tab, len(site_ids))
    component.evaluate("() => window.map.setView([11.56, 43.13], 9, { animate: false })")
    frame = tab.frame_locator(MAP_FRAME)
    reached = []
    for site_id in site_ids:
        name = data.sites.at[site_id, "name"]
        _open_site(tab, site_id)
        expect(frame.locator(".fp-popup h4")).to_have_text(name)  # its own popup, not another site's
        expect(tab.get_by_role("heading", name=name, exact=True)).to_be_visible(timeout=30_000)
        reached.append(site_id)
        if len(reached) == 1:
            _save(tab, "map-djibouti-fanned.png")
    assert sorted(reached) == sorted(site_ids)
    assert outside == [], f"requests left localhost: {outside}"


def _layers_received(component) -> str:
    """The layers script the map component last ran (streamlit-folium keeps it)."""
    return component.evaluate("() => window.__GLOBAL_DATA__.last_feature_group")


def _step_to(tab: Page, component, day: dt.date, data) -> str:
    """Step the date one month forward to ``day``; the layers script it brought, once drawn."""
    before = _layers_received(component)
    _click(tab.get_by_role("button", name="▶"))
    expect(tab.get_by_text(f"Foreign military presence · {day.day} {day:%B %Y}")).to_be_visible(timeout=30_000)
    present = view_from_params({"as_of": day.isoformat(), "country": "NER"}, data).presence(data)
    component.wait_for_function(
        """([before, ids]) => window.__GLOBAL_DATA__.last_feature_group !== before &&
             JSON.stringify(footprint.drawnSites().map((s) => s[0])) === JSON.stringify(ids)""",
        arg=[before, list(dict.fromkeys(present["site_id"]))], timeout=30_000)
    return _layers_received(component)


def _popup_lists_sources(tab: Page, data, day: dt.date) -> None:
    """A present site's popup lists, under its first force row, that row's first source."""
    present = view_from_params({"as_of": day.isoformat(), "country": "NER"}, data).presence(data)
    site_id = present["site_id"].iloc[0]
    cited = present[present["site_id"] == site_id]["source_ids"].iloc[0][0]
    _open_site(tab, site_id)
    popup = tab.frame_locator(MAP_FRAME).locator(".fp-popup")
    expect(popup.locator("h4")).to_have_text(data.sites.at[site_id, "name"])
    expect(popup.locator(".fp-cites").first).to_contain_text(data.sources.at[cited, "outlet"])


def test_date_steps_send_the_sources_once_and_popups_still_list_them(server, page):
    """The map gets the sources and actors once per data version: a date step brings the sites, forces and
    events alone, and each force row of a popup still lists its sources. A map that has lost them asks for
    them and gets them again; a map built anew on a return to the page finds them in the page."""
    from tests.hostile import script_arguments

    tab, outside = page
    data = load_dataset(DATA)
    tab.goto(f"{server}/?as_of=2024-04-15&country=NER")
    component = _drawn(tab)
    (tables,) = script_arguments(_layers_received(component), "tables")

    step = _step_to(tab, component, dt.date(2024, 5, 15), data)
    assert script_arguments(step, "tables") == []
    (state,) = script_arguments(step, "layers")
    assert state["tables"] == tables["version"] and set(state["payload"]) == {"sites", "forces", "events"}
    _click_site(tab, "ner-air-base-101")
    popup = tab.frame_locator(MAP_FRAME).locator(".fp-popup")
    expect(popup).to_contain_text("Africa Corps")
    expect(popup).to_contain_text("(major outlet, from Reuters)")  # a source of a force row, from the tables
    _popup_lists_sources(tab, data, dt.date(2024, 5, 15))

    # The map forgets them: the next step asks, and the app sends them with it.
    component.evaluate("() => footprint.tables({ version: 'forgotten', sources: [], actors: {}, marks: {} })")
    _step_to(tab, component, dt.date(2024, 6, 15), data)
    component.wait_for_function("() => window.__GLOBAL_DATA__.last_feature_group.startsWith('footprint.tables(')",
                                timeout=30_000)
    step = _layers_received(component)
    assert [t["version"] for t in script_arguments(step, "tables")] == [tables["version"]]
    assert component.evaluate("() => window.map._footprint.waiting") is None  # drawn with them
    _popup_lists_sources(tab, data, dt.date(2024, 6, 15))

    # Another page and back: a new map, which finds them in the page around it, unsent and unasked.
    assert script_arguments(_step_to(tab, component, dt.date(2024, 7, 15), data), "tables") == []
    tab.get_by_test_id("stSidebarNav").get_by_text("Sources", exact=True).click()
    expect(tab.get_by_role("heading", name="Sources", exact=True)).to_be_visible(timeout=60_000)
    tab.get_by_test_id("stSidebarNav").get_by_text("Map", exact=True).click()
    expect(tab.get_by_text("Foreign military presence · 15 July 2024")).to_be_visible(timeout=60_000)
    component = _drawn(tab)
    assert script_arguments(_layers_received(component), "tables") == []
    assert component.evaluate("() => window.map._footprint.asks || 0") == 0
    _popup_lists_sources(tab, data, dt.date(2024, 7, 15))
    assert outside == [], f"requests left localhost: {outside}"


def test_map_names_countries_towns_and_sites_offline(server, page):
    """Labels from the shipped data, with no network: readable (none over another or over a mark)."""
    tab, outside = page
    params = {"as_of": "2024-05-15", "region": "sahel"}
    data = load_dataset(DATA)
    names = set(data.sites.loc[view_from_params(params, data).presence(data)["site_id"], "name"])
    tab.goto(f"{server}/?as_of=2024-05-15&region=sahel&lat=14.5&lon=3.0&zoom=6")
    component = _drawn(tab)
    component.wait_for_function("() => window.map.getZoom() === 6 && footprint.placedLabels().some("
                                "(l) => l.kind === 'capital')", timeout=30_000)
    labels = component.evaluate("() => footprint.placedLabels()")
    by_kind: dict[str, set[str]] = {}
    for label in labels:
        by_kind.setdefault(label["kind"], set()).add(label["text"])
    assert {"NIGER", "MALI"} <= by_kind["country"] and len(by_kind["country"]) >= 4, by_kind
    assert {"Niamey", "Ouagadougou"} <= by_kind["capital"], by_kind
    assert "Bobo-Dioulasso" in by_kind["town"] and len(by_kind["town"]) >= 5, by_kind
    sites = by_kind["site"]
    assert sites and all(text.rsplit(" +", 1)[0] in names for text in sites), (sites, names)
    boxes = [label["box"] for label in labels]
    for k, one in enumerate(boxes):
        for other in boxes[k + 1:]:
            assert not (one[0] < other[2] and other[0] < one[2] and one[1] < other[3] and other[1] < one[3]), (
                labels[k], other)
    # No name covers a site's mark, its own included (layer pixels, as the boxes).
    marks = component.evaluate("""() => footprint.drawnSites().map((s) => {
        const p = window.map.latLngToLayerPoint([s[1], s[2]]); return [p.x, p.y, s[3]]; })""")
    for label in labels:
        x0, y0, x1, y1 = label["box"]
        for x, y, r in marks:
            assert not (x0 < x + r and x - r < x1 and y0 < y + r and y - r < y1), (label, (x, y, r))
    _save(tab, "map-labels-sahel.png")
    assert outside == [], f"requests left localhost: {outside}"


def _find_by_keyboard(tab: Page, search, typed: str, name: str) -> None:
    """Type into the site search, move down the matches with the arrow keys to ``name``'s, press Enter."""
    search.focus()
    tab.keyboard.type(typed)
    options = tab.get_by_role("option")
    expect(options.first).to_be_visible(timeout=10_000)
    for _ in range(options.count()):
        if tab.locator("[role=option][data-focused=true]").inner_text().startswith(f"{name} · "):
            break
        tab.keyboard.press("ArrowDown")
    tab.keyboard.press("Enter")


def test_site_search_by_keyboard_opens_the_story_and_frames_the_site(server, page):
    tab, outside = page
    data = load_dataset(DATA)
    site = data.sites.loc["ner-air-base-101"]
    tab.goto(f"{server}/?as_of=2024-05-15")
    component = _drawn(tab)
    search = tab.get_by_role("combobox", name="Find a site")
    expect(search).to_be_visible(timeout=30_000)
    _find_by_keyboard(tab, search, "Air Base 101", site["name"])
    expect(tab.get_by_role("heading", name=site["name"], exact=True)).to_be_visible(timeout=30_000)
    component.wait_for_function(
        "([lat, lon]) => window.map.getZoom() >= 9 && window.map.getBounds().contains([lat, lon])",
        arg=[float(site["lat"]), float(site["lon"])], timeout=30_000)
    expect(tab.frame_locator(MAP_FRAME).locator(".fp-popup h4")).to_have_text(site["name"])
    _save(tab, "map-search-air-base-101.png")
    # An alias finds its site too, and a click on the map still opens another site's story afterwards.
    _find_by_keyboard(tab, search, "Camp Lemonier", "Camp Lemonnier")
    expect(tab.get_by_role("heading", name="Camp Lemonnier", exact=True)).to_be_visible(timeout=30_000)
    assert outside == [], f"requests left localhost: {outside}"


def test_shared_link_reproduces_the_view(server, page):
    tab, outside = page
    tab.goto(f"{server}/?as_of=2022-01-01&actor=FRA&lat=16.2000&lon=-0.5000&zoom=6")
    frame = tab.frame_locator(MAP_FRAME)
    component = _drawn(tab)
    component.wait_for_function("() => window.map && window.map.getZoom() === 6")
    center = component.evaluate("() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")
    assert abs(center[0] - 16.2) < 0.01 and abs(center[1] + 0.5) < 0.01
    expect(frame.locator(".fp-legend")).to_contain_text("France")
    assert outside == [], f"requests left localhost: {outside}"


@pytest.mark.parametrize("width", [800, 1440])
def test_region_preset_shows_every_present_site_and_whole_popups(server, page, width):
    """The Sahel preset frames every present site inside the map at the window's real width, the sidebar
    narrows on a narrow window, and a site's popup (the westmost, Dakar, then the eastmost) fits on screen."""
    tab, outside = page
    tab.set_viewport_size({"width": width, "height": 900})
    params = {"as_of": "2024-05-15", "region": "sahel"}
    data = load_dataset(DATA)
    present = data.sites.loc[view_from_params(params, data).presence(data)["site_id"].unique()]
    tab.goto(f"{server}/?as_of={params['as_of']}&region={params['region']}")
    component = _drawn(tab, len(present))
    expect(tab.get_by_text(f"{len(present)} sites")).to_be_visible(timeout=30_000)
    assert tab.get_by_test_id("stSidebar").bounding_box()["width"] <= (280 if width < 1024 else 320)
    outside_map = """() => { const m = window.map, size = m.getSize();
        return footprint.drawnSites().filter(([id, lat, lon, r]) => { const p = m.latLngToContainerPoint([lat, lon]);
          return p.x - r < 0 || p.y - r < 0 || p.x + r > size.x || p.y + r > size.y; }).map((s) => s[0]); }"""
    component.wait_for_function(f"() => ({outside_map})().length === 0", timeout=10_000)
    assert sorted(site[0] for site in component.evaluate("() => footprint.drawnSites()")) == sorted(present.index)
    _save(tab, f"map-sahel-{width}.png")
    for site_id in (present["lon"].idxmin(), present["lon"].idxmax()):
        _open_site(tab, site_id)  # Dakar's sites share a spot: they fan out first
        popup = tab.frame_locator(MAP_FRAME).locator(".leaflet-popup")
        expect(popup.locator(".fp-popup h4")).to_have_text(present.at[site_id, "name"])
        fits = """() => { const p = document.querySelector('.leaflet-popup').getBoundingClientRect(),
            m = window.map.getContainer().getBoundingClientRect();
            return p.left >= m.left && p.top >= m.top && p.right <= m.right && p.bottom <= m.bottom; }"""
        try:  # the popup pans the map into view
            component.wait_for_function(fits, timeout=5_000)
        except PlaywrightTimeoutError:
            raise AssertionError(f"the popup of {site_id} is cut at {width} px") from None
        _save(tab, f"map-sahel-{width}-{site_id}.png")
        tab.goto(f"{server}/?as_of={params['as_of']}&region={params['region']}")  # framed afresh for the next
        component = _drawn(tab, len(present))
        component.wait_for_function(f"() => ({outside_map})().length === 0", timeout=10_000)
    assert outside == [], f"requests left localhost: {outside}"


# The map's zoom, size and how many pixels the world's full width and the world preset's height take on screen.
WORLD_ON_SCREEN = """() => { const m = window.map, size = m.getSize(), b = m.getBounds();
  return { zoom: m.getZoom(), width: size.x, height: size.y, world: m.project([0, 180]).x - m.project([0, -180]).x,
           west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() }; }"""


def test_world_preset_fills_the_map_and_other_presets_keep_whole_zooms(server, page):
    """The world preset fits the map at a fractional zoom (at whole zooms a 980 px map showed the world 512 px
    wide), every present site inside; the next zoom is a whole step again and the link keeps a whole zoom. The
    other presets still frame at whole zooms, their region inside the map."""
    from footprint.geography import REGIONS
    from footprint.webmercator import y_degrees

    tab, outside = page
    tab.set_viewport_size({"width": 1440, "height": 1000})
    data = load_dataset(DATA)
    params = {"as_of": "2024-05-15", "region": "world"}
    present = data.sites.loc[view_from_params(params, data).presence(data)["site_id"].unique()]
    tab.goto(f"{server}/?as_of={params['as_of']}&region=world")
    component = _drawn(tab, len(present))
    component.wait_for_function("() => /[?&]zoom=/.test(window.parent.location.search)", timeout=10_000)
    shown = component.evaluate(WORLD_ON_SCREEN)
    assert shown["width"] >= 900, shown  # the 980 px frame this is about
    _, south, _, north = REGIONS["world"].bounds
    tall = (y_degrees(north) - y_degrees(south)) / 360 * shown["world"]
    assert shown["world"] >= 0.85 * shown["width"] or tall >= 0.85 * shown["height"], shown
    assert shown["zoom"] % 0.25 == 0 and not float(shown["zoom"]).is_integer(), shown
    assert shown["world"] <= shown["width"], shown  # one world, not more
    outside_map = """() => { const m = window.map, size = m.getSize();
        return footprint.drawnSites().filter(([id, lat, lon, r]) => { const p = m.latLngToContainerPoint([lat, lon]);
          return p.x < 0 || p.y < 0 || p.x > size.x || p.y > size.y; }).map((s) => s[0]); }"""
    assert component.evaluate(outside_map) == []
    link = re.search(r"[?&]zoom=([^&]*)", tab.evaluate("() => window.location.search")).group(1)
    assert link == str(round(shown["zoom"])), link  # the app reads a whole zoom from the link
    component.evaluate("() => window.map.zoomIn(1, { animate: false })")
    assert float(component.evaluate("() => window.map.getZoom()")).is_integer()
    for region in ("africa", "europe", "east-asia-pacific", "sahel"):
        tab.goto(f"{server}/?as_of={params['as_of']}&region={region}")
        component = _drawn(tab)
        component.wait_for_function("() => /[?&]zoom=/.test(window.parent.location.search)", timeout=10_000)
        shown = component.evaluate(WORLD_ON_SCREEN)
        assert float(shown["zoom"]).is_integer(), (region, shown)
        r_west, r_south, r_east, r_north = REGIONS[region].bounds
        east_shown = shown["east"] if shown["east"] >= shown["west"] else shown["east"] + 360
        assert shown["west"] <= r_west and east_shown >= r_east, (region, shown)
        assert shown["south"] <= r_south and shown["north"] >= r_north, (region, shown)
    assert outside == [], f"requests left localhost: {outside}"


def test_exported_html_files_work_offline(page, tmp_path):
    """The snapshot and time-lapse HTML files open from disk with no server and no network."""
    from footprint.cli import main

    tab, outside = page
    snapshot, movie = tmp_path / "snapshot.html", tmp_path / "timelapse.html"
    assert main(["snapshot", "--as-of", "2024-05-15", "--region", "sahel", "-o", str(snapshot)]) == 0
    assert main(["timelapse", "--from", "2022-01-01", "--to", "2025-03-01", "--region", "sahel", "-o", str(movie)]) == 0
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))

    tab.goto(snapshot.as_uri())
    tab.wait_for_function("() => window.footprint && footprint.drawnSites().length > 0", timeout=20_000)
    expect(tab.locator("path.fp-country").nth(150)).to_be_attached()

    tab.goto(movie.as_uri())
    expect(tab.locator(".fp-when")).to_contain_text(re.compile(r"(?<!\d)1 Jan 2022"), timeout=20_000)
    expect(tab.locator(".fp-legend")).to_have_count(1)  # the key; the player is not taken for a second one
    first = tab.locator(".fp-legend").inner_text()
    tab.locator(".fp-slider").fill("38")
    tab.locator(".fp-slider").dispatch_event("input")
    expect(tab.locator(".fp-when")).to_contain_text(re.compile(r"(?<!\d)1 Mar 2025"))
    _save(tab, "timelapse-sahel-2025-03.png")
    assert "France" in first  # France was across the Sahel in January 2022...
    expect(tab.locator(".fp-player")).to_contain_text("forces")
    assert errors == [] and outside == [], (errors, outside)


def test_exported_world_map_fills_its_page(page, tmp_path):
    """An exported HTML map of the world preset is framed as the app's map is: at a quarter zoom step that fills
    the page (at whole steps a 1440 px page showed it at zoom 2, a quarter of the page empty), one world."""
    from footprint.cli import main
    from footprint.render import default_bbox
    from footprint.view import View
    from footprint.webmercator import y_degrees

    tab, outside = page
    tab.set_viewport_size({"width": 1440, "height": 900})
    exported = tmp_path / "world.html"
    assert main(["snapshot", "--as-of", "2024-05-15", "--region", "world", "-o", str(exported)]) == 0
    tab.goto(exported.as_uri())
    tab.wait_for_function("() => window.footprint && footprint.drawnSites().length > 0", timeout=20_000)
    tab.evaluate("() => { window.map = Object.values(window).find((v) => v instanceof L.Map); }")
    shown = tab.evaluate(WORLD_ON_SCREEN)
    _, south, _, north = default_bbox(View(as_of=dt.date(2024, 5, 15), region="world"))  # what the file frames
    tall = (y_degrees(north) - y_degrees(south)) / 360 * shown["world"]
    assert shown["world"] >= 0.85 * shown["width"] or tall >= 0.85 * shown["height"], shown
    assert shown["zoom"] % 0.25 == 0 and shown["world"] <= shown["width"], shown
    assert outside == [], outside


def test_export_shows_the_view_on_screen_after_panning(server, page):
    """Pan and zoom, then export: the file covers the extent the map shows, without a rerun per pan."""
    from footprint.render import render_snapshot
    from footprint.webmercator import extent_bounds

    tab, outside = page
    sent: list[object] = []  # messages from the browser to the app: each rerun request is one
    tab.on("websocket", lambda socket: socket.on("framesent", lambda frame: sent.append(frame)))
    params = {"as_of": "2024-05-15", "region": "sahel"}
    tab.goto(f"{server}/?as_of=2024-05-15&region=sahel")
    component = _drawn(tab)
    component.wait_for_function("() => window.map && window.map.getZoom() > 0")
    messages_before = _quiet(tab, sent)
    component.evaluate("() => window.map.setView([13.48, 2.17], 8, { animate: false })")  # Niamey, close up
    tab.wait_for_function("() => window.footprintMapView && window.footprintMapView.zoom === 8")
    on_screen = tab.evaluate("() => window.footprintMapView")
    assert on_screen["west"] < 2.17 < on_screen["east"] and on_screen["south"] < 13.48 < on_screen["north"]

    assert _quiet(tab, sent) == messages_before, "panning must not rerun the app"
    tab.get_by_text("Export this view").click()
    snapshot = tab.get_by_role("tabpanel", name="Snapshot")
    expect(snapshot.get_by_text("The file will show the map as on screen")).to_be_visible(timeout=10_000)
    _click(tab.get_by_role("button", name="Prepare the file"))
    download_button = tab.get_by_role("button", name="Download footprint-2024-05-15.png")
    expect(download_button).to_be_visible(timeout=60_000)
    west, south, east, north = extent_bounds(on_screen)
    expect(tab.get_by_text(f"west {west:.2f}, south {south:.2f}, east {east:.2f}, north {north:.2f}")).to_be_visible()
    _save(tab, "map-export-niamey.png")
    with tab.expect_download() as download:
        _click(download_button)
    content = Path(download.value.path()).read_bytes()
    (ARTIFACTS / "map-export-niamey-file.png").write_bytes(content)
    data = load_dataset(DATA)
    expected = render_snapshot(data, view_from_params(params, data), bbox=(west, south, east, north), preset="slide")
    assert content == expected, "the file is the snapshot of the extent on screen"
    # A file made before the settings changed is not offered as if it were current.
    _pick(tab, snapshot.get_by_test_id("stSelectbox").filter(has_text="Format"), "svg")
    expect(tab.get_by_text("have changed since the file was prepared")).to_be_visible(timeout=30_000)
    expect(download_button).to_have_count(0)
    assert outside == [], f"requests left localhost: {outside}"



def test_timelapse_of_the_view_on_screen(server, page):
    """A GIF of the sidebar's period, one frame a month, over the extent the map shows."""
    from dataclasses import replace

    from PIL import Image

    from footprint.timelapse import frame_dates, timelapse_animation
    from footprint.webmercator import extent_bounds

    tab, outside = page
    params = {"from": "2024-01-01", "to": "2024-06-01", "actor": "USA,RUS"}
    tab.goto(f"{server}/?from=2024-01-01&to=2024-06-01&actor=USA,RUS")
    component = _drawn(tab)
    component.wait_for_function("() => window.map && window.map.getZoom() > 0")
    component.evaluate("() => window.map.setView([16.0, 4.0], 6, { animate: false })")  # Niger
    tab.wait_for_function("() => window.footprintMapView && window.footprintMapView.zoom === 6")
    on_screen = tab.evaluate("() => window.footprintMapView")

    tab.get_by_text("Export this view").click()
    tab.get_by_role("tab", name="Time-lapse").click()
    player = tab.get_by_role("tabpanel", name="Time-lapse")
    expect(player.get_by_text("The file will show the map as on screen")).to_be_visible(timeout=10_000)
    _pick(tab, player.get_by_test_id("stSelectbox").filter(has_text="Format"), "Animated GIF")
    _click(tab.get_by_role("button", name="Make the time-lapse"))
    download_button = tab.get_by_role("button", name="Download footprint-timelapse-2024-01-01_2024-06-01.gif")
    expect(download_button).to_be_visible(timeout=120_000)
    expect(tab.get_by_text("6 frames encoded")).to_be_visible()
    with tab.expect_download() as download:
        _click(download_button)
    content = Path(download.value.path()).read_bytes()
    with Image.open(download.value.path()) as gif:
        assert gif.n_frames == 6
    data = load_dataset(DATA)
    view = view_from_params(params, data)
    expected = timelapse_animation(data, replace(view, period=None),
                                   frame_dates(dt.date(2024, 1, 1), dt.date(2024, 6, 1)), fmt="gif",
                                   bbox=extent_bounds(on_screen))
    assert content == expected, "the frames are the snapshots of the extent on screen"
    assert outside == [], f"requests left localhost: {outside}"
