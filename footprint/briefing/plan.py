"""The plan: every slide's elements and notes, ready for either writer."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from footprint.briefing.citations import _Citations
from footprint.briefing.elements import TEXT_MARGIN, TITLE_LIMIT, WRAP_SLACK, DeckPlan, PictureEl, ProgressFn
from footprint.briefing.layout import _frame
from footprint.briefing.request import BriefRequest, _check, _request
from footprint.briefing.selection import _select, _Selection
from footprint.briefing.slides.compare import _compare_slides
from footprint.briefing.slides.dossier import _dossier_slide
from footprint.briefing.slides.forces import _force_slides
from footprint.briefing.slides.situation import _map_slide
from footprint.briefing.slides.sources import _source_slides
from footprint.briefing.slides.timeline import _timeline_slides
from footprint.briefing.slides.title import _title_slide
from footprint.briefing.text import _advances, _clip, _width
from footprint.geography import country_name, outlines
from footprint.jobs import InBackground
from footprint.model import Dataset
from footprint.render import render_snapshot
from footprint.words import (
    cut,
)


def warm_up() -> None:
    """Read what every deck needs and no deck changes (the country outlines, the text font's advance widths), so
    that builds forked from this process (``jobs.run_job``, the map children) inherit it instead of each reading
    it again."""
    outlines()
    for bold in (False, True):
        _advances(bold)


def _default_title(sel: _Selection) -> str:
    first, last = sel.choice.dates[0], sel.choice.dates[-1]
    years = str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
    who = "Foreign military presence"
    if sel.choice.filters.actors and len(sel.choice.filters.actors) <= 2:
        who = " and ".join(country_name(a) for a in sel.choice.filters.actors) + " military presence"
    return f"{who}: {sel.where()}, {years}"


def plan_deck(dataset: Dataset, request: BriefRequest | None = None, /, *, progress: ProgressFn | None = None,
              **keywords: object) -> DeckPlan:
    """Lay out the briefing: every slide's elements and notes, ready for ``render_deck`` or ``render_pdf``.

    The request is a ``BriefRequest``, or its fields as keywords; ``progress(fraction, message)`` hears how far
    the work has got.
    """
    report = progress or (lambda fraction, message: None)
    report(0.0, "Checking the selection")
    choice = _check(dataset, _request(request, keywords))
    frame = _frame(choice)
    sel = _select(dataset, choice)
    cite = _Citations(dataset)
    deck_title = cut(choice.title or _default_title(sel), TITLE_LIMIT)
    steps = 5 + len(choice.sites)
    done = 0

    def step(message: str) -> None:
        nonlocal done
        report(min(0.95, done / steps), message)
        done += 1

    slides = [_title_slide(sel, frame, deck_title, cite)]
    step(f"Maps for {len(choice.dates)} dates")
    # Each map is a deterministic matplotlib render (about 0.7 s of CPU): forked children draw them on every
    # core while this process lays out the slides around stand-ins, which the maps then replace.
    stand_ins = {day: f"map of {day.isoformat()}".encode() for day in choice.dates}
    warm_up()  # once per process; the map children inherit it
    with InBackground([
        partial(render_snapshot, dataset, replace(sel.view, as_of=day), bbox=choice.bbox, title="", preset="slide",
                dpi=choice.dpi) for day in choice.dates]) as drawing:
        for index, day in enumerate(choice.dates):
            slides.append(_map_slide(sel, frame, index, stand_ins[day], cite))
        if len(choice.dates) > 1:
            step("Before and after")
            slides += _compare_slides(sel, frame, stand_ins, cite)
        step("Timeline")
        slides += _timeline_slides(sel, frame, cite, choice.dpi, lambda message: None)
        for site_id in choice.sites:
            step(f"Dossier for {site_id}")
            slides.append(_dossier_slide(sel, frame, site_id, cite, choice.dpi))
        step("Forces by sending state")
        slides += _force_slides(sel, frame, cite)
        slides += _source_slides(sel, frame, cite)
        step("Waiting for the maps")
        maps = dict(zip((stand_ins[day] for day in choice.dates), drawing.results(), strict=True))
    for slide in slides:
        slide.elements = [replace(element, png=maps[element.png]) if isinstance(element, PictureEl)
                          and element.png in maps else element for element in slide.elements]
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
