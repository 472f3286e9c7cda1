"""Gantt charts of deployments, drawn with matplotlib for the timeline and dossier slides."""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import matplotlib
import matplotlib.dates as mdates
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.transforms import blended_transform_factory

from footprint.briefing.elements import _RC, RULE
from footprint.briefing.selection import _Selection
from footprint.briefing.text import _clip, _width
from footprint.geography import country_name
from footprint.style import INK, MUTED, contrast
from footprint.words import (
    short_day,
)


@dataclass
class _GanttRow:
    label: str
    group: str | None
    bars: list[tuple[pd.Timestamp, pd.Timestamp, str, bool]]  # start, end, actor, still open
    events: list[pd.Timestamp] = field(default_factory=list)
    suffix: str = ""  # kept whole when the label is cut: " · Russia"


def _legend_per_row(labels: Sequence[str], width: float) -> int:
    """How many legend entries fit side by side under a chart ``width`` inches wide."""
    em = 8 / 72
    entries = [_width(t, 8) + 2.2 * em for t in labels]  # handle and padding around each label
    per_row = len(entries)
    while per_row > 1:
        rows_needed = math.ceil(len(entries) / per_row)
        n_columns = math.ceil(len(entries) / rows_needed)
        columns = [max(entries[c * rows_needed : (c + 1) * rows_needed]) for c in range(n_columns)]
        if sum(columns) + 1.2 * em * (len(columns) - 1) <= width - 0.3:
            break
        per_row -= 1
    return per_row


def _date_labels(marks: Sequence[dt.date], lo_n: float, hi_n: float,
                 days_per_inch: float) -> tuple[list[tuple[float, str, int]], int]:
    """Date labels over the chart, stacked where they would touch: (x, label, level) each, and the levels used."""
    levels: list[float] = []  # right edge, in days, of the last label on each level
    placed: list[tuple[float, str, int]] = []
    for day in marks:
        x = mdates.date2num(pd.Timestamp(day))
        if not lo_n <= x <= hi_n:
            continue
        label = short_day(day)
        half = (_width(label, 7.5, True) / 2 + 0.05) * days_per_inch
        level = next((i for i, edge in enumerate(levels) if x - half > edge), len(levels))
        if level == len(levels):
            levels.append(x + half)
        levels[level] = x + half
        placed.append((x, label, level))
    return placed, len(levels)


def _time_axis(ax, lo: pd.Timestamp, hi: pd.Timestamp, plot_width: float) -> None:
    """Years (or quarters, or months, on short spans) along the bottom, with light grid lines."""
    ax.tick_params(axis="x", labelsize=8, length=3, colors=MUTED)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(RULE)
    years = (hi - lo).days / 365.25
    if years > 2.5:
        fits = max(2, int(plot_width / 0.45))  # a year label needs about 0.45 in
        ax.xaxis.set_major_locator(mdates.YearLocator(base=max(1, math.ceil(years / fits))))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 4, 7, 10) if years > 1 else range(1, 13)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.grid(axis="x", color="#E6E8EB", linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)


def _gantt_png(rows: Sequence[_GanttRow], *, colours: Mapping[str, str], lo: pd.Timestamp, hi: pd.Timestamp,
               marks: Sequence[dt.date], width: float, height: float, dpi: float, accent: str,
               max_pitch: float = 0.42) -> tuple[bytes, float]:
    """A Gantt chart as PNG bytes, and its height in inches (less than ``height`` when rows are few)."""
    n = max(len(rows), 1)
    groups = any(row.group for row in rows)
    # The legend under the chart, in as many rows as its entries need at this width.
    actors = sorted({bar[2] for row in rows for bar in row.bars}, key=country_name)
    labels = [country_name(a) for a in actors] + (["event"] if any(r.events for r in rows) else []) + ["briefing date"]
    per_row = _legend_per_row(labels, width)
    legend_rows = math.ceil(len(labels) / per_row)
    bottom = 0.42 + 0.2 * legend_rows
    size = max(6.5, min(9.5, min(max_pitch, (height - 0.5 - bottom) / n) * 72 * 0.62))
    label_w = min(width * 0.32, max((_width(r.label + r.suffix, size) for r in rows), default=1.0)) + 0.1
    group_w = (max((_width(r.group or "", size, True) for r in rows), default=0.0) + 0.26) if groups else 0.0
    left, right = group_w + label_w + 0.05, 0.2
    # Date labels over the chart, stacked where they would touch.
    lo_n, hi_n = mdates.date2num(lo), mdates.date2num(hi)
    days_per_inch = (hi_n - lo_n) / (width - left - right)
    placed, n_levels = _date_labels(marks, lo_n, hi_n, days_per_inch)
    top = 0.16 + 0.155 * max(n_levels, 1)
    pitch = min(max_pitch, (height - top - bottom) / n)
    height = top + bottom + pitch * n
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(width, height), dpi=dpi, facecolor="white")
        FigureCanvasAgg(figure)
        ax = figure.add_axes((left / width, bottom / height, (width - left - right) / width, pitch * n / height))
        ax.set_xlim(lo_n, hi_n)
        ax.set_ylim(n - 0.5, -0.5)
        for i, row in enumerate(rows):
            labelled = False
            for start, end, actor, _still in sorted(row.bars, key=lambda bar: bar[0]):
                s, e = max(mdates.date2num(start), lo_n), min(mdates.date2num(end), hi_n)
                if e < lo_n or s > hi_n:
                    continue
                e = max(e, s + days_per_inch * 0.03)
                colour = colours.get(actor, "#777777")
                ax.barh(i, e - s, left=s, height=0.62, color=colour, edgecolor="white", linewidth=0.4, zorder=2)
                if not labelled and mdates.date2num(start) < lo_n and (e - s) / days_per_inch > 0.75:
                    labelled = True
                    ax.text(s + days_per_inch * 0.05, i, f"since {start.year}", fontsize=size - 1.5, va="center",
                            ha="left", color=contrast(colour), zorder=3)
            ticks = [mdates.date2num(t) for t in row.events if lo <= t <= hi]
            if ticks:
                ax.vlines(ticks, i - 0.4, i + 0.4, color=INK, linewidth=1.2, zorder=4)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels([_row_label(r, label_w - 0.1, size) for r in rows], fontsize=size)
        ax.tick_params(axis="y", length=0, pad=4)
        _time_axis(ax, lo, hi, width - left - right)
        if groups:
            trans = blended_transform_factory(ax.transAxes, ax.transData)
            start = 0
            for i in range(1, len(rows) + 1):
                if i == len(rows) or rows[i].group != rows[start].group:
                    if start:
                        ax.axhline(start - 0.5, color=RULE, linewidth=0.7, zorder=1)
                        ax.plot([-(label_w + group_w) / (width - left - right), 0], [start - 0.5] * 2, color=RULE,
                                linewidth=0.7, transform=trans, clip_on=False)
                    ax.text(-(label_w + 0.12) / (width - left - right), (start + i - 1) / 2, rows[start].group or "",
                            transform=trans, ha="right", va="center", fontsize=size, fontweight="bold",
                            color=INK)
                    start = i
        for x, label, level in placed:
            ax.axvline(x, color=accent, linestyle=(0, (4, 3)), linewidth=1.1, zorder=5)
            ax.annotate(label, (x, -0.5), xytext=(0, 3 + level * 11), textcoords="offset points", ha="center",
                        va="bottom", fontsize=7.5, color=accent, fontweight="bold", annotation_clip=False)
        handles = [Patch(color=colours.get(a, "#777777"), label=country_name(a)) for a in actors]
        if any(row.events for row in rows):
            handles.append(Line2D([], [], color=INK, linewidth=0, marker="|", markersize=9,
                                  markeredgewidth=1.4, label="event"))
        handles.append(Line2D([], [], color=accent, linestyle=(0, (4, 3)), linewidth=1.1, label="briefing date"))
        figure.legend(handles=handles, loc="lower center", ncol=min(len(handles), per_row), fontsize=8, frameon=False,
                      bbox_to_anchor=(0.5, 0.0), handlelength=1.4, columnspacing=1.2)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None}, facecolor="white")
    return buffer.getvalue(), height


def _row_label(row: _GanttRow, budget: float, size: float) -> str:
    """The row's label cut to ``budget`` inches, keeping its suffix (the sending state) whole when it can."""
    suffix_w = _width(row.suffix, size)
    if suffix_w > budget * 0.55:
        return _clip(row.label + row.suffix, budget, size)
    return _clip(row.label, budget - suffix_w, size) + row.suffix


def _window(sel: _Selection) -> tuple[pd.Timestamp, pd.Timestamp]:
    first, last = sel.choice.dates[0], sel.choice.dates[-1]
    lo = pd.Timestamp(first) - pd.Timedelta(days=365)
    hi = min(pd.Timestamp(last) + pd.Timedelta(days=182), pd.Timestamp(sel.dataset.as_of) + pd.Timedelta(days=30))
    if hi - lo < pd.Timedelta(days=730):
        hi = max(hi, lo + pd.Timedelta(days=730))
    return lo, hi


def _pack(rows: Sequence[_GanttRow], max_rows: int) -> list[list[_GanttRow]]:
    """Rows into pages of about equal length, keeping host groups together where they fit."""
    if len(rows) <= max_rows:
        return [list(rows)]
    count = math.ceil(len(rows) / max_rows)
    target = math.ceil(len(rows) / count)
    groups: list[list[_GanttRow]] = []
    for row in rows:
        if groups and groups[-1][0].group == row.group:
            groups[-1].append(row)
        else:
            groups.append([row])
    pages: list[list[_GanttRow]] = [[]]
    for group in groups:
        if pages[-1] and (len(pages[-1]) >= target or len(pages[-1]) + len(group) > max_rows):
            pages.append([])
        for row in group:
            if len(pages[-1]) >= max_rows:
                pages.append([])
            pages[-1].append(row)
    return [page for page in pages if page]
