"""Web Mercator, the projection of the app's map and of every snapshot: latitudes, pixels, views and extents.

Bounds are (west, south, east, north) in degrees; a view is a centre (lat, lon) and a whole zoom level of
256-pixel tiles. The projection ends at ±85° (``MAX_LAT``): latitudes beyond are clamped to it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

MAX_LAT = 85.0
MIN_ZOOM, MAX_ZOOM = 1, 18
TILE = 256

Bounds = tuple[float, float, float, float]


def clamp_lat(lat: float) -> float:
    return max(-MAX_LAT, min(MAX_LAT, lat))


def clamp_bounds(west: float, south: float, east: float, north: float) -> Bounds:
    """Bounds cut to the world the projection shows."""
    return max(-180.0, west), max(-MAX_LAT, south), min(180.0, east), min(MAX_LAT, north)


def mercator_y(lat: float) -> float:
    """Latitude to Web Mercator y in radians (0 at the equator, π at 85.05°)."""
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def y_degrees(lat: float) -> float:
    """Latitude (clamped) to Web Mercator y in degrees, so that one unit of y equals one of x at the equator."""
    return math.degrees(mercator_y(clamp_lat(lat)))


def lat_from_y_degrees(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.radians(y))) - math.pi / 2)


def project(coords: np.ndarray) -> np.ndarray:
    """An (n, 2) array of lon, lat to lon, y in degrees, latitudes clamped."""
    out = coords.copy()
    lat = np.clip(coords[:, 1], -MAX_LAT, MAX_LAT)
    out[:, 1] = np.degrees(np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)))
    return out


def in_range(lat: float, lon: float, zoom: int) -> bool:
    """Whether a map view lies on the projection's world at a zoom the map offers."""
    return -MAX_LAT <= lat <= MAX_LAT and -180 <= lon <= 180 and MIN_ZOOM <= zoom <= MAX_ZOOM


def bounds_view(bounds: Bounds, *, width: int = 1000, height: int = 600) -> tuple[tuple[float, float], int]:
    """The centre and the largest whole zoom that shows ``bounds`` in a map of the given pixel size; bounds across
    the antimeridian (east above 180) are centred on their middle meridian."""
    west, south, east, north = bounds
    lon_fraction = (east - west) / 360
    lat_fraction = (mercator_y(north) - mercator_y(south)) / (2 * math.pi)
    zoom = math.floor(min(math.log2(width / TILE / lon_fraction), math.log2(height / TILE / lat_fraction)))
    middle = (west + east) / 2
    middle = middle - 360 if middle > 180 else middle  # bounds across the antimeridian: the same meridian, on the map
    return ((south + north) / 2, middle), max(MIN_ZOOM, min(zoom, MAX_ZOOM))


def view_bounds(center: tuple[float, float], zoom: int, *, width: int = 1000, height: int = 600) -> Bounds:
    """West, south, east, north of a map of ``width`` x ``height`` pixels at ``center`` and ``zoom``."""
    lat, lon = center
    world = TILE * 2**zoom
    x = (lon + 180) / 360 * world
    y = (1 - mercator_y(lat) / math.pi) / 2 * world

    def to_lon(px: float) -> float:
        return px / world * 360 - 180

    def to_lat(py: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * py / world))))

    return clamp_bounds(to_lon(x - width / 2), to_lat(y + height / 2), to_lon(x + width / 2), to_lat(y - height / 2))


def extent_bounds(extent: Mapping[str, object]) -> Bounds:
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
    west, south, east, north = clamp_bounds(*sides)
    if not (west < east and south < north):
        raise ValueError(f"map extent: west {sides[0]}, south {sides[1]}, east {sides[2]}, north {sides[3]} "
                         "is empty")
    return west, south, east, north
