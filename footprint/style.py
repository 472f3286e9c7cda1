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

# One qualitative palette: colorcet's Glasbey colours (each chosen to differ most from all before it), keeping
# those with CIELAB lightness 42-76 (readable on the pale basemap and as bars on a dark page) that stand apart
# from the grey of "other states" (CIEDE2000 >= 12), first 27 in Glasbey's order. Any two differ by CIEDE2000
# >= 11.8; tests/test_style.py rebuilds the list from colorcet and checks it against the states that appear
# together in data/.
PALETTE: tuple[str, ...] = (
    "#D60000", "#8C3BFF", "#018700", "#00ACC6", "#FF7ED1", "#FFA52F", "#A17569", "#95B577", "#BF03B8", "#0774D8",
    "#8E7900", "#FF7266", "#5D7E66", "#EB0077", "#A57BB8", "#03C600", "#9E4B00", "#00AF89", "#8287FF", "#DB6D01",
    "#93B8B5", "#E452FF", "#C36690", "#C49E72", "#038287", "#6DB3FF", "#85A301",
)
# The usual states keep the first ten for good (stable across data versions); the pairs closest in colour
# (violet/magenta) go to states that are rarely in the same place.
FIXED_COLOURS: dict[str, str] = {
    "USA": "#0774D8", "RUS": "#D60000", "FRA": "#018700", "GBR": "#8C3BFF", "TUR": "#00ACC6",
    "DEU": "#FFA52F", "ITA": "#FF7ED1", "JPN": "#A17569", "CHN": "#BF03B8", "ARE": "#95B577",
}
# The rest of the palette, in Glasbey's order, for the other states that appear most often.
SPARE_COLOURS: tuple[str, ...] = tuple(colour for colour in PALETTE if colour not in FIXED_COLOURS.values())
LAST_RESORT_COLOUR = "#777777"

# A quiet basemap so that the actor colours carry the map.
SEA = "#DDE8EF"
LAND = "#F7F6F2"
# Host states shaded by how many sending states they host (1, 2, 3, 4, 5 or more): light greys without hue,
# CIEDE2000 >= 14 from every state's colour, so that no shading is mistaken for a state under its markers.
HOST_SHADES: tuple[str, ...] = ("#EAE8E4", "#DDDAD5", "#D0CCC6", "#C2BEB7", "#B4B0A8")
HOST_TINT = HOST_SHADES[0]  # a static map's hosts, not counted
BORDER = "#9AA1A6"
INK = "#1F2328"
MUTED = "#5B636A"
COUNTRY_LABEL = "#8C959C"
MARKER_EDGE = "#FFFFFF"
MARKER_OUTLINE = "#30363D"
# Marks on charts that must read on Streamlit's light and dark pages alike (contrast 3:1 or more on both).
CHART_INK = "#8A8F94"
DARK_PAGE = "#0E1117"  # Streamlit's dark theme background

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

# How sure a marker is, drawn on it (ranks as footprint.model.CONFIDENCE_RANK): high confidence solid, medium
# pale and hatched, low pale and spotted (more ink, more sure). A dotted outline: a force there has dates known
# only to the month or year around the date shown.
PALE_ALPHA = 0.4  # the fill behind medium's hatching and low's spots
DATES_DASH = (2.0, 2.0)  # pixels on, off: the dotted outline
DATES_OUTLINE = "#111111"  # darker than MARKER_OUTLINE, so the dots show on any fill

# The personnel figures a legend's size key shows, with their labels.
PERSONNEL_KEY: tuple[tuple[int, str], ...] = ((0, "no figure"), (100, "100"), (1_000, "1,000"), (10_000, "10,000"))

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
