"""Map building: folium maps of who was where, drawn from query results.

Sites travel to the browser as one GeoJSON layer whose features carry their
already-escaped labels; ``static/footprint/footprint-map.js`` draws the markers,
tooltips and popups from them. One layer instead of one ``folium.Marker`` per
row keeps large maps fast and small.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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

ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = ROOT / "static"
BASEMAP_FILE = STATIC_DIR / "basemap" / "countries.geojson"

# Okabe–Ito, then Paul Tol's muted scheme: both distinguishable with common colour-vision deficiencies.
FIXED_COLOURS: dict[str, str] = {
    "USA": "#0072B2", "RUS": "#D55E00", "FRA": "#009E73", "CHN": "#E69F00", "TUR": "#CC79A7",
    "DEU": "#000000", "ITA": "#56B4E9", "JPN": "#882255", "GBR": "#332288", "ARE": "#999933",
}
# Spares in the order that keeps them furthest from the fixed colours (rose and sand before the greens).
SPARE_COLOURS: tuple[str, ...] = ("#CC6677", "#DDCC77", "#AA4499", "#88CCEE", "#117733", "#44AA99", "#F0E442")

# Metres of doubt drawn around a site, by how its coordinates were found.
UNCERTAINTY_METRES: dict[str, int] = {"exact": 0, "approximate": 5_000, "city": 15_000}

AFRICA_CENTER = (5.0, 17.0)
AFRICA_ZOOM = 3


@dataclass(frozen=True)
class Region:
    """A named map view and the host countries it covers."""

    slug: str
    title: str
    countries: tuple[str, ...]
    bounds: tuple[float, float, float, float]  # west, south, east, north


REGIONS: dict[str, Region] = {
    r.slug: r
    for r in (
        Region("africa", "Africa", (), (-26.0, -36.0, 60.0, 38.0)),
        Region("sahel", "Sahel", ("MRT", "MLI", "BFA", "NER", "TCD", "SEN", "SDN"), (-18.0, 8.0, 25.0, 26.0)),
        Region(
            "west-africa", "West Africa",
            ("SEN", "GMB", "GNB", "GIN", "SLE", "LBR", "CIV", "GHA", "TGO", "BEN", "NGA", "MLI", "BFA", "NER", "MRT"),
            (-18.5, 3.5, 16.0, 25.0),
        ),
        Region("horn", "Horn of Africa", ("DJI", "SOM", "ERI", "ETH", "KEN", "SDN", "SSD"), (32.0, -5.0, 52.0, 19.0)),
        Region("north-africa", "North Africa", ("MAR", "DZA", "TUN", "LBY", "EGY"), (-17.0, 19.0, 37.0, 38.0)),
        Region(
            "central-africa", "Central Africa",
            ("CAF", "CMR", "TCD", "COG", "COD", "GAB", "GNQ", "AGO"), (8.0, -14.0, 32.0, 24.0),
        ),
    )
}


def actor_colours(actors: Iterable[str]) -> dict[str, str]:
    """A stable colour per actor: fixed ones for the usual states, spares in code order for the rest."""
    colours: dict[str, str] = {}
    spares = iter(SPARE_COLOURS)
    for actor in sorted(set(actors)):
        colours[actor] = FIXED_COLOURS.get(actor) or next(spares, "#777777")
    return colours


def _text(value: object) -> str:
    """Escape anything from data or users before it can reach HTML."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def _safe_url(url: object) -> str:
    text = "" if url is None or pd.isna(url) else str(url)
    return _text(text) if text.startswith(("http://", "https://")) else ""


def personnel_label(low: object, high: object) -> str:
    if pd.isna(low) and pd.isna(high):
        return ""
    low = high if pd.isna(low) else low
    high = low if pd.isna(high) else high
    return f"{int(low):,}" if low == high else f"{int(low):,}–{int(high):,}"


class _SourceTable:
    """Sources cited on the map, sent once and referred to by position from sites and events."""

    def __init__(self, dataset: Dataset):
        self._records = dataset.sources[["outlet", "title", "published", "url"]].to_dict("index")
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


def marker_radius(headcount: int) -> float:
    """Marker radius in pixels: grows with the log of known personnel, so 10 and 5,000 both read."""
    if headcount <= 0:
        return 7.0
    return round(7.0 + 3.0 * math.log10(headcount), 1)


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
    "footprint": "footprint/footprint-map.js",
}
VENDOR_CSS = {
    "leaflet_css": "vendor/leaflet/dist/leaflet.css",
    "fullscreen_css": "vendor/leaflet.fullscreen/Control.FullScreen.css",
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


def bounds_view(bounds: tuple[float, float, float, float], *, width: int = 1000, height: int = 600) -> tuple[
    tuple[float, float], int
]:
    """The centre and the largest whole zoom that shows ``bounds`` in a map of the given pixel size."""
    west, south, east, north = bounds

    def mercator_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_fraction = (east - west) / 360
    lat_fraction = (mercator_y(north) - mercator_y(south)) / (2 * math.pi)
    zoom = math.floor(min(math.log2(width / 256 / lon_fraction), math.log2(height / 256 / lat_fraction)))
    return ((south + north) / 2, (west + east) / 2), max(1, min(zoom, 18))


def view_bbox(center: tuple[float, float], zoom: int, *, width: int = 1000, height: int = 600) -> tuple[
    float, float, float, float
]:
    """West, south, east, north of a Web Mercator map of ``width`` x ``height`` pixels at ``center`` and ``zoom``."""
    lat, lon = center
    world = 256 * 2**zoom
    x = (lon + 180) / 360 * world
    y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2 * world

    def to_lon(px: float) -> float:
        return px / world * 360 - 180

    def to_lat(py: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * py / world))))

    west, east = max(-180.0, to_lon(x - width / 2)), min(180.0, to_lon(x + width / 2))
    south, north = max(-85.0, to_lat(y + height / 2)), min(85.0, to_lat(y - height / 2))
    return west, south, east, north


def extent_bbox(extent: Mapping[str, object]) -> tuple[float, float, float, float]:
    """West, south, east, north of an on-screen extent reported by the browser, clipped to the world.

    Raises ``ValueError`` naming the field when the extent is missing a side, is not a number, or is empty.
    """
    sides = []
    for name in ("west", "south", "east", "north"):
        value = extent.get(name)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(f"map extent: {name} is {value!r}, not a number")
        sides.append(float(value))
    # Leaflet reports longitudes past ±180 when the world repeats on screen.
    west, east = max(-180.0, sides[0]), min(180.0, sides[2])
    south, north = max(-85.0, sides[1]), min(85.0, sides[3])
    if not (west < east and south < north):
        raise ValueError(f"map extent: west {sides[0]}, south {sides[1]}, east {sides[2]}, north {sides[3]} "
                         "is empty")
    return west, south, east, north


def _link_assets(element: folium.Map, assets: Assets) -> None:
    element.default_js = [(name, assets.url(path)) for name, path in VENDOR_JS.items()]
    element.default_css = [(name, assets.url(path)) for name, path in VENDOR_CSS.items()]


def base_map(
    *,
    assets: Assets = Assets(),
    center: tuple[float, float] = AFRICA_CENTER,
    zoom: int = AFRICA_ZOOM,
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
    center: tuple[float, float] = AFRICA_CENTER,
    zoom: int = AFRICA_ZOOM,
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
        heading = "".join(
            f'<div style="{style}">{_text(text)}</div>'
            for text, style in (
                (banner, "background:#3A3F44;color:#fff;text-align:center;font:bold 13px sans-serif;padding:3px"),
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
