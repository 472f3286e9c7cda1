"""Writing the plan as a PDF (and slide previews) with matplotlib, slide for slide like the deck."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib
import numpy as np
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from PIL import Image

from footprint.briefing.elements import (
    _RC,
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
from footprint.briefing.text import _clip, _lines, _para, _paras_height, _width
from footprint.style import MUTED, banner_colours
from footprint.words import (
    day_words,
)


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


def slide_previews(plan: DeckPlan, *, dpi: float = 60, pdf: bytes | None = None) -> list[bytes]:
    """Each slide as a PNG, for the app: the pages of ``pdf`` (``render_pdf(plan)``, drawn when not given)
    rasterised by PDFium, which takes a fraction of the time matplotlib needs to draw every slide again."""
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
