"""The command line's exchange commands: export, import-sites, acled, and the workspace as a GeoPackage."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pyogrio
import pytest

from benchmarks.acled_scale import write_synthetic_acled
from footprint.cli import main
from footprint.dataset import load_dataset
from footprint.exchange.kml import read_placemarks
from footprint.query import events_between, presence_at
from footprint.view import EVENT_WINDOW_AFTER, EVENT_WINDOW_BEFORE
from footprint.workspace import Workspace
from tests.conftest import DATA


def test_export_sahel_geopackage_and_kmz(tmp_path: Path, capsys) -> None:
    data = load_dataset(DATA)
    day = dt.date(2024, 5, 15)
    presence = presence_at(data, day, region="sahel")
    events = events_between(data, day - EVENT_WINDOW_BEFORE, day + EVENT_WINDOW_AFTER, region="sahel")
    sites = set(presence["site_id"]) | set(events["site_id"].dropna())
    gpkg, kmz = tmp_path / "sahel.gpkg", tmp_path / "sahel.kmz"
    assert main(["export", "--as-of", "2024-05-15", "--region", "sahel", "-o", str(gpkg)]) == 0
    printed = capsys.readouterr().out
    assert f"{len(sites)} sites, {len(presence)} deployments, {len(events)} events, " in printed
    assert printed.rstrip().endswith("sources; date=2024-05-15; region=sahel")
    counts = {name: pyogrio.read_info(gpkg, layer=name)["features"] for name, _ in pyogrio.list_layers(gpkg)}
    assert counts == {"sites": len(sites), "deployments": len(presence), "events": len(events),
                      "sources": int(printed.split(" sources;")[0].rsplit(" ", 1)[1])}
    assert counts["sources"] > 0
    package = tmp_path / "sahel.datapackage.zip"
    assert main(["export", "--as-of", "2024-05-15", "--region", "sahel", "-o", str(package)]) == 0
    checked = subprocess.run([str(Path(sys.executable).with_name("frictionless")), "validate", str(package)],
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout[-3000:]
    assert main(["export", "--as-of", "2024-05-15", "--region", "sahel", "-o", str(kmz)]) == 0
    placemarks = read_placemarks(kmz.read_bytes(), kmz.name)
    assert len(placemarks) == len(presence) and all(p.begin for p in placemarks)
    assert {p.folder for p in placemarks} >= {"France (FRA)", "Russia (RUS)", "United States (USA)"}


def test_export_format_from_the_name_or_the_flag(tmp_path: Path, capsys) -> None:
    out = tmp_path / "niger.csv"
    assert main(["export", "--from", "2023-01-01", "--to", "2024-12-31", "--country", "NER", "-o", str(out)]) == 0
    sidecar = json.loads((tmp_path / "niger.csv-metadata.json").read_text())
    assert sidecar["url"] == "niger.csv" and sidecar["dc:description"] == "Filters: from=2023-01-01; to=2024-12-31; country=NER"
    assert main(["export", "--as-of", "2024-05-15", "--format", "parquet", "-o", str(tmp_path / "x.zip")]) == 0
    assert main(["export", "--as-of", "2024-05-15", "-o", str(tmp_path / "x.shp")]) == 2
    assert "cannot tell the format from 'x.shp'" in capsys.readouterr().err
    assert main(["export", "--from", "2024-05-15", "-o", str(tmp_path / "x.gpkg")]) == 2
    assert main(["export", "--as-of", "2024-05-15", "--actor", "XXX", "-o", str(tmp_path / "x.gpkg")]) == 2


def _sites_file(path: Path, *features: dict) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [f.pop("lon"), f.pop("lat")]},
         "properties": f} for f in features]}))
    return path


def test_import_sites_plans_merges_and_refuses(tmp_path: Path, capsys, tiny_copy: Path) -> None:
    db = tmp_path / "ws.sqlite"
    common = ["--workspace", str(db), "--data", str(tiny_copy), "--who", "ana"]
    good = _sites_file(tmp_path / "good.geojson",
                       {"name": "Niamey compound", "host_iso3": "NER", "lat": 13.52, "lon": 2.05, "source_ids": "src-one"},
                       {"name": "BA 101 annex", "aliases": "BA 101", "lat": 13.4820, "lon": 2.1840, "source_ids": "src-one"})
    assert main(["import-sites", str(good), "--dry-run", *common]) == 0
    out = capsys.readouterr().out
    assert "1 new site(s), 1 look like known sites" in out and "looks like Air Base 101 (ner-ab101)" in out
    assert Workspace(db, curated_dir=tiny_copy).rows("sites") == []
    assert main(["import-sites", str(good), *common]) == 0
    assert "added 1, merged 0, left out 1 duplicate(s) of curated sites" in capsys.readouterr().out
    bad = _sites_file(tmp_path / "bad.geojson",
                      {"name": "Dakar", "host_iso3": "NER", "lat": 14.7, "lon": -17.4, "source_ids": "src-one"})
    assert main(["import-sites", str(bad), *common]) == 1
    err = capsys.readouterr().err
    assert "bad.geojson, feature 1 ('Dakar'), field geometry" in err and "nothing was imported" in err
    assert [r["site_id"] for r in Workspace(db, curated_dir=tiny_copy).rows("sites")] == ["ner-niamey-compound"]


def test_workspace_export_and_import_through_geopackage(tmp_path: Path, capsys, tiny_copy: Path) -> None:
    db = tmp_path / "ws.sqlite"
    site = _sites_file(tmp_path / "s.geojson", {"name": "Niamey compound", "host_iso3": "NER", "lat": 13.52,
                                                 "lon": 2.05, "source_ids": "src-one"})
    assert main(["import-sites", str(site), "--workspace", str(db), "--data", str(tiny_copy), "--who", "ana"]) == 0
    out = tmp_path / "mine.gpkg"
    assert main(["workspace", "export", str(out), "--only-workspace", "--workspace", str(db),
                 "--data", str(tiny_copy)]) == 0
    fresh = tmp_path / "fresh.sqlite"
    assert main(["workspace", "import", str(out), "--who", "ben", "--workspace", str(fresh),
                 "--data", str(tiny_copy)]) == 0
    assert "imported: 0 sources, 1 sites, 0 deployments, 0 events, 0 closures" in capsys.readouterr().out
    assert [r["site_id"] for r in Workspace(fresh, curated_dir=tiny_copy).rows("sites")] == ["ner-niamey-compound"]


def test_acled_command_counts_events_near_a_site(tmp_path: Path, capsys, monkeypatch) -> None:
    export = write_synthetic_acled(tmp_path / "synthetic.csv", 4000)
    assert main(["acled", str(export), "--site", "ner-air-base-101", "--radius", "30", "--format", "csv",
                 "--cache", str(tmp_path / "cache")]) == 0
    captured = capsys.readouterr()
    assert "synthetic.csv: 4,000 events from 2018-" in captured.err and "0 row(s) left out" in captured.err
    lines = captured.out.splitlines()
    assert lines[0] == "month,event_type,events,fatalities" and len(lines) > 5
    monkeypatch.setenv("FOOTPRINT_ACLED", str(export))
    assert main(["acled", "--cache", str(tmp_path / "cache")]) == 0
    assert "(from the cache)" in capsys.readouterr().err
    (tmp_path / "wrong.csv").write_text("x\n1\n")
    assert main(["acled", str(tmp_path / "wrong.csv"), "--cache", str(tmp_path / "cache")]) == 1
    assert "wrong.csv: not an ACLED export" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["acled", "--site", "nowhere"]])
def test_acled_needs_a_file(args, monkeypatch, capsys) -> None:
    monkeypatch.delenv("FOOTPRINT_ACLED", raising=False)
    assert main(args) == 2
    assert "name the ACLED export CSV, or set FOOTPRINT_ACLED" in capsys.readouterr().err


@pytest.mark.parametrize(("who", "code", "said"), [
    ("vic", 1, "error: vic has the viewer role"),  # refused in one line, nothing written
    ("mal", 1, "error: mal is not one of this store's people"),
    ("ana", 0, "proposed for review: 0 sources, 1 sites"),  # an analyst's import waits for a reviewer
])
def test_workspace_import_into_a_team_store_says_what_happened(tmp_path: Path, capsys, tiny_copy: Path,
                                                               who: str, code: int, said: str) -> None:
    mine = tmp_path / "mine.sqlite"
    site = _sites_file(tmp_path / "s.geojson", {"name": "Niamey compound", "host_iso3": "NER", "lat": 13.52,
                                                 "lon": 2.05, "source_ids": "src-one"})
    assert main(["import-sites", str(site), "--workspace", str(mine), "--data", str(tiny_copy), "--who", "ana"]) == 0
    out = tmp_path / "mine"
    assert main(["workspace", "export", str(out), "--only-workspace", "--workspace", str(mine),
                 "--data", str(tiny_copy)]) == 0
    team_db = tmp_path / "team.sqlite"
    team = Workspace(team_db, curated_dir=tiny_copy)
    team.enable_team(admin="ada", who="ada")
    team.set_role("vic", "viewer", who="ada")
    team.set_role("ana", "analyst", who="ada")
    capsys.readouterr()
    assert main(["workspace", "import", str(out), "--who", who, "--workspace", str(team_db),
                 "--data", str(tiny_copy)]) == code
    printed = capsys.readouterr()
    assert said in (printed.err if code else printed.out)
    assert "Traceback" not in printed.err
    assert Workspace(team_db, curated_dir=tiny_copy).rows("sites") == []  # nothing joins the shared data yet
