"""Shared links: every view the app writes reads back the same, and every odd value is clamped or dropped
with one notice per parameter (Hypothesis over the URL parser)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from footprint.dataset import load_dataset
from footprint.geography import REGIONS
from footprint.model import CONFIDENCES, ROLES, SITE_TYPES
from footprint.view import View, join_values, map_view, split_values, view_from_params
from tests.conftest import TINY, set_cell

COMMA_FORCE = "Task Force Sabre, 2nd rotation"
SLASH_FORCE = "Unit \\ Detachment,"


@pytest.fixture(scope="module")
def data():
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "data"
        shutil.copytree(TINY, target)
        set_cell(target, "deployments", 1, "force", COMMA_FORCE)
        set_cell(target, "deployments", 3, "force", SLASH_FORCE)
        yield load_dataset(target)


def test_a_force_with_a_comma_survives_a_link(data):
    view = View(as_of=data.as_of, forces=(COMMA_FORCE, SLASH_FORCE))
    again = view_from_params(view.to_params(data), data)
    assert again.forces == (COMMA_FORCE, SLASH_FORCE) and again.warnings == ()


@given(st.lists(st.text(min_size=1, max_size=20).filter(lambda t: t.strip() == t and t), max_size=6))
def test_join_and_split_values_round_trip(values):
    assert split_values(join_values(values)) == values


def test_plain_comma_links_still_read():
    assert split_values("USA, RUS,,FRA") == ["USA", "RUS", "FRA"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_every_view_the_app_writes_reads_back_the_same(data, draw):
    forces = sorted(set(data.deployments["force"].dropna()))
    first, last = data.first_day, data.as_of
    days = st.dates(min_value=first, max_value=last)
    as_of = draw.draw(days)
    period = draw.draw(st.one_of(st.none(), st.tuples(days, days).map(lambda p: tuple(sorted(p)))))
    located = draw.draw(st.booleans())
    view = View(
        as_of=period[1] if period else as_of,
        period=period,
        actors=tuple(draw.draw(st.lists(st.sampled_from(sorted(set(data.deployments["actor_iso3"]))), unique=True))),
        forces=tuple(draw.draw(st.lists(st.sampled_from(forces), unique=True))),
        countries=tuple(draw.draw(st.lists(st.sampled_from(sorted(set(data.sites["host_iso3"]))), unique=True))),
        region=draw.draw(st.one_of(st.none(), st.sampled_from(sorted(REGIONS)))),
        site_types=tuple(draw.draw(st.lists(st.sampled_from(SITE_TYPES), unique=True, max_size=3))),
        roles=tuple(draw.draw(st.lists(st.sampled_from(ROLES), unique=True, max_size=3))),
        min_confidence=draw.draw(st.one_of(st.none(), st.sampled_from(CONFIDENCES))),
        site=draw.draw(st.one_of(st.none(), st.sampled_from(sorted(data.sites.index)))),
        lat=round(draw.draw(st.floats(-85, 85)), 4) if located else None,
        lon=round(draw.draw(st.floats(-180, 180)), 4) if located else None,
        zoom=draw.draw(st.integers(1, 18)) if located else None,
    )
    again = view_from_params(view.to_params(data), data)
    assert again == view and again.warnings == ()


@pytest.mark.parametrize(
    ("params", "expected", "words"),
    [
        ({"as_of": "9999-12-31"}, {"as_of": "as_of"}, "after the data's last day"),
        ({"as_of": "2024-13-01"}, {"as_of": None}, "no such day"),
        ({"as_of": "１９９９-01-01"}, {"as_of": None}, "YYYY-MM-DD"),
        ({"as_of": "1900-01-01"}, {"as_of": "first"}, "before the data's first day"),
        ({"from": "2000-01-01", "to": "9999-12-31"}, {"period": True}, "showing"),
    ],
)
def test_dates_out_of_range_are_clamped_with_a_notice(data, params, expected, words):
    view = view_from_params(params, data)
    assert len(view.warnings) == len(params) if "from" not in params else len(view.warnings) == 2
    assert any(words in warning for warning in view.warnings), view.warnings
    if expected.get("as_of") == "as_of":
        assert view.as_of == data.as_of
    elif expected.get("as_of") == "first":
        assert view.as_of == data.first_day
    if expected.get("period"):
        assert view.period == (data.first_day, data.as_of)


@pytest.mark.parametrize(
    ("params", "lat", "lon", "zoom", "notices"),
    [
        ({"lat": "13.5", "lon": "-194.06", "zoom": "5"}, 13.5, 165.94, 5, 0),
        ({"lat": "13.5", "lon": "540", "zoom": "5"}, 13.5, -180.0, 5, 0),
        ({"lat": "89", "lon": "2", "zoom": "30"}, 85.0, 2.0, 18, 2),
        ({"lat": "１３", "lon": "2", "zoom": "5"}, None, None, None, 1),
        ({"lat": "nan", "lon": "2", "zoom": "5"}, None, None, None, 1),
        ({"lat": "13", "lon": "2"}, None, None, None, 1),
    ],
)
def test_map_view_wraps_clamps_or_drops(params, lat, lon, zoom, notices):
    warnings: list[str] = []
    got = map_view(params, warnings)
    assert got[0] == lat and got[2] == zoom and len(warnings) == notices
    if lon is not None:
        assert got[1] == pytest.approx(lon)


def test_two_thousand_unknown_values_make_one_notice(data):
    params = {"actor": ",".join(f"Q{n:04d}" for n in range(2000)), "force": "nobody,[x](http://evil.example)",
              "region": "![p](https://evil.example/p.png)", "country": "NER,XXX"}
    view = view_from_params(params, data)
    assert len(view.warnings) == 4
    actor = next(w for w in view.warnings if w.startswith("ignored actor"))
    assert "1997 more" in actor and len(actor) < 200
    assert view.countries == ("NER",)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(
    st.sampled_from(["as_of", "from", "to", "actor", "force", "country", "region", "site_type", "role",
                     "min_confidence", "site", "lat", "lon", "zoom", "other"]),
    st.one_of(st.text(max_size=60), st.sampled_from(["9999-12-31", "2024-13-01", "0000-00-00", "-194.06", "1e308",
                                                     "inf", "nan", "２０２４-01-01", "\\", ",,,", "USA,\\,RUS"])),
))
def test_any_link_opens_with_at_most_one_notice_per_parameter(data, params):
    view = view_from_params(params, data)
    assert len(view.warnings) <= len(params)
    assert data.first_day <= view.as_of <= data.as_of
    if view.period:
        assert data.first_day <= view.period[0] <= view.period[1] <= data.as_of
    if view.lat is not None:
        assert -85 <= view.lat <= 85 and -180 <= view.lon <= 180 and 1 <= view.zoom <= 18
    again = view_from_params(view.to_params(data), data)
    assert again == view and again.warnings == ()


def test_dataset_first_day(data):
    assert data.first_day == dt.date(2013, 1, 1)
