"""The deck plan: positioned elements (text, pictures, tables, rectangles) in inches, slides, and the look's
constants."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from footprint.style import INK, font_families

ProgressFn = Callable[[float, str], None]


Box = tuple[float, float, float, float]  # x, y, width, height in inches from the slide's top-left corner


EMU_PER_INCH = 914_400


SLIDE_SIZE_EMU = (12_192_000, 6_858_000)  # PowerPoint's 16:9, 13.333 × 7.5 in


DEFAULT_DPI = 150


DEFAULT_COLOURS: dict[str, str] = {
    "primary": "#1F3A5F",  # title bar, cover band, table headers
    "accent": "#B13A2A",  # headings in boxes, date lines, cover stripe, citation numbers
    "text": INK,
    "background": "#FFFFFF",
}


BRAND_KEYS: tuple[str, ...] = ("primary", "accent", "text", "title_text", "background")


PANEL = "#F2F4F6"


STRIPE = "#F7F8FA"


RULE = "#D5D9DE"


ARRIVED = "#1A7F37"


DEPARTED = "#B42318"


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


_RC = {
    "font.family": list(font_families()),
    "text.parse_math": False,
    "pdf.fonttype": 42,
    "axes.unicode_minus": False,
    "svg.hashsalt": "footprint-briefing",
    # Unhinted glyphs: text takes the width that the layout measured, whatever the dpi.
    "text.hinting": "none",
}


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
