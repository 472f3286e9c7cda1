"""Country polygons (Natural Earth 1:50m, from the world-atlas package) keyed by ISO3."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import pycountry
from shapely.geometry import Point

COUNTRIES_FILE = Path(__file__).resolve().parent.parent / "data" / "countries-50m.json"

# Natural Earth draws these territories apart from the state that ISO 3166 (and so
# our host codes) assigns them to; without this, Berbera would lie "outside" Somalia.
_UNCODED_TERRITORIES = {"Somaliland": "SOM", "N. Cyprus": "CYP", "Kosovo": "XKX"}

# About 22 km: coastal and border bases fall outside the generalised 1:50m outlines.
BORDER_TOLERANCE_DEGREES = 0.2


def _iso3(numeric_id: object, name: str) -> str | None:
    if isinstance(numeric_id, str) and numeric_id.isdigit():
        country = pycountry.countries.get(numeric=numeric_id)
        if country is not None:
            return country.alpha_3
    return _UNCODED_TERRITORIES.get(name)


@lru_cache(maxsize=4)
def countries(path: Path = COUNTRIES_FILE) -> gpd.GeoDataFrame:
    """One row per country: ``iso3``, ``name`` and ``geometry`` (WGS84)."""
    frame = gpd.read_file(path, layer="countries")
    frame["iso3"] = [_iso3(i, n) for i, n in zip(frame["id"], frame["name"], strict=True)]
    frame = frame.set_crs("EPSG:4326", allow_override=True)
    # A few Natural Earth outlines (Antarctica among them) self-intersect; dissolving needs valid shapes.
    frame["geometry"] = frame.geometry.make_valid()
    merged = frame.dropna(subset=["iso3"]).dissolve(by="iso3", as_index=False, aggfunc="first")
    return merged[["iso3", "name", "geometry"]]


@lru_cache(maxsize=1)
def _shapes_by_iso3(path: Path = COUNTRIES_FILE) -> dict[str, object]:
    frame = countries(path)
    return dict(zip(frame["iso3"], frame["geometry"], strict=True))


def distance_outside(iso3: str, lat: float, lon: float) -> float | None:
    """Degrees from the point to the country's outline (0 inside); None if the country has no shape."""
    shape = _shapes_by_iso3().get(iso3)
    if shape is None:
        return None
    return float(shape.distance(Point(lon, lat)))


# ISO's names are formal ("Russian Federation"); maps and tables want the everyday ones.
_SHORT_NAMES = {
    "RUS": "Russia", "USA": "United States", "GBR": "United Kingdom", "COD": "DR Congo", "COG": "Congo",
    "CIV": "Côte d'Ivoire", "IRN": "Iran", "SYR": "Syria", "KOR": "South Korea", "TZA": "Tanzania",
}


def hosts_bounds(iso3s: Iterable[str]) -> tuple[float, float, float, float]:
    """West, south, east, north around the given countries' outlines."""
    frame = countries()
    chosen = frame[frame["iso3"].isin(list(iso3s))]
    if chosen.empty:
        raise ValueError(f"no outlines for {sorted(iso3s)}")
    west, south, east, north = chosen.total_bounds
    return float(west), float(south), float(east), float(north)


@lru_cache(maxsize=512)
def country_name(iso3: str) -> str:
    """A short readable name for an ISO3 code."""
    if iso3 in _SHORT_NAMES:
        return _SHORT_NAMES[iso3]
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
