"""The frame (slide size, title bar, banner, template look) and the shared pieces: side panels and tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from footprint.briefing.elements import (
    CELL_MARGIN_X,
    CELL_MARGIN_Y,
    EMU_PER_INCH,
    PANEL,
    SLIDE_SIZE_EMU,
    STRIPE,
    TEXT_MARGIN,
    Box,
    Cell,
    Para,
    Run,
    TableEl,
    TextEl,
    _Frame,
)
from footprint.briefing.request import _Choice
from footprint.briefing.text import _fit_para, _para, _paras_height, _text_height
from footprint.style import MUTED, contrast


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
        title_colour = choice.title_text or contrast(colours["primary"])
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
        title_colour = (choice.title_text or contrast(colours["primary"])) if choice.brand else None
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


def _table(x: float, y: float, widths: Sequence[float], rows: Sequence[Sequence[Cell]], frame: _Frame,
           *, fills: Sequence[str] | None = None, name: str = "table") -> TableEl:
    heights = tuple(_row_height(row, widths) for row in rows)
    if fills is None:
        fills = [frame.colours["primary"]] + [STRIPE if i % 2 else "#FFFFFF" for i in range(len(rows) - 1)]
    return TableEl(x=x, y=y, widths=tuple(widths), heights=heights, rows=tuple(tuple(r) for r in rows),
                   fills=tuple(fills), colour=frame.colours["text"],
                   header_colour=contrast(frame.colours["primary"]), name=name)


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
