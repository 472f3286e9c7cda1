"""AppTest: every page runs, driven through its widget keys, and the URL round-trips."""

from __future__ import annotations

import datetime as dt
import html
import json

import pytest
from streamlit.testing.v1 import AppTest

from footprint.dataset import load_dataset
from footprint.view import view_from_params
from pages._state import ACTOR_KEY, AS_OF_KEY, COUNTRY_KEY, EXPORT_KEY, REGION_KEY
from tests.conftest import DATA, ROOT

PAGES = ["pages/map.py", "pages/presence.py"]  # the pages that print the counts line
ALL_PAGES = ["pages/map.py", "pages/compare.py", "pages/timeline.py", "pages/presence.py", "pages/data.py"]


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA)


def open_app(params: dict[str, str] | None = None, page: str | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in (params or {}).items():
        app.query_params[name] = value
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def counts_line(app: AppTest) -> str:
    return next(m.value for m in app.markdown if "sending state" in m.value)


def expected_counts(data, params: dict[str, str]) -> tuple[int, int]:
    present = view_from_params(params, data).presence(data)
    return present["site_id"].nunique(), len(present)


@pytest.mark.parametrize("page", ALL_PAGES)
@pytest.mark.parametrize("params", [{}, {"as_of": "2024-05-15", "region": "sahel"}, {"from": "2022-01-01", "to": "2022-12-31"}])
def test_every_page_runs(page, params):
    app = open_app(params, page=page)
    assert dict(app.query_params) == params


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_and_opens_on_the_as_of_date(data, page):
    app = open_app(page=page)
    assert app.date_input(key=AS_OF_KEY).value == data.as_of
    sites, forces = expected_counts(data, {})
    assert f"{sites} site" in counts_line(app) and f"{forces} force" in counts_line(app)
    assert dict(app.query_params) == {}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    "params",
    [
        {"as_of": "2024-05-15", "country": "NER"},
        {"as_of": "2022-01-01", "actor": "FRA,RUS"},
        {"from": "2022-01-01", "to": "2023-12-31", "region": "sahel"},
        {"as_of": "2020-06-01", "actor": "TUR", "country": "LBY,SOM"},
    ],
    ids=["niger 2024", "france and russia 2022", "sahel period", "turkey 2020"],
)
def test_url_sets_filters_and_counts(data, page, params):
    app = open_app(params, page=page)
    sites, forces = expected_counts(data, params)
    line = counts_line(app)
    assert f"**{sites} site" in line and f"**{forces} force" in line
    assert dict(app.query_params) == params


def test_changing_filters_changes_counts_and_url(data):
    app = open_app({"as_of": "2024-05-15"})
    before = counts_line(app)
    app.multiselect(key=ACTOR_KEY).set_value(["RUS"]).run()
    assert not app.exception
    _, forces = expected_counts(data, {"as_of": "2024-05-15", "actor": "RUS"})
    assert counts_line(app) != before
    assert f"**{forces} force" in counts_line(app)
    assert dict(app.query_params) == {"as_of": "2024-05-15", "actor": "RUS"}

    app.multiselect(key=COUNTRY_KEY).set_value(["NER"]).run()
    assert dict(app.query_params) == {"as_of": "2024-05-15", "actor": "RUS", "country": "NER"}
    app.date_input(key=AS_OF_KEY).set_value(dt.date(2023, 1, 1)).run()
    assert "0 sites" in counts_line(app)
    assert dict(app.query_params)["as_of"] == "2023-01-01"


def test_region_preset_filters_hosts(data):
    app = open_app({"as_of": "2020-06-01"})
    app.selectbox(key=REGION_KEY).set_value("horn").run()
    _, forces = expected_counts(data, {"as_of": "2020-06-01", "region": "horn"})
    assert f"**{forces} force" in counts_line(app)
    assert dict(app.query_params)["region"] == "horn"


def map_frame(app: AppTest) -> dict:
    """The frame the map page asked the browser for (``footprint.frame`` in the component's layers)."""
    import json
    import re

    def args(node):
        for child in getattr(node, "children", {}).values():
            proto = getattr(child, "proto", None)
            if proto is not None and "footprint.frame(" in getattr(proto, "json_args", ""):
                yield json.loads(proto.json_args)
            yield from args(child)

    script = next(args(app._tree))["feature_group"]
    return json.loads(re.search(r"footprint\.frame\([^,]+, (\{.*?\})\);", script).group(1))


def test_map_frames_the_region_and_every_present_site_in_the_browser(data):
    from footprint.geography import REGIONS

    params = {"as_of": "2024-05-15", "region": "sahel", "country": "NER"}
    app = open_app(params)
    (south, west), (north, east) = map_frame(app)["bounds"]
    region_west, region_south, region_east, region_north = REGIONS["sahel"].bounds
    assert west <= region_west and south <= region_south and east >= region_east and north >= region_north
    present = data.sites.loc[view_from_params(params, data).presence(data)["site_id"].unique()]
    assert not present.empty
    assert (present["lon"].between(west, east) & present["lat"].between(south, north)).all()


def test_map_keeps_its_frame_request_while_the_link_has_a_view(data):
    app = open_app({"as_of": "2024-05-15", "region": "sahel"})
    asked = map_frame(app)
    app.query_params.update({"lat": "14.0", "lon": "2.0", "zoom": "6"})  # what the map writes once framed
    app.button(key="step_forward").click().run()
    assert map_frame(app) == asked  # unchanged: the browser neither reframes nor closes an open popup


def test_compare_maps_frame_the_sites_of_both_dates(data):
    from footprint.query import presence_at

    params = {"as_of": "2024-05-15", "region": "sahel"}
    app = open_app(params, page="pages/compare.py")
    asked = map_frame(app)
    assert asked.get("link") is False  # Compare frames its region, not the Map page's view in the link
    (south, west), (north, east) = asked["bounds"]
    filters = view_from_params(params, data).filters()
    days = (app.date_input(key="compare_a").value, app.date_input(key="compare_b").value)
    present = {site for day in days for site in presence_at(data, day, filters)["site_id"]}
    assert present
    sites = data.sites.loc[sorted(present)]
    assert (sites["lon"].between(west, east) & sites["lat"].between(south, north)).all()


def test_a_link_without_region_frames_the_world(data):
    from footprint.mapping import DEFAULT_CENTER, DEFAULT_ZOOM

    assert map_frame(open_app({"as_of": "2024-05-15"})) == {"center": list(DEFAULT_CENTER), "zoom": DEFAULT_ZOOM}


def test_filters_survive_a_page_switch():
    app = open_app({"as_of": "2024-05-15", "country": "NER"}, page="pages/presence.py")
    assert app.multiselect(key=COUNTRY_KEY).value == ["NER"]
    app.switch_page("pages/map.py").run()
    assert app.multiselect(key=COUNTRY_KEY).value == ["NER"]


def test_month_step_buttons(data):
    app = open_app({"as_of": "2024-05-15"})
    app.button(key="step_forward").click().run()
    assert app.date_input(key=AS_OF_KEY).value == dt.date(2024, 6, 15)
    app.button(key="step_back").click().run()
    app.button(key="step_back").click().run()
    assert app.date_input(key=AS_OF_KEY).value == dt.date(2024, 4, 15)


def test_bad_url_values_are_ignored_with_a_warning():
    app = open_app({"as_of": "yesterday", "actor": "XXX", "region": "atlantis", "lat": "95", "lon": "0", "zoom": "3"})
    assert app.date_input(key=AS_OF_KEY).value == load_dataset(DATA).as_of
    # Notices are escaped Markdown, one per parameter: read them as the page shows them.
    warnings = [t.value.replace("\\", "").replace("\u2060", "") for t in app.toast]
    assert len(warnings) == 4
    joined = " ".join(warnings)
    assert "as_of" in joined and "XXX" in joined and "atlantis" in joined and "showing 85" in joined


def test_site_parameter_opens_the_dossier():
    app = open_app({"as_of": "2024-05-15", "site": "ner-air-base-101"})
    assert any("Air Base 101" in m.value for m in app.markdown)
    forces = app.dataframe[0].value
    assert {"United States", "Russia", "France", "Germany", "Italy"} <= set(forces["sending_state"])


def test_site_search_opens_the_dossier_and_clears_itself(data):
    app = open_app({"as_of": "2024-05-15", "region": "sahel"})
    search = app.selectbox(key="find_site")
    assert len(search.options) == len(data.sites)
    assert any(option.startswith("Camp Lemonnier · Djibouti · also") for option in search.options)
    search.set_value("ner-air-base-101").run()
    assert not app.exception, app.exception
    assert any(m.value.startswith("### Air Base 101") for m in app.markdown)
    assert app.session_state["site"] == "ner-air-base-101"
    assert app.selectbox(key="find_site").value is None  # ready for the next search
    assert dict(app.query_params)["site"] == "ner-air-base-101"  # the link names the site found


def test_compare_page_tabulates_changes(data):
    app = open_app({"country": "NER"}, page="pages/compare.py")
    app.date_input(key="compare_a").set_value(dt.date(2023, 7, 1)).run()
    app.date_input(key="compare_b").set_value(dt.date(2025, 3, 1)).run()
    assert not app.exception
    table = app.dataframe[0].value
    from footprint.query import changes

    expected = changes(data, "2023-07-01", "2025-03-01", countries=["NER"])
    assert len(table) == len(expected)
    assert "France" in set(table.loc[table["change"] == "departed", "actor"])


def test_timeline_page_charts_the_filtered_deployments():
    app = open_app({"actor": "FRA", "country": "TCD"}, page="pages/timeline.py")
    assert any("deployment" in c.value for c in app.caption)
    assert app.get("vega_lite_chart"), "the Gantt chart is drawn"


def test_data_page_offers_downloads(data):
    app = open_app({"as_of": "2024-05-15", "country": "NER"}, page="pages/data.py")
    _, forces = expected_counts(data, {"as_of": "2024-05-15", "country": "NER"})
    assert len(app.dataframe[0].value) == forces
    assert len(app.get("download_button")) == 4


def test_play_steps_month_by_month_and_stops_at_the_as_of_date(data):
    start = data.as_of.replace(month=data.as_of.month - 2)
    app = open_app({"as_of": start.isoformat()})
    app.toggle(key="play").set_value(True).run(timeout=120)
    assert not app.exception
    assert app.date_input(key=AS_OF_KEY).value == data.as_of
    assert app.toggle(key="play").value is False


def test_sources_page_shows_the_seed_with_entities_and_its_records():
    app = open_app(page="pages/sources.py")
    assert app.selectbox(key="source").value == "src-ahram-202405-russian-troops-deploy-niger-base"
    assert any("Records it supports" in s.value for s in app.subheader)
    highlighted = app.get("html")[0].proto.body
    assert '<mark class="fp-site"' in highlighted and "Air base 101" in highlighted
    assert '<mark class="fp-metonym"' in highlighted  # "Washington" read as the United States


def test_data_strings_reach_markdown_as_plain_text(tiny_copy, monkeypatch):
    from tests.conftest import set_cell

    set_cell(tiny_copy, "sites", 1, "name", "[click](javascript:alert(1)) **Base**")
    monkeypatch.setenv("FOOTPRINT_DATA", str(tiny_copy))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["site"] = "ner-ab101"
    app.query_params["as_of"] = "2024-06-01"
    app.run()
    assert not app.exception
    heading = next(m.value for m in app.markdown if m.value.startswith("###") and "click" in m.value)
    heading = heading.replace("\u2060", "")  # word joiners keep addresses and shortcodes from turning live
    assert "\\[click\\]\\(javascript\\:alert\\(1\\)\\)" in heading and "\\*\\*Base\\*\\*" in heading


REPORT = (
    "url: https://example.org/wire/italy-agadez\npublished: 2025-03-05\n\n"
    "Italian troops arrived at Air Base 201 in Agadez, Rome's defence ministry said. "
    "France's last soldiers left Chad in January, the army said."
)


@pytest.fixture
def ingest_app(tmp_path, monkeypatch):
    monkeypatch.setenv("FOOTPRINT_WORKSPACE", str(tmp_path / "workspace.sqlite"))
    app = open_app(page="pages/ingest.py")
    app.text_area(key="ingest_text").set_value(REPORT).run()
    app.text_input(key="ingest_outlet").set_value("Example Wire").run()
    app.selectbox(key="ingest_kind").set_value("wire").run()
    app.text_input(key="ingest_who").set_value("reviewer").run()
    assert not app.exception
    return app


def _claim_numbers(app, actor):
    return [n for n in range(1, 20) if _has(app, f"claim_{n}_actor") and app.text_input(key=f"claim_{n}_actor").value == actor]


def _has(app, key):
    try:
        app.text_input(key=key)
    except KeyError:
        return False
    return True


def test_accepted_claim_reaches_presence_and_is_sourced(ingest_app, tmp_path):
    from footprint.query import presence_at
    from footprint.workspace import Workspace

    [italy] = _claim_numbers(ingest_app, "ITA")
    assert ingest_app.selectbox(key=f"claim_{italy}_site_id").value == "ner-air-base-201"
    ingest_app.radio(key=f"claim_{italy}_decision").set_value("accept").run()
    ingest_app.button(key="ingest_save").click().run()
    assert not ingest_app.exception and not ingest_app.error
    assert any("Saved 1 accepted" in s.value for s in ingest_app.success)

    merged = Workspace(tmp_path / "workspace.sqlite").merged()
    present = presence_at(merged, "2025-03-10", actors=["ITA"], countries=["NER"])
    row = present[present["site_id"] == "ner-air-base-201"].iloc[0]
    source = merged.sources.loc[row["source_ids"][0]]
    assert source["url"] == "https://example.org/wire/italy-agadez" and source["outlet"] == "Example Wire"
    assert source["kind"] == "wire"
    assert merged.deployments.set_index("deployment_id").loc[row["deployment_id"], "origin"] == "workspace"


def test_rejected_claims_are_not_asked_again(ingest_app, tmp_path, monkeypatch):
    numbers = _claim_numbers(ingest_app, "FRA")
    assert numbers
    before = next(s.value for s in ingest_app.subheader if "to review" in s.value)
    ingest_app.radio(key=f"claim_{numbers[0]}_decision").set_value("reject").run()
    ingest_app.button(key="ingest_save").click().run()
    assert not ingest_app.exception
    again = open_app(page="pages/ingest.py")
    again.text_area(key="ingest_text").set_value(REPORT).run()
    after = next(s.value for s in again.subheader if "to review" in s.value)
    assert int(after.split()[0]) == int(before.split()[0]) - 1 and "rejected before" in after


HANDOVER = (
    "published: 2025-06-12\n\n"
    "Italy handed over Air Base 101 in Niamey to the Nigerien army on June 10, the defence ministry in Rome said."
)


def test_a_handover_closes_the_open_deployment_and_shows_its_origin(tmp_path, monkeypatch):
    from footprint.query import presence_at
    from footprint.workspace import Workspace

    app = open_app(page="pages/ingest.py")
    app.text_area(key="ingest_text").set_value(HANDOVER).run()
    app.text_input(key="ingest_outlet").set_value("Example Wire").run()
    app.selectbox(key="ingest_kind").set_value("wire").run()
    app.text_input(key="ingest_who").set_value("reviewer").run()
    [number] = _claim_numbers(app, "ITA")
    assert app.selectbox(key=f"claim_{number}_event").value == "handover"
    assert app.selectbox(key=f"claim_{number}_site_id").value == "ner-air-base-101"
    app.radio(key=f"claim_{number}_decision").set_value("accept").run()
    app.button(key="ingest_save").click().run()
    assert not app.exception and not app.error

    import os

    merged = Workspace(os.environ["FOOTPRINT_WORKSPACE"]).merged()
    assert "ITA" in set(presence_at(merged, "2025-06-01", countries=["NER"])["actor_iso3"])
    after = presence_at(merged, "2025-06-20", countries=["NER"])
    assert "MISIN" not in set(after["force"].dropna())
    app.switch_page("pages/data.py").run()
    assert not app.exception


def open_export(app: AppTest) -> AppTest:
    """Open the map's export panel, as a click on it does (a closed panel runs none of its widgets)."""
    app.session_state[EXPORT_KEY] = True
    app.run()
    assert not app.exception, app.exception
    return app


def test_closed_export_panel_runs_nothing():
    app = open_app({"as_of": "2024-05-15"})
    assert "Export this view" in [expander.label for expander in app.expander]
    assert not app.get("bidi_component") and "timelapse_from" not in app.session_state


def test_map_page_offers_an_export_of_the_view():
    """The click itself is driven in chromium (test_browser), where the map reports its extent."""
    app = open_export(open_app({"as_of": "2024-05-15", "region": "sahel"}))
    app.selectbox(key="export_format").set_value("pdf").run()
    app.text_input(key="export_banner").set_value("UNCLASSIFIED").run()
    buttons = app.get("bidi_component")
    assert [element.key for element in buttons] == ["export_render", "timelapse_render"]
    assert not app.get("download_button"), "no file is offered before one is prepared"
    assert "export_file" not in app.session_state


@pytest.mark.parametrize(
    ("params", "expected_from", "expected_to"),
    [
        ({"as_of": "2024-05-15"}, dt.date(2021, 5, 15), dt.date(2024, 5, 15)),  # three years up to the date
        ({"from": "2022-01-01", "to": "2025-03-01"}, dt.date(2022, 1, 1), dt.date(2025, 3, 1)),  # the period
    ],
)
def test_timelapse_tab_starts_from_the_sidebar_dates(params, expected_from, expected_to):
    app = open_export(open_app(params))
    assert app.date_input(key="timelapse_from").value == expected_from
    assert app.date_input(key="timelapse_to").value == expected_to


def test_timelapse_tab_refuses_a_period_that_runs_backwards():
    app = open_export(open_app({"as_of": "2024-05-15"}))
    app.date_input(key="timelapse_from").set_value(dt.date(2024, 6, 1)).run()
    shown = [error.value.replace("\\", "") for error in app.error]  # escaped Markdown, read as shown
    assert shown == ["the period starts (2024-06-01) after it ends (2024-05-15)"]
    assert [element.key for element in app.get("bidi_component")] == ["export_render"]


@pytest.mark.parametrize(
    ("fmt", "magic", "media_type"),
    [("png", b"\x89PNG", "image/png"), ("svg", b"<?xml", "image/svg+xml"), ("pdf", b"%PDF", "application/pdf"),
     ("html", b"<!DOCTYPE", "text/html")],
)
def test_export_view_writes_each_format_over_the_extent(fmt, magic, media_type):
    from footprint.dataset import load_dataset
    from footprint.view import view_from_params
    from pages._state import export_view

    data = load_dataset(ROOT / "data")
    view = view_from_params({"as_of": "2024-05-15", "region": "sahel"}, data)
    niamey = (-0.9, 11.8, 5.2, 15.1)
    name, content, media = export_view(data, view, fmt=fmt, preset="slide", title=None, banner="UNCLASSIFIED",
                                       bbox=niamey, events=None)
    assert (name, media) == (f"footprint-2024-05-15.{fmt}", media_type) and content.startswith(magic)
    if fmt == "html":
        assert "[[11.8, -0.9], [15.1, 5.2]]" in content.decode()  # the map opens on the extent


def test_briefing_page_builds_the_deck_of_every_sidebar_filter(monkeypatch, tmp_path):
    import pickle

    import footprint.briefing

    record = tmp_path / "asked.pickle"

    def plan_deck(dataset, **options):
        # The deck is built in a child process: what it was asked comes back through a file.
        record.write_bytes(pickle.dumps(options["filters"]))
        raise ValueError("planned no further")

    monkeypatch.setattr(footprint.briefing, "plan_deck", plan_deck)
    params = {"as_of": "2024-05-15", "region": "sahel", "country": "NER,MLI", "actor": "RUS", "force": "Africa Corps",
              "site_type": "air_base", "role": "combat", "min_confidence": "medium"}
    app = open_app(params, page="pages/briefing.py")
    app.button(key="brief_build").click().run()
    assert [error.value for error in app.error] == ["planned no further"]
    view = view_from_params(params, load_dataset(DATA))
    asked = pickle.loads(record.read_bytes())
    assert asked == view.filters()
    assert asked.forces == ("Africa Corps",) and asked.min_confidence == "medium"


def test_briefing_page_builds_a_deck_with_previews():
    app = open_app({"region": "sahel"}, page="pages/briefing.py")
    app.text_input(key="brief_dates").set_value("2023-07-01, 2024-05-15").run()
    app.button(key="brief_build").click().run(timeout=240)
    assert not app.exception and not app.error
    _, pptx, pdf, previews = app.session_state["brief_result"]
    assert pptx[:2] == b"PK" and pdf.startswith(b"%PDF") and len(previews) >= 5
    assert len(app.get("download_button")) == 2


def test_map_component_sends_what_st_folium_would(monkeypatch):
    """The map page builds streamlit-folium's arguments once and reuses them; they must stay what
    ``st_folium`` itself sends for the same map and layers (this fails if streamlit-folium changes them)."""
    import streamlit_folium

    from footprint.mapping import base_map, frame_group, layers_group
    from pages import _state

    sent: list[dict] = []
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **arguments: sent.append(arguments))
    monkeypatch.setattr(_state, "_folium_component", lambda **arguments: sent.append(arguments))
    script = 'footprint.show(map, {"payload": "{{ 1 + 1 }} </script>"})'
    frame = {"bounds": [-17.5, 4.0, 25.0, 25.0]}
    group = layers_group(script)
    group.add_child(frame_group(**frame))
    streamlit_folium.st_folium(base_map(custom_tiles=_state.custom_tile_url()), key="map", height=600,
                               use_container_width=True, feature_group_to_add=group,
                               returned_objects=["last_active_drawing"], center=(13.5, 2.1), zoom=6)
    before, after = _state._plain_wrapping(json.dumps(frame))
    _state.show_map(before + script + after, key="map", height=600, center=(13.5, 2.1), zoom=6)
    by_st_folium, by_app = sent
    assert by_st_folium.pop("on_change") and by_app.pop("on_change")
    assert by_app == by_st_folium
    assert "{{ 1 + 1 }}" in by_app["feature_group"]


def _map_layers_sent(app: AppTest) -> str:
    """The layers script the map component got in the last run (streamlit-folium's ``feature_group``)."""

    def args(node):
        for child in getattr(node, "children", {}).values():
            proto = getattr(child, "proto", None)
            if proto is not None and "footprint.show(" in getattr(proto, "json_args", ""):
                yield json.loads(proto.json_args)["feature_group"]
            yield from args(child)

    return next(args(app._tree))


def test_the_map_gets_sources_and_actors_once_per_data_version(tiny_copy, monkeypatch):
    """A date step sends the sites and forces alone, citing sources by their position in tables the map got
    on its first run; a change of the data sends the tables again, under a new version."""
    import os

    from tests.hostile import script_arguments

    monkeypatch.setenv("FOOTPRINT_DATA", str(tiny_copy))
    data = load_dataset(tiny_copy)
    app = open_app({"as_of": "2024-06-01"})
    first = _map_layers_sent(app)
    (tables,) = script_arguments(first, "tables")
    assert [row["outlet"] for row in tables["sources"]] == [
        html.escape(outlet, quote=True) for outlet in data.sources["outlet"]]
    (state,) = script_arguments(first, "layers")
    assert state["tables"] == tables["version"] and "sources" not in state["payload"]
    app.run()  # a rerun that changes nothing (a click on a site) sends the same text: the map does not redraw
    assert _map_layers_sent(app) == first

    app.date_input(key=AS_OF_KEY).set_value(dt.date(2024, 8, 1)).run()  # the US left on 7 July
    step = _map_layers_sent(app)
    assert not app.exception and step != first
    assert script_arguments(step, "tables") == []  # the second step does not carry them again
    (state,) = script_arguments(step, "layers")
    assert state["tables"] == tables["version"] and set(state["payload"]) == {"sites", "forces", "events"}
    # Each force row cites its own sources, by position in the tables the map holds.
    forces = state["payload"]["forces"]
    present = view_from_params({"as_of": "2024-08-01"}, data).presence(data)
    order = {site: i for i, site in enumerate(dict.fromkeys(present["site_id"]))}
    rows = present.sort_values("site_id", key=lambda s: s.map(order), kind="stable")
    assert [[tables["sources"][i]["outlet"] for i in cited] for cited in forces["sources"]] == [
        [html.escape(data.sources.at[source, "outlet"], quote=True) for source in row] for row in rows["source_ids"]]

    later = max(path.stat().st_mtime for path in tiny_copy.glob("*.csv")) + 10
    os.utime(tiny_copy / "sources.csv", (later, later))  # the data changed (an ingest saved, say)
    app.date_input(key=AS_OF_KEY).set_value(dt.date(2024, 6, 1)).run()
    (again,) = script_arguments(_map_layers_sent(app), "tables")
    (state,) = script_arguments(_map_layers_sent(app), "layers")
    assert again["version"] != tables["version"] and state["tables"] == again["version"]
