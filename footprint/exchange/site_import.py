"""Sites from an analyst's GeoJSON, KML/KMZ or GeoPackage, into the workspace.

Each point feature becomes a ``sites`` row and goes through the same checks as every write: the
data model, the host country's outline, known sources, and then the workspace's own validation.
Features that match a known site (within ``DUPLICATE_KM`` of it, or by name or alias in the same host
country) are offered as a merge instead of a new row. Anything refused is reported with the file,
the feature number (from 1, in file order) and the field; nothing is written unless all of it passes.

Fields are the data's site columns (``name``, ``aliases``, ``site_type``, ``host_iso3``,
``location_precision``, ``notes``, ``source_ids``, optionally ``site_id``); the point gives ``lat`` and
``lon``. Defaults, all stated: ``site_id`` from host and name, ``host_iso3`` from the country outline
holding the point, ``site_type`` ``other``, ``location_precision`` ``approximate``, ``disputed`` ``false``
(validation refuses an unflagged site in contested territory), and ``source_ids`` from the caller when the
feature cites none.
"""

from __future__ import annotations

import math
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyogrio
import shapely
from pydantic import ValidationError
from shapely.geometry import Point

from footprint import geography
from footprint.model import LIST_SEPARATOR, Dataset, Site, columns

SUFFIXES = (".geojson", ".json", ".kml", ".kmz", ".gpkg")
DUPLICATE_KM = 2.0
EARTH_RADIUS_KM = 6371.0088
DEFAULTS = {"site_type": "other", "location_precision": "approximate", "disputed": "false"}


@dataclass(frozen=True)
class ImportProblem:
    """One reason a feature (or the whole file, when ``feature`` is None) was refused."""

    file: str
    message: str
    feature: int | None = None
    name: str | None = None
    field: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.feature is not None:
            where += f", feature {self.feature}" + (f" ({self.name!r})" if self.name else "")
        if self.field is not None:
            where += f", field {self.field}"
        if self.value is not None:
            where += f", value {self.value!r}"
        return f"{where}: {self.message}"


class SiteImportError(ValueError):
    """The file was refused; ``problems`` names every reason. The workspace is unchanged."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{len(problems)} problem(s); nothing was imported:\n{lines}")


@dataclass(frozen=True)
class Feature:
    """A feature as read: its number, fields as text, and its point (None when it has none)."""

    number: int
    fields: dict[str, str]
    lat: float | None
    lon: float | None
    geometry_type: str | None = "Point"


@dataclass(frozen=True)
class Duplicate:
    """An incoming site that looks like one already known; ``reason`` says why."""

    feature: int
    row: dict[str, str]
    site_id: str
    site_name: str
    reason: str
    distance_km: float
    in_workspace: bool


@dataclass
class SiteImportPlan:
    """What an import would do: new rows to add, and duplicates to merge (or add as new, when chosen)."""

    file: str
    new: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)


# --- reading ---------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, list | tuple | np.ndarray):
        return LIST_SEPARATOR.join(_text(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _ogr_features(content: bytes, name: str) -> list[Feature]:
    with tempfile.TemporaryDirectory(prefix="footprint-import-") as folder:
        path = Path(folder) / f"upload{Path(name).suffix.lower()}"
        path.write_bytes(content)
        layers = [layer for layer, _ in pyogrio.list_layers(path)]
        layer = "sites" if "sites" in layers else layers[0]
        frame = pyogrio.read_dataframe(path, layer=layer)
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs("EPSG:4326")
    features = []
    for number, (_, record) in enumerate(frame.iterrows(), start=1):
        geometry = record.get("geometry")
        kind = None if geometry is None else geometry.geom_type
        point = geometry if kind == "Point" else None
        fields = {str(k): _text(v) for k, v in record.items() if k != "geometry"}
        features.append(Feature(number, fields, point.y if point else None, point.x if point else None, kind))
    return features


def _kml_features(content: bytes, name: str) -> list[Feature]:
    from footprint.exchange.kml import read_placemarks

    features = []
    for placemark in read_placemarks(content, name):
        fields = dict(placemark.data)
        if placemark.name and not fields.get("name"):
            fields["name"] = placemark.name.strip()
        kind = "Point" if placemark.lat is not None else None
        features.append(Feature(placemark.number, fields, placemark.lat, placemark.lon, kind))
    return features


def read_features(content: bytes, name: str) -> list[Feature]:
    """The file's features; raise SiteImportError when the file cannot be read at all."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise SiteImportError([ImportProblem(name, f"cannot import {suffix or 'this'} files; use "
                                             + ", ".join(SUFFIXES))])
    try:
        features = _kml_features(content, name) if suffix in (".kml", ".kmz") else _ogr_features(content, name)
    except Exception as exc:  # a broken upload, whatever the reader: report it, never a traceback
        raise SiteImportError([ImportProblem(name, f"cannot be read as {suffix[1:].upper()}: {exc}")]) from None
    if not features:
        raise SiteImportError([ImportProblem(name, "holds no features")])
    return features


# --- checking ---------------------------------------------------------------------


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def name_key(text: str) -> str:
    """A name folded for comparison: case, accents and punctuation ignored."""
    return _slug(text).replace("-", " ")


def _host_at(lat: float, lon: float) -> str | None:
    """The country whose outline holds the point, else the nearest within the border tolerance (coastal bases)."""
    countries = geography.countries()
    point = Point(lon, lat)
    hits = countries[countries.geometry.contains(point)]
    if len(hits):
        return str(hits["iso3"].iloc[0])
    # In degrees, as the border tolerance is (and as the loader measures it).
    distance = shapely.distance(np.asarray(countries.geometry), point)
    nearest = int(np.argmin(distance))
    return str(countries["iso3"].iloc[nearest]) if distance[nearest] <= geography.BORDER_TOLERANCE_DEGREES else None


def distances_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Great-circle distances in km from one point to many (haversine on a sphere of mean Earth radius)."""
    phi1, phi2 = np.radians(lat), np.radians(lats)
    dphi, dlmb = phi2 - phi1, np.radians(lons - lon)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _row(feature: Feature, file: str, known_sources: set[str], default_sources: tuple[str, ...],
         problems: list[ImportProblem]) -> dict[str, str] | None:
    fields = {k: v for k, v in feature.fields.items() if k in columns("sites") and v != ""}
    name = fields.get("name")

    def refuse(message: str, field_name: str | None, value: str | None = None) -> None:
        problems.append(ImportProblem(file, message, feature.number, name, field_name, value))

    if feature.geometry_type != "Point" or feature.lat is None or feature.lon is None:
        kind = feature.geometry_type or "no geometry"
        refuse(f"has {kind}; a site must be a point", "geometry")
        return None
    if not name:
        refuse("a site needs a name", "name")
        return None
    row = {**DEFAULTS, **fields, "lat": repr(round(feature.lat, 6)), "lon": repr(round(feature.lon, 6))}
    if "host_iso3" not in row:
        host = _host_at(feature.lat, feature.lon)
        if host is None:
            refuse(f"no host_iso3 given and the point ({feature.lat:.4f}, {feature.lon:.4f}) lies in no country",
                   "host_iso3")
            return None
        row["host_iso3"] = host
    row["host_iso3"] = row["host_iso3"].upper()
    row.setdefault("site_id", f"{row['host_iso3'].lower()}-{_slug(name)}"[:60].strip("-"))
    if "source_ids" not in row:
        if not default_sources:
            refuse("the feature cites no source; every site needs one (or give a source for the whole file)",
                   "source_ids")
            return None
        row["source_ids"] = LIST_SEPARATOR.join(default_sources)
    before = len(problems)
    try:
        site = Site.model_validate(row)
    except ValidationError as exc:
        for error in exc.errors():
            column = str(error["loc"][0]) if error["loc"] else None
            refuse(error["msg"], column, row.get(column) if column else None)
        return None
    for source_id in site.source_ids:
        if source_id not in known_sources:
            refuse(f"{source_id!r} is not a known source; add the source first", "source_ids", source_id)
    outside = geography.distance_outside(site.host_iso3, site.lat, site.lon)
    if outside is None:
        refuse("no country outline for this host code", "host_iso3", site.host_iso3)
    elif outside > geography.BORDER_TOLERANCE_DEGREES:
        refuse(f"the point ({site.lat}, {site.lon}) lies {outside:.2f} degrees outside {site.host_iso3}",
               "geometry")
    return row if len(problems) == before else None


def _match(row: Mapping[str, str], sites: pd.DataFrame, keys: list[set[str]]) -> tuple[int, str, float] | None:
    """The known site this row duplicates: position, reason and distance; None when none."""
    if sites.empty:
        return None
    distance = distances_km(float(row["lat"]), float(row["lon"]), sites["lat"].to_numpy(float),
                            sites["lon"].to_numpy(float))
    nearest = int(np.argmin(distance))
    if distance[nearest] <= DUPLICATE_KM:
        return nearest, f"{distance[nearest]:.1f} km from it", float(distance[nearest])
    names = {name_key(row["name"])} | {name_key(a) for a in row.get("aliases", "").split(LIST_SEPARATOR) if a}
    names.discard("")
    hosts = sites["host_iso3"].to_numpy()
    for position, known in enumerate(keys):
        if hosts[position] == row["host_iso3"] and names & known:
            shared = sorted(names & known)[0]
            return position, f"same name or alias ({shared!r}), {distance[position]:.0f} km away", float(
                distance[position])
    return None


def plan_site_import(
    content: bytes, name: str, dataset: Dataset, *, source_ids: Iterable[str] = (),
    workspace_site_ids: Iterable[str] = (),
) -> SiteImportPlan:
    """Read and check every feature against ``dataset`` (the curated data with the workspace laid over it).

    Raises SiteImportError naming file, feature and field for every refusal; returns the plan otherwise.
    """
    features = read_features(content, name)
    problems: list[ImportProblem] = []
    known_sources = set(dataset.sources["source_id"])
    default_sources = tuple(s.strip() for s in source_ids if s.strip())
    for source_id in default_sources:
        if source_id not in known_sources:
            problems.append(ImportProblem(name, f"{source_id!r} is not a known source", field="source_ids"))
    sites = dataset.sites.reset_index(drop=True)
    keys = [{name_key(n) for n in (site_name, *aliases)} - {""}
            for site_name, aliases in zip(sites["name"], sites["aliases"], strict=True)]
    in_workspace = set(workspace_site_ids)
    plan = SiteImportPlan(file=name)
    seen: dict[str, int] = {}
    for feature in features:
        row = _row(feature, name, known_sources, default_sources, problems)
        if row is None:
            continue
        if row["site_id"] in seen:
            problems.append(ImportProblem(name, f"site_id repeats feature {seen[row['site_id']]}", feature.number,
                                          row["name"], "site_id", row["site_id"]))
            continue
        seen[row["site_id"]] = feature.number
        match = _match(row, sites, keys)
        if match is not None:
            position, reason, distance = match
            known = sites.iloc[position]
            plan.duplicates.append(Duplicate(feature.number, row, known["site_id"], known["name"], reason, distance,
                                             known["site_id"] in in_workspace))
        elif row["site_id"] in set(sites["site_id"]):
            problems.append(ImportProblem(name, "a different site already has this site_id", feature.number,
                                          row["name"], "site_id", row["site_id"]))
        else:
            plan.new.append((feature.number, row))
    if problems:
        raise SiteImportError(problems)
    return plan


def _merged_values(current: Mapping[str, str], incoming: Mapping[str, str]) -> dict[str, str]:
    """The known site with the incoming names as aliases and the incoming sources added."""
    def parts(text: str) -> list[str]:
        return [p.strip() for p in (text or "").split(LIST_SEPARATOR) if p.strip()]

    names = [n for n in [incoming["name"], *parts(incoming.get("aliases", ""))]
             if name_key(n) != name_key(current["name"])]
    aliases = list(dict.fromkeys([*parts(current.get("aliases", "")), *names]))
    sources = list(dict.fromkeys([*parts(current.get("source_ids", "")), *parts(incoming.get("source_ids", ""))]))
    return {"site_id": current["site_id"], "aliases": LIST_SEPARATOR.join(aliases),
            "source_ids": LIST_SEPARATOR.join(sources)}


@dataclass(frozen=True)
class ImportResult:
    added: list[str]
    merged: list[str]
    kept: list[str]  # duplicates of curated sites, which the workspace never rewrites


def apply_site_import(workspace: Any, plan: SiteImportPlan, *, who: str,
                      add_as_new: Iterable[int] = ()) -> ImportResult:
    """Store the plan: new rows in one validated write; duplicates merged into workspace sites.

    ``add_as_new`` lists feature numbers of duplicates the user chose to add as sites of their own.
    A duplicate of a curated site adds nothing (curated rows are never changed) and is listed in ``kept``.
    """
    chosen = set(add_as_new)
    new_rows = [row for _, row in plan.new] + [d.row for d in plan.duplicates if d.feature in chosen]
    if new_rows:
        workspace.add({"sites": new_rows}, who=who)
    merged, kept = [], []
    held = {row["site_id"]: row for row in workspace.rows("sites")}
    for duplicate in plan.duplicates:
        if duplicate.feature in chosen:
            continue
        if duplicate.site_id in held:
            workspace.update_row("sites", _merged_values(held[duplicate.site_id], duplicate.row), who=who)
            held = {row["site_id"]: row for row in workspace.rows("sites")}
            merged.append(duplicate.site_id)
        else:
            kept.append(duplicate.site_id)
    return ImportResult(added=[row["site_id"] for row in new_rows], merged=merged, kept=kept)


def describe(plan: SiteImportPlan) -> str:
    """The plan in a few lines, for the CLI and the page."""
    lines = [f"{plan.file}: {len(plan.new)} new site(s), {len(plan.duplicates)} look like known sites"]
    lines += [f"  + feature {n}: {row['name']} ({row['site_id']}, {row['host_iso3']})" for n, row in plan.new]
    lines += [f"  = feature {d.feature}: {d.row['name']} looks like {d.site_name} ({d.site_id}): {d.reason}"
              for d in plan.duplicates]
    return "\n".join(lines)

