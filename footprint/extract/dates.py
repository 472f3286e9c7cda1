"""Dates in news text, resolved against the publication date at the precision the text gives."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from footprint.extract.lexicon import MONTHS, WEEKDAYS

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
# Words before a month or year that mark a deadline, not the time something happened.
_DEADLINE_WORDS = re.compile(
    r"(?i:\b(?:by|until|till|before|deadline(?: of)?|no later than|end of|ahead of|in the run-up to)\s*$)")

_DATE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")),
    ("month_day", re.compile(
        rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>{_YEAR})\b)?")),
    ("day_month", re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})(?:,?\s+(?P<year>{_YEAR})\b)?")),
    ("month_year", re.compile(
        rf"\b(?:(?i:early|mid|late|the end of|end of|the beginning of|beginning of|the start of|start of)"
        rf"[-\s]+)?(?P<month>{_MONTH}),?\s+(?P<year>{_YEAR})\b")),
    ("relative_month", re.compile(
        rf"\b(?P<rel>(?i:last|this|next|earlier this|later this|in|since|by|until|early|mid|late|during|from"
        rf"|through|on|of|the end of|end of))[-\s]+(?P<month>{_MONTH})\b(?![\w.]*\s*\d)")),
    ("year", re.compile(
        rf"(?<![$€£\d,.])\b(?P<qual>(?i:early|mid|late|the end of|end of|the start of|start of|the beginning of"
        rf"|beginning of)[-\s]+)?(?P<year>{_YEAR})\b(?![,.]?\d)"
        rf"(?!\s+(?:[a-z][\w-]*\s+)?(?:troops|soldiers|personnel|men|people|servicemen|marines|sailors|staff|members"
        rf"|fighters|mercenaries|instructors|officers|workers|civilians|refugees)\b)")),
    ("relative", re.compile(
        r"(?i)\b(?P<rel>last|this|next|earlier this|later this|past|previous)\s+(?P<unit>week|month|year"
        r"|weekend)\b")),
    ("day_word", re.compile(r"(?i)\b(?P<word>yesterday|today|tonight)\b")),
    ("ago", re.compile(
        r"(?i)\b(?P<count>an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+"
        r"(?P<unit>days?|weeks?)\s+ago\b")),
    ("weekday", re.compile(
        rf"\b(?:(?P<rel>(?i:last|this|next|on|since|by|until))\s+)?(?P<weekday>{_WEEKDAY})\b")),
)


@dataclass(frozen=True)
class DateMention:
    """A date phrase resolved to a partial ISO date; ``start``/``end`` are character offsets in the sentence."""

    start: int
    end: int
    value: str
    precision: str
    deadline: bool
    future: bool
    modifier: bool = False


def _month_number(word: str) -> int:
    return MONTHS[word.rstrip(".").lower()]


def _last_weekday(reference: dt.date, weekday: int, *, strictly_before: bool = False) -> dt.date:
    back = (reference.weekday() - weekday) % 7
    if back == 0 and strictly_before:
        back = 7
    return reference - dt.timedelta(days=back)


def _infer_year(month: int, day: int | None, published: dt.date, *, forward: bool) -> int:
    """The year of a month (and day) given without one: the latest not after publication, or the next ahead."""
    key = (month, day or 1)
    now = (published.month, published.day if day else 1)
    if forward:
        return published.year if key >= now else published.year + 1
    if day is not None and key > now:
        try:
            if (dt.date(published.year, month, day) - published).days <= _DAYS_AHEAD_OF_THE_STAMP:
                return published.year  # a page stamped a day or two early (time zones, a wire's first filing)
        except ValueError:
            pass
    return published.year if key <= now else published.year - 1


_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}


# A yearless day this many days after the page's date is read in the page's year, not eleven months back.
_DAYS_AHEAD_OF_THE_STAMP = 3


def resolve_date(match: re.Match[str], kind: str, published: dt.date | None) -> tuple[str, str] | None:
    """Resolve one date phrase to (ISO value, precision) against the publication date."""
    groups = match.groupdict()
    prefix = match.string[max(0, match.start() - 24):match.start()]
    deadline = bool(_DEADLINE_WORDS.search(prefix)) or (groups.get("rel") or "").lower() in ("by", "until")
    if kind == "iso":
        try:
            return dt.date(int(groups["year"]), int(groups["month"]), int(groups["day"])).isoformat(), "day"
        except ValueError:
            return None
    if kind in ("month_day", "day_month"):
        month, day = _month_number(groups["month"]), int(groups["day"])
        if groups.get("year"):
            year = int(groups["year"])
        elif published is not None:
            year = _infer_year(month, day, published, forward=deadline)
        else:
            return None
        try:
            return dt.date(year, month, day).isoformat(), "day"
        except ValueError:
            return None
    if kind == "month_year":
        return f"{int(groups['year']):04d}-{_month_number(groups['month']):02d}", "month"
    if kind == "year":
        return groups["year"], "year"
    if published is None:
        return None
    if kind == "relative_month":
        month = _month_number(groups["month"])
        relation = groups["rel"].lower()
        if relation == "last":
            year = published.year if month < published.month else published.year - 1
        elif relation == "next":
            year = published.year if month > published.month else published.year + 1
        elif relation in ("this", "earlier this", "later this"):
            year = published.year
        else:
            year = _infer_year(month, None, published, forward=deadline)
        return f"{year:04d}-{month:02d}", "month"
    if kind == "relative":
        relation, unit = groups["rel"].lower(), groups["unit"].lower()
        offset = {"last": -1, "past": -1, "previous": -1, "next": 1}.get(relation, 0)
        if unit == "year":
            return f"{published.year + offset:04d}", "year"
        if unit == "month":
            month_index = published.year * 12 + published.month - 1 + offset
            return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}", "month"
        # A week is only known to its month when the whole week falls in one month.
        if offset == 0:
            first, last = published - dt.timedelta(days=published.weekday()), published
        else:
            monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=offset)
            first, last = monday, monday + dt.timedelta(days=6)
        if (first.year, first.month) != (last.year, last.month):
            # a week across two months is known to its year only
            return (f"{first.year:04d}", "year") if first.year == last.year else None
        return f"{first.year:04d}-{first.month:02d}", "month"
    if kind == "ago":
        # "three days ago" is a day; "a week ago" or "two weeks ago" is only as precise as its month.
        count = _COUNT_WORDS.get(groups["count"].lower()) or int(groups["count"])
        unit = groups["unit"].lower().rstrip("s")
        then = published - dt.timedelta(days=count * (7 if unit == "week" else 1))
        return (then.isoformat(), "day") if unit == "day" else (then.isoformat()[:7], "month")
    if kind == "day_word":
        shift = -1 if groups["word"].lower() == "yesterday" else 0
        return (published + dt.timedelta(days=shift)).isoformat(), "day"
    if kind == "weekday":
        weekday = WEEKDAYS[groups["weekday"].lower()]
        relation = (groups.get("rel") or "").lower()
        if relation == "next":
            ahead = (weekday - published.weekday()) % 7 or 7
            return (published + dt.timedelta(days=ahead)).isoformat(), "day"
        return _last_weekday(published, weekday, strictly_before=relation == "last").isoformat(), "day"
    return None


def find_dates(sentence: str, published: dt.date | None) -> list[DateMention]:
    """Every date phrase in ``sentence`` that can be resolved, without overlaps (longest wins)."""
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for kind, pattern in _DATE_PATTERNS:
        # A bare capitalised "May" only counts after a preposition or "last"/"this" (the pattern requires one).
        found.extend((match.start(), match.end(), kind, match) for match in pattern.finditer(sentence))
    found.sort(key=lambda item: (item[0] - item[1], item[0]))
    taken: list[tuple[int, int]] = []
    mentions: list[DateMention] = []
    for start, end, kind, match in found:
        if any(start < other_end and other_start < end for other_start, other_end in taken):
            continue
        resolved = resolve_date(match, kind, published)
        if resolved is None:
            continue
        taken.append((start, end))
        value, precision = resolved
        prefix = sentence[max(0, start - 24):start]
        deadline = bool(_DEADLINE_WORDS.search(prefix)) or bool(
            re.match(r"(?i)(?:by|until)\b", match.group(0))) or bool(
            re.match(r"(?i)\s+as\s+(?:the|a|its)\s+(?:\w+\s+)?(?:deadline|date|target|cut-off)\b", sentence[end:])) \
            or bool(re.match(r"(?i)\s+(?:deadline|cut-off|target date|ultimatum)\b", sentence[end:]))
        # "the 2018 defence agreement": a year naming a thing, not dating an event.
        modifier = kind == "year" and bool(re.search(r"(?i)\b(?:the|its|a|their|his|her)\s+$", prefix)) and \
            bool(re.match(r"\s+[a-z]", sentence[end:]))
        ahead = published is not None and not deadline and _ahead_in_time(sentence, start, end, kind, match)
        if ahead:
            value = _forward(match, kind, published) or value
        future = published is not None and _earliest(value) > published
        if future and not ahead and kind in ("month_day", "day_month") and not match.group("year") and \
                (_earliest(value) - published).days <= _DAYS_AHEAD_OF_THE_STAMP:
            future = False  # told as done: the page's stamp is a little early
        if kind == "relative" and match.group("rel").lower() == "next":
            future = True
        mentions.append(DateMention(start, end, value, precision, deadline, future, modifier))
    mentions = _month_of_a_relative_year(sentence, mentions)
    # "arriving today (Friday)": the writer's own day explains "today" when the page went out days later.
    explained = {m.start for m in mentions for later in mentions
                 if sentence[m.end:later.start].strip() == "(" and sentence[m.start:m.end].lower() in _DAY_WORDS}
    mentions = [m for m in mentions if m.start not in explained]
    return sorted(_quoted_days(sentence, mentions), key=lambda m: m.start)


_DAY_WORDS = frozenset({"today", "yesterday", "tonight"})
_QUOTE = re.compile(r'"[^"]*"|“[^”]*”')


def _quoted_days(sentence: str, mentions: list[DateMention]) -> list[DateMention]:
    """"'Troops left their base today', the regime said in a statement read out Tuesday evening": a day word
    quoted from a statement counts from the day the sentence gives the statement, not from the page's date."""
    quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(sentence)]
    if sentence.count('"') % 2 == 1 and sentence.lstrip().startswith('"'):
        # a quotation that opens the sentence and closes it in a later one
        quotes.append((sentence.index('"'), len(sentence)))
    def quoted(m: DateMention) -> bool:
        return any(start <= m.start and m.end <= end for start, end in quotes)
    outside = {m.value for m in mentions if m.precision == "day" and not quoted(m) and not m.future
               and not m.deadline and sentence[m.start:m.end].lower() not in _DAY_WORDS}
    if not quotes or len(outside) != 1:
        return mentions
    said = dt.date.fromisoformat(next(iter(outside)))
    result = []
    for m in mentions:
        word = sentence[m.start:m.end].lower()
        if word in _DAY_WORDS and quoted(m):
            day = said - dt.timedelta(days=1) if word == "yesterday" else said
            m = DateMention(m.start, m.end, day.isoformat(), "day", m.deadline, m.future, m.modifier)
        result.append(m)
    return result

# A clause that looks ahead: "On Wednesday, US forces begin pulling out", "will leave on 3 May".
_FUTURE_CLAUSE = re.compile(
    r"(?i)\b(?:will|shall|won't|(?:is|are)\s+(?:due|set|scheduled|expected|going|slated)\s+to|(?:is|are)\s+to"
    r"|(?:begins?|starts?)\s+\w+ing)\b|'ll\b")
# A dash closes a dateline ("Libreville — On Wednesday, US forces begin ..."), as a comma closes a clause.
_CLAUSE_EDGE = re.compile(r"[,;:\"“”()—–]|\s-{1,2}\s|\s(?:that|but|and|while|after|before|when|as)\s")


def _clause_around(sentence: str, start: int, end: int) -> str:
    """The clause a date phrase sits in; a phrase that opens the sentence ("On Wednesday, ...") frames the next."""
    edges_before = [m.end() for m in _CLAUSE_EDGE.finditer(sentence, 0, start)]
    left = edges_before[-1] if edges_before else 0
    after = _CLAUSE_EDGE.search(sentence, end)
    right = after.start() if after else len(sentence)
    if not re.search(r"\w", re.sub(r"(?i)\b(?:on|this|next|coming)\b", "", sentence[left:start])) and \
            sentence[end:right].strip() == "" and after is not None and after.group(0) == ",":
        following = _CLAUSE_EDGE.search(sentence, after.end())
        return sentence[after.end():following.start() if following else len(sentence)]
    return sentence[left:right]


def _ahead_in_time(sentence: str, start: int, end: int, kind: str, match: re.Match[str]) -> bool:
    """A weekday, or a day of a month without its year, in a clause about what is still to come."""
    if kind == "weekday":
        if (match.group("rel") or "").lower() not in ("", "on", "this"):
            return False
    elif kind == "relative_month":
        # "will start the withdrawal from June": a month without its year in a clause about what is to come
        if match.group("rel").lower() not in ("in", "from", "early", "mid", "late", "during", "on"):
            return False
    elif kind not in ("month_day", "day_month") or match.group("year"):
        return False
    return bool(_FUTURE_CLAUSE.search(_clause_around(sentence, start, end)))


def _forward(match: re.Match[str], kind: str, published: dt.date) -> str | None:
    """The first such day on or after publication."""
    if kind == "weekday":
        ahead = (WEEKDAYS[match.group("weekday").lower()] - published.weekday()) % 7
        return (published + dt.timedelta(days=ahead)).isoformat()
    if kind == "relative_month":
        month = _month_number(match.group("month"))
        return f"{_infer_year(month, None, published, forward=True):04d}-{month:02d}"
    month, day = _month_number(match.group("month")), int(match.group("day"))
    try:
        return dt.date(_infer_year(month, day, published, forward=True), month, day).isoformat()
    except ValueError:
        return None


def _month_of_a_relative_year(sentence: str, mentions: list[DateMention]) -> list[DateMention]:
    """"since December last year": one date, the month of the year the relative phrase names."""
    ordered = sorted(mentions, key=lambda m: m.start)
    result: list[DateMention] = []
    index = 0
    while index < len(ordered):
        mention = ordered[index]
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        if following is not None and mention.precision in ("month", "day") and following.precision == "year" and \
                re.fullmatch(r"\s*(?:of\s+)?", sentence[mention.end:following.start]) and \
                re.match(r"(?i)(?:last|next|this|previous|the previous|the following)\s+year\b",
                         sentence[following.start:following.end]):
            value = following.value + mention.value[4:]
            result.append(DateMention(mention.start, following.end, value, mention.precision, mention.deadline,
                                      following.future, mention.modifier))
            index += 2
            continue
        result.append(mention)
        index += 1
    return result


def _earliest(value: str) -> dt.date:
    parts = [int(part) for part in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])
