"""Map building, asserted on the rendered HTML (as folium's own tests do)."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from footprint.dataset import load_dataset
from footprint.geography import REGIONS
from footprint.mapping import base_map, build_map, map_payload, presence_geojson, site_layers, standalone_html
from footprint.query import events_between, presence_at
from footprint.style import FIXED_COLOURS, actor_colours, banner_colours, marker_radius
from footprint.webmercator import bounds_view
from tests.conftest import DATA, TINY, read_table, set_cell, write_table
from tests.hostile import script_arguments

PAYLOADS = ['<script>alert("x")</script>', "<img src=x onerror=alert(1)>", '"><svg onload=alert(2)>', "javascript:alert(3)"]
TEXT_COLUMNS = {
    "sites": ["name", "aliases", "notes"],
    "deployments": ["force", "status_note"],
    "events": ["force", "summary"],
    "sources": ["outlet", "title", "note"],
}


@pytest.fixture
def hostile(tiny_copy):
    for table, text_columns in TEXT_COLUMNS.items():
        header, rows = read_table(tiny_copy, table)
        for number, row in enumerate(rows):
            for column in text_columns:
                row[column] = f"{row[column]} {PAYLOADS[number % len(PAYLOADS)]}"
        write_table(tiny_copy, table, header, rows)
    return load_dataset(tiny_copy)


def _rendered(dataset, day="2024-06-01"):
    presence = presence_at(dataset, day)
    events = events_between(dataset, "2020-01-01", "2025-12-31")
    return build_map(dataset, presence, events, shade_hosts=True).get_root().render()


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_hostile_text_never_becomes_markup(hostile):
    html = _rendered(hostile)
    assert "Air Base 101" in html  # the data is there...
    for payload in PAYLOADS[:3]:
        assert payload not in html  # ...but never as live markup
    assert "<script>alert" not in html
    assert not re.search(r"<(img|svg)[^>]*\son(error|load)=", html)
    # The text is all there, as text: HTML-escaped inside the map's JSON, which itself escapes "<" and "&".
    texts = {unescape(text) for text in _strings(script_arguments(html, "layers"))}
    assert any("<img src=x onerror=alert(1)>" in text for text in texts)
    assert "href='javascript:" not in html and 'href="javascript:' not in html


def test_template_syntax_in_data_stays_text(tiny_copy):
    """No data text is ever parsed as a template: not in the page, not in what the app sends the map."""
    from streamlit_folium import _get_feature_group_string

    header, rows = read_table(tiny_copy, "sites")
    rows[0]["name"] = "Camp {{ 123456789 * 2 }} {% if true %}x{% endif %}"
    write_table(tiny_copy, "sites", header, rows)
    dataset = load_dataset(tiny_copy)
    presence = presence_at(dataset, "2024-06-01")
    assert rows[0]["site_id"] in set(presence["site_id"])
    page = build_map(dataset, presence).get_root().render()
    sent = _get_feature_group_string(site_layers(dataset, presence), base_map())
    import datetime as dt

    from footprint.timelapse import timelapse_html
    from footprint.view import View

    day = dt.date(2024, 6, 1)
    movie = timelapse_html(dataset, View(as_of=day), [day])
    name = "Camp {{ 123456789 * 2 }} {% if true %}x{% endif %}"
    for text, call in ((page, "layers"), (sent, "layers"), (movie, "timelapse")):
        assert "246913578" not in text and "{{" not in text.split("JSON.parse(", 1)[1]
        assert name in json.dumps(script_arguments(text, call), ensure_ascii=False)


def test_standalone_html_is_self_contained():
    dataset = load_dataset(TINY)
    html = standalone_html(build_map(dataset, presence_at(dataset, "2024-06-01")))
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']https?://""", html)
    assert "L.map(" in html and "window.footprint" in html
    assert "footprint.show(map_" in html and "JSON.parse(" in html


@pytest.mark.parametrize(("banner", "fill", "ink"), [("UNCLASSIFIED", "#007A33", "#FFFFFF"),
                                                     ("SECRET//REL", "#C8102E", "#FFFFFF"),
                                                     ("TOP SECRET", "#FF8C00", "#000000"),
                                                     ("Draft for review", "#3A3F44", "#FFFFFF")])
def test_standalone_html_banner_has_the_colours_of_the_png_and_pptx(banner, fill, ink):
    dataset = load_dataset(TINY)
    html = standalone_html(build_map(dataset, presence_at(dataset, "2024-06-01")), banner=banner)
    assert banner_colours(banner) == (fill, ink)
    assert re.search(rf'<div style="background:{fill};color:{ink};[^"]*">{re.escape(banner)}</div>', html)


def test_app_map_links_only_local_assets():
    html = base_map().get_root().render()
    linked = re.findall(r"""<(?:script|link)[^>]+(?:src|href)=["']([^"']+)""", html)
    assert linked and all(url.startswith("/app/static/") for url in linked), linked


def _plain(column):
    """A payload column as a list, whether sent as is or as distinct values and codes."""
    return [column["values"][code] for code in column["codes"]] if isinstance(column, dict) else column


def test_repeated_text_is_sent_once_per_distinct_value():
    dataset = load_dataset(DATA)
    presence = presence_at(dataset, "2024-05-15")
    forces = map_payload(dataset, presence, None, actor_colours(presence["actor_iso3"]))["forces"]
    confidence = forces["confidence"]
    assert isinstance(confidence, dict) and set(confidence["values"]) <= {"high", "medium", "low", ""}
    assert _plain(confidence) == list(presence.sort_values("site_id", key=lambda s: s.map(
        {site: i for i, site in enumerate(dict.fromkeys(presence["site_id"]))}), kind="stable")["confidence"])


def test_payload_has_one_entry_per_site_with_its_forces_and_sources():
    dataset = load_dataset(DATA)
    presence = presence_at(dataset, "2024-05-15", countries=["NER"])
    payload = map_payload(dataset, presence, None, actor_colours(presence["actor_iso3"]))
    sites, forces = ({name: _plain(column) for name, column in payload[table].items()} for table in ("sites", "forces"))
    assert sites["id"] == list(dict.fromkeys(presence["site_id"]))  # drawn in the order of the rows
    assert sum(sites["count"]) == len(presence) == len(forces["actor"])
    air_base = sites["id"].index("ner-air-base-101")
    rows = range(sites["first"][air_base], sites["first"][air_base] + sites["count"][air_base])
    assert {forces["actor"][k] for k in rows} == set(presence.loc[presence["site_id"] == "ner-air-base-101", "actor_iso3"])
    assert {"USA", "RUS"} <= set(sites["actors"][air_base])
    assert payload["actors"]["USA"] == ["United States", FIXED_COLOURS["USA"]]
    cited = {payload["sources"][k]["outlet"] for k in sites["sources"][air_base]}
    expected = presence.loc[presence["site_id"] == "ner-air-base-101", "source_ids"].explode()
    assert cited == set(dataset.sources.loc[expected, "outlet"])
    assert sites["radius"][air_base] == marker_radius(
        int(presence.loc[presence["site_id"] == "ner-air-base-101", ["personnel_min", "personnel_max"]]
            .max(axis=1).fillna(0).sum())
    )


def test_colours_are_stable_and_distinct():
    colours = actor_colours(["USA", "RUS", "FRA", "BEL", "SWE", "EST"])
    assert colours["USA"] == FIXED_COLOURS["USA"] and colours == actor_colours(reversed(list(colours)))
    assert len(set(colours.values())) == len(colours)


@pytest.mark.parametrize(("headcount", "radius"), [(0, 7.0), (1, 7.0), (10, 10.0), (1000, 16.0)])
def test_marker_radius_grows_with_personnel(headcount, radius):
    assert marker_radius(headcount) == radius


@pytest.mark.parametrize("region", sorted(REGIONS))
def test_region_views_contain_their_bounds(region):
    (lat, lon), zoom = bounds_view(REGIONS[region].bounds)
    west, south, east, north = REGIONS[region].bounds
    assert -180 <= lon <= 180  # the map's own meridians, even for a region across the antimeridian
    assert (west < lon < east or west < lon + 360 < east) and south < lat < north and 1 <= zoom <= 6


def test_geojson_download_is_plain_and_sourced():
    dataset = load_dataset(DATA)
    document = presence_geojson(dataset, presence_at(dataset, "2024-05-15", countries=["NER"]))
    text = json.dumps(document)
    assert "&lt;" not in text and "&amp;" not in text
    assert all(f["properties"]["source_ids"] for f in document["features"])


@pytest.mark.parametrize("region", ["sahel", "horn", "africa"])
def test_view_bounds_contains_the_framed_region(region):
    from footprint.webmercator import view_bounds

    center, zoom = bounds_view(REGIONS[region].bounds)
    west, south, east, north = view_bounds(center, zoom)
    r_west, r_south, r_east, r_north = REGIONS[region].bounds
    assert west <= r_west and east >= r_east and south <= r_south + 0.5 and north >= r_north - 0.5


@pytest.mark.parametrize(
    ("extent", "expected"),
    [
        ({"west": -0.9, "south": 11.8, "east": 5.2, "north": 15.1, "zoom": 8}, (-0.9, 11.8, 5.2, 15.1)),
        # Zoomed out until the world repeats: clipped to one world.
        ({"west": -400.0, "south": -89.0, "east": 400.0, "north": 89.0}, (-180.0, -85.0, 180.0, 85.0)),
        ({"west": 2, "south": 13, "east": 3, "north": 14}, (2.0, 13.0, 3.0, 14.0)),
    ],
)
def test_extent_bounds_takes_what_the_browser_reports(extent, expected):
    from footprint.webmercator import extent_bounds

    assert extent_bounds(extent) == expected


@pytest.mark.parametrize(
    ("extent", "message"),
    [
        ({"south": 11.8, "east": 5.2, "north": 15.1}, "west is None"),
        ({"west": "0", "south": 11.8, "east": 5.2, "north": 15.1}, "west is '0'"),
        ({"west": 0, "south": float("nan"), "east": 5.2, "north": 15.1}, "south is nan"),
        ({"west": 0, "south": True, "east": 5.2, "north": 15.1}, "south is True"),
        ({"west": 5, "south": 11.8, "east": 5, "north": 15.1}, "is empty"),
        ({"west": 190, "south": 11.8, "east": 200, "north": 15.1}, "is empty"),
    ],
)
def test_extent_bounds_refuses_a_broken_extent(extent, message):
    from footprint.webmercator import extent_bounds

    with pytest.raises(ValueError, match=re.escape(message)):
        extent_bounds(extent)


@pytest.mark.parametrize(
    ("params", "expected", "warning"),
    [
        ({"lat": "13.5", "lon": "2.1", "zoom": "6"}, (13.5, 2.1, 6), None),
        ({}, (None, None, None), None),
        ({"lat": "-90", "lon": "0", "zoom": "3"}, (-85.0, 0.0, 3), "beyond the map"),  # past Web Mercator: clamped
        ({"lat": "95", "lon": "0", "zoom": "3"}, (85.0, 0.0, 3), "beyond the map"),
        ({"lat": "10", "lon": "200", "zoom": "3"}, (10.0, -160.0, 3), None),  # across the antimeridian: wrapped
        ({"lat": "10", "lon": "0", "zoom": "40"}, (10.0, 0.0, 18), "out of range"),
        ({"lat": "10", "lon": "0"}, (None, None, None), "all three are needed"),
        ({"lat": "north", "lon": "0", "zoom": "3"}, (None, None, None), "all three are needed"),
    ],
)
def test_map_view_from_the_url_is_usable_or_ignored(params, expected, warning):
    from footprint.view import map_view
    from footprint.webmercator import view_bounds

    warnings: list[str] = []
    assert map_view(params, warnings) == expected
    assert (warning is None and not warnings) or (warning and warning in warnings[0])
    if expected[0] is not None:
        west, south, east, north = view_bounds(expected[:2], expected[2])
        assert west < expected[1] < east and south <= expected[0] <= north


def test_sources_on_the_map_name_their_kind_and_original_agency(tiny_copy):
    set_cell(tiny_copy, "sources", 1, "original_agency", "Reuters")
    dataset = load_dataset(tiny_copy)
    presence = presence_at(dataset, "2024-06-01")
    payload = map_payload(dataset, presence, None, actor_colours(presence["actor_iso3"]))
    about = {entry["outlet"]: entry["about"] for entry in payload["sources"]}
    assert about["Example Wire"] == "wire, from Reuters"
    html = build_map(dataset, presence).get_root().render()
    assert "wire, from Reuters" in html


# --- names on the map and the site search ------------------------------------------------------------------


def test_place_names_file_is_what_the_places_module_builds():
    """static/basemap/places.json is rebuilt by `python -m footprint basemap`; a stale copy fails here."""
    from footprint.mapping import PLACES_FILE
    from footprint.places import place_labels

    assert json.loads(PLACES_FILE.read_text(encoding="utf-8")) == place_labels()


def test_place_names_cover_every_host_country_and_its_capital():
    from footprint.geography import _shapes_by_iso3, country_name, distance_outside
    from footprint.places import CAPITAL, COUNTRY, TOWN, place_labels

    rows = place_labels()
    named = {kind: {unescape(row[0]): row for row in rows if row[4] == kind} for kind in (COUNTRY, CAPITAL, TOWN)}
    dataset = load_dataset(DATA)
    outlined = set(_shapes_by_iso3())
    hosts = {host for host in dataset.sites["host_iso3"] if host in outlined}
    assert {country_name(host) for host in hosts} <= set(named[COUNTRY])
    for host in hosts:  # each country's name sits inside it
        _, lat, lon, _, _ = named[COUNTRY][country_name(host)]
        assert distance_outside(host, lat, lon) == 0, host
    assert {"Niamey", "Bamako", "Ouagadougou", "N'Djamena", "Djibouti", "Paris"} <= set(named[CAPITAL])
    assert {"Gao", "Agadez", "Timbuktu"} <= set(named[TOWN])  # small towns of thinly peopled countries too
    assert all(2 <= row[3] <= 8 for row in rows)
    # Placing order: countries, capitals, towns; within each, the names shown further out first.
    assert [(row[4], row[3]) for row in rows] == sorted((row[4], row[3]) for row in rows)


def test_map_fetches_place_names_from_the_app_and_a_file_holds_them():
    dataset = load_dataset(TINY)
    page = base_map().get_root().render()
    assert 'footprint.labels("/app/static/basemap/places.json")' in page
    from footprint.mapping import Assets

    fmap = build_map(dataset, presence_at(dataset, "2024-06-01"), assets=Assets(inline=True))
    assert "footprint.labels([[" in standalone_html(fmap)


def test_site_search_lists_every_site_by_name_with_its_aliases():
    from footprint.places import site_finder_labels

    dataset = load_dataset(DATA)
    labels = site_finder_labels(dataset)
    assert set(labels) == set(dataset.sites.index)
    names = [labels[site_id].split(" · ")[0] for site_id in labels]
    assert names == sorted(names, key=str.casefold)
    for site_id, label in labels.items():
        site = dataset.sites.loc[site_id]
        assert label.startswith(f"{site['name']} · ")
        assert all(alias in label for alias in site["aliases"])


def test_site_focus_carries_hostile_names_as_data(hostile):
    """What frames a searched-for site reaches the browser as escaped JSON, never as markup or template."""
    from streamlit_folium import _get_feature_group_string

    from footprint.mapping import site_focus

    presence = presence_at(hostile, "2024-06-01")
    site_id = next(s for s in presence["site_id"] if "<" in hostile.sites.at[s, "name"])
    group = site_layers(hostile, presence)
    group.add_child(site_focus(hostile, site_id, "token-1"))
    sent = _get_feature_group_string(group, base_map())
    for payload in PAYLOADS[:3]:
        assert payload not in sent
    (target,) = script_arguments(sent, "focus")
    assert unescape(target["name"]) == hostile.sites.at[site_id, "name"]
    assert target["id"] == site_id and target["token"] == "token-1"
    assert (target["lat"], target["lon"]) == (hostile.sites.at[site_id, "lat"], hostile.sites.at[site_id, "lon"])


def test_the_actor_table_has_one_order_in_every_process():
    """States without a colour of their own come in code order, not in a set's order, which changes with each
    process's hash seed: the same data gives the same map tables in every server process."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = ("import json, sys\nfrom footprint.dataset import load_dataset_cached\nfrom footprint.mapping import "
            "map_tables\nprint(json.dumps(list(map_tables(load_dataset_cached(sys.argv[1]), {}, 'v')['actors'])))")
    orders = [subprocess.run([sys.executable, "-c", code, str(DATA)], cwd=ROOT, capture_output=True, text=True,
                             check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
              for seed in ("1", "2", "3")]
    assert len(set(orders)) == 1
    assert json.loads(orders[0]) == sorted(json.loads(orders[0]))
