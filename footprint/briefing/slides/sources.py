"""The sources slides: every source behind anything shown, numbered."""

from __future__ import annotations

import math

from footprint.briefing.citations import _Citations
from footprint.briefing.elements import TEXT_MARGIN, Element, Para, Run, SlideSpec, TextEl, _Frame
from footprint.briefing.selection import _Selection
from footprint.briefing.text import _clip, _fit_para, _para, _paras_height
from footprint.style import MUTED
from footprint.words import cut, source_about, source_credit, tidy


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
        published = tidy(record["published"]) or "n.d."
        title = tidy(record["title"])
        about = source_about(record["kind"], record["original_agency"])
        first = Para((Run(f"[{number}] ", bold=True, colour=accent), Run(cut(record["outlet"], 60), bold=True),
                      Run(f" ({about})" if about else ""), Run(f" · {published}"), Run(f" — {title}" if title else "")),
                     size=8.0, space_before=3.5)
        url = tidy(record["url"])
        if url:
            second = _para(_clip(url, inner, 7.5), 7.5, colour=MUTED, link=url)
        elif tidy(record["seed_file"]):
            second = _para(_clip(f"Seed document: {tidy(record['seed_file'])}", inner, 7.5), 7.5, colour=MUTED)
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
            notes.append(f"• [{cite.numbers[source_id]}] {source_id}: {cut(record['title'], 120) or 'untitled'} "
                         f"({cut(source_credit(record['outlet'], record['kind'], record['original_agency']), 90)}, "
                         f"{tidy(record['published']) or 'n.d.'})")
        slides.append(SlideSpec("sources", f"Sources{suffix}", elements, notes))
    return slides
