"""Query semantics on the tiny fixture, precision edge cases included.

The fixture: USA at Air Base 101 from 2013 (year) to 2024-07-07 (day); Russia's
Africa Corps there from 2024-05 (month), still present; France at Gao from
2013-01-26 (day) to 2022-08 (month).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from footprint.dataset import load_dataset
from footprint.query import (
    QueryError,
    changes,
    events_between,
    presence_at,
    presence_between,
    site_history,
)
from tests.conftest import TINY


@pytest.fixture(scope="module")
def tiny():
    return load_dataset(TINY)


def _present(frame):
    return {(row.actor_iso3, row.site_id): bool(row.certain) for row in frame.itertuples()}


# (date, {(actor, site): certain})
PRESENCE_CASES = [
    ("2012-12-31", {}),
    ("2013-01-01", {("USA", "ner-ab101"): False}),  # year-precision start: present from 1 January, uncertain
    ("2013-01-25", {("USA", "ner-ab101"): False}),
    ("2013-01-26", {("USA", "ner-ab101"): False, ("FRA", "mli-gao"): True}),
    ("2013-12-31", {("USA", "ner-ab101"): True, ("FRA", "mli-gao"): True}),
    ("2022-08-01", {("USA", "ner-ab101"): True, ("FRA", "mli-gao"): True}),  # last day is in August: on the 1st, still there
    ("2022-08-02", {("USA", "ner-ab101"): True, ("FRA", "mli-gao"): False}),  # month-precision end: maybe gone
    ("2022-08-31", {("USA", "ner-ab101"): True, ("FRA", "mli-gao"): False}),
    ("2022-09-01", {("USA", "ner-ab101"): True}),
    ("2024-04-30", {("USA", "ner-ab101"): True}),
    ("2024-05-01", {("USA", "ner-ab101"): True, ("RUS", "ner-ab101"): False}),
    ("2024-06-01", {("USA", "ner-ab101"): True, ("RUS", "ner-ab101"): True}),
    ("2024-07-07", {("USA", "ner-ab101"): True, ("RUS", "ner-ab101"): True}),  # day-precision end is inclusive
    ("2024-07-08", {("RUS", "ner-ab101"): True}),
    ("2030-01-01", {("RUS", "ner-ab101"): True}),  # open deployments continue
]


@pytest.mark.parametrize(("date", "expected"), PRESENCE_CASES, ids=[c[0] for c in PRESENCE_CASES])
def test_presence_at(tiny, date, expected):
    assert _present(presence_at(tiny, date)) == expected


def test_presence_accepts_date_objects(tiny):
    assert _present(presence_at(tiny, dt.date(2024, 6, 1))) == _present(presence_at(tiny, "2024-06-01"))


# (filters, actors expected on 2024-06-01)
FILTER_CASES = [
    ({"actors": ["usa"]}, {"USA"}),
    ({"actors": ["USA", "RUS"]}, {"USA", "RUS"}),
    ({"forces": ["africa corps"]}, {"RUS"}),
    ({"countries": ["MLI"]}, set()),
    ({"countries": ["NER"]}, {"USA", "RUS"}),
    ({"site_types": ["army_base"]}, set()),
    ({"roles": ["air_defense"]}, {"RUS"}),
    ({"roles": ["isr_drones", "air_defense"]}, {"USA", "RUS"}),
    ({"min_confidence": "high"}, {"USA"}),
    ({"min_confidence": "medium"}, {"USA", "RUS"}),
    ({"min_confidence": "low"}, {"USA", "RUS"}),
]


@pytest.mark.parametrize(("filters", "actors"), FILTER_CASES, ids=[str(c[0]) for c in FILTER_CASES])
def test_presence_filters(tiny, filters, actors):
    assert set(presence_at(tiny, "2024-06-01", **filters)["actor_iso3"]) == actors


def test_presence_rows_carry_the_stable_fields(tiny):
    row = presence_at(tiny, "2024-06-01", actors=["USA"]).iloc[0]
    assert row["site_name"] == "Air Base 101"
    assert (row["lat"], row["lon"]) == (13.4815, 2.1836)
    assert (row["personnel_min"], row["personnel_max"]) == (1000, 1100)
    assert row["source_ids"] == ("src-one",)
    assert row["start_date"] == "2013" and row["end_date"] == "2024-07-07"


def test_presence_between_overlap_and_certainty(tiny):
    window = presence_between(tiny, "2022-08-15", "2024-05-15")
    assert _present(window) == {
        ("USA", "ner-ab101"): True,
        ("FRA", "mli-gao"): False,
        ("RUS", "ner-ab101"): False,
    }
    assert presence_between(tiny, "2012-01-01", "2012-12-31").empty


def test_changes_classifies_and_counts(tiny):
    table = changes(tiny, "2022-01-01", "2024-06-01")
    rows = {(r.change, r.actor_iso3): r for r in table.itertuples()}
    assert set(rows) == {("departed", "FRA"), ("arrived", "RUS"), ("remained", "USA")}
    assert rows[("arrived", "RUS")].personnel_change == 60
    assert rows[("remained", "USA")].personnel_change == 0
    assert str(rows[("departed", "FRA")].personnel_before) == "<NA>"  # present, headcount unknown
    assert rows[("arrived", "RUS")].personnel_before == 0  # absent means none
    assert list(table["change"]) == ["departed", "arrived", "remained"]


def test_changes_honours_filters(tiny):
    assert set(changes(tiny, "2022-01-01", "2024-06-01", countries=["NER"])["actor_iso3"]) == {"RUS", "USA"}


def test_events_between_uses_date_spans(tiny):
    assert list(events_between(tiny, "2022-08-20", "2022-08-20")["event_id"]) == ["evt-fra-gao"]
    assert list(events_between(tiny, "2022-01-01", "2025-01-01")["event_id"]) == [
        "evt-fra-gao", "evt-ner-coup", "evt-rus-ab101",
    ]
    assert list(events_between(tiny, "2020-01-01", "2025-01-01", event_types=["coup"])["event_id"]) == ["evt-ner-coup"]
    only_site = events_between(tiny, "2020-01-01", "2025-01-01", sites=["ner-ab101"])
    assert list(only_site["site_name"]) == ["Air Base 101"]


def test_site_history(tiny):
    history = site_history(tiny, "ner-ab101")
    assert list(history.deployments["actor_iso3"]) == ["USA", "RUS"]
    assert list(history.events["event_id"]) == ["evt-rus-ab101"]
    assert list(history.sources["source_id"]) == ["src-one"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda d: presence_at(d, "2024-13-01"), "not a date"),
        (lambda d: presence_between(d, "2024-05-01", "2024-01-01"), "after it ends"),
        (lambda d: changes(d, "2024-05-01", "2024-01-01"), "after it ends"),
        (lambda d: presence_at(d, "2024-05-01", min_confidence="certain"), "unknown confidence"),
        (lambda d: site_history(d, "nowhere"), "unknown site"),
    ],
    ids=["bad date", "reversed window", "reversed changes", "bad confidence", "unknown site"],
)
def test_bad_queries_raise_query_error(tiny, call, message):
    with pytest.raises(QueryError, match=message):
        call(tiny)


REAL_DAYS = ["2014-06-01", "2020-03-15", "2024-05-15", "2026-01-01"]


@pytest.fixture(scope="module")
def real():
    from tests.conftest import DATA

    return load_dataset(DATA)


@pytest.mark.parametrize("day", REAL_DAYS)
def test_presence_is_every_overlapping_deployment_in_presence_order(real, day):
    """Worked out row by row from the deployments, not from the prepared (joined and sorted once) frame."""
    when = pd.Timestamp(day)
    expected = [row.deployment_id for row in real.deployments.itertuples()
                if row.start_earliest <= when and (pd.isna(row.end_latest) or row.end_latest >= when)]
    present = presence_at(real, day)
    assert sorted(present["deployment_id"]) == sorted(expected)
    keys = list(zip(present["host_iso3"], present["site_name"], present["actor_iso3"],
                    present["deployment_id"].map(real.deployments.set_index("deployment_id")["start_earliest"]),
                    strict=True))
    assert keys == sorted(keys, key=lambda key: (*key[:3], key[3].value))
    # Rows of equal keys keep the dataset's own order (as a stable sort of the result alone would).
    position = {deployment: i for i, deployment in enumerate(real.deployments["deployment_id"])}
    ids = list(present["deployment_id"])
    for i in range(len(ids) - 1):
        if keys[i] == keys[i + 1]:
            assert position[ids[i]] < position[ids[i + 1]]


def test_query_results_are_the_callers_own(real):
    """The frames prepared once per dataset are shared: what a caller does to a result never reaches them."""
    present = presence_at(real, "2024-05-15")
    events = events_between(real, "2024-01-01", "2024-12-31")
    expected_present, expected_events = present.copy(), events.copy()
    present["site_name"] = "changed"
    present.loc[present.index[:3], "actor_iso3"] = "XXX"
    events["summary"] = "changed"
    pd.testing.assert_frame_equal(presence_at(real, "2024-05-15"), expected_present)
    pd.testing.assert_frame_equal(events_between(real, "2024-01-01", "2024-12-31"), expected_events)
