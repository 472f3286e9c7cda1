"""Writing the plan as a PowerPoint deck with python-pptx."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Pt

from footprint.briefing.elements import (
    CELL_MARGIN_X,
    CELL_MARGIN_Y,
    EMU_PER_INCH,
    LINE,
    SLIDE_SIZE_EMU,
    TEXT_MARGIN,
    Box,
    DeckPlan,
    Para,
    PictureEl,
    RectEl,
    Run,
    TableEl,
    TextEl,
    _Frame,
)
from footprint.briefing.layout import _is_subtitle, _is_title, _layouts
from footprint.briefing.text import _clip, _para
from footprint.style import MUTED, banner_colours
from footprint.words import (
    day_words,
)


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
        Para((Run(f"Footprint briefing · dataset as of {day_words(plan.as_of)}"),), size=8),), colour=MUTED,
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
