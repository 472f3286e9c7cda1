"""What a snapshot says: the sites drawn, their labels and figures, the sources line, the title and the
description of the filters."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from footprint.model import Dataset
from footprint.view import View
from footprint.words import day_words, personnel_label, personnel_total, source_credit, span_words, without_aside


def default_title(view: View) -> str:
    when = span_words(*view.period) if view.period else day_words(view.as_of)
    return f"Foreign military presence · {when}"


def describe_view(view: View) -> str:
    """The date or period and every filter, in words."""
    if view.period:
        when = f"Forces present at any time from {day_words(view.period[0])} to {day_words(view.period[1])}"
    else:
        when = f"Forces present on {day_words(view.as_of)}"
    return f"{when} · {view.describe()}"


def _wrap(text: str, width: int, max_lines: int) -> str:
    """``text`` in at most ``max_lines`` lines of about even length, ending in "…" if it had to be cut."""

    def wrap(w: int) -> list[str]:
        return textwrap.wrap(text, width=w, break_long_words=False, break_on_hyphens=False) or [text]

    lines = wrap(width)
    if len(lines) == 1:
        return text
    if len(lines) > max_lines:
        kept = lines[:max_lines]
        kept[-1] = kept[-1].rstrip(" ,;(") + " …"
        return "\n".join(kept)
    count = len(lines)
    for w in range(math.ceil(len(text) / count), width + 1):
        even = wrap(w)
        if len(even) <= count:
            return "\n".join(even)
    return "\n".join(lines)


def _short_name(name: str, limit: int = 34) -> str:
    """A site's name for a map label: a long parenthetical dropped from a long name, then wrapped."""
    return _wrap(without_aside(name, limit, min_aside=17), 30, 2)


@dataclass
class _Site:
    site_id: str
    name: str
    lon: float
    lat: float
    precision: str
    actors: list[str]
    rows: list[dict]
    headcount: int
    x: float = 0.0  # display pixels (origin bottom-left)
    y: float = 0.0
    radius: float = 0.0  # display pixels
    outer: float = 0.0  # display pixels, to the edge of the dashed ring when there is one


def _sites(dataset: Dataset, presence: pd.DataFrame) -> list[_Site]:
    by_site: dict[str, list[dict]] = {}
    for row in presence.to_dict("records"):
        by_site.setdefault(row["site_id"], []).append(row)
    sites = []
    for site_id, rows in by_site.items():
        record = dataset.sites.loc[site_id]
        headcount = 0
        for row in rows:
            high = row["personnel_max"] if not pd.isna(row["personnel_max"]) else row["personnel_min"]
            headcount += 0 if pd.isna(high) else int(high)
        sites.append(
            _Site(
                site_id=site_id,
                name=str(record["name"]),
                lon=float(record["lon"]),
                lat=float(record["lat"]),
                precision=str(record["location_precision"]),
                actors=list(dict.fromkeys(row["actor_iso3"] for row in rows)),
                rows=rows,
                headcount=headcount,
            )
        )
    return sites


def _figures(rows: Sequence[Mapping]) -> str:
    """Known personnel per actor, largest first: ``ITA 250–350 · RUS 60–100 · USA``."""
    by_actor: dict[str, list] = {}
    for row in rows:
        by_actor.setdefault(row["actor_iso3"], []).append((row["personnel_min"], row["personnel_max"]))
    totals = {actor: personnel_total(ranges) for actor, ranges in by_actor.items()}
    parts = []
    for actor, (low, high, known, unknown) in sorted(totals.items(), key=lambda item: (-item[1][1], item[0])):
        if known:
            parts.append(f"{actor} {personnel_label(low, high)}{'+' if unknown else ''}")
        else:
            parts.append(actor)
    lines = [" · ".join(parts[i : i + 3]) for i in range(0, len(parts), 3)]
    return "\n".join(lines)


def _label_text(cluster: Sequence[_Site]) -> str:
    lead = cluster[0]
    lines = [_short_name(lead.name)]
    if len(cluster) > 1:
        others = len(cluster) - 1
        lines.append(f"+{others} site{'s' if others > 1 else ''} nearby")
    figures = _figures([row for site in cluster for row in site.rows])
    if figures:
        lines.append(figures)
    return "\n".join(lines)


def _sources_text(dataset: Dataset, citations: Mapping[str, int]) -> list[tuple[str, int]]:
    """Sources grouped by outlet, kind and original agency, the most-cited first:
    ("Devdiscourse (aggregator, from Reuters) ×2 (2024-05-03, 2024-04-12)", 2)."""
    groups: dict[str, list[tuple[str, int]]] = {}
    for source_id, count in citations.items():
        if source_id not in dataset.sources.index:
            continue
        record = dataset.sources.loc[source_id]
        credit = source_credit(record["outlet"], record.get("kind"), record.get("original_agency"))
        published = record["published"]
        groups.setdefault(credit, []).append(("n.d." if pd.isna(published) else str(published), count))
    ordered = sorted(groups.items(), key=lambda item: (-sum(c for _, c in item[1]), -len(item[1]), item[0].casefold()))
    entries = []
    for credit, cited in ordered:
        dates = sorted({d for d, _ in cited if d != "n.d."}, reverse=True)
        shown = dates[:3] + (["…"] if len(dates) > 3 else [])
        if len(shown) < 3 and any(d == "n.d." for d, _ in cited):
            shown.append("n.d.")
        times = f" ×{len(cited)}" if len(cited) > 1 else ""
        entries.append((f"{credit}{times} ({', '.join(shown)})", len(cited)))
    return entries
