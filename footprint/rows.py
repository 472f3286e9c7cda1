"""The row models: one pydantic model per CSV table, the single description of the tables.

The loader checks rows against them and ``datapackage_descriptor`` derives ``data/datapackage.json`` from
them, so the two cannot drift apart. They live apart from ``footprint.model`` (the vocabularies and the
loaded ``Dataset``) so that a command that reads already validated tables does not import pydantic.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Annotated, Any

import pycountry
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from footprint.model import (
    ID_COLUMN,
    LIST_SEPARATOR,
    MAX_PERSONNEL,
    USER_ASSIGNED_CODES,
    Confidence,
    DatePrecision,
    EventType,
    ForceKind,
    LocationPrecision,
    Role,
    SiteType,
    SourceKind,
)


@lru_cache(maxsize=1)
def _iso3_codes() -> frozenset[str]:
    # One set, not a pycountry look-up per cell (each folds case and walks its index): ISO3 cells are
    # already upper case by their pattern.
    return frozenset(country.alpha_3 for country in pycountry.countries) | frozenset(USER_ASSIGNED_CODES)


def _known_iso3(code: str) -> str:
    if code not in _iso3_codes():
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
# Validation context of a caller that has searched its whole input for control characters and found none: the
# per-cell search below (a Python call for every cell, a fifth of validating data/) is then skipped.
NO_CONTROL_CHARACTERS = "no_control_characters"


def holds_control_character(text: str) -> bool:
    """Whether ``text`` holds a character no text in the data may hold."""
    return _CONTROL.search(text) is not None


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_control_characters(cls, value: Any, info: ValidationInfo) -> Any:
        if info.context is not None and info.context.get(NO_CONTROL_CHARACTERS):
            return value
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


def columns(table: str) -> list[str]:
    """The table's columns, in file order."""
    return list(TABLES[table].model_fields)


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
