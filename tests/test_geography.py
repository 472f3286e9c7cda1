"""Country outlines: what counts as inside a host, and extents that cross the antimeridian."""

from __future__ import annotations

from pathlib import Path

import pytest

from footprint.geography import covering_arc, hosts_bounds


@pytest.mark.parametrize(
    ("intervals", "arc"),
    [
        ([(10, 20)], (10, 20)),
        ([(10, 20), (15, 30)], (10, 30)),
        ([(170, 180), (-180, -170)], (170, 190)),  # one island group split by the antimeridian
        ([(-10, 40), (120, 150)], (-10, 150)),
        ([(19, 23), (27, 180), (-180, -169)], (19, 191)),  # Russia: Kaliningrad to Chukotka
    ],
)
def test_covering_arc(intervals, arc):
    assert covering_arc(intervals) == pytest.approx(arc)


def test_a_host_across_the_antimeridian_is_framed_tightly():
    west, south, east, north = hosts_bounds(["FJI"])
    assert 174 < west < 178 and 180 < east < 183  # Ceva-i-Ra at 174.6 E to Lau at 178.3 W
    assert east - west < 10 and -22 < south < north < -12


def test_russia_is_framed_from_kaliningrad_to_chukotka_not_the_whole_world():
    west, _, east, _ = hosts_bounds(["RUS"])
    assert 19 < west < 21 and 189 < east < 192


def test_the_united_states_runs_from_the_aleutians_eastwards():
    west, _, east, _ = hosts_bounds(["USA"])
    assert 170 < west < 175 and 290 < east < 296


def test_ordinary_hosts_keep_plain_bounds():
    west, south, east, north = hosts_bounds(["NER", "MLI"])
    assert -13 < west < -11 and 15 < east < 17 and 9 < south < 11 and 24 < north < 26


def test_every_region_names_known_hosts_and_africa_narrows_a_world_dataset():
    from footprint.geography import REGIONS, country_name

    for region in REGIONS.values():
        west, south, east, north = region.bounds
        assert -180 <= west < east <= west + 360 and -90 <= south < north <= 90, region.slug
        assert all(country_name(code) != code for code in region.countries), region.slug
    assert not REGIONS["world"].countries  # every host
    assert {"NER", "MLI", "DJI", "SOM", "LBY", "ESH"} <= set(REGIONS["africa"].countries)
    assert not {"SYR", "QAT", "JPN"} & set(REGIONS["africa"].countries)
    assert {"SYR", "IRQ", "QAT", "ARE", "TUR"} <= set(REGIONS["middle-east"].countries)
    assert REGIONS["east-asia-pacific"].bounds[2] > 180  # framed across the antimeridian


def test_crossing_bounds_are_centred_on_the_map_meridian():
    from footprint.webmercator import bounds_view

    (_, lon), _ = bounds_view((170.0, -20.0, 190.0, -10.0))
    assert lon == pytest.approx(-180.0) or lon == pytest.approx(180.0)
    (_, lon), _ = bounds_view((90.0, -48.0, 190.0, 55.0))
    assert lon == pytest.approx(140.0)



# --- the light basemap (static/basemap/countries-light.geojson) ----------------------------------------------


def _light_outlines() -> dict:
    import json

    import shapely.geometry

    from footprint.mapping import LIGHT_BASEMAP_FILE

    collection = json.loads(LIGHT_BASEMAP_FILE.read_text(encoding="utf-8"))
    return {feature["properties"]["iso3"]: shapely.geometry.shape(feature["geometry"])
            for feature in collection["features"]}


def test_light_basemap_file_is_what_the_build_writes():
    """`python -m footprint basemap` rebuilds it; a stale or hand-edited copy fails here."""
    import json

    from footprint.geography import light_basemap
    from footprint.mapping import LIGHT_BASEMAP_FILE

    assert json.loads(LIGHT_BASEMAP_FILE.read_text(encoding="utf-8")) == json.loads(json.dumps(light_basemap()))


def test_light_basemap_is_within_its_size_budget():
    """The small maps' outlines (Compare draws two) cost well under half the detailed file."""
    from footprint.mapping import BASEMAP_FILE, LIGHT_BASEMAP_FILE

    light, detailed = LIGHT_BASEMAP_FILE.stat().st_size, BASEMAP_FILE.stat().st_size
    assert light <= 550_000 and light <= 0.5 * detailed, (light, detailed)


def test_light_basemap_covers_every_country_and_site_the_data_needs():
    """Every country of the detailed outlines keeps an outline of its own, as large as before; every host and
    sending state of the data is drawn; a site is no further outside its host than the simplification allows."""
    from shapely.geometry import Point

    from footprint.dataset import load_dataset
    from footprint.geography import LIGHT_PRECISION, LIGHT_TOLERANCE_DEGREES, _shapes_by_iso3
    from tests.conftest import DATA

    light, detailed = _light_outlines(), _shapes_by_iso3()
    assert set(light) == set(detailed)
    slack = LIGHT_TOLERANCE_DEGREES + 10 ** -LIGHT_PRECISION
    for iso3, shape in detailed.items():
        assert light[iso3].area > 0, iso3  # drawn, not necessarily valid: rounding may cross a tiny ring
        # No border moves by more than the slack, so the area changes by at most the outline's length times it.
        assert abs(light[iso3].area - shape.area) <= shape.length * slack, iso3
    data = load_dataset(DATA)
    needed = (set(data.sites["host_iso3"]) | set(data.deployments["actor_iso3"])) & set(detailed)
    assert needed and needed <= set(light)
    for site in data.sites.itertuples():
        if site.host_iso3 in detailed:
            point = Point(site.lon, site.lat)
            assert light[site.host_iso3].distance(point) <= detailed[site.host_iso3].distance(point) + slack, site.Index


def test_live_map_draws_the_light_basemap_and_a_kept_file_the_detailed_one():
    from footprint.mapping import DETAILED_BASEMAP_ZOOM, Assets, base_map

    page = base_map().get_root().render()
    assert ('footprint.basemap("/app/static/basemap/countries-light.geojson", {"url": '
            f'"/app/static/basemap/countries.geojson", "zoom": {DETAILED_BASEMAP_ZOOM}}})') in page
    inline = base_map(assets=Assets(inline=True)).get_root().render()
    assert 'footprint.basemap({"type": "FeatureCollection"' in inline.replace("{\n", "{")
    assert "countries-light" not in inline


@pytest.mark.parametrize("name", ["countries.geojson", "countries-light.geojson"])
def test_basemap_draws_no_line_across_the_world(name):
    """An outline across the antimeridian is cut there, not drawn from 180° to -180°: no edge of any ring jumps
    half the globe, except along a pole (Antarctica's ring closes along the south pole's edge)."""
    import itertools
    import json

    from footprint.mapping import BASEMAP_FILE

    jumps = []
    for feature in json.loads((BASEMAP_FILE.parent / name).read_text(encoding="utf-8"))["features"]:
        geometry = feature["geometry"]
        assert geometry["type"] in ("Polygon", "MultiPolygon"), feature["properties"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for ring in (ring for polygon in polygons for ring in polygon):
            jumps += [(feature["properties"]["iso3"], a, b) for a, b in itertools.pairwise(ring)
                      if abs(a[0] - b[0]) > 180 and min(abs(a[1]), abs(b[1])) < 89.9]
    assert not jumps, jumps[:5]


@pytest.mark.parametrize(
    ("place", "lon", "lat", "inside"),
    [
        ("Rovaniemi", 25.72, 66.50, {"FIN"}),  # these three fell inside a band of Russia round the globe
        ("Akureyri", -18.09, 65.68, {"ISL"}),
        ("Norwegian Sea", -5.0, 67.0, set()),
        ("Chukotka, west of 180°", -175.0, 67.0, {"RUS"}),
        ("Chukotka, east of 180°", 175.0, 66.0, {"RUS"}),
        ("Vanua Levu", 179.5, -16.6, {"FJI"}),
        ("Taveuni's east coast", -179.9, -16.8, {"FJI"}),
        ("Alaska", -150.0, 66.0, {"USA"}),
    ],
)
def test_outlines_across_the_antimeridian_hold_only_their_own_land(place, lon, lat, inside):
    from shapely.geometry import Point

    from footprint.geography import outlines

    assert {iso3 for iso3, _, shape in outlines() if shape.contains(Point(lon, lat))} == inside, place


def test_outlines_are_read_once_per_process_and_again_when_the_file_changes(tmp_path, monkeypatch):
    import json
    import shutil

    from footprint import geography

    source = tmp_path / "countries-50m.json"
    shutil.copyfile(geography.COUNTRIES_FILE, source)
    monkeypatch.setattr(geography, "OUTLINES_CACHE_DIR", tmp_path / "cache")
    reads: list[Path] = []
    dissolve = geography._dissolved
    monkeypatch.setattr(geography, "_dissolved", lambda path: reads.append(path) or dissolve(path))

    first = geography.outlines(source)
    assert geography.outlines(source) is first and reads == [source]
    assert dict((iso3, name) for iso3, name, _ in first)["MLI"] == "Mali"
    assert set(geography.countries(source)["iso3"]) == {iso3 for iso3, _, _ in first}

    # The file rebuilt (a country renamed): read and dissolved again, not the process's or the folder's old copy.
    atlas = json.loads(source.read_text(encoding="utf-8"))
    for shape in atlas["objects"]["countries"]["geometries"]:
        if shape["properties"]["name"] == "Mali":
            shape["properties"]["name"] = "Mali (rebuilt)"
    source.write_text(json.dumps(atlas), encoding="utf-8")
    second = geography.outlines(source)
    assert reads == [source, source]
    assert dict((iso3, name) for iso3, name, _ in second)["MLI"] == "Mali (rebuilt)"

    # A new process finds the dissolved outlines in the folder, without dissolving them again.
    geography._outlines.cache_clear()
    again = geography.outlines(source)
    assert reads == [source, source]
    assert [(i, n) for i, n, _ in again] == [(i, n) for i, n, _ in second]
    assert all(a.equals_exact(b, 0) for (_, _, a), (_, _, b) in zip(again, second, strict=True))

    # Outlines of this file that older code wrote are removed when newer code writes its own.
    geography._outlines.cache_clear()
    kept = {path.name for path in (tmp_path / "cache").iterdir()}
    monkeypatch.setattr(geography, "OUTLINES_VERSION", geography.OUTLINES_VERSION + 1)
    geography.outlines(source)
    assert reads == [source, source, source]
    now = {path.name for path in (tmp_path / "cache").iterdir()}
    assert len(now) == len(kept) and now != kept



def test_contested_pieces_come_back_from_the_outlines_folder_without_reading_the_atlas(tmp_path, monkeypatch):
    """Validation asks whether a site lies in Somaliland or N. Cyprus; a new process answers from the folder the
    dissolved outlines are kept in, without reading the world-atlas file again."""
    import subprocess
    import sys

    from footprint import geography
    from tests.conftest import ROOT

    monkeypatch.setattr(geography, "OUTLINES_CACHE_DIR", tmp_path)
    geography._outlines.cache_clear()
    try:
        geography.outlines()  # fills tmp_path
    finally:
        geography._outlines.cache_clear()
    code = ("import sys\nfrom pathlib import Path\nimport geopandas\nfrom footprint import geography\n"
            "geography.OUTLINES_CACHE_DIR = Path(sys.argv[1])\n"
            "def unread(*args, **kwargs):\n    raise AssertionError('the atlas file was read again')\n"
            "geopandas.read_file = geography._dissolved = unread\n"
            "print(geography.contested_territory('SOM', 9.56, 44.07), geography.contested_territory('SOM', 2.04, 45.34),"
            " geography.contested_territory('CYP', 35.19, 33.36))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    # Hargeisa lies in Somaliland, Mogadishu does not; northern Nicosia lies in N. Cyprus.
    assert done.stdout.split() == ["Somaliland", "None", "N.", "Cyprus"]
