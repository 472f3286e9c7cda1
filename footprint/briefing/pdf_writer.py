"""Writing the plan as a PDF (and slide previews), slide for slide like the deck.

fpdf2 writes the page: rectangles, pictures and every line of text placed where the plan's DejaVu Sans
metrics put it, in embedded subsets of the same fonts, so the PDF is drawn without a second text layout
(matplotlib took about 2 ms per piece of text, some 5 s for a deck's 2,300 pieces).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from functools import lru_cache

from fpdf import FPDF

from footprint.briefing.elements import (
    CELL_MARGIN_X,
    CELL_MARGIN_Y,
    LINE,
    TEXT_MARGIN,
    Box,
    DeckPlan,
    Para,
    PictureEl,
    ProgressFn,
    RectEl,
    Run,
    TableEl,
    TextEl,
)
from footprint.briefing.text import (
    _advances_of,
    _clip,
    _fallback_fonts,
    _font_path,
    _lines,
    _para,
    _paras_height,
    _width,
)
from footprint.style import MUTED, banner_colours
from footprint.words import (
    day_words,
)

# A fixed date keeps the same plan's PDF the same bytes.
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@lru_cache(maxsize=1)
def _fonts() -> tuple[dict[str, str], tuple[tuple[str, str, frozenset[int]], ...]]:
    """The text font's file by fpdf2 style ("", "B", "I", "BI"), and each installed fallback as (name, file,
    characters it has): matplotlib's choice of files, the ones the layout measured."""
    main = {"": _font_path(False), "B": _font_path(True), "I": _font_path(False, True), "BI": _font_path(True, True)}
    return main, tuple((f"fallback{index}", path, characters)
                       for index, (path, characters) in enumerate(_fallback_fonts()))


@lru_cache(maxsize=1)
def _main_charmap() -> frozenset[int]:
    return frozenset(_advances_of(_font_path(False))[0])


class _Canvas:
    """Draws plan elements on an fpdf2 page, in inches from the top-left corner."""

    def __init__(self, pdf: FPDF):
        self.pdf = pdf
        self.loaded: set[str] = set()  # fonts are parsed (a tenth of a second each) only when a slide needs them

    def rect(self, box: Box, fill: str, *, edge: str | None = None, linewidth: float = 0.0) -> None:
        x, y, w, h = box
        self.pdf.set_fill_color(fill)
        if edge:
            self.pdf.set_draw_color(edge)
            self.pdf.set_line_width(linewidth / 72)
        self.pdf.rect(x, y, w, h, style="DF" if edge else "F")

    def _stretches(self, text: str, bold: bool, italic: bool) -> list[tuple[str, str, str]]:
        """``text`` as (font family, style, text) stretches: the text font, and a fallback font for a character
        it lacks (as matplotlib falls back glyph by glyph); a character no font has stays in the text font."""
        style = ("B" if bold else "") + ("I" if italic else "")
        main = _main_charmap()
        if all(ord(char) in main for char in text):
            return [("text", style, text)]
        stretches: list[tuple[str, str, str]] = []
        for char in text:
            family, font_style = "text", style
            if ord(char) not in main:
                for name, path, charmap in _fonts()[1]:
                    if ord(char) in charmap:
                        if name not in self.loaded:
                            self.pdf.add_font(name, "", path)
                            self.loaded.add(name)
                        family, font_style = name, ""
                        break
            if stretches and stretches[-1][:2] == (family, font_style):
                stretches[-1] = (family, font_style, stretches[-1][2] + char)
            else:
                stretches.append((family, font_style, char))
        return stretches

    def _text(self, x: float, baseline: float, text: str, run: Run, size: float, colour: str) -> None:
        self.pdf.set_text_color(run.colour or colour)
        stretches = self._stretches(text, run.bold, run.italic)
        for family, style, piece in stretches:
            if family == "text" and "text" + style not in self.loaded:
                self.pdf.add_font("text", style, _fonts()[0][style])
                self.loaded.add("text" + style)
            self.pdf.set_font(family, style, size)
            self.pdf.text(x, baseline, piece)
            x += self.pdf.get_string_width(piece) if len(stretches) > 1 else 0.0

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
                for text, run in pieces:  # one text object per styled stretch, not per word
                    if merged and merged[-1][1] is run:
                        merged[-1] = (merged[-1][0] + text, run)
                    else:
                        merged.append((text, run))
                widths = [_width(text, para.size, run.bold) for text, run in merged]
                line_w = sum(widths)
                offset = {"left": 0.0, "center": (inner - line_w) / 2, "right": inner - line_w}[para.align]
                baseline = cursor + para.size * 0.96 / 72
                px = x + margin + offset
                for (text, run), width in zip(merged, widths, strict=True):
                    if text.strip():
                        self._text(px, baseline, text, run, para.size, colour)
                        if run.link:
                            self.pdf.link(px, baseline - para.size * 0.96 / 72, width, para.size * LINE / 72,
                                          run.link)
                    px += width
                cursor += para.size * LINE / 72

    def picture(self, box: Box, png: bytes) -> None:
        x, y, w, h = box
        self.pdf.image(io.BytesIO(png), x, y, w, h)  # the same picture twice is embedded once

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


def _draw_slide(canvas: _Canvas, plan: DeckPlan, index: int) -> None:
    frame, spec = plan.frame, plan.slides[index]
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
    canvas.paras([_para(f"Footprint briefing · dataset as of {day_words(plan.as_of)}", 8)], frame.footer, colour=MUTED,
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
    pdf = FPDF(unit="in", format=(plan.frame.width, plan.frame.height))
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.set_title(plan.title)
    pdf.set_author("Footprint")
    pdf.set_creator("Footprint")
    pdf.set_subject(plan.metadata.get("subject", ""))
    pdf.set_creation_date(_EPOCH)
    canvas = _Canvas(pdf)
    for index in range(len(plan.slides)):
        if progress:
            progress(index / len(plan.slides), f"PDF page {index + 1} of {len(plan.slides)}")
        pdf.add_page()
        _draw_slide(canvas, plan, index)
    if progress:
        progress(1.0, "PDF ready")
    return bytes(pdf.output())


def slide_previews(plan: DeckPlan, *, dpi: float = 60, pdf: bytes | None = None) -> list[bytes]:
    """Each slide as a PNG, for the app: the pages of ``pdf`` (``render_pdf(plan)``, drawn when not given)
    rasterised by PDFium."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf if pdf is not None else render_pdf(plan))
    try:
        images = []
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / 72)
            buffer = io.BytesIO()
            bitmap.to_pil().convert("RGB").save(buffer, format="PNG")
            images.append(buffer.getvalue())
            bitmap.close()
            page.close()
        return images
    finally:
        document.close()
