"""Each kind of bad input gets a message naming file, row, column and value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from footprint.dataset import DatasetError, load_dataset
from tests.conftest import TINY, read_table, set_cell, write_table


def test_the_tiny_fixture_is_valid():
    dataset = load_dataset(TINY)
    assert len(dataset.sites) == 2
    assert len(dataset.deployments) == 3


# (case, table, row, column, bad value, expected row, expected column, words in the message)
CELL_CASES = [
    ("unparsable date", "deployments", 1, "start_date", "last year", 1, "start_date", "pattern"),
    ("impossible date", "deployments", 1, "end_date", "2024-02-30", 1, "end_date", "not a calendar date"),
    ("date finer than its precision", "deployments", 2, "start_date", "2024-05-10", 2, "start_date",
     "written at day precision but the precision says month"),
    ("date coarser than its precision", "events", 1, "date", "2024", 1, "date", "written at year precision"),
    ("end before start", "deployments", 1, "end_date", "2012-06-01", 1, "end_date", "ends before it starts"),
    ("end after the as-of date", "deployments", 1, "end_date", "2026-03-01", 1, "end_date", "after the dataset's as-of"),
    ("event after the as-of date", "events", 2, "date", "2026-01", 2, "date", "after the dataset's as-of"),
    ("dangling site", "deployments", 3, "site_id", "mli-nowhere", 3, "site_id", "not an id in sites.csv"),
    ("dangling event site", "events", 1, "site_id", "ner-nowhere", 1, "site_id", "not an id in sites.csv"),
    ("dangling source", "events", 2, "source_ids", "src-two;src-missing", 2, "source_ids", "'src-missing'"),
    ("duplicate id", "sites", 2, "site_id", "ner-ab101", 2, "site_id", "duplicate id; row 1"),
    ("latitude out of range", "sites", 1, "lat", "95", 1, "lat", "less than or equal to 90"),
    ("longitude not a number", "sites", 1, "lon", "east", 1, "lon", "valid number"),
    ("site outside its host", "sites", 2, "host_iso3", "NER", 2, "lat", "outside NER"),
    ("unknown ISO3", "deployments", 1, "actor_iso3", "XYZ", 1, "actor_iso3", "not an ISO 3166-1 alpha-3"),
    ("lower-case ISO3", "events", 3, "host_iso3", "ner", 3, "host_iso3", "pattern"),
    ("unknown site type", "sites", 1, "site_type", "castle", 1, "site_type", "'air_base'"),
    ("unknown confidence", "deployments", 2, "confidence", "sure", 2, "confidence", "'high'"),
    ("unknown role", "deployments", 2, "role", "training;sightseeing", 2, "role", "'counterterrorism'"),
    ("unknown event type", "events", 1, "event_type", "party", 1, "event_type", "'arrival'"),
    ("personnel min above max", "deployments", 1, "personnel_min", "2000", 1, "personnel_min", "above personnel_max"),
    ("negative personnel", "deployments", 1, "personnel_max", "-5", 1, "personnel_max", "greater than or equal to 0"),
    ("deployment without source", "deployments", 2, "source_ids", "", 2, "source_ids", "cites no source"),
    ("event without source", "events", 1, "source_ids", " ; ", 1, "source_ids", "cites no source"),
    ("site without source", "sites", 1, "source_ids", "", 1, "source_ids", "cites no source"),
    ("missing required value", "sites", 2, "name", "", 2, "name", "a value is required"),
    ("end date without precision", "deployments", 2, "end_date", "2025-01", 2, "end_precision", "is empty"),
    ("non-http url", "sources", 1, "url", "javascript:alert(1)", 1, "url", "pattern"),
    ("missing seed file", "sources", 2, "seed_file", "nope.txt", 2, "seed_file", "no such file under seeds/"),
    ("agency written into the outlet", "sources", 1, "outlet", "Example Post (Reuters wire)", 1, "outlet",
     "put the wire agency in original_agency"),
    ("unknown source kind", "sources", 1, "kind", "blog", 1, "kind", "'official'"),
    ("source without kind", "sources", 2, "kind", "", 2, "kind", "a value is required"),
    ("agency that is the outlet", "sources", 1, "original_agency", "example wire", 1, "original_agency",
     "original_agency is for a copy"),
    ("disputed not written true/false", "sites", 1, "disputed", "yes", 1, "disputed", "written true or false"),
    ("disputed missing", "sites", 2, "disputed", "", 2, "disputed", "a value is required"),
    ("country precision on a base", "sites", 1, "location_precision", "country", 1, "location_precision",
     "both or neither"),
    ("country row with a city precision", "sites", 2, "site_type", "country", 2, "location_precision",
     "both or neither"),
    ("sending state is the host", "deployments", 3, "actor_iso3", "MLI", 3, "actor_iso3",
     "the sending state is the host of site 'mli-gao'"),
]


@pytest.mark.parametrize(
    ("table", "row", "column", "value", "want_row", "want_column", "words"),
    [case[1:] for case in CELL_CASES],
    ids=[case[0] for case in CELL_CASES],
)
def test_bad_cell_is_reported_with_file_row_column(tiny_copy, table, row, column, value, want_row, want_column, words):
    set_cell(tiny_copy, table, row, column, value)
    with pytest.raises(DatasetError) as caught:
        load_dataset(tiny_copy)
    matching = [p for p in caught.value.problems if p.column == want_column and p.row == want_row]
    assert matching, f"no problem at row {want_row}, column {want_column}: {caught.value}"
    problem = matching[0]
    assert problem.file == f"{table}.csv"
    assert words in problem.message or words in str(problem)
    rendered = str(caught.value)
    assert f"{table}.csv, row {want_row} (line {want_row + 1}), column {want_column}" in rendered


def test_missing_and_unknown_columns(tiny_copy):
    header, rows = read_table(tiny_copy, "sites")
    header = [c for c in header if c != "lat"] + ["colour"]
    write_table(tiny_copy, "sites", header, rows)
    with pytest.raises(DatasetError) as caught:
        load_dataset(tiny_copy)
    found = {(p.file, p.column): p.message for p in caught.value.problems}
    assert "missing" in found[("sites.csv", "lat")]
    assert "unknown column" in found[("sites.csv", "colour")]


def test_ragged_row_is_named(tiny_copy):
    path = tiny_copy / "events.csv"
    path.write_text(path.read_text(encoding="utf-8") + "evt-extra,2024-01-01,day\n", encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(tiny_copy)
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.line) == ("events.csv", 4, 5)
    assert "has 3 fields but the header has 11" in problem.message


def test_not_utf8_is_named(tiny_copy):
    (tiny_copy / "sources.csv").write_bytes("source_id,outlet\nsrc-x,Le Monde caf\xe9\n".encode("latin-1"))
    with pytest.raises(DatasetError) as caught:
        load_dataset(tiny_copy)
    assert any(p.file == "sources.csv" and "not UTF-8" in p.message for p in caught.value.problems)


def test_missing_table_and_bad_as_of(tiny_copy):
    (tiny_copy / "events.csv").unlink()
    (tiny_copy / "datapackage.json").write_text(json.dumps({"as_of": "soon"}), encoding="utf-8")
    with pytest.raises(DatasetError) as caught:
        load_dataset(tiny_copy)
    files = {p.file: p.message for p in caught.value.problems}
    assert files["events.csv"] == "file is missing"
    assert "as_of" in files["datapackage.json"]


def test_every_problem_is_listed_at_once(tiny_copy):
    set_cell(tiny_copy, "sites", 1, "lat", "95")
    set_cell(tiny_copy, "deployments", 2, "confidence", "sure")
    set_cell(tiny_copy, "events", 3, "source_ids", "")
    with pytest.raises(DatasetError) as caught:
        load_dataset(tiny_copy)
    places = {(p.file, p.row, p.column) for p in caught.value.problems}
    assert {("sites.csv", 1, "lat"), ("deployments.csv", 2, "confidence"), ("events.csv", 3, "source_ids")} <= places
    assert str(caught.value).startswith(f"{len(caught.value.problems)} problem(s) in the data:")


def test_hostile_text_is_kept_verbatim_not_rejected(tiny_copy):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    set_cell(tiny_copy, "events", 1, "summary", payload)
    dataset = load_dataset(tiny_copy)
    assert dataset.events.loc[0, "summary"] == payload


def test_not_a_directory(tmp_path: Path):
    with pytest.raises(DatasetError, match="is not a directory"):
        load_dataset(tmp_path / "absent")


def _move_site(directory: Path, row: int, host: str, lat: str, lon: str) -> None:
    for column, value in (("host_iso3", host), ("lat", lat), ("lon", lon)):
        set_cell(directory, "sites", row, column, value)


def test_a_states_own_overseas_territory_is_not_foreign(tiny_copy):
    _move_site(tiny_copy, 1, "GUM", "13.584", "144.93")  # Andersen Air Force Base, Guam
    with pytest.raises(DatasetError) as caught:
        load_dataset(tiny_copy)
    [problem] = [p for p in caught.value.problems if p.column == "actor_iso3"]
    assert (problem.file, problem.row, problem.value) == ("deployments.csv", 1, "USA")
    assert "GUM is an overseas territory of USA" in problem.message
    # Russia's deployment at the same site is foreign, so only the US row is refused.


def test_a_third_states_forces_in_a_territory_are_foreign(tiny_copy):
    _move_site(tiny_copy, 1, "IOT", "-7.313", "72.411")  # Diego Garcia: British territory, US forces foreign
    dataset = load_dataset(tiny_copy)
    assert set(dataset.deployments["actor_iso3"]) >= {"USA", "RUS"}
    set_cell(tiny_copy, "deployments", 1, "actor_iso3", "GBR")
    with pytest.raises(DatasetError, match="IOT is an overseas territory of GBR"):
        load_dataset(tiny_copy)


@pytest.mark.parametrize(
    ("host", "lat", "lon", "territory"),
    [
        ("MDA", "46.84", "29.63", "Transnistria"),  # Tiraspol
        ("GEO", "43.1", "40.62", "Abkhazia"),  # Gudauta
        ("GEO", "42.23", "43.97", "South Ossetia"),  # Tskhinvali
        ("UKR", "44.6", "33.52", "Crimea"),  # Sevastopol
        ("AZE", "39.82", "46.75", "Nagorno-Karabakh"),  # Khankendi / Stepanakert
        ("CYP", "35.34", "33.32", "N. Cyprus"),  # Kyrenia
        ("XKX", "42.36", "21.25", "Kosovo"),  # Camp Bondsteel area
    ],
)
def test_a_site_in_contested_territory_must_be_flagged_disputed(tiny_copy, host, lat, lon, territory):
    _move_site(tiny_copy, 2, host, lat, lon)
    with pytest.raises(DatasetError) as caught:
        load_dataset(tiny_copy)
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == ("sites.csv", 2, "disputed", "false")
    assert f"lies in {territory}" in problem.message
    set_cell(tiny_copy, "sites", 2, "disputed", "true")
    assert load_dataset(tiny_copy).sites.loc["mli-gao", "disputed"]


@pytest.mark.parametrize(("host", "lat", "lon"), [("GEO", "42.51", "41.87"), ("MDA", "47.0", "28.86"),
                                                   ("GEO", "41.98", "44.11"), ("CYP", "34.59", "32.99")])
def test_towns_beside_contested_territory_need_no_flag(tiny_copy, host, lat, lon):
    _move_site(tiny_copy, 2, host, lat, lon)  # Zugdidi, Chisinau, Gori, RAF Akrotiri
    assert not load_dataset(tiny_copy).sites.loc["mli-gao", "disputed"]


def test_a_country_level_row_is_accepted(tiny_copy):
    set_cell(tiny_copy, "sites", 2, "site_type", "country")
    set_cell(tiny_copy, "sites", 2, "location_precision", "country")
    assert load_dataset(tiny_copy).sites.loc["mli-gao", "site_type"] == "country"


def test_an_island_the_outlines_leave_out_is_inside_its_host(tiny_copy):
    _move_site(tiny_copy, 2, "MUS", "-10.4", "56.61")  # Agaléga, missing from the 1:50m outlines
    assert load_dataset(tiny_copy).sites.loc["mli-gao", "host_iso3"] == "MUS"
    _move_site(tiny_copy, 2, "MUS", "-12.0", "56.61")  # open sea south of it
    with pytest.raises(DatasetError, match="outside MUS"):
        load_dataset(tiny_copy)
