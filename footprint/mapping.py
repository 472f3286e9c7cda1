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
from pathlib import Path

import folium
import folium.plugins
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

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
SPARE_COLOURS: tuple[str, ...] = ("#44AA99", "#117733", "#DDCC77", "#CC6677", "#88CCEE", "#AA4499", "#F0E442")

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


def _source_entry(dataset: Dataset, source_id: str) -> dict[str, str]:
    source = dataset.sources.loc[source_id]
    return {
        "outlet": _text(source["outlet"]),
        "title": _text(source["title"]),
        "published": _text(source["published"]),
        "url": _safe_url(source["url"]),
    }


def site_features(dataset: Dataset, presence: pd.DataFrame, colours: Mapping[str, str]) -> dict:
    """One GeoJSON point per site with every force present there, ready for the browser."""
    features = []
    for site_id, rows in presence.groupby("site_id", sort=False):
        site = dataset.sites.loc[site_id]
        forces = []
        cited: list[str] = []
        headcount = 0
        for row in rows.itertuples():
            high = row.personnel_max if not pd.isna(row.personnel_max) else row.personnel_min
            headcount += 0 if pd.isna(high) else int(high)
            cited.extend(row.source_ids)
            forces.append(
                {
                    "actor": _text(row.actor_iso3),
                    "actor_name": _text(country_name(row.actor_iso3)),
                    "force": _text(row.force),
                    "colour": colours[row.actor_iso3],
                    "personnel": personnel_label(row.personnel_min, row.personnel_max),
                    "since": _text(row.start_date),
                    "until": _text(row.end_date),
                    "role": _text(", ".join(r.replace("_", " ") for r in row.role)),
                    "confidence": _text(row.confidence),
                    "certain": bool(row.certain),
                }
            )
        actors = list(dict.fromkeys(rows["actor_iso3"]))
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
                    "headcount": headcount,
                    "radius": marker_radius(headcount),
                    "forces": forces,
                    "sources": [_source_entry(dataset, s) for s in dict.fromkeys(cited)],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def marker_radius(headcount: int) -> float:
    """Marker radius in pixels: grows with the log of known personnel, so 10 and 5,000 both read."""
    if headcount <= 0:
        return 7.0
    return round(7.0 + 3.0 * math.log10(headcount), 1)


def event_features(dataset: Dataset, events: pd.DataFrame, colours: Mapping[str, str]) -> dict:
    """Events as points: at their site, or at the host's centre when only the country is known."""
    from footprint.geography import countries

    centres = {row.iso3: row.geometry.representative_point() for row in countries().itertuples()}
    features = []
    for row in events.itertuples():
        if isinstance(row.site_id, str) and row.site_id in dataset.sites.index:
            site = dataset.sites.loc[row.site_id]
            lon, lat = float(site["lon"]), float(site["lat"])
        elif row.host_iso3 in centres:
            lon, lat = centres[row.host_iso3].x, centres[row.host_iso3].y
        else:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "event_id": _text(row.event_id),
                    "date": _text(row.date),
                    "event_type": _text(str(row.event_type).replace("_", " ")),
                    "summary": _text(row.summary),
                    "actor": _text(country_name(row.actor_iso3)),
                    "colour": colours.get(row.actor_iso3, "#555555"),
                    "sources": [_source_entry(dataset, s) for s in row.source_ids],
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


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


class _FootprintLayer(MacroElement):
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
        # json.dumps escapes nothing HTML-special; "</" must not close the page's script element.
        self.payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


class _Basemap(MacroElement):
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


class _TrackView(MacroElement):
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
    group.add_child(_FootprintLayer("uncertainty", site_features(dataset, presence, colours)))
    if events is not None and len(events):
        group.add_child(_FootprintLayer("events", event_features(dataset, events, colours)))
    group.add_child(_FootprintLayer("sites", site_features(dataset, presence, colours)))
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


def standalone_html(fmap: folium.Map) -> str:
    """The map as one HTML file with every script and style inlined: it opens on an air-gapped laptop."""
    for element in (fmap,):
        element.default_js = []
        element.default_css = []
    root = fmap.get_root()
    for path in VENDOR_CSS.values():
        root.header.add_child(Element(f"<style>{(STATIC_DIR / path).read_text(encoding='utf-8')}</style>"))
    for path in VENDOR_JS.values():
        code = (STATIC_DIR / path).read_text(encoding="utf-8").replace("</script", "<\\/script")
        root.header.add_child(Element(f"<script>{code}</script>"))
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
