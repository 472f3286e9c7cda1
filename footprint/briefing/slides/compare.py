"""The before/after comparison of the first and last dates, and the change table site by site."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd

from footprint.briefing.citations import _Citations
from footprint.briefing.elements import (
    ARRIVED,
    DEPARTED,
    Cell,
    Element,
    Para,
    PictureEl,
    Run,
    SlideSpec,
    TextEl,
    _Frame,
)
from footprint.briefing.layout import _cell, _paginate, _row_height, _scaled, _table
from footprint.briefing.selection import _change_items, _change_sentence, _changes_in_view, _Selection
from footprint.briefing.text import _actor_force, _para, _personnel_sum, _site_name
from footprint.geography import country_name
from footprint.style import MUTED, contrast
from footprint.words import (
    day_words,
    plural,
    short_day,
    tidy,
)


def _compare_slides(sel: _Selection, frame: _Frame, maps: Mapping[dt.date, bytes], cite: _Citations) -> list[SlideSpec]:
    """The before/after slide, then the change table site by site (citing in that order)."""
    first, last = sel.choice.dates[0], sel.choice.dates[-1]
    moved = _changes_in_view(sel, first, last)
    items = _change_items(moved, sel.dataset, first, last)
    return [_before_after_slide(sel, frame, maps, cite, items), *_change_detail_slides(sel, frame, cite, moved, items)]


def _before_after_slide(sel: _Selection, frame: _Frame, maps: Mapping[dt.date, bytes], cite: _Citations,
                        items: list[dict]) -> SlideSpec:
    """Both maps side by side over a table per sending state: sites and personnel, sites joined and left."""
    first, last = sel.choice.dates[0], sel.choice.dates[-1]
    before, after = sel.presence[first], sel.presence[last]
    accent = frame.colours["accent"]
    x, y, width, height = frame.content

    # Per sending state: sites and personnel on both dates, sites joined and left.
    actors = sorted(set(before["actor_iso3"]) | set(after["actor_iso3"]),
                    key=lambda a: (-max(before.loc[before["actor_iso3"] == a, "site_id"].nunique(),
                                        after.loc[after["actor_iso3"] == a, "site_id"].nunique()), country_name(a)))
    size = 9.0
    weights = [2.2, 1.1, 1.1, 1.1, 1.1, 1.6, 1.6]
    widths = _scaled(weights, width)
    header = [_cell(t, size, bold=True, colour=contrast(frame.colours["primary"]), width=w, lines=2)
              for t, w in zip(["Sending state", f"Sites {short_day(first)}", f"Sites {short_day(last)}",
                               "Sites joined", "Sites left", f"Personnel {short_day(first)}",
                               f"Personnel {short_day(last)}"], widths, strict=True)]
    body = []
    notes = [f"Before and after: {day_words(first)} compared with {day_words(last)}, per sending state."]
    for actor in actors:
        a_rows, b_rows = before[before["actor_iso3"] == actor], after[after["actor_iso3"] == actor]
        a_sites, b_sites = set(a_rows["site_id"]), set(b_rows["site_id"])
        body.append([
            _cell(country_name(actor), size, bold=True, width=widths[0], lines=1,
                  swatch=sel.colours.get(actor, "#777777")),
            _cell(str(len(a_sites)), size), _cell(str(len(b_sites)), size),
            _cell(str(len(b_sites - a_sites)), size), _cell(str(len(a_sites - b_sites)), size),
            _cell(_personnel_sum(a_rows) or "—", size, width=widths[5], lines=1),
            _cell(_personnel_sum(b_rows) or "—", size, width=widths[6], lines=1),
        ])
        joined = [i for i in items if i["actor"] == actor and i["change"] == "arrived"]
        left = [i for i in items if i["actor"] == actor and i["change"] == "departed"]
        parts = [f"{country_name(actor)}: {plural(len(a_sites), 'site')} on {short_day(first)}, "
                 f"{len(b_sites)} on {short_day(last)}"]
        if joined:
            parts.append("arrived at " + ", ".join(_site_name(i["site_name"], 60) for i in joined))
        if left:
            parts.append("left " + ", ".join(_site_name(i["site_name"], 60) for i in left))
        ids = [s for i in joined + left for s in i["source_ids"]] or [
            s for ids in pd.concat([a_rows, b_rows])["source_ids"] for s in ids]
        notes.append(cite.bullet("; ".join(parts) + ".", ids, near=last, limit=3))
    rows = [header, *body]
    table_h = sum(_row_height(r, widths) for r in rows)
    caption_h = 0.3
    map_w = min((width - 0.2) / 2, (height - table_h - caption_h - 0.15) * 16 / 9)
    if map_w < 3.0:  # too many sending states to share the slide: keep the maps, cut the table
        map_w = (width - 0.2) / 2
    map_h = map_w * 9 / 16
    left_x = x + (width - 2 * map_w - 0.2) / 2
    elements: list[Element] = []
    for i, (day, frame_rows) in enumerate(((first, before), (last, after))):
        mx = left_x + i * (map_w + 0.2)
        elements.append(TextEl((mx, y, map_w, caption_h), (
            Para((Run(day_words(day), bold=True, colour=accent),
                  Run(f"  {plural(frame_rows['site_id'].nunique(), 'site')} · "
                      f"{plural(frame_rows['actor_iso3'].nunique(), 'sending state')}", colour=MUTED)), size=11),),
            colour=frame.colours["text"], margin=0.02, name="caption"))
        elements.append(PictureEl((mx, y + caption_h, map_w, map_h), maps[day], name="map"))
    table_y = y + caption_h + map_h + 0.15
    fit: list[Sequence[Cell]] = [header]
    used = _row_height(header, widths)
    for row in body:
        h = _row_height(row, widths)
        if table_y + used + h > y + height:
            fit.append([_cell(f"+{len(body) - len(fit) + 1} more in the notes", size, italic=True, colour=MUTED,
                              width=widths[0], lines=1)] + [_cell("", size)] * (len(widths) - 1))
            break
        fit.append(row)
        used += h
    elements.append(_table(x, table_y, widths, fit, frame, name="change-table"))
    return SlideSpec("compare", f"Before and after: {short_day(first)} → {short_day(last)}", elements, notes)


def _change_detail_slides(sel: _Selection, frame: _Frame, cite: _Citations, moved: pd.DataFrame,
                          items: list[dict]) -> list[SlideSpec]:
    """The same changes site by site, with a source on every row, over as many slides as they need."""
    first, last = sel.choice.dates[0], sel.choice.dates[-1]
    after = sel.presence[last]
    x, y, width, height = frame.content
    remained = moved[(moved["change"] == "remained") & moved["personnel_change"].notna()
                     & (moved["personnel_change"].fillna(0) != 0)]
    size = 9.0
    widths = _scaled([1.15, 2.95, 1.2, 2.9, 1.5, 2.9], width)
    head = [_cell(t, size, bold=True, colour=contrast(frame.colours["primary"]), width=w, lines=1)
            for t, w in zip(["Change", "Site", "Host", "Sending state (force)", "Personnel", "Source"], widths,
                            strict=True)]
    detail_rows, detail_notes = [], []
    for item in items:
        arrived, renamed = item["change"] == "arrived", item["change"] == "renamed"
        figure = f"~{item['personnel']:,}" if item["personnel"] else "no figure"
        source = cite.cite(item["source_ids"], near=item["day"] or last, limit=1)[1:-1]
        if renamed:
            label, ink = "↔ renamed", MUTED
            force = _actor_force(item["actor"], ", ".join(item["forces_before"]), 60) + " → " + \
                (", ".join(item["forces"]) or "?")
            people = figure
        else:
            label, ink = ("▲ arrived", ARRIVED) if arrived else ("▼ left", DEPARTED)
            force = _actor_force(item["actor"], ", ".join(item["forces"]), 60)
            people = ("0 → " if arrived else "") + figure + ("" if arrived else " → 0")
        change_cell: Cell = (Para((Run(label, bold=True, colour=ink),), size=size),)
        if item["when"]:
            change_cell += (_para(item["when"], size - 1, colour=MUTED),)
        detail_rows.append([
            change_cell,
            _cell(tidy(item["site_name"]), size, width=widths[1]),
            _cell(country_name(item["host_iso3"]), size, width=widths[2], lines=1),
            _cell(force, size, width=widths[3]),
            _cell(people, size, width=widths[4], lines=1),
            _cell(source, size, colour=MUTED, width=widths[5]),
        ])
        detail_notes.append(cite.bullet(_change_sentence(item, first, last), item["source_ids"],
                                        near=item["day"] or last, limit=3))
    for row in remained.to_dict("records"):
        delta = int(row["personnel_change"])
        source = cite.cite(row["source_ids"], near=last, limit=1)[1:-1]
        detail_rows.append([
            _cell("≈ changed", size, bold=True, colour=MUTED),
            _cell(tidy(row["site_name"]), size, width=widths[1]),
            _cell(country_name(row["host_iso3"]), size, width=widths[2], lines=1),
            _cell(_actor_force(row["actor_iso3"], row["force"], 60), size, width=widths[3]),
            _cell(f"~{int(row['personnel_before']):,} → ~{int(row['personnel_after']):,}", size, width=widths[4],
                  lines=1),
            _cell(source, size, colour=MUTED, width=widths[5]),
        ])
        detail_notes.append(cite.bullet(
            f"{_actor_force(row['actor_iso3'], row['force'], 60)} at {tidy(row['site_name'])}: personnel "
            f"{'up' if delta > 0 else 'down'} by about {abs(delta):,}.", row["source_ids"], near=last, limit=3))
    if not detail_rows:
        detail_rows.append([_cell("No arrivals or departures between these dates in this view.", size, italic=True)]
                           + [_cell("", size)] * (len(widths) - 1))
        detail_notes.append(cite.bullet("The same forces held the same sites on both dates.",
                                        [s for ids in after["source_ids"] for s in ids], near=last))
    pages = _paginate(detail_rows, widths, height, head)
    per_page = [len(p) for p in pages]
    start = 0
    slides = []
    for number, page in enumerate(pages, 1):
        suffix = f" ({number} of {len(pages)})" if len(pages) > 1 else ""
        page_notes = [f"Changes between {day_words(first)} and {day_words(last)}, site by site{suffix}:",
                      *detail_notes[start : start + per_page[number - 1]]]
        start += per_page[number - 1]
        slides.append(SlideSpec(
            "changes", f"What changed, {short_day(first)} → {short_day(last)}{suffix}",
            [_table(x, y, widths, [head, *page], frame, name="change-detail")], page_notes,
        ))
    return slides
