"""The look shared by the map, the snapshots and the decks: actor colours, palette, banners, marker sizes, font."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

FONT = "DejaVu Sans"  # ships with matplotlib, so every machine measures and draws text alike
# DejaVu Sans draws Latin, Greek, Cyrillic, Arabic and Tifinagh; for other scripts in names (CJK, Ethiopic, …)
# matplotlib takes each missing glyph from the first installed fallback (the README's set-up installs them).
FONT_FALLBACKS = ("Noto Sans", "Noto Sans Arabic", "Noto Sans Ethiopic", "Noto Sans Tifinagh", "Noto Sans CJK SC",
                  "Droid Sans Fallback")


@lru_cache(maxsize=1)
def font_families() -> tuple[str, ...]:
    """FONT, then the installed fallbacks, for matplotlib's per-glyph font fallback in static renders."""
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    return (FONT, *(name for name in FONT_FALLBACKS if name in installed))

# Okabe–Ito, then Paul Tol's muted scheme: both distinguishable with common colour-vision deficiencies.
FIXED_COLOURS: dict[str, str] = {
    "USA": "#0072B2", "RUS": "#D55E00", "FRA": "#009E73", "CHN": "#E69F00", "TUR": "#CC79A7",
    "DEU": "#000000", "ITA": "#56B4E9", "JPN": "#882255", "GBR": "#332288", "ARE": "#999933",
}
# Spares in the order that keeps them furthest from the fixed colours (rose and sand before the greens).
SPARE_COLOURS: tuple[str, ...] = (
    "#CC6677", "#DDCC77", "#AA4499", "#88CCEE", "#117733", "#44AA99", "#F0E442",
    # then Paul Tol's light scheme, for a world with more sending states
    "#77AADD", "#EE8866", "#EEDD88", "#FFAABB", "#99DDFF", "#44BB99", "#BBCC33", "#AAAA00",
)
LAST_RESORT_COLOUR = "#777777"

# A quiet basemap so that the actor colours carry the map.
SEA = "#DDE8EF"
LAND = "#F7F6F2"
HOST_TINT = "#EDE3CC"
BORDER = "#9AA1A6"
INK = "#1F2328"
MUTED = "#5B636A"
COUNTRY_LABEL = "#8C959C"
MARKER_EDGE = "#FFFFFF"
MARKER_OUTLINE = "#30363D"

# Handling banners: the usual colour for a marking, else a neutral bar.
BANNER_COLOURS: tuple[tuple[str, str, str], ...] = (
    ("TOP SECRET", "#FF8C00", "#000000"),
    ("SECRET", "#C8102E", "#FFFFFF"),
    ("CONFIDENTIAL", "#0033A0", "#FFFFFF"),
    ("CUI", "#502B85", "#FFFFFF"),
    ("CONTROLLED", "#502B85", "#FFFFFF"),
    ("UNCLASSIFIED", "#007A33", "#FFFFFF"),
)
BANNER_DEFAULT = ("#3A3F44", "#FFFFFF")

# Metres of doubt drawn around a site, by how its coordinates were found.
# A country-level row sits at a rough centroid and says so in its name ("Iraq (country-wide)"): no ring.
UNCERTAINTY_METRES: dict[str, int] = {"exact": 0, "approximate": 5_000, "city": 15_000, "country": 0}


def actor_colours(actors: Iterable[str]) -> dict[str, str]:
    """A stable colour per actor: fixed ones for the usual states; the spares go to the others that appear most
    often in ``actors`` (pass every deployment's actor for the same colours everywhere), then in code order."""
    counts = Counter(actors)
    colours = {actor: FIXED_COLOURS[actor] for actor in counts if actor in FIXED_COLOURS}
    spares = iter(SPARE_COLOURS)
    for actor in sorted((a for a in counts if a not in FIXED_COLOURS), key=lambda a: (-counts[a], a)):
        colours[actor] = next(spares, LAST_RESORT_COLOUR)
    return dict(sorted(colours.items()))


def banner_colours(text: str) -> tuple[str, str]:
    """Fill and ink for a handling banner: the marking's customary colour, else a neutral bar."""
    upper = text.upper()
    for marking, fill, ink in BANNER_COLOURS:
        if upper.startswith(marking):
            return fill, ink
    return BANNER_DEFAULT


def contrast(colour: str) -> str:
    """Ink that reads on a ``#RRGGBB`` fill: dark on light fills, white on dark ones."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return INK if luminance > 0.6 else "#FFFFFF"


def marker_radius(headcount: int) -> float:
    """Marker radius in pixels: grows with the log of known personnel, so 10 and 5,000 both read."""
    if headcount <= 0:
        return 7.0
    return round(7.0 + 3.0 * math.log10(headcount), 1)
