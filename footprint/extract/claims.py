"""Claims: a trigger with an actor, host, site, date and headcount, merged across an article."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from footprint.extract import syntax
from footprint.extract.article import published_from_url
from footprint.extract.classifier import EventModel, candidate_features, default_model
from footprint.extract.dates import DateMention, find_dates
from footprint.extract.events import (
    _carry_dates,
    _counts_by_place,
    _drop_drawdowns,
    _drop_loose_exits,
    _drop_partial_exits,
    _fold_rotations,
    _implied_presence,
    _merge_events,
    _places_named_nearby,
    _since_as_arrival,
)
from footprint.extract.gazetteer import Entry, Gazetteer, _country_names
from footprint.extract.headcounts import _STATE_ADJECTIVES, Headcount, find_headcounts
from footprint.extract.lexicon import (
    AFRICAN_ISO3,
    DEMONYMS,
    MILITARY_METONYMS,
    MONTHS,
    NOT_TROOPS_AFTER_MILITARY,
    WEEKDAYS,
    _word_set,
)
from footprint.extract.results import Claim
from footprint.extract.roles import (
    _BOUNDARY_TOKENS,
    _FACILITY,
    _FACILITY_LEAD_STOP,
    _FORCE_NOUN_RE,
    NEW_CLAUSE,
    Role,
    SentenceView,
    _force_noun_follows,
    _in_participial_aside,
    _sentence_views,
    choose_actors,
    choose_hosts,
    names_a_venue,
    other_clause,
    parsed_movers,
    parsed_place_tokens,
)
from footprint.extract.text import _nlp, normalise_for_matching
from footprint.extract.triggers import (
    _HEDGES,
    _PARTIAL,
    _PAST_MARKERS,
    Trigger,
    _clause_around,
    _modality,
    _screen,
    _words,
    candidate_triggers,
)


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


def _date_cost(view: SentenceView, date: DateMention, trigger_token: int) -> float | None:
    """How far a date phrase is from a trigger, in words, counting clause breaks; None when it cannot apply."""
    token = view.token_at(date.start)
    date_segment, trigger_segment = view.segments[token], view.segments[trigger_token]
    if date_segment != trigger_segment and {date_segment, trigger_segment} & view.relative_segments:
        return None
    if date_segment != trigger_segment and _opens_time_clause(view, date_segment):
        return None  # "After seizing power in September 2022, the leaders expelled ...": the aside's date
    if date_segment != trigger_segment and _opens_with_past_participle(view, date_segment):
        return None  # "China's base in Djibouti, opened in 2017, houses 2,000 personnel": the opening's date
    cost = float(abs(token - trigger_token))
    leading = date_segment == 0 and token <= 4 and date_segment != trigger_segment
    if date_segment != trigger_segment and not leading:
        cost += 2 * abs(date_segment - trigger_segment)
    if date.modifier:
        cost += 10
    return cost if cost <= 25 else None


_DONE_BY = re.compile(
    r"(?i)\b(?:withdrew|left|departed|pulled out|had (?:left|withdrawn|gone))\s+(?:\w+\s+){0,3}?by\s+$"
)


def _opens_time_clause(view: SentenceView, segment: int) -> bool:
    """The comma-bounded clause opens with a participle or "after/before/since/when" and a verb ("After seizing")."""
    indices = [i for i, s in enumerate(view.segments) if s == segment]
    words = [view.tokens[i].lower() for i in indices if view.tokens[i] not in _BOUNDARY_TOKENS][:2]
    return len(words) == 2 and words[0] in ("after", "before", "since", "when", "while", "following") and \
        words[1].endswith("ing")


def _opens_with_past_participle(view: SentenceView, segment: int) -> bool:
    """The comma-bounded aside opens with a past participle and a preposition ("..., opened in 2017, ...")."""
    words = [view.tokens[i] for i, s in enumerate(view.segments) if s == segment
             and view.tokens[i] not in _BOUNDARY_TOKENS][:2]
    return segment > 0 and len(words) == 2 and words[0].islower() and words[0].endswith("ed") and \
        words[1].lower() in ("in", "on", "since", "during", "at", "by")


def _back_a_year(date: DateMention) -> DateMention:
    return replace(date, value=f"{int(date.value[:4]) - 1:04d}{date.value[4:]}", future=False)


def _until(text: str, date: DateMention) -> bool:
    """The date closes an "until" phrase ("until January", "until the end of 2022")."""
    return bool(_UNTIL_BEFORE.search(text[:date.start]) or re.match(r"(?i)until\b", text[date.start:]))


_OTHER_CONJUNCT = re.compile(r"(?i)\b(?:and|but|while|whereas)\s+(?:it|they|he|she|we)\b")
# "to bolster a more than 200-strong deployment of British personnel already in the country": a force still there
# when the page tells of others joining it, whatever the tense of the verb that tells it.
_ALREADY_THERE = re.compile(r"(?i)^[^.;]{0,60}?(?<!had )(?<!had been )\balready (?:in|on the ground|there|present|"
                            r"stationed|deployed|based)\b")


def _across_relative(view: SentenceView, token: int, trigger_token: int) -> bool:
    """One of the two stands in a relative clause the other is not in: "Rwandan troops, who arrived in Cabo
    Delgado in July 2021, remain in Palma": Palma is where they remain, not where they arrived."""
    segments = {view.segments[token], view.segments[trigger_token]}
    if len(segments) != 2:
        return False
    # Only clauses about persons: after "which" or "where" the place may well be the antecedent ("Camp Castor,
    # ..., which was handed over").
    for segment in segments & view.relative_segments:
        opener = next(i for i, s in enumerate(view.segments) if s == segment)
        opener += view.tokens[opener] in _BOUNDARY_TOKENS
        if opener < len(view.tokens) and view.tokens[opener].lower() in _RELATIVE_OF_PERSONS:
            return True
    return False


def _own_clause(sentence: str, trigger: Trigger) -> str:
    """The comma-delimited stretch around the trigger, cut at any coordinated clause with a subject of its own."""
    clause = _clause_around(sentence, trigger)
    base = sentence.find(clause)
    left, right = 0, len(clause)
    for match in NEW_CLAUSE.finditer(clause):
        if base + match.start() < trigger.start:
            left = max(left, match.start())
        elif base + match.start() >= trigger.end:
            right = min(right, match.start())
    return clause[left:right]


def _verbless_in_the_past(view: SentenceView, trigger: Trigger) -> bool:
    """"there were 350 French troops in Libreville and Dakar, and 950 soldiers in Abidjan": a presence with no
    verb of its own is told in the tense of the sentence's verb."""
    own = _own_clause(view.text, trigger)
    return trigger.nominal and not re.search(r"(?i)\b(?:is|are|has|have|remains?|stays?|now|still|currently)\b", own) \
        and bool(re.search(r"(?i)\b(?:were|was)\b", view.text[:trigger.start]))


def _under_relative(doc, index: int, head: int) -> bool:
    """Whether token ``index`` hangs, through any clauses, below a relative clause that does not hold ``head``."""
    token = doc[index]
    while token.head.i != token.i:
        if token.dep_ in ("acl:relcl", "advcl:relcl"):
            return head not in syntax.subtree(doc, token.i)
        token = token.head
    return False


_UNTIL_BEFORE = re.compile(r"(?i)\buntil\s+(?:(?:early|late|mid-?|the end of)\s*)?$")


def _choose_date(view: SentenceView, trigger_token: int, dates: list[DateMention],
                 competitor_tokens: list[int], ended_until: bool = False,
                 announced: bool = False) -> DateMention | None:
    """The date phrase closest to this trigger, among those no other trigger in the sentence is closer to."""
    best: tuple[float, DateMention] | None = None
    if not announced:
        # "The Burundian deployment is part of the mission announced on February 4": the date of a participle
        # that modifies another noun after the trigger is that participle's
        at = view.token_starts[trigger_token]
        dates = [date for date in dates
                 if not (date.start > at and _PARTICIPLE_DATED.search(view.text[at:date.start]))]
    dateline = _dateline_end(view.text)
    if ended_until:
        # "had been stationed there until January": a presence that ended, so the last January before the page
        dates = [_back_a_year(date) if date.future and date.deadline and date.precision in ("month", "day")
                 and _until(view.text, date) else date for date in dates]
    doc = view.parse
    predicate = syntax.predicate(doc, trigger_token) if doc is not None else None
    # "On Wednesday the ministry confirmed that Chadian soldiers left Mali in January": when the trigger's own
    # clause has a date, the date of the verb of saying that reports it is not the event's. (An announced
    # withdrawal is dated by its announcement.)
    own_dated = predicate is not None and not announced and any(
        not date.future and not date.deadline and date.end > dateline
        and syntax.clause_head(doc, view.token_at(date.start)) == syntax.clause_head(doc, predicate)
        for date in dates)
    for date in dates:
        if date.end <= dateline:
            continue  # "date 2022-06-14 PARIS: French troops were on Monday ...": the page's stamp, not the event's
        # "On Wednesday, US forces begin pulling out": the day a withdrawal begins is the announced one's date.
        if (date.future and not (announced and date.precision == "day" and not date.deadline)) or (
                date.deadline and not _DONE_BY.search(view.text[:date.start])
                           and not (ended_until and date.start > view.token_starts[trigger_token]
                                    and _until(view.text, date))):
            # "by 15 January" is a deadline, but "withdrew by Jan. 2009" dates the withdrawal, and so does "had been
            # stationed there until 2022" a presence that ended
            continue
        cost = _date_cost(view, date, trigger_token)
        report_date = _dates_a_perfect(view, date, trigger_token)
        opens_sentence = view.token_at(date.start) <= 1  # "On Saturday, ...": frames every clause after it
        date_token = view.token_at(date.start)
        if own_dated and syntax.reports(doc, date_token, predicate):
            continue
        if predicate is not None and not report_date and syntax.in_another_clause(doc, date_token, predicate) and (
                view.segments[date_token] == view.segments[trigger_token]
                or view.segments[date_token] in view.relative_segments):
            # "left the base that Paris opened in 2014": the date of another clause than the trigger's. Only where the
            # commas agree: in "sent 300 soldiers, who will join others, to Mali in December" a weak parse hangs
            # the date on "join"
            continue
        if predicate is not None and not report_date and _under_relative(doc, date_token, predicate):
            continue  # "left el-Ade, where al-Shabab said it had killed 100 soldiers 11 days ago": the killing's date
        if other_clause(view, view.token_at(date.start), trigger_token) and not report_date and not opens_sentence:
            continue
        if date.end <= view.token_starts[trigger_token] and _OTHER_CONJUNCT.search(
                view.text[date.end:view.token_starts[trigger_token]]):
            continue  # "... to Takuba 2020 and it has about 250 soldiers": the first conjunct's date
        if report_date:
            cost = min(cost, 12.0) if cost is not None else 12.0
        if cost is None:
            continue
        date_token = view.token_at(date.start)
        date_segment = view.segments[date_token]
        since = bool(re.search(r"(?i)\bsince\s+$", view.text[:date.start])) or \
            view.text[date.start:date.start + 6].lower().startswith("since")
        if since and date_token < trigger_token and any(date_token > token for token in competitor_tokens
                                                          if token != trigger_token):
            continue  # "stationed in Mozambique since July 2021 will remain there": "since" dates the verb before it
        if date_token <= 1 and date_segment == 0 and not any(t < date_token for t in competitor_tokens) and \
                not any(other.start > date.end and view.token_at(other.end - 1) < trigger_token and not (
                    other.future or other.deadline or other.modifier) for other in dates):
            # ("In 2009 the SDF began patrols and in 2011 established the base": a nearer date before the verb
            # is its own)
            # "On 4 March Eritrea cancelled the accord and ordered Emirati personnel to leave": a date that
            # opens the sentence frames all of it.
            cost = min(cost, 1.0)
        if date_token < trigger_token and any(t < date_token for t in competitor_tokens if t != trigger_token):
            cost += 1  # "entered Somalia in 2006 and withdrew in 2009": a date between two verbs follows the first
        if 1 < date_token < trigger_token and view.tokens[trigger_token - 1].lower() in ("and", "but") and \
                view.token_at(date.end - 1) < trigger_token - 1:
            continue  # "has trained Somali soldiers since 2017 and deployed troops": the first verb's date
        mine_is_local = view.segments[trigger_token] == date_segment
        beaten = False
        for token in competitor_tokens:
            if trigger_token < date_token < token and _has_own_date_after(view, token, date, dates):
                continue  # "intervened in Dec. 2006 and withdrew by Jan. 2009": each verb's date follows it
            if since and trigger_token < date_token < token:
                continue  # the "since" date is this verb's, whatever follows
            rival = _date_cost(view, date, token) if token != trigger_token else None
            # A rival closer to the date takes it, unless only this trigger shares the date's clause.
            if rival is not None and rival < cost and (view.segments[token] == date_segment or not mine_is_local) \
                    and not _adjunct_of(view, trigger_token, token) and date_token > 1:
                beaten = True
        if beaten and not report_date:
            continue
        if best is None or cost < best[0]:
            best = (cost, date)
    return best[1] if best else None


_PARTICIPLE_DATED = re.compile(
    r"(?i)\b(?:the|a|an|its|their)\s+(?:[\w-]+\s+){0,3}?(?:mission|operation|force|agreement|deal|plan|decision"
    r"|accord|resolution|mandate)\s+(?:announced|agreed|signed|decided|created|launched|approved|adopted|established"
    r"|brokered|reached)\s+(?:\w+\s+)?(?:on|in|at)?\s*$")


_PERFECT = _word_set("has have 've")


def _dates_a_perfect(view: SentenceView, date: DateMention, trigger_token: int) -> bool:
    """"X has left Mali ..., sources told AFP on Sunday": the report's date, after the event's clause, dates a
    present-perfect event however long the sentence."""
    if trigger_token >= view.token_at(date.start) or not _REPORTED_ON.search(view.text[max(0, date.start - 25):
                                                                                       date.start]):
        return False
    if view.tokens[trigger_token].lower() in _PERFECT:
        return True
    if view.tokens[trigger_token].lower().endswith("ing") and trigger_token > 0 and \
            view.tokens[trigger_token - 1].lower() in ("is", "are", "was", "were"):
        return True  # "Burundian soldiers were pulling out ..., four sources said on Tuesday": under way that day
    # "have so far crossed", "has now left": the auxiliary a few adverbs before the participle
    for index in range(trigger_token - 1, max(-1, trigger_token - 4), -1):
        word = view.tokens[index].lower()
        if word in _PERFECT:
            return True
        if not word.isalpha() or not word.islower() or word in ("and", "or", "but", "to", "will", "would"):
            return False
    return False


def _has_own_date_after(view: SentenceView, token: int, taken: DateMention, dates: list[DateMention]) -> bool:
    """Another usable date follows the trigger at ``token`` in its own clause."""
    for other in dates:
        if other is taken or other.future or (other.deadline and not _DONE_BY.search(view.text[:other.start])):
            continue
        other_token = view.token_at(other.start)
        if other_token > token and view.segments[other_token] == view.segments[token]:
            return True
    return False


def _adjunct_of(view: SentenceView, trigger_token: int, main_token: int) -> bool:
    """The trigger opens a participle clause (", giving them a month to leave") after the main clause's trigger.

    Such a clause shares the main clause's date.
    """
    segment = view.segments[trigger_token]
    if view.segments[main_token] != segment - 1:
        return False
    first = next(i for i, s in enumerate(view.segments) if s == segment)
    first += view.tokens[first] in _BOUNDARY_TOKENS
    return first < len(view.tokens) and view.tokens[first].lower().endswith("ing")


# A dateline opening a sentence: "date 2022-06-14", "BANGUI, Central African Republic —", "Kismayo (HOL) -",
# "MOSCOW, Feb 28 (Reuters) –", "PARIS:". Where the story was filed, not where the event happened.
_DATELINE = re.compile(
    r"^\W*(?:date\s+)?(?:\d{4}-\d{2}-\d{2}\b\s*)?"
    r"(?:(?:[A-Z][\w'’.-]*(?:[ ,]+(?:[A-Z][\w'’.-]*|\d{1,2}|of|the)){0,5}\s*(?:\([^)]{1,30}\)\s*)?"
    r"(?:[-–—]\s|:\s))"
    # "Goma, (APP - UrduPoint / Pakistan Point News - 8th Jul, 2024) Some 3,000 ...": an agency's bracket with its
    # date after the place
    r"|[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2},\s*\((?=[^)]*\d)[^)]{1,80}\)\s*(?:[-–—:]\s*)?)?"
)


def _dateline_end(text: str) -> int:
    """Where the sentence's dateline ends (0 when it has none)."""
    match = _DATELINE.match(text)
    if not match or not match.group(0).strip():
        return 0
    head = match.group(0)
    # A real dateline: an ISO stamp, or a place in capitals or before an agency's bracket or a dash.
    if re.search(r"\d{4}-\d{2}-\d{2}", head) or re.search(r"[A-Z]{3,}", head) or "(" in head or \
            re.search(r"[-–—]\s$", head):
        return match.end()
    return 0


# A town the gazetteer lacks that the article introduces as one: "Bunagana, a key town which fell ...",
# "Bunagana is a small town in DR Congo's Rutshuru territory".
_INTRODUCED_TOWN = re.compile(
    r"(?<![\w'’-])(?P<name>(?:(?:al|el)-)?(?-i:[A-Z])[\w'’-]+(?: (?-i:[A-Z])[\w'’-]+)?)(?:,| is| was) an? "
    r"(?:[\w-]+ ){0,2}?(?:town|village|city|locality|border town|garrison town|port town)\b"
)


def _introduced_towns(text: str) -> frozenset[str]:
    names = set()
    for match in _INTRODUCED_TOWN.finditer(text):
        name = match.group("name")
        first = name.split()[0]
        if first in _country_names() or first in DEMONYMS or first.lower() in MONTHS or \
                first.lower() in WEEKDAYS or name.isupper() or first in ("The", "It", "This", "That", "Its"):
            continue
        names.add(name)
    return frozenset(names)


# Prepositions that name the place beside the one meant ("next to Camp Lemonnier").
_BESIDE = frozenset({"next", "beside", "opposite", "adjacent", "alongside"})


def _choose_site(view: SentenceView, trigger_token: int, host: str,
                 towns: frozenset[str] = frozenset()) -> tuple[str, Entry | None] | None:
    """The most specific place named near the trigger: a gazetteer site, a named facility, then a town."""
    ranked: list[tuple[int, float, str, Entry | None]] = []
    spans: dict[str, tuple[int, int]] = {}  # first and last token of each place named
    dateline = _dateline_end(view.text)
    attached = parsed_place_tokens(view, trigger_token)
    for mention, start, end, first, last in view.mentions:
        if end <= dateline:
            continue
        if view.parse is not None and _BESIDE & syntax.case_words(view.parse,
                                                                  syntax.span_head(view.parse, first, last)):
            continue  # "a site in Djibouti, next to Camp Lemonnier": the place beside the troops' own
        if mention.iso3 == host and mention.kind in ("site", "city") and not _stands_for_government(view, first, last) \
                and not _VENUE_BEFORE.search(" ".join(view.tokens[max(0, first - 3):first])):
            if first > trigger_token and _RELATIVE_OF_PERSONS.intersection(
                    token.lower() for token in view.tokens[trigger_token:first]):
                continue  # "... to neutralise the M23 rebels, who went on to overrun Goma": the rebels' place
            if first not in attached and (other_clause(view, first, trigger_token)
                                          or _across_relative(view, first, trigger_token)):
                continue
            if _FOUGHT_OVER.search(" ".join(view.tokens[max(0, first - 5):first])):
                continue  # "pulling out following the fall of the city of Bukavu": where the fighting was
            if _ROUTE.search(view.text[end:end + 40]) or \
                    {"through", "via"} & {token.lower() for token in view.tokens[max(0, first - 2):first]}:
                continue  # "entered Tigray through Zalambessa-Adigrat and Shiraro-Shire routes": a way, not a site
            rank = 0 if mention.kind == "site" else 2
            distance = abs(first - trigger_token)
            if first > trigger_token and view.segments[first] == view.segments[trigger_token]:
                distance *= 0.5  # the place a movement goes to or leaves from follows its verb
                if distance <= 4 and (view.tokens[first - 1].lower() in ("from", "at", "in", "to", "of", "into")
                                      or first - trigger_token <= 2):
                    rank = -1  # "exit from the air base at Bosaso", "handed over Air Base 101": the verb's place
            if first in attached:
                rank = -1  # the parse makes it the trigger's place, however far: "arrived, after a long flight, in Gao"
            ranked.append((rank, distance, view.text[start:end], mention.entry))
            spans.setdefault(view.text[start:end], (first, last))
    site_spans = [(start, end) for mention, start, end, *_ in view.mentions if mention.kind == "site"]
    for match in _FACILITY.finditer(view.text):
        name = _trim_facility(match.group(0).strip())
        if not name or any(s < match.end() and match.start() < e for s, e in site_spans):
            continue
        first = view.token_at(match.start() + match.group(0).index(name))
        if view.parse is not None and _BESIDE & syntax.case_words(
                view.parse, syntax.span_head(view.parse, first, view.token_at(match.end() - 1))):
            continue
        rank, distance = (-1 if first in attached else 1), abs(first - trigger_token)
        if first > trigger_token and view.segments[first] == view.segments[trigger_token]:
            distance *= 0.5
            if distance <= 4 and (view.tokens[first - 1].lower() in ("from", "at", "in", "to", "of", "into")
                                  or first - trigger_token <= 2):
                rank = -1
        ranked.append((rank, distance, name, None))
        spans.setdefault(name, (first, view.token_at(match.end() - 1)))
    known = [(start, end) for _m, start, end, *_ in view.mentions]
    for town in towns:
        for match in re.finditer(rf"(?<![\w'’-]){re.escape(town)}(?![\w'’-])", view.text):
            if any(s < match.end() and match.start() < e for s, e in known):
                continue
            first = view.token_at(match.start())
            if other_clause(view, first, trigger_token) or \
                    _FOUGHT_OVER.search(" ".join(view.tokens[max(0, first - 5):first])):
                continue
            distance = abs(first - trigger_token) * (0.5 if first > trigger_token else 1.0)
            ranked.append((2, distance, town, None))
            spans.setdefault(town, (first, view.token_at(match.end() - 1)))
    for match in _UNLISTED_TOWN.finditer(view.text):
        group = next(key for key in ("name", "name2", "name3", "name4") if match.group(key))
        name = match.group(group)
        if any(s < match.end(group) and match.start(group) < e for s, e in known) or \
                name.split()[0] in _country_names() or name.split()[0] in DEMONYMS or \
                name.split()[0].lower() in MONTHS or name.split()[0].lower() in WEEKDAYS or name.isupper():
            continue  # a place the gazetteer knows is ranked above; states, months and acronyms are no towns
        first = view.token_at(match.start(group))
        distance = abs(first - trigger_token) * (0.5 if first > trigger_token else 1.0)
        ranked.append((2, distance, name, None))
    names = {item[2] for item in ranked}
    distinct = {name for name in names if not any(name != other and name in other for other in names)}
    # "Camp Bila Zagré in Kamboinsin", "the air base at Assab": a facility and the town it stands in are one place.
    distinct = {name for name in distinct if not any(
        name != other and other in spans and name in spans and 0 < spans[name][0] - spans[other][1] <= 2
        and set(view.tokens[spans[other][1] + 1:spans[name][0]]) <= {"in", "at", "near", "outside", ","}
        for other in distinct)}
    if len(distinct) > 1:
        ranked = [item for item in ranked if item[1] <= 14]  # a lone place named in the sentence is the event's
    if not ranked:
        return None

    _rank, _distance, text, entry = min(ranked, key=lambda item: (item[0], item[1]))
    return text, entry


# A town the gazetteer lacks, named as one: "the central Somalia town of Dhusamareeb", "troops based in Ouallam".
_UNLISTED_TOWN = re.compile(
    r"\b(?:town|city|village|locality|commune|port|district capital|base|air ?base|airbase|camp|airport) of "
    r"(?P<name>(?:(?:al|el)-)?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"
    # "a base east of Beletwein", "a camp outside Baidoa": the town a base stands by
    r"|\b(?:base|air ?base|airbase|camp|garrison|barracks|airfield|airstrip|outpost) (?:(?:just |some )?(?:north|south"
    r"|east|west|north-east|north-west|south-east|south-west|northeast|northwest|southeast|southwest) of|near|outside"
    r"|close to) (?P<name4>(?:(?:al|el)-)?[A-Z][\w'’-]+)(?=\s*[,.(]|\s+[a-z])"
    r"|\b(?:based|stationed|garrisoned|headquartered|deployed) (?:in|at) (?P<name2>(?:(?:al|el)-)?[A-Z][\w'’-]+)"
    r"(?=\s*[,.(]|\s+[a-z])"
    # "withdraws from Somalia el-Ali", "had also left el-Ade": a name in lower-case Arabic article form after a
    # movement's preposition is a place (persons and groups are capitalised "Al-" or known to the gazetteer).
    r"|\b(?:from|out of|in|at|to|into|left|vacated|entered) (?:[A-Z][\w-]+(?:'s|’s)? )?"
    r"(?P<name3>(?-i:el|al)-[A-Z][\w'’-]+)"
)
_RELATIVE_OF_PERSONS = frozenset({"who", "whom", "whose"})
# "At talks in Nouakchott": where something was said, not where forces are.
# A place named as the object of fighting ("the fall of", "an attack on", "fighting in") is where the battle was,
# not a place the troops are, reach or leave.
_FOUGHT_OVER = re.compile(r"(?i)\b(?:fall|capture|seizure|takeover|siege|attacks?|fighting|battles?|offensive|assault"
                          r"|massacres?|killings?|clashes)\s+(?:of|on|in|for|near|around)"
                          r"(?:\s+the)?(?:\s+(?:city|town|village|capital|port|region))?(?:\s+of)?$")
_ROUTE = re.compile(r"(?i)^[\w\s'’-]{0,30}?\b(?:routes?|road|highway|corridor|axis)\b")
_VENUE_BEFORE = re.compile(r"(?i)\b(?:talks|meeting|meetings|summit|conference|interview|visit|forum|speech)"
                           r"\s+(?:in|at)$")
_GOVERNMENT_AFTER = _word_set("government authorities administration regime junta leadership authority officials "
                              "power rulers")


def _stands_for_government(view: SentenceView, first: int, last: int) -> bool:
    """A capital used for its government: "the Tripoli government", "after Kinshasa did not renew"."""
    preceding = view.tokens[first - 1].lower() if first > 0 else ""
    if preceding in ("of", "in") and first > 1 and view.tokens[first - 2].lower() in _GOVERNMENT_AFTER:
        return True  # "the fragile government of Tripoli", "the authorities in Bamako"
    if preceding in ("consulting", "informing", "notifying", "told", "telling", "urged", "accused", "pressured",
                     "between", "criticised", "criticized", "warned"):
        return True  # "without consulting Bamako"
    following = view.tokens[last + 1].lower() if last + 1 < len(view.tokens) else ""
    if following in _GOVERNMENT_AFTER or following.startswith("-based"):
        return True
    return following in ("did", "has", "had", "said", "says", "decided", "announced", "refused", "ordered",
                         "wants", "insisted", "asked", "demanded", "deemed")


def _trim_facility(name: str) -> str | None:
    """Drop leading articles and nationality words; None when no proper name is left."""
    words = name.split()
    while words and (words[0] in _FACILITY_LEAD_STOP or words[0] in DEMONYMS or words[0] in _country_names()
                     or words[0] in _STATE_ADJECTIVES or words[0].rstrip("'s") in _country_names()
                     or words[0].lower() in MONTHS or words[0].lower() in WEEKDAYS):
        words = words[1:]
    # "Self-Defense Forces' Base": the owner's name before a possessive names no place
    owner = max((i for i, word in enumerate(words[:-1]) if re.search(r"(?:['’]s?)$", word)), default=-1)
    words = words[owner + 1:]
    if not words or words[0][0].islower() or all(word.lower() in _GENERIC_FACILITY_WORDS for word in words):
        return None  # "Army Base", "Military Camp": a kind of place, not its name
    return " ".join(words)


_GENERIC_FACILITY_WORDS = _word_set(
    "army military naval navy air force drone logistics support forward operating main joint base airbase camp "
    "barracks airport airfield airstrip garrison platform")


def _choose_headcount(view: SentenceView, trigger_token: int, actor: str,
                      counts: list[Headcount], other_triggers: tuple[int, ...] = (), host: str | None = None
                      ) -> int | None:
    best: tuple[float, int] | None = None
    own = [count for count in counts if count.demonym_iso3 in (None, actor)]
    for movers in parsed_movers(view, trigger_token):
        for count in own:
            # any word of the count ("nearly 1,400": the number, not the adverb, is the noun's modifier)
            if movers.intersection(range(view.token_at(count.start), view.token_at(count.end - 1) + 1)):
                # "sent 300 soldiers", "300 soldiers were deployed": the parse makes it the count of what the
                # trigger moves
                return count.value
    for count in counts:
        if count.demonym_iso3 not in (None, actor):
            continue
        token = view.token_at(count.start)
        if count.demonym_iso3 is None and _counted_by_another(view, token, trigger_token, actor, host):
            continue  # "Egypt plans to deploy up to 1,100 troops to replace outgoing Burundian forces": Egypt's
        subjects = [first for m, _s, _e, first, last in view.mentions if token < first < trigger_token
                    and m.kind in ("state", "demonym", "force") and _force_noun_follows(view, last)]
        if subjects and any(0 < token - other <= 4 or token < other < subjects[-1] for other in other_triggers):
            continue  # "stationed 4,000 troops ... and the French army is stationed": the other verb's count
        if token > trigger_token and re.match(r"[\d,. ]+-(?:troop|strong|member|man|soldier)\b",
                                              view.text[count.start:count.end]) and \
                re.search(r"(?i)\bof\s+(?:the\s+)?(?:[\w'’.-]+\s+){0,3}$",
                          view.text[view.token_starts[trigger_token]:count.start]):
            continue  # "make up 1,400 of the UN's 13,000-troop force": the larger body's size, not theirs
        step = 4 if token < trigger_token else 8
        low, high = sorted((token, trigger_token))
        ends = {view.segments[token], view.segments[trigger_token]}
        # "100 Russian soldiers, identified as part of the Africa Corps, have landed": an aside between the
        # subject's count and its verb does not put them apart.
        aside = sum(1 for i in range(low + 1, high) if view.segments[i] not in ends) \
            if token < trigger_token and view.segments[trigger_token] - view.segments[token] == 2 \
            and not _opens_with_participle(view, view.segments[trigger_token]) else 0
        cost = abs(token - trigger_token) - aside + \
            (step if view.segments[token] != view.segments[trigger_token] else 0)
        if cost <= 18 and (best is None or cost < best[0]):
            best = (cost, count.value)
    return best[1] if best else None


def _counted_by_another(view: SentenceView, token: int, trigger_token: int, actor: str, host: str | None) -> bool:
    """The nearest state before the count, in its clause and not beyond the trigger, is another sender: the
    count is that state's troops."""
    owner = None
    for mention, _start, _end, _first, last in view.mentions:
        if last < token and token - last <= 8 and view.segments[last] == view.segments[token] and \
                mention.kind in ("state", "demonym", "force", "metonym") and not last < trigger_token < token:
            owner = mention
    return owner is not None and owner.iso3 not in (actor, host)


def _opens_with_participle(view: SentenceView, segment: int) -> bool:
    """The comma-bounded clause starts with an -ing word ("..., reversing the withdrawal")."""
    words = [view.tokens[i] for i, s in enumerate(view.segments) if s == segment and
             view.tokens[i] not in _BOUNDARY_TOKENS]
    return bool(words) and words[0].lower().endswith("ing")


def _has_troops(view: SentenceView) -> bool:
    """The sentence speaks of troops or installations, or names a force or a military institution."""
    if any(m.kind == "force" or m.text in MILITARY_METONYMS for m, *_ in view.mentions):
        return True
    return any(_FORCE_NOUN_RE.match(" ".join(view.tokens[i:i + 2])) and not (
        view.tokens[i].lower() == "military" and i + 1 < len(view.tokens)
        and view.tokens[i + 1].lower() in NOT_TROOPS_AFTER_MILITARY) for i in range(len(view.tokens)))


_MOVEMENT_NOUN = re.compile(r"(?i)\s*(?:military\s+)?(?:withdrawal|pullout|pull-out|departure|exit|presence"
                            r"|deployment|contingent|drawdown)\b")
_DEMAND = re.compile(r"(?i)\b(?:demand\w*|call(?:s|ed|ing)? for|protest\w*|march\w*|rall(?:y|ied|ies)"
                     r"|petition\w*|chant\w*|urg(?:e|es|ed|ing))\b")


_INTO_OR_OUT_OF = re.compile(r"(?i)\s+(?:from|out of|to|into)\s+(?:the\s+)?")


# The sentence opens with its sending state: "Ethiopia withdraws", "Kenya has pulled out".
_HEADLINE_SENDER = re.compile(r"\s*(?:[A-Z][\w'’.-]*\s+){1,3}(?:(?:has|have|had|finally|officially|now)\s+){0,2}")


def _national_movement(view: SentenceView, trigger: Trigger) -> bool:
    """"the Spanish withdrawal", "France's departure": a nationality with a movement noun stands for its troops; so
    does a state that withdraws from or deploys to an African state ("France withdrew from Mali in 2022")."""
    if trigger.event != "presence" and _INTO_OR_OUT_OF.match(view.text[trigger.end:]):
        after = trigger.end + _INTO_OR_OUT_OF.match(view.text[trigger.end:]).end()
        hosts = {mention.iso3 for mention, start, *_ in view.mentions
                 if start == after and mention.kind == "state" and mention.iso3 in AFRICAN_ISO3}
        # "Ethiopia withdraws from Somalia": an African sender as well, when the clause opens with it
        if hosts and any(mention.kind == "state" and mention.iso3 not in hosts and end <= trigger.start and (
                mention.iso3 not in AFRICAN_ISO3 or _HEADLINE_SENDER.fullmatch(view.text[:trigger.start]))
                for mention, _start, end, *_ in view.mentions):
            return True
    for mention, _start, end, *_ in view.mentions:
        if mention.kind in ("demonym", "state") and mention.iso3 not in AFRICAN_ISO3 and \
                _MOVEMENT_NOUN.match(re.sub(r"^'s\b", "", view.text[end:end + 30])):
            return True
    return False


def _demanded_by_others(view: SentenceView, trigger: Trigger) -> bool:
    """A departure that protesters, commentators or third states demand, with no government of the host (or of
    the sending state) making the demand: "The United States called for the withdrawal of Rwandan troops from
    Congo" announces nothing of Rwanda's."""
    clause = view.text[:trigger.start]
    if not _DEMAND.search(" ".join(clause.split()[-8:])):
        return False
    demanders = [m for m, start, _end, _first, last in view.mentions if start < trigger.start and (
        m.kind in ("state", "metonym") or (m.kind == "demonym" and _GOVERNMENT_AFTER.intersection(
            view.tokens[last + 1:last + 4])))]
    if demanders:
        senders = {role.iso3 for role in choose_actors(view, trigger, view.token_at(trigger.start), "")}
        return not any(m.iso3 in AFRICAN_ISO3 or m.iso3 in senders for m in demanders)
    return bool(_BODIES.search(clause)) or not re.search(
        r"(?i)\b(?:government|junta|authorities|president|minister|parliament|council|ministry)\b", clause)


# Bodies that are neither host nor sender: their demands announce no state's pullout.
_BODIES = re.compile(r"\b(?:UN|United Nations|Security Council|African Union|AU|European Union|EU|ECOWAS|SADC|EAC"
                     r"|IGAD|NATO)\b")


_VISITORS = re.compile(r"(?i)\b(?:delegation|team|envoys?|ministers?|officials|visit|visitors|technical committee"
                       r"|inspectors|reconnaissance|fact-finding|chief of \w+ staff|chief|commander|secretary"
                       r"|president|ambassador)\b"
                       r"|\b(?-i:General|Gen\.|Lt\.? Gen\.|Colonel|Col\.|Admiral|Adm\.|Marshal|Brigadier) (?-i:[A-Z])")


def _visitors(view: SentenceView, trigger: Trigger) -> bool:
    """"A high-level Egyptian military delegation arrived": officials visiting are not forces arriving."""
    if trigger.event != "arrival" or _SENDS_TROOPS.match(view.text[trigger.start:]):
        return False  # "U.S. President Barack Obama sent 100 troops to Uganda": the official sends, the troops go
    parse = view.parse
    if parse is not None and not trigger.nominal:
        token = view.token_at(trigger.start)
        head = parse[syntax.clause_head(parse, token)]
        movers = [child.i for child in head.children if syntax.relation(child) == "nsubj" and child.i < token]
        if movers and head.pos_ in ("VERB", "AUX"):
            # the verb's own subject: "Officials said Rwandan troops arrived" is about troops. A comma ends the
            # phrase whatever the parse joins across it ("... President Filipe Nyusi, 203 soldiers had arrived").
            cut = max((i for i in range(movers[0]) if parse[i].text in (",", ";", ":")), default=-1)
            phrase = [i for i in syntax.noun_phrase(parse, movers[0]) if i > cut]
            return bool(_VISITORS.search(syntax.tokens_in(parse, phrase)))
    # "Officials said (that) Rwandan troops arrived": the words after the reporting verb name the movers
    before = _REPORTED_FRAME.split(view.text[:trigger.start])[-1]
    return bool(_VISITORS.search(" ".join(before.split()[-6:])))


_REPORTED_FRAME = re.compile(r"(?i)\b(?:said|says|told|added|announced|stated|reported|confirmed|noted)\b"
                             r"(?:\s+that\b)?")


_SENDS_TROOPS = re.compile(
    r"(?i)(?:sen[dt]|sends|sending|deploy(?:s|ed|ing)?|dispatch(?:es|ed|ing)?)\s+(?:in\s+)?(?:[\w,.'’-]+\s+){0,5}?"
    r"(?:troops|soldiers|forces|personnel|servicemen|marines|paratroopers|commandos|contingent|battalion)\b")


_SHIP = re.compile(r"(?i)\b(?:warships?|frigates?|destroyers?|corvettes?|cruisers?|submarines?|vessels?|ships?"
                   r"|aircraft carriers?|carrier|flotilla|patrol boats?)\b")


def _port_call(view: SentenceView, trigger: Trigger) -> bool:
    """"A Russian warship entered the Sudanese port": a ship calling at a port, with no troops said to land."""
    subject = " ".join(view.text[:trigger.start].split()[-10:])
    return bool(_SHIP.search(subject)) and not _CREW.search(subject)


def _armed_group_subject(view: SentenceView, trigger: Trigger) -> bool:
    """"Al-Shabab fighters were spotted in Badhadhe after the troops pulled out": the head noun just before the
    verb (and its auxiliaries) is an armed group, whatever state the sentence names elsewhere."""
    before = view.text[:trigger.start]
    head = _INSURGENT_HEAD.search(before)
    if not head:
        return False
    # "Wagner fighters", "Russian mercenaries": a state's own fighters are its forces.
    return not any(m.kind in ("state", "demonym", "force", "metonym") and 0 <= head.start() - end <= 2
                   for m, _start, end, *_ in view.mentions)


_INSURGENT_HEAD = re.compile(
    r"(?i)\b(?:fighters|militants|rebels|insurgents|jihadists|militiamen|militias?|gunmen|terrorists|bandits)"
    r"\s+(?:(?:who|which|that)\s+)?(?:(?:were|was|are|is|have|has|had|been|being|reportedly|also|now|later|then"
    r"|allegedly)\s+){0,3}$"
)


_EXERCISE = re.compile(r"(?i)[^.;]{0,80}?\bfor\s+(?:a\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?:exercises?|drills?|manoeuvres"
                       r"|maneuvers|war games|wargames)\b")
_CREW = re.compile(r"(?i)\b(?:troops|soldiers|marines|sailors|personnel|forces|servicemen|contingent|battalion"
                   r"|special forces|commandos|paratroopers)\b")


_TO_PLACE = re.compile(r"\b(?:to|in|into|at)\s+(?:the\s+)?(?P<name>[A-Z][\w-]+)")


def _destination_outside_africa(view: SentenceView, trigger: Trigger) -> bool:
    """"deployed 300 police officers and soldiers to Haiti": the movement's destination is a state outside Africa."""
    iso3 = _destination_state(view, trigger)
    return iso3 is not None and iso3 not in AFRICAN_ISO3


def _destination_state(view: SentenceView, trigger: Trigger) -> str | None:
    """The state the movement goes to, named after the trigger in its clause (a capital stands for its state)."""
    clause_end = min([i for i in (view.text.find(mark, trigger.end) for mark in (",", ";", ".")) if i >= 0]
                     or [len(view.text)])
    # "flew to Germany": the trigger may end with the preposition that names the destination
    ends_with_place_word = re.search(r"(?i)\b(?:to|in|into|at)$", view.text[trigger.start:trigger.end])
    match = _TO_PLACE.search(view.text, trigger.start if ends_with_place_word else trigger.end, clause_end)
    if not match:
        return None
    name = match.group("name")
    if any(start == match.start("name") and _QUALIFIED.match(view.text[end:]) for _m, start, end, *_ in view.mentions):
        return None  # "rushed to the US Embassy in Juba": the name qualifies the place, it is not the place
    iso3 = _country_names().get(name)
    if iso3 is None:  # "landed in Paris": a capital that stands for its state
        iso3 = next((m.iso3 for m, start, *_ in view.mentions if start == match.start("name")
                     and m.kind == "metonym"), None)
    return iso3


def _home_state_named(view: SentenceView, trigger: Trigger) -> bool:
    """The movement goes to the state its force is named for: "the last French soldiers ... landed in France"."""
    home = _destination_state(view, trigger)
    return home is not None and any(m.iso3 == home and m.kind in ("demonym", "state") and end <= trigger.start
                                    for m, _start, end, *_ in view.mentions)


def _confidence(points: int) -> str:
    return "high" if points == 0 else "medium" if points == 1 else "low"


_PARTICIPLE = re.compile(r"(?i)stationed|based(?: \w+)*|garrisoned|housed|deployed|remaining|serving \w+")
_BE_BEFORE = re.compile(r"(?i)\b(?:is|are|was|were|be|been|being|remain|remains|remained|stay|stays)\s+"
                        r"(?:\w+ly\s+|still\s+|now\s+)?$")
_REFERS_BACK = re.compile(
    r"(?i)^\W*(?-i:Troops|Soldiers|Forces)\b|(?-i:\b[Ii]t (?:has|had|also|still|now|maintains|maintained|deployed"
    r"|sent|operates|operated|keeps|kept)\b)"
    r"|\b(?:they|them|their|its|the (?:troops|soldiers|forces|contingent|unit|force|personnel|mission|base"
    r"|camp|men)|the (?:remaining|other) (?:\w+ )?(?:two|three|four|five|six|seven|eight|nine|ten|\d+|countries"
    r"|states|contingents|members|nations))\b"
)
_VAGUE_PLACE = re.compile(
    r"(?i)\b(?:across|throughout|around|in|over) (?:the )?(?:region|sahel|continent|area|(?-i:West|East|Central"
    r"|North|Southern) africa|africa)\b"
)
_VAGUE_OWN_PLACE = re.compile(
    r"(?i)\s+(?:in|across|throughout|around)\s+(?:(?:the|those|these|that|this)\s+(?:regions?|areas?|continent"
    r"|parts of the world)|(?:Africa's\s+|the\s+)?(?:Sahel|Horn of Africa|Lake Chad (?:basin|region)"
    r"|(?:West|East|Central|North|Southern)\s+Africa)|Africa)\b"
)
_FOREIGN_DESTINATION = re.compile(r"\s+(?:\w+\s+){0,2}?(?:at|in|to|into)\s+(?:the\s+)?(?P<name>[A-Z][\w-]+)")


def _lands_outside_africa(view: SentenceView, trigger: Trigger) -> bool:
    """An arrival whose destination is a named place we do not know as African (a home base, say)."""
    match = _FOREIGN_DESTINATION.match(view.text[trigger.end:])
    if not match:
        return False
    start = trigger.end + match.start("name")
    return not any(s <= start < e and m.iso3 in AFRICAN_ISO3 for m, s, e, *_ in view.mentions)


# Function words of the other languages that copied news pages mix in (captions, quotes left untranslated).
_FOREIGN_WORDS = _word_set("le la les des du de au aux une est dans sur avec pour qui que il elle nous sont été "
                           "della delle degli il lo gli una sono nel nella con che los las del por para")
_ENGLISH_WORDS = _word_set("the of and to in is was were are for with that on by from at as has have had")


def _is_english(view: SentenceView) -> bool:
    words = [token.lower() for token in view.tokens]
    return sum(w in _ENGLISH_WORDS for w in words) >= sum(w in _FOREIGN_WORDS for w in words)


# "Burundi has had soldiers in eastern Congo for years": the present perfect says they are still there.
_PRESENT_PERFECT = re.compile(r"(?i)\b(?:has|have)\s+(?:(?:long|since|also|still|always|now|\w+ly)\s+)?had\b")
_NEWS_OF_THE_DAY = re.compile(r"(?i)\b(?:has|have)\s+(?:now\s+|officially\s+|formally\s+)?(?:announced|decided"
                              r"|confirmed|agreed)\b")


_PREPARING = re.compile(r"(?i)\b(?:prepar(?:e|es|ed|ing)|(?:get|gets|getting|got) ready|ready)\s+to\s+$")
_OUTBOUND = re.compile(r"(?i)\b(?:on (?:their|its|his|the) way to|en route to|bound for|for|heading (?:to|for))"
                       r"\s+(?:the\s+)?$")


def _outbound_destination(view: SentenceView, trigger: Trigger) -> frozenset[str]:
    """The African states a force getting ready to leave is heading for ("prepare to depart for Libreville"): the
    place it leaves is where it is, not a host it quits. Empty when the trigger is no such departure."""
    if not trigger.event.startswith("withdrawal") or not _PREPARING.search(view.text[:trigger.start]):
        return frozenset()
    return frozenset(m.iso3 for m, start, _end, *_ in view.mentions
                     if start > trigger.end and m.iso3 in AFRICAN_ISO3
                     and _OUTBOUND.search(view.text[max(trigger.end, start - 25):start]))


_GOING_HOME_TO = re.compile(r"(?i)\b(?:return(?:s|ed|ing)?|back|home|go(?:es|ing)?|went|bound|headed|heading)"
                            r"\s+(?:home\s+)?(?:to|into|for)\s+(?:the\s+)?$")


def _rule_verdict(view: SentenceView, context: _Context, candidate: Trigger, partial: bool,
                  triggers: list[Trigger], troops: bool, moves: bool) -> tuple[Trigger | None, str]:
    """The rules' reading of one candidate: the trigger they keep (None when they drop it), and why."""
    trigger = _screen(view.text, candidate, partial, view.parse, view.token_at(candidate.start))
    if trigger is None:
        return None, "screened"
    refers_back = context.recent_actor is not None and bool(_REFERS_BACK.search(view.text))
    if trigger.event != "agreement_ended" and not troops and not refers_back and \
            not _national_movement(view, trigger):
        return None, "no_troops"
    if trigger.event == "withdrawal_announced" and _demanded_by_others(view, trigger):
        return None, "demanded"
    if trigger.event in ("arrival", "presence") and _destination_outside_africa(view, trigger):
        if trigger.event == "arrival" and (
                re.match(r"(?i)return|(?:\w+ )?back\b", view.text[trigger.start:trigger.end]) or (
                    _home_state_named(view, trigger) and any(
                        m.iso3 in AFRICAN_ISO3 and _served_in(view, index) and start < trigger.start
                        for index, (m, start, *_rest) in enumerate(view.mentions)))):
            # "the troops from the mission in Chad returned to Dublin", "the last soldiers from Niger landed in
            # France": back home is the exit from the host
            return replace(trigger, event="withdrawal_completed"), "kept"
        return None, "outside_africa"
    if trigger.event in ("arrival", "presence") and _visitors(view, trigger):
        return None, "visitors"
    if trigger.event == "arrival" and _port_call(view, trigger):
        return None, "port_call"
    if trigger.event in ("arrival", "presence") and _armed_group_subject(view, trigger):
        return None, "armed_group"
    if trigger.event in ("arrival", "presence") and _EXERCISE.match(view.text[trigger.end:]):
        return None, "exercise"  # "arrived in Dar es Salaam ... for joint military exercises": no deployment
    if re.search(r"(?i)\b(?:reports?|rumou?rs?|claims?|allegations?) of (?:[\w'-]+ ){0,4}$",
                 view.text[:trigger.start]):
        return None, "reports_of"  # "Reports of Russian troops deployed in the country first surfaced in August"
    # "the last soldiers stationed there touched down": a participle beside a movement is no new fact.
    already = re.match(r"(?i)(?:\s+\S+){0,6}?\s+already\s+(?:in|there|on the ground)\b", view.text[trigger.end:])
    if moves and trigger.event == "presence" and not already and (trigger.nominal or (_PARTICIPLE.fullmatch(
            view.text[trigger.start:trigger.end]) and not _BE_BEFORE.search(view.text[:trigger.start])
            and any(t.start > trigger.start and t.event != "presence" for t in triggers))):
        return None, "participle"
    return trigger, "kept"


# Reasons the learned model may overrule: the clause-level screens. The others (no troops named, a destination
# outside Africa, visiting officials) are facts about the sentence that a classifier has no better view of.
_SOFT_REASONS = frozenset({"kept", "screened", "demanded", "reports_of", "participle"})


def _sentence_claims(view: SentenceView, context: _Context) -> list[Claim]:
    claims: list[Claim] = []
    if not _is_english(view):
        return claims  # the rules read English; a French caption would be misread
    candidates = candidate_triggers(view.text, view.parse, view.token_starts)
    if not candidates:
        return claims
    partial = bool(_PARTIAL.search(view.text))
    triggers = [t for t in (_screen(view.text, c, partial, view.parse, view.token_at(c.start)) for c in candidates)
                if t is not None]
    if not triggers and context.model is None and context.observe is None:
        return claims
    troops = _has_troops(view)
    dates = find_dates(view.text, context.published)
    # "Air Base 101": a number in a place's name counts no one.
    site_spans = [(start, end) for mention, start, end, *_ in view.mentions if mention.kind == "site"]
    counts = [count for count in find_headcounts(view.text)
              if not any(start < count.end and count.start < end for start, end in site_spans)]
    competitor_tokens = [view.token_at(c.start) for c in candidates]
    moves = any(t.event in ("arrival", "withdrawal_completed", "withdrawal_announced", "handover") for t in triggers)
    for candidate in candidates:
        kept, reason = _rule_verdict(view, context, candidate, partial, triggers, troops, moves)
        if kept is None and (reason not in _SOFT_REASONS or (context.model is None and context.observe is None)):
            continue
        trigger = kept or candidate
        trigger_token = view.token_at(trigger.start)
        host_roles = choose_hosts(view, trigger_token)
        if not host_roles and trigger.event == "agreement_ended":
            # "Eritrea has cancelled its basing agreement with the UAE": the state that ends it is the host.
            host_roles = [Role(m.iso3, i, 1.0) for i, (m, start, _end, first, _last) in enumerate(view.mentions)
                          if m.kind == "state" and m.iso3 in AFRICAN_ISO3 and start < trigger.start
                          and not _in_participial_aside(view, first, trigger_token)][:1]
        # "The contingent that left Kigali ... Rwandan troops based in Cabo Delgado": the sender's own town is
        # not the host; the article's host stands in.
        sender = choose_actors(view, trigger, trigger_token, "")
        if sender and sender[0].mention_index is not None and \
                view.mentions[sender[0].mention_index][1] < trigger.start and \
                host_roles and all(role.iso3 == sender[0].iso3 and role.mention_index is not None
                                         and view.mentions[role.mention_index][0].kind == "city"
                                         for role in host_roles):
            host_roles = []
        outbound = _outbound_destination(view, trigger)
        if outbound:
            # "soldiers ... prepare to leave a camp outside Niamey on their way to Mali": they are at the camp
            host_roles = choose_hosts(view, trigger_token, skip=outbound)
            trigger = replace(trigger, event="presence")
            kept = replace(kept, event="presence") if kept is not None else None
        home_coming = trigger.event == "arrival" and bool(sender) and _comes_home(view, trigger, sender[0].iso3)
        if home_coming:
            # "arrived in Kampala from Somalia", "the Irish troops stationed in Chad arrived back in Dublin": the
            # troops left the state they served in
            host_roles = [role for role in choose_hosts(view, trigger_token, skip=frozenset({sender[0].iso3}))
                          if role.mention_index is not None and _served_in(view, role.mention_index)]
            if not host_roles:
                continue
            trigger = replace(trigger, event="withdrawal_completed")
            kept = replace(kept, event="withdrawal_completed") if kept is not None else None
        if trigger.event.startswith("withdrawal"):
            # "would begin to withdraw and return to Chad": where a pullout goes home to is not the host
            host_roles = [role for role in host_roles if role.mention_index is None or not _GOING_HOME_TO.search(
                view.text[max(0, view.mentions[role.mention_index][1] - 30):view.mentions[role.mention_index][1]])]
        if _VAGUE_OWN_PLACE.match(view.text[trigger.end:]):
            continue  # "China ... increasing its presence in those regions": the trigger's own place is no state
        from_context = not host_roles
        if from_context:
            if _VAGUE_PLACE.search(view.text) or (trigger.event == "arrival" and _lands_outside_africa(view, trigger)):
                continue
            fallback = context.recent_host or context.main_host
            host_roles = [Role(fallback, None, 0.0)] if fallback else []
        for host_role in host_roles:
            event = _learned_event(view, context, trigger, kept, reason, trigger_token, host_role, from_context)
            if event is None:
                continue
            if event == "arrival" and _moved_within(view, trigger, trigger_token, host_role.iso3):
                event = "presence"  # "left the base and arrived in the Malian town of Mopti": they are there now
            found = _claims_for(view, context, replace(trigger, event=event), trigger_token, host_role.iso3,
                                from_context, dates, counts, competitor_tokens)
            if home_coming or (trigger.event == "withdrawal_completed"
                               and _LANDED_BACK.search(view.text[trigger.start:trigger.end])):
                # the place they came home to is not a site of the state they left
                found = [replace(c, site=None, site_id=None, lat=None, lon=None) for c in found]
            claims.extend(found)
    return claims


_LEFT_AND = re.compile(r"(?i)\b(?:left|departed|vacated|withdrew|pulled out|moved out)\b[^,;:.]{0,60}?\band\s+"
                       r"(?:(?:then|later|safely|finally|have|has|had)\s+)?$")
_ARRIVING = re.compile(r"(?i)(?:safely\s+)?(?:arriv|reach|land|enter|settl|mov|relocat)")
_DEPARTING = frozenset({"leave", "depart", "vacate", "withdraw", "pull", "evacuate", "quit", "exit"})


def _moved_within(view: SentenceView, trigger: Trigger, trigger_token: int, host: str) -> bool:
    """An arrival that ends a move inside the host: "a convoy ... left the base and arrived in Mopti". The force
    is no newcomer to the state; it is at the new place. A move from another state ("left Mali and arrived in
    Niger") is an arrival."""
    if not _ARRIVING.match(view.text[trigger.start:trigger.end]):
        return False  # "withdrew the mercenaries and sent soldiers": the sender's second act, not the same move
    parse = view.parse
    if parse is not None and syntax.relation(parse[trigger_token]) == "conj" and \
            parse[trigger_token].head.lemma_.lower() in _DEPARTING and parse[trigger_token].head.i < trigger_token:
        start = view.token_starts[parse[trigger_token].head.i]
    else:
        match = _LEFT_AND.search(view.text[:trigger.start])
        if match is None:
            return False
        start = match.start()
    between = [m for m, s, *_ in view.mentions if start <= s < trigger.start and m.kind in ("state", "city", "site")]
    return all(m.iso3 == host for m in between)


_BACK_HOME = re.compile(r"(?i)\s+(?:back|home)\b")
# An exit told as the landing at home ("arrived back in Dublin airport", "returned to Dublin airport"): the place
# named is the destination.
_LANDED_BACK = re.compile(r"(?i)\b(?:back (?:in|at|to)|return(?:s|ed|ing)? to)\b")
_ORIGIN_BEFORE = re.compile(r"(?i)\b(?:from|stationed in|based in|deployed in|serving in|served in|mission in"
                            r"|(?:months|years|weeks|tours?|duty|service|deployment|rotation) in)\s+"
                            r"(?:the\s+)?(?:[\w'’-]+\s+){0,2}$")


def _comes_home(view: SentenceView, trigger: Trigger, sender: str) -> bool:
    """The arrival brings troops home: "arrived back", or a destination that is the sender's own place."""
    if _BACK_HOME.match(view.text[trigger.end:]):
        return True
    if _BACK_HOME.search(" " + view.text[trigger.start:trigger.end]):
        # "177 Egyptian troops were airlifted back to Egypt": back to the state the troops are named for is home
        # (whoever the sentence's sender is); "redeployed back into Somalia" returns them to the host
        place = re.match(r"\s*(?:the\s+)?", view.text[trigger.end:])
        at = trigger.end + place.end()
        destination = {m.iso3 for m, start, *_ in view.mentions if start == at and m.kind == "state"}
        if destination and any(m.iso3 in destination and m.kind in ("demonym", "state") and end <= trigger.start
                               for m, _start, end, *_ in view.mentions):
            return True
    if re.match(r"(?i)return", view.text[trigger.start:trigger.end]):
        # "returned to Dublin airport": a named destination we do not know as African
        place = re.match(r"\s*(?:(?:at|in|to|into)\s+)?(?:the\s+)?(?P<name>[A-Z][\w-]+)", view.text[trigger.end:])
        if place is not None:
            at = trigger.end + place.start("name")
            return not any(s <= at < e and m.iso3 in AFRICAN_ISO3 for m, s, e, *_ in view.mentions)
    destination = re.match(r"(?i)\s+(?:\w+\s+){0,2}?(?:in|at|to)\s+(?:the\s+)?", view.text[trigger.end:])
    if destination is None:
        return False
    at = trigger.end + destination.end()
    if re.match(r"(?i)(?:land|arriv|touch|fl[eo]w)", view.text[trigger.start:trigger.end]) and \
            re.match(r"[A-Z]", view.text[at:]) and \
            not any(s <= at < e and m.iso3 in AFRICAN_ISO3 for m, s, e, *_ in view.mentions) and \
            any(_served_in(view, index) for index, (m, *_rest) in enumerate(view.mentions) if m.kind == "state"):
        return True  # "landed at Dublin airport after six months in Chad": a place abroad, home from the host
    # "rushed to the US Embassy in Juba": a name that qualifies a noun is no destination at home
    return any(start == at and m.iso3 == sender and not _QUALIFIED.match(view.text[end:])
               for m, start, end, *_ in view.mentions)


_QUALIFIED = re.compile(r"(?i)['’]?s?\s+(?:(?-i:[A-Z])|embassy|consulate|base|camp|military|army|navy|forces|troops"
                        r"|soldiers|contingent|mission)")


def _served_in(view: SentenceView, index: int) -> bool:
    """The state is named as where troops came from or served: "from Somalia", "stationed in Chad"."""
    return bool(_ORIGIN_BEFORE.search(view.text[:view.mentions[index][1]]))


def _learned_event(view: SentenceView, context: _Context, trigger: Trigger, kept: Trigger | None, reason: str,
                   trigger_token: int, host_role: Role, from_context: bool) -> str | None:
    """The event this candidate claims: the rules' verdict, overruled by the learned model where it is sure."""
    rule_event = kept.event if kept is not None else None
    if context.model is None and context.observe is None:
        return rule_event
    actors = choose_actors(view, trigger, trigger_token, host_role.iso3)
    actor_token = view.mentions[actors[0].mention_index][3] if actors and actors[0].mention_index is not None \
        else None
    host_token = view.mentions[host_role.mention_index][3] if host_role.mention_index is not None else None
    host_kind = view.mentions[host_role.mention_index][0].kind if host_role.mention_index is not None else "context"
    features = candidate_features(
        text=view.text, tokens=view.tokens, token_starts=view.token_starts, trigger_start=trigger.start,
        trigger_end=trigger.end, candidate_event=trigger.event, rule_event=rule_event, reason=reason,
        nominal=trigger.nominal, actor_token=actor_token, host_token=host_token, host_kind=host_kind,
        host_from_context=from_context, modality=_modality(view.text, trigger, view.parse, trigger_token),
        published_year=context.published.year if context.published else None, sentence_index=context.sentence,
    )
    if context.observe is not None:
        context.observe.append({"actors": [role.iso3 for role in actors], "host": host_role.iso3,
                                "candidate_event": trigger.event, "rule_event": rule_event, "reason": reason,
                                "modality": _modality(view.text, trigger, view.parse, trigger_token),
                                "sentence": view.text, "features": features})
    if context.model is None:
        return rule_event
    return context.model.decide(features, rule_event, trigger.event)


_OWN_TROOPS = re.compile(r"(?i)\b(?:his|her|the|their|its|our)\s+(?:country|nation|government)['’]s\s+"
                         r"(?:[\w,-]+\s+){0,3}?(?:troops|forces|soldiers|contingent|military|army)\b(?:\s+[\w'’-]+){0,3}\s*$")
_LEADER = re.compile(r"(?i)(?:['’]s\s+)?(?:president|prime minister|leader|head of state|government|defen[cs]e minister"
                     r"|foreign minister|army chief|junta|ruler)\b")


def _leaders_state(view: SentenceView, trigger: Trigger, host: str) -> Role | None:
    """"Chad's president said that the nation's 2,000 troops would withdraw": the state whose leader speaks of
    "his country's troops" sends them, African or not."""
    if not _OWN_TROOPS.search(view.text[:trigger.start]):
        return None
    speakers = [Role(m.iso3, index, 2.0) for index, (m, start, end, _first, _last) in enumerate(view.mentions)
                if m.kind in ("state", "demonym") and m.iso3 and m.iso3 != host and end < trigger.start
                and _LEADER.match(view.text[end:end + 30].lstrip())]
    return speakers[-1] if speakers else None


def _claims_for(view: SentenceView, context: _Context, trigger: Trigger, trigger_token: int, host: str,
                host_from_context: bool, dates: list[DateMention], counts: list[Headcount],
                competitor_tokens: list[int]) -> list[Claim]:
    leader = _leaders_state(view, trigger, host)
    actors = [leader] if leader else choose_actors(view, trigger, trigger_token, host,
                                                   tuple(t for t in competitor_tokens if t != trigger_token))
    actor_from_context = False
    if not actors and context.recent_actor and context.recent_actor[0] != host and \
            _REFERS_BACK.search(view.text) and not trigger.nominal and trigger.event != "agreement_ended" and \
            not any(m.kind == "force" and m.iso3 is None and start < trigger.start
                    for m, start, *_ in view.mentions):
        # "The AU force known as MISCA, which currently has 4,400 soldiers": the mission is the subject, not the
        # state the article spoke of before.
        actors, actor_from_context = [Role(context.recent_actor[0], None, 1.0)], True
    if not actors:
        stands_for = _state_named_before(view, context, trigger_token, host)
        if stands_for is not None:
            actors, actor_from_context = [Role(stands_for, None, 1.0)], True
    if not actors:
        return []
    if actor_from_context and any(
            m.iso3 == host and m.kind in ("demonym", "state") and _force_noun_follows(view, last)
            for m, _start, _end, _first, last in view.mentions):
        return []  # "they still have Somali National Army soldiers to defend the town": the host's own army
    if actors[0].mention_index is not None and trigger.event in ("arrival", "presence"):
        actor_first = view.mentions[actors[0].mention_index][3]
        if any(m.iso3 == host and m.kind in ("demonym", "state") and actor_first < first < trigger_token
               and view.segments[first] != view.segments[actor_first] and _force_noun_follows(view, last)
               for m, _s, _e, first, last in view.mentions):
            # "after the Ethiopian troops pulled out, ... the Somali security forces who have reached Adado": the
            # host's own forces, named nearer the verb, are its subject
            return []
    pending = trigger.event == "withdrawal_announced" and re.search(
        r"(?i)\b(?:ahead of|before|pending)\s+(?:\w+\s+){0,2}$", view.text[:trigger.start])
    date = None if pending else _choose_date(view, trigger_token, dates, competitor_tokens,
                                             announced=trigger.event == "withdrawal_announced",
                                             ended_until=trigger.event == "withdrawal_completed")
    date_value, precision = (date.value, date.precision) if date else (None, None)
    if date is None and trigger.event == "presence" and context.published is not None and (
            not _PAST_MARKERS.search(_PRESENT_PERFECT.sub(" ", _own_clause(view.text, trigger)))
            or _ALREADY_THERE.search(view.text[trigger.start:])) and not _verbless_in_the_past(view, trigger):
        date_value, precision = context.published.isoformat(), "day"
    elif trigger.event == "withdrawal_announced" and context.published is not None and \
            _NEWS_OF_THE_DAY.search(view.text[:trigger.start]) and (
                date is None or (precision in ("year", "month") and context.published.isoformat().startswith(
                    date_value))):
        # "Denmark has announced it would withdraw its 90 troops": a decision the page reports as news is dated
        # by the page, which keeps it apart from an earlier, dated demand; "has decided to withdraw its troops this
        # year": "this year" is when they leave, the decision is the page's news.
        date_value, precision = context.published.isoformat(), "day"
    site = _choose_site(view, trigger_token, host, context.towns) if trigger.event != "agreement_ended" else None
    site_text, site_entry = site if site else (None, None)
    places = _place_list(view, trigger, site_text, host)
    # A headcount over a list of places ("1,500 soldiers at Ouallam, Ayorou and Niamey") is the country's total.
    listed = len(places) > 1 and not (counts and _choose_headcount(view, trigger_token, actors[0].iso3, counts,
                                                                   host=host))
    sites: list[tuple[str | None, Entry | None]] = [(place, None) for place in places] if listed else \
        [(site_text, site_entry)]
    points = int(host_from_context) + int(actor_from_context) + int(trigger.nominal) + \
        int(bool(_HEDGES.search(view.text))) + int(listed)
    claims = []
    for role in actors:
        if role.mention_index is not None:
            entry = view.mentions[role.mention_index][0].entry
            force = entry.force if entry.kind == "force" else _force_in(view, role.iso3, trigger_token)
        else:
            force = context.recent_actor[1] if context.recent_actor else None
        personnel = _choose_headcount(view, trigger_token, role.iso3, counts,
                                      tuple(t for t in competitor_tokens if t != trigger_token), host=host) \
            if len(actors) == 1 and not listed else None
        for place, place_entry in sites:
            claims.append(Claim(
                actor=role.iso3, force=force, host_country=host, site=place,
                site_id=place_entry.site_id if place_entry else None,
                lat=place_entry.lat if place_entry else None, lon=place_entry.lon if place_entry else None,
                event=trigger.event, date=date_value, date_precision=precision, personnel=personnel,
                evidence=view.text, start=view.offset, end=view.offset + len(view.text),
                confidence=_confidence(points + int(role.score < 1.5)),
            ))
    return claims


_NAME_WORD = r"(?:(?:al|el|ad|ar|as|ash|at|az)-)?(?-i:[A-Z])[\w'’-]+"
_NAME = (rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|(?:da|de|du|do|dos)\s+{_NAME_WORD}))*"
         r"(?:\s+(?:air\s?base|airport|airfield|naval base|base|camp|port))?")
_LIST = re.compile(rf"(?P<list>{_NAME}(?:\s*,\s*{_NAME})*\s*,?\s+(?:and|&)\s+{_NAME})")
_LIST_KIND_BEFORE = re.compile(r"(?i)\b(?:communities|towns|districts|cities|villages|sites|bases|camps|localities"
                               r"|capitals)(?:\s+of)?\s*:?\s*$")
_LIST_KIND_AFTER = re.compile(r"(?i)^\s+(?:towns|districts|communities|villages|cities|bases|sites|camps)\b")


def _place_list(view: SentenceView, trigger: Trigger, site_text: str | None, host: str) -> list[str]:
    """The places of a list the event's place belongs to: "pulled out of Palma and Mocimboa da Praia"."""
    known = {view.text[start:end] for mention, start, end, *_ in view.mentions
             if mention.iso3 == host and mention.kind in ("site", "city")}
    for match in _LIST.finditer(view.text):
        items = [item.strip() for item in re.split(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+", match.group("list"))]
        items = [item for item in items if item]
        in_list = [any(item == k or item.startswith(k) or k.startswith(item) for k in known) for item in items]
        typed = _LIST_KIND_BEFORE.search(view.text[:match.start()]) or _LIST_KIND_AFTER.match(
            view.text[match.end():])
        objects = 0 <= view.token_at(match.start()) - view.token_at(trigger.end - 1) <= 4
        if len(items) < 2 or not (typed or sum(in_list) >= 2 or (objects and any(in_list))):
            continue
        if site_text is not None and not (typed or objects) and not any(
                site_text.startswith(item) or item.startswith(site_text.split()[0]) for item in items):
            continue
        if abs(view.token_at(match.start()) - view.token_at(trigger.start)) > 20:
            continue
        if other_clause(view, view.token_at(match.start()), view.token_at(trigger.start)):
            continue  # "Two years after French troops left Mali, Wagner remains in Timbuktu and Gao"
        return items
    if site_text:
        # "deployed troops in the provincial capital, Goma, as well as in the city of Sake": a second place
        # governed by its own locative preposition, coordinated with the first
        at = view.text.find(site_text)
        more = _ALSO_IN.match(view.text[at + len(site_text):]) if at >= 0 else None
        if more is not None and more.group("name").split()[0] not in _country_names() and \
                more.group("name").split()[0] not in DEMONYMS:
            return [site_text, more.group("name")]
    return [site_text] if site_text else []


_ALSO_IN = re.compile(
    r"\s*,?\s+(?:as well as|and also|and)\s+(?:in|at|to|into)\s+(?:the\s+(?:city|town|village|port|base|camp|district"
    r"|locality)\s+of\s+)?(?P<name>(?:(?:al|el)-)?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)(?=\s*[,.;]|\s+[a-z]|$)")


def _force_in(view: SentenceView, iso3: str, trigger_token: int) -> str | None:
    """The one named force of ``iso3`` in the trigger's clause ("a Telegram channel linked to Wagner" in another
    clause says nothing of which force moved)."""
    forces = {m.entry.force for m, _start, _end, first, _last in view.mentions if m.kind == "force" and m.iso3 == iso3
              and view.segments[first] == view.segments[trigger_token]}
    return forces.pop() if len(forces) == 1 else None


# Nouns that stand for a state named before: "The country has also deployed a battalion".
_STATE_NOUNS = frozenset({"country", "government", "nation", "kingdom", "republic"})


def _state_named_before(view: SentenceView, context: _Context, trigger_token: int, host: str) -> str | None:
    """The state that "the country", "the government" or "it", the trigger's subject, stands for: the state the
    sentence before (or the one before it) made its subject, unless that is the host."""
    doc = view.parse
    if doc is None or context.recent_subject is None or trigger_token >= len(doc):
        return None
    iso3, sentence = context.recent_subject
    if iso3 == host or context.sentence - sentence > 2:
        return None
    head = syntax.predicate(doc, trigger_token)
    if doc[head].pos_ not in ("VERB", "AUX"):
        return None
    doer = syntax.doer(doc, head)
    if doer is None or (doc[doer].lower_ != "it" and (doc[doer].lower_ not in _STATE_NOUNS or not any(
            child.lower_ == "the" for child in doc[doer].children))):
        return None
    return iso3


def _subject_state(view: SentenceView) -> str | None:
    """The state the sentence's main clause has for subject ("Rwanda is among the major troop contributors")."""
    doc = view.parse
    if doc is None:
        return None
    for token in doc:
        if token.head.i != token.i:
            continue
        own = syntax.subject(doc, token.i)
        found = [m.iso3 for m, _s, _e, first, last in view.mentions
                 if m.kind == "state" and own is not None and first <= own <= last]
        if found:
            return found[0]
    return None


def _update_context(view: SentenceView, context: _Context, claims: list[Claim]) -> None:
    subject_state = _subject_state(view)
    if subject_state is not None:
        context.recent_subject = (subject_state, context.sentence)
    roles = choose_hosts(view, None)
    if not claims and context.main_host in {m.iso3 for m, *_ in view.mentions}:
        # A background sentence that names the article's main host among others leaves the main host in focus.
        context.recent_host = context.main_host
    else:
        # "Botswana left first, followed by South Africa": a state seen sending forces is not the place in focus.
        roles = [role for role in roles if role.iso3 not in context.senders]
        # "previously deployed in Syria, Libya, Burkina Faso, and Niger": a list names no one place in focus.
        hosts = {c.host_country for c in claims}
        if hosts == {context.main_host}:
            # "patrols off Somalia ... established the base in Djibouti": the article's host, host of the
            # sentence's claim, stays in focus whatever other state the sentence names
            context.recent_host = context.main_host
        elif len(roles) == 1 and roles[0].score >= 1:
            context.recent_host = roles[0].iso3
    context.senders.update(c.actor for c in claims)
    actors = {(c.actor, c.force) for c in claims}
    if len(actors) == 1:
        context.recent_actor = actors.pop()
    elif len(actors) > 1:
        context.recent_actor = None


def _main_host(views: list[SentenceView]) -> str | None:
    counts: dict[str, int] = {}
    for view in views:
        for index, (mention, *_) in enumerate(view.mentions):
            # "the agreement, signed in South Africa's capital, Pretoria": where it was signed is not in focus
            if mention.iso3 in AFRICAN_ISO3 and mention.kind in ("state", "site", "city") and \
                    not names_a_venue(view, index):
                counts[mention.iso3] = counts.get(mention.iso3, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.values(), reverse=True)
    if len(ranked) > 1 and ranked[0] == ranked[1]:
        return None  # "deployed in Syria, Libya, Burkina Faso, and Niger": no state is the article's host
    return max(counts, key=lambda iso3: counts[iso3])


def extract_claims(text: str, *, published: dt.date | None = None, url: str | None = None,
                   gazetteer: Gazetteer | None = None, model: EventModel | None = None, rules_only: bool = False,
                   observe: list[dict] | None = None) -> list[Claim]:
    """The deployment claims ``text`` supports; relative dates resolve against ``published``.

    Without ``published`` a date in ``url`` is used; without either, relative dates stay unresolved.
    ``gazetteer`` defaults to the built-in one; pass ``Gazetteer.from_dataset(...)`` to link curated sites.
    ``model`` defaults to the committed event model (``footprint/extract/event_model.json``); ``rules_only``
    leaves it out. ``observe``, a list, receives every candidate with its features (for training).
    """
    model = None if rules_only else (model or default_model())
    if model is not None and not model.overrules:
        model = None  # its thresholds leave every verdict to the rules: no need to compute features
    gazetteer = gazetteer or Gazetteer.builtin()
    published = published or published_from_url(url)
    matching, views = article_views(text, gazetteer)
    context = _Context(published, None, _main_host(views), model=model, observe=observe,
                       towns=_introduced_towns(matching))
    claims: list[Claim] = []
    previous: list[int] = []
    earlier: list[int] = []
    for number, view in enumerate(views):
        context.sentence = number
        sentence_claims = _sentence_claims(view, context)
        if previous and (not sentence_claims or all(c.date is None for c in sentence_claims)):
            _date_from_follow_up(view, context, claims, previous)
        if not any(c.date is not None for c in sentence_claims):
            _date_from_restatement(view, context, claims, sentence_claims)
        if previous:
            _place_named_next(view, claims, previous, text)
            _day_of_the_statement(view, context, claims, previous)
        if previous or earlier:
            # the list may come after a sentence that only comments ("This deployment aims to ...")
            _places_listed_next(view, claims, previous or earlier, text)
        if previous:
            _base_placed_next(claims, previous, sentence_claims, text)
        if previous and _CONTINUES.match(view.text):
            sentence_claims = _date_of_the_sentence_before(sentence_claims, [claims[i] for i in previous])
        earlier = previous if not sentence_claims and not earlier else []
        previous = list(range(len(claims), len(claims) + len(sentence_claims)))
        claims.extend(replace(c, evidence=text[c.start:c.end], site=_as_written(c, text, matching))
                      for c in sentence_claims)
        _update_context(view, context, sentence_claims)
    claims = _carry_dates(_places_named_nearby(claims, matching, text), matching)
    claims = _since_as_arrival(_drop_loose_exits(_drop_drawdowns(_counts_by_place(claims))), published)
    claims.extend(_implied_presence(claims, published, text))
    return _merge_events(_fold_rotations(_drop_partial_exits(claims), published, text))


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


_REPORTED_ON = re.compile(r"(?i)\b(?:said|says|announced|confirmed|stated|declared|told \w+)\s+(?:on\s+)?$")
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
