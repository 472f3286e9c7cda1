"""The Gantt timeline of the selected deployments."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from footprint.briefing.citations import _Citations, _published_day
from footprint.briefing.elements import PictureEl, SlideSpec, _Frame
from footprint.briefing.gantt import _gantt_png, _GanttRow, _pack, _window
from footprint.briefing.selection import _events_in_view, _Selection
from footprint.briefing.text import _actor_force, _site_name
from footprint.geography import country_name
from footprint.query import presence_between
from footprint.words import (
    day_words,
    partial_day,
    personnel_label,
    short_day,
    tidy,
)


def _timeline_slides(sel: _Selection, frame: _Frame, cite: _Citations, dpi: float,
                     progress: Callable[[str], None]) -> list[SlideSpec]:
    last = sel.choice.dates[-1]
    lo, hi = _window(sel)
    rows = sel.in_view(presence_between(sel.dataset, lo.date(), last, sel.choice.filters))
    rows = rows.join(sel.dataset.deployments.set_index("deployment_id")[["start_earliest", "end_latest"]],
                     on="deployment_id")
    rows = rows.assign(host_name=rows["host_iso3"].map(country_name))
    rows = rows.sort_values(["host_name", "site_name", "actor_iso3", "start_earliest"], kind="stable")
    events = _events_in_view(sel, lo.date(), min(hi.date(), sel.dataset.as_of))
    as_of = pd.Timestamp(sel.dataset.as_of)
    event_days = sel.dataset.events["date_earliest"]
    if "event_id" in sel.dataset.events:
        event_days = sel.dataset.events.set_index("event_id")["date_earliest"]
    gantt_rows: list[_GanttRow] = []
    row_notes: list[list[str]] = []
    for (_host, site_id, actor), group in rows.groupby(["host_name", "site_id", "actor_iso3"], sort=False):
        site = _site_name(group["site_name"].iloc[0], 40)
        bars = [(s, e if not pd.isna(e) else as_of, actor, pd.isna(e))
                for s, e in zip(group["start_earliest"], group["end_latest"], strict=True)]
        ticks = events[(events["site_id"] == site_id) & (events["actor_iso3"] == actor)]
        when = [event_days[e] for e in ticks["event_id"]]
        gantt_rows.append(_GanttRow(site, str(group["host_name"].iloc[0]), bars, when,
                                    suffix=f" · {country_name(actor)}"))
        bullets = []
        for row in group.to_dict("records"):
            until = f"to {partial_day(row['end_date'])}" if tidy(row["end_date"]) else "still present"
            people = personnel_label(row["personnel_min"], row["personnel_max"])
            bullets.append(cite.bullet(
                f"{tidy(row['site_name'])}, {country_name(row['host_iso3'])}: "
                f"{_actor_force(actor, row['force'], 60)} from {partial_day(row['start_date'])} {until}"
                + (f"; {people} personnel" if people else "") + f"; confidence {row['confidence']}.",
                row["source_ids"], near=_published_day(row["end_date"]) or _published_day(row["start_date"])))
        for event in ticks.to_dict("records"):
            bullets.append(cite.bullet(f"{partial_day(event['date'])}: {tidy(event['summary'])}", event["source_ids"],
                                       near=_published_day(event["date"])))
        row_notes.append(bullets)
    x, y, width, height = frame.content
    max_rows = max(8, int((height - 1.04) / 0.17))
    pages = _pack(gantt_rows, max_rows)
    slides = []
    start = 0
    for number, page in enumerate(pages, 1):
        progress(f"Timeline {number} of {len(pages)}")
        png, used = _gantt_png(page, colours=sel.colours, lo=lo, hi=hi, marks=sel.choice.dates, width=width,
                               height=height, dpi=dpi, accent=frame.colours["accent"], max_pitch=0.3)
        suffix = f" ({number} of {len(pages)})" if len(pages) > 1 else ""
        notes = [f"Deployments in view from {short_day(lo.date())} to {short_day(last)}, by host country; "
                 f"bars run to the dataset's as-of date ({day_words(sel.dataset.as_of)}) when no end is known. "
                 f"Dashed lines: the briefing dates ({', '.join(short_day(d) for d in sel.choice.dates)})."]
        for bullets in row_notes[start : start + len(page)]:
            notes.extend(bullets)
        start += len(page)
        slides.append(SlideSpec("timeline", f"Timeline of deployments, {lo.year}–{hi.year}{suffix}",
                                [PictureEl((x, y, width, used), png, name="gantt")], notes))
    return slides
