"""The title slide."""

from __future__ import annotations

from footprint.briefing.citations import _Citations
from footprint.briefing.elements import TEXT_MARGIN, Element, RectEl, SlideSpec, TextEl, _Frame
from footprint.briefing.selection import _Selection
from footprint.briefing.text import _fit_para, _para, _site_name, _text_height
from footprint.geography import REGIONS, country_name
from footprint.style import MUTED
from footprint.words import (
    day_words,
    short_day,
)


def _title_slide(sel: _Selection, frame: _Frame, title: str, cite: _Citations) -> SlideSpec:
    choice, text, muted = sel.choice, frame.colours["text"], MUTED
    dates = " · ".join(short_day(d) for d in choice.dates)
    lines = [(f"Situation on {dates}" if len(choice.dates) > 1 else f"Situation on {day_words(choice.dates[0])}", True)]
    hosts = sel.view.hosts()
    if choice.filters.region and choice.filters.region != "africa":
        lines.append((f"Region: {REGIONS[choice.filters.region].title} — hosts "
                      f"{', '.join(sorted((country_name(c) for c in hosts or []), key=str.casefold))}", False))
    elif choice.filters.countries:
        lines.append((f"Host countries: {', '.join(country_name(c) for c in choice.filters.countries)}", False))
    if choice.bbox:
        west, south, east, north = choice.bbox
        lines.append((f"Map view: {west:g}° to {east:g}° longitude, {south:g}° to {north:g}° latitude", False))
    actors = choice.filters.actors
    lines.append((f"Sending states: {', '.join(country_name(a) for a in actors)}" if actors
                  else "Sending states: all", False))
    narrowing = choice.filters.narrowing()
    if narrowing:
        lines.append((" · ".join(narrowing), False))
    if choice.sites:
        names = [_site_name(sel.dataset.sites.at[s, "name"], 34) for s in choice.sites]
        lines.append((f"Site dossiers: {'; '.join(names)}", False))
    lines.append((f"Dataset as of {day_words(sel.dataset.as_of)} · Footprint · sources on the final slides", False))
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
        f"{'s' if len(choice.dates) > 1 else ''}: {', '.join(day_words(d) for d in choice.dates)}.",
        *([f"Only: {' · '.join(narrowing)}."] if narrowing else []),
        "Every claim in the speaker notes ends with its sources: outlet, publication date and its number on "
        "the sources slides.",
        f"Dataset as of {day_words(sel.dataset.as_of)}; dates known only to the month or year count as present for "
        "the whole month or year.",
    ]
    return SlideSpec("title", title, elements, notes, subtitle=subtitle)
