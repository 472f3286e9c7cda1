"""Data into words: dates, spans, partial dates, counts, headcounts, names, tidy text.

English month names whatever the process locale, so the same inputs give the same image, slide or page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from footprint.escape import xml_text

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def missing(value: object) -> bool:
    """True for None and for pandas' missing values (NaN, NaT, NA); a list or tuple is never missing."""
    return value is None or (not isinstance(value, (str, list, tuple)) and bool(pd.isna(value)))


def tidy(value: object) -> str:
    """Text with runs of white space folded to one space; "" for a missing value."""
    # Control characters are dropped: invisible on screen, and XML (SVG, PPTX) cannot hold them.
    return "" if missing(value) else " ".join(xml_text(str(value)).split())


def cut(text: object, limit: int) -> str:
    """Tidy text of at most ``limit`` characters, ending in "…" when it had to be cut."""
    text = tidy(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip(" ,;:·–-(") + "…"


def without_aside(name: object, limit: int, *, min_aside: int = 0) -> str:
    """A long name ending in a parenthetical of over ``min_aside`` characters, without it ("Camp X (near Y)")."""
    name = tidy(name)
    if len(name) > limit and name.endswith(")") and " (" in name:
        head, aside = name.split(" (", 1)
        if len(aside) > min_aside and len(head.strip()) >= 3:
            return head.strip()
    return name


def readable(frame: pd.DataFrame, *, keep: Iterable[str] = ()) -> pd.DataFrame:
    """A table for people: missing cells blank, never "nan" or "None" (a number column with a gap becomes text,
    whole numbers with thousands separators); columns in ``keep`` (links, say) are left as they are."""
    shown = frame.copy()
    kept = set(keep)
    for name in shown.columns:
        column = shown[name]
        if name in kept or not column.map(missing).any():
            continue
        if pd.api.types.is_datetime64_any_dtype(column):
            shown[name] = ["" if missing(v) else v.date().isoformat() for v in column]
        elif pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
            shown[name] = ["" if missing(v) else f"{v:,.0f}" if float(v).is_integer() else f"{v:,}" for v in column]
        else:
            shown[name] = column.map(lambda v: "" if missing(v) else v).astype(object)
    return shown


def plural(count: int, word: str, words: str | None = None) -> str:
    """``3 sites``, ``1 site``, ``1,200 sites``; ``words`` for an irregular plural."""
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def day_words(day: dt.date, *, short: bool = False, year: bool = True) -> str:
    """``3 September 2024``; ``short`` gives ``3 Sep 2024``, ``year=False`` drops the year."""
    month = MONTHS[day.month - 1]
    month = month[:3] if short else month
    return f"{day.day} {month} {day.year}" if year else f"{day.day} {month}"


def month_words(day: dt.date) -> str:
    """``Sep 2024``: a day's month and year."""
    return f"{MONTHS[day.month - 1][:3]} {day.year}"


def short_day(day: dt.date) -> str:
    """``3 Sep 2024``: the month in three letters."""
    return day_words(day, short=True)


def span_words(first: dt.date, last: dt.date) -> str:
    """A period as briefly as it reads: ``3–9 May 2024``, ``3 May – 9 Jun 2024``, ``3 May 2023 – 9 Jun 2024``."""
    if first == last:
        return day_words(first)
    if first.year == last.year:
        if first.month == last.month:
            return f"{first.day}–{day_words(last)}"
        return f"{day_words(first, short=True, year=False)} – {day_words(last, short=True)}"
    return f"{day_words(first, short=True)} – {day_words(last, short=True)}"


def partial_day(text: object) -> str:
    """A partial ISO date in words: 2024-05-03 → 3 May 2024, 2024-05 → May 2024, 2024 → 2024, missing → n.d."""
    if missing(text):
        return "n.d."
    parts = str(text).split("-")
    try:
        if len(parts) == 3:
            return short_day(dt.date(int(parts[0]), int(parts[1]), int(parts[2])))
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1][:3]} {parts[0]}"
    except (ValueError, IndexError):
        return str(text)
    return str(text)


def personnel_label(low: object, high: object) -> str:
    """A reported headcount range: ``250``, ``250–350``; "" when neither end is known."""
    if missing(low) and missing(high):
        return ""
    low = high if missing(low) else low
    high = low if missing(high) else high
    return f"{int(low):,}" if low == high else f"{int(low):,}–{int(high):,}"


def personnel_total(ranges: Iterable[tuple[object, object]]) -> tuple[int, int, bool, bool]:
    """Reported ranges summed: (low, high, any figure known, any force without a figure)."""
    low = high = 0
    known = unknown = False
    for lo, hi in ranges:
        if missing(lo) and missing(hi):
            unknown = True
            continue
        lo = hi if missing(lo) else lo
        hi = lo if missing(hi) else hi
        low, high, known = low + int(lo), high + int(hi), True
    return low, high, known, unknown


def personnel_total_label(ranges: Iterable[tuple[object, object]], *, none: str = "") -> str:
    """Summed ranges in words, with "+" when some forces have no published figure; ``none`` when no figure is."""
    low, high, known, unknown = personnel_total(ranges)
    if not known:
        return none if unknown else ""
    return personnel_label(low, high) + ("+" if unknown else "")


def site_facts(site: dict, *, aliases: int | None = None) -> str:
    """``Air base in Niger · location city · also called X, Y``: a site's kind, host, location and other names."""
    from footprint.geography import country_name

    names = ", ".join(list(site["aliases"])[:aliases])
    return (f"{str(site['site_type']).replace('_', ' ').capitalize()} in {country_name(site['host_iso3'])}"
            f" · location {site['location_precision']}" + (f" · also called {names}" if names else ""))


# Source kinds as a footnote or a popup names them.
SOURCE_KIND_WORDS: dict[str, str] = {
    "official": "official", "wire": "wire", "major_outlet": "major outlet", "regional_press": "regional press",
    "aggregator": "aggregator", "state_affiliated": "state-affiliated",
}


def source_kind(kind: object) -> str:
    """``aggregator``, ``major outlet``: a source's kind in words; "" when not recorded."""
    return SOURCE_KIND_WORDS.get(tidy(kind), tidy(kind).replace("_", " "))


def source_about(kind: object, agency: object) -> str:
    """``aggregator, from Reuters``: what kind of source it is and, for a wire copy, whose report it carries."""
    parts = [source_kind(kind)] if source_kind(kind) else []
    if tidy(agency):
        parts.append(f"from {tidy(agency)}")
    return ", ".join(parts)


def source_credit(outlet: object, kind: object = None, agency: object = None) -> str:
    """``Devdiscourse (aggregator, from Reuters)``: the outlet with its kind and original agency."""
    about = source_about(kind, agency)
    return f"{tidy(outlet)} ({about})" if about else tidy(outlet)
