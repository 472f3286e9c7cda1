"""Citations: sources numbered in order of first citation, and note bullets that end with them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from footprint.model import Dataset
from footprint.words import (
    cut,
    tidy,
)


def _published_day(text: object) -> dt.date | None:
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return None
    parts = [int(p) for p in str(text).split("-") if p.isdigit()]
    try:
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 7, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


class _Citations:
    """Sources numbered in order of first citation; every id passed in is listed on the sources slides."""

    def __init__(self, dataset: Dataset):
        self._sources = dataset.sources
        self.numbers: dict[str, int] = {}
        self._days: dict[str, dt.date | None] = {}

    def add(self, source_ids: Iterable[str]) -> list[str]:
        known = [i for i in dict.fromkeys(source_ids) if i in self._sources.index]
        for source_id in known:
            self.numbers.setdefault(source_id, len(self.numbers) + 1)
        return known

    def short(self, source_id: str) -> str:
        # Two cells, not a row: a row of the wide sources frame costs milliseconds, and decks cite hundreds.
        published = tidy(self._sources.at[source_id, "published"]) or "n.d."
        return f"{cut(self._sources.at[source_id, 'outlet'], 40)}, {published} [{self.numbers[source_id]}]"

    def _day(self, source_id: str) -> dt.date | None:
        # Kept per source: a deck sorts the same few hundred sources thousands of times, a cell costs microseconds.
        if source_id not in self._days:
            self._days[source_id] = _published_day(self._sources.at[source_id, "published"])
        return self._days[source_id]

    def cite(self, source_ids: Iterable[str], *, near: dt.date | None = None, limit: int = 2) -> str:
        """"(Outlet, 2024-05-03 [12]; Outlet, 2024 [13]; +1 more)", the sources nearest ``near`` first."""
        known = self.add(source_ids)
        if not known:
            return "(no source recorded)"
        if near is not None:
            far = dt.timedelta(days=36_500)

            def distance(source_id: str) -> dt.timedelta:
                day = self._day(source_id)
                return abs(day - near) if day else far

            known = sorted(known, key=lambda i: (distance(i), self.numbers[i]))
        parts = [self.short(i) for i in known[:limit]]
        if len(known) > limit:
            parts.append(f"+{len(known) - limit} more")
        return "(" + "; ".join(parts) + ")"

    def bullet(self, text: str, source_ids: Iterable[str], *, near: dt.date | None = None, limit: int = 2) -> str:
        return f"• {text} {self.cite(source_ids, near=near, limit=limit)}"
