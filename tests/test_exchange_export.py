"""Exports of the filtered data: GeoPackage, KML/KMZ with time, GeoParquet, data package, GeoJSON, CSV."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
import pyogrio
import pytest
from conftest import TINY, set_cell
from lxml import etree

from footprint.dataset import load_dataset
from footprint.exchange.export import export_bytes, layer_frame
from footprint.exchange.kml import kml_colour, read_placemarks
from footprint.exchange.selection import LAYERS, select
from footprint.exporters import DATA
from footprint.query import events_between, presence_between
from footprint.style import FIXED_COLOURS

KML_NS = {"k": "http://www.opengis.net/kml/2.2"}
FILTERS = {"from": "2010-01-01", "to": "2025-12-31"}


def _selection(directory: Path = TINY):
    data = load_dataset(directory)
    presence = presence_between(data, "2010-01-01", "2025-12-31")
    events = events_between(data, "2010-01-01", "2025-12-31")
    return data, select(data, presence, events, FILTERS)


@pytest.fixture(scope="module")
def tiny():
    return _selection()


def test_selection_holds_the_rows_behind_the_view(tiny) -> None:
    data, selection = tiny
    assert list(selection.deployments["deployment_id"]) == ["dep-fra-gao", "dep-rus-ab101", "dep-usa-ab101"]
    assert sorted(selection.sites["site_id"]) == ["mli-gao", "ner-ab101"]
    assert sorted(selection.events["event_id"]) == ["evt-fra-gao", "evt-ner-coup", "evt-rus-ab101"]
    assert sorted(selection.sources["source_id"]) == ["src-one", "src-two"]
    assert selection.metadata == {
        "as_of": "2025-12-31",
        "filters": "from=2010-01-01; to=2025-12-31",
        "citation": f"Footprint. {data.metadata['title']} (dataset, as of 2025-12-31).",
    }


def test_geopackage_has_four_typed_layers_with_the_metadata(tiny, tmp_path: Path) -> None:
    _, selection = tiny
    path = tmp_path / "tiny.gpkg"
    path.write_bytes(export_bytes(selection, "gpkg"))
    assert [name for name, _ in pyogrio.list_layers(path)] == list(LAYERS)
    info = pyogrio.read_info(path, layer="deployments")
    types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    assert types["personnel_min"] == "OFTInteger64" and types["lat"] == "OFTReal"
    assert types["start_earliest"] == "OFTDate" and types["end_latest"] == "OFTDate"
    assert types["start_date"] == "OFTString" and types["source_ids"] == "OFTString"
    assert info["geometry_type"] == "Point" and info["crs"] == "EPSG:4326"
    assert info["dataset_metadata"] == selection.metadata
    assert info["layer_metadata"]["citation"] == selection.citation
    assert pyogrio.read_info(path, layer="sources")["geometry_type"] is None

    back = pyogrio.read_dataframe(path, layer="deployments")
    assert list(back["deployment_id"]) == list(selection.deployments["deployment_id"])
    assert list(back["source_ids"]) == [";".join(ids) for ids in selection.deployments["source_ids"]]
    expected_min = selection.deployments["personnel_min"].astype("Float64").to_numpy(dtype=float, na_value=float("nan"))
    assert back["personnel_min"].equals(pd.Series(expected_min, name="personnel_min"))
    ends = [None if pd.isna(d) else pd.Timestamp(d).date().isoformat() for d in back["end_latest"]]
    assert ends == ["2022-08-31", None, "2024-07-07"]
    events = pyogrio.read_dataframe(path, layer="events")
    coup = events[events["event_id"] == "evt-ner-coup"].iloc[0]
    assert coup.geometry is None  # no site, so no invented location
    assert events[events["event_id"] == "evt-rus-ab101"].geometry.iloc[0].coords[0] == (2.1836, 13.4815)


def test_ogrinfo_opens_the_geopackage_without_warnings(tiny, tmp_path: Path) -> None:
    _, selection = tiny
    path = tmp_path / "tiny.gpkg"
    path.write_bytes(export_bytes(selection, "gpkg"))
    assert shutil.which("ogrinfo"), "ogrinfo is missing: install Debian's gdal-bin (make test does)"
    done = subprocess.run(["ogrinfo", "-so", "-al", str(path)], capture_output=True, text=True, check=True)
    output = done.stdout + done.stderr
    assert "Warning" not in output and "ERROR" not in output
    counts = [line for line in output.splitlines() if line.startswith(("Layer name:", "Feature Count:"))]
    assert counts == [
        "Layer name: sites", "Feature Count: 2", "Layer name: deployments", "Feature Count: 3",
        "Layer name: events", "Feature Count: 3", "Layer name: sources", "Feature Count: 2",
    ]
    assert "as_of=2025-12-31" in output and "filters=from=2010-01-01; to=2025-12-31" in output
    assert "start_earliest: Date" in output and "personnel_max: Integer64" in output


def test_geoparquet_round_trip_keeps_rows_types_and_metadata(tiny) -> None:
    _, selection = tiny
    with zipfile.ZipFile(io.BytesIO(export_bytes(selection, "parquet"))) as archive:
        assert archive.namelist() == [f"{name}.parquet" for name in LAYERS]
        files = {name: archive.read(f"{name}.parquet") for name in LAYERS}
    table = pq.read_table(io.BytesIO(files["deployments"]))
    metadata = table.schema.metadata
    assert json.loads(metadata[b"footprint"]) == selection.metadata
    assert json.loads(metadata[b"geo"])["primary_column"] == "geometry"
    assert str(table.schema.field("role").type) == "list<element: string>"
    assert str(table.schema.field("start_earliest").type) == "date32[day]"
    assert str(table.schema.field("personnel_max").type) == "int64"
    frame = gpd.read_parquet(io.BytesIO(files["deployments"]))
    expected = layer_frame(selection, "deployments", lists="list")
    assert list(frame["deployment_id"]) == list(expected["deployment_id"])
    assert [list(r) for r in frame["role"]] == list(expected["role"])
    assert frame.crs.to_epsg() == 4326 and list(frame.geometry.x) == list(expected["lon"])
    sources = pq.read_table(io.BytesIO(files["sources"])).to_pandas()
    assert list(sources.columns) == list(selection.sources.columns)


def _frictionless(path: Path) -> subprocess.CompletedProcess:
    command = Path(sys.executable).with_name("frictionless")
    return subprocess.run([str(command), "validate", str(path)], capture_output=True, text=True)


def test_data_package_validates_under_frictionless(tiny, tmp_path: Path) -> None:
    _, selection = tiny
    path = tmp_path / "tiny.datapackage.zip"
    content = export_bytes(selection, "datapackage")
    path.write_bytes(content)
    done = _frictionless(path)
    assert done.returncode == 0, done.stdout
    assert done.stdout.count("VALID") == 4
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        descriptor = json.loads(archive.read("datapackage.json"))
        deployments = archive.read("deployments.csv").decode()
    assert descriptor["as_of"] == "2025-12-31" and descriptor["filters"] == selection.metadata["filters"]
    assert descriptor["citation"] == selection.citation
    assert "training;air_defense" in deployments

    # The check can fail: a confidence outside the schema's enum is reported.
    broken = tmp_path / "broken.zip"
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data.replace(b",high,", b",certain,") if name == "deployments.csv" else data)
    assert _frictionless(broken).returncode != 0


def _kml_tree(content: bytes):
    return etree.fromstring(content)


def test_kml_time_spans_follow_each_rows_precision(tiny) -> None:
    _, selection = tiny
    tree = _kml_tree(export_bytes(selection, "kml"))
    spans = {}
    for placemark in tree.iterfind(".//k:Placemark", KML_NS):
        begin = placemark.findtext("k:TimeSpan/k:begin", namespaces=KML_NS)
        end = placemark.findtext("k:TimeSpan/k:end", namespaces=KML_NS)
        spans[placemark.get("id")] = (begin, end)
    assert spans == {
        "dep-usa-ab101": ("2013", "2024-07-07"),  # year start, day end
        "dep-rus-ab101": ("2024-05", None),  # month start, still open
        "dep-fra-gao": ("2013-01-26", "2022-08"),  # day start, month end
    }


def test_kml_groups_by_sending_state_in_the_app_colours(tiny) -> None:
    _, selection = tiny
    placemarks = read_placemarks(export_bytes(selection, "kmz"), "tiny.kmz")
    by_id = {p.data["deployment_id"]: p for p in placemarks}
    assert {p.folder for p in placemarks} == {"France (FRA)", "Russia (RUS)", "United States (USA)"}
    assert by_id["dep-usa-ab101"].style_url == "#actor-USA"
    assert (by_id["dep-usa-ab101"].lat, by_id["dep-usa-ab101"].lon) == (13.4815, 2.1836)
    assert by_id["dep-rus-ab101"].begin == "2024-05" and by_id["dep-rus-ab101"].end is None
    assert "Example Wire: Forces at the air base" in by_id["dep-usa-ab101"].description
    tree = _kml_tree(export_bytes(selection, "kml"))
    colour = tree.findtext(".//k:Style[@id='actor-USA']/k:IconStyle/k:color", namespaces=KML_NS)
    assert colour == kml_colour(FIXED_COLOURS["USA"]) == "ffd87407"  # KML is aabbggrr: #0774D8 opaque
    document = tree.find("k:Document", KML_NS)
    data = {d.get("name"): d.findtext("k:value", namespaces=KML_NS)
            for d in document.iterfind("k:ExtendedData/k:Data", KML_NS)}
    assert data == selection.metadata


def test_kmz_starts_with_doc_kml_and_carries_its_icon(tiny) -> None:
    _, selection = tiny
    with zipfile.ZipFile(io.BytesIO(export_bytes(selection, "kmz"))) as archive:
        assert archive.namelist()[0] == "doc.kml"
        assert archive.read("files/dot.png").startswith(b"\x89PNG")
        assert b"<href>files/dot.png</href>" in archive.read("doc.kml")


HOSTILE = '<script>alert(1)</script></description><Placemark> & "quoted"'


def test_hostile_text_is_escaped_in_kml_descriptions(tmp_path: Path) -> None:
    directory = tmp_path / "data"
    shutil.copytree(TINY, directory)
    set_cell(directory, "deployments", 1, "status_note", HOSTILE)
    set_cell(directory, "deployments", 1, "force", "<b onmouseover=x>Force</b>")
    set_cell(directory, "sources", 1, "title", HOSTILE)
    set_cell(directory, "sources", 1, "url", "https://example.org/a?b=1&c=\"><script>")
    _, selection = _selection(directory)
    content = export_bytes(selection, "kml")
    tree = _kml_tree(content)  # still well-formed XML
    assert len(tree.findall(".//k:Placemark", KML_NS)) == 3
    assert not tree.findall(".//k:script", KML_NS)
    for placemark in tree.iterfind(".//k:Placemark", KML_NS):
        description = placemark.findtext("k:description", namespaces=KML_NS)
        # Google Earth renders the description as HTML: the data's markup must arrive as text.
        assert "<script" not in description and "<b onmouseover" not in description
        assert "<Placemark>" not in description
    usa = tree.find(".//k:Placemark[@id='dep-usa-ab101']", KML_NS).findtext("k:description", namespaces=KML_NS)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in usa and "&amp; &quot;quoted&quot;" in usa
    assert 'href="https://example.org/a?b=1&amp;c=&quot;&gt;&lt;script&gt;"' in usa


def test_geojson_and_csv_carry_the_deployments(tiny) -> None:
    _, selection = tiny
    document = json.loads(export_bytes(selection, "geojson"))
    assert document["metadata"] == selection.metadata
    assert [f["properties"]["deployment_id"] for f in document["features"]] == list(
        selection.deployments["deployment_id"])
    usa = document["features"][2]
    assert usa["geometry"]["coordinates"] == [2.1836, 13.4815]
    assert usa["properties"]["role"] == ["counterterrorism", "isr_drones"]
    assert usa["properties"]["start_earliest"] == "2013-01-01"
    frame = pd.read_csv(io.BytesIO(export_bytes(selection, "csv")))
    assert list(frame["deployment_id"]) == list(selection.deployments["deployment_id"])
    assert frame["personnel_max"].dtype.kind in "if"


def test_every_format_is_registered_with_a_suffix_and_media_type(tiny) -> None:
    _, selection = tiny
    assert set(DATA) == {"gpkg", "kml", "kmz", "parquet", "datapackage", "geojson", "csv"}
    for fmt, exporter in DATA.items():
        assert exporter.suffix.startswith(fmt) and "/" in exporter.media_type
        assert export_bytes(selection, fmt)
    with pytest.raises(ValueError, match="unknown export format"):
        export_bytes(selection, "shp")
