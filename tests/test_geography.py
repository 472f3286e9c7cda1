"""Country outlines: what counts as inside a host, and extents that cross the antimeridian."""

from __future__ import annotations

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

