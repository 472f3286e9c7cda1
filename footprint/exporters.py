"""Every file Footprint writes: one table per thing exported (a view's snapshot, a time-lapse, a deck, a query
result, the filtered data for GIS tools), from file suffix to media type, writer and whether the writer reports
progress. The command line and
the pages both look formats up here.

The HTML writers build folium maps, so ``footprint.mapping`` is imported when one of them runs, not before.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from footprint.csvfile import frame_text
from footprint.model import LIST_SEPARATOR, Dataset
from footprint.view import View

Progress = Callable[[float, str], None]
Bounds = tuple[float, float, float, float]


@dataclass(frozen=True)
class Exporter:
    """One file format: its suffix, media type, a label for menus, its writer and whether it reports progress."""

    suffix: str
    media_type: str
    label: str
    write: Callable[..., bytes]
    reports_progress: bool = False


# --- snapshots of a view: write(dataset, view, *, bbox, title, banner, preset, dpi, events) -----------------------


def _snapshot_image(suffix: str) -> Callable[..., bytes]:
    def write(dataset: Dataset, view: View, *, bbox: Bounds | None, title: str | None, banner: str | None,
              preset: str = "slide", dpi: float = 200, events: pd.DataFrame | None = None) -> bytes:
        from footprint.render import render_snapshot

        return render_snapshot(dataset, view, bbox=bbox, title=title, banner=banner, preset=preset, fmt=suffix,
                               dpi=dpi)

    return write


def _snapshot_html(dataset: Dataset, view: View, *, bbox: Bounds | None, title: str | None, banner: str | None,
                   preset: str = "slide", dpi: float = 200, events: pd.DataFrame | None = None) -> bytes:
    """The interactive map in one file, under its title (as on the images: the date unless given, "" for none)
    and a line with the date or period and the filters; ``preset`` and ``dpi`` do not apply to it."""
    from footprint.mapping import Assets, build_map, standalone_html
    from footprint.render import default_bbox
    from footprint.render.content import default_title, describe_view

    fmap = build_map(dataset, view.presence(dataset), events, assets=Assets(inline=True),
                     bounds=bbox or default_bbox(view))
    return standalone_html(fmap, title=default_title(view) if title is None else title, subtitle=describe_view(view),
                           banner=banner).encode("utf-8")


SNAPSHOTS: dict[str, Exporter] = {
    exporter.suffix: exporter
    for exporter in (
        Exporter("png", "image/png", "PNG image", _snapshot_image("png")),
        Exporter("svg", "image/svg+xml", "SVG drawing", _snapshot_image("svg")),
        Exporter("pdf", "application/pdf", "PDF page", _snapshot_image("pdf")),
        Exporter("html", "text/html", "Interactive HTML map", _snapshot_html),
    )
}


# --- time-lapses: write(dataset, view, days, *, bbox, title, dpi, progress) ------------------------------------------


def _timelapse_html(dataset: Dataset, view: View, days: list[dt.date], *, bbox: Bounds | None, title: str | None,
                    dpi: int = 72, progress: Progress | None = None) -> bytes:
    from footprint.timelapse import timelapse_html

    return timelapse_html(dataset, view, days, title=title, bbox=bbox).encode("utf-8")


def _timelapse_animation(suffix: str) -> Callable[..., bytes]:
    def write(dataset: Dataset, view: View, days: list[dt.date], *, bbox: Bounds | None, title: str | None,
              dpi: int = 72, progress: Progress | None = None) -> bytes:
        from footprint.timelapse import timelapse_animation

        return timelapse_animation(dataset, view, days, fmt=suffix, title=title, bbox=bbox, dpi=dpi,
                                   progress=progress)

    return write


TIMELAPSES: dict[str, Exporter] = {
    exporter.suffix: exporter
    for exporter in (
        Exporter("html", "text/html", "HTML with a slider", _timelapse_html),
        Exporter("gif", "image/gif", "Animated GIF", _timelapse_animation("gif"), reports_progress=True),
        Exporter("mp4", "video/mp4", "MP4 video", _timelapse_animation("mp4"), reports_progress=True),
    )
}


# --- briefing decks: write(plan, *, progress) -----------------------------------------------------------------------


def _deck_pptx(plan, *, progress: Progress | None = None) -> bytes:
    from footprint.briefing import deck_bytes, render_deck

    return deck_bytes(render_deck(plan))


def _deck_pdf(plan, *, progress: Progress | None = None) -> bytes:
    from footprint.briefing import render_pdf

    return render_pdf(plan, progress=progress)


DECKS: dict[str, Exporter] = {
    exporter.suffix: exporter
    for exporter in (
        Exporter("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                 "PowerPoint", _deck_pptx),
        Exporter("pdf", "application/pdf", "PDF", _deck_pdf, reports_progress=True),
    )
}


# --- the filtered data for GIS tools: write(selection), keyed by format name ---------------------------------------


def _data(name: str) -> Callable[..., bytes]:
    def write(selection) -> bytes:
        from footprint.exchange import export, kml

        writers = {"gpkg": export.geopackage_bytes, "kml": kml.kml_bytes, "kmz": kml.kmz_bytes,
                   "parquet": export.parquet_bytes, "datapackage": export.datapackage_bytes,
                   "geojson": export.geojson_bytes, "csv": export.csv_bytes}
        return writers[name](selection)

    return write


DATA: dict[str, Exporter] = {
    name: Exporter(suffix, media_type, label, _data(name))
    for name, suffix, media_type, label in (
        ("gpkg", "gpkg", "application/geopackage+sqlite3", "GeoPackage (QGIS, ArcGIS)"),
        ("kml", "kml", "application/vnd.google-earth.kml+xml", "KML with time (Google Earth)"),
        ("kmz", "kmz", "application/vnd.google-earth.kmz", "KMZ with time (Google Earth)"),
        ("parquet", "parquet.zip", "application/zip", "GeoParquet (pandas, DuckDB, R), zipped"),
        ("datapackage", "datapackage.zip", "application/zip", "Frictionless data package (zip)"),
        ("geojson", "geojson", "application/geo+json", "GeoJSON of the deployments"),
        ("csv", "csv", "text/csv", "CSV of the deployments"),
    )
}


# --- query results: write(frame) --------------------------------------------------------------------------------

# Kept in json and csv, left out of the text table so it fits a terminal.
TABLE_HIDDEN = (
    "lat", "lon", "deployment_id", "site_type", "start_precision", "end_precision", "status_note",
    "force_kind",
)


def jsonable(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.drop(columns=[c for c in frame.columns if c.endswith(("_earliest", "_latest"))])
    # Only object columns can hold lists; mapping every cell of every column took a cold command a tenth of its time.
    listed = [name for name, dtype in frame.dtypes.items() if pd.api.types.is_object_dtype(dtype)]
    return frame.assign(**{name: frame[name].map(lambda v: LIST_SEPARATOR.join(v) if isinstance(v, tuple) else v)
                           for name in listed})


def table_json(frame: pd.DataFrame) -> str:
    """A query result as a JSON list of objects."""
    frame = frame.drop(columns=[c for c in frame.columns if c.endswith(("_earliest", "_latest"))])
    records = [{k: jsonable(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]
    return json.dumps(records, indent=2, ensure_ascii=False)


def table_csv(frame: pd.DataFrame) -> str:
    """A query result as CSV, list cells joined as in ``data/``, formula-like cells neutralised for spreadsheets."""
    return frame_text(_flat(frame)).rstrip("\n")


def table_text(frame: pd.DataFrame) -> str:
    """A query result as a text table for a terminal: bulky columns left out, source ids counted."""
    flat = _flat(frame)
    if flat.empty:
        return "(nothing matches)"
    shown = flat.drop(columns=[c for c in TABLE_HIDDEN if c in flat]).astype(object)
    if "source_ids" in frame:  # a terminal cannot show every id; json and csv carry them
        shown["source_ids"] = frame["source_ids"].map(len).to_numpy()
        shown = shown.rename(columns={"source_ids": "sources"})
    return shown.where(shown.notna(), "").to_string(index=False)


TABLES: dict[str, Callable[[pd.DataFrame], str]] = {"json": table_json, "csv": table_csv, "table": table_text}
TABLE_MEDIA_TYPES = {"json": "application/json", "csv": "text/csv", "table": "text/plain"}
