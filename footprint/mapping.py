"""Map building: folium maps of who was where, drawn from query results.

Sites, forces, events and sources travel to the browser as one columnar payload of
already-escaped text (``map_payload``); ``static/footprint/footprint-map.js`` draws the
markers on a canvas and builds tooltips and popups when they open. The map keeps that
layer and updates it when filters change, instead of one ``folium.Marker`` per row. The app sends
the sources and actors once per data version (``tables_script``) and, on each date or filter
change, the sites, forces and events alone (``layers_script(..., tables=version)``).
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import folium
import folium.plugins
import numpy as np
import pandas as pd
import xyzservices
from branca.element import Element, MacroElement
from jinja2 import Template

from footprint.escape import html_text, script_value, xml_text
from footprint.geography import country_name
from footprint.memo import per_dataset
from footprint.model import CONFIDENCE_RANK, Dataset
from footprint.query import dates_in_doubt
from footprint.style import (
    DATES_DASH,
    DATES_OUTLINE,
    HOST_SHADES,
    LAST_RESORT_COLOUR,
    PALE_ALPHA,
    PERSONNEL_KEY,
    UNCERTAINTY_METRES,
    actor_colours,
    banner_colours,
    marker_radius,
)
from footprint.view import View
from footprint.words import missing, personnel_label, short_day, source_about

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"
BASEMAP_FILE = STATIC_DIR / "basemap" / "countries.geojson"
# The same countries, lighter (footprint.geography.light_basemap): the live map draws these until it is first
# shown at DETAILED_BASEMAP_ZOOM or closer, then fetches BASEMAP_FILE. Compare's small maps and the world
# view never need the detailed file.
LIGHT_BASEMAP_FILE = STATIC_DIR / "basemap" / "countries-light.geojson"
DETAILED_BASEMAP_ZOOM = 5
# Country, capital and town names for the live map's labels (footprint.places.write_places).
PLACES_FILE = STATIC_DIR / "basemap" / "places.json"

# The map opens on the whole world (the README says so): Africa to the Pacific at zoom 2.
DEFAULT_CENTER = (20.0, 15.0)
DEFAULT_ZOOM = 2


def _text(value: object) -> str:
    """Escape anything from data or users before it can reach HTML."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


@lru_cache(maxsize=1)
def _country_centres() -> dict[str, tuple[float, float]]:
    """A point inside each country (lon, lat), from the cached outlines."""
    from footprint.geography import _shapes_by_iso3

    centres = {}
    for iso3, shape in _shapes_by_iso3().items():
        point = shape.representative_point()
        centres[iso3] = (point.x, point.y)
    return centres


_HTML_SPECIALS = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;"))


# Below this many texts html.escape one by one is faster than pyarrow's set-up (measured: 10 texts 3 vs 36 us).
_ESCAPE_IN_ARROW_FROM = 500
_SMALL_COLUMN = 500  # texts numbered in a Python dict below this length, by pandas from it


def _escape_all(texts: list[str]) -> list[str]:
    """``html.escape`` of each text; many at once in C (pyarrow)."""
    if len(texts) < _ESCAPE_IN_ARROW_FROM:
        return [html.escape(text, quote=True) for text in texts]
    import pyarrow as pa
    import pyarrow.compute as pc

    array = pa.array(texts, type=pa.large_string())
    for special, entity in _HTML_SPECIALS:  # "&" first, as html.escape does
        array = pc.replace_substring(array, special, entity)
    return array.to_pylist()


def _column(codes: np.ndarray, labels: list[str]) -> list[str] | dict:
    """Escaped ``labels[code]`` per row (code -1: ""), as ``{"values", "codes"}`` when values repeat."""
    values = _escape_all([*labels, ""])
    codes = np.where(codes < 0, len(values) - 1, codes)
    if len(values) * 2 > len(codes):
        return np.array(values, dtype=object)[codes].tolist()
    return {"values": values, "codes": codes.tolist()}


def _texts(values: pd.Series | Iterable[object]) -> list[str] | dict:
    """An escaped text column ("" for missing); each distinct value escaped once."""
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.StringDtype) and len(values) < _SMALL_COLUMN:
        values = values.tolist()  # a few hundred texts: a dict numbers them faster than pandas' factorize
    if not isinstance(values, pd.Series):
        # Numbered as met, as pd.factorize does, without building a Series for a few dozen values.
        numbers: dict[object, int] = {}
        codes = np.array([numbers.setdefault(value, len(numbers)) if isinstance(value, str) or not missing(value)
                          else -1 for value in values], dtype=int)
        return _column(codes, [value if isinstance(value, str) else str(value) for value in numbers])
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    # tolist, not iteration: iterating pandas' text columns goes value by value through pyarrow.
    return _column(codes, [value if isinstance(value, str) else str(value) for value in uniques.tolist()])


def _escaped(values: pd.Series | Iterable[object]) -> list[str]:
    """``_texts`` as a plain list."""
    column = _texts(values)
    return column if isinstance(column, list) else [column["values"][code] for code in column["codes"]]


def _personnel_labels(low: pd.Series, high: pd.Series) -> list[str] | dict:
    # Each distinct (low, high) pair worded once, numbered as met; a missing end is None.
    pairs: dict[tuple[int | None, int | None], int] = {}
    codes = [pairs.setdefault(pair, len(pairs)) for pair in zip(_whole(low), _whole(high), strict=True)]
    return _column(np.array(codes, dtype=int), [personnel_label(lo, hi) for lo, hi in pairs])


def _whole(values: pd.Series) -> list[int | None]:
    """Head counts as ints, None where missing."""
    counts = values.astype("Int64")
    return [None if gap else int(count) for count, gap in
            zip(counts.to_numpy(dtype="int64", na_value=0).tolist(), counts.isna().tolist(), strict=True)]


def _role_labels(roles: pd.Series) -> list[str] | dict:
    # Numbered as met, as pd.factorize does, in a dict: pandas hashes tuples of roles far more slowly.
    numbers: dict[tuple[str, ...], int] = {}
    codes = np.array([numbers.setdefault(held, len(numbers)) for held in roles.tolist()], dtype=int)
    return _column(codes, [", ".join(role.replace("_", " ") for role in chosen) for chosen in numbers])


def _radii(headcount: np.ndarray) -> list[float]:
    """``marker_radius`` for an array of head counts."""
    with np.errstate(divide="ignore"):
        radius = np.where(headcount > 0, np.round(7.0 + 3.0 * np.log10(np.maximum(headcount, 1)), 1), 7.0)
    return radius.tolist()


def _split(values: np.ndarray, groups: np.ndarray, count: int) -> list[list]:
    """``values`` cut into ``count`` lists by ``groups`` (ascending group numbers 0..count-1)."""
    bounds = np.searchsorted(groups, np.arange(count + 1)).tolist()
    flat = np.asarray(values).tolist()
    return [flat[bounds[i]:bounds[i + 1]] for i in range(count)]


@per_dataset
def _site_fields(dataset: Dataset) -> dict[str, list]:
    """What the map shows of each site, in the dataset's order of sites (read-only)."""
    sites = dataset.sites
    return {
        "name": sites["name"].tolist(),
        "host": sites["host_iso3"].map(country_name).tolist(),
        "type": sites["site_type"].str.replace("_", " ").tolist(),
        "precision": sites["location_precision"].tolist(),
        "lat": sites["lat"].astype(float).tolist(),
        "lon": sites["lon"].astype(float).tolist(),
        "ring": sites["location_precision"].map(UNCERTAINTY_METRES).astype(int).tolist(),
    }


@per_dataset
def _source_positions(dataset: Dataset) -> dict[str, int]:
    """Each source's position in the dataset's order (read-only)."""
    return {source_id: i for i, source_id in enumerate(dataset.sources.index)}


class _SourceRefs:
    """Sources cited on the map, sent once as rows and referred to by position from sites and events."""

    def __init__(self, dataset: Dataset, *, every: bool = False):
        # ``every``: positions are the dataset's order of all its sources, the same for any date and filters
        # (the app sends that table once per data version); else only the sources cited, numbered as met.
        self._sources = dataset.sources
        self._positions: dict[str, int] = dict(_source_positions(dataset)) if every else {}

    def refer(self, lists: Iterable[Iterable[str]]) -> list[list[int]]:
        positions = self._positions
        out = []
        for source_ids in lists:
            refs = []
            for source_id in source_ids:
                position = positions.get(source_id)
                if position is None:
                    position = positions[source_id] = len(positions)
                refs.append(position)
            out.append(refs)
        return out

    def rows(self) -> list[dict[str, str]]:
        """``{outlet, title, published, url, about}`` per cited source, escaped, in position order."""
        if not self._positions:
            return []
        cited = self._sources.loc[list(self._positions)]
        urls = ["" if not isinstance(u, str) or not u.startswith(("http://", "https://")) else u for u in cited["url"]]
        # Worded once per (kind, agency) pair: a few pairs cover every source.
        pairs = cited["kind"].fillna("").astype(str) + "\x00" + cited["original_agency"].fillna("").astype(str)
        codes, uniques = pd.factorize(pairs)
        worded = np.array([source_about(*pair.split("\x00")) for pair in uniques], dtype=object)
        about = worded[codes]
        columns = {"outlet": _escaped(cited["outlet"]), "title": _escaped(cited["title"]),
                   "published": _escaped(cited["published"]), "url": _escaped(urls), "about": _escaped(about)}
        return [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def _site_columns(dataset: Dataset, presence: pd.DataFrame, sources: _SourceRefs) -> tuple[dict, dict]:
    """Sites (in order of first appearance in ``presence``) and their forces, one list per field."""
    site_code, site_ids = pd.factorize(presence["site_id"])
    order = np.argsort(site_code, kind="stable")
    rows = presence.iloc[order]
    codes = site_code[order]
    count = np.bincount(codes, minlength=len(site_ids))
    first = np.concatenate([[0], np.cumsum(count)[:-1]]).astype(int)
    high = rows["personnel_max"].astype("Float64").fillna(rows["personnel_min"].astype("Float64")).fillna(0)
    headcount = np.bincount(codes, weights=high.to_numpy(dtype=float), minlength=len(site_ids))
    at = dataset.sites.index.get_indexer(site_ids)
    if (at < 0).any():
        raise KeyError(f"sites not in the dataset: {sorted(set(site_ids[at < 0]))}")
    fields = _site_fields(dataset)
    places = {name: [column[i] for i in at.tolist()] for name, column in fields.items()}
    # Each sending state's wedge is as sure as its best-supported force there: one wedge per (site, actor) pair,
    # in order of first appearance, which is site order (numpy: pandas' group-by costs more at this size).
    actor_code, actor_names = pd.factorize(np.array(_escaped(rows["actor_iso3"]), dtype=object))
    width = max(len(actor_names), 1)
    pairs, first_row, pair_of_row = np.unique(codes * width + actor_code, return_index=True, return_inverse=True)
    best = np.zeros(len(pairs), dtype=int)
    ranks = [CONFIDENCE_RANK.get(confidence, 0) for confidence in rows["confidence"].tolist()]
    np.maximum.at(best, pair_of_row, np.array(ranks, dtype=int))
    met = np.argsort(first_row, kind="stable")
    wedge_site, wedge_actor, wedge_rank = pairs[met] // width, actor_names[pairs[met] % width], best[met]
    doubt = dates_in_doubt(rows)
    unsure = np.bincount(codes, weights=doubt.to_numpy(dtype=float), minlength=len(site_ids))
    # Numbered row by row, as the sites' lists meet them: each site cites its forces' sources once each.
    refs = sources.refer(rows["source_ids"])
    starts, ends = first.tolist(), (first + count[:len(first)]).tolist()
    cited = [list(dict.fromkeys(position for row in refs[starts[site]:ends[site]] for position in row))
             for site in range(len(site_ids))]
    sites = {
        "id": _escaped(site_ids),
        "name": _escaped(places["name"]),
        "host": _texts(places["host"]),
        "type": _texts(places["type"]),
        "precision": _texts(places["precision"]),
        "lat": places["lat"],
        "lon": places["lon"],
        "ring": places["ring"],
        "radius": _radii(headcount),
        "actors": _split(wedge_actor, wedge_site, len(site_ids)),
        "confidence": _split(wedge_rank, wedge_site, len(site_ids)),
        "dates_uncertain": (unsure > 0).astype(int).tolist(),
        "first": first.tolist(),
        "count": count.tolist(),
        "sources": cited,
    }
    forces = {
        "actor": _texts(rows["actor_iso3"]),
        "force": _texts(rows["force"]),
        "personnel": _personnel_labels(rows["personnel_min"], rows["personnel_max"]),
        "since": _texts(rows["start_date"]),
        "since_precision": _texts(rows["start_precision"]),
        "until": _texts(rows["end_date"]),
        "until_precision": _texts(rows["end_precision"]),
        "role": _role_labels(rows["role"]),
        "confidence": _texts(rows["confidence"]),
        "certain": rows["certain"].astype(bool).astype(int).tolist(),
        "doubt": doubt.astype(int).tolist(),
        "sources": refs,
    }
    return sites, forces


def _event_columns(dataset: Dataset, events: pd.DataFrame | None, sources: _SourceRefs) -> dict:
    """Events at their site, or at the host's centre when only the country is known (else left out)."""
    names = ("lat", "lon", "date", "type", "summary", "actor", "sources")
    if events is None or events.empty:
        return {name: [] for name in names}
    at_site = dataset.sites[["lat", "lon"]].reindex(events["site_id"].where(events["site_id"].notna(), ""))
    lat, lon = at_site["lat"].to_numpy(dtype=float), at_site["lon"].to_numpy(dtype=float)
    if np.isnan(lat).any():
        centres = _country_centres()
        centre = [centres.get(host, (np.nan, np.nan)) for host in events["host_iso3"]]
        lat = np.where(np.isnan(lat), [c[1] for c in centre], lat)
        lon = np.where(np.isnan(lon), [c[0] for c in centre], lon)
    placed = ~np.isnan(lat)
    kept = events[placed]
    return {
        "lat": lat[placed].tolist(),
        "lon": lon[placed].tolist(),
        "date": _texts(kept["date"]),
        "type": _texts(kept["event_type"].str.replace("_", " ")),
        "summary": _texts(kept["summary"]),
        "actor": _texts(kept["actor_iso3"]),
        "sources": sources.refer(kept["source_ids"]),
    }


_MARKS = {"pale": PALE_ALPHA, "dash": list(DATES_DASH), "outline": DATES_OUTLINE}


def _actor_table(drawn: set[str], colours: Mapping[str, str]) -> dict[str, list[str]]:
    actors = {_text(code): [_text(country_name(code)), colour] for code, colour in colours.items() if code in drawn}
    for code in sorted(drawn - set(colours)):  # sorted: a set's order changes from one process to the next
        actors[_text(code)] = [_text(country_name(code)), LAST_RESORT_COLOUR]
    return actors


def map_tables(dataset: Dataset, colours: Mapping[str, str], version: str) -> dict:
    """What every date and filter of ``dataset`` shares, for ``map_features``: ``version`` (names this data
    version), ``sources`` (every source, in the dataset's order), ``actors`` (every sending state in deployments
    and events) and ``marks``, as in ``map_payload``; every string escaped."""
    drawn = {*dataset.deployments["actor_iso3"].dropna().unique(), *dataset.events["actor_iso3"].dropna().unique()}
    return {"version": _text(version), "sources": _SourceRefs(dataset, every=True).rows(),
            "actors": _actor_table(drawn, colours), "marks": dict(_MARKS)}


def map_features(dataset: Dataset, presence: pd.DataFrame, events: pd.DataFrame | None) -> dict:
    """``map_payload``'s sites, forces and events alone, their sources given as positions in ``map_tables``'
    sources: what a date or filter change sends once the browser holds the tables."""
    sources = _SourceRefs(dataset, every=True)
    sites, forces = _site_columns(dataset, presence, sources)
    return {"sites": sites, "forces": forces, "events": _event_columns(dataset, events, sources)}


def map_payload(
    dataset: Dataset, presence: pd.DataFrame, events: pd.DataFrame | None, colours: Mapping[str, str]
) -> dict:
    """Everything footprint-map.js draws, one list per field (built column by column), every string escaped.

    ``sites``: id, name, host, type, precision, lat, lon, ring (metres of doubt), radius (pixels), actors
    (codes), confidence (per actor: 0 low, 1 medium, 2 high, its best force's), dates_uncertain (0/1: a force's
    dates, known only to the month or year, may not cover the date shown), first/count (their rows in
    ``forces``), sources (positions in ``sources``). ``forces``: actor, force, personnel, since,
    since_precision, until, until_precision (day, month, year), role, confidence, certain (0/1), doubt (0/1:
    its imprecise dates may not cover the date shown), sources
    (positions in ``sources`` that support the row). ``events``: lat, lon, date, type,
    summary, actor, sources. ``sources``: {outlet, title, published, url, about} per source. ``actors``: code -> [name,
    colour] for every actor drawn. ``marks``: pale (opacity of a less sure fill), dash and outline (the dotted
    outline's pattern and colour).
    A text column with many repeats comes as ``{"values", "codes"}``.
    """
    sources = _SourceRefs(dataset)
    sites, forces = _site_columns(dataset, presence, sources)
    drawn_events = _event_columns(dataset, events, sources)
    drawn = set(presence["actor_iso3"].unique()) | (set(events["actor_iso3"].unique()) if events is not None else set())
    return {"sources": sources.rows(), "actors": _actor_table(drawn, colours), "sites": sites, "forces": forces,
            "events": drawn_events, "marks": dict(_MARKS)}


def payload_script(payload: Mapping[str, object]) -> str:
    """``payload`` as a JavaScript expression that is safe inside an HTML script element (see
    ``footprint.escape.script_value``)."""
    return script_value(payload)


# --- folium elements ------------------------------------------------------


@dataclass(frozen=True)
class Assets:
    """Where the map's scripts and styles come from: the app's static server, or inline for a file."""

    base_url: str = "/app/static"
    inline: bool = False
    extra_tiles: tuple[tuple[str, str, str], ...] = field(default=())

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path}"


VENDOR_JS = {
    "leaflet": "vendor/leaflet/dist/leaflet.js",
    "jquery": "vendor/jquery/dist/jquery.min.js",
    "fullscreen": "vendor/leaflet.fullscreen/Control.FullScreen.js",
    "markercluster": "vendor/leaflet.markercluster/dist/leaflet.markercluster.js",
    "footprint": "footprint/footprint-map.js",
    "acled": "footprint/acled-layer.js",
}
VENDOR_CSS = {
    "leaflet_css": "vendor/leaflet/dist/leaflet.css",
    "fullscreen_css": "vendor/leaflet.fullscreen/Control.FullScreen.css",
    "markercluster_css": "vendor/leaflet.markercluster/dist/MarkerCluster.css",
    "markercluster_default_css": "vendor/leaflet.markercluster/dist/MarkerCluster.Default.css",
    "footprint_css": "footprint/footprint-map.css",
}

# Online layers a user may switch to when a network is there; the local basemap never needs one. Their names
# say so: without a network they stay blank.
NEEDS_NETWORK = " (needs a network)"
ONLINE_TILES: tuple[tuple[str, str, str], ...] = (
    ("OpenStreetMap" + NEEDS_NETWORK, "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
     "&copy; OpenStreetMap contributors"),
    (
        "CARTO light" + NEEDS_NETWORK,
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        "&copy; OpenStreetMap contributors &copy; CARTO",
    ),
    (
        "CARTO dark" + NEEDS_NETWORK,
        "https://{s}.basemaps.cartocdn.com/dark_all/{z}/{x}/{y}{r}.png",
        "&copy; OpenStreetMap contributors &copy; CARTO",
    ),
    (
        "Esri imagery" + NEEDS_NETWORK,
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Tiles &copy; Esri",
    ),
)


class _Verbatim(Element):
    """Text put into the page as it is, never parsed as a template (branca's Element would compile it)."""

    def __init__(self, code: str):
        super().__init__()
        self.code = code

    def render(self, **kwargs) -> str:
        return self.code


def map_name(element: Element) -> str:
    """The script name of the map ``element`` is on (raises ValueError when it is on none)."""
    parent = element._parent
    while parent is not None and not isinstance(parent, folium.Map):
        parent = parent._parent
    if parent is None:
        raise ValueError("the footprint layer must be added to a map (or to a group on one) before rendering")
    return parent.get_name()


class ScriptElement(MacroElement):
    """A map element whose script is joined as plain text and enters the page as it is.

    folium would otherwise parse each rendered script, data and all, as Jinja template source: slow for a
    large payload, and data could become template code. Subclasses define ``code``.
    """

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}")

    @property
    def code(self) -> str:
        raise NotImplementedError

    def render(self, **kwargs) -> None:
        self.get_root().script.add_child(_Verbatim(self.code), name=self.get_name())


class _FootprintLayer(ScriptElement):
    """Sites, events, legend and host shading, handed to ``footprint.show``, which updates the map's kept layers."""

    def __init__(self, state_script: str):
        super().__init__()
        self._name = "FootprintLayer"
        self.state_script = state_script

    @property
    def code(self) -> str:
        # streamlit-folium keeps every feature group it was ever sent in window.feature_group and has just
        # taken them off the map: forget them, or each old payload stays in memory.
        return ("if (window.feature_group) { window.feature_group.length = 0; }\n"
                f"footprint.show({map_name(self)}, {self.state_script});\n")


class _Basemap(ScriptElement):
    """Natural Earth countries, fetched from the app (or inlined), drawn as the default base layer; ``detailed``
    (a script value) names finer outlines to fetch once the map is shown closer."""

    def __init__(self, source: str, detailed: str = ""):
        super().__init__()
        self._name = "Basemap"
        self.source = source
        self.detailed = detailed

    @property
    def code(self) -> str:
        detailed = f", {self.detailed}" if self.detailed else ""
        return f"footprint.basemap({self.source}{detailed}).addTo({map_name(self)});\n"


class _PlaceLabels(ScriptElement):
    """Names of countries, capitals, towns and the sites drawn, placed where they cover no mark."""

    def __init__(self, source: str):
        super().__init__()
        self._name = "PlaceLabels"
        self.source = source

    @property
    def code(self) -> str:
        return f"footprint.labels({self.source}).addTo({map_name(self)});\n"


class _SiteFocus(ScriptElement):
    def __init__(self, target_script: str):
        super().__init__()
        self._name = "SiteFocus"
        self.target_script = target_script

    @property
    def code(self) -> str:
        return f"footprint.focus({map_name(self)}, {self.target_script});\n"


def site_focus(dataset: Dataset, site_id: str, token: str) -> ScriptElement:
    """An element for the layers group that frames the site ``site_id`` and opens its popup, once per ``token``
    (raises KeyError for an unknown site)."""
    site = dataset.sites.loc[site_id]
    return _SiteFocus(script_value({"id": _text(site_id), "name": _text(site["name"]), "lat": float(site["lat"]),
                                   "lon": float(site["lon"]), "token": _text(token)}))


class _Frame(ScriptElement):
    """What the map shows, set in the browser where its real size is known (see ``frame_group``)."""

    def __init__(self, view: dict):
        super().__init__()
        self._name = "Frame"
        self.view = view

    @property
    def code(self) -> str:
        return f"footprint.frame({map_name(self)}, {json.dumps(self.view)});\n"


def frame_group(*, bounds: tuple[float, float, float, float] | None = None,
                center: tuple[float, float] | None = None, zoom: int | None = None,
                follow_link: bool = True) -> folium.FeatureGroup:
    """A group that frames the map in the browser: on ``bounds`` (west, south, east, north), fitted to the
    map's width and height on screen with room for the markers, else on ``center`` and ``zoom``.

    The browser frames again only when the frame asked for changes, so a date step keeps the user's view. A
    newly built map shows the view in the page's link (lat, lon, zoom) instead, unless ``follow_link`` is off.
    """
    if bounds is not None:
        west, south, east, north = (float(value) for value in bounds)
        view: dict = {"bounds": [[south, west], [north, east]]}
    elif center is not None and zoom is not None:
        view = {"center": [float(center[0]), float(center[1])], "zoom": int(zoom)}
    else:
        raise ValueError("frame_group needs bounds, or a center and a zoom")
    if not follow_link:
        view["link"] = False
    group = folium.FeatureGroup(name="Frame", control=False)
    group.add_child(_Frame(view))
    return group


class _TrackView(ScriptElement):
    def __init__(self):
        super().__init__()
        self._name = "TrackView"

    @property
    def code(self) -> str:
        return f"footprint.trackView({map_name(self)});\n"


def _link_assets(element: folium.Map, assets: Assets) -> None:
    element.default_js = [(name, assets.url(path)) for name, path in VENDOR_JS.items()]
    element.default_css = [(name, assets.url(path)) for name, path in VENDOR_CSS.items()]


def base_map(
    *,
    assets: Assets = Assets(),
    center: tuple[float, float] = DEFAULT_CENTER,
    zoom: int = DEFAULT_ZOOM,
    custom_tiles: str | None = None,
) -> folium.Map:
    """The parts of the map that do not change with filters: basemap, tile choices and controls."""
    fmap = folium.Map(location=center, zoom_start=zoom, tiles=None, control_scale=True, prefer_canvas=False,
                      world_copy_jump=False, min_zoom=2)
    _link_assets(fmap, assets)
    local = folium.FeatureGroup(name="Local basemap (Natural Earth)", overlay=False, control=True, show=True)
    if assets.inline:  # a file to keep: the detailed outlines only
        basemap = _Basemap(BASEMAP_FILE.read_text(encoding="utf-8").replace("</", "<\\/"))
    else:
        detailed = {"url": assets.url(f"basemap/{BASEMAP_FILE.name}"), "zoom": DETAILED_BASEMAP_ZOOM}
        basemap = _Basemap(json.dumps(assets.url(f"basemap/{LIGHT_BASEMAP_FILE.name}")), json.dumps(detailed))
    local.add_child(basemap)
    local.add_to(fmap)
    if assets.inline:
        places = PLACES_FILE.read_text(encoding="utf-8").replace("</", "<\\/")
    else:
        places = json.dumps(assets.url("basemap/places.json"))
    fmap.add_child(_PlaceLabels(places))
    tiles = list(ONLINE_TILES)
    if custom_tiles:
        tiles.append(("Custom tiles (needs their server)", custom_tiles, "Custom tile server"))
    for name, url, attribution in tiles:
        # A provider object, not a URL string: folium would first search every xyzservices name for it.
        provider = xyzservices.TileProvider(name=name, url=url, attribution=attribution, html_attribution=attribution)
        folium.TileLayer(provider, name=name, overlay=False, control=True, show=False).add_to(fmap)
    fullscreen = folium.plugins.Fullscreen(position="topleft")
    fullscreen.default_js = []  # the map links the vendored copy
    fullscreen.default_css = []
    fullscreen.add_to(fmap)
    fmap.add_child(_TrackView())
    folium.LayerControl(collapsed=True, position="topright").add_to(fmap)
    return fmap


def map_key(*, shading: bool) -> dict:
    """What the legend explains beyond the actors' colours: marker sizes (``[label, radius px]``) and the
    host shading's colours (``None`` when off); it draws each symbol with the map's own drawing code."""
    return {
        "sizes": [[_text(label), marker_radius(count)] for count, label in PERSONNEL_KEY],
        "shades": list(HOST_SHADES) if shading else None,
    }


def legend_entries(present: set[str], colours: Mapping[str, str]) -> list[dict]:
    """The legend's states, ``{name, code, colour}`` escaped, by name; states without a colour of their own share
    one "Other states" key, so a world map's legend stays short."""
    legend = [
        {"name": _text(country_name(actor)), "code": _text(actor), "colour": colour}
        for actor, colour in sorted(colours.items(), key=lambda item: country_name(item[0]))
        if actor in present and colour != LAST_RESORT_COLOUR
    ]
    others = sorted(actor for actor in present if colours.get(actor, LAST_RESORT_COLOUR) == LAST_RESORT_COLOUR)
    if others:
        listed = ", ".join(others[:6]) + (f" and {len(others) - 6} more" if len(others) > 6 else "")
        legend.append({"name": _text(f"Other states: {listed}"), "code": "", "colour": LAST_RESORT_COLOUR})
    return legend


def layers_script(
    dataset: Dataset,
    presence: pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    colours: Mapping[str, str] | None = None,
    shade_hosts: bool = False,
    tables: str | None = None,
) -> str:
    """What footprint.show draws for ``presence`` and ``events``, as script text (see ``payload_script``).

    Plain text, so an app can build it once per data version and filters and share it between users. With
    ``tables`` (a data version, see ``tables_script``) the sources, actors and marks are left out and the
    browser takes them from the tables it holds for that version; without, the payload carries its own.
    """
    colours = dict(colours or actor_colours(presence["actor_iso3"]))
    legend = legend_entries(set(presence["actor_iso3"].unique()), colours)
    shading = None
    if shade_hosts:
        counts = presence.groupby("host_iso3")["actor_iso3"].nunique()
        shading = {"counts": {_text(host): int(count) for host, count in counts.items()}, "shades": list(HOST_SHADES)}
    if tables is None:
        return payload_script({"payload": map_payload(dataset, presence, events, colours), "legend": legend,
                               "key": map_key(shading=shade_hosts), "shading": shading})
    return payload_script({"payload": map_features(dataset, presence, events), "tables": _text(tables),
                           "legend": legend, "key": map_key(shading=shade_hosts), "shading": shading})


def tables_script(dataset: Dataset, colours: Mapping[str, str], version: str) -> str:
    """The statement that hands the browser ``map_tables`` for data ``version``, which ``layers_script(...,
    tables=version)`` refers to; sent before those layers, once per data version and map."""
    return f"footprint.tables({payload_script(map_tables(dataset, colours, version))});\n"


def layers_group(script: str) -> folium.FeatureGroup:
    """A group carrying a ``layers_script``: the app swaps it without remounting the map, and the browser
    updates the map's one canvas layer from it."""
    group = folium.FeatureGroup(name="Footprint", control=False)
    group.add_child(_FootprintLayer(script))
    return group


def site_layers(
    dataset: Dataset,
    presence: pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    colours: Mapping[str, str] | None = None,
    shade_hosts: bool = False,
) -> folium.FeatureGroup:
    """Everything that follows the filters, in one group the app can swap without remounting the map."""
    return layers_group(layers_script(dataset, presence, events, colours=colours, shade_hosts=shade_hosts))


def build_map(
    dataset: Dataset,
    presence: pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    assets: Assets = Assets(),
    center: tuple[float, float] = DEFAULT_CENTER,
    zoom: int = DEFAULT_ZOOM,
    bounds: tuple[float, float, float, float] | None = None,
    shade_hosts: bool = False,
    custom_tiles: str | None = None,
) -> folium.Map:
    """A complete map: the base plus the layers for ``presence`` and ``events``, framed on ``bounds`` (west, south,
    east, north) in the browser as the app's map is, when given."""
    fmap = base_map(assets=assets, center=center, zoom=zoom, custom_tiles=custom_tiles)
    site_layers(dataset, presence, events, shade_hosts=shade_hosts).add_to(fmap)
    if bounds is not None:  # after the layers: the frame leaves room for their largest marker
        frame_group(bounds=bounds, follow_link=False).add_to(fmap)
    return fmap


def _inline_images(css: str, folder: Path) -> str:
    """Stylesheet images as data URIs, so the file needs nothing beside it."""
    import base64
    import re

    kinds = {".png": "image/png", ".svg": "image/svg+xml"}

    def replace(match: re.Match[str]) -> str:
        target = folder / match.group(1)
        if target.suffix not in kinds or not target.exists():
            return match.group(0)
        encoded = base64.b64encode(target.read_bytes()).decode("ascii")
        return f"url(data:{kinds[target.suffix]};base64,{encoded})"

    return re.sub(r"url\(['\"]?([^'\")]+?)['\"]?\)", replace, css)


# The heading above the map, and the map below it filling the rest of the window (folium makes it 100% high).
_HEADED_PAGE = ("<style>body{display:flex;flex-direction:column}"
                ".folium-map{flex:1 1 auto;height:auto!important;min-height:0}</style>")


def standalone_html(fmap: folium.Map, *, title: str | None = None, subtitle: str | None = None,
                    banner: str | None = None) -> str:
    """The map as one HTML file with every script and style inlined: it opens on an air-gapped laptop.

    ``title`` and ``subtitle`` (the date and filters, say) are written above the map, ``banner`` above both."""
    fmap.default_js = []
    fmap.default_css = []
    root = fmap.get_root()
    title, subtitle, banner = xml_text(title) or None, xml_text(subtitle) or None, xml_text(banner) or None
    root.title = html_text(title or "Footprint map")  # branca writes the title into <title> unescaped
    if title or subtitle or banner:
        fill, ink = banner_colours(banner or "")
        heading = "".join(
            f'<div style="{style}">{_text(text)}</div>'
            for text, style in (
                (banner, f"background:{fill};color:{ink};text-align:center;font:bold 13px sans-serif;padding:3px"),
                (title, "font:bold 18px sans-serif;padding:6px 10px 0"),
                (subtitle, "font:13px sans-serif;color:#5B636A;padding:2px 10px 6px"),
            )
            if text
        )
        root.html.add_child(_Verbatim(f'<header class="fp-heading">{heading}</header>'), index=0)
        root.header.add_child(_Verbatim(_HEADED_PAGE))
    for path in VENDOR_CSS.values():
        css = (STATIC_DIR / path).read_text(encoding="utf-8")
        root.header.add_child(_Verbatim(f"<style>{_inline_images(css, (STATIC_DIR / path).parent)}</style>"))
    for path in VENDOR_JS.values():
        code = (STATIC_DIR / path).read_text(encoding="utf-8").replace("</script", "<\\/script")
        root.header.add_child(_Verbatim(f"<script>{code}</script>"))
    return root.render()


def presence_geojson(dataset: Dataset, presence: pd.DataFrame) -> dict:
    """Presence rows as plain GeoJSON points (raw values, for download and other GIS tools)."""
    features = []
    for row in presence.itertuples():
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(row.lon), float(row.lat)]},
                "properties": {
                    "site_id": row.site_id,
                    "site_name": row.site_name,
                    "host_iso3": row.host_iso3,
                    "actor_iso3": row.actor_iso3,
                    "force": None if pd.isna(row.force) else row.force,
                    "force_kind": row.force_kind,
                    "personnel_min": None if pd.isna(row.personnel_min) else int(row.personnel_min),
                    "personnel_max": None if pd.isna(row.personnel_max) else int(row.personnel_max),
                    "start_date": row.start_date,
                    "end_date": None if pd.isna(row.end_date) else row.end_date,
                    "confidence": row.confidence,
                    "location_precision": dataset.sites.at[row.site_id, "location_precision"],
                    "source_ids": list(row.source_ids),
                    "source_urls": [u for u in dataset.sources.loc[list(row.source_ids), "url"] if isinstance(u, str)],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


class _TimelapseLayer(ScriptElement):
    def __init__(self, frames: list[dict], interval_ms: float):
        super().__init__()
        self._name = "Timelapse"
        self.frames = frames
        self.interval = int(interval_ms)

    @property
    def code(self) -> str:
        return f"footprint.timelapse({payload_script(self.frames)}, {self.interval}).addTo({map_name(self)});\n"


def timelapse_map(dataset: Dataset, view: View, days: list[dt.date], *, bounds: tuple[float, float, float, float],
                  interval_ms: float, title: str) -> str:
    """One self-contained HTML file: the view's map on each of ``days``, with a slider and a play button."""
    colours = actor_colours(dataset.deployments["actor_iso3"])
    frames = []
    for day in days:
        at = replace(view, as_of=day, period=None)
        presence = at.presence(dataset)
        frames.append({
            "label": _text(short_day(day)),
            "counts": _text(f"{presence['site_id'].nunique()} sites, {presence['actor_iso3'].nunique()} states, "
                            f"{len(presence)} forces"),
            "payload": map_payload(dataset, presence, at.events(dataset), colours),
            "key": map_key(shading=False),
            "legend": legend_entries(set(presence["actor_iso3"].unique()), colours),
        })
    fmap = base_map(assets=Assets(inline=True))
    fmap.add_child(_TimelapseLayer(frames, interval_ms))
    frame_group(bounds=bounds, follow_link=False).add_to(fmap)
    return standalone_html(fmap, title=title)
