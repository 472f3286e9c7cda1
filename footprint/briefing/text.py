"""Text on slides: DejaVu Sans metrics to wrap and cut text to its box, and the deck's short names."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

import pandas as pd
from fontTools.ttLib import TTFont
from matplotlib.font_manager import FontProperties, findfont, get_font

from footprint.briefing.elements import LINE, TEXT_MARGIN, WRAP_SLACK, Para, Run
from footprint.geography import country_name
from footprint.style import FONT, font_families
from footprint.words import (
    cut,
    personnel_total_label,
    tidy,
    without_aside,
)


@lru_cache(maxsize=4)
def _font_path(bold: bool, italic: bool = False) -> str:
    return findfont(FontProperties(family=FONT, weight="bold" if bold else "normal",
                                   style="italic" if italic else "normal"), fallback_to_default=True)


@lru_cache(maxsize=1)
def _fallback_fonts() -> tuple[tuple[str, frozenset[int]], ...]:
    """Each installed fallback font (``style.font_families``) as (file, characters it has), in order."""
    fonts = []
    for name in font_families()[1:]:
        path = findfont(FontProperties(family=name), fallback_to_default=False)
        fonts.append((path, frozenset(get_font(path).get_charmap())))
    return tuple(fonts)


@lru_cache(maxsize=8)
def _advances_of(path: str) -> tuple[dict[int, float], float]:
    """A font file's advance widths by character code, and its missing glyph's, in inches at 1 pt."""
    font = TTFont(path, lazy=True, fontNumber=0)
    em = font["head"].unitsPerEm * 72
    metrics = font["hmtx"].metrics
    return ({code: metrics[glyph][0] / em for code, glyph in font.getBestCmap().items()},
            metrics[font.getGlyphOrder()[0]][0] / em)


@lru_cache(maxsize=2)
def _advances(bold: bool) -> dict[str, float]:
    """The text font's advance widths by character, in inches at 1 pt; characters it lacks are added as they
    come, with the width of the fallback font that draws them (see ``pdf_writer``)."""
    table, _missing = _advances_of(_font_path(bold))
    return {chr(code): width for code, width in table.items()}


def _fallback_advance(char: str, bold: bool) -> float:
    for path, characters in _fallback_fonts():
        if ord(char) in characters:
            return _advances_of(path)[0].get(ord(char), _advances_of(path)[1])
    return _advances_of(_font_path(bold))[1]


def _width(text: str, size: float, bold: bool = False) -> float:
    """Advance width of ``text`` in inches at ``size`` points in DejaVu Sans (a character it lacks: in the
    fallback font that draws it), without kerning, as the PDF sets it."""
    # Summed from the fonts' advance tables: FreeType's layout of each string took about 0.4 ms, some 2.5 s
    # for the thousands of strings and prefixes a new deck measures; unhinted advances scale with the size.
    advances = _advances(bold)
    total = 0.0
    for char in text:
        advance = advances.get(char)
        if advance is None:
            advance = advances[char] = _fallback_advance(char, bold)
        total += advance
    return total * size


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


def _site_name(name: object, limit: int = 40) -> str:
    """A site's name for a slide: a long parenthetical dropped from a long name, then cut."""
    return cut(without_aside(name, limit), limit)


def _personnel_sum(rows: pd.DataFrame) -> str:
    """Known headcounts summed as a range, "+" when some forces have no published figure."""
    return personnel_total_label(zip(rows["personnel_min"], rows["personnel_max"], strict=True), none="no figure")


def _force_name(force: object, limit: int = 26) -> str:
    """A force's everyday name: the latest of several ("Serval; Barkhane" → "Barkhane"), asides dropped, cut."""
    text = tidy(force)
    if not text:
        return ""
    for separator in ("; ", " / "):
        if separator in text:
            text = text.rsplit(separator, 1)[1]
    if " (" in text and not text.startswith("("):
        text = text.split(" (", 1)[0]
    return cut(text, limit)


def _actor_force(actor: str, force: object, limit: int = 26) -> str:
    short = _force_name(force, limit)
    return f"{country_name(actor)} ({short})" if short else country_name(actor)


def _hex(value: object, key: str) -> str:
    text = str(value).strip() if isinstance(value, str) else ""
    if re.fullmatch(r"#?[0-9A-Fa-f]{6}", text):
        return "#" + text.lstrip("#").upper()
    raise ValueError(f"brand colour {key!r} must be a hex colour like #1F3A5F, not {value!r}")
