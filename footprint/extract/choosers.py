"""The roles of a claim chosen among a sentence's candidates: its date, its site (and the places it lists) and
its headcount."""

from __future__ import annotations

import re
from dataclasses import replace

from footprint.extract import syntax
from footprint.extract.assertion import _clause_around
from footprint.extract.dates import DateMention
from footprint.extract.gazetteer import Entry, _country_names
from footprint.extract.headcounts import _STATE_ADJECTIVES, Headcount
from footprint.extract.lexicon import DEMONYMS, MONTHS, WEEKDAYS, _word_set
from footprint.extract.roles import (
    _FACILITY,
    _FACILITY_LEAD_STOP,
    _force_noun_follows,
    parsed_movers,
    parsed_place_tokens,
)
from footprint.extract.sentences import _BOUNDARY_TOKENS, NEW_CLAUSE, SentenceView, other_clause
from footprint.extract.triggers import Trigger


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


_REPORTED_ON = re.compile(r"(?i)\b(?:said|says|announced|confirmed|stated|declared|told \w+)\s+(?:on\s+)?$")
