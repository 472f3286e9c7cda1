"""Headcounts: how many troops a sentence says, and the figures that are not a presence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from footprint.extract.lexicon import DEMONYMS, NUMBER_WORDS, PERSONNEL_NOUNS, SCALE_WORDS

_APPROX = (
    r"(?:nearly|almost|about|around|roughly|some|approximately|an estimated|estimated|more than|over|at least"
    r"|up to|fewer than|less than|close to|just under|just over|upwards of|as many as|only|no more than"
    r"|a further|another|the last|the remaining|the final|between)"
)
_WORD_NUMBER = "|".join(sorted((w for w in NUMBER_WORDS if w not in ("a", "an")), key=len, reverse=True))
_NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d{{1,3}}(?:[ \u00a0\u202f]\d{{3}})+(?!\d)"
    rf"|\d{{1,3}}(?:\.\d{{3}})+(?![\d\w])|\d+(?:\.\d+)?(?:\s+thousand)?"
    rf"|(?:{_WORD_NUMBER})(?:[\s-]+(?:hundred|thousand|dozen))?|(?:a|an)[\s-]+(?:hundred|thousand|dozen))"
)
_PERSONNEL_NOUN = "|".join(sorted((re.escape(n) for n in PERSONNEL_NOUNS), key=len, reverse=True))
_PERSONNEL = re.compile(
    rf"(?i)(?<![$€£\w])(?:{_APPROX}\s+)?(?P<num>{_NUMBER})(?:\s+(?:and|to)\s+(?P<num2>{_NUMBER}))?"
    rf"(?P<suffix>-(?:strong|member|person|man|soldier|troop))?"
    # Words between the number and the noun modify the noun ("300 French special forces troops"); a preposition,
    # verb or clause word means the number is something else's ("Air Base 101 after the last US troops").
    rf"(?P<mods>(?:\s+(?!\d)(?!(?:of|to|and|in|at|from|will|would|have|had|has|were|was|are|is|after|before"
    rf"|since|until|when|while|on|by|for|with|than|the|that|who|which)\b)"
    rf"[\w.'’-]+){{0,4}}?)\s+(?P<noun>(?-i:{_PERSONNEL_NOUN})|(?:{_PERSONNEL_NOUN}))\b"
)
_CONTAINER_OF = re.compile(
    rf"(?i)\b(?:contingent|force|group|detachment|team|unit|battalion|wave|batch|total)\s+of\s+"
    rf"(?:{_APPROX}\s+)?(?P<num>{_NUMBER})\b"
)
# "The British troops, numbering 300, arrived": the size a participle gives the force just named;
# "Chadian soldiers make up nearly 1,400 of the UN's force", "the contingent numbers 350": a verb's count.
_NUMBERING = re.compile(
    rf"(?i)\b(?:numbering|totall?ing|counting|make up|makes up|made up|making up|number|numbers|numbered)\s+"
    rf"(?:{_APPROX}\s+)?(?P<num>{_NUMBER})\b"
    r"(?!\s*(?:%|per ?cent|million|billion))"
)
# "a more than 200-strong deployment of British personnel": the size of a named body of troops.
_STRONG = re.compile(
    rf"(?i)(?:{_APPROX}\s+)?(?P<num>{_NUMBER})-strong\s+(?:[\w'’-]+\s+){{0,2}}?(?:deployment|presence|mission"
    rf"|garrison|force|contingent|battalion|brigade|unit|detachment)\b"
)
_CAPACITY = re.compile(
    r"(?i)\b(?:can|could|able to|capacity|capable of|room for|designed (?:for|to)|accommodate|house up to"
    r"|space for|maximum|ceiling|cap of|limit of|up to [\d,]+ (?:\w+ )?(?:troops|soldiers|personnel) (?:can|could))\b"
)
_CUMULATIVE = re.compile(
    r"(?i)\b(?:over the (?:years|past (?:decade|\w+ years|years))|over (?:a|the) decade|in total|in all"
    r"|a total of|altogether|cumulative(?:ly)?|(?:have|has|had) served|served (?:there|in|with|at)|rotated"
    r"|rotations?|passed through|since (?:its|the) (?:inception|start|launch|beginning)|since inception)\b"
)


_CASUALTY = r"killed|dead|died|die|wounded|injured|hurt|captured|kidnapped|abducted|missing|lost|slain|executed"
_CASUALTIES_AFTER = re.compile(rf"(?i)\s*(?:(?:were|was|have been|had been|are|being|been|got)\s+)?(?:{_CASUALTY})\b")
_CASUALTIES_BEFORE = re.compile(r"(?i)\b(?:deaths? of|killing|killed|killings? of|loss of|lost|wounding|death toll"
                                r"|bodies of)\s+(?:the\s+|its\s+|their\s+)?$")


@dataclass(frozen=True)
class Headcount:
    """A number of people; ``start``/``end`` are character offsets in the sentence."""

    start: int
    end: int
    value: int
    demonym_iso3: str | None


def number_value(text: str) -> int | None:
    """The integer a written number stands for: "1,000", "1.4 thousand", "a hundred", "two dozen"."""
    text = re.sub(r"(?<=\d)[,\s\u00a0\u202f](?=\d{3}(?!\d))", "", text)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text.strip()):
        text = text.replace(".", "")  # "1.270 soldiers": the continental thousands point (a count has no decimals)
    words = re.split(r"[\s-]+", text.lower().strip())
    if not words or not words[0]:
        return None
    value: float = 0.0
    first = words[0]
    if re.fullmatch(r"\d+(?:\.\d+)?", first):
        value = float(first)
    elif first in NUMBER_WORDS:
        value = NUMBER_WORDS[first]
    elif first in SCALE_WORDS:
        value, words = 1, ["one", *words]
    else:
        return None
    for word in words[1:]:
        if word in SCALE_WORDS:
            value *= SCALE_WORDS[word]
    return round(value)


_MONTH_WORD = re.compile(
    r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_YEAR_LIKE = re.compile(r"(?:19|20)\d{2}")
# "the last 80 of the 600 soldiers": the count that moves is the first one.
_SHARE_OF = re.compile(
    rf"(?i)\b(?:the\s+)?(?:last|first|final|remaining|other)\s+(?P<num>{_NUMBER})\s+of\s+(?:the\s+|its\s+|their\s+)?$"
)


_LAST_OF = re.compile(
    rf"(?i)\b(?:last|final|first|remaining)\s+(?P<num>{_NUMBER})\s+of\s+(?:the\s+|its\s+|their\s+)?"
    rf"(?P<mods>(?:[\w'-]+\s+){{0,3}}?)(?:{_PERSONNEL_NOUN})\b"
)


def _is_a_date_number(sentence: str, match: re.Match[str]) -> bool:
    """A day of the month or a year read as a headcount: "On 4 March ...", "In 2015 Kenyan soldiers"."""
    number = match.group("num")
    after = sentence[match.end("num"):match.end("num") + 12]
    before = sentence[max(0, match.start("num") - 12):match.start("num")]
    if re.fullmatch(r"\d{1,2}", number) and (_MONTH_WORD.match(after.lstrip()) or re.search(
            r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$", before)):
        return True
    if re.search(r"\d[-/.]$", sentence[:match.start("num")]):
        return True  # "2025-02-19 Burundian soldiers": the end of a written date
    return bool(_YEAR_LIKE.fullmatch(number))


_MILITARY_THING = re.compile(
    r"\s+(?:bases?|installations?|facilit\w+|sites?|camps?|equipment|aircraft|cooperation|hardware|materiel"
    r"|(?-i:(?:(?!(?:in|at|to|from|across|for|with|on|and|were|are|have|had)\b)[a-z-]+\s+)?[a-z][a-z-]{3,}s)\b)",
    re.IGNORECASE)
_PERSONNEL_AFTER = re.compile(rf"\s+(?:[\w-]+\s+)?(?:{_PERSONNEL_NOUN})\b")


def find_headcounts(sentence: str) -> list[Headcount]:
    """Counts of people attached to a personnel noun, leaving out money, capacities and totals over time."""
    counts: list[Headcount] = []
    for match in _PERSONNEL.finditer(sentence):
        if _is_a_date_number(sentence, match) or _MONTH_WORD.search(match.group("mods") or ""):
            continue
        if match.group("noun").lower() == "military" and _MILITARY_THING.match(sentence[match.end():]) and \
                not _PERSONNEL_AFTER.match(sentence[match.end():]):
            continue  # "three military bases", "four military planes": an adjective, not the troops
        before = sentence[max(0, match.start() - 40):match.start()]
        if re.search(r"[$€£]\s*$|\b(?:USD|dollars?|euros?)\s*$", before):
            continue
        if re.search(r"(?i)\b(?:million|billion|percent|per cent)\b", match.group("mods") or ""):
            continue
        if _CAPACITY.search(before[-30:]) or _CUMULATIVE.search(before[-30:]):
            continue
        if _CASUALTIES_AFTER.match(sentence[match.end():]) or _CASUALTIES_BEFORE.search(before):
            continue  # "after three soldiers were killed": the dead, not the force's size
        share = _SHARE_OF.search(sentence[:match.start()])
        value = number_value(share.group("num") if share else match.group("num2") or match.group("num"))
        if value is None or value < 2 or value > 200_000:
            continue
        demonym = None
        for word in re.findall(r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?", match.group("mods") or ""):
            demonym = DEMONYMS.get(word) or DEMONYMS.get(word.split()[0]) or _STATE_ADJECTIVES.get(word) or demonym
        counts.append(Headcount(match.start(), match.end(), value, demonym))
    for match in _LAST_OF.finditer(sentence):
        # "The final 50 of the French troops": the count that moves, with no number before the noun.
        value = number_value(match.group("num"))
        if value is not None and 2 <= value <= 200_000 and not any(c.start < match.end() and match.start() < c.end
                                                                    for c in counts):
            words = re.findall(r"[A-Z][\w-]*", match.group("mods") or "")
            demonym = next((DEMONYMS.get(w) or _STATE_ADJECTIVES.get(w) for w in words
                            if DEMONYMS.get(w) or _STATE_ADJECTIVES.get(w)), None)
            counts.append(Headcount(match.start(), match.end(), value, demonym))
    for match in _STRONG.finditer(sentence):
        if any(c.start <= match.start("num") < c.end for c in counts):
            continue
        value = number_value(match.group("num"))
        if value is not None and 2 <= value <= 200_000:
            counts.append(Headcount(match.start(), match.end(), value, None))
    for match in _NUMBERING.finditer(sentence):
        if any(c.start <= match.start("num") < c.end for c in counts) or _is_a_date_number(sentence, match):
            continue
        value = number_value(match.group("num"))
        if value is not None and 2 <= value <= 200_000:
            counts.append(Headcount(match.start(), match.end(), value, None))
    for match in _CONTAINER_OF.finditer(sentence):
        if any(c.start <= match.start("num") < c.end for c in counts):
            continue
        value = number_value(match.group("num"))
        if value is not None and 2 <= value <= 200_000:
            counts.append(Headcount(match.start(), match.end(), value, None))
    return sorted(counts, key=lambda c: c.start)


_STATE_ADJECTIVES: dict[str, str] = {"US": "USA", "U.S.": "USA", "UK": "GBR", "UAE": "ARE"}
