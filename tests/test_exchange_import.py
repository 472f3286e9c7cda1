"""Imports of sites (GeoJSON, KML/KMZ, GeoPackage) into the workspace, and the workspace through a GeoPackage."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from fastkml import KML, Data, Document, ExtendedData, Placemark
from fastkml.geometry import Point as KmlPoint
from pygeoif.geometry import Point as GeoPoint
from shapely.geometry import Point, Polygon

from footprint.dataset import DatasetError
from footprint.exchange.site_import import (
    SiteImportError,
    apply_site_import,
    distances_km,
    plan_site_import,
)
from footprint.exchange.workspace_file import export_workspace_gpkg, import_workspace_gpkg
from footprint.workspace import Workspace

TABLES = ("sources", "sites", "deployments", "events")


@pytest.fixture
def ws(tmp_path: Path, tiny_copy: Path) -> Workspace:
    return Workspace(tmp_path / "ws" / "footprint.sqlite", curated_dir=tiny_copy)


def _geojson(*features: dict) -> bytes:
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": f.pop("geometry", None) or {"type": "Point",
                                                                    "coordinates": [f.pop("lon"), f.pop("lat")]},
         "properties": f}
        for f in features
    ]}
    return json.dumps(collection).encode()


NEW_NIAMEY = {"name": "Compound near Niamey airport", "host_iso3": "NER", "site_type": "camp", "lat": 13.52,
              "lon": 2.05, "source_ids": "src-one"}
NEW_GAO = {"name": "Gao east camp", "lat": 16.27, "lon": 0.10, "source_ids": "src-two"}  # no host: inferred
NEAR_AB101 = {"name": "Niamey air base", "host_iso3": "NER", "lat": 13.4830, "lon": 2.1800, "source_ids": "src-one"}
ALIAS_AB101 = {"name": "BA-101", "host_iso3": "NER", "lat": 13.60, "lon": 2.40, "source_ids": "src-one"}


def _plan(ws: Workspace, content: bytes, name: str, **options):
    return plan_site_import(content, name, ws.merged(), workspace_site_ids=[r["site_id"] for r in ws.rows("sites")],
                            **options)


def test_geojson_sites_are_added_and_duplicates_offered_as_merges(ws: Workspace) -> None:
    content = _geojson(dict(NEW_NIAMEY), dict(NEW_GAO), dict(NEAR_AB101), dict(ALIAS_AB101))
    plan = _plan(ws, content, "compounds.geojson")
    assert [(n, row["site_id"], row["host_iso3"]) for n, row in plan.new] == [
        (1, "ner-compound-near-niamey-airport", "NER"), (2, "mli-gao-east-camp", "MLI")]
    assert plan.new[1][1]["site_type"] == "other" and plan.new[1][1]["location_precision"] == "approximate"
    duplicates = {d.feature: d for d in plan.duplicates}
    assert set(duplicates) == {3, 4}
    assert duplicates[3].site_id == "ner-ab101" and duplicates[3].reason.endswith("km from it")
    assert duplicates[3].distance_km < 1
    assert duplicates[4].site_id == "ner-ab101" and "'ba 101'" in duplicates[4].reason

    result = apply_site_import(ws, plan, who="ana")
    assert result.added == ["ner-compound-near-niamey-airport", "mli-gao-east-camp"]
    assert result.kept == ["ner-ab101", "ner-ab101"] and result.merged == []
    merged = ws.merged()
    assert merged.sites.loc["mli-gao-east-camp", "origin"] == "workspace"
    assert merged.sites.loc["mli-gao-east-camp", "lat"] == 16.27
    assert len(ws.rows("sites")) == 2


def test_a_duplicate_of_a_workspace_site_merges_its_names_and_sources(ws: Workspace) -> None:
    apply_site_import(ws, _plan(ws, _geojson(dict(NEW_NIAMEY)), "a.geojson"), who="ana")
    again = {**NEW_NIAMEY, "name": "Camp Tondibiah", "aliases": "Tondibia", "lat": 13.525, "source_ids": "src-two"}
    plan = _plan(ws, _geojson(again), "b.geojson")
    assert plan.new == [] and plan.duplicates[0].in_workspace
    result = apply_site_import(ws, plan, who="ben")
    assert result.merged == ["ner-compound-near-niamey-airport"]
    (row,) = ws.rows("sites")
    assert row["aliases"] == "Camp Tondibiah;Tondibia" and row["source_ids"] == "src-one;src-two"
    assert row["lat"] == "13.52"  # the known site keeps its point


def test_a_duplicate_can_be_added_as_a_site_of_its_own(ws: Workspace) -> None:
    plan = _plan(ws, _geojson({**ALIAS_AB101, "site_id": "ner-other-101"}), "c.geojson")
    result = apply_site_import(ws, plan, who="ana", add_as_new=[1])
    assert result.added == ["ner-other-101"] and [r["site_id"] for r in ws.rows("sites")] == ["ner-other-101"]


def test_malformed_features_are_refused_naming_file_feature_and_field(ws: Workspace) -> None:
    square = {"type": "Polygon", "coordinates": [[[2, 13], [3, 13], [3, 14], [2, 13]]]}
    content = _geojson(
        dict(NEW_NIAMEY),
        {"name": "Dakar in Niger", "host_iso3": "NER", "lat": 14.74, "lon": -17.49, "source_ids": "src-one"},
        {"name": "Bad type", "host_iso3": "NER", "site_type": "fortress", "lat": 13.9, "lon": 2.5,
         "source_ids": "src-one"},
        {"host_iso3": "NER", "lat": 14.0, "lon": 3.0, "source_ids": "src-one"},
        {"name": "Area", "geometry": square, "source_ids": "src-one"},
        {"name": "Unsourced", "host_iso3": "NER", "lat": 14.2, "lon": 3.1},
        {"name": "Unknown source", "host_iso3": "NER", "lat": 14.3, "lon": 3.2, "source_ids": "src-nowhere"},
        {"name": "At sea", "lat": 0.0, "lon": -20.0, "source_ids": "src-one"},
    )
    with pytest.raises(SiteImportError) as caught:
        _plan(ws, content, "mine.geojson")
    lines = [str(p) for p in caught.value.problems]
    assert lines[0].startswith("mine.geojson, feature 2 ('Dakar in Niger'), field geometry: the point (14.74, -17.49)")
    assert "outside NER" in lines[0]
    assert lines[1].startswith("mine.geojson, feature 3 ('Bad type'), field site_type, value 'fortress':")
    assert lines[2] == "mine.geojson, feature 4, field name: a site needs a name"
    assert lines[3] == "mine.geojson, feature 5 ('Area'), field geometry: has Polygon; a site must be a point"
    assert lines[4].startswith("mine.geojson, feature 6 ('Unsourced'), field source_ids: the feature cites no source")
    assert lines[5].startswith("mine.geojson, feature 7 ('Unknown source'), field source_ids, value 'src-nowhere'")
    assert lines[6].startswith("mine.geojson, feature 8 ('At sea'), field host_iso3: no host_iso3 given")
    assert len(lines) == 7
    assert ws.rows("sites") == [] and ws.history().empty


def test_unreadable_and_unsupported_files_are_refused(ws: Workspace) -> None:
    with pytest.raises(SiteImportError, match=r"^1 problem.*\n  - broken.gpkg: cannot be read as GPKG"):
        _plan(ws, b"not a database", "broken.gpkg")
    with pytest.raises(SiteImportError, match=r"sites.shp: cannot import .shp files"):
        _plan(ws, b"", "sites.shp")
    with pytest.raises(SiteImportError, match=r"empty.geojson: holds no features"):
        _plan(ws, _geojson(), "empty.geojson")
    assert ws.history().empty


def test_a_default_source_covers_features_that_cite_none(ws: Workspace) -> None:
    plan = _plan(ws, _geojson({"name": "Unsourced", "host_iso3": "NER", "lat": 14.2, "lon": 3.1}), "d.geojson",
                 source_ids=["src-two"])
    assert plan.new[0][1]["source_ids"] == "src-two"
    with pytest.raises(SiteImportError, match=r"'src-none' is not a known source"):
        _plan(ws, _geojson(dict(NEW_NIAMEY)), "d.geojson", source_ids=["src-none"])


def _kml(*placemarks: tuple[str, float, float, dict[str, str]]) -> bytes:
    features = [
        Placemark(name=name, kml_geometry=KmlPoint(geometry=GeoPoint(lon, lat)),
                  extended_data=ExtendedData(elements=[Data(name=k, value=v) for k, v in data.items()]))
        for name, lat, lon, data in placemarks
    ]
    return KML(features=[Document(name="mine", features=features)]).to_string().encode()


def test_kml_and_kmz_sites_are_read_from_name_point_and_data(ws: Workspace) -> None:
    content = _kml(("Tillabéri post", 14.21, 1.45, {"host_iso3": "NER", "source_ids": "src-one", "site_type": "camp"}),
                   ("Broken", 14.3, 1.5, {"host_iso3": "NER", "source_ids": "src-one", "location_precision": "vague"}))
    with pytest.raises(SiteImportError, match=r"mine.kml, feature 2 \('Broken'\), field location_precision, "
                                              r"value 'vague'"):
        _plan(ws, content, "mine.kml")
    good = _kml(("Tillabéri post", 14.21, 1.45, {"host_iso3": "NER", "source_ids": "src-one", "site_type": "camp"}))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("doc.kml", good)
    plan = _plan(ws, buffer.getvalue(), "mine.kmz")
    assert [(row["site_id"], row["name"], row["lat"], row["site_type"]) for _, row in plan.new] == [
        ("ner-tillaberi-post", "Tillabéri post", "14.21", "camp")]
    apply_site_import(ws, plan, who="ana")
    assert ws.merged().sites.loc["ner-tillaberi-post", "lon"] == 1.45


def test_geopackage_sites_are_read_from_a_sites_layer(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "mine.gpkg"
    frame = gpd.GeoDataFrame(
        {"name": ["Ouallam post", "Square"], "host_iso3": ["NER", "NER"], "source_ids": ["src-one", "src-one"]},
        geometry=[Point(2.09, 14.32), Polygon([(2, 13), (3, 13), (3, 14)])], crs="EPSG:4326")
    pyogrio.write_dataframe(frame, path, layer="sites")
    with pytest.raises(SiteImportError, match=r"mine.gpkg, feature 2 \('Square'\), field geometry"):
        _plan(ws, path.read_bytes(), "mine.gpkg")
    pyogrio.write_dataframe(frame.iloc[:1], path, layer="sites")
    plan = _plan(ws, path.read_bytes(), "mine.gpkg")
    assert [row["site_id"] for _, row in plan.new] == ["ner-ouallam-post"]


def test_distances_are_great_circle_kilometres() -> None:
    import numpy as np

    # One degree of latitude is about 111.2 km on a sphere of mean Earth radius.
    assert distances_km(0.0, 0.0, np.array([1.0]), np.array([0.0]))[0] == pytest.approx(111.195, abs=0.01)


# --- the workspace through a GeoPackage -----------------------------------------------


def _fill(ws: Workspace) -> None:
    ws.add({
        "sources": [{"source_id": "src-new-wire", "outlet": "New Wire", "title": "Troops arrive",
                     "published": "2025-03-02", "url": "https://example.org/new", "note": "test", "kind": "wire"}],
        "sites": [{"site_id": "ner-agadez", "name": "Agadez", "aliases": "Air Base 201;BA 201",
                   "site_type": "drone_base", "host_iso3": "NER", "lat": "16.96590", "lon": "8.0008",
                   "location_precision": "approximate", "notes": 'Quoted "text", with commas; and more.',
                   "source_ids": "src-new-wire", "disputed": "false"}],
        "deployments": [{"deployment_id": "dep-usa-agadez", "actor_iso3": "USA", "force_kind": "national_military",
                         "site_id": "ner-agadez", "start_date": "2019-11", "start_precision": "month",
                         "personnel_min": 800, "personnel_max": 1000, "role": "isr_drones", "confidence": "medium",
                         "source_ids": "src-new-wire"}],
    }, who="ana")
    ws.close_deployment("dep-rus-ab101", "2025-06-30", "day", who="ben", source_id="src-new-wire")


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def test_workspace_round_trip_through_geopackage_is_as_lossless_as_csv(
    ws: Workspace, tiny_copy: Path, tmp_path: Path
) -> None:
    _fill(ws)
    csv_export = ws.export(tmp_path / "csv")
    path = export_workspace_gpkg(ws, tmp_path / "ws.gpkg")
    info = pyogrio.read_info(path, layer="sites")
    assert info["geometry_type"] == "Point" and info["features"] == 3
    fresh = Workspace(tmp_path / "fresh.sqlite", curated_dir=tiny_copy)
    counts = import_workspace_gpkg(fresh, path, who="importer")
    assert counts == {"sources": 1, "sites": 1, "deployments": 1, "events": 0, "closures": 1}
    assert _files(fresh.export(tmp_path / "again")) == _files(csv_export)
    assert "16.96590" in (csv_export / "sites.csv").read_text()  # the text survives, trailing zero and all


def test_workspace_geopackage_import_refuses_bad_rows_and_changes_nothing(
    ws: Workspace, tiny_copy: Path, tmp_path: Path
) -> None:
    _fill(ws)
    part = ws.export(tmp_path / "part", only_workspace=True)
    rows = (part / "deployments.csv").read_text().splitlines()[1:]
    number = next(i for i, line in enumerate(rows, start=1) if line.startswith("dep-usa-agadez"))
    path = export_workspace_gpkg(ws, tmp_path / "part.gpkg", only_workspace=True)
    frame = pyogrio.read_dataframe(path, layer="deployments")
    frame.loc[frame["deployment_id"] == "dep-usa-agadez", "actor_iso3"] = "XXX"
    pyogrio.write_dataframe(frame, path, layer="deployments")
    fresh = Workspace(tmp_path / "fresh.sqlite", curated_dir=tiny_copy)
    with pytest.raises(DatasetError, match=rf"part.gpkg, layer deployments, row {number} \(line \d+\), "
                                           r"column actor_iso3, value 'XXX'"):
        import_workspace_gpkg(fresh, path, who="importer")
    assert all(fresh.rows(table) == [] for table in TABLES) and fresh.history().empty
    with pytest.raises(DatasetError, match=r"junk.gpkg: cannot be read as a GeoPackage"):
        (tmp_path / "junk.gpkg").write_bytes(b"junk")
        import_workspace_gpkg(fresh, tmp_path / "junk.gpkg", who="importer")


def test_a_coastal_point_just_off_the_outline_takes_the_nearest_host(ws: Workspace) -> None:
    # Djibouti's port lies on the water side of the generalised 1:50m coastline.
    plan = _plan(ws, _geojson({"name": "Port quay", "lat": 11.60, "lon": 43.13, "source_ids": "src-one"}), "q.geojson")
    assert plan.new[0][1]["host_iso3"] == "DJI"


def test_in_team_mode_imported_sites_are_proposals_and_roles_hold(tmp_path: Path, tiny_copy: Path) -> None:
    from footprint.store import PermissionDenied, Store

    team = Store(f"sqlite:///{tmp_path / 'team.sqlite'}", curated_dir=tiny_copy)
    team.enable_team(admin="ada", who="setup")
    team.set_role("vic", "viewer", who="ada")
    team.set_role("ana", "analyst", who="ada")
    team.set_role("rey", "reviewer", who="ada")
    plan = plan_site_import(_geojson(dict(NEW_NIAMEY)), "t.geojson", team.merged())
    before = team.revision()
    with pytest.raises(PermissionDenied, match="vic has the viewer role"):
        apply_site_import(team, plan, who="vic")
    assert team.revision() == before and team.proposals() == []
    apply_site_import(team, plan, who="ana")
    assert "ner-compound-near-niamey-airport" not in team.merged().sites.index  # not shared until approved
    (proposal,) = team.proposals()
    assert proposal.author == "ana"
    team.approve(proposal.proposal_id, who="rey")
    assert team.merged().sites.loc["ner-compound-near-niamey-airport", "origin"] == "workspace"
    team.close()
