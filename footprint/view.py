"""What the user is looking at: filters, date or period, and map view, and their URL form.

The URL parameters are a stable interface (see the README): a shared link
reproduces the view. Unknown or malformed values are dropped with a warning,
never fatal, so an old or hand-edited link still opens.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields

import pandas as pd

from footprint.filters import Filters
from footprint.geography import REGIONS
from footprint.model import CONFIDENCES, ROLES, SITE_TYPES, Dataset
from footprint.query import events_between, presence_at, presence_between
from footprint.webmercator import in_range

# How far around an as-of date the events layer looks.
EVENT_WINDOW_BEFORE = dt.timedelta(days=60)
EVENT_WINDOW_AFTER = dt.timedelta(days=30)


@dataclass(frozen=True, kw_only=True)
class View(Filters):
    """What the user looks at: the filters, a date or a period, an open site, and the map's centre and zoom."""

    as_of: dt.date
    period: tuple[dt.date, dt.date] | None = None
    site: str | None = None
    lat: float | None = None
    lon: float | None = None
    zoom: int | None = None
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def of(cls, filters: Filters, *, as_of: dt.date, period: tuple[dt.date, dt.date] | None = None) -> View:
        """The view of ``filters`` on a day or over a period."""
        return cls(**{f.name: getattr(filters, f.name) for f in fields(Filters)}, as_of=as_of, period=period)

    @property
    def window(self) -> tuple[dt.date, dt.date]:
        """The days the view covers: the period, or the as-of day."""
        return self.period if self.period else (self.as_of, self.as_of)

    def presence(self, dataset: Dataset) -> pd.DataFrame:
        if self.period:
            return presence_between(dataset, *self.period, self.filters())
        return presence_at(dataset, self.as_of, self.filters())

    def events(self, dataset: Dataset) -> pd.DataFrame:
        start, end = self.period or (self.as_of - EVENT_WINDOW_BEFORE, self.as_of + EVENT_WINDOW_AFTER)
        return events_between(dataset, start, end, self.filters())

    def to_params(self, dataset: Dataset) -> dict[str, str]:
        """URL parameters for this view, leaving out what equals the default."""
        params: dict[str, str] = {}
        if self.period:
            params["from"], params["to"] = self.period[0].isoformat(), self.period[1].isoformat()
        elif self.as_of != dataset.as_of:
            params["as_of"] = self.as_of.isoformat()
        for name, values in (
            ("actor", self.actors), ("force", self.forces), ("country", self.countries),
            ("site_type", self.site_types), ("role", self.roles),
        ):
            if values:
                params[name] = ",".join(values)
        if self.region:
            params["region"] = self.region
        if self.min_confidence:
            params["min_confidence"] = self.min_confidence
        if self.site:
            params["site"] = self.site
        if self.lat is not None and self.lon is not None and self.zoom is not None:
            params["lat"], params["lon"], params["zoom"] = f"{self.lat:.4f}", f"{self.lon:.4f}", str(self.zoom)
        return params


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def view_from_params(params: Mapping[str, str], dataset: Dataset) -> View:
    """Read a view from URL parameters; anything unusable is dropped and named in ``warnings``."""
    warnings: list[str] = []

    def day(name: str) -> dt.date | None:
        text = params.get(name)
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            warnings.append(f"ignored {name}={text!r}: not a YYYY-MM-DD date")
            return None

    as_of = day("as_of") or dataset.as_of
    start, end = day("from"), day("to")
    period = None
    if start and end:
        if start <= end:
            period = (start, end)
        else:
            warnings.append(f"ignored from/to: {start} is after {end}")
    elif start or end:
        warnings.append("ignored from/to: both are needed for a period")

    known_actors = set(dataset.deployments["actor_iso3"])
    known_hosts = set(dataset.sites["host_iso3"])
    known_forces = {f.casefold(): f for f in dataset.deployments["force"].dropna()}

    def pick(name: str, allowed, normalise=str.upper) -> tuple[str, ...]:
        kept = []
        for value in _split(params.get(name, "")):
            value = normalise(value)
            if value in allowed:
                kept.append(allowed[value] if isinstance(allowed, dict) else value)
            else:
                warnings.append(f"ignored {name}={value!r}: not in the dataset")
        return tuple(dict.fromkeys(kept))

    region = params.get("region") or None
    if region and region not in REGIONS:
        warnings.append(f"ignored region={region!r}: use one of {', '.join(REGIONS)}")
        region = None
    confidence = params.get("min_confidence") or None
    if confidence and confidence not in CONFIDENCES:
        warnings.append(f"ignored min_confidence={confidence!r}")
        confidence = None
    site = params.get("site") or None
    if site and site not in dataset.sites.index:
        warnings.append(f"ignored site={site!r}: no such site")
        site = None
    lat, lon, zoom = map_view(params, warnings)
    return View(
        as_of=as_of,
        period=period,
        actors=pick("actor", known_actors),
        forces=pick("force", known_forces, str.casefold),
        countries=pick("country", known_hosts),
        region=region,
        site_types=pick("site_type", set(SITE_TYPES), str.lower),
        roles=pick("role", set(ROLES), str.lower),
        min_confidence=confidence,
        site=site,
        lat=lat,
        lon=lon,
        zoom=zoom,
        warnings=tuple(warnings),
    )


def map_view(params: Mapping[str, str], warnings: list[str] | None = None) -> tuple[
    float | None, float | None, int | None
]:
    """The map's lat, lon and zoom from URL parameters, or three Nones (with a warning) when any is unusable."""
    warnings = [] if warnings is None else warnings
    if not any(params.get(name) for name in ("lat", "lon", "zoom")):
        return None, None, None
    try:
        lat, lon, zoom = float(params["lat"]), float(params["lon"]), int(params["zoom"])
    except (KeyError, ValueError):
        warnings.append("ignored lat/lon/zoom: all three are needed, as numbers")
        return None, None, None
    if not in_range(lat, lon, zoom):
        warnings.append("ignored lat/lon/zoom: out of range")
        return None, None, None
    return lat, lon, zoom
