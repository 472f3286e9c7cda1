"""A force summary per sending state."""

from __future__ import annotations

import numpy as np

from footprint.briefing.citations import _Citations
from footprint.briefing.elements import CELL_MARGIN_X, MAX_DATE_COLUMNS, Cell, SlideSpec, _Frame
from footprint.briefing.layout import _cell, _paginate, _scaled, _table
from footprint.briefing.selection import _Selection
from footprint.briefing.text import _fit_para, _force_name, _para, _personnel_sum
from footprint.geography import country_name
from footprint.query import presence_between
from footprint.style import MUTED, contrast
from footprint.words import (
    partial_day,
    plural,
    short_day,
)


def _force_slides(sel: _Selection, frame: _Frame, cite: _Citations) -> list[SlideSpec]:
    dates = list(sel.choice.dates)
    if len(dates) > MAX_DATE_COLUMNS:
        picks = sorted({round(i) for i in np.linspace(0, len(dates) - 1, MAX_DATE_COLUMNS)})
        dates = [dates[i] for i in picks]
    first, last = sel.choice.dates[0], sel.choice.dates[-1]
    window = sel.in_view(presence_between(sel.dataset, first, last, sel.choice.filters))
    window = window.join(sel.dataset.deployments.set_index("deployment_id")[["start_earliest", "end_latest"]],
                         on="deployment_id")
    x, y, width, height = frame.content
    size = 9.0
    weights = [1.7, 2.6, *([1.35] * len(dates)), 1.05, 1.05]
    widths = _scaled(weights, width)
    ink = contrast(frame.colours["primary"])
    header = [_cell(t, size, bold=True, colour=ink, width=w, lines=2) for t, w in zip(
        ["Sending state", "Forces", *(short_day(d) for d in dates), "First present", "Last present"], widths,
        strict=False)]
    body, notes_per_row = [], []
    actors = sorted(set(window["actor_iso3"]), key=lambda a: (-window.loc[window["actor_iso3"] == a, "site_id"]
                                                              .nunique(), country_name(a)))
    for actor in actors:
        rows = window[window["actor_iso3"] == actor]
        forces = [f for f in dict.fromkeys(_force_name(f, 40) for f in rows["force"]) if f]
        cells: list[Cell] = [
            _cell(country_name(actor), size, bold=True, width=widths[0], lines=2, swatch=sel.colours.get(actor)),
            _cell("; ".join(forces) if forces else "national forces", size, width=widths[1], lines=3,
                  italic=not forces),
        ]
        parts = []
        for day, w in zip(dates, widths[2:], strict=False):
            present = sel.presence[day]
            present = present[present["actor_iso3"] == actor]
            if present.empty:
                cells.append(_cell("—", size, colour=MUTED))
                continue
            n_sites = present["site_id"].nunique()
            people = _personnel_sum(present)
            cells.append((_para(plural(n_sites, "site"), size, bold=True),
                          _fit_para(_para(people, size - 0.5, colour=MUTED), w - 2 * CELL_MARGIN_X, 1)))
            parts.append(f"{plural(n_sites, 'site')} on {short_day(day)}" + (f" ({people})" if people else ""))
        start = rows.loc[rows["start_earliest"].idxmin()]
        open_rows = rows["end_latest"].isna()
        until = "still present" if open_rows.any() else partial_day(rows.loc[rows["end_latest"].idxmax(), "end_date"])
        cells += [_cell(partial_day(start["start_date"]), size, width=widths[-2]), _cell(until, size, width=widths[-1])]
        body.append(cells)
        ids = [s for ids in rows["source_ids"] for s in ids]
        notes_per_row.append(cite.bullet(
            f"{country_name(actor)}: " + ("; ".join(parts) if parts else "not present on the briefing dates")
            + f"; {plural(rows['site_id'].nunique(), 'site')} in view between {short_day(first)} and "
            f"{short_day(last)}" + (f" ({'; '.join(forces)})" if forces else "") + f"; present from "
            f"{partial_day(start['start_date'])}, {until if until == 'still present' else 'until ' + until}.",
            ids, near=last, limit=3))
    pages = _paginate(body, widths, height, header)
    slides, start_i = [], 0
    for number, page in enumerate(pages, 1):
        suffix = f" ({number} of {len(pages)})" if len(pages) > 1 else ""
        notes = ["Forces by sending state: sites and known personnel on each briefing date "
                 "(a + after a figure means some forces there have no published headcount)."]
        notes += notes_per_row[start_i : start_i + len(page)]
        start_i += len(page)
        slides.append(SlideSpec("forces", f"Forces by sending state{suffix}",
                                [_table(x, y, widths, [header, *page], frame, name="force-summary")], notes))
    return slides
