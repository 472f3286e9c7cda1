"""Article-level passes across sentences: page furniture and unwrapped lines, what earlier sentences established,
and the places and dates a sentence gives the claims of the one before."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from footprint.extract import syntax
from footprint.extract.assertion import _PARTIAL, _screen
from footprint.extract.choosers import _LIST, _LIST_KIND_BEFORE, _REPORTED_ON, _trim_facility
from footprint.extract.classifier import EventModel
from footprint.extract.dates import find_dates
from footprint.extract.gazetteer import Gazetteer
from footprint.extract.lexicon import AFRICAN_ISO3
from footprint.extract.results import Claim
from footprint.extract.roles import _FACILITY
from footprint.extract.sentences import SentenceView, _sentence_views, other_clause
from footprint.extract.text import _nlp, normalise_for_matching
from footprint.extract.triggers import _words, candidate_triggers
from footprint.extract.vetoes import _is_english, _lands_outside_africa, _visitors


@dataclass
class _Context:
    """What earlier sentences of the article established."""

    published: dt.date | None
    recent_host: str | None
    main_host: str | None
    recent_actor: tuple[str, str | None] | None = None
    model: EventModel | None = None
    observe: list[dict] | None = None  # candidates with their features, for training the model
    sentence: int = 0
    senders: set[str] = field(default_factory=set)  # states the article has shown sending forces
    towns: frozenset[str] = frozenset()  # names the article itself calls towns ("Bunagana, a key town")
    # The state a recent sentence made its subject, with that sentence's number: what "the country" refers to.
    recent_subject: tuple[str, int] | None = None


def article_views(text: str, gazetteer: Gazetteer) -> tuple[str, list[SentenceView]]:
    """(the same-length matching copy of ``text``, its sentences with their gazetteer names), page furniture
    left out."""
    matching = _unwrap_lines(normalise_for_matching(text))
    doc = _nlp()(matching)
    views = _sentence_views(doc, gazetteer.find(doc))
    furniture = _page_furniture(matching)
    views = [view for view in views if not any(start <= view.offset < end for start, end in furniture)]
    parses = syntax.parse_tokens([(view.tokens, view.spaces()) for view in views])
    for view, parse in zip(views, parses or (), strict=False):
        view.parse = parse
    return matching, views


_LINK_HEADER = re.compile(r"(?im)^[ \t]*(?:read (?:more|also)|also read|see also|related(?: articles| stories)?"
                          r"|more to read|recommended|you may also like|most read)\b[^\n]*$")


_WRAPPED_LINE = re.compile(r"[^\n]{35,90}")


def _unwrap_lines(text: str) -> str:
    """Same-length copy of ``text`` where the line breaks of hard-wrapped wire copy are spaces, so that
    "Several dozen British troops on\nTuesday arrived in Juba" is one sentence. A block counts as wrapped when
    most of its lines are of similar length and end mid-sentence; headlines and short lines keep their breaks."""
    lines = text.split("\n")
    if len(lines) < 4:
        return text
    mid_sentence = [bool(_WRAPPED_LINE.fullmatch(line)) and not line.rstrip().endswith((".", "!", "?", '"', ":"))
                    for line in lines]
    if sum(mid_sentence) < max(3, len([line for line in lines if line.strip()]) // 2):
        return text
    out = list(text)
    position = 0
    for index, line in enumerate(lines[:-1]):
        position += len(line)
        following = lines[index + 1]
        if mid_sentence[index] and following.strip() and following[:1].isalnum():
            out[position] = " "
        position += 1
    return "".join(out)


def _page_furniture(text: str) -> list[tuple[int, int]]:
    """Spans of "Read also:" lists and similar links to other stories: headlines of other articles, which
    assert nothing about this one. A header line and the short unpunctuated lines after it."""
    spans = []
    for match in _LINK_HEADER.finditer(text):
        end = match.end()
        for line in re.finditer(r"\n([^\n]*)", text[end:]):
            content = line.group(1).strip()
            if not content or len(content) > 140 or content.endswith((".", '"', "”")):
                break
            end = match.end() + line.end()
        spans.append((match.start(), end))
    return spans


# "have withdrawn from a town in the Gedo region": a place the sentence leaves unnamed.
_AN_UNNAMED_PLACE = re.compile(r"(?i)\b(?:from|in|at|to|into|of|back|over|left|vacated|closed|leaving) "
                               r"(?:an?|(?:its|their)(?: only| last| main| remaining)?) "
                               r"(?:[\w-]+ ){0,2}?(?:town|village|city|base|camp|air ?base|airbase|outpost)\b")


# "... could leave Menaka, where they were based, vulnerable": the clause says the place is the troops' base.
_WHERE_BASED = re.compile(r"(?i),? where (?:they|the troops|the soldiers|its troops|their troops) (?:were|had been|are"
                          r"|have been) (?:based|stationed|garrisoned|deployed)\b")


def _place_named_next(view: SentenceView, claims: list[Claim], previous: list[int], text: str) -> None:
    """"KDF have withdrawn from a town in the Gedo region. Bardhere, which lies 451 km south-west of Mogadishu,
    ...": the place the next sentence opens with, or calls where the troops were based, names the unnamed place
    of the sentence before."""
    # A region's name said to be where the troops were based is its town ("Menaka, where they were based").
    opening = 1 if view.tokens and view.tokens[0].lower() == "the" else 0  # "The Port-Bouet military camp, ..."
    named = [m for m in view.mentions if (m[0].kind in ("site", "city") and m[3] == opening) or (
        m[0].kind in ("site", "city", "region") and _WHERE_BASED.match(view.text[m[2]:]))]
    if not named:
        _facility_named_next(view, claims, previous, text, opening)
        return
    mention, start, end, *_ = named[0]
    # Only a movement done at the place (not a plan or the presence around it), and only when one is unnamed.
    unnamed = [index for index in previous if claims[index].site is None and claims[index].event in _MOVEMENTS
               and claims[index].host_country == mention.iso3
               and _AN_UNNAMED_PLACE.search(text[claims[index].start:claims[index].end])]
    if len(unnamed) == 1:
        claim, entry = claims[unnamed[0]], mention.entry
        claims[unnamed[0]] = replace(claim, site=text[view.offset + start:view.offset + end],
                                     site_id=entry.site_id, lat=entry.lat, lon=entry.lon)


_UNNAMED_BASE = re.compile(r"(?i)\b(?:from|in|at|of|left|vacated|closed|leaving) (?:an?|(?:its|their)(?: only| last"
                           r"| main| remaining)?) (?:[\w-]+ ){0,2}?(?:base|camp|air ?base|airbase|garrison|outpost)\b")
_BASE_WORD = re.compile(r"(?i)\b(?:base|camp|garrison|barracks|outpost)\b")


def _base_placed_next(claims: list[Claim], previous: list[int], following: list[Claim], text: str) -> None:
    """"Ethiopian troops withdrew from a key military base on Monday. Since 2007, the army maintained a garrison in
    a base east of Beletwein": the next sentence's claim about that force's base names the base left unnamed."""
    unnamed = [index for index in previous if claims[index].site is None and claims[index].event in _MOVEMENTS
               and _UNNAMED_BASE.search(text[claims[index].start:claims[index].end])]
    if len(unnamed) != 1:
        return
    claim = claims[unnamed[0]]
    placed = {(c.site, c.site_id, c.lat, c.lon) for c in following if c.site is not None
              and (c.actor, c.host_country) == (claim.actor, claim.host_country) and _BASE_WORD.search(c.evidence)}
    if len(placed) == 1:
        site, site_id, lat, lon = placed.pop()
        claims[unnamed[0]] = replace(claim, site=site, site_id=site_id, lat=lat, lon=lon)


def _facility_named_next(view: SentenceView, claims: list[Claim], previous: list[int], text: str,
                         opening: int) -> None:
    """"France has handed over its only army base in Cote d'Ivoire. The Port-Bouet military camp, near Abidjan,
    ...": a named camp or base the next sentence opens with is the unnamed base of the one before."""
    if opening >= len(view.tokens):
        return
    match = _FACILITY.match(view.text, view.token_starts[opening])
    name = _trim_facility(match.group(0).strip()) if match else None
    if name is None:
        return
    states = {m.iso3 for m, *_ in view.mentions if m.kind in ("state", "city", "site") and m.iso3 in AFRICAN_ISO3}
    unnamed = [index for index in previous if claims[index].site is None and claims[index].event in _MOVEMENTS
               and states <= {claims[index].host_country}
               and _AN_UNNAMED_PLACE.search(text[claims[index].start:claims[index].end])]
    if len(unnamed) == 1:
        claims[unnamed[0]] = replace(claims[unnamed[0]], site=name)


_SEVERAL_PLACES = re.compile(
    r"(?i)\b(?:in|to|into|across|from|at|of) (?:several|various|many|a number of|some|a few|multiple|a series of"
    r"|\w+ different) (?:[\w-]+ )?(?:towns|villages|communities|localities|cities|bases|camps|sites|areas|districts"
    r"|locations|positions)\b")


def _places_listed_next(view: SentenceView, claims: list[Claim], previous: list[int], text: str) -> None:
    """"Burundian forces are deployed in several villages of South Kivu. ... soldiers have settled in the villages
    of Munywema, Kiliba, Runingu and Sange": the list of the next sentence names the places of the one before,
    one claim each."""
    unnamed = [index for index in previous if claims[index].site is None
               and _SEVERAL_PLACES.search(text[claims[index].start:claims[index].end])]
    if len(unnamed) != 1:
        return
    for match in _LIST.finditer(view.text):
        if not _LIST_KIND_BEFORE.search(view.text[:match.start()]):
            continue
        items = [item.strip() for item in re.split(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+", match.group("list"))]
        items = [item for item in items if item]
        if len(items) < 2:
            continue
        claim = claims[unnamed[0]]
        claims[unnamed[0]:unnamed[0] + 1] = [replace(claim, site=item) for item in items]
        return


def _as_written(claim: Claim, text: str, matching: str) -> str | None:
    """The claim's place as the article writes it (with its accents), found through the folded copy."""
    if claim.site is None:
        return None
    position = matching.find(claim.site, claim.start, claim.end)
    return text[position:position + len(claim.site)] if position >= 0 else claim.site


_FOLLOW_UP = _words(r"(?:the|this|that) (?:decision|move|announcement|step|handover|transfer|withdrawal|pullout"
                    r"|departure|ceremony|deployment)")


def _date_from_follow_up(view: SentenceView, context: _Context, claims: list[Claim], previous: list[int]) -> None:
    """"Mali cancelled the accords. The spokesman announced the decision on Monday.": date the earlier claims."""
    if not _FOLLOW_UP.search(view.text):
        return
    dates = [d for d in find_dates(view.text, context.published) if not (d.deadline or d.future or d.modifier)]
    if len(dates) > 1:
        # "Officials said on 9 June that the pullout, under way since 2 April, had gone smoothly": the date
        # of the report is the one that follows the reporting verb.
        reported = [d for d in dates if _REPORTED_ON.search(view.text[max(0, d.start - 25):d.start])]
        dates = reported[:1]
    if len(dates) != 1:
        return
    for index in previous:
        if claims[index].date is None and claims[index].event != "presence":
            claims[index] = replace(claims[index], date=dates[0].value, date_precision=dates[0].precision)


_MOVEMENTS = frozenset({"arrival", "withdrawal_completed", "handover"})
# A sentence that goes on telling the last one's movement through its subject's pronoun.
_CONTINUES = re.compile(r"(?:They|It|The (?:troops|soldiers|contingent|force|forces|unit))\s+(?!(?:will|would|are|is|"
                        r"had|have|has)\b)")


def _date_of_the_sentence_before(claims: list[Claim], before: list[Claim]) -> list[Claim]:
    """"The last German troops ... left Mali on Tuesday. They departed Camp Castor, ..., which was handed over to the
    Malian government": an undated movement of the same actor, told on, has the day of the movement before it."""
    dated = {(c.actor, c.host_country): c for c in before
             if c.event in _MOVEMENTS and c.date is not None and c.date_precision == "day"}
    result = []
    for claim in claims:
        earlier = dated.get((claim.actor, claim.host_country))
        if claim.date is None and claim.event in _MOVEMENTS and earlier is not None:
            claim = replace(claim, date=earlier.date, date_precision=earlier.date_precision)
        result.append(claim)
    return result


_QUOTED_DAY = re.compile(r"(?i)\b(?:today|tonight|yesterday)\b")


def _day_of_the_statement(view: SentenceView, context: _Context, claims: list[Claim], previous: list[int]) -> None:
    """"'Troops based in Ouallam left their base today. These are operations ...', said the regime, in a
    statement read out Tuesday evening": a day word quoted in the sentence before counts from the day the
    statement was made, which the sentence that closes the quotation gives."""
    if context.published is None or view.text.count('"') % 2 == 0:
        return
    close = view.text.index('"')
    dates = {(d.value, d.precision) for d in find_dates(view.text[close:], context.published)
             if d.precision == "day" and not (d.future or d.deadline)}
    if len(dates) != 1:
        return
    said = dt.date.fromisoformat(next(iter(dates))[0])
    for index in previous:
        claim = claims[index]
        quoted = claim.evidence.lstrip().startswith('"') and claim.evidence.count('"') % 2 == 1
        word = _QUOTED_DAY.search(claim.evidence)
        if quoted and word is not None and claim.date == context.published.isoformat():
            day = said - dt.timedelta(days=1) if word.group(0).lower() == "yesterday" else said
            claims[index] = replace(claim, date=day.isoformat(), date_precision="day")


def _date_from_restatement(view: SentenceView, context: _Context, claims: list[Claim],
                           own: list[Claim] = ()) -> None:
    """"Rwandan troops have arrived in Cabo Delgado. ... 'They started arriving today (Friday)'": a later
    sentence that tells the same movement again, with one date and no claim of its own, dates the latest
    undated claim of that movement. A landing at a home base tells the withdrawal again. A sentence whose own
    claim puts that movement at another place ("Soldiers had also left el-Ade, where ... 11 days ago") tells
    another event, not the same one again."""
    if not claims or not _is_english(view):
        return
    events = set()
    visits: list[int] = []
    partial = bool(_PARTIAL.search(view.text))
    for candidate in candidate_triggers(view.text, view.parse, view.token_starts):
        trigger = _screen(view.text, candidate, partial, view.parse, view.token_at(candidate.start))
        if trigger is None:
            continue  # "the 1998 attack, which left 224 people dead": no departure told again
        if trigger.event == "arrival" and _visitors(view, trigger):
            visits.append(view.token_at(trigger.start))
            continue  # "The brigade commander arrived in Goma on April 23": not the troops' arrival told again
        if trigger.event == "arrival" and _lands_outside_africa(view, trigger):
            events.add("withdrawal_completed")
        elif trigger.event in _MOVEMENTS:
            events.add(trigger.event)
    if not events:
        return
    # the date of a visitor's clause is not the movement's
    dates = {(d.value, d.precision) for d in find_dates(view.text, context.published)
             if not (d.deadline or d.future or d.modifier)
             and not any(not other_clause(view, view.token_at(d.start), token) for token in visits)}
    if len(dates) != 1:
        return
    value, precision = next(iter(dates))
    for index in range(len(claims) - 1, -1, -1):
        claim = claims[index]
        if claim.event not in events:
            continue
        if claim.date is None and not any(
                c.event == claim.event and c.site is not None and c.site != claim.site for c in own):
            claims[index] = replace(claim, date=value, date_precision=precision)
        break  # only the latest telling of that movement
