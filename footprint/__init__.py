"""Footprint: foreign military presence, who was where and when, on whose word.

Module map (the pure core; nothing here imports streamlit, and only ``mapping`` imports folium):

- ``model``: the tables' vocabularies and ids, and the ``Dataset`` that holds them.
- ``rows``: the pydantic row models (sites, deployments, events, sources), the one description of the tables.
- ``dataset``: loading and validating ``data/``, ``datapackage.json``, atomic writes.
- ``dates``: partial dates (day, month or year) and their precision.
- ``geography``: country outlines, names, the ``REGIONS`` presets and the framing rule.
- ``filters``: the ``Filters`` value object: checks, hosts within a region, description in words.
- ``view``: what the user looks at (filters, date or period, map position) and its URL form.
- ``query``: presence on a date or over a period, changes, events, a site's history.
- ``words``: dates, spans, headcounts and names in words; tidy text.
- ``style``: actor colours, palette, handling-banner colours, marker sizes, the font.
- ``webmercator``: the projection, bounds to a map view and back, the latitude clamp.
- ``mapping``: folium maps for the app and the HTML exports (the one module that imports folium).
- ``render``: static PNG, SVG and PDF snapshots (``content``: what they say; ``canvas``: how they are drawn).
- ``timelapse``: month-by-month frames as a GIF or MP4, and the HTML player.
- ``charts``: Altair charts for the pages: Gantt bars of deployments, ACLED event counts.
- ``briefing``: sourced PPTX decks and matching PDFs (request, selection, layout, one module per slide kind, the
  Gantt, the two writers).
- ``exporters``: every file format: suffix, media type, writer and progress, for the CLI and the pages.
- ``exchange``: the filtered data for GIS tools (GeoPackage, KML/KMZ with time, GeoParquet, data package), sites
  imported from GeoJSON/KML/GeoPackage into the workspace, the workspace as a GeoPackage.
- ``acled``: a user's ACLED export, checked into a Parquet cache, filtered by period and distance; its map layer.
- ``extract``: deployment claims in news articles.
- ``ingest``: turning reviewed claims into rows.
- ``workspace``: the store of user additions layered over ``data/`` (SQLite or PostgreSQL).
- ``cli``: ``python -m footprint``, one handler per sub-command.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

# The package's short names are loaded when first used, so ``python -m footprint`` can set up the process
# (see ``__main__``) before pandas and numpy load.
_HOMES = {
    "Dataset": "footprint.model", "DatasetError": "footprint.dataset", "Problem": "footprint.dataset",
    "load_dataset": "footprint.dataset", "QueryError": "footprint.query", "changes": "footprint.query",
    "events_between": "footprint.query", "presence_at": "footprint.query", "presence_between": "footprint.query",
    "site_history": "footprint.query",
}
__all__ = [
    "Dataset", "DatasetError", "Problem", "QueryError", "changes", "events_between", "load_dataset",
    "presence_at", "presence_between", "site_history",
]

if TYPE_CHECKING:
    from footprint.dataset import DatasetError, Problem, load_dataset
    from footprint.model import Dataset
    from footprint.query import QueryError, changes, events_between, presence_at, presence_between, site_history


def __getattr__(name: str):
    if name in _HOMES:
        value = getattr(importlib.import_module(_HOMES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'footprint' has no attribute {name!r}")
