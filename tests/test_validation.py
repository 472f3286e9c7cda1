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
