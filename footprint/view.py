"""What the user is looking at: filters, date or period, and map view, and their URL form.

The URL parameters are a stable interface (see the README): a shared link
reproduces the view. Unknown or malformed values are dropped with a warning,
never fatal, so an old or hand-edited link still opens.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace

import pandas as pd

from footprint.filters import Filters
from footprint.geography import REGIONS
from footprint.model import CONFIDENCES, ROLES, SITE_TYPES, Dataset
from footprint.query import events_between, presence_at, presence_between
from footprint.webmercator import MAX_LAT, MAX_ZOOM, MIN_ZOOM

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

    def emptying_filters(self, dataset: Dataset,
                         window: tuple[dt.date, dt.date] | None = None) -> tuple[tuple[str, ...], bool]:
        """Why nothing is present over ``window`` (default: the view's own): the filters (``Filters`` field names)
        each of whose clearing alone brings rows back, with False; else every set filter, with True, when only
        clearing them together does; ((), False) when the result is not empty or the days hold nothing at all."""
        def present(filters: Filters) -> bool:
            if window is None:
                return not View.of(filters, as_of=self.as_of, period=self.period).presence(dataset).empty
            return not presence_between(dataset, *window, filters).empty

        chosen = self.filters()
        if present(chosen):
            return (), False
        set_names = tuple(f.name for f in fields(Filters) if getattr(chosen, f.name))
        alone = tuple(name for name in set_names if present(replace(chosen, **{name: _CLEARED[name]})))
        if alone:
            return alone, False
        return (set_names, True) if set_names and present(Filters()) else ((), False)

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
                params[name] = join_values(values)
        if self.region:
            params["region"] = self.region
        if self.min_confidence:
            params["min_confidence"] = self.min_confidence
        if self.site:
            params["site"] = self.site
        if self.lat is not None and self.lon is not None and self.zoom is not None:
            params["lat"], params["lon"], params["zoom"] = f"{self.lat:.4f}", f"{self.lon:.4f}", str(self.zoom)
        return params


_CLEARED = {f.name: f.default for f in fields(Filters)}

# The view's parameters, which every page with the sidebar carries, and each page's own, beside them: together
# they make a link that reproduces the page. Compare's second date is the view's own date (or a period's end).
VIEW_PARAMS = ("as_of", "from", "to", "actor", "force", "country", "region", "site_type", "role", "min_confidence",
               "site", "lat", "lon", "zoom")
PAGE_PARAMS: dict[str, tuple[str, ...]] = {
    "compare": ("before",),
    "timeline": ("since", "until"),
    "briefing": ("dates",),
    "sources": ("source",),
}


def day_param(params: Mapping[str, str], name: str, dataset: Dataset) -> tuple[dt.date | None, str | None]:
    """The day in parameter ``name`` within the data's days (clamped), and a notice when it was not usable as
    given; (None, None) when absent."""
    notices: dict[str, str] = {}
    day = _day_param(params, name, (dataset.first_day, dataset.as_of), notices)
    return day, notices.get(name)


# Values in a list parameter are separated by commas; a comma or backslash inside a value is escaped with a
# backslash, so a force named "Task Force, 2nd rotation" survives a shared link.
_ESCAPED = re.compile(r"([\\,])")
_DAY_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NUMBER_TEXT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_LISTED = 3  # ignored values named in a notice; the rest are counted
ZOOMS = (MIN_ZOOM, MAX_ZOOM)


def join_values(values) -> str:
    """One URL parameter for a list of values; ``split_values`` reads it back."""
    return ",".join(_ESCAPED.sub(r"\\\1", value) for value in values)


def split_values(text: str) -> list[str]:
    """The values of a list parameter written by ``join_values`` (or by hand, with plain commas)."""
    values, current, escaped = [], [], False
    for character in text:
        if escaped:
            current.append(character)
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == ",":
            values.append("".join(current))
            current = []
        else:
            current.append(character)
    values.append("".join(current) + ("\\" if escaped else ""))
    return [value.strip() for value in values if value.strip()]


def _shown(value: str, limit: int = 40) -> str:
    text = " ".join(value.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _some(values: list[str]) -> str:
    listed = ", ".join(_shown(value) for value in values[:_LISTED])
    return listed + (f" and {len(values) - _LISTED} more" if len(values) > _LISTED else "")


def view_from_params(params: Mapping[str, str], dataset: Dataset) -> View:
    """Read a view from URL parameters. Anything unusable is dropped, and anything out of range clamped,
    with one notice per parameter in ``warnings``."""
    notices: dict[str, str] = {}
    bounds = dataset.first_day, dataset.as_of
    as_of = _day_param(params, "as_of", bounds, notices) or dataset.as_of
    period = _period_params(_day_param(params, "from", bounds, notices), _day_param(params, "to", bounds, notices),
                            notices)
    if period:
        as_of = period[1]  # as the sidebar has it: a period's view is dated by its last day
    region = _one_param(params, "region", REGIONS, f"use one of {', '.join(REGIONS)}", notices)
    confidence = _one_param(params, "min_confidence", CONFIDENCES, f"use one of {', '.join(CONFIDENCES)}", notices)
    site = _one_param(params, "site", set(dataset.sites.index), "no such site", notices)
    map_notices: list[str] = []
    lat, lon, zoom = map_view(params, map_notices)
    if map_notices:
        notices["lat"] = "; ".join(map_notices)
    known_forces = {f.casefold(): f for f in dataset.deployments["force"].dropna()}
    return View(
        as_of=as_of,
        period=period,
        actors=_pick_params(params, "actor", set(dataset.deployments["actor_iso3"]), notices),
        forces=_pick_params(params, "force", known_forces, notices, str.casefold),
        countries=_pick_params(params, "country", set(dataset.sites["host_iso3"]), notices),
        region=region,
        site_types=_pick_params(params, "site_type", set(SITE_TYPES), notices, str.lower),
        roles=_pick_params(params, "role", set(ROLES), notices, str.lower),
        min_confidence=confidence,
        site=site,
        lat=lat,
        lon=lon,
        zoom=zoom,
        warnings=tuple(notices.values()),
    )


def _day_param(params: Mapping[str, str], name: str, bounds: tuple[dt.date, dt.date],
               notices: dict[str, str]) -> dt.date | None:
    """The day in parameter ``name``, clamped to ``bounds`` (first, last); None when absent or unusable."""
    lowest, highest = bounds
    text = (params.get(name) or "").strip()
    if not text:
        return None
    if not _DAY_TEXT.fullmatch(text):
        notices[name] = f"ignored {name}={_shown(text)}: not a date written YYYY-MM-DD"
        return None
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        notices[name] = f"ignored {name}={_shown(text)}: there is no such day"
        return None
    if value > highest:
        notices[name] = f"{name}={text} is after the data's last day; showing {highest}"
        return highest
    if value < lowest:
        notices[name] = f"{name}={text} is before the data's first day; showing {lowest}"
        return lowest
    return value


def _period_params(start: dt.date | None, end: dt.date | None,
                   notices: dict[str, str]) -> tuple[dt.date, dt.date] | None:
    """The period from/to, when both are given and in order."""
    if start and end:
        if start <= end:
            return start, end
        notices["from"] = f"ignored from/to: {start} is after {end}"
    elif start or end:
        notices["from" if start else "to"] = "ignored from/to: both are needed for a period"
    return None


def _pick_params(params: Mapping[str, str], name: str, allowed, notices: dict[str, str],
                 normalise=str.upper) -> tuple[str, ...]:
    """The listed values of ``name`` found in ``allowed`` (a set, or a dict from normalised key to value)."""
    kept, unknown = [], []
    for value in split_values(params.get(name, "")):
        key = normalise(value)
        if key in allowed:
            kept.append(allowed[key] if isinstance(allowed, dict) else key)
        else:
            unknown.append(value)
    if unknown:
        notices[name] = f"ignored {name}: {_some(unknown)} not in the data"
    return tuple(dict.fromkeys(kept))


def _one_param(params: Mapping[str, str], name: str, allowed, hint: str, notices: dict[str, str]) -> str | None:
    """The single value of ``name`` when it is in ``allowed``."""
    value = (params.get(name) or "").strip() or None
    if value is not None and value not in allowed:
        notices[name] = f"ignored {name}={_shown(value)}: {hint}"
        return None
    return value


def map_view(params: Mapping[str, str], warnings: list[str] | None = None) -> tuple[
    float | None, float | None, int | None
]:
    """The map's lat, lon and zoom from URL parameters, or three Nones (with a warning) when any is unusable.
    A longitude past the antimeridian is wrapped; a latitude or zoom out of range is clamped, with a warning."""
    warnings = [] if warnings is None else warnings
    texts = [(params.get(name) or "").strip() for name in ("lat", "lon", "zoom")]
    if not any(texts):
        return None, None, None
    if not all(_NUMBER_TEXT.fullmatch(text) for text in texts) or "." in texts[2]:
        warnings.append("ignored lat/lon/zoom: all three are needed, as numbers in ASCII digits")
        return None, None, None
    lat, lon, zoom = float(texts[0]), float(texts[1]), int(texts[2])
    if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lon) > 1e6:
        warnings.append("ignored lat/lon/zoom: out of range")
        return None, None, None
    if not -180.0 <= lon <= 180.0:
        lon = (lon + 180.0) % 360.0 - 180.0  # the same meridian, in range
    if abs(lat) > MAX_LAT:
        lat = math.copysign(MAX_LAT, lat)
        warnings.append(f"lat={texts[0]} is beyond the map's {MAX_LAT:g} degrees; showing {lat:g}")
    if not ZOOMS[0] <= zoom <= ZOOMS[1]:
        clamped = min(max(zoom, ZOOMS[0]), ZOOMS[1])
        warnings.append(f"zoom={texts[2]} is out of range; showing zoom {clamped}")
        zoom = clamped
    return lat, round(lon, 6), zoom
