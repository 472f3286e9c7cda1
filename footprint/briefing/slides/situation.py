"""A situation map per date, with the key changes since the previous date."""

from __future__ import annotations

import datetime as dt

from footprint.briefing.citations import _Citations, _published_day
from footprint.briefing.elements import MAX_NOTE_EVENTS, Para, PictureEl, Run, SlideSpec, _Frame
from footprint.briefing.layout import _panel
from footprint.briefing.selection import (
    _change_counts,
    _change_items,
    _change_para,
    _change_sentence,
    _changes_in_view,
    _events_in_view,
    _Selection,
    _summary_by_actor,
)
from footprint.briefing.text import _actor_force, _para
from footprint.geography import country_name
from footprint.style import MUTED
from footprint.words import (
    day_words,
    partial_day,
    personnel_label,
    plural,
    short_day,
    tidy,
)


def _map_slide(sel: _Selection, frame: _Frame, index: int, png: bytes, cite: _Citations) -> SlideSpec:
    day = sel.choice.dates[index]
    rows = sel.presence[day]
    accent = frame.colours["accent"]
    x, y, width, height = frame.content
    panel_w = min(3.0, max(2.5, width * 0.22))
    map_w = min(width - panel_w - 0.15, height * 16 / 9)
    map_h = map_w * 9 / 16
    panel_w = width - map_w - 0.15
    picture = PictureEl((x, y, map_w, map_h), png, name="map")
    panel_box = (x + map_w + 0.15, y, panel_w, map_h if map_h > 0.8 * height else height)

    summary = _summary_by_actor(rows)
    present_head = [_para(f"Present on {short_day(day)}", 11, bold=True, colour=accent, space_before=10)]
    present = [
        Para((Run("■ ", colour=sel.colours.get(actor, "#777777")), Run(country_name(actor), bold=True),
              Run(f" {plural(n_sites, 'site')}" + (f" · {people}" if people else ""))), size=9.5, space_before=2)
        for actor, n_sites, people in summary
    ]
    notes: list[str] = []
    if index == 0:
        head = [
            _para(f"On {day_words(day)}", 12, bold=True, colour=accent),
            _para(f"{plural(rows['site_id'].nunique(), 'site')} · {plural(len(rows), 'deployment')} · "
                  f"{plural(len(summary), 'sending state')}", 9.5, colour=MUTED, space_before=2),
        ]
        forces_head = [_para("Forces present", 11, bold=True, colour=accent, space_before=10)]
        panel = _panel(frame, panel_box, head, [], lambda n: _para(""), forces_head, present)
        notes.append(f"Situation on {day_words(day)}: {plural(len(rows), 'deployment')} at "
                     f"{plural(rows['site_id'].nunique(), 'site')} in view.")
    else:
        previous = sel.choice.dates[index - 1]
        moved = _changes_in_view(sel, previous, day)
        items = _change_items(moved, sel.dataset, previous, day)
        head = [
            _para(f"Key changes since {short_day(previous)}", 12, bold=True, colour=accent),
            _para(f"{_change_counts(items)} (site by sending state)", 9, colour=MUTED, space_before=2),
        ]
        if not items:
            head.append(_para("No arrivals or departures in this view.", 9.5, space_before=3))
        panel = _panel(
            frame, panel_box, head, [_change_para(i, 9.5) for i in items],
            lambda n: _para(f"+{n} more in the speaker notes", 9, italic=True, colour=MUTED, space_before=3),
            present_head, present,
        )
        notes.append(f"Situation on {day_words(day)}, and what changed since {day_words(previous)}: "
                     f"{_change_counts(items).replace(' · ', ', ')} (site by sending state).")
        for item in items:
            notes.append(cite.bullet(_change_sentence(item), item["source_ids"], near=item["day"] or day))
        events = _events_in_view(sel, previous + dt.timedelta(days=1), day)
        if len(events):
            notes.append(f"Key events between {day_words(previous)} and {day_words(day)}:")
            for event in events.tail(MAX_NOTE_EVENTS).to_dict("records"):
                notes.append(cite.bullet(f"{partial_day(event['date'])}: {tidy(event['summary'])}",
                                         event["source_ids"], near=_published_day(event["date"])))
            if len(events) > MAX_NOTE_EVENTS:
                notes.append(f"({len(events) - MAX_NOTE_EVENTS} earlier events left out.)")
    notes.append(f"Who was there on {day_words(day)}:")
    for row in rows.to_dict("records"):
        people = personnel_label(row["personnel_min"], row["personnel_max"])
        since = partial_day(row["start_date"])
        notes.append(cite.bullet(
            f"{tidy(row['site_name'])}, {country_name(row['host_iso3'])}: "
            f"{_actor_force(row['actor_iso3'], row['force'], 60)}"
            + (f", {people} personnel" if people else ", no published headcount") + f", since {since}"
            + ("" if row["certain"] else " (dates uncertain around this day)") + ".",
            row["source_ids"], near=day))
    return SlideSpec("map", f"Situation on {day_words(day)}", [picture, panel], notes)
