"""The data model: the tables' vocabularies and ids, and the loaded Dataset.

The row models (pydantic) live in ``footprint.rows``; their names are also reachable from here, loaded on
first use, so that reading already validated tables (a cached load, a query command) does not import pydantic.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, get_args

import pandas as pd

SiteType = Literal[
    "air_base", "army_base", "naval_base", "drone_base", "camp", "airport", "hq", "training_centre", "other",
    "country",
]
LocationPrecision = Literal["exact", "approximate", "city", "country"]
SourceKind = Literal["official", "wire", "major_outlet", "regional_press", "aggregator", "state_affiliated"]
ForceKind = Literal["national_military", "state_linked_pmc", "multinational_mission"]
Confidence = Literal["high", "medium", "low"]
DatePrecision = Literal["day", "month", "year"]
Role = Literal[
    "counterterrorism", "training", "isr_drones", "air_defense", "logistics", "advisory", "combat",
    "base_support", "air_transport", "naval", "protection", "mining_security", "other",
]
EventType = Literal[
    "arrival", "presence_reported", "withdrawal_announced", "withdrawal_completed", "agreement_signed",
    "agreement_ended", "handover", "base_opened", "coup", "other",
]

CONFIDENCE_RANK: dict[str, int] = {"low": 0, "medium": 1, "high": 2}
SITE_TYPES: tuple[str, ...] = get_args(SiteType)
ROLES: tuple[str, ...] = get_args(Role)
EVENT_TYPES: tuple[str, ...] = get_args(EventType)
CONFIDENCES: tuple[str, ...] = get_args(Confidence)
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
SOURCE_KIND_LABELS: dict[str, str] = {
    "official": "official statement",
    "wire": "wire service",
    "major_outlet": "major outlet",
    "regional_press": "regional press",
    "aggregator": "aggregator or mirror",
    "state_affiliated": "state-affiliated outlet",
}

LIST_SEPARATOR = ";"
# A bound on any headcount, far above any force sent abroad; it keeps a mistyped figure from
# overflowing the 64-bit columns the tables use.
MAX_PERSONNEL = 10_000_000


# Codes outside ISO 3166-1 that international bodies use (the EU and IMF for Kosovo).
USER_ASSIGNED_CODES: dict[str, str] = {"XKX": "Kosovo"}


MAX_SLUG = 60


def slug(*parts: str, max_length: int = MAX_SLUG) -> str:
    """An id for ``parts`` joined: ASCII letters and digits between single hyphens, accents dropped
    ("Camp Général Ouattara (Abidjan)" -> "camp-general-ouattara-abidjan"). A part in a script with no
    ASCII letters becomes a short hash of its text, so every name gets an id and equal names the same one."""
    pieces = []
    for part in parts:
        folded = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode("ascii")
        piece = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
        if not piece and part.strip():
            piece = hashlib.sha256(part.strip().encode("utf-8")).hexdigest()[:10]
        if piece:
            pieces.append(piece)
    return "-".join(pieces)[:max_length].strip("-")


ID_COLUMN: dict[str, str] = {
    "sources": "source_id",
    "sites": "site_id",
    "deployments": "deployment_id",
    "events": "event_id",
}


# The curated data was researched from 2012 on (the Sahel wars from Serval, Russia's return to Africa, Djibouti's
# new bases): from then each year holds tens of sourced events. Earlier years hold little beyond the start dates
# of long-standing bases, so a time axis from 1903 would give the well-covered years a fifth of its width.
COVERED_FROM = dt.date(2012, 1, 1)


@dataclass(frozen=True)
class Dataset:
    """The validated tables, as data frames with one row per record.

    List columns hold tuples. ``deployments`` also carries ``start_earliest``,
    ``start_latest``, ``end_earliest`` and ``end_latest`` (NaT while open), and
    ``events`` carries ``date_earliest`` and ``date_latest``.
    """

    sites: pd.DataFrame
    deployments: pd.DataFrame
    events: pd.DataFrame
    sources: pd.DataFrame
    as_of: dt.date
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def first_day(self) -> dt.date:
        """The earliest day any deployment may have started: with ``as_of``, the range a view can show."""
        earliest = self.deployments["start_earliest"].min()
        return self.as_of if pd.isna(earliest) else earliest.date()

    @property
    def covered_from(self) -> dt.date:
        """The first day of the period the data covers well (``COVERED_FROM``, or ``first_day`` if later):
        where time axes start unless the user asks for older history."""
        return min(max(COVERED_FROM, self.first_day), self.as_of)


# Names whose home is footprint.rows, kept reachable from here for the modules that import them from the model.
_ROW_NAMES = frozenset({
    "Row", "Source", "Site", "Deployment", "Event", "TABLES", "columns", "table_schema",
    "ISO3", "Text", "Slug", "PartialDateText", "WrittenBool", "TextList", "RoleList", "SourceIds",
})

if TYPE_CHECKING:
    from footprint.rows import (  # noqa: F401
        ISO3,
        TABLES,
        Deployment,
        Event,
        PartialDateText,
        RoleList,
        Row,
        Site,
        Slug,
        Source,
        SourceIds,
        Text,
        TextList,
        WrittenBool,
        columns,
        table_schema,
    )


def __getattr__(name: str) -> Any:
    if name in _ROW_NAMES:
        return getattr(importlib.import_module("footprint.rows"), name)
    raise AttributeError(f"module 'footprint.model' has no attribute {name!r}")
