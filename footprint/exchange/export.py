"""Exports of a Selection: GeoPackage, GeoParquet, a Frictionless data package, GeoJSON and CSV.

Every writer returns the file's bytes (the Data page offers them for download; the CLI writes them
atomically) and puts the selection's ``metadata`` (as-of date, filters, citation) where its format
keeps metadata: GeoPackage dataset and layer metadata, Parquet schema metadata under ``footprint``,
the data package descriptor, a GeoJSON foreign member, and for CSV a CSV on the Web metadata file.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyogrio

from footprint.csvfile import frame_text
from footprint.exchange.selection import DATE_COLUMNS, LAYERS, Selection
from footprint.model import LIST_SEPARATOR, TABLES, columns, table_schema

CRS = "EPSG:4326"
METADATA_KEY = b"footprint"
# GDAL 3.12 (inside pyogrio) writes GeoPackage 1.4, which older GDAL and QGIS builds warn about; 1.2 opens everywhere.
GPKG_VERSION = "1.2"
POINT_LAYERS = ("sites", "deployments", "events")
LAYER_DESCRIPTIONS = {
    "sites": "Places where foreign forces were based, one point per site.",
    "deployments": "One force's presence at one site over an interval, at the site's point.",
    "events": "Dated happenings (arrivals, withdrawals, agreements, coups); no geometry when no site is known.",
    "sources": "Every report or statement the other layers cite.",
}


def _is_list_column(frame: pd.DataFrame, column: str) -> bool:
    sample = frame[column].dropna()
    return frame[column].dtype == object and len(sample) > 0 and isinstance(sample.iloc[0], tuple)


def _typed(frame: pd.DataFrame, *, lists: str) -> pd.DataFrame:
    """Dates as calendar days, lists as ``;`` text (``lists="text"``) or Python lists (``"list"``)."""
    out = frame.copy()
    for column in out.columns:
        if column in DATE_COLUMNS:
            out[column] = out[column].astype("date32[pyarrow]")
        elif _is_list_column(out, column) or column in ("aliases", "role", "source_ids"):
            if lists == "text":
                out[column] = out[column].map(lambda v: LIST_SEPARATOR.join(v) if isinstance(v, tuple) else v)
            else:
                out[column] = out[column].map(lambda v: list(v) if isinstance(v, tuple) else [])
        elif out[column].dtype == object:
            out[column] = out[column].map(lambda v: None if v is None or v is pd.NA or v != v else v)
    return out


def layer_frame(selection: Selection, name: str, *, lists: str = "text") -> pd.DataFrame | gpd.GeoDataFrame:
    """One layer ready to write: point layers as GeoDataFrames in WGS84, ``sources`` as a plain table."""
    frame = _typed(selection.layer(name), lists=lists)
    if name not in POINT_LAYERS:
        return frame
    points = gpd.points_from_xy(frame["lon"], frame["lat"])
    geometry = [None if pd.isna(lat) else point for lat, point in zip(frame["lat"], points, strict=True)]
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS)


def _with_temporary(suffix: str, write: Callable[[Path], None]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="footprint-export-") as folder:
        path = Path(folder) / f"export{suffix}"
        write(path)
        return path.read_bytes()


def write_geopackage(selection: Selection, path: Path) -> None:
    """Four layers in one GeoPackage; dataset and layer metadata carry as-of date, filters and citation."""
    for number, name in enumerate(LAYERS):
        first = {"dataset_options": {"VERSION": GPKG_VERSION}, "dataset_metadata": selection.metadata}
        pyogrio.write_dataframe(
            layer_frame(selection, name), path, layer=name, driver="GPKG", use_arrow=True, append=number > 0,
            layer_metadata={**selection.metadata, "description": LAYER_DESCRIPTIONS[name]},
            **(first if number == 0 else {}),
        )


def geopackage_bytes(selection: Selection) -> bytes:
    return _with_temporary(".gpkg", lambda path: write_geopackage(selection, path))


def _parquet(frame: pd.DataFrame, metadata: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    if isinstance(frame, gpd.GeoDataFrame):
        frame.to_parquet(buffer, index=False)  # GeoParquet: the "geo" schema metadata and WKB points
        table = pq.read_table(io.BytesIO(buffer.getvalue()))
    else:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    schema_metadata = dict(table.schema.metadata or {})
    schema_metadata[METADATA_KEY] = json.dumps(metadata, ensure_ascii=False).encode("utf-8")
    out = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(schema_metadata), out)
    return out.getvalue()


def parquet_bytes(selection: Selection) -> bytes:
    """A zip of ``sites.parquet``, ``deployments.parquet``, ``events.parquet`` (GeoParquet) and ``sources.parquet``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in LAYERS:
            archive.writestr(f"{name}.parquet", _parquet(layer_frame(selection, name, lists="list"),
                                                         selection.metadata))
    return buffer.getvalue()


def _csv(frame: pd.DataFrame) -> bytes:
    text = _typed(frame, lists="text")
    for column in text.columns:
        if text[column].dtype in (bool, object):  # booleans as data/ writes them, whatever the column's dtype
            text[column] = text[column].map(
                lambda v: ("true" if v else "false") if isinstance(v, bool | np.bool_) else v)
    return frame_text(text).encode("utf-8")  # formula-like cells neutralised


def datapackage_descriptor(selection: Selection) -> dict:
    """The data package that describes the selection's four tables in the data's own schema."""
    return {
        "name": "footprint-export",
        "title": f"{selection.title}: filtered export",
        "description": "Rows of the Footprint dataset chosen by the filters below, in the format of its data/ "
        "directory.",
        "as_of": selection.as_of.isoformat(),
        "filters": selection.metadata["filters"],
        "citation": selection.citation,
        "resources": [
            {
                "name": table,
                "path": f"{table}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(table),
            }
            for table in TABLES
        ],
    }


def datapackage_bytes(selection: Selection) -> bytes:
    """A zip holding ``datapackage.json`` and one CSV per table with exactly the data's columns."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        descriptor = datapackage_descriptor(selection)
        archive.writestr("datapackage.json", json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n")
        for table in TABLES:
            archive.writestr(f"{table}.csv", _csv(selection.layer(table)[columns(table)]))
    return buffer.getvalue()


def geojson_bytes(selection: Selection) -> bytes:
    """The deployments layer as a GeoJSON FeatureCollection with a ``metadata`` foreign member."""
    frame = layer_frame(selection, "deployments", lists="list")
    for column in DATE_COLUMNS & set(frame.columns):
        frame[column] = frame[column].astype(str).where(frame[column].notna(), None)
    document = json.loads(frame.to_json(na="null", drop_id=True))
    document["metadata"] = selection.metadata
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def csv_bytes(selection: Selection) -> bytes:
    """The deployments layer as CSV (lists ``;``-joined, as in data/)."""
    return _csv(selection.deployments)


def csv_metadata(selection: Selection, csv_name: str) -> bytes:
    """A CSV on the Web metadata document for ``csv_name``, to sit beside it as ``NAME-metadata.json``."""
    document = {
        "@context": "http://www.w3.org/ns/csvw",
        "url": csv_name,
        "dc:title": f"{selection.title}: deployments",
        "dc:description": f"Filters: {selection.metadata['filters']}",
        "dc:date": selection.as_of.isoformat(),
        "dc:bibliographicCitation": selection.citation,
        "tableSchema": {"columns": [{"name": column, "titles": column} for column in selection.deployments.columns]},
    }
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def export_bytes(selection: Selection, fmt: str) -> bytes:
    """The selection written as ``fmt`` (a key of ``footprint.exporters.DATA``)."""
    from footprint.exporters import DATA

    if fmt not in DATA:
        raise ValueError(f"unknown export format {fmt!r} (use {', '.join(DATA)})")
    return DATA[fmt].write(selection)
