"""Dates known to a day, a month or a year.

A date in the data is written at its precision: ``2024-04-12`` (day),
``2024-04`` (month) or ``2024`` (year). Such a date stands for a span of days;
``earliest`` and ``latest`` are its first and last day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Precision = Literal["day", "month", "year"]
PRECISIONS: tuple[Precision, ...] = ("day", "month", "year")

_PATTERNS: dict[Precision, re.Pattern[str]] = {
    "day": re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$"),
    "month": re.compile(r"^([0-9]{4})-([0-9]{2})$"),
    "year": re.compile(r"^([0-9]{4})$"),
}


class DateError(ValueError):
    """A date that cannot be read, or that contradicts its precision."""


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date together with how precisely it is known."""

    earliest: dt.date
    precision: Precision

    @property
    def latest(self) -> dt.date:
        if self.precision == "day":
            return self.earliest
        if self.precision == "month":
            last = calendar.monthrange(self.earliest.year, self.earliest.month)[1]
            return self.earliest.replace(day=last)
        return dt.date(self.earliest.year, 12, 31)

    def __str__(self) -> str:
        if self.precision == "day":
            return self.earliest.isoformat()
        if self.precision == "month":
            return self.earliest.strftime("%Y-%m")
        return f"{self.earliest.year:04d}"


def infer_precision(text: str) -> Precision:
    """The precision implied by how a date is written."""
    for precision, pattern in _PATTERNS.items():
        if pattern.match(text):
            return precision
    raise DateError(f"{text!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")


def parse_partial(text: str, precision: str | None = None) -> PartialDate:
    """Read ``text`` written at ``precision``; infer the precision when it is None."""
    text = text.strip()
    written = infer_precision(text)
    if precision is not None and precision != written:
        if precision not in PRECISIONS:
            raise DateError(f"unknown precision {precision!r} (use day, month or year)")
        raise DateError(f"{text!r} is written at {written} precision but the precision says {precision}")
    parts = [int(part) for part in _PATTERNS[written].match(text).groups()]  # type: ignore[union-attr]
    parts += [1] * (3 - len(parts))
    try:
        return PartialDate(dt.date(*parts), written)
    except ValueError as exc:
        raise DateError(f"{text!r} is not a calendar date: {exc}") from None


def parse_day(text: str) -> dt.date:
    """Read a full ``YYYY-MM-DD`` date, as users give it on the command line."""
    text = text.strip()
    try:
        if not _PATTERNS["day"].match(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise DateError(f"{text!r} is not a date in YYYY-MM-DD form") from None
