"""A dossier per chosen site: who was there when, and its key events."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from footprint.briefing.citations import _Citations, _published_day
from footprint.briefing.elements import (
    KEY_EVENT_TYPES,
    PANEL,
    TEXT_MARGIN,
    Box,
    Cell,
    Element,
    Para,
    PictureEl,
    Run,
    SlideSpec,
    TableEl,
    TextEl,
    _Frame,
)
from footprint.briefing.gantt import _gantt_png, _GanttRow
from footprint.briefing.layout import _cell, _row_height, _scaled, _table
from footprint.briefing.selection import _Selection
from footprint.briefing.text import _actor_force, _fit_para, _para, _personnel_sum, _site_name, _text_height
from footprint.geography import country_name
from footprint.query import presence_at, site_history
from footprint.style import MUTED, contrast
from footprint.words import (
    cut,
    partial_day,
    personnel_label,
    short_day,
    site_facts,
    tidy,
)


def _dossier_slide(sel: _Selection, frame: _Frame, site_id: str, cite: _Citations, dpi: float) -> SlideSpec:
    dataset = sel.dataset
    history = site_history(dataset, site_id)
    site = history.site
    accent, text = frame.colours["accent"], frame.colours["text"]
    x, y, width, height = frame.content
    as_of = pd.Timestamp(dataset.as_of)
    notes = [f"Site dossier: {tidy(site['name'])}. All forces recorded at the site, whatever the deck's filters."]
    facts = site_facts(site, aliases=4)
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
        until = f"to {partial_day(row['end_date'])}" if tidy(row["end_date"]) else "still present"
        people = personnel_label(row["personnel_min"], row["personnel_max"])
        note = tidy(row["status_note"])
        notes.append(cite.bullet(
            f"{_actor_force(row['actor_iso3'], row['force'], 80)}: from {partial_day(row['start_date'])} {until}"
            + (f"; {people} personnel" if people else "") + (f". {cut(note, 240)}" if note else "."),
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

    elements.append(_who_when(sel, frame, site_id, x, top + chart_h + 0.12, left_w, y + height))
    box = (x + left_w + 0.2, top, width - left_w - 0.2, y + height - top)
    elements.append(_key_events(history.events, box, accent, text))
    events = history.events
    for event in events.to_dict("records"):
        notes.append(cite.bullet(f"{partial_day(event['date'])}: {tidy(event['summary'])}", event["source_ids"],
                                 near=_published_day(event["date"])))
    return SlideSpec("dossier", f"Site dossier: {_site_name(site['name'], 60)}", elements, notes)


def _who_when(sel: _Selection, frame: _Frame, site_id: str, x: float, table_y: float, left_w: float,
              bottom: float) -> TableEl:
    """Who was at the site on each briefing date, the latest dates kept when the slide is short."""
    dataset = sel.dataset
    size = 9.0
    widths = _scaled([1.1, 3.9], left_w)
    table_rows: list[Sequence[Cell]] = [[
        _cell("Date", size, bold=True, colour=contrast(frame.colours["primary"])),
        _cell("Present at the site", size, bold=True, colour=contrast(frame.colours["primary"])),
    ]]
    for day in sel.choice.dates:
        present = presence_at(dataset, day)
        present = present[present["site_id"] == site_id]
        parts = []
        for actor, group in present.groupby("actor_iso3", sort=True):
            people = _personnel_sum(group)
            parts.append(f"{country_name(actor)}" + (f" {people}" if people and people != "no figure" else ""))
        table_rows.append([_cell(short_day(day), size, bold=True),
                           _cell(" · ".join(parts) if parts else "no foreign force recorded", size, width=widths[1],
                                 italic=not parts)])
    available = bottom - table_y
    while len(table_rows) > 2 and sum(_row_height(r, widths) for r in table_rows) > available:
        table_rows.pop(1)  # keep the latest dates when the slide is short
    return _table(x, table_y, widths, table_rows, frame, name="who-when")


def _key_events(events: pd.DataFrame, box: Box, accent: str, text: str) -> TextEl:
    """The site's events in a side panel: minor ones dropped first, oldest first, when they do not fit."""
    inner = box[2] - 2 * TEXT_MARGIN
    chosen = events
    head = [_para("Key events", 12, bold=True, colour=accent)]
    items = [
        _fit_para(Para((Run(f"{partial_day(e['date'])}  ", bold=True), Run(tidy(e["summary"]))), size=9.5,
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
    return TextEl(box, build(keep), colour=text, fill=PANEL, name="events")
