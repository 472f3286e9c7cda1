"""Briefing decks: sourced PPTX slides, and a PDF that matches them slide for slide.

Pure and offline: python-pptx writes the deck; matplotlib (its Agg and PDF canvases, never pyplot) draws
the Gantt charts and the PDF; the maps are ``render.render_snapshot`` images. Both outputs are drawn from one
``DeckPlan``: a list of slides, each a list of positioned elements (text, pictures, tables, rectangles) in
inches, laid out once with DejaVu Sans metrics. Text is wrapped and cut to fit with those metrics, which are
wider than the usual theme fonts (Calibri, Arial), so what fits in the PDF fits in the deck.

The deck covers the chosen dates for one selection (actors, host countries or a region, a map view):

* a title slide;
* a situation map per date, with a box of the key changes since the previous date;
* a before/after comparison of the first and last dates with a change table per sending state, then the
  change table site by site;
* a Gantt timeline of the selected deployments;
* a dossier for each chosen site: who was there when, and its key events;
* a force summary per sending state;
* the sources: every source behind anything shown, numbered in order of first citation.

What a slide shows is what its map shows: deployments at sites inside the map's frame. Speaker notes carry
the claims as bullets, each ending with the outlet and date of its sources and their numbers on the sources
slides.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ft2font import LoadFlags
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.transforms import blended_transform_factory
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Pt

from footprint.archive import check_zip
from footprint.escape import xml_text
from footprint.filters import View
from footprint.geography import country_name
from footprint.mapping import REGIONS, actor_colours, personnel_label
from footprint.model import Dataset
from footprint.query import changes, events_between, presence_at, presence_between, site_history
from footprint.render import banner_colours, check_bbox, font_families, render_snapshot, snapshot_layout

__all__ = [
    "BRAND_KEYS",
    "DeckPlan",
    "build_deck",
    "deck_bytes",
    "deck_pdf",
    "plan_deck",
    "render_deck",
    "render_pdf",
    "save_pptx",
    "slide_previews",
]

ProgressFn = Callable[[float, str], None]
Box = tuple[float, float, float, float]  # x, y, width, height in inches from the slide's top-left corner

EMU_PER_INCH = 914_400
SLIDE_SIZE_EMU = (12_192_000, 6_858_000)  # PowerPoint's 16:9, 13.333 × 7.5 in
DEFAULT_DPI = 150

DEFAULT_COLOURS: dict[str, str] = {
    "primary": "#1F3A5F",  # title bar, cover band, table headers
    "accent": "#B13A2A",  # headings in boxes, date lines, cover stripe, citation numbers
    "text": "#1F2328",
    "background": "#FFFFFF",
}
BRAND_KEYS: tuple[str, ...] = ("primary", "accent", "text", "title_text", "background")
MUTED = "#5B636A"
PANEL = "#F2F4F6"
STRIPE = "#F7F8FA"
RULE = "#D5D9DE"
ARRIVED = "#1A7F37"
DEPARTED = "#B42318"

FONT = "DejaVu Sans"
LINE = 1.24  # line pitch as a multiple of the font size, set exactly on every pptx paragraph too
TEXT_MARGIN = 0.08
CELL_MARGIN_X, CELL_MARGIN_Y = 0.06, 0.035
WRAP_SLACK = 0.97  # measured widths are summed piecewise; keep a little room

KEY_EVENT_TYPES = frozenset(
    {"arrival", "withdrawal_announced", "withdrawal_completed", "agreement_signed", "agreement_ended", "handover",
     "base_opened", "coup"}
)
MAX_DATE_COLUMNS = 6
MAX_NOTE_EVENTS = 25
TITLE_LIMIT = 90  # characters; titles are also cut to the title box's width

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_RC = {
    "font.family": list(font_families()),
    "text.parse_math": False,
    "pdf.fonttype": 42,
    "axes.unicode_minus": False,
    "svg.hashsalt": "footprint-briefing",
    # Unhinted glyphs: text takes the width that the layout measured, whatever the dpi.
    "text.hinting": "none",
}


# --- the plan: positioned elements ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False
    colour: str | None = None
    link: str | None = None


@dataclass(frozen=True)
class Para:
    """A paragraph: runs at one size, wrapped to its box."""

    runs: tuple[Run, ...]
    size: float = 11.0
    space_before: float = 0.0  # points
    align: str = "left"

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class TextEl:
    box: Box
    paras: tuple[Para, ...]
    colour: str
    fill: str | None = None
    anchor: str = "top"  # top, middle or bottom
    margin: float = TEXT_MARGIN
    name: str = "text"


@dataclass(frozen=True)
class PictureEl:
    box: Box
    png: bytes
    name: str = "picture"


@dataclass(frozen=True)
class RectEl:
    box: Box
    fill: str
    name: str = "rect"


Cell = tuple[Para, ...]


@dataclass(frozen=True)
class TableEl:
    x: float
    y: float
    widths: tuple[float, ...]
    heights: tuple[float, ...]
    rows: tuple[tuple[Cell, ...], ...]  # the first row is the header
    fills: tuple[str, ...]  # one per row
    colour: str
    header_colour: str
    name: str = "table"

    @property
    def box(self) -> Box:
        return (self.x, self.y, sum(self.widths), sum(self.heights))


Element = TextEl | PictureEl | RectEl | TableEl


@dataclass
class SlideSpec:
    """One slide: its kind (``slide.name`` in the pptx), title, elements and speaker notes."""

    kind: str
    title: str
    elements: list[Element]
    notes: list[str]
    subtitle: TextEl | None = None  # the cover's subtitle, written into its placeholder
    title_size: float | None = None  # points; the frame's size unless a long title needed less


@dataclass(frozen=True)
class _Frame:
    """Where things go on every slide, for one slide size, template and colour scheme."""

    width: float
    height: float
    margin: float
    colours: dict[str, str]
    title_colour: str | None  # None: the template's own
    bar: Box | None
    title_box: Box
    title_size: float
    content: Box
    footer: Box
    banner: str | None
    banner_h: float
    cover_band: Box | None
    cover_stripe: Box | None
    cover_title: Box
    cover_title_size: float
    cover_title_colour: str | None
    cover_subtitle: Box
    background: str
    paint_background: bool  # set the background on every slide (else the master's shows)
    template: Path | None


@dataclass
class DeckPlan:
    """Everything both writers need: the frame, the slides, and the data behind them."""

    frame: _Frame
    title: str
    slides: list[SlideSpec]
    dates: tuple[dt.date, ...]
    presence: dict[dt.date, pd.DataFrame]  # the rows each situation map shows
    sources: tuple[str, ...]  # source ids in the order the sources slides number them
    as_of: dt.date
    metadata: dict[str, str] = field(default_factory=dict)


# --- text metrics -------------------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _font_path(bold: bool) -> str:
    return findfont(FontProperties(family=FONT, weight="bold" if bold else "normal"), fallback_to_default=True)


@lru_cache(maxsize=131_072)
def _width(text: str, size: float, bold: bool = False) -> float:
    """Advance width of ``text`` in inches at ``size`` points in DejaVu Sans."""
    if not text:
        return 0.0
    font = get_font(_font_path(bold))
    font.set_size(size, 720)
    font.set_text(text, 0.0, flags=LoadFlags.NO_HINTING)
    return font.get_width_height()[0] / 64 / 720


def _lines(para: Para, width: float) -> list[list[tuple[str, Run]]]:
    """The paragraph broken into lines of (piece, run) no wider than ``width`` inches."""
    width *= WRAP_SLACK
    lines: list[list[tuple[str, Run]]] = [[]]
    x = 0.0
    for run in para.runs:
        for piece in re.findall(r"\S+\s*|\s+", run.text):
            word = piece.rstrip()
            if not word:
                if lines[-1]:
                    lines[-1].append((piece, run))
                    x += _width(piece, para.size, run.bold)
                continue
            if lines[-1] and x + _width(word, para.size, run.bold) > width:
                lines.append([])
                x = 0.0
            while not lines[-1] and _width(word, para.size, run.bold) > width:
                cut = _fit_prefix(word, para.size, run.bold, width)
                lines[-1].append((word[:cut], run))
                lines.append([])
                word, piece = word[cut:], piece[cut:]
            lines[-1].append((piece, run))
            x += _width(piece, para.size, run.bold)
    return [line for line in lines if line] or [[]]


def _fit_prefix(text: str, size: float, bold: bool, width: float) -> int:
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if _width(text[:middle], size, bold) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def _para_height(para: Para, width: float) -> float:
    return para.space_before / 72 + len(_lines(para, width)) * para.size * LINE / 72


def _paras_height(paras: Sequence[Para], width: float) -> float:
    return sum(_para_height(p, width) for p in paras)


def _text_height(paras: Sequence[Para], box_width: float, margin: float = TEXT_MARGIN) -> float:
    return _paras_height(paras, box_width - 2 * margin) + 2 * margin


def _clip(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text`` on one line of ``width`` inches, cut with an ellipsis if need be."""
    text = " ".join(str(text).split())
    if _width(text, size, bold) <= width * WRAP_SLACK:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if _width(text[:middle].rstrip() + "…", size, bold) <= width * WRAP_SLACK:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip(" ,;:·–-(") + "…"


def _fit_para(para: Para, width: float, max_lines: int) -> Para:
    """The paragraph cut, at a word of its last run, to at most ``max_lines`` lines, ending in an ellipsis."""
    if len(_lines(para, width)) <= max_lines:
        return para
    head, last = para.runs[:-1], para.runs[-1]
    words = last.text.split()

    def attempt(count: int) -> Para:
        text = " ".join(words[:count]).rstrip(" ,;:·–-(") + "…"
        return replace(para, runs=(*head, replace(last, text=(" " if last.text[:1] == " " else "") + text)))

    low, high = 0, len(words)
    while low < high:
        middle = (low + high + 1) // 2
        if len(_lines(attempt(middle), width)) <= max_lines:
            low = middle
        else:
            high = middle - 1
    fitted = attempt(low)
    if len(_lines(fitted, width)) <= max_lines:
        return fitted
    # Even the head alone is too long: cut it too, to one line.
    return replace(para, runs=(Run(_clip(para.text, width, para.size, any(r.bold for r in para.runs))),))


def _para(text: str, size: float = 11.0, *, bold: bool = False, italic: bool = False, colour: str | None = None,
          space_before: float = 0.0, align: str = "left", link: str | None = None) -> Para:
    return Para((Run(text, bold=bold, italic=italic, colour=colour, link=link),), size=size,
                space_before=space_before, align=align)


# --- words ---------------------------------------------------------------------------------------------------


def _day(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _short_day(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


def _partial(text: object) -> str:
    """A partial ISO date in words: 2024-05-03 → 3 May 2024, 2024-05 → May 2024, 2024 → 2024."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return "n.d."
    parts = str(text).split("-")
    try:
        if len(parts) == 3:
            return _short_day(dt.date(int(parts[0]), int(parts[1]), int(parts[2])))
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1][:3]} {parts[0]}"
    except (ValueError, IndexError):
        return str(text)
    return str(text)


def _plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def _tidy(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return " ".join(xml_text(value).split())  # PPTX is XML: control characters cannot be written


def _cut(text: object, limit: int) -> str:
    text = _tidy(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;:·–-(") + "…"


def _site_name(name: object, limit: int = 40) -> str:
    """A site's name for a slide: a long parenthetical dropped from a long name, then cut."""
    name = _tidy(name)
    if len(name) > limit and name.endswith(")") and " (" in name:
        head = name.split(" (", 1)[0].strip()
        if len(head) >= 3:
            name = head
    return _cut(name, limit)


def _force_name(force: object, limit: int = 26) -> str:
    """A force's everyday name: the latest of several ("Serval; Barkhane" → "Barkhane"), asides dropped, cut."""
    text = _tidy(force)
    if not text:
        return ""
    for separator in ("; ", " / "):
        if separator in text:
            text = text.rsplit(separator, 1)[1]
    if " (" in text and not text.startswith("("):
        text = text.split(" (", 1)[0]
    return _cut(text, limit)


def _actor_force(actor: str, force: object, limit: int = 26) -> str:
    short = _force_name(force, limit)
    return f"{country_name(actor)} ({short})" if short else country_name(actor)


def _personnel_sum(rows: pd.DataFrame) -> str:
    """Known headcounts summed as a range, "+" when some forces have no published figure."""
    low = high = 0
    known = unknown = False
    for lo, hi in zip(rows["personnel_min"], rows["personnel_max"], strict=True):
        if pd.isna(lo) and pd.isna(hi):
            unknown = True
            continue
        lo = hi if pd.isna(lo) else lo
        hi = lo if pd.isna(hi) else hi
        low, high, known = low + int(lo), high + int(hi), True
    if not known:
        return "no figure" if unknown else ""
    return personnel_label(low, high) + ("+" if unknown else "")


def _contrast(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#1F2328" if luminance > 0.6 else "#FFFFFF"


def _hex(value: object, key: str) -> str:
    text = str(value).strip() if isinstance(value, str) else ""
    if re.fullmatch(r"#?[0-9A-Fa-f]{6}", text):
        return "#" + text.lstrip("#").upper()
    raise ValueError(f"brand colour {key!r} must be a hex colour like #1F3A5F, not {value!r}")


# --- citations ------------------------------------------------------------------------------------------------


def _published_day(text: object) -> dt.date | None:
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return None
    parts = [int(p) for p in str(text).split("-") if p.isdigit()]
    try:
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


class _Citations:
    """Sources numbered in order of first citation; every id passed in is listed on the sources slides."""

    def __init__(self, dataset: Dataset):
        self._sources = dataset.sources
        self.numbers: dict[str, int] = {}

    def add(self, source_ids: Iterable[str]) -> list[str]:
        known = [i for i in dict.fromkeys(source_ids) if i in self._sources.index]
        for source_id in known:
            self.numbers.setdefault(source_id, len(self.numbers) + 1)
        return known

    def short(self, source_id: str) -> str:
        record = self._sources.loc[source_id]
        published = _tidy(record["published"]) or "n.d."
        return f"{_cut(record['outlet'], 40)}, {published} [{self.numbers[source_id]}]"

    def cite(self, source_ids: Iterable[str], *, near: dt.date | None = None, limit: int = 2) -> str:
        """"(Outlet, 2024-05-03 [12]; Outlet, 2024 [13]; +1 more)", the sources nearest ``near`` first."""
        known = self.add(source_ids)
        if not known:
            return "(no source recorded)"
        if near is not None:
            far = dt.timedelta(days=36_500)

            def distance(source_id: str) -> dt.timedelta:
                day = _published_day(self._sources.at[source_id, "published"])
                return abs(day - near) if day else far

            known = sorted(known, key=lambda i: (distance(i), self.numbers[i]))
        parts = [self.short(i) for i in known[:limit]]
        if len(known) > limit:
            parts.append(f"+{len(known) - limit} more")
        return "(" + "; ".join(parts) + ")"

    def bullet(self, text: str, source_ids: Iterable[str], *, near: dt.date | None = None, limit: int = 2) -> str:
        return f"• {text} {self.cite(source_ids, near=near, limit=limit)}"


# --- arguments ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Choice:
    dates: tuple[dt.date, ...]
    actors: tuple[str, ...]
    countries: tuple[str, ...]
    region: str | None
    bbox: tuple[float, float, float, float] | None
    sites: tuple[str, ...]
    template: Path | None
    colours: dict[str, str]
    title_text: str | None
    brand: bool
    brand_background: bool
    banner: str | None
    title: str | None
    dpi: float


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD)")


def _codes(values: Iterable[str] | str | None, known: set[str], what: str) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    chosen = tuple(dict.fromkeys(str(v).strip().upper() for v in values if str(v).strip()))
    unknown = [code for code in chosen if code not in known]
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(unknown)} (the dataset has {', '.join(sorted(known))})")
    return chosen


def _check(dataset: Dataset, *, dates, actors, countries, region, bbox, sites, template, brand_colours, banner,
           title, dpi) -> _Choice:
    if dates is None or isinstance(dates, (str, dt.date)):
        raise ValueError("dates must be a list of dates, e.g. [2022-01-01, 2024-05-15]")
    days = tuple(_as_date(d) for d in dates)
    if not days:
        raise ValueError("choose at least one date for the briefing")
    for earlier, later in itertools.pairwise(days):
        if later <= earlier:
            raise ValueError(f"dates must increase: {later.isoformat()} comes after {earlier.isoformat()}")
    if days[-1] > dataset.as_of:
        raise ValueError(f"{days[-1].isoformat()} is after the dataset's as-of date ({dataset.as_of.isoformat()})")
    if region is not None and region not in REGIONS:
        raise ValueError(f"unknown region {region!r}: use one of {', '.join(REGIONS)}")
    chosen_actors = _codes(actors, set(dataset.deployments["actor_iso3"]), "actor")
    chosen_countries = _codes(countries, set(dataset.sites["host_iso3"]), "country")
    chosen_bbox = check_bbox(bbox) if bbox is not None else None
    if isinstance(sites, str):
        sites = [sites]
    chosen_sites = tuple(dict.fromkeys(str(s).strip() for s in (sites or ()) if str(s).strip()))
    unknown_sites = [s for s in chosen_sites if s not in dataset.sites.index]
    if unknown_sites:
        raise ValueError(f"unknown site {', '.join(map(repr, unknown_sites))}: use site ids such as ner-air-base-101")
    template_path = None
    if template is not None:
        template_path = Path(template)
        if not template_path.is_file():
            raise ValueError(f"template {template_path.name!r} is not a file")
        # Sizes are checked before python-pptx inflates anything: a small file can inflate to gigabytes.
        check_zip(template_path, label="the template", kind=".pptx")
        try:
            Presentation(str(template_path))
        except Exception:  # python-pptx raises several kinds for files that are not decks; their text names paths
            raise ValueError("the template is not a .pptx presentation; save it from PowerPoint as .pptx") from None
    colours = dict(DEFAULT_COLOURS)
    title_text = None
    if brand_colours is not None:
        if not isinstance(brand_colours, Mapping):
            raise ValueError("brand_colours must be a mapping such as {'primary': '#7A0019', 'accent': '#FFB71E'}")
        unknown_keys = [k for k in brand_colours if k not in BRAND_KEYS]
        if unknown_keys:
            raise ValueError(f"unknown brand colour {', '.join(map(repr, unknown_keys))}: use {', '.join(BRAND_KEYS)}")
        for key, value in brand_colours.items():
            if key == "title_text":
                title_text = _hex(value, key)
            else:
                colours[key] = _hex(value, key)
    if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or not 50 <= dpi <= 600:
        raise ValueError(f"dpi must be a number from 50 to 600, not {dpi!r}")
    banner_text = _tidy(banner) or None
    if banner_text and len(banner_text) > 120:
        raise ValueError("the banner is a handling marking: keep it under 120 characters")
    return _Choice(
        dates=days, actors=chosen_actors, countries=chosen_countries, region=region, bbox=chosen_bbox,
        sites=chosen_sites, template=template_path, colours=colours, title_text=title_text,
        brand=bool(brand_colours), brand_background="background" in (brand_colours or {}), banner=banner_text,
        title=_tidy(title) or None, dpi=float(dpi),
    )


# --- the frame ----------------------------------------------------------------------------------------------


def _layouts(prs) -> tuple[object, object]:
    """The cover layout and the content layout: "Title Slide" and "Title Only", else the nearest."""
    layouts = list(prs.slide_layouts)
    by_name = {layout.name.strip().casefold(): layout for layout in layouts}

    def has_title(layout) -> bool:
        return any(_is_title(ph) for ph in layout.placeholders)

    cover = by_name.get("title slide") or next((lay for lay in layouts if has_title(lay)), layouts[0])
    content = by_name.get("title only") or min(
        (lay for lay in layouts if has_title(lay)), key=lambda lay: len(lay.placeholders), default=layouts[-1]
    )
    return cover, content


def _is_title(placeholder) -> bool:
    return placeholder.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


def _is_subtitle(placeholder) -> bool:
    return placeholder.placeholder_format.type in (PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.BODY)


def _inches(shape) -> Box | None:
    values = (shape.left, shape.top, shape.width, shape.height)
    if any(v is None for v in values):
        return None
    return tuple(v / EMU_PER_INCH for v in values)  # type: ignore[return-value]


def _template_look(path: Path) -> tuple[float, float, Box | None, Box | None, Box | None, str | None]:
    """Slide size, title boxes (content, cover), cover subtitle box and solid background of a template."""
    prs = Presentation(str(path))
    width, height = prs.slide_width / EMU_PER_INCH, prs.slide_height / EMU_PER_INCH
    cover, content = _layouts(prs)
    title = next((_inches(ph) for ph in content.placeholders if _is_title(ph)), None)
    cover_title = next((_inches(ph) for ph in cover.placeholders if _is_title(ph)), None)
    cover_subtitle = next((_inches(ph) for ph in cover.placeholders if _is_subtitle(ph)), None)
    background = None
    try:
        fill = prs.slide_master.background.fill
        if fill.type == 1:  # MSO_FILL.SOLID
            background = "#" + str(fill.fore_color.rgb)
    except (AttributeError, TypeError, ValueError):
        background = None
    return width, height, title, cover_title, cover_subtitle, background


def _frame(choice: _Choice) -> _Frame:
    colours = dict(choice.colours)
    banner_h = 0.24 if choice.banner else 0.0
    margin = 0.35
    footer_h = 0.28
    if choice.template is None:
        width, height = SLIDE_SIZE_EMU[0] / EMU_PER_INCH, SLIDE_SIZE_EMU[1] / EMU_PER_INCH
        bar = (0.0, banner_h, width, 0.85)
        title_box = (margin, banner_h, width - 2 * margin, 0.85)
        title_colour = choice.title_text or _contrast(colours["primary"])
        split = height * 0.56
        cover_band = (0.0, banner_h, width, split - banner_h)
        cover_stripe = (0.0, split, width, 0.07)
        cover_title = (0.7, banner_h + 0.4, width - 1.4, split - banner_h - 0.65)
        cover_subtitle = (0.7, split + 0.3, width - 1.4, height - banner_h - footer_h - 0.2 - (split + 0.3))
        cover_title_colour = title_colour
        background = colours["background"]
    else:
        width, height, title_box, cover_title, cover_subtitle, template_bg = _template_look(choice.template)
        if title_box is None or title_box[1] > height / 2:
            title_box = (margin, banner_h + 0.1, width - 2 * margin, 0.85)
        bar = (0.0, 0.0, width, title_box[1] + title_box[3] + 0.04) if choice.brand else None
        title_colour = (choice.title_text or _contrast(colours["primary"])) if choice.brand else None
        if cover_title is None:
            cover_title = (0.7, height * 0.25, width - 1.4, 1.5)
        if cover_subtitle is None or cover_subtitle[1] < cover_title[1]:
            top = cover_title[1] + cover_title[3] + 0.2
            cover_subtitle = (cover_title[0], top, cover_title[2], height - banner_h - footer_h - 0.2 - top)
        cover_band = cover_stripe = None
        cover_title_colour = choice.title_text if choice.brand else None
        background = colours["background"] if choice.brand_background else (template_bg or colours["background"])
    top = (bar[1] + bar[3] if bar else title_box[1] + title_box[3]) + 0.15
    footer = (margin, height - banner_h - footer_h - 0.04, width - 2 * margin, footer_h)
    content = (margin, top, width - 2 * margin, footer[1] - 0.06 - top)
    title_size = 24.0 if title_box[3] >= 0.6 else 18.0
    return _Frame(
        width=width, height=height, margin=margin, colours=colours, title_colour=title_colour, bar=bar,
        title_box=title_box, title_size=title_size, content=content, footer=footer, banner=choice.banner,
        banner_h=banner_h, cover_band=cover_band, cover_stripe=cover_stripe, cover_title=cover_title,
        cover_title_size=34.0 if cover_title[2] >= 7 else 28.0, cover_title_colour=cover_title_colour,
        cover_subtitle=cover_subtitle, background=background,
        paint_background=choice.brand_background or (choice.template is None and background != "#FFFFFF"),
        template=choice.template,
    )


# --- the selection -------------------------------------------------------------------------------------------


@dataclass
class _Selection:
    dataset: Dataset
    choice: _Choice
    view: View
    extent: tuple[float, float, float, float]
    colours: dict[str, str]
    presence: dict[dt.date, pd.DataFrame]

    def filters(self) -> dict:
        return self.view.query_filters()

    def in_view(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rows whose site lies inside the map's frame."""
        west, south, east, north = self.extent
        keep = frame["lon"].between(west, east) & frame["lat"].between(south, north)
        return frame[keep].reset_index(drop=True)

    def site_ids(self) -> set[str]:
        sites = self.dataset.sites
        west, south, east, north = self.extent
        keep = sites["lon"].between(west, east) & sites["lat"].between(south, north)
        return set(sites.index[keep])

    def where(self) -> str:
        if self.choice.region and self.choice.region != "africa":
            name = REGIONS[self.choice.region].title
            if self.choice.countries:
                return f"{name} ({', '.join(country_name(c) for c in self.view.host_filter() or [])})"
            return name
        if self.choice.countries:
            names = [country_name(c) for c in self.choice.countries]
            return ", ".join(names) if len(names) <= 3 else f"{len(names)} host countries"
        if self.choice.bbox:
            return "the selected area"
        return "Africa"


def _select(dataset: Dataset, choice: _Choice) -> _Selection:
    view = View(as_of=choice.dates[0], actors=choice.actors, countries=choice.countries, region=choice.region)
    layout = snapshot_layout(dataset, view, bbox=choice.bbox, title="", preset="slide", dpi=50)
    selection = _Selection(dataset=dataset, choice=choice, view=view, extent=layout.extent,
                           colours=actor_colours(dataset.deployments["actor_iso3"]), presence={})
    for day in choice.dates:
        selection.presence[day] = selection.in_view(replace(view, as_of=day).presence(dataset))
    if not any(len(rows) for rows in selection.presence.values()):
        shown = ", ".join(d.isoformat() for d in choice.dates)
        raise ValueError(f"empty selection: no force in this selection is present on any chosen date ({shown})")
    return selection


# --- slides -----------------------------------------------------------------------------------------------


def _title_slide(sel: _Selection, frame: _Frame, title: str, cite: _Citations) -> SlideSpec:
    choice, text, muted = sel.choice, frame.colours["text"], MUTED
    dates = " · ".join(_short_day(d) for d in choice.dates)
    lines = [(f"Situation on {dates}" if len(choice.dates) > 1 else f"Situation on {_day(choice.dates[0])}", True)]
    hosts = sel.view.host_filter()
    if choice.region and choice.region != "africa":
        lines.append((f"Region: {REGIONS[choice.region].title} — hosts "
                      f"{', '.join(sorted((country_name(c) for c in hosts or []), key=str.casefold))}", False))
    elif choice.countries:
        lines.append((f"Host countries: {', '.join(country_name(c) for c in choice.countries)}", False))
    if choice.bbox:
        west, south, east, north = choice.bbox
        lines.append((f"Map view: {west:g}° to {east:g}° longitude, {south:g}° to {north:g}° latitude", False))
    lines.append((f"Sending states: {', '.join(country_name(a) for a in choice.actors)}" if choice.actors
                  else "Sending states: all", False))
    if choice.sites:
        names = [_site_name(sel.dataset.sites.at[s, "name"], 34) for s in choice.sites]
        lines.append((f"Site dossiers: {'; '.join(names)}", False))
    lines.append((f"Dataset as of {_day(sel.dataset.as_of)} · Footprint · sources on the final slides", False))
    box = frame.cover_subtitle
    inner = box[2] - 2 * TEXT_MARGIN
    for size in (16, 14, 13, 12, 11, 10, 9):
        paras = tuple(
            _fit_para(_para(line, size if strong else size - 2, bold=strong, colour=text if strong else muted,
                            space_before=0 if i == 0 else 4), inner, 2)
            for i, (line, strong) in enumerate(lines)
        )
        if _text_height(paras, box[2]) <= box[3]:
            break
    subtitle = TextEl(box, paras, colour=text, name="subtitle")
    elements: list[Element] = []
    if frame.cover_band:
        elements.append(RectEl(frame.cover_band, frame.colours["primary"], name="cover-band"))
    if frame.cover_stripe:
        elements.append(RectEl(frame.cover_stripe, frame.colours["accent"], name="cover-stripe"))
    notes = [
        f"{title}.",
        f"This briefing shows foreign military presence on {len(choice.dates)} date"
        f"{'s' if len(choice.dates) > 1 else ''}: {', '.join(_day(d) for d in choice.dates)}.",
        "Every claim in the speaker notes ends with its sources: outlet, publication date and its number on "
        "the sources slides.",
        f"Dataset as of {_day(sel.dataset.as_of)}; dates known only to the month or year count as present for "
        "the whole month or year.",
    ]
    return SlideSpec("title", title, elements, notes, subtitle=subtitle)


def _summary_by_actor(rows: pd.DataFrame) -> list[tuple[str, int, str]]:
    """(actor, sites, personnel) per sending state, most sites first."""
    out = []
    for actor, group in rows.groupby("actor_iso3", sort=True):
        out.append((str(actor), int(group["site_id"].nunique()), _personnel_sum(group)))
    return sorted(out, key=lambda item: (-item[1], country_name(item[0])))


def _change_items(frame: pd.DataFrame, dataset: Dataset, first: dt.date, last: dt.date) -> list[dict]:
    """Arrivals and departures per (site, actor), forces merged, biggest first, with when they happened."""
    moved = frame[frame["change"].isin(["arrived", "departed"])]
    deployments = dataset.deployments.assign(force_key=dataset.deployments["force"].fillna(""))
    lo, hi = pd.Timestamp(first), pd.Timestamp(last)
    items = []
    for (change, site_id, actor), group in moved.groupby(["change", "site_id", "actor_iso3"], sort=False):
        column = "personnel_after" if change == "arrived" else "personnel_before"
        known = [int(v) for v in group[column] if not pd.isna(v)]
        forces = [f for f in dict.fromkeys(_force_name(f, 60) for f in group["force"]) if f]
        match = deployments[(deployments["site_id"] == site_id) & (deployments["actor_iso3"] == actor)
                            & deployments["force_key"].isin(set(group["force"].fillna("")))]
        if change == "arrived":
            inside = match[match["start_earliest"].between(lo, hi)]
            row = inside.loc[inside["start_earliest"].idxmin()] if len(inside) else None
            when, day = (row["start_date"], row["start_latest"]) if row is not None else (None, None)
        else:
            inside = match[match["end_latest"].between(lo, hi)]
            row = inside.loc[inside["end_latest"].idxmax()] if len(inside) else None
            when, day = (row["end_date"], row["end_earliest"]) if row is not None else (None, None)
        items.append({
            "change": change, "site_id": site_id, "site_name": str(group["site_name"].iloc[0]),
            "host_iso3": str(group["host_iso3"].iloc[0]), "actor": actor, "forces": forces,
            "personnel": sum(known) if known else None,
            "source_ids": tuple(dict.fromkeys(i for ids in group["source_ids"] for i in ids)),
            "when": _partial(when) if when else None,
            "day": day.date() if day is not None and not pd.isna(day) else None,
        })
    # The same sending state leaving under one force name and arriving under another is a relabelling
    # (Barkhane ended, "Eléments français au Tchad" went on), not a departure and an arrival.
    by_pair: dict[tuple[str, str], dict[str, dict]] = {}
    for item in items:
        by_pair.setdefault((item["site_id"], item["actor"]), {})[item["change"]] = item
    merged = []
    for pair in by_pair.values():
        if "arrived" in pair and "departed" in pair:
            after, before = pair["arrived"], pair["departed"]
            merged.append({**after, "change": "renamed", "forces_before": before["forces"],
                           "source_ids": tuple(dict.fromkeys(before["source_ids"] + after["source_ids"]))})
        else:
            merged += pair.values()
    order = {"departed": 0, "arrived": 1, "renamed": 2}
    return sorted(merged, key=lambda i: (i["change"] == "renamed", -(i["personnel"] or 0), order[i["change"]],
                                         i["site_name"], i["actor"]))


def _change_counts(items: Sequence[dict]) -> str:
    arrived = sum(1 for i in items if i["change"] == "arrived")
    departed = sum(1 for i in items if i["change"] == "departed")
    renamed = sum(1 for i in items if i["change"] == "renamed")
    text = f"{_plural(arrived, 'arrival')} · {_plural(departed, 'departure')}"
    return text + (f" · {renamed} force{'s' if renamed != 1 else ''} renamed" if renamed else "")


def _change_sentence(item: dict, first: dt.date | None = None, last: dt.date | None = None) -> str:
    """One change in words, for the speaker notes."""
    site = f"{_tidy(item['site_name'])}, {country_name(item['host_iso3'])}"
    when = f" ({item['when']})" if item["when"] else (
        f" (between {_short_day(first)} and {_short_day(last)})" if first and last else "")
    if item["change"] == "renamed":
        return (f"{country_name(item['actor'])} stayed at {site}: {', '.join(item['forces_before']) or 'its force'} "
                f"gave way to {', '.join(item['forces']) or 'another force'}{when}.")
    forces = f" ({', '.join(item['forces'])})" if item["forces"] else ""
    figure = f", about {item['personnel']:,} personnel" if item["personnel"] else ""
    verb = "arrived at" if item["change"] == "arrived" else "left"
    return f"{country_name(item['actor'])}{forces} {verb} {site}{when}{figure}."


def _change_para(item: dict, size: float) -> Para:
    if item["change"] == "renamed":
        before = item["forces_before"][0] if item["forces_before"] else "?"
        after = item["forces"][0] if item["forces"] else "?"
        return Para((Run("↔ ", bold=True, colour=MUTED), Run(country_name(item["actor"]), bold=True),
                     Run(f" at {_site_name(item['site_name'], 44)}: {before} → {after}")), size=size, space_before=3)
    arrived = item["change"] == "arrived"
    force = f" ({item['forces'][0]})" if item["forces"] and len(item["forces"][0]) <= 22 else ""
    verb = " arrived at " if arrived else " left "
    figure = f" · ~{item['personnel']:,}" if item["personnel"] else ""
    return Para(
        (Run("▲ " if arrived else "▼ ", bold=True, colour=ARRIVED if arrived else DEPARTED),
         Run(country_name(item["actor"]), bold=True), Run(f"{force}{verb}{_site_name(item['site_name'], 44)}{figure}")),
        size=size, space_before=3,
    )


def _changes_in_view(sel: _Selection, first: dt.date, last: dt.date) -> pd.DataFrame:
    frame = changes(sel.dataset, first, last, **sel.filters())
    return frame[frame["site_id"].isin(sel.site_ids())].reset_index(drop=True)


def _events_in_view(sel: _Selection, first: dt.date, last: dt.date) -> pd.DataFrame:
    filters = sel.filters()
    events = events_between(sel.dataset, first, last, actors=filters["actors"], countries=filters["countries"])
    in_view = sel.site_ids()
    hosts = set(sel.dataset.sites.loc[sorted(in_view), "host_iso3"]) if in_view else set()
    keep = events["site_id"].isin(in_view) | (events["site_id"].isna() & events["host_iso3"].isin(hosts))
    return events[keep & events["event_type"].isin(KEY_EVENT_TYPES)].reset_index(drop=True)


def _panel(frame: _Frame, box: Box, head: list[Para], items: list[Para], more: Callable[[int], Para],
           tail_head: list[Para], tail: list[Para]) -> TextEl:
    """A side box: heading, as many items as fit (then "+N more"), then a second section likewise."""
    inner = box[2] - 2 * TEXT_MARGIN
    items = [_fit_para(p, inner, 3) for p in items]
    tail = [_fit_para(p, inner, 2) for p in tail]

    def build(n_items: int, n_tail: int) -> tuple[Para, ...]:
        paras = [*head, *items[:n_items]]
        if n_items < len(items):
            paras.append(more(len(items) - n_items))
        if tail_head:
            paras += [*tail_head, *tail[:n_tail]]
            if n_tail < len(tail):
                paras.append(_para(f"+{len(tail) - n_tail} more", 9, italic=True, colour=MUTED, space_before=2))
        return tuple(paras)

    for n_items in range(len(items), -1, -1):
        paras = build(n_items, len(tail))
        if _text_height(paras, box[2]) <= box[3]:
            return TextEl(box, paras, colour=frame.colours["text"], fill=PANEL, name="changes")
    for n_tail in range(len(tail), -1, -1):
        paras = build(0, n_tail)
        if _text_height(paras, box[2]) <= box[3]:
            break
    return TextEl(box, paras, colour=frame.colours["text"], fill=PANEL, name="changes")


def _map_slide(sel: _Selection, frame: _Frame, index: int, png: bytes, cite: _Citations) -> SlideSpec:
    day = sel.choice.dates[index]
    rows = sel.presence[day]
    accent = frame.colours["accent"]
    x, y, width, height = frame.content
    panel_w = min(3.0, max(2.5, width * 0.22))
    map_w = min(width - panel_w - 0.15, height * 16 / 9)
    map_h = map_w * 9 / 16
    panel_w = width - map_w - 0.15
    picture = PictureEl((x, y, map_w, map_h), png, name="map")
    panel_box = (x + map_w + 0.15, y, panel_w, map_h if map_h > 0.8 * height else height)

    summary = _summary_by_actor(rows)
    present_head = [_para(f"Present on {_short_day(day)}", 11, bold=True, colour=accent, space_before=10)]
    present = [
        Para((Run("■ ", colour=sel.colours.get(actor, "#777777")), Run(country_name(actor), bold=True),
              Run(f" {_plural(n_sites, 'site')}" + (f" · {people}" if people else ""))), size=9.5, space_before=2)
        for actor, n_sites, people in summary
    ]
    notes: list[str] = []
    if index == 0:
        head = [
            _para(f"On {_day(day)}", 12, bold=True, colour=accent),
            _para(f"{_plural(rows['site_id'].nunique(), 'site')} · {_plural(len(rows), 'deployment')} · "
                  f"{_plural(len(summary), 'sending state')}", 9.5, colour=MUTED, space_before=2),
        ]
        forces_head = [_para("Forces present", 11, bold=True, colour=accent, space_before=10)]
        panel = _panel(frame, panel_box, head, [], lambda n: _para(""), forces_head, present)
        notes.append(f"Situation on {_day(day)}: {_plural(len(rows), 'deployment')} at "
                     f"{_plural(rows['site_id'].nunique(), 'site')} in view.")
    else:
        previous = sel.choice.dates[index - 1]
        moved = _changes_in_view(sel, previous, day)
        items = _change_items(moved, sel.dataset, previous, day)
        head = [
            _para(f"Key changes since {_short_day(previous)}", 12, bold=True, colour=accent),
            _para(f"{_change_counts(items)} (site by sending state)", 9, colour=MUTED, space_before=2),
        ]
        if not items:
            head.append(_para("No arrivals or departures in this view.", 9.5, space_before=3))
        panel = _panel(
            frame, panel_box, head, [_change_para(i, 9.5) for i in items],
            lambda n: _para(f"+{n} more in the speaker notes", 9, italic=True, colour=MUTED, space_before=3),
            present_head, present,
        )
        notes.append(f"Situation on {_day(day)}, and what changed since {_day(previous)}: "
                     f"{_change_counts(items).replace(' · ', ', ')} (site by sending state).")
        for item in items:
            notes.append(cite.bullet(_change_sentence(item), item["source_ids"], near=item["day"] or day))
        events = _events_in_view(sel, previous + dt.timedelta(days=1), day)
        if len(events):
            notes.append(f"Key events between {_day(previous)} and {_day(day)}:")
            for event in events.tail(MAX_NOTE_EVENTS).to_dict("records"):
                notes.append(cite.bullet(f"{_partial(event['date'])}: {_tidy(event['summary'])}",
                                         event["source_ids"], near=_published_day(event["date"])))
            if len(events) > MAX_NOTE_EVENTS:
                notes.append(f"({len(events) - MAX_NOTE_EVENTS} earlier events left out.)")
    notes.append(f"Who was there on {_day(day)}:")
    for row in rows.to_dict("records"):
        people = personnel_label(row["personnel_min"], row["personnel_max"])
        since = _partial(row["start_date"])
        notes.append(cite.bullet(
            f"{_tidy(row['site_name'])}, {country_name(row['host_iso3'])}: "
            f"{_actor_force(row['actor_iso3'], row['force'], 60)}"
            + (f", {people} personnel" if people else ", no published headcount") + f", since {since}"
            + ("" if row["certain"] else " (dates uncertain around this day)") + ".",
            row["source_ids"], near=day))
    return SlideSpec("map", f"Situation on {_day(day)}", [picture, panel], notes)


def _table(x: float, y: float, widths: Sequence[float], rows: Sequence[Sequence[Cell]], frame: _Frame,
           *, fills: Sequence[str] | None = None, name: str = "table") -> TableEl:
    heights = tuple(_row_height(row, widths) for row in rows)
    if fills is None:
        fills = [frame.colours["primary"]] + [STRIPE if i % 2 else "#FFFFFF" for i in range(len(rows) - 1)]
    return TableEl(x=x, y=y, widths=tuple(widths), heights=heights, rows=tuple(tuple(r) for r in rows),
                   fills=tuple(fills), colour=frame.colours["text"],
                   header_colour=_contrast(frame.colours["primary"]), name=name)


def _row_height(row: Sequence[Cell], widths: Sequence[float]) -> float:
    return max(_paras_height(cell, w - 2 * CELL_MARGIN_X) for cell, w in zip(row, widths, strict=True)) \
        + 2 * CELL_MARGIN_Y


def _cell(text: str, size: float = 9.0, *, bold: bool = False, colour: str | None = None, width: float | None = None,
          lines: int = 2, swatch: str | None = None, italic: bool = False) -> Cell:
    runs = (Run("■ ", colour=swatch),) if swatch else ()
    para = Para((*runs, Run(text, bold=bold, colour=colour, italic=italic)), size=size)
    if width is not None:
        para = _fit_para(para, width - 2 * CELL_MARGIN_X, lines)
    return (para,)


def _paginate(rows: Sequence[Sequence[Cell]], widths: Sequence[float], available: float,
              header: Sequence[Cell]) -> list[list[Sequence[Cell]]]:
    header_h = _row_height(header, widths)
    pages: list[list[Sequence[Cell]]] = [[]]
    used = header_h
    for row in rows:
        h = _row_height(row, widths)
        if pages[-1] and used + h > available:
            pages.append([])
            used = header_h
        pages[-1].append(row)
        used += h
    return pages


def _scaled(weights: Sequence[float], total: float) -> list[float]:
    scale = total / sum(weights)
    return [w * scale for w in weights]


def _compare_slides(sel: _Selection, frame: _Frame, maps: Mapping[dt.date, bytes], cite: _Citations) -> list[SlideSpec]:
    first, last = sel.choice.dates[0], sel.choice.dates[-1]
    before, after = sel.presence[first], sel.presence[last]
    moved = _changes_in_view(sel, first, last)
    items = _change_items(moved, sel.dataset, first, last)
    accent = frame.colours["accent"]
    x, y, width, height = frame.content

    # Per sending state: sites and personnel on both dates, sites joined and left.
    actors = sorted(set(before["actor_iso3"]) | set(after["actor_iso3"]),
                    key=lambda a: (-max(before.loc[before["actor_iso3"] == a, "site_id"].nunique(),
                                        after.loc[after["actor_iso3"] == a, "site_id"].nunique()), country_name(a)))
    size = 9.0
    weights = [2.2, 1.1, 1.1, 1.1, 1.1, 1.6, 1.6]
    widths = _scaled(weights, width)
    header = [_cell(t, size, bold=True, colour=_contrast(frame.colours["primary"]), width=w, lines=2)
              for t, w in zip(["Sending state", f"Sites {_short_day(first)}", f"Sites {_short_day(last)}",
                               "Sites joined", "Sites left", f"Personnel {_short_day(first)}",
                               f"Personnel {_short_day(last)}"], widths, strict=True)]
    body = []
    notes = [f"Before and after: {_day(first)} compared with {_day(last)}, per sending state."]
    for actor in actors:
        a_rows, b_rows = before[before["actor_iso3"] == actor], after[after["actor_iso3"] == actor]
        a_sites, b_sites = set(a_rows["site_id"]), set(b_rows["site_id"])
        body.append([
            _cell(country_name(actor), size, bold=True, width=widths[0], lines=1,
                  swatch=sel.colours.get(actor, "#777777")),
            _cell(str(len(a_sites)), size), _cell(str(len(b_sites)), size),
            _cell(str(len(b_sites - a_sites)), size), _cell(str(len(a_sites - b_sites)), size),
            _cell(_personnel_sum(a_rows) or "—", size, width=widths[5], lines=1),
            _cell(_personnel_sum(b_rows) or "—", size, width=widths[6], lines=1),
        ])
        joined = [i for i in items if i["actor"] == actor and i["change"] == "arrived"]
        left = [i for i in items if i["actor"] == actor and i["change"] == "departed"]
        parts = [f"{country_name(actor)}: {_plural(len(a_sites), 'site')} on {_short_day(first)}, "
                 f"{len(b_sites)} on {_short_day(last)}"]
        if joined:
            parts.append("arrived at " + ", ".join(_site_name(i["site_name"], 60) for i in joined))
        if left:
            parts.append("left " + ", ".join(_site_name(i["site_name"], 60) for i in left))
        ids = [s for i in joined + left for s in i["source_ids"]] or [
            s for ids in pd.concat([a_rows, b_rows])["source_ids"] for s in ids]
        notes.append(cite.bullet("; ".join(parts) + ".", ids, near=last, limit=3))
    rows = [header, *body]
    table_h = sum(_row_height(r, widths) for r in rows)
    caption_h = 0.3
    map_w = min((width - 0.2) / 2, (height - table_h - caption_h - 0.15) * 16 / 9)
    if map_w < 3.0:  # too many sending states to share the slide: keep the maps, cut the table
        map_w = (width - 0.2) / 2
    map_h = map_w * 9 / 16
    left_x = x + (width - 2 * map_w - 0.2) / 2
    elements: list[Element] = []
    for i, (day, frame_rows) in enumerate(((first, before), (last, after))):
        mx = left_x + i * (map_w + 0.2)
        elements.append(TextEl((mx, y, map_w, caption_h), (
            Para((Run(_day(day), bold=True, colour=accent),
                  Run(f"  {_plural(frame_rows['site_id'].nunique(), 'site')} · "
                      f"{_plural(frame_rows['actor_iso3'].nunique(), 'sending state')}", colour=MUTED)), size=11),),
            colour=frame.colours["text"], margin=0.02, name="caption"))
        elements.append(PictureEl((mx, y + caption_h, map_w, map_h), maps[day], name="map"))
    table_y = y + caption_h + map_h + 0.15
    fit: list[Sequence[Cell]] = [header]
    used = _row_height(header, widths)
    for row in body:
        h = _row_height(row, widths)
        if table_y + used + h > y + height:
            fit.append([_cell(f"+{len(body) - len(fit) + 1} more in the notes", size, italic=True, colour=MUTED,
                              width=widths[0], lines=1)] + [_cell("", size)] * (len(widths) - 1))
            break
        fit.append(row)
        used += h
    elements.append(_table(x, table_y, widths, fit, frame, name="change-table"))
    slides = [SlideSpec("compare", f"Before and after: {_short_day(first)} → {_short_day(last)}", elements, notes)]

    # The same changes site by site, with a source on every row.
    remained = moved[(moved["change"] == "remained") & moved["personnel_change"].notna()
                     & (moved["personnel_change"].fillna(0) != 0)]
    size = 9.0
    widths = _scaled([1.15, 2.95, 1.2, 2.9, 1.5, 2.9], width)
    head = [_cell(t, size, bold=True, colour=_contrast(frame.colours["primary"]), width=w, lines=1)
            for t, w in zip(["Change", "Site", "Host", "Sending state (force)", "Personnel", "Source"], widths,
                            strict=True)]
    detail_rows, detail_notes = [], []
    for item in items:
        arrived, renamed = item["change"] == "arrived", item["change"] == "renamed"
        figure = f"~{item['personnel']:,}" if item["personnel"] else "no figure"
        source = cite.cite(item["source_ids"], near=item["day"] or last, limit=1)[1:-1]
        if renamed:
            label, ink = "↔ renamed", MUTED
            force = _actor_force(item["actor"], ", ".join(item["forces_before"]), 60) + " → " + \
                (", ".join(item["forces"]) or "?")
            people = figure
        else:
            label, ink = ("▲ arrived", ARRIVED) if arrived else ("▼ left", DEPARTED)
            force = _actor_force(item["actor"], ", ".join(item["forces"]), 60)
            people = ("0 → " if arrived else "") + figure + ("" if arrived else " → 0")
        change_cell: Cell = (Para((Run(label, bold=True, colour=ink),), size=size),)
        if item["when"]:
            change_cell += (_para(item["when"], size - 1, colour=MUTED),)
        detail_rows.append([
            change_cell,
            _cell(_tidy(item["site_name"]), size, width=widths[1]),
            _cell(country_name(item["host_iso3"]), size, width=widths[2], lines=1),
            _cell(force, size, width=widths[3]),
            _cell(people, size, width=widths[4], lines=1),
            _cell(source, size, colour=MUTED, width=widths[5]),
        ])
        detail_notes.append(cite.bullet(_change_sentence(item, first, last), item["source_ids"],
                                        near=item["day"] or last, limit=3))
    for row in remained.to_dict("records"):
        delta = int(row["personnel_change"])
        source = cite.cite(row["source_ids"], near=last, limit=1)[1:-1]
        detail_rows.append([
            _cell("≈ changed", size, bold=True, colour=MUTED),
            _cell(_tidy(row["site_name"]), size, width=widths[1]),
            _cell(country_name(row["host_iso3"]), size, width=widths[2], lines=1),
            _cell(_actor_force(row["actor_iso3"], row["force"], 60), size, width=widths[3]),
            _cell(f"~{int(row['personnel_before']):,} → ~{int(row['personnel_after']):,}", size, width=widths[4],
                  lines=1),
            _cell(source, size, colour=MUTED, width=widths[5]),
        ])
        detail_notes.append(cite.bullet(
            f"{_actor_force(row['actor_iso3'], row['force'], 60)} at {_tidy(row['site_name'])}: personnel "
            f"{'up' if delta > 0 else 'down'} by about {abs(delta):,}.", row["source_ids"], near=last, limit=3))
    if not detail_rows:
        detail_rows.append([_cell("No arrivals or departures between these dates in this view.", size, italic=True)]
                           + [_cell("", size)] * (len(widths) - 1))
        detail_notes.append(cite.bullet("The same forces held the same sites on both dates.",
                                        [s for ids in after["source_ids"] for s in ids], near=last))
    pages = _paginate(detail_rows, widths, height, head)
    per_page = [len(p) for p in pages]
    start = 0
    for number, page in enumerate(pages, 1):
        suffix = f" ({number} of {len(pages)})" if len(pages) > 1 else ""
        page_notes = [f"Changes between {_day(first)} and {_day(last)}, site by site{suffix}:",
                      *detail_notes[start : start + per_page[number - 1]]]
        start += per_page[number - 1]
        slides.append(SlideSpec(
            "changes", f"What changed, {_short_day(first)} → {_short_day(last)}{suffix}",
            [_table(x, y, widths, [head, *page], frame, name="change-detail")], page_notes,
        ))
    return slides


# --- Gantt charts --------------------------------------------------------------------------------------------


@dataclass
class _GanttRow:
    label: str
    group: str | None
    bars: list[tuple[pd.Timestamp, pd.Timestamp, str, bool]]  # start, end, actor, still open
    events: list[pd.Timestamp] = field(default_factory=list)
    suffix: str = ""  # kept whole when the label is cut: " · Russia"


def _gantt_png(rows: Sequence[_GanttRow], *, colours: Mapping[str, str], lo: pd.Timestamp, hi: pd.Timestamp,
               marks: Sequence[dt.date], width: float, height: float, dpi: float, accent: str,
               max_pitch: float = 0.42) -> tuple[bytes, float]:
    """A Gantt chart as PNG bytes, and its height in inches (less than ``height`` when rows are few)."""
    n = max(len(rows), 1)
    groups = any(row.group for row in rows)
    # The legend under the chart, in as many rows as its entries need at this width.
    actors = sorted({bar[2] for row in rows for bar in row.bars}, key=country_name)
    labels = [country_name(a) for a in actors] + (["event"] if any(r.events for r in rows) else []) + ["briefing date"]
    em = 8 / 72
    entries = [_width(t, 8) + 2.2 * em for t in labels]  # handle and padding around each label
    per_row = len(entries)
    while per_row > 1:
        rows_needed = math.ceil(len(entries) / per_row)
        n_columns = math.ceil(len(entries) / rows_needed)
        columns = [max(entries[c * rows_needed : (c + 1) * rows_needed]) for c in range(n_columns)]
        if sum(columns) + 1.2 * em * (len(columns) - 1) <= width - 0.3:
            break
        per_row -= 1
    legend_rows = math.ceil(len(entries) / per_row)
    bottom = 0.42 + 0.2 * legend_rows
    size = max(6.5, min(9.5, min(max_pitch, (height - 0.5 - bottom) / n) * 72 * 0.62))
    label_w = min(width * 0.32, max((_width(r.label + r.suffix, size) for r in rows), default=1.0)) + 0.1
    group_w = (max((_width(r.group or "", size, True) for r in rows), default=0.0) + 0.26) if groups else 0.0
    left, right = group_w + label_w + 0.05, 0.2
    # Date labels over the chart, stacked where they would touch.
    lo_n, hi_n = mdates.date2num(lo), mdates.date2num(hi)
    days_per_inch = (hi_n - lo_n) / (width - left - right)
    levels: list[float] = []  # right edge, in days, of the last label on each level
    placed: list[tuple[float, str, int]] = []
    for day in marks:
        x = mdates.date2num(pd.Timestamp(day))
        if not lo_n <= x <= hi_n:
            continue
        label = _short_day(day)
        half = (_width(label, 7.5, True) / 2 + 0.05) * days_per_inch
        level = next((i for i, edge in enumerate(levels) if x - half > edge), len(levels))
        if level == len(levels):
            levels.append(x + half)
        levels[level] = x + half
        placed.append((x, label, level))
    top = 0.16 + 0.155 * max(len(levels), 1)
    pitch = min(max_pitch, (height - top - bottom) / n)
    height = top + bottom + pitch * n
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(width, height), dpi=dpi, facecolor="white")
        FigureCanvasAgg(figure)
        ax = figure.add_axes((left / width, bottom / height, (width - left - right) / width, pitch * n / height))
        ax.set_xlim(lo_n, hi_n)
        ax.set_ylim(n - 0.5, -0.5)
        for i, row in enumerate(rows):
            labelled = False
            for start, end, actor, _still in sorted(row.bars, key=lambda bar: bar[0]):
                s, e = max(mdates.date2num(start), lo_n), min(mdates.date2num(end), hi_n)
                if e < lo_n or s > hi_n:
                    continue
                e = max(e, s + days_per_inch * 0.03)
                colour = colours.get(actor, "#777777")
                ax.barh(i, e - s, left=s, height=0.62, color=colour, edgecolor="white", linewidth=0.4, zorder=2)
                if not labelled and mdates.date2num(start) < lo_n and (e - s) / days_per_inch > 0.75:
                    labelled = True
                    ax.text(s + days_per_inch * 0.05, i, f"since {start.year}", fontsize=size - 1.5, va="center",
                            ha="left", color=_contrast(colour), zorder=3)
            ticks = [mdates.date2num(t) for t in row.events if lo <= t <= hi]
            if ticks:
                ax.vlines(ticks, i - 0.4, i + 0.4, color="#1F2328", linewidth=1.2, zorder=4)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels([_row_label(r, label_w - 0.1, size) for r in rows], fontsize=size)
        ax.tick_params(axis="y", length=0, pad=4)
        ax.tick_params(axis="x", labelsize=8, length=3, colors=MUTED)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.spines["bottom"].set_color(RULE)
        years = (hi - lo).days / 365.25
        if years > 2.5:
            fits = max(2, int((width - left - right) / 0.45))  # a year label needs about 0.45 in
            ax.xaxis.set_major_locator(mdates.YearLocator(base=max(1, math.ceil(years / fits))))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        else:
            ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10) if years > 1 else range(1, 13)))
            ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
        ax.grid(axis="x", color="#E6E8EB", linewidth=0.6, zorder=0)
        ax.set_axisbelow(True)
        if groups:
            trans = blended_transform_factory(ax.transAxes, ax.transData)
            start = 0
            for i in range(1, len(rows) + 1):
                if i == len(rows) or rows[i].group != rows[start].group:
                    if start:
                        ax.axhline(start - 0.5, color=RULE, linewidth=0.7, zorder=1)
                        ax.plot([-(label_w + group_w) / (width - left - right), 0], [start - 0.5] * 2, color=RULE,
                                linewidth=0.7, transform=trans, clip_on=False)
                    ax.text(-(label_w + 0.12) / (width - left - right), (start + i - 1) / 2, rows[start].group or "",
                            transform=trans, ha="right", va="center", fontsize=size, fontweight="bold",
                            color="#1F2328")
                    start = i
        for x, label, level in placed:
            ax.axvline(x, color=accent, linestyle=(0, (4, 3)), linewidth=1.1, zorder=5)
            ax.annotate(label, (x, -0.5), xytext=(0, 3 + level * 11), textcoords="offset points", ha="center",
                        va="bottom", fontsize=7.5, color=accent, fontweight="bold", annotation_clip=False)
        handles = [Patch(color=colours.get(a, "#777777"), label=country_name(a)) for a in actors]
        if any(row.events for row in rows):
            handles.append(Line2D([], [], color="#1F2328", linewidth=0, marker="|", markersize=9,
                                  markeredgewidth=1.4, label="event"))
        handles.append(Line2D([], [], color=accent, linestyle=(0, (4, 3)), linewidth=1.1, label="briefing date"))
        figure.legend(handles=handles, loc="lower center", ncol=min(len(handles), per_row), fontsize=8, frameon=False,
                      bbox_to_anchor=(0.5, 0.0), handlelength=1.4, columnspacing=1.2)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None}, facecolor="white")
    return buffer.getvalue(), height


def _row_label(row: _GanttRow, budget: float, size: float) -> str:
    """The row's label cut to ``budget`` inches, keeping its suffix (the sending state) whole when it can."""
    suffix_w = _width(row.suffix, size)
    if suffix_w > budget * 0.55:
        return _clip(row.label + row.suffix, budget, size)
    return _clip(row.label, budget - suffix_w, size) + row.suffix


def _window(sel: _Selection) -> tuple[pd.Timestamp, pd.Timestamp]:
    first, last = sel.choice.dates[0], sel.choice.dates[-1]
    lo = pd.Timestamp(first) - pd.Timedelta(days=365)
    hi = min(pd.Timestamp(last) + pd.Timedelta(days=182), pd.Timestamp(sel.dataset.as_of) + pd.Timedelta(days=30))
    if hi - lo < pd.Timedelta(days=730):
        hi = max(hi, lo + pd.Timedelta(days=730))
    return lo, hi


def _timeline_slides(sel: _Selection, frame: _Frame, cite: _Citations, dpi: float,
                     progress: Callable[[str], None]) -> list[SlideSpec]:
    last = sel.choice.dates[-1]
    lo, hi = _window(sel)
    rows = sel.in_view(presence_between(sel.dataset, lo.date(), last, **sel.filters()))
    rows = rows.join(sel.dataset.deployments.set_index("deployment_id")[["start_earliest", "end_latest"]],
                     on="deployment_id")
    rows = rows.assign(host_name=rows["host_iso3"].map(country_name))
    rows = rows.sort_values(["host_name", "site_name", "actor_iso3", "start_earliest"], kind="stable")
    events = _events_in_view(sel, lo.date(), min(hi.date(), sel.dataset.as_of))
    as_of = pd.Timestamp(sel.dataset.as_of)
    event_days = sel.dataset.events["date_earliest"]
    if "event_id" in sel.dataset.events:
        event_days = sel.dataset.events.set_index("event_id")["date_earliest"]
    gantt_rows: list[_GanttRow] = []
    row_notes: list[list[str]] = []
    for (_host, site_id, actor), group in rows.groupby(["host_name", "site_id", "actor_iso3"], sort=False):
        site = _site_name(group["site_name"].iloc[0], 40)
        bars = [(s, e if not pd.isna(e) else as_of, actor, pd.isna(e))
                for s, e in zip(group["start_earliest"], group["end_latest"], strict=True)]
        ticks = events[(events["site_id"] == site_id) & (events["actor_iso3"] == actor)]
        when = [event_days[e] for e in ticks["event_id"]]
        gantt_rows.append(_GanttRow(site, str(group["host_name"].iloc[0]), bars, when,
                                    suffix=f" · {country_name(actor)}"))
        bullets = []
        for row in group.to_dict("records"):
            until = f"to {_partial(row['end_date'])}" if _tidy(row["end_date"]) else "still present"
            people = personnel_label(row["personnel_min"], row["personnel_max"])
            bullets.append(cite.bullet(
                f"{_tidy(row['site_name'])}, {country_name(row['host_iso3'])}: "
                f"{_actor_force(actor, row['force'], 60)} from {_partial(row['start_date'])} {until}"
                + (f"; {people} personnel" if people else "") + f"; confidence {row['confidence']}.",
                row["source_ids"], near=_published_day(row["end_date"]) or _published_day(row["start_date"])))
        for event in ticks.to_dict("records"):
            bullets.append(cite.bullet(f"{_partial(event['date'])}: {_tidy(event['summary'])}", event["source_ids"],
                                       near=_published_day(event["date"])))
        row_notes.append(bullets)
    x, y, width, height = frame.content
    max_rows = max(8, int((height - 1.04) / 0.17))
    pages = _pack(gantt_rows, max_rows)
    slides = []
    start = 0
    for number, page in enumerate(pages, 1):
        progress(f"Timeline {number} of {len(pages)}")
        png, used = _gantt_png(page, colours=sel.colours, lo=lo, hi=hi, marks=sel.choice.dates, width=width,
                               height=height, dpi=dpi, accent=frame.colours["accent"], max_pitch=0.3)
        suffix = f" ({number} of {len(pages)})" if len(pages) > 1 else ""
        notes = [f"Deployments in view from {_short_day(lo.date())} to {_short_day(last)}, by host country; "
                 f"bars run to the dataset's as-of date ({_day(sel.dataset.as_of)}) when no end is known. "
                 f"Dashed lines: the briefing dates ({', '.join(_short_day(d) for d in sel.choice.dates)})."]
        for bullets in row_notes[start : start + len(page)]:
            notes.extend(bullets)
        start += len(page)
        slides.append(SlideSpec("timeline", f"Timeline of deployments, {lo.year}–{hi.year}{suffix}",
                                [PictureEl((x, y, width, used), png, name="gantt")], notes))
    return slides


def _pack(rows: Sequence[_GanttRow], max_rows: int) -> list[list[_GanttRow]]:
    """Rows into pages of about equal length, keeping host groups together where they fit."""
    if len(rows) <= max_rows:
        return [list(rows)]
    count = math.ceil(len(rows) / max_rows)
    target = math.ceil(len(rows) / count)
    groups: list[list[_GanttRow]] = []
    for row in rows:
        if groups and groups[-1][0].group == row.group:
            groups[-1].append(row)
        else:
            groups.append([row])
    pages: list[list[_GanttRow]] = [[]]
    for group in groups:
        if pages[-1] and (len(pages[-1]) >= target or len(pages[-1]) + len(group) > max_rows):
            pages.append([])
        for row in group:
            if len(pages[-1]) >= max_rows:
                pages.append([])
            pages[-1].append(row)
    return [page for page in pages if page]


# --- site dossiers -------------------------------------------------------------------------------------------


def _dossier_slide(sel: _Selection, frame: _Frame, site_id: str, cite: _Citations, dpi: float) -> SlideSpec:
    dataset = sel.dataset
    history = site_history(dataset, site_id)
    site = history.site
    accent, text = frame.colours["accent"], frame.colours["text"]
    x, y, width, height = frame.content
    as_of = pd.Timestamp(dataset.as_of)
    notes = [f"Site dossier: {_tidy(site['name'])}. All forces recorded at the site, whatever the deck's filters."]
    aliases = ", ".join(site["aliases"][:4])
    facts = (f"{str(site['site_type']).replace('_', ' ').capitalize()} in {country_name(site['host_iso3'])}"
             f" · location {site['location_precision']}" + (f" · also called {aliases}" if aliases else ""))
    notes.append(cite.bullet(facts + ".", site["source_ids"], limit=2))
    facts_el = TextEl((x, y, width, 0.32), (_fit_para(_para(facts, 10.5, colour=MUTED), width - 0.16, 1),),
                      colour=text, margin=0.0, name="facts")
    top = y + 0.36
    left_w = width * 0.6
    deployments = history.deployments
    rows: list[_GanttRow] = []
    labels: dict[tuple[str, str], int] = {}
    for row in deployments.to_dict("records"):
        label = _actor_force(row["actor_iso3"], row["force"], 30)
        key = (row["actor_iso3"], label)
        end = row["end_latest"] if not pd.isna(row["end_latest"]) else as_of
        if key not in labels:
            labels[key] = len(rows)
            rows.append(_GanttRow(label, None, []))
        rows[labels[key]].bars.append((row["start_earliest"], end, row["actor_iso3"], pd.isna(row["end_latest"])))
        until = f"to {_partial(row['end_date'])}" if _tidy(row["end_date"]) else "still present"
        people = personnel_label(row["personnel_min"], row["personnel_max"])
        note = _tidy(row["status_note"])
        notes.append(cite.bullet(
            f"{_actor_force(row['actor_iso3'], row['force'], 80)}: from {_partial(row['start_date'])} {until}"
            + (f"; {people} personnel" if people else "") + (f". {_cut(note, 240)}" if note else "."),
            row["source_ids"], near=_published_day(row["end_date"]) or _published_day(row["start_date"]), limit=3))
    for event in history.events.to_dict("records"):
        for (actor, _label), i in labels.items():
            if actor == event["actor_iso3"]:
                rows[i].events.append(event["date_earliest"])
                break
    starts = [bar[0] for row in rows for bar in row.bars]
    lo = (min(starts) if starts else pd.Timestamp(sel.choice.dates[0])) - pd.Timedelta(days=200)
    lo = min(lo, pd.Timestamp(sel.choice.dates[0]) - pd.Timedelta(days=180))
    hi = max(as_of, pd.Timestamp(sel.choice.dates[-1])) + pd.Timedelta(days=60)
    elements: list[Element] = [facts_el]
    chart_h = 0.0
    if rows:
        png, chart_h = _gantt_png(rows, colours=sel.colours, lo=lo, hi=hi, marks=sel.choice.dates, width=left_w,
                                  height=min(3.4, height * 0.58), dpi=dpi, accent=accent, max_pitch=0.36)
        elements.append(PictureEl((x, top, left_w, chart_h), png, name="gantt"))

    # Who was there on each briefing date.
    size = 9.0
    widths = _scaled([1.1, 3.9], left_w)
    table_rows: list[Sequence[Cell]] = [[
        _cell("Date", size, bold=True, colour=_contrast(frame.colours["primary"])),
        _cell("Present at the site", size, bold=True, colour=_contrast(frame.colours["primary"])),
    ]]
    for day in sel.choice.dates:
        present = presence_at(dataset, day)
        present = present[present["site_id"] == site_id]
        parts = []
        for actor, group in present.groupby("actor_iso3", sort=True):
            people = _personnel_sum(group)
            parts.append(f"{country_name(actor)}" + (f" {people}" if people and people != "no figure" else ""))
        table_rows.append([_cell(_short_day(day), size, bold=True),
                           _cell(" · ".join(parts) if parts else "no foreign force recorded", size, width=widths[1],
                                 italic=not parts)])
    table_y = top + chart_h + 0.12
    available = y + height - table_y
    while len(table_rows) > 2 and sum(_row_height(r, widths) for r in table_rows) > available:
        table_rows.pop(1)  # keep the latest dates when the slide is short
    elements.append(_table(x, table_y, widths, table_rows, frame, name="who-when"))

    # Key events, beside.
    box = (x + left_w + 0.2, top, width - left_w - 0.2, y + height - top)
    inner = box[2] - 2 * TEXT_MARGIN
    events = history.events
    chosen = events
    head = [_para("Key events", 12, bold=True, colour=accent)]
    items = [
        _fit_para(Para((Run(f"{_partial(e['date'])}  ", bold=True), Run(_tidy(e["summary"]))), size=9.5,
                       space_before=4), inner, 3)
        for e in chosen.to_dict("records")
    ]
    key_types = [t in KEY_EVENT_TYPES for t in chosen["event_type"]]

    def build(keep: list[int]) -> tuple[Para, ...]:
        paras = [*head, *(items[i] for i in keep)]
        if len(keep) < len(items):
            paras.append(_para(f"+{len(items) - len(keep)} more in the speaker notes", 9, italic=True,
                               colour=MUTED, space_before=4))
        if not items:
            paras.append(_para("No events recorded at this site.", 9.5, italic=True, colour=MUTED))
        return tuple(paras)

    keep = list(range(len(items)))
    # Drop minor events first, oldest first; then the oldest key events.
    order = [i for i in range(len(items)) if not key_types[i]] + [i for i in range(len(items)) if key_types[i]]
    while keep and _text_height(build(keep), box[2]) > box[3]:
        keep.remove(order.pop(0))
    elements.append(TextEl(box, build(keep), colour=text, fill=PANEL, name="events"))
    for event in events.to_dict("records"):
        notes.append(cite.bullet(f"{_partial(event['date'])}: {_tidy(event['summary'])}", event["source_ids"],
                                 near=_published_day(event["date"])))
    return SlideSpec("dossier", f"Site dossier: {_site_name(site['name'], 60)}", elements, notes)


# --- forces ------------------------------------------------------------------------------------------------


def _force_slides(sel: _Selection, frame: _Frame, cite: _Citations) -> list[SlideSpec]:
    dates = list(sel.choice.dates)
    if len(dates) > MAX_DATE_COLUMNS:
        picks = sorted({round(i) for i in np.linspace(0, len(dates) - 1, MAX_DATE_COLUMNS)})
        dates = [dates[i] for i in picks]
    first, last = sel.choice.dates[0], sel.choice.dates[-1]
    window = sel.in_view(presence_between(sel.dataset, first, last, **sel.filters()))
    window = window.join(sel.dataset.deployments.set_index("deployment_id")[["start_earliest", "end_latest"]],
                         on="deployment_id")
    x, y, width, height = frame.content
    size = 9.0
    weights = [1.7, 2.6, *([1.35] * len(dates)), 1.05, 1.05]
    widths = _scaled(weights, width)
    ink = _contrast(frame.colours["primary"])
    header = [_cell(t, size, bold=True, colour=ink, width=w, lines=2) for t, w in zip(
        ["Sending state", "Forces", *(_short_day(d) for d in dates), "First present", "Last present"], widths,
        strict=False)]
    body, notes_per_row = [], []
    actors = sorted(set(window["actor_iso3"]), key=lambda a: (-window.loc[window["actor_iso3"] == a, "site_id"]
                                                              .nunique(), country_name(a)))
    for actor in actors:
        rows = window[window["actor_iso3"] == actor]
        forces = [f for f in dict.fromkeys(_force_name(f, 40) for f in rows["force"]) if f]
        cells: list[Cell] = [
            _cell(country_name(actor), size, bold=True, width=widths[0], lines=2, swatch=sel.colours.get(actor)),
            _cell("; ".join(forces) if forces else "national forces", size, width=widths[1], lines=3,
                  italic=not forces),
        ]
        parts = []
        for day, w in zip(dates, widths[2:], strict=False):
            present = sel.presence[day]
            present = present[present["actor_iso3"] == actor]
            if present.empty:
                cells.append(_cell("—", size, colour=MUTED))
                continue
            n_sites = present["site_id"].nunique()
            people = _personnel_sum(present)
            cells.append((_para(_plural(n_sites, "site"), size, bold=True),
                          _fit_para(_para(people, size - 0.5, colour=MUTED), w - 2 * CELL_MARGIN_X, 1)))
            parts.append(f"{_plural(n_sites, 'site')} on {_short_day(day)}" + (f" ({people})" if people else ""))
        start = rows.loc[rows["start_earliest"].idxmin()]
        open_rows = rows["end_latest"].isna()
        until = "still present" if open_rows.any() else _partial(rows.loc[rows["end_latest"].idxmax(), "end_date"])
        cells += [_cell(_partial(start["start_date"]), size, width=widths[-2]), _cell(until, size, width=widths[-1])]
        body.append(cells)
        ids = [s for ids in rows["source_ids"] for s in ids]
        notes_per_row.append(cite.bullet(
            f"{country_name(actor)}: " + ("; ".join(parts) if parts else "not present on the briefing dates")
            + f"; {_plural(rows['site_id'].nunique(), 'site')} in view between {_short_day(first)} and "
            f"{_short_day(last)}" + (f" ({'; '.join(forces)})" if forces else "") + f"; present from "
            f"{_partial(start['start_date'])}, {until if until == 'still present' else 'until ' + until}.",
            ids, near=last, limit=3))
    pages = _paginate(body, widths, height, header)
    slides, start_i = [], 0
    for number, page in enumerate(pages, 1):
        suffix = f" ({number} of {len(pages)})" if len(pages) > 1 else ""
        notes = ["Forces by sending state: sites and known personnel on each briefing date "
                 "(a + after a figure means some forces there have no published headcount)."]
        notes += notes_per_row[start_i : start_i + len(page)]
        start_i += len(page)
        slides.append(SlideSpec("forces", f"Forces by sending state{suffix}",
                                [_table(x, y, widths, [header, *page], frame, name="force-summary")], notes))
    return slides


# --- sources -----------------------------------------------------------------------------------------------


def _source_slides(sel: _Selection, frame: _Frame, cite: _Citations) -> list[SlideSpec]:
    sources = sel.dataset.sources
    x, y, width, height = frame.content
    columns = 2 if width >= 8 else 1
    gap = 0.3
    column_w = (width - gap * (columns - 1)) / columns
    inner = column_w - 2 * TEXT_MARGIN
    accent = frame.colours["accent"]
    entries: list[tuple[tuple[Para, ...], str]] = []
    for source_id, number in cite.numbers.items():
        record = sources.loc[source_id]
        published = _tidy(record["published"]) or "n.d."
        title = _tidy(record["title"])
        first = Para((Run(f"[{number}] ", bold=True, colour=accent), Run(_cut(record["outlet"], 60), bold=True),
                      Run(f" · {published}"), Run(f" — {title}" if title else "")), size=8.0,
                     space_before=3.5)
        url = _tidy(record["url"])
        if url:
            second = _para(_clip(url, inner, 7.5), 7.5, colour=MUTED, link=url)
        elif _tidy(record["seed_file"]):
            second = _para(_clip(f"Seed document: {_tidy(record['seed_file'])}", inner, 7.5), 7.5, colour=MUTED)
        else:
            second = _para("No address recorded", 7.5, italic=True, colour=MUTED)
        entries.append(((_fit_para(first, inner, 1), second), source_id))
    per_entry = _paras_height(entries[0][0], inner) if entries else 0.3
    per_column = max(1, int((height - 2 * TEXT_MARGIN) / per_entry))
    per_slide = per_column * columns
    count = max(1, math.ceil(len(entries) / per_slide))
    slides = []
    for number in range(count):
        chunk = entries[number * per_slide : (number + 1) * per_slide]
        elements: list[Element] = []
        for c in range(columns):
            column = chunk[c * per_column : (c + 1) * per_column]
            if column:
                paras = tuple(p for paras, _ in column for p in paras)
                elements.append(TextEl((x + c * (column_w + gap), y, column_w, height), paras,
                                       colour=frame.colours["text"], name="sources"))
        suffix = f" ({number + 1} of {count})" if count > 1 else ""
        notes = [f"Sources {chunk[0][0][0].runs[0].text.strip()}–{chunk[-1][0][0].runs[0].text.strip()}, "
                 "numbered in order of first citation in this deck, with their ids in the dataset:"] if chunk else []
        for _paras, source_id in chunk:
            record = sources.loc[source_id]
            notes.append(f"• [{cite.numbers[source_id]}] {source_id}: {_cut(record['title'], 120) or 'untitled'} "
                         f"({_cut(record['outlet'], 60)}, {_tidy(record['published']) or 'n.d.'})")
        slides.append(SlideSpec("sources", f"Sources{suffix}", elements, notes))
    return slides


# --- the plan -----------------------------------------------------------------------------------------------


def _default_title(sel: _Selection) -> str:
    first, last = sel.choice.dates[0], sel.choice.dates[-1]
    years = str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
    who = "Foreign military presence"
    if sel.choice.actors and len(sel.choice.actors) <= 2:
        who = " and ".join(country_name(a) for a in sel.choice.actors) + " military presence"
    return f"{who}: {sel.where()}, {years}"


def plan_deck(
    dataset: Dataset,
    *,
    dates: Sequence[dt.date | str],
    actors: Iterable[str] | None = None,
    countries: Iterable[str] | None = None,
    region: str | None = None,
    bbox: Sequence[float] | None = None,
    sites: Iterable[str] | None = None,
    template: Path | str | None = None,
    brand_colours: Mapping[str, str] | None = None,
    banner: str | None = None,
    progress: ProgressFn | None = None,
    title: str | None = None,
    dpi: float = DEFAULT_DPI,
) -> DeckPlan:
    """Lay out the briefing: every slide's elements and notes, ready for ``render_deck`` or ``render_pdf``."""
    report = progress or (lambda fraction, message: None)
    report(0.0, "Checking the selection")
    choice = _check(dataset, dates=dates, actors=actors, countries=countries, region=region, bbox=bbox, sites=sites,
                    template=template, brand_colours=brand_colours, banner=banner, title=title, dpi=dpi)
    frame = _frame(choice)
    sel = _select(dataset, choice)
    cite = _Citations(dataset)
    deck_title = _cut(choice.title or _default_title(sel), TITLE_LIMIT)
    steps = len(choice.dates) + 3 + len(choice.sites)
    done = 0

    def step(message: str) -> None:
        nonlocal done
        report(min(0.95, done / steps), message)
        done += 1

    slides = [_title_slide(sel, frame, deck_title, cite)]
    maps: dict[dt.date, bytes] = {}
    for index, day in enumerate(choice.dates):
        step(f"Map for {_short_day(day)}")
        view = replace(sel.view, as_of=day)
        maps[day] = render_snapshot(dataset, view, bbox=choice.bbox, title="", preset="slide", dpi=choice.dpi)
        slides.append(_map_slide(sel, frame, index, maps[day], cite))
    if len(choice.dates) > 1:
        step("Before and after")
        slides += _compare_slides(sel, frame, maps, cite)
    step("Timeline")
    slides += _timeline_slides(sel, frame, cite, choice.dpi, lambda message: None)
    for site_id in choice.sites:
        step(f"Dossier for {site_id}")
        slides.append(_dossier_slide(sel, frame, site_id, cite, choice.dpi))
    step("Forces by sending state")
    slides += _force_slides(sel, frame, cite)
    slides += _source_slides(sel, frame, cite)
    for slide in slides:
        if slide.kind == "title":
            continue
        room = frame.title_box[2] - 2 * TEXT_MARGIN
        size = frame.title_size
        while size > 16 and _width(slide.title, size, True) > room * WRAP_SLACK:
            size -= 1
        slide.title, slide.title_size = _clip(slide.title, room, size, True), size
    report(0.96, "Laying out the slides")
    return DeckPlan(
        frame=frame, title=deck_title, slides=slides, dates=choice.dates, presence=sel.presence,
        sources=tuple(cite.numbers), as_of=dataset.as_of,
        metadata={"subject": "Foreign military presence briefing", "keywords": "Footprint; briefing"},
    )


# --- writing the pptx ----------------------------------------------------------------------------------------


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _emu(inches: float) -> Emu:
    return Emu(round(inches * EMU_PER_INCH))


_ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}
_ANCHOR = {"top": MSO_ANCHOR.TOP, "middle": MSO_ANCHOR.MIDDLE, "bottom": MSO_ANCHOR.BOTTOM}


def _write_paras(text_frame, paras: Sequence[Para], colour: str | None) -> None:
    for i, para in enumerate(paras):
        p = text_frame.paragraphs[0] if i == 0 else text_frame.add_paragraph()
        p.alignment = _ALIGN[para.align]
        p.line_spacing = Pt(para.size * LINE)
        p.space_before = Pt(para.space_before)
        p.space_after = Pt(0)
        for run in para.runs:
            r = p.add_run()
            r.text = run.text
            font = r.font
            font.size = Pt(para.size)
            font.bold = run.bold
            font.italic = run.italic
            ink = run.colour or colour
            if ink:
                font.color.rgb = _rgb(ink)
            if run.link:
                r.hyperlink.address = run.link


def _set_margins(text_frame, margin: float) -> None:
    text_frame.margin_left = text_frame.margin_right = _emu(margin)
    text_frame.margin_top = text_frame.margin_bottom = _emu(margin)


def _add_rect(shapes, box: Box, fill: str, name: str):
    shape = shapes.add_shape(MSO_SHAPE.RECTANGLE, *(_emu(v) for v in box))
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(fill)
    shape.line.fill.background()
    shape.shadow.inherit = False
    shape.name = name
    return shape


def _add_text(shapes, element: TextEl):
    shape = shapes.add_textbox(*(_emu(v) for v in element.box))
    shape.name = element.name
    if element.fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(element.fill)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = _ANCHOR[element.anchor]
    _set_margins(frame, element.margin)
    _write_paras(frame, element.paras, element.colour)
    return shape


def _add_table(shapes, element: TableEl):
    graphic = shapes.add_table(len(element.rows), len(element.widths), *(_emu(v) for v in element.box))
    graphic.name = element.name
    table = graphic.table
    table.first_row = True
    table.horz_banding = False
    for i, w in enumerate(element.widths):
        table.columns[i].width = _emu(w)
    for i, h in enumerate(element.heights):
        table.rows[i].height = _emu(h)
    for r, row in enumerate(element.rows):
        for c, paras in enumerate(row):
            cell = table.cell(r, c)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(element.fills[r])
            cell.margin_left = cell.margin_right = _emu(CELL_MARGIN_X)
            cell.margin_top = cell.margin_bottom = _emu(CELL_MARGIN_Y)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.text_frame.word_wrap = True
            _write_paras(cell.text_frame, paras, element.header_colour if r == 0 else element.colour)
    return graphic


def _drop_placeholders(slide, keep: Callable[[object], bool]) -> None:
    for placeholder in list(slide.placeholders):
        if not keep(placeholder):
            placeholder.element.getparent().remove(placeholder.element)


def _set_title(slide, text: str, box: Box, size: float, colour: str | None, anchor: str, bold: bool = True) -> None:
    title = slide.shapes.title
    if title is None:
        title = slide.shapes.add_textbox(*(_emu(v) for v in box))
        title.name = "Title"
    title.left, title.top, title.width, title.height = (_emu(v) for v in box)
    frame = title.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = _ANCHOR[anchor]
    _set_margins(frame, TEXT_MARGIN)
    _write_paras(frame, [_para(text, size, bold=bold)], colour)
    # The title goes on top of anything drawn behind it (the title bar).
    tree = slide.shapes._spTree
    tree.remove(title.element)
    tree.append(title.element)


def _furniture(slide, plan: DeckPlan, number: int) -> None:
    frame = plan.frame
    footer = TextEl(frame.footer, (
        Para((Run(f"Footprint briefing · dataset as of {_day(plan.as_of)}"),), size=8),), colour=MUTED,
        anchor="middle", margin=0.0, name="footer")
    _add_text(slide.shapes, footer)
    _add_text(slide.shapes, TextEl(frame.footer, (_para(f"{number} / {len(plan.slides)}", 8, align="right"),),
                                   colour=MUTED, anchor="middle", margin=0.0, name="slide-number"))
    if frame.banner:
        fill, ink = banner_colours(frame.banner)
        for i, top in enumerate((0.0, frame.height - frame.banner_h)):
            _add_text(slide.shapes, TextEl((0.0, top, frame.width, frame.banner_h), (
                _para(_clip(frame.banner, frame.width - 0.4, 9, True), 9, bold=True, align="center"),), colour=ink,
                fill=fill, anchor="middle", margin=0.02, name=f"banner-{'top' if i == 0 else 'bottom'}"))


def _new_presentation(frame: _Frame):
    if frame.template is None:
        prs = Presentation()
        prs.slide_width, prs.slide_height = Emu(SLIDE_SIZE_EMU[0]), Emu(SLIDE_SIZE_EMU[1])
        return prs
    prs = Presentation(str(frame.template))
    slide_ids = prs.slides._sldIdLst
    for slide_id in list(slide_ids):
        prs.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)
    return prs


def render_deck(plan: DeckPlan) -> Presentation:
    """The plan as a python-pptx Presentation."""
    frame = plan.frame
    prs = _new_presentation(frame)
    cover_layout, content_layout = _layouts(prs)
    for number, spec in enumerate(plan.slides, 1):
        cover = spec.kind == "title"
        slide = prs.slides.add_slide(cover_layout if cover else content_layout)
        slide.name = spec.kind
        if frame.paint_background:
            slide.background.fill.solid()
            slide.background.fill.fore_color.rgb = _rgb(frame.background)
        _drop_placeholders(slide, lambda ph, cover=cover: _is_title(ph) or (cover and _is_subtitle(ph)))
        if not cover and frame.bar:
            _add_rect(slide.shapes, frame.bar, frame.colours["primary"], "title-bar")
        for element in spec.elements:
            if isinstance(element, RectEl):
                _add_rect(slide.shapes, element.box, element.fill, element.name)
            elif isinstance(element, TextEl):
                _add_text(slide.shapes, element)
            elif isinstance(element, PictureEl):
                picture = slide.shapes.add_picture(io.BytesIO(element.png), *(_emu(v) for v in element.box))
                picture.name = element.name
            elif isinstance(element, TableEl):
                _add_table(slide.shapes, element)
        if cover:
            _set_title(slide, spec.title, frame.cover_title, frame.cover_title_size, frame.cover_title_colour,
                       "bottom")
            subtitle = next((ph for ph in slide.placeholders if _is_subtitle(ph)), None)
            if spec.subtitle is not None:
                if subtitle is None:
                    _add_text(slide.shapes, spec.subtitle)
                else:
                    subtitle.left, subtitle.top, subtitle.width, subtitle.height = (
                        _emu(v) for v in spec.subtitle.box)
                    text_frame = subtitle.text_frame
                    text_frame.clear()
                    text_frame.word_wrap = True
                    text_frame.auto_size = MSO_AUTO_SIZE.NONE
                    text_frame.vertical_anchor = MSO_ANCHOR.TOP
                    _set_margins(text_frame, TEXT_MARGIN)
                    _write_paras(text_frame, spec.subtitle.paras, spec.subtitle.colour)
                    for paragraph in text_frame.paragraphs:  # no theme bullets in a subtitle
                        p_pr = paragraph._p.get_or_add_pPr()
                        p_pr.set("marL", "0")
                        p_pr.set("indent", "0")
                        if p_pr.find("{http://schemas.openxmlformats.org/drawingml/2006/main}buNone") is None:
                            p_pr.insert(0, p_pr.makeelement(
                                "{http://schemas.openxmlformats.org/drawingml/2006/main}buNone", {}))
        else:
            _set_title(slide, spec.title, frame.title_box, spec.title_size or frame.title_size, frame.title_colour,
                       "middle")
        _furniture(slide, plan, number)
        notes = slide.notes_slide.notes_text_frame
        notes.text = "\n".join(spec.notes)
    props = prs.core_properties
    props.title = plan.title
    props.author = "Footprint"
    props.last_modified_by = "Footprint"
    props.subject = plan.metadata.get("subject", "")
    props.keywords = plan.metadata.get("keywords", "")
    props.revision = 1
    stamp = dt.datetime.combine(plan.as_of, dt.time())
    props.created = props.modified = stamp
    return prs


# --- writing the PDF ------------------------------------------------------------------------------------------


class _Canvas:
    """Draws plan elements on a matplotlib Figure, in inches from the top-left corner."""

    def __init__(self, figure: Figure, width: float, height: float, *, interpolation: str):
        self.figure, self.width, self.height = figure, width, height
        self.interpolation = interpolation
        self.z = 0.0  # figure artists and axes are drawn by zorder: keep the plan's order

    def _next(self) -> float:
        self.z += 1
        return self.z

    def rect(self, box: Box, fill: str, *, edge: str | None = None, linewidth: float = 0.0) -> None:
        x, y, w, h = box
        self.figure.add_artist(Rectangle((x / self.width, 1 - (y + h) / self.height), w / self.width, h / self.height,
                                         transform=self.figure.transFigure, facecolor=fill,
                                         edgecolor=edge or "none", linewidth=linewidth, zorder=self._next()))

    def paras(self, paras: Sequence[Para], box: Box, *, colour: str, margin: float, anchor: str = "top",
              margin_y: float | None = None) -> None:
        x, y, w, h = box
        margin_y = margin if margin_y is None else margin_y
        inner = w - 2 * margin
        total = _paras_height(paras, inner)
        if anchor == "middle":
            top = y + (h - total) / 2
        elif anchor == "bottom":
            top = y + h - margin_y - total
        else:
            top = y + margin_y
        cursor = top
        for para in paras:
            cursor += para.space_before / 72
            for line in _lines(para, inner):
                pieces = list(line)
                while pieces and not pieces[-1][0].strip():
                    pieces.pop()
                if pieces:
                    pieces[-1] = (pieces[-1][0].rstrip(), pieces[-1][1])
                merged: list[tuple[str, Run]] = []
                for text, run in pieces:  # one text artist per styled stretch, not per word
                    if merged and merged[-1][1] is run:
                        merged[-1] = (merged[-1][0] + text, run)
                    else:
                        merged.append((text, run))
                pieces = merged
                line_w = sum(_width(text, para.size, run.bold) for text, run in pieces)
                offset = {"left": 0.0, "center": (inner - line_w) / 2, "right": inner - line_w}[para.align]
                baseline = cursor + para.size * 0.96 / 72
                px = x + margin + offset
                for text, run in pieces:
                    if text:
                        self.figure.text(px / self.width, 1 - baseline / self.height, text, fontsize=para.size,
                                         fontweight="bold" if run.bold else "normal",
                                         fontstyle="italic" if run.italic else "normal",
                                         color=run.colour or colour, va="baseline", ha="left", url=run.link,
                                         zorder=self._next())
                    px += _width(text, para.size, run.bold)
                cursor += para.size * LINE / 72

    def picture(self, box: Box, png: bytes) -> None:
        x, y, w, h = box
        with Image.open(io.BytesIO(png)) as image:
            pixels = np.asarray(image.convert("RGB"))
        ax = self.figure.add_axes((x / self.width, 1 - (y + h) / self.height, w / self.width, h / self.height))
        ax.imshow(pixels, aspect="auto", interpolation=self.interpolation)
        ax.set_axis_off()
        ax.set_zorder(self._next())

    def table(self, table: TableEl) -> None:
        top = table.y
        for r, (row, height) in enumerate(zip(table.rows, table.heights, strict=True)):
            left = table.x
            for paras, width in zip(row, table.widths, strict=True):
                self.rect((left, top, width, height), table.fills[r], edge="#FFFFFF", linewidth=1.0)
                self.paras(paras, (left, top, width, height), colour=table.header_colour if r == 0 else table.colour,
                           margin=CELL_MARGIN_X, margin_y=CELL_MARGIN_Y, anchor="middle")
                left += width
            top += height


def _draw_slide(figure: Figure, plan: DeckPlan, index: int, *, interpolation: str) -> None:
    frame, spec = plan.frame, plan.slides[index]
    canvas = _Canvas(figure, frame.width, frame.height, interpolation=interpolation)
    canvas.rect((0, 0, frame.width, frame.height), frame.background)
    cover = spec.kind == "title"
    if not cover and frame.bar:
        canvas.rect(frame.bar, frame.colours["primary"])
    for element in spec.elements:
        if isinstance(element, RectEl):
            canvas.rect(element.box, element.fill)
        elif isinstance(element, TextEl):
            if element.fill:
                canvas.rect(element.box, element.fill)
            canvas.paras(element.paras, element.box, colour=element.colour, margin=element.margin,
                         anchor=element.anchor)
        elif isinstance(element, PictureEl):
            canvas.picture(element.box, element.png)
        elif isinstance(element, TableEl):
            canvas.table(element)
    if cover:
        canvas.paras([_para(spec.title, frame.cover_title_size, bold=True)], frame.cover_title,
                     colour=frame.cover_title_colour or frame.colours["text"], margin=TEXT_MARGIN, anchor="bottom")
        if spec.subtitle is not None:
            canvas.paras(spec.subtitle.paras, spec.subtitle.box, colour=spec.subtitle.colour, margin=TEXT_MARGIN)
    else:
        canvas.paras([_para(spec.title, spec.title_size or frame.title_size, bold=True)], frame.title_box,
                     colour=frame.title_colour or frame.colours["text"], margin=TEXT_MARGIN, anchor="middle")
    canvas.paras([_para(f"Footprint briefing · dataset as of {_day(plan.as_of)}", 8)], frame.footer, colour=MUTED,
                 margin=0.0, anchor="middle")
    canvas.paras([_para(f"{index + 1} / {len(plan.slides)}", 8, align="right")], frame.footer, colour=MUTED,
                 margin=0.0, anchor="middle")
    if frame.banner:
        fill, ink = banner_colours(frame.banner)
        for top in (0.0, frame.height - frame.banner_h):
            box = (0.0, top, frame.width, frame.banner_h)
            canvas.rect(box, fill)
            canvas.paras([_para(_clip(frame.banner, frame.width - 0.4, 9, True), 9, bold=True, align="center")], box,
                         colour=ink, margin=0.02, anchor="middle")


def render_pdf(plan: DeckPlan, *, progress: ProgressFn | None = None) -> bytes:
    """The plan as a PDF, one 16:9 page (or the template's size) per slide; the same plan gives the same bytes."""
    buffer = io.BytesIO()
    metadata = {"Title": plan.title, "Author": "Footprint", "Creator": "Footprint", "Subject":
                plan.metadata.get("subject", ""), "CreationDate": None, "ModDate": None}
    with matplotlib.rc_context(_RC), PdfPages(buffer, metadata=metadata) as pdf:
        for index in range(len(plan.slides)):
            if progress:
                progress(index / len(plan.slides), f"PDF page {index + 1} of {len(plan.slides)}")
            figure = Figure(figsize=(plan.frame.width, plan.frame.height), facecolor="white")
            _draw_slide(figure, plan, index, interpolation="none")
            pdf.savefig(figure)
    if progress:
        progress(1.0, "PDF ready")
    return buffer.getvalue()


def slide_previews(plan: DeckPlan, *, dpi: float = 60) -> list[bytes]:
    """Each slide as a PNG, drawn as the PDF draws it: previews for the app."""
    images = []
    with matplotlib.rc_context(_RC):
        for index in range(len(plan.slides)):
            figure = Figure(figsize=(plan.frame.width, plan.frame.height), dpi=dpi, facecolor="white")
            FigureCanvasAgg(figure)
            _draw_slide(figure, plan, index, interpolation="antialiased")
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
            images.append(buffer.getvalue())
    return images


# --- public API -------------------------------------------------------------------------------------------------


def build_deck(
    dataset: Dataset,
    *,
    dates: Sequence[dt.date | str],
    actors: Iterable[str] | None = None,
    countries: Iterable[str] | None = None,
    region: str | None = None,
    bbox: Sequence[float] | None = None,
    sites: Iterable[str] | None = None,
    template: Path | str | None = None,
    brand_colours: Mapping[str, str] | None = None,
    banner: str | None = None,
    progress: ProgressFn | None = None,
    title: str | None = None,
    dpi: float = DEFAULT_DPI,
) -> Presentation:
    """The briefing deck as a python-pptx Presentation; ``save_pptx`` writes it.

    ``dates`` are the situation dates, increasing, none after the dataset's as-of date. ``actors`` (sending
    states) and ``countries`` (hosts) are ISO3 codes; ``region`` is a preset name (``sahel``, ``horn``, …);
    ``bbox`` (west, south, east, north) the map view; ``sites`` the site ids that get a dossier. ``template`` is a
    .pptx whose slide size, layouts and master the deck uses; ``brand_colours`` maps ``primary`` (title bar,
    table headers), ``accent``, ``text``, ``title_text`` and ``background`` to hex colours. ``banner`` is a
    handling marking written at the top and bottom of every slide. ``progress(fraction, message)`` hears how far
    the work has got. Bad arguments raise ``ValueError`` saying what is wrong.
    """
    plan = plan_deck(dataset, dates=dates, actors=actors, countries=countries, region=region, bbox=bbox, sites=sites,
                     template=template, brand_colours=brand_colours, banner=banner, progress=progress, title=title,
                     dpi=dpi)
    deck = render_deck(plan)
    if progress:
        progress(1.0, "Deck ready")
    return deck


def deck_pdf(
    dataset: Dataset,
    *,
    dates: Sequence[dt.date | str],
    actors: Iterable[str] | None = None,
    countries: Iterable[str] | None = None,
    region: str | None = None,
    bbox: Sequence[float] | None = None,
    sites: Iterable[str] | None = None,
    template: Path | str | None = None,
    brand_colours: Mapping[str, str] | None = None,
    banner: str | None = None,
    progress: ProgressFn | None = None,
    title: str | None = None,
    dpi: float = DEFAULT_DPI,
) -> bytes:
    """The same briefing as a PDF, slide for slide, with the same arguments as ``build_deck``."""

    def planning(fraction: float, message: str) -> None:
        if progress:
            progress(fraction * 0.8, message)

    plan = plan_deck(dataset, dates=dates, actors=actors, countries=countries, region=region, bbox=bbox, sites=sites,
                     template=template, brand_colours=brand_colours, banner=banner, progress=planning, title=title,
                     dpi=dpi)

    def writing(fraction: float, message: str) -> None:
        if progress:
            progress(0.8 + fraction * 0.2, message)

    return render_pdf(plan, progress=writing)


def save_pptx(deck: Presentation, path: Path | str) -> Path:
    """Write the deck to ``path`` (its folder must exist) and return the path."""
    target = Path(path)
    deck.save(str(target))
    return target


def deck_bytes(deck: Presentation) -> bytes:
    """The deck as .pptx bytes, for a download button."""
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
