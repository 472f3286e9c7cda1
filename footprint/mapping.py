"""Map building: folium maps of who was where, drawn from query results.

Sites travel to the browser as one GeoJSON layer whose features carry their
already-escaped labels; ``static/footprint/footprint-map.js`` draws the markers,
tooltips and popups from them. One layer instead of one ``folium.Marker`` per
row keeps large maps fast and small.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import folium
import folium.plugins
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from footprint.escape import html_text, script_json, xml_text
from footprint.geography import country_name
from footprint.model import Dataset
from footprint.style import UNCERTAINTY_METRES, actor_colours, banner_colours, marker_radius
from footprint.view import View
from footprint.words import personnel_label, source_about

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"
BASEMAP_FILE = STATIC_DIR / "basemap" / "countries.geojson"

# The map opens on the whole world (the README says so): Africa to the Pacific at zoom 2.
DEFAULT_CENTER = (20.0, 15.0)
DEFAULT_ZOOM = 2


def _text(value: object) -> str:
    """Escape anything from data or users before it can reach HTML."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def _safe_url(url: object) -> str:
    text = "" if url is None or pd.isna(url) else str(url)
    return _text(text) if text.startswith(("http://", "https://")) else ""


class _SourceTable:
    """Sources cited on the map, sent once and referred to by position from sites and events."""

    def __init__(self, dataset: Dataset):
        self._records = dataset.sources[["outlet", "title", "published", "url", "kind", "original_agency"]].to_dict(
            "index"
        )
        self._positions: dict[str, int] = {}
        self.entries: list[dict[str, str]] = []

    def refer(self, source_ids: Iterable[str]) -> list[int]:
        positions = []
        for source_id in source_ids:
            if source_id not in self._positions:
                record = self._records[source_id]
                self._positions[source_id] = len(self.entries)
                self.entries.append(
                    {
                        "outlet": _text(record["outlet"]),
                        "title": _text(record["title"]),
                        "published": _text(record["published"]),
                        "url": _safe_url(record["url"]),
                        "about": _text(source_about(record["kind"], record["original_agency"])),
                    }
                )
            positions.append(self._positions[source_id])
        return positions


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def site_features(
    dataset: Dataset, presence: pd.DataFrame, colours: Mapping[str, str], sources: _SourceTable | None = None
) -> dict:
    """One GeoJSON point per site with every force present there, ready for the browser.

    Each force is ``[actor code, force, personnel, since, until, role, confidence, certain]``;
    ``sources`` collects the cited sources, which features refer to by position.
    """
    sources = sources or _SourceTable(dataset)
    by_site: dict[str, list[dict]] = {}
    needed = ["site_id", "actor_iso3", "force", "personnel_min", "personnel_max", "start_date", "end_date", "role",
              "confidence", "certain", "source_ids"]
    for row in presence[needed].to_dict("records"):
        by_site.setdefault(row["site_id"], []).append(row)
    columns = ["name", "host_iso3", "lat", "lon", "site_type", "location_precision"]
    sites = dataset.sites.loc[list(by_site), columns].to_dict("index") if by_site else {}
    features = []
    for site_id, rows in by_site.items():
        site = sites[site_id]
        forces, cited, headcount = [], [], 0
        for row in rows:
            high = row["personnel_max"] if not _missing(row["personnel_max"]) else row["personnel_min"]
            headcount += 0 if _missing(high) else int(high)
            cited.extend(row["source_ids"])
            # Positional, not keyed: at thousands of sites the key names alone would cost megabytes.
            forces.append(
                [
                    _text(row["actor_iso3"]),
                    _text(row["force"]),
                    personnel_label(row["personnel_min"], row["personnel_max"]),
                    _text(row["start_date"]),
                    _text(row["end_date"]),
                    _text(", ".join(r.replace("_", " ") for r in row["role"])),
                    _text(row["confidence"]),
                    int(bool(row["certain"])),
                ]
            )
        actors = list(dict.fromkeys(row["actor_iso3"] for row in rows))
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(site["lon"]), float(site["lat"])]},
                "properties": {
                    "site_id": _text(site_id),
                    "name": _text(site["name"]),
                    "host": _text(country_name(site["host_iso3"])),
                    "site_type": _text(str(site["site_type"]).replace("_", " ")),
                    "location_precision": _text(site["location_precision"]),
                    "uncertainty_m": UNCERTAINTY_METRES[site["location_precision"]],
                    "colours": [colours[a] for a in actors],
                    "actors": [_text(country_name(a)) for a in actors],
                    "radius": marker_radius(headcount),
                    "forces": forces,
                    "sources": sources.refer(dict.fromkeys(cited)),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=1)
def _country_centres() -> dict[str, tuple[float, float]]:
    from footprint.geography import countries

    return {row.iso3: (row.geometry.representative_point().x, row.geometry.representative_point().y)
            for row in countries().itertuples()}


def event_features(
    dataset: Dataset, events: pd.DataFrame, colours: Mapping[str, str], sources: _SourceTable | None = None
) -> dict:
    """Events as points at their site, or at the host's centre when only the country is known.

    Each carries ``e = [date, event type, summary, actor name, colour, source positions]``.
    """
    sources = sources or _SourceTable(dataset)
    centres = _country_centres()
    places = dataset.sites[["lon", "lat"]].to_dict("index")
    features = []
    needed = ["site_id", "host_iso3", "date", "event_type", "summary", "actor_iso3", "source_ids"]
    for row in events[needed].to_dict("records"):
        site_id = row["site_id"]
        if isinstance(site_id, str) and site_id in places:
            lon, lat = places[site_id]["lon"], places[site_id]["lat"]
        elif row["host_iso3"] in centres:
            lon, lat = centres[row["host_iso3"]]
        else:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                "properties": {
                    "e": [
                        _text(row["date"]),
                        _text(str(row["event_type"]).replace("_", " ")),
                        _text(row["summary"]),
                        _text(country_name(row["actor_iso3"])),
                        colours.get(row["actor_iso3"], "#555555"),
                        sources.refer(row["source_ids"]),
                    ]
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def map_payload(
    dataset: Dataset, presence: pd.DataFrame, events: pd.DataFrame | None, colours: Mapping[str, str]
) -> dict:
    """Everything footprint-map.js draws: sites, events, and the sources they cite, each sent once."""
    sources = _SourceTable(dataset)
    sites = site_features(dataset, presence, colours, sources)
    no_events = {"type": "FeatureCollection", "features": []}
    drawn_events = event_features(dataset, events, colours, sources) if events is not None else no_events
    actors = {_text(code): [_text(country_name(code)), colour] for code, colour in colours.items()}
    return {"sources": sources.entries, "actors": actors, "sites": sites, "events": drawn_events}


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

# Online layers a user may switch to when a network is there; the local basemap never needs one.
ONLINE_TILES: tuple[tuple[str, str, str], ...] = (
    ("OpenStreetMap", "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "&copy; OpenStreetMap contributors"),
    (
        "CARTO light",
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        "&copy; OpenStreetMap contributors &copy; CARTO",
    ),
    (
        "CARTO dark",
        "https://{s}.basemaps.cartocdn.com/dark_all/{z}/{x}/{y}{r}.png",
        "&copy; OpenStreetMap contributors &copy; CARTO",
    ),
    (
        "Esri imagery",
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Tiles &copy; Esri",
    ),
)


class _Verbatim(Element):
    """Text put into the page as it is. branca's Element compiles its text as a Jinja template, so data
    passed to it would run as template code; this one is never parsed."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _Script(MacroElement):
    """A MacroElement whose rendered script joins the page verbatim. branca's own render wraps the finished
    script, data and all, in a new Element, which parses it again as a template: ``{{ 7*7 }}`` in a site
    name would become 49, and ``{% if`` would break the page."""

    def render(self, **kwargs) -> None:
        script = self._template.module.__dict__.get("script")
        if script is not None:
            self.get_root().script.add_child(_Verbatim(script(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class _FootprintLayer(_Script):
    """A layer drawn by footprint-map.js from GeoJSON."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = footprint.{{ this.kind }}({{ this.payload }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, kind: str, data: object):
        super().__init__()
        self._name = "FootprintLayer"
        self.kind = kind
        # No "<", ">", "&", "{" or "}" inside its strings: nothing can close the script element or read as a
        # template expression in any later pass (streamlit-folium rewrites "{{'name'}}" in map scripts).
        self.payload = script_json(data)


class _Basemap(_Script):
    """Natural Earth countries, fetched from the app (or inlined), drawn as the default base layer."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        footprint.basemap({{ this.source }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, source: str):
        super().__init__()
        self._name = "Basemap"
        self.source = source


class _TrackView(_Script):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        footprint.trackView({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )


def _link_assets(element: folium.Map, assets: Assets) -> None:
    element.default_js = [(name, assets.url(path)) for name, path in VENDOR_JS.items()]
    element.default_css = [(name, assets.url(path)) for name, path in VENDOR_CSS.items()]


def base_map(
    *,
    assets: Assets = Assets(),
    center: tuple[float, float] = DEFAULT_CENTER,
    zoom: int = DEFAULT_ZOOM,
    bounds: tuple[float, float, float, float] | None = None,
    custom_tiles: str | None = None,
) -> folium.Map:
    """The parts of the map that do not change with filters: basemap, tile choices and controls."""
    fmap = folium.Map(location=center, zoom_start=zoom, tiles=None, control_scale=True, prefer_canvas=False,
                      world_copy_jump=False, min_zoom=2)
    _link_assets(fmap, assets)
    local = folium.FeatureGroup(name="Local basemap (Natural Earth)", overlay=False, control=True, show=True)
    if assets.inline:
        source = BASEMAP_FILE.read_text(encoding="utf-8").replace("</", "<\\/")
    else:
        source = json.dumps(assets.url("basemap/countries.geojson"))
    local.add_child(_Basemap(source))
    local.add_to(fmap)
    tiles = list(ONLINE_TILES)
    if custom_tiles:
        tiles.append(("Custom tiles", custom_tiles, "Custom tile server"))
    for name, url, attribution in tiles:
        folium.TileLayer(url, name=name, attr=attribution, overlay=False, control=True, show=False).add_to(fmap)
    fullscreen = folium.plugins.Fullscreen(position="topleft")
    fullscreen.default_js = []  # the map links the vendored copy
    fullscreen.default_css = []
    fullscreen.add_to(fmap)
    fmap.add_child(_TrackView())
    folium.LayerControl(collapsed=True, position="topright").add_to(fmap)
    if bounds is not None:
        west, south, east, north = bounds
        fmap.fit_bounds([[south, west], [north, east]])
    return fmap


def site_layers(
    dataset: Dataset,
    presence: pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    colours: Mapping[str, str] | None = None,
    shade_hosts: bool = False,
) -> folium.FeatureGroup:
    """Everything that follows the filters, in one group the app can swap without remounting the map."""
    colours = dict(colours or actor_colours(presence["actor_iso3"]))
    group = folium.FeatureGroup(name="Footprint", control=False)
    if shade_hosts:
        counts = presence.groupby("host_iso3")["actor_iso3"].nunique().to_dict()
        group.add_child(_FootprintLayer("hostShading", {"counts": counts}))
    group.add_child(_FootprintLayer("layers", map_payload(dataset, presence, events, colours)))
    legend = [
        {"name": _text(country_name(actor)), "code": _text(actor), "colour": colour}
        for actor, colour in sorted(colours.items(), key=lambda item: country_name(item[0]))
        if actor in set(presence["actor_iso3"])
    ]
    group.add_child(_FootprintLayer("legend", legend))
    return group


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
    """A complete map: the base plus the layers for ``presence`` and ``events``."""
    fmap = base_map(assets=assets, center=center, zoom=zoom, bounds=bounds, custom_tiles=custom_tiles)
    site_layers(dataset, presence, events, shade_hosts=shade_hosts).add_to(fmap)
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


def standalone_html(fmap: folium.Map, *, title: str | None = None, banner: str | None = None) -> str:
    """The map as one HTML file with every script and style inlined: it opens on an air-gapped laptop."""
    fmap.default_js = []
    fmap.default_css = []
    root = fmap.get_root()
    title, banner = xml_text(title) or None, xml_text(banner) or None
    root.title = html_text(title or "Footprint map")  # branca writes the title into <title> unescaped
    if title or banner:
        fill, ink = banner_colours(banner or "")
        heading = "".join(
            f'<div style="{style}">{_text(text)}</div>'
            for text, style in (
                (banner, f"background:{fill};color:{ink};text-align:center;font:bold 13px sans-serif;padding:3px"),
                (title, "font:bold 18px sans-serif;padding:6px 10px"),
            )
            if text
        )
        root.html.add_child(_Verbatim(heading), index=0)
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


class _TimelapseLayer(_Script):
    _template = Template(
        """
        {% macro script(this, kwargs) %}
        footprint.timelapse({{ this.payload }}, {{ this.interval }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, frames: list[dict], interval_ms: int):
        super().__init__()
        self._name = "Timelapse"
        self.payload = script_json(frames)
        self.interval = int(interval_ms)


def timelapse_map(dataset: Dataset, view: View, days: list[dt.date], *, bounds: tuple[float, float, float, float],
                  interval_ms: float, title: str) -> str:
    """One self-contained HTML file: the view's map on each of ``days``, with a slider and a play button."""
    colours = actor_colours(dataset.deployments["actor_iso3"])
    frames = []
    for day in days:
        at = replace(view, as_of=day, period=None)
        presence = at.presence(dataset)
        frames.append({
            "label": _text(f"{day:%d %b %Y}"),
            "counts": _text(f"{presence['site_id'].nunique()} sites, {presence['actor_iso3'].nunique()} states, "
                            f"{len(presence)} forces"),
            "payload": map_payload(dataset, presence, at.events(dataset), colours),
            "legend": [
                {"name": _text(country_name(code)), "colour": colours[code]}
                for code in sorted(set(presence["actor_iso3"]), key=country_name)
            ],
        })
    fmap = base_map(assets=Assets(inline=True), bounds=bounds)
    fmap.add_child(_TimelapseLayer(frames, interval_ms))
    return standalone_html(fmap, title=title)
