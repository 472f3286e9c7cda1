"""The data model: one pydantic row model per CSV table, and the loaded Dataset.

The row models are the single description of the tables: the loader checks
rows against them and ``datapackage_descriptor`` derives ``data/datapackage.json``
from them, so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, get_args

import pandas as pd
import pycountry
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

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


def _known_iso3(code: str) -> str:
    if code not in USER_ASSIGNED_CODES and pycountry.countries.get(alpha_3=code) is None:
        raise ValueError(f"{code!r} is not an ISO 3166-1 alpha-3 country code")
    return code


def _written_bool(value: Any) -> Any:
    # CSV cells say exactly true or false; "yes", "1" or "True" would hide typos in a reviewed file.
    if isinstance(value, str):
        if value not in ("true", "false"):
            raise ValueError("must be written true or false")
        return value == "true"
    return value


def _split_list(value: Any) -> Any:
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(LIST_SEPARATOR) if part.strip())
    return value


Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
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


ISO3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$"), AfterValidator(_known_iso3)]
Text = Annotated[str, Field(min_length=1)]
# Partial dates are checked against their precision by the loader, which sees both columns.
PartialDateText = Annotated[str, Field(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")]
WrittenBool = Annotated[bool, BeforeValidator(_written_bool)]
TextList = Annotated[tuple[Text, ...], BeforeValidator(_split_list)]
RoleList = Annotated[tuple[Role, ...], BeforeValidator(_split_list)]
SourceIds = Annotated[tuple[Slug, ...], BeforeValidator(_split_list), Field(min_length=1)]


# Control characters (tab and line ends aside) are invisible on screen and invalid in the XML inside SVG and
# PPTX files, so no text in the data may hold one.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        if isinstance(value, str) and (found := _CONTROL.search(value)):
            raise ValueError(f"holds the control character U+{ord(found.group()):04X}; remove it")
        return value


class Source(Row):
    """A report, statement or document that records cite."""

    source_id: Slug = Field(description="Unique slug, e.g. src-reuters-20240503-russians-niger-airbase.")
    outlet: Text = Field(description="The publication or issuing body.")
    title: str | None = Field(None, description="The headline as published; empty when the copy seen showed none.")
    published: PartialDateText | None = Field(None, description="Publication date at the precision known.")
    url: str | None = Field(
        None, pattern=r"^https?://\S+$", description="Address of the report, only where it was actually seen."
    )
    seed_file: str | None = Field(None, description="Path under seeds/ when the source is a seed document.")
    note: str | None = Field(None, description="What the source supports, and any caveat.")
    kind: SourceKind = Field(
        description="official: a government, military command, UN, NATO or EU body; wire: a news agency's own "
        "page; major_outlet: a national or international paper or broadcaster; regional_press: local or "
        "regional outlets and specialist sites; aggregator: a mirror, repost or content farm, kept only where "
        "nothing better was found; state_affiliated: an outlet directed by a government (RT, TASS, Xinhua, "
        "PressTV, TRT, Anadolu)."
    )
    original_agency: str | None = Field(
        None, description="For a copy of a wire report, the agency that wrote it (Reuters, AFP, AP); else empty."
    )


class Site(Row):
    """A place where foreign forces were based."""

    site_id: Slug = Field(description="Unique slug, prefixed with the host's ISO3 code.")
    name: Text = Field(description="The site's usual name.")
    aliases: TextList = Field((), description="Other names used in reporting, ;-separated.")
    site_type: SiteType = Field(description="Kind of site.")
    host_iso3: ISO3 = Field(description="ISO 3166-1 alpha-3 code of the host state.")
    lat: float = Field(ge=-90, le=90, description="Latitude, WGS84 decimal degrees.")
    lon: float = Field(ge=-180, le=180, description="Longitude, WGS84 decimal degrees.")
    location_precision: LocationPrecision = Field(
        description="exact: the compound itself; approximate: a nearby reference point such as the "
        "airport; city: the city centre; country: a country-level row (site_type country) at the host's "
        "rough centroid, holding a figure reported for the whole country."
    )
    notes: str | None = Field(None, description="Where the coordinates come from, and other remarks.")
    source_ids: SourceIds = Field(description="Sources naming the site as hosting foreign forces, ;-separated.")
    disputed: WrittenBool = Field(
        description="true when the site lies in contested or occupied territory (the host is then the "
        "internationally recognised state, and notes say which territory and why); else false."
    )


class Deployment(Row):
    """One force's presence at one site over an interval."""

    deployment_id: Slug = Field(description="Unique slug.")
    actor_iso3: ISO3 = Field(description="ISO3 code of the sending state (Wagner and Africa Corps: RUS).")
    force: str | None = Field(None, description="Named force or operation, e.g. Operation Barkhane; may be empty.")
    force_kind: ForceKind = Field(description="national_military, state_linked_pmc or multinational_mission.")
    site_id: Slug = Field(description="The site, from sites.csv.")
    start_date: PartialDateText = Field(description="First known day of presence, written at its precision.")
    start_precision: DatePrecision = Field(description="day, month or year.")
    end_date: PartialDateText | None = Field(
        None, description="Last day of presence at its precision; empty means still present at the as-of date."
    )
    end_precision: DatePrecision | None = Field(None, description="day, month or year; empty with end_date.")
    personnel_min: int | None = Field(
        None, ge=0, le=MAX_PERSONNEL, description="Lowest reported headcount; empty when unknown."
    )
    personnel_max: int | None = Field(
        None, ge=0, le=MAX_PERSONNEL, description="Highest reported headcount; empty when unknown."
    )
    role: RoleList = Field((), description="What the force did there, ;-separated.")
    confidence: Confidence = Field(description="high, medium or low.")
    status_note: str | None = Field(None, description="How the presence ended, and any disagreement.")
    source_ids: SourceIds = Field(description="Sources supporting the start and end, ;-separated.")


class Event(Row):
    """A dated happening: an arrival, a withdrawal, an agreement, a coup."""

    event_id: Slug = Field(description="Unique slug.")
    date: PartialDateText = Field(description="When it happened, written at its precision.")
    date_precision: DatePrecision = Field(description="day, month or year.")
    actor_iso3: ISO3 = Field(description="The state acting; for a coup, the host state.")
    force: str | None = Field(None, description="Named force or operation, when one is involved.")
    host_iso3: ISO3 = Field(description="ISO3 code of the country where it happened.")
    site_id: Slug | None = Field(None, description="The site, when one is known.")
    event_type: EventType = Field(description="Kind of event.")
    summary: Text = Field(description="One sentence, in the dataset's own words.")
    personnel: int | None = Field(None, ge=0, le=MAX_PERSONNEL, description="Headcount involved, when reported.")
    source_ids: SourceIds = Field(description="Sources supporting the event, ;-separated.")


TABLES: dict[str, type[Row]] = {
    "sources": Source,
    "sites": Site,
    "deployments": Deployment,
    "events": Event,
}
ID_COLUMN: dict[str, str] = {
    "sources": "source_id",
    "sites": "site_id",
    "deployments": "deployment_id",
    "events": "event_id",
}


def columns(table: str) -> list[str]:
    """The table's columns, in file order."""
    return list(TABLES[table].model_fields)


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


# --- datapackage.json -------------------------------------------------------

_JSON_TO_FRICTIONLESS = {
    "string": "string", "integer": "integer", "number": "number", "array": "string", "boolean": "boolean",
}


def _frictionless_field(name: str, spec: dict[str, Any], required: bool) -> dict[str, Any]:
    options = spec.get("anyOf", [spec])
    concrete = next(o for o in options if o.get("type") != "null")
    described: dict[str, Any] = {
        "name": name,
        "type": _JSON_TO_FRICTIONLESS[concrete["type"]],
        "description": spec.get("description", ""),
    }
    if concrete["type"] == "boolean":
        described["trueValues"] = ["true"]
        described["falseValues"] = ["false"]
    constraints: dict[str, Any] = {}
    if required:
        constraints["required"] = True
    if concrete["type"] == "array":
        items = concrete.get("items", {})
        if "enum" in items:
            described["description"] += " Values: " + ", ".join(items["enum"]) + "."
    for key in ("enum", "pattern", "minimum", "maximum"):
        if key in concrete:
            constraints[key] = concrete[key]
    if "exclusiveMinimum" in concrete:
        constraints["minimum"] = concrete["exclusiveMinimum"]
    if constraints:
        described["constraints"] = constraints
    return described


def table_schema(table: str) -> dict[str, Any]:
    """A Frictionless Table Schema for one table."""
    model = TABLES[table]
    schema = model.model_json_schema()
    required = set(schema.get("required", []))
    fields = [_frictionless_field(name, schema["properties"][name], name in required) for name in model.model_fields]
    described: dict[str, Any] = {"fields": fields, "primaryKey": ID_COLUMN[table]}
    foreign: list[dict[str, Any]] = []
    if table in ("deployments", "events"):
        foreign.append({"fields": "site_id", "reference": {"resource": "sites", "fields": "site_id"}})
    if foreign:
        described["foreignKeys"] = foreign
    return described
