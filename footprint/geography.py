"""Country polygons (Natural Earth 1:50m, from the world-atlas package) keyed by ISO3."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from footprint.model import USER_ASSIGNED_CODES

# geopandas and shapely are imported where outlines are needed: together they took a third of a cold
# command's time, and names, regions and framing need neither.
if TYPE_CHECKING:
    import geopandas as gpd

COUNTRIES_FILE = Path(__file__).resolve().parent.parent / "data" / "countries-50m.json"
# Dissolved outlines, kept between runs: dissolving takes longer than everything else a query command does.
OUTLINES_CACHE_DIR = Path(__file__).resolve().parent.parent / ".cache" / "outlines"
# Part of the cached outlines' name: raise it whenever `_dissolved` draws different shapes from the same file.
OUTLINES_VERSION = 3

# Natural Earth draws these territories apart from the state that ISO 3166 (and so
# our host codes) assigns them to; without this, Berbera would lie "outside" Somalia.
_UNCODED_TERRITORIES = {"Somaliland": "SOM", "N. Cyprus": "CYP", "Kosovo": "XKX"}

# world-atlas draws Crimea inside Russia; ISO 3166 and UN General Assembly resolution 68/262 count it as
# Ukraine, as our host codes do. This box takes the peninsula (and only it: the Taman shore across the
# Kerch Strait lies east of 36.64°E) from Russia's outline and gives it to Ukraine's.
_CRIMEA_BOX = ((32.3, 44.3), (36.64, 44.3), (36.64, 45.6), (35.3, 45.6), (34.6, 46.18), (33.5, 46.18), (32.3, 45.7))

# About 22 km: coastal and border bases fall outside the generalised 1:50m outlines.
BORDER_TOLERANCE_DEGREES = 0.2


def _iso3(numeric_id: object, name: str) -> str | None:
    import pycountry

    if isinstance(numeric_id, str) and numeric_id.isdigit():
        country = pycountry.countries.get(numeric=numeric_id)
        if country is not None:
            return country.alpha_3
    return _UNCODED_TERRITORIES.get(name)


@dataclass(frozen=True)
class _Atlas:
    """What the world-atlas file gives: the outlines dissolved by ISO3 and, apart, the contested pieces."""

    rows: tuple[tuple[str, str, object], ...]  # (iso3, name, geometry)
    contested: Mapping[str, tuple[str, object]]  # Natural Earth name -> (host iso3, geometry)

    @cached_property
    def by_iso3(self) -> Mapping[str, object]:
        return MappingProxyType({iso3: shape for iso3, _, shape in self.rows})


def _dissolved(path: Path) -> _Atlas:
    """The world-atlas file read once: outlines dissolved by ISO3, and the contested territories' own pieces."""
    import geopandas as gpd
    from shapely.geometry import Polygon

    frame = gpd.read_file(path, layer="countries")
    contested = {name: (_CONTESTED_OUTLINES[name], shape.buffer(0))
                 for name, shape in zip(frame["name"], frame.geometry, strict=True) if name in _CONTESTED_OUTLINES}
    frame["iso3"] = [_iso3(i, n) for i, n in zip(frame["id"], frame["name"], strict=True)]
    frame = frame.set_crs("EPSG:4326", allow_override=True)
    frame["geometry"] = [_cut_at_antimeridian(outline) for outline in frame.geometry]
    # A few Natural Earth outlines (Antarctica among them) self-intersect; dissolving needs valid shapes.
    frame["geometry"] = frame.geometry.make_valid()
    merged = frame.dropna(subset=["iso3"]).dissolve(by="iso3", as_index=False, aggfunc="first")
    merged = merged.set_index("iso3", drop=False)
    crimea_box = Polygon(_CRIMEA_BOX)
    crimea = merged.at["RUS", "geometry"].intersection(crimea_box)
    merged.at["RUS", "geometry"] = merged.at["RUS", "geometry"].difference(crimea_box)
    merged.at["UKR", "geometry"] = merged.at["UKR", "geometry"].union(crimea)
    rows = tuple(zip(merged["iso3"], merged["name"], merged["geometry"], strict=True))
    return _Atlas(rows, MappingProxyType(contested))


def _cut_at_antimeridian(outline):
    """The outline with each piece that crosses the antimeridian cut there.

    world-atlas outlines live on the sphere: a piece that crosses the antimeridian (Chukotka, Fiji, Antarctica)
    is one ring jumping from 180 to -180, which on a plane becomes a band round the globe (it put Rovaniemi
    and Akureyri inside Russia). Only those pieces go through the antimeridian package (cutting all 240
    outlines took 5 s; these four take 0.25 s). Rings wind clockwise, d3's spherical convention, which
    ``fix_winding`` turns into GeoJSON's.
    """
    import antimeridian
    from shapely.geometry import MultiPolygon, shape

    pieces = list(getattr(outline, "geoms", [outline]))
    if all(piece.bounds[2] - piece.bounds[0] <= 180 for piece in pieces):
        return outline
    kept = []
    for piece in pieces:
        if piece.bounds[2] - piece.bounds[0] > 180:
            cut = shape(antimeridian.fix_shape(piece, fix_winding=True))
            kept.extend(getattr(cut, "geoms", [cut]))
        else:
            kept.append(piece)
    return MultiPolygon(kept)


@lru_cache(maxsize=2)
def _outlines(path: Path, modified_ns: int, size: int) -> _Atlas:
    # Keyed by the file's modification time and size as well as its path, so a rebuilt file is read again.
    import shapely

    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:20]
    cached = OUTLINES_CACHE_DIR / f"{digest}-v{OUTLINES_VERSION}-atlas.pickle"
    try:
        with cached.open("rb") as handle:
            # Written below, into the project's own folder: ISO3 codes, names and WKB bytes only.
            iso3s, names, wkbs, contested_names, contested_iso3s, contested_wkbs = pickle.load(handle)
        return _Atlas(tuple(zip(iso3s, names, shapely.from_wkb(wkbs), strict=True)), MappingProxyType({
            name: (iso3, shape)
            for name, iso3, shape in zip(contested_names, contested_iso3s, shapely.from_wkb(contested_wkbs),
                                         strict=True)}))
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, shapely.errors.GEOSException):
        pass
    atlas = _dissolved(path)
    try:
        OUTLINES_CACHE_DIR.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_name(f".{cached.name}.{os.getpid()}.tmp")
        iso3s, names, shapes = zip(*atlas.rows, strict=True)
        contested_names = list(atlas.contested)
        contested_iso3s, contested_shapes = zip(*atlas.contested.values(), strict=True)
        temporary.write_bytes(pickle.dumps((
            list(iso3s), list(names), list(shapely.to_wkb(list(shapes))),
            contested_names, list(contested_iso3s), list(shapely.to_wkb(list(contested_shapes))),
        )))
        temporary.replace(cached)
        for stale in OUTLINES_CACHE_DIR.glob(f"{digest}*.pickle"):  # the same file's outlines from older code
            if stale != cached:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only checkout still works, only slower
    return atlas


def _atlas(path: Path) -> _Atlas:
    stat = path.stat()
    return _outlines(path, stat.st_mtime_ns, stat.st_size)


def outlines(path: Path = COUNTRIES_FILE) -> tuple[tuple[str, str, object], ...]:
    """``(iso3, name, geometry)`` per country (shapely, WGS84), dissolved by ISO3.

    Read once per process (forked children inherit them) and again when the file changes; the dissolved
    outlines are also kept in ``OUTLINES_CACHE_DIR`` by the file's content, because dissolving takes longer
    than everything else a query command does.
    """
    return _atlas(path).rows


def countries(path: Path = COUNTRIES_FILE) -> gpd.GeoDataFrame:
    """One row per country: ``iso3``, ``name`` and ``geometry`` (WGS84), from ``outlines``."""
    import geopandas as gpd

    rows = outlines(path)
    return gpd.GeoDataFrame({"iso3": [r[0] for r in rows], "name": [r[1] for r in rows]},
                            geometry=[r[2] for r in rows], crs="EPSG:4326")


def _shapes_by_iso3(path: Path = COUNTRIES_FILE) -> Mapping[str, object]:
    """Dissolved outline per ISO3 (read-only, built once per read of the file)."""
    return _atlas(path).by_iso3


# Islands the 1:50m outlines leave out, as (west, south, east, north) boxes per host: the Maldives'
# atolls and Mauritius' Agaléga and Rodrigues. A site inside one is taken to lie in its host.
_OUTLYING_ISLANDS: dict[str, tuple[tuple[float, float, float, float], ...]] = {
    "MDV": ((72.5, -0.8, 73.9, 7.2),),
    "MUS": ((56.4, -10.6, 56.8, -10.2), (63.2, -19.9, 63.6, -19.5)),
}


def distance_outside(iso3: str, lat: float, lon: float) -> float | None:
    """Degrees from the point to the country's outline (0 inside); None if the country has no shape."""
    from shapely.geometry import Point, box

    shape = _shapes_by_iso3().get(iso3)
    point = Point(lon, lat)
    if any(box(*bounds).contains(point) for bounds in _OUTLYING_ISLANDS.get(iso3, ())):
        return 0.0
    if shape is None:
        return None
    return float(shape.distance(point))


# --- what counts as foreign ----------------------------------------------------

# A state's own overseas territories, by the ISO 3166-1 codes they carry: forces there are at home,
# not abroad (Guam for the USA, Réunion for France). A third state's forces there are foreign:
# the USA at Diego Garcia (IOT, British). Territories without an ISO code of their own (Kaliningrad,
# Ceuta and Melilla, the Azores) are recorded under their state's code and so are never foreign to it.
OVERSEAS_TERRITORIES: dict[str, frozenset[str]] = {
    "USA": frozenset({"GUM", "PRI", "VIR", "ASM", "MNP", "UMI"}),
    "FRA": frozenset({"REU", "NCL", "PYF", "GUF", "MYT", "GLP", "MTQ", "SPM", "WLF", "BLM", "MAF", "ATF"}),
    "GBR": frozenset({
        "AIA", "BMU", "IOT", "VGB", "CYM", "FLK", "GIB", "MSR", "PCN", "SHN", "TCA", "SGS", "GGY", "JEY", "IMN",
    }),
    "NLD": frozenset({"ABW", "CUW", "SXM", "BES"}),
    "DNK": frozenset({"GRL", "FRO"}),
    "NOR": frozenset({"SJM", "BVT"}),
    "AUS": frozenset({"CXR", "CCK", "NFK", "HMD"}),
    "NZL": frozenset({"COK", "NIU", "TKL"}),
    "CHN": frozenset({"HKG", "MAC"}),
    "FIN": frozenset({"ALA"}),
}


def home_territory(actor_iso3: str, host_iso3: str) -> bool:
    """True when a force of ``actor_iso3`` in ``host_iso3`` is at home: the same state or its own territory."""
    return actor_iso3 == host_iso3 or host_iso3 in OVERSEAS_TERRITORIES.get(actor_iso3, frozenset())


@dataclass(frozen=True)
class ContestedTerritory:
    """A contested or occupied territory inside a recognised host state, drawn as a coarse outline.

    The outlines are deliberately rough (a few vertices, lon/lat) and drawn inside the territory's
    edge near towns on the other side (Zugdidi, Gori, Chișinău stay out), so a site they contain is
    certainly in the territory; a site near the line may not be caught and then rests on its
    ``disputed`` flag and notes alone.
    """

    name: str
    host_iso3: str
    outline: tuple[tuple[float, float], ...]

    def contains(self, lat: float, lon: float) -> bool:
        from shapely.geometry import Point, Polygon

        return Polygon(self.outline).contains(Point(lon, lat))


CONTESTED_TERRITORIES: tuple[ContestedTerritory, ...] = (
    ContestedTerritory("Abkhazia", "GEO", (
        (39.9, 43.45), (40.3, 43.65), (41.4, 43.55), (42.2, 43.2), (42.15, 42.75), (41.85, 42.62),
        (41.6, 42.38), (40.5, 42.5), (39.9, 43.2),
    )),
    ContestedTerritory("South Ossetia", "GEO", (
        (43.45, 42.45), (43.8, 42.72), (44.3, 42.65), (44.65, 42.45), (44.6, 42.1), (44.4, 42.05),
        (44.0, 42.17), (43.6, 42.2),
    )),
    ContestedTerritory("Transnistria", "MDA", (
        (28.55, 48.2), (29.3, 47.95), (29.7, 47.4), (30.15, 46.6), (29.9, 46.45), (29.45, 46.75),
        (29.4, 46.9), (29.15, 47.3), (28.9, 47.7), (28.5, 48.05),
    )),
    ContestedTerritory("Crimea", "UKR", (
        (32.45, 45.4), (33.4, 46.05), (33.7, 46.2), (34.4, 46.1), (35.2, 45.6), (36.7, 45.4), (36.5, 45.0),
        (35.0, 44.6), (33.4, 44.35), (32.45, 45.3),
    )),
    ContestedTerritory("Nagorno-Karabakh", "AZE", (
        (46.3, 39.45), (46.88, 39.45), (46.88, 40.25), (46.3, 40.25),
    )),
)
# Hosts whose whole territory is contested: any site there is disputed.
CONTESTED_HOSTS: dict[str, str] = {"ESH": "Western Sahara", "XKX": "Kosovo"}
# Natural Earth draws these apart; a site inside their outline is disputed.
_CONTESTED_OUTLINES: dict[str, str] = {"N. Cyprus": "CYP", "Somaliland": "SOM"}


def _contested_outlines(path: Path = COUNTRIES_FILE) -> Mapping[str, tuple[str, object]]:
    """The pieces Natural Earth draws apart (``_CONTESTED_OUTLINES``), kept with the dissolved outlines."""
    return _atlas(path).contested


def contested_territory(host_iso3: str, lat: float, lon: float) -> str | None:
    """The contested territory a site lies in, when that can be told from its host and coordinates."""
    if host_iso3 in CONTESTED_HOSTS:
        return CONTESTED_HOSTS[host_iso3]
    for territory in CONTESTED_TERRITORIES:
        if territory.host_iso3 == host_iso3 and territory.contains(lat, lon):
            return territory.name
    from shapely.geometry import Point

    point = Point(lon, lat)
    for name, (iso3, shape) in _contested_outlines().items():
        if iso3 == host_iso3 and shape.contains(point):
            return name
    return None


# ISO's names are formal ("Russian Federation"); maps and tables want the everyday ones.
_SHORT_NAMES = {
    "RUS": "Russia", "USA": "United States", "GBR": "United Kingdom", "COD": "DR Congo", "COG": "Congo",
    "CIV": "Côte d'Ivoire", "IRN": "Iran", "SYR": "Syria", "KOR": "South Korea", "TZA": "Tanzania",
}


def covering_arc(intervals: Iterable[tuple[float, float]]) -> tuple[float, float]:
    """The shortest west-to-east arc covering longitude intervals within -180..180.

    An arc that crosses the antimeridian comes back with ``east`` above 180 (Fiji: about 175 to
    182), so west < east always holds and the width is ``east - west``.
    """
    spans = sorted((float(w), float(e)) for w, e in intervals)
    if not spans:
        raise ValueError("no longitudes to cover")
    merged: list[list[float]] = []
    for west, east in spans:
        if merged and west <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], east)
        else:
            merged.append([west, east])
    # The arc is everything but the widest gap between merged intervals, the wrap-around gap included.
    gaps = [(merged[i + 1][0] - merged[i][1], i) for i in range(len(merged) - 1)]
    wrap = merged[0][0] + 360 - merged[-1][1]
    widest, after = max(gaps, default=(-1.0, -1))
    if wrap >= widest:
        return merged[0][0], merged[-1][1]
    return merged[after + 1][0], merged[after][1] + 360


def _lon_intervals(part) -> list[tuple[float, float]]:
    # Outlines are cut at the antimeridian (`_dissolved`), so a part's plain bounds are its arc; only one that
    # circles a pole (Antarctica) spans every longitude.
    west, _, east, _ = part.bounds
    return [(float(west), float(east))]


def hosts_bounds(iso3s: Iterable[str]) -> tuple[float, float, float, float]:
    """West, south, east, north around the given countries' outlines; east is above 180 across the antimeridian
    (Fiji, Russia, the United States are framed across it, not as the whole world)."""
    import shapely

    wanted = set(iso3s)
    chosen = [shape for iso3, _, shape in outlines() if iso3 in wanted]
    if not chosen:
        raise ValueError(f"no outlines for {sorted(wanted)}")
    parts = [part for geometry in chosen for part in getattr(geometry, "geoms", [geometry])]
    west, east = covering_arc(interval for part in parts for interval in _lon_intervals(part))
    _, south, _, north = shapely.total_bounds(chosen)
    return float(west), float(south), float(east), float(north)


@lru_cache(maxsize=512)
def country_name(iso3: str) -> str:
    """A short readable name for an ISO3 code."""
    if iso3 in _SHORT_NAMES:
        return _SHORT_NAMES[iso3]
    if iso3 in USER_ASSIGNED_CODES:
        return USER_ASSIGNED_CODES[iso3]
    import pycountry  # here, not at the top: a query command that names no country need not load it

    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    return getattr(country, "common_name", None) or country.name


def write_basemap(path: Path, *, tolerance: float = 0.02, precision: int = 3) -> None:
    """The countries as light GeoJSON for the browser: simplified, coordinates rounded."""
    frame = countries().copy()
    frame["geometry"] = frame.geometry.simplify(tolerance, preserve_topology=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    frame.to_file(
        temporary, driver="GeoJSON", engine="pyogrio",
        layer_options={"COORDINATE_PRECISION": str(precision), "RFC7946": "YES"},
    )
    temporary.replace(path)


# The light outlines drawn until the live map is first shown at DETAILED_BASEMAP_ZOOM (footprint.mapping): at
# zoom 4 a degree is 11.4 px on the equator and 22.8 px at 60° north, so 0.05° moves a border by at most about
# a pixel, and coordinates to 0.01° by a tenth of one.
LIGHT_TOLERANCE_DEGREES = 0.05
LIGHT_PRECISION = 2


def light_basemap(*, tolerance: float = LIGHT_TOLERANCE_DEGREES, precision: int = LIGHT_PRECISION) -> dict:
    """The countries as a GeoJSON FeatureCollection for small scales, built like the detailed file (simplified
    by ``tolerance`` degrees, coordinates rounded to ``precision`` decimals, outlines cut at the antimeridian)
    but with polygons only: the stray lines that repairing some outlines leaves (Antarctica's) are dropped.
    Every country keeps its feature, however small."""
    import json
    import tempfile

    with tempfile.TemporaryDirectory(prefix="footprint-basemap-") as folder:
        built = Path(folder) / "countries.geojson"
        write_basemap(built, tolerance=tolerance, precision=precision)
        collection = json.loads(built.read_text(encoding="utf-8"))
    features = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        parts = [part for part in geometry.get("geometries", [geometry]) if part["type"] in ("Polygon", "MultiPolygon")]
        polygons = [polygon for part in parts
                    for polygon in (part["coordinates"] if part["type"] == "MultiPolygon" else [part["coordinates"]])]
        shape = {"type": "Polygon", "coordinates": polygons[0]} if len(polygons) == 1 else {
            "type": "MultiPolygon", "coordinates": polygons}
        features.append({"type": "Feature", "properties": feature["properties"], "geometry": shape})
    return {"type": "FeatureCollection", "features": features}


def write_light_basemap(path: Path) -> None:
    """``light_basemap()`` as compact JSON, written atomically."""
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(light_basemap(), separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    temporary.replace(path)


# Every state and territory of the continent, so that the Africa preset narrows a world-wide dataset.
AFRICA_HOSTS = (
    "DZA", "AGO", "BEN", "BWA", "BFA", "BDI", "CMR", "CPV", "CAF", "TCD", "COM", "COD", "COG", "CIV", "DJI", "EGY",
    "GNQ", "ERI", "SWZ", "ETH", "GAB", "GMB", "GHA", "GIN", "GNB", "KEN", "LSO", "LBR", "LBY", "MDG", "MWI", "MLI",
    "MRT", "MUS", "MAR", "MOZ", "NAM", "NER", "NGA", "RWA", "STP", "SEN", "SYC", "SLE", "SOM", "ZAF", "SSD", "SDN",
    "TZA", "TGO", "TUN", "UGA", "ZMB", "ZWE", "ESH", "REU", "MYT", "SHN",
)


@dataclass(frozen=True)
class Region:
    """A named map view and the host countries it covers (none: every host).

    ``bounds`` are west, south, east, north; a region across the antimeridian has ``east`` above 180.
    """

    slug: str
    title: str
    countries: tuple[str, ...]
    bounds: tuple[float, float, float, float]  # west, south, east, north


REGIONS: dict[str, Region] = {
    r.slug: r
    for r in (
        Region("world", "World", (), (-180.0, -58.0, 180.0, 78.0)),
        Region("africa", "Africa", AFRICA_HOSTS, (-26.0, -36.0, 60.0, 38.0)),
        Region(
            "europe", "Europe",
            ("ALB", "AND", "AUT", "BLR", "BEL", "BIH", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU",
             "GRC", "HUN", "ISL", "IRL", "ITA", "XKX", "LVA", "LIE", "LTU", "LUX", "MLT", "MDA", "MCO", "MNE", "NLD",
             "MKD", "NOR", "POL", "PRT", "ROU", "RUS", "SMR", "SRB", "SVK", "SVN", "ESP", "SWE", "CHE", "TUR", "UKR",
             "GBR", "GIB", "FRO"),
            (-25.0, 34.0, 45.0, 71.5),
        ),
        Region(
            "middle-east", "Middle East",
            ("BHR", "CYP", "EGY", "IRN", "IRQ", "ISR", "JOR", "KWT", "LBN", "OMN", "PSE", "QAT", "SAU", "SYR", "TUR",
             "ARE", "YEM"),
            (25.0, 12.0, 63.5, 42.5),
        ),
        Region(
            "caucasus-central-asia", "Caucasus and Central Asia",
            ("ARM", "AZE", "GEO", "KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG"), (38.0, 29.0, 88.0, 56.0),
        ),
        Region(
            "south-asia", "South Asia and the Indian Ocean",
            ("IND", "PAK", "BGD", "LKA", "NPL", "BTN", "MDV", "IOT", "AFG"), (58.0, -9.0, 98.0, 37.5),
        ),
        Region(
            "east-asia-pacific", "East Asia and the Pacific",
            ("CHN", "JPN", "KOR", "PRK", "MNG", "TWN", "HKG", "MAC", "PHL", "VNM", "LAO", "KHM", "THA", "MMR", "MYS",
             "SGP", "BRN", "IDN", "TLS", "PNG", "AUS", "NZL", "FJI", "SLB", "VUT", "NCL", "GUM", "MNP", "PLW", "FSM",
             "MHL", "KIR", "NRU", "TUV", "WSM", "TON", "ASM"),
            (90.0, -48.0, 190.0, 55.0),  # east of the antimeridian to Samoa: framed across it
        ),
        Region(
            "americas", "Americas",
            ("USA", "CAN", "MEX", "GTM", "BLZ", "HND", "SLV", "NIC", "CRI", "PAN", "CUB", "HTI", "DOM", "JAM", "BHS",
             "TTO", "BRB", "LCA", "VCT", "GRD", "ATG", "DMA", "KNA", "COL", "VEN", "GUY", "SUR", "ECU", "PER", "BOL",
             "BRA", "PRY", "URY", "ARG", "CHL", "PRI", "VIR", "GRL", "BMU", "CYM", "ABW", "CUW", "FLK"),
            (-170.0, -56.0, -12.0, 78.0),
        ),
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


DEFAULT_REGION = "world"  # what the map, snapshots and decks frame when no region or host is chosen


def frame_bounds(region: str | None, countries: Iterable[str] = ()) -> tuple[float, float, float, float] | None:
    """What a map of these filters frames, the same in the app, the snapshots and the decks: the region's bounds,
    else the host countries' outlines; None when neither is chosen. An unknown region raises ``ValueError``."""
    if region:
        if region not in REGIONS:
            raise ValueError(f"unknown region {region!r}: use one of {', '.join(REGIONS)}")
        return REGIONS[region].bounds
    if countries:
        return hosts_bounds(countries)
    return None


def bounds_with_points(bounds: tuple[float, float, float, float], lons: Iterable[float], lats: Iterable[float],
                       ) -> tuple[float, float, float, float]:
    """``bounds`` grown to hold every point (degrees), so that a map framed on them shows each present site;
    across the antimeridian (east above 180) points west of the frame count from the other side."""
    west, south, east, north = bounds
    for lon, lat in zip(lons, lats, strict=True):
        if east > 180 and lon < west:
            lon += 360
        west, east = min(west, lon), max(east, lon)
        south, north = min(south, lat), max(north, lat)
    return west, south, east, north
