"""The command line, run as users run it: in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT, TINY, set_cell

PRESENCE_FIELDS = {
    "site_id", "site_name", "host_iso3", "lat", "lon", "actor_iso3", "force", "force_kind",
    "personnel_min", "personnel_max", "start_date", "end_date", "confidence", "source_ids",
}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "footprint", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_presence_json_is_the_documented_shape():
    result = run("presence", "--as-of", "2024-06-01", "--data", str(TINY), "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {(r["actor_iso3"], r["site_id"]) for r in rows} == {("USA", "ner-ab101"), ("RUS", "ner-ab101")}
    for row in rows:
        assert set(row) >= PRESENCE_FIELDS
        assert isinstance(row["source_ids"], list)
    russia = next(r for r in rows if r["actor_iso3"] == "RUS")
    assert russia["end_date"] is None and russia["personnel_max"] == 60


def test_presence_filters_accept_commas_and_spaces():
    by_comma = run("presence", "--as-of", "2024-06-01", "--actor", "USA,RUS", "--data", str(TINY), "--format", "json")
    by_space = run("presence", "--as-of", "2024-06-01", "--actor", "USA", "RUS", "--data", str(TINY), "--format", "json")
    assert json.loads(by_comma.stdout) == json.loads(by_space.stdout)
    only_usa = run("presence", "--as-of", "2024-06-01", "--actor", "usa", "--data", str(TINY), "--format", "json")
    assert [r["actor_iso3"] for r in json.loads(only_usa.stdout)] == ["USA"]


def test_presence_csv_joins_lists():
    result = run("presence", "--as-of", "2024-06-01", "--data", str(TINY), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {r["role"] for r in rows} == {"training;air_defense", "counterterrorism;isr_drones"}


@pytest.mark.parametrize("day", ["2024-06-01", "2020-01-01"], ids=["all counted", "headcount unknown"])
def test_presence_table_is_readable(day):
    result = run("presence", "--as-of", day, "--data", str(TINY))
    assert result.returncode == 0, result.stderr
    assert "Air Base 101" in result.stdout
    changes = run("changes", "--from", "2020-01-01", "--to", day, "--data", str(TINY))
    assert changes.returncode == 0, changes.stderr


def test_changes_json():
    result = run("changes", "--from", "2022-01-01", "--to", "2024-06-01", "--data", str(TINY), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert {(r["change"], r["actor_iso3"]) for r in json.loads(result.stdout)} == {
        ("departed", "FRA"), ("arrived", "RUS"), ("remained", "USA"),
    }


def test_events_and_site():
    events = run("events", "--from", "2023-01-01", "--to", "2024-12-31", "--data", str(TINY), "--format", "json")
    assert [e["event_id"] for e in json.loads(events.stdout)] == ["evt-ner-coup", "evt-rus-ab101"]
    site = run("site", "ner-ab101", "--data", str(TINY), "--format", "json")
    document = json.loads(site.stdout)
    assert document["site"]["name"] == "Air Base 101"
    assert [d["actor_iso3"] for d in document["deployments"]] == ["USA", "RUS"]


def test_validate_clean_and_broken(tiny_copy):
    assert run("validate", str(TINY)).returncode == 0
    set_cell(tiny_copy, "sites", 1, "lat", "95")
    broken = run("validate", str(tiny_copy))
    assert broken.returncode == 1
    assert "sites.csv, row 1 (line 2), column lat, value '95'" in broken.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["presence", "--as-of", "2024-13-01"], "not a date in YYYY-MM-DD form"),
        (["presence"], "--as-of"),
        (["presence", "--as-of", "2024-05-01", "--actor", "ZZZ"], "unknown actor 'ZZZ'"),
        (["presence", "--as-of", "2024-05-01", "--country", "FRA"], "unknown country 'FRA'"),
        (["presence", "--as-of", "2024-05-01", "--format", "xml"], "invalid choice"),
        (["changes", "--from", "2024-05-01", "--to", "2023-01-01"], "after it ends"),
        (["site", "nowhere"], "unknown site 'nowhere'"),
        (["teleport"], "invalid choice"),
    ],
    ids=["bad date", "missing date", "unknown actor", "unknown host", "bad format", "reversed", "unknown site",
         "unknown command"],
)
def test_bad_arguments_give_one_line_and_nonzero_exit(args, words):
    result = run(*args, "--data", str(TINY)) if args[0] != "teleport" else run(*args)
    assert result.returncode == 2
    assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_broken_data_is_reported_not_traced(tiny_copy):
    set_cell(tiny_copy, "deployments", 1, "confidence", "sure")
    result = run("presence", "--as-of", "2024-05-01", "--data", str(tiny_copy))
    assert result.returncode == 1
    assert "deployments.csv, row 1 (line 2), column confidence" in result.stderr
    assert "Traceback" not in result.stderr


def test_extract_finds_the_seed_claims():
    seed = ROOT / "seeds" / "000_0da0d9e10c6fc568.txt"
    result = run("extract", str(seed), "--published", "2024-05-03", "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    claims = {(c["actor"], c["host_country"], c["event"]) for c in document["claims"]}
    assert {("USA", "NER", "agreement_ended"), ("RUS", "NER", "arrival"), ("FRA", "NER", "withdrawal_completed")} <= claims
    at_air_base = [c for c in document["claims"] if c["site_id"] == "ner-air-base-101"]
    assert at_air_base and all(c["actor"] == "RUS" for c in at_air_base)
    for claim in document["claims"]:
        assert seed.read_text(encoding="utf-8")[claim["start"]:claim["end"]] == claim["evidence"]


def test_extract_reports_an_unreadable_file(tmp_path):
    result = run("extract", str(tmp_path / "missing.txt"))
    assert result.returncode == 2 and "cannot read" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(("suffix", "magic"), [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF"), ("html", b"<!DOCTYPE")])
def test_snapshot_writes_each_format(tmp_path, suffix, magic):
    output = tmp_path / f"niger.{suffix}"
    result = run("snapshot", "--as-of", "2024-05-15", "--country", "NER", "--banner", "UNCLASSIFIED", "--dpi", "60",
                 "-o", str(output))
    assert result.returncode == 0, result.stderr
    content = output.read_bytes()
    assert content.startswith(magic)
    if suffix in ("svg", "html"):
        assert b"UNCLASSIFIED" in content
    if suffix == "html":
        assert b"Air Base 101" in content and not re.search(rb"<script[^>]+src=.https?://", content)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--as-of", "2024-05-15", "--region", "atlantis"], "unknown region"),
        (["--from", "2024-05-15", "--to", "2023-01-01"], "is after --to"),
        (["--from", "2024-05-15"], "--from needs --to"),
        (["--as-of", "2024-05-15", "--bbox", "10,0,5,5"], "west (10) must be less than east"),
        (["--as-of", "2024-05-15", "--bbox", "a,b"], "W,S,E,N"),
    ],
    ids=["unknown region", "reversed period", "half a period", "reversed bbox", "malformed bbox"],
)
def test_snapshot_rejects_bad_arguments(tmp_path, args, words):
    result = run("snapshot", *args, "-o", str(tmp_path / "x.png"))
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.png").exists()


def test_brief_writes_a_deck_and_rejects_bad_dates(tmp_path):
    from pptx import Presentation

    deck = tmp_path / "sahel.pptx"
    result = run("brief", "--dates", "2023-07-01,2024-05-15", "--region", "sahel", "--sites", "ner-air-base-101",
                 "-o", str(deck))
    assert result.returncode == 0, result.stderr
    slides = Presentation(str(deck)).slides
    assert len(slides) >= 6
    assert all(slide.has_notes_slide for slide in list(slides)[1:])
    bad = run("brief", "--dates", "2024-05-15,2023-07-01", "--region", "sahel", "-o", str(tmp_path / "x.pptx"))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert not (tmp_path / "x.pptx").exists()
