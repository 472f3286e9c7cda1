"""What the extractor returns: claims, and the article text they come from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

Event = Literal[
    "presence", "arrival", "withdrawal_announced", "withdrawal_completed", "agreement_ended", "handover"
]
EVENTS: tuple[str, ...] = (
    "presence", "arrival", "withdrawal_announced", "withdrawal_completed", "agreement_ended", "handover"
)


@dataclass(frozen=True)
class Claim:
    """One deployment fact that a sentence of the article supports."""

    actor: str
    force: str | None
    host_country: str
    site: str | None
    site_id: str | None
    lat: float | None
    lon: float | None
    event: str
    date: str | None
    date_precision: str | None
    personnel: int | None
    evidence: str
    start: int
    end: int
    confidence: str

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class Article:
    """An article's plain text with the url and publication date its header gave."""

    text: str
    url: str | None = None
    published: dt.date | None = None
