"""ACLED conflict events beside the bases: a user's own ACLED export, read once into a columnar cache.

ACLED's licence forbids shipping its data, so users bring their export (a CSV with the columns of
ACLED's codebook) and point Footprint at it on the Data page or with ``FOOTPRINT_ACLED=path``.
The first read parses and checks every row and keeps the result as Parquet under the cache folder;
later reads of the same file (same path, size and modification time) load the Parquet. Rows that
fail a check are left out and listed as problems naming file, row, field and value; a file that
lacks a required column, or has no usable row, is refused whole.

``time_precision`` and ``geo_precision`` are ACLED's codes: 1 is the most precise (the day; the
town), 2 and 3 coarser (the week or month; the district or province), as its codebook defines them.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import html
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ACLED_ENV = "FOOTPRINT_ACLED"
DEFAULT_CACHE_DIR = Path(__file__).resolve().parent.parent / "workspace" / "acled-cache"  # git-ignored
READER_VERSION = "1"  # bump when the cached columns change, so old caches are not reused
REQUIRED = (
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "iso", "latitude", "longitude", "geo_precision", "fatalities", "source", "notes",
)
OPTIONAL = ("disorder_type", "admin1", "admin2", "location", "source_scale", "inter1", "inter2", "interaction",
            "civilian_targeting", "tags")
CATEGORIES = ("event_type", "sub_event_type", "country", "disorder_type", "admin1", "source_scale")
PRECISION_CODES = (1, 2, 3)
# ACLED's exports have written dates both ways over the years.
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y")
PROBLEMS_KEPT = 200
EARTH_RADIUS_KM = 6371.0088


class AcledError(ValueError):
    """The file cannot be used at all (missing, unreadable, a required column absent, no usable row)."""


@dataclass(frozen=True)
class AcledProblem:
    """One row left out: ``row`` counts data rows from 1."""

    file: str
    row: int
    field: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, field {self.field}, value {self.value!r}: {self.message}"


@dataclass
class AcledEvents:
    """Checked events, oldest first, with the rows left out.

    ``frame`` has the required columns (and any optional ones the file had): ``event_date`` as
    datetime64, ``latitude``/``longitude`` as float, ``time_precision``, ``geo_precision``,
    ``fatalities`` and ``iso`` as integers, text for the rest. ``problems`` holds at most
    ``PROBLEMS_KEPT`` of the ``rows_refused`` problems.
    """

    frame: pd.DataFrame
    file: str
    rows_read: int
    rows_refused: int
    problems: list[AcledProblem] = field(default_factory=list)
    from_cache: bool = False

    def __post_init__(self) -> None:
        self._days = self.frame["event_date"].to_numpy(dtype="datetime64[ns]")
        self._lat = self.frame["latitude"].to_numpy(dtype=float)
        self._lon = self.frame["longitude"].to_numpy(dtype=float)

    def __len__(self) -> int:
        return len(self.frame)

    def _slice(self, start: dt.date, end: dt.date) -> slice:
        first = np.searchsorted(self._days, np.datetime64(start, "ns"), side="left")
        last = np.searchsorted(self._days, np.datetime64(end, "ns") + np.timedelta64(1, "D"), side="left")
        return slice(int(first), int(last))

    def between(self, start: dt.date, end: dt.date) -> pd.DataFrame:
        """Events dated from ``start`` to ``end``, both included."""
        return self.frame.iloc[self._slice(start, end)]

    def near(self, sites: pd.DataFrame, radius_km: float, start: dt.date, end: dt.date) -> pd.DataFrame:
        """Events in the period within ``radius_km`` of any of ``sites`` (columns site_id, lat, lon).

        Adds ``site_id`` and ``distance_km``: the nearest such site and the great-circle distance to it.
        """
        if radius_km <= 0:
            raise ValueError("the radius must be a positive number of kilometres")
        window = self._slice(start, end)
        lat, lon = self._lat[window], self._lon[window]
        best = np.full(len(lat), np.inf)
        nearest = np.full(len(lat), -1)
        dlat = radius_km / 111.0
        unique = sites.drop_duplicates("site_id")
        for position, (site_lat, site_lon) in enumerate(zip(unique["lat"], unique["lon"], strict=True)):
            # A box around the site first, so the trigonometry runs only on candidates.
            dlon = radius_km / (111.0 * max(np.cos(np.radians(site_lat)), 0.01))
            box = np.flatnonzero((np.abs(lat - site_lat) <= dlat) & (np.abs(lon - site_lon) <= dlon))
            if not len(box):
                continue
            distance = haversine_km(site_lat, site_lon, lat[box], lon[box])
            closer = (distance <= radius_km) & (distance < best[box])
            best[box[closer]] = distance[closer]
            nearest[box[closer]] = position
        keep = np.flatnonzero(nearest >= 0)
        chosen = self.frame.iloc[window].iloc[keep].copy()
        chosen["site_id"] = unique["site_id"].to_numpy()[nearest[keep]]
        chosen["distance_km"] = best[keep].round(1)
        return chosen


def haversine_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """Great-circle distances in km from one point to many, on a sphere of mean Earth radius."""
    phi1, phi2 = np.radians(lat), np.radians(lats)
    a = np.sin((phi2 - phi1) / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(np.radians(lons - lon) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def configured_path() -> Path | None:
    """``$FOOTPRINT_ACLED`` as a path, or None when unset."""
    value = os.environ.get(ACLED_ENV, "").strip()
    return Path(value) if value else None


# --- reading and checking ---------------------------------------------------------------


def _header(path: Path) -> list[str]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            return [name.strip() for name in next(csv.reader(handle), [])]
    except (UnicodeDecodeError, csv.Error, OSError) as exc:
        raise AcledError(f"{path.name}: cannot be read as UTF-8 CSV: {exc}") from None


def _read_table(path: Path) -> pa.Table:
    if not path.is_file():
        raise AcledError(f"{path.name}: no such file")
    header = _header(path)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise AcledError(f"{path.name}: not an ACLED export; missing column(s) {', '.join(missing)} "
                         f"(ACLED's codebook names them)")
    keep = [c for c in (*REQUIRED, *OPTIONAL) if c in header]
    try:
        # Everything as text: the checks below decide what a value means, not the CSV reader's guesses.
        return pacsv.read_csv(
            path,
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in header},
                                                 include_columns=keep, strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError, OSError) as exc:
        raise AcledError(f"{path.name}: cannot be read as CSV: {exc}") from None


def _dates(text: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(text, format=DATE_FORMATS[0], errors="coerce")
    for fmt in DATE_FORMATS[1:]:
        missing = parsed.isna()
        if missing.any():
            parsed[missing] = pd.to_datetime(text[missing], format=fmt, errors="coerce")
    return parsed


def _integers(text: pd.Series) -> pd.Series:
    number = pd.to_numeric(text.str.strip(), errors="coerce")
    whole = number.notna() & (number == np.floor(number.fillna(0)))
    return number.where(whole)


def read_acled_csv(path: Path | str) -> AcledEvents:
    """Parse and check an ACLED export CSV; raise AcledError when it cannot be used at all."""
    path = Path(path)
    frame = _read_table(path).to_pandas()
    for column in frame.columns:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), "").astype(str).str.strip()
    rows = len(frame)
    parsed = pd.DataFrame(index=frame.index)
    parsed["event_date"] = _dates(frame["event_date"])
    parsed["latitude"] = pd.to_numeric(frame["latitude"], errors="coerce")
    parsed["longitude"] = pd.to_numeric(frame["longitude"], errors="coerce")
    for column in ("time_precision", "geo_precision", "fatalities", "iso"):
        parsed[column] = _integers(frame[column])

    checks = [
        ("event_id_cnty", frame["event_id_cnty"] == "", "an event id is required"),
        ("event_id_cnty", frame["event_id_cnty"].duplicated() & (frame["event_id_cnty"] != ""),
         "repeats an earlier row's event id"),
        ("event_date", parsed["event_date"].isna(), "not a date (ACLED writes YYYY-MM-DD or '15 May 2024')"),
        ("time_precision", ~parsed["time_precision"].isin(PRECISION_CODES), "must be 1, 2 or 3"),
        ("event_type", frame["event_type"] == "", "an event type is required"),
        ("latitude", ~parsed["latitude"].between(-90, 90), "must be a number from -90 to 90"),
        ("longitude", ~parsed["longitude"].between(-180, 180), "must be a number from -180 to 180"),
        ("geo_precision", ~parsed["geo_precision"].isin(PRECISION_CODES), "must be 1, 2 or 3"),
        ("fatalities", ~(parsed["fatalities"] >= 0), "must be a whole number, 0 or more"),
        ("iso", parsed["iso"].isna(), "must be ACLED's numeric ISO 3166 country code"),
    ]
    bad = np.zeros(rows, dtype=bool)
    problems: list[AcledProblem] = []
    refused_cells: list[tuple[int, str, str]] = []
    for column, mask, message in checks:
        mask = mask.to_numpy(dtype=bool)
        bad |= mask
        for index in np.flatnonzero(mask)[:PROBLEMS_KEPT]:
            refused_cells.append((int(index), column, message))
    for index, column, message in sorted(refused_cells)[:PROBLEMS_KEPT]:
        problems.append(AcledProblem(path.name, index + 1, column, frame.at[index, column], message))
    good = ~bad
    if not good.any():
        detail = f"; first: {problems[0]}" if problems else ""
        raise AcledError(f"{path.name}: no usable row among {rows}{detail}")
    events = frame[good].copy()
    for column in parsed.columns:
        events[column] = parsed.loc[good, column]
    for column in ("time_precision", "geo_precision", "fatalities", "iso"):
        events[column] = events[column].astype("int64")
    for column in CATEGORIES:
        if column in events:
            events[column] = events[column].astype("category")
    events = events.sort_values(["event_date", "event_id_cnty"], kind="stable").reset_index(drop=True)
    return AcledEvents(events, path.name, rows, int(bad.sum()), problems)


# --- the cache ------------------------------------------------------------------------


def _cache_key(path: Path) -> str:
    status = path.stat()
    identity = f"{path.resolve()}|{status.st_size}|{status.st_mtime_ns}|{READER_VERSION}"
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:24]


def _write_atomic(path: Path, content: bytes) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(content)
    os.replace(temporary, path)


def load_acled(path: Path | str, cache_dir: Path | str = DEFAULT_CACHE_DIR) -> AcledEvents:
    """The checked events of the export at ``path``, from the cache when it is current."""
    path = Path(path)
    if not path.is_file():
        raise AcledError(f"{path.name}: no such file")
    cache = Path(cache_dir)
    key = _cache_key(path)
    table_file, report_file = cache / f"{key}.parquet", cache / f"{key}.json"
    if table_file.is_file() and report_file.is_file():
        report = json.loads(report_file.read_text(encoding="utf-8"))
        frame = pq.read_table(table_file).to_pandas()
        problems = [AcledProblem(**p) for p in report["problems"]]
        return AcledEvents(frame, report["file"], report["rows_read"], report["rows_refused"], problems,
                           from_cache=True)
    events = read_acled_csv(path)
    cache.mkdir(parents=True, exist_ok=True)
    buffer = pa.BufferOutputStream()
    pq.write_table(pa.Table.from_pandas(events.frame, preserve_index=False), buffer)
    _write_atomic(table_file, buffer.getvalue().to_pybytes())
    report = {"file": events.file, "rows_read": events.rows_read, "rows_refused": events.rows_refused,
              "problems": [p.__dict__ for p in events.problems]}
    _write_atomic(report_file, json.dumps(report, ensure_ascii=False).encode("utf-8"))
    return events


# --- summaries ---------------------------------------------------------------------------


def counts_by_type(events: pd.DataFrame, *, freq: str = "MS") -> pd.DataFrame:
    """Events and fatalities per period (month starts by default) and ACLED event type."""
    if events.empty:
        return pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"), "event_type": pd.Series(dtype=str),
                             "events": pd.Series(dtype="int64"), "fatalities": pd.Series(dtype="int64")})
    grouped = events.groupby([pd.Grouper(key="event_date", freq=freq), events["event_type"].astype(str)],
                             observed=True)
    counts = grouped.agg(events=("event_id_cnty", "size"), fatalities=("fatalities", "sum")).reset_index()
    return counts.rename(columns={"event_date": "period"})


# --- the map layer ---------------------------------------------------------------------------

MAX_MAP_EVENTS = 5_000
UNCLUSTER_AT_ZOOM = 9
# ACLED's six event types, in colours apart from the sending states' (Paul Tol's "light" scheme).
TYPE_COLOURS = {
    "Battles": "#EE8866", "Violence against civilians": "#FFAABB", "Explosions/Remote violence": "#EEDD88",
    "Riots": "#BBCC33", "Protests": "#99DDFF", "Strategic developments": "#DDDDDD",
}
OTHER_COLOUR = "#AAAA00"
PRECISION_WORDS = {
    "time": {1: "day known", 2: "week known", 3: "month known"},
    "geo": {1: "town", 2: "near a town or district", 3: "province or region"},
}


def _e(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def popup_html(row: pd.Series, site_names: dict[str, str] | None = None) -> str:
    """One event's ACLED fields and precision codes as escaped HTML for the map's popup."""
    place = ", ".join(_e(row[c]) for c in ("location", "admin1") if row.get(c))
    tp, gp = int(row["time_precision"]), int(row["geo_precision"])
    lines = [
        f"<b>{_e(row['event_type'])}</b> · {_e(row['sub_event_type'])}",
        f"{_e(row['event_date'].date().isoformat())} (time_precision {tp}: {PRECISION_WORDS['time'].get(tp, '')})",
        f"{_e(row['actor1'])}" + (f" vs {_e(row['actor2'])}" if row["actor2"] else ""),
        (f"{place}, " if place else "") + f"{_e(row['country'])} (geo_precision {gp}: "
        f"{PRECISION_WORDS['geo'].get(gp, '')})",
        f"Fatalities: {int(row['fatalities'])}",
    ]
    if "site_id" in row and site_names is not None:
        lines.append(f"{row['distance_km']:.1f} km from {_e(site_names.get(row['site_id'], row['site_id']))}")
    lines.append(f"<i>{_e(row['notes'])}</i>")
    lines.append(f"Source: {_e(row['source'])} · ACLED {_e(row['event_id_cnty'])}")
    return "<br>".join(lines)


def map_payload(events: pd.DataFrame, site_names: dict[str, str] | None = None) -> dict:
    """What static/footprint/acled-layer.js draws: the newest ``MAX_MAP_EVENTS`` events, with escaped popups."""
    shown = events.tail(MAX_MAP_EVENTS)
    types = list(TYPE_COLOURS)
    extra = sorted(set(shown["event_type"].astype(str)) - set(types))
    types += extra
    colours = [TYPE_COLOURS.get(t, OTHER_COLOUR) for t in types]
    position = {t: i for i, t in enumerate(types)}
    rows = [
        [round(float(row["latitude"]), 5), round(float(row["longitude"]), 5), position[str(row["event_type"])],
         popup_html(row, site_names)]
        for _, row in shown.iterrows()
    ]
    return {"events": rows, "colours": colours, "types": types, "unclusterAt": UNCLUSTER_AT_ZOOM,
            "shown": len(shown), "total": len(events)}


def map_layer(events: pd.DataFrame, site_names: dict[str, str] | None = None):
    """A folium element drawing the events with ``footprintAcled`` (add it to the map's layer group).

    The page must link ``static/footprint/acled-layer.js`` and leaflet.markercluster (mapping's assets do).
    """
    from branca.element import MacroElement
    from jinja2 import Template

    class AcledLayer(MacroElement):
        _template = Template(
            """
            {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = footprintAcled({{ this.payload }}).addTo({{ this._parent.get_name() }});
            {% endmacro %}
            """
        )

        def __init__(self, payload: dict):
            super().__init__()
            self._name = "AcledLayer"
            # The payload is JSON, never template source; "</" must not close the page's script element.
            self.payload = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")

    return AcledLayer(map_payload(events, site_names))
