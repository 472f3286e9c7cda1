"""The roles of the names in a sentence: which state acts, which hosts."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from footprint.extract import syntax
from footprint.extract.lexicon import (
    _HOST_HEADS,
    _LOCATIVE_BEFORE,
    _OFFICIAL_HEADS,
    AFRICAN_ISO3,
    FORCE_NOUNS,
    MILITARY_METONYMS,
    NOT_TROOPS_AFTER_MILITARY,
    PERSONNEL_NOUNS,
    _word_set,
)
from footprint.extract.sentences import _BOUNDARY_TOKENS, SentenceView, other_clause
from footprint.extract.triggers import Trigger

_GAP_STOP = _word_set(
    "of to in from with said says at on for by as after before while when that which who is are was were "
    "has have had will would"
)
_FORCE_NOUN_RE = re.compile(
    r"(?i)^(?:" + "|".join(sorted((re.escape(n) for n in FORCE_NOUNS), key=len, reverse=True)) + r")\b"
)
# A state named just before what it does with its troops: "Rwanda has deployed", "France still has".
_SAYS_OF_ITS_TROOPS = re.compile(
    r"(?i)^\s*(?:\w+\s+)?(?:said|says|announced|announces|confirmed|confirms|stated|declared)\b[^.;]{0,40}?"
    r"\b(?:its|their)\s+(?:own\s+|last\s+|remaining\s+)?(?:troops|soldiers|forces|contingent|military|personnel"
    r"|peacekeepers)\b"
)
_WITH_ITS_TROOPS = re.compile(
    r"(?i)^\s*,\s*(?:which\s+(?:has|had|keeps|kept|maintains|maintained)|with)\s+(?:[\w,.'’-]+\s+){0,3}?"
    r"(?:troops|soldiers|forces|personnel|servicemen|military personnel|peacekeepers)\s+(?:in|at|on|stationed|based"
    r"|deployed)\b")
_ANNOUNCES_ITS_MOVE = re.compile(
    r"(?i)^\s*(?:\w+\s+)?(?:announced|announces|confirmed|confirms|ordered|orders|approved|began|begins|started"
    r"|completed|reported)\s+(?:[\w-]+\s+){0,3}?the\s+(?:arrival|deployment|withdrawal|departure|dispatch|pullout"
    r"|pull-out|return)\s+(?:(?:in|to|from)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}\s+)?of\s+"
    r"(?:its\s+|their\s+|the\s+)?(?:(?:first|last|some|about|around|nearly|over|more than)\s+)?"
    r"(?:[\d,.]+\s+|[a-z]+\s+)?"
    r"(?:troops|soldiers|men|personnel|servicemen|instructors|peacekeepers|special forces|marines)\b")
_ACTING_AFTER = re.compile(
    r"(?i)^\W*(?:[\"“”‘’']?\w+[\"“”‘’']?\s+){0,3}?(?:has\s+|have\s+|had\s+|began\s+|begun\s+|started\s+|is\s+|are\s+)?"
    r"(?:deployed|deploys|deploying|deploy|sent|sends|sending|send|dispatched|dispatches|withdrew|withdraws"
    r"|withdrawing|withdraw|handed|hands|pulled|pulls|pull|completed|ended|ends|has|have|had|keeps|kept|keep"
    r"|maintains|maintained|maintain|stations|stationed|leave|leaves|left|moved|operates|operating|opened|opens"
    r"|vacated|evacuated|repatriated|contributes|contribute|contributing|contributed|leaving|withdrawing)\b"
    r"|^\s+(?:was|is|became)\s+the\s+(?:first|second|third|last)\s+(?:\w+\s+)?(?:(?:country|nation|state)\s+)?to"
    r"\s+(?:deploy|send|withdraw|leave|pull|exit|quit|depart)\b"
)
_FACILITY = re.compile(
    r"\b(?:(?:Camp|Fort|Base|Forward Operating Base)\s+(?:[A-Z][\w'’.-]*\s?){1,4}"
    r"|(?:(?:al|el)-)?(?:[A-Z][\w'’.-]*\s+){1,4}(?:(?:military|army|naval|air|drone|logistics|support|River)\s+)?"
    r"(?:[Aa]ir\s?[Bb]ase|[Bb]ase|[Cc]amp|[Bb]arracks|[Aa]irport|[Aa]irfield|[Aa]irstrip|[Gg]arrison"
    r"|[Pp]latform|[Ii]sland|[Vv]illage|Plain|Valley)(?![\w-]))"
)
_FACILITY_LEAD_STOP = _word_set(
    "The A An Its Their His Her Our This That These Those Last Final New Old Main Key Former Largest Only "
    "In At To From On For And Of By With"
)


def _next_words(view: SentenceView, token: int, count: int) -> str:
    return " ".join(view.tokens[token + 1:token + 1 + count])


def _force_noun_follows(view: SentenceView, last_token: int, gap: int = 3) -> bool:
    """A troops-noun follows within ``gap`` modifier words ("Russian military instructors")."""
    for index in range(last_token + 1, min(len(view.tokens), last_token + 2 + gap)):
        word = view.tokens[index]
        rest = " ".join(view.tokens[index:index + 2])
        if _FORCE_NOUN_RE.match(rest):
            if word.lower() == "military" and index + 1 < len(view.tokens) and \
                    view.tokens[index + 1].lower() in NOT_TROOPS_AFTER_MILITARY:
                return False
            # "the Russian defence mission" is a delegation; "Russian mission" right after the name is a force.
            return not (word.lower() == "mission" and index > last_token + 1)
        if word in _BOUNDARY_TOKENS or word.lower() in _GAP_STOP or word.lower() in _OFFICIAL_HEADS:
            return False
    return False


_TAKING_OUT = re.compile(r"(?i)withdr[ae]w\w*|pull\w*|evacuat\w*|repatriat\w*|remov\w*")


_FROM_COUNTRIES_INCLUDING = re.compile(
    r"(?i)\b(?:soldiers|troops|forces|contingents|personnel|units|battalions) (?:from|of) (?:[\w-]+ ){0,3}?"
    r"(?:countries|nations|states|members)\s*,?\s*(?:including|namely|such as|like|among them)\s+(?:the\s+)?$"
)


def _force_noun_precedes_from(view: SentenceView, first_token: int) -> bool:
    """The name is the origin of troops: "soldiers from former colonial power France", "soldiers from several
    countries, including Burundi"; but in "the withdrawal of its troops from Mali" it is the place they leave."""
    if _FROM_COUNTRIES_INCLUDING.search(view.text[:view.token_starts[first_token]]):
        return True
    for index in range(first_token - 1, max(-1, first_token - 6), -1):
        word = view.tokens[index].lower()
        if word in ("from", "of"):
            if index == 0 or not _FORCE_NOUN_RE.match(view.tokens[index - 1]):
                return False
            return not any(_TAKING_OUT.fullmatch(token) for token in view.tokens[max(0, index - 6):index - 1])
        if view.tokens[index] in _BOUNDARY_TOKENS or not (word.islower() or word == "the"):
            return False
    return False


def _is_possessive(view: SentenceView, last_token: int) -> bool:
    following = view.tokens[last_token + 1] if last_token + 1 < len(view.tokens) else ""
    return following in ("'s", "’s", "s", "'")


def _locative_before(view: SentenceView, first_token: int) -> bool:
    for index in range(first_token - 1, max(-1, first_token - 4), -1):
        word = view.tokens[index].lower()
        if word in _LOCATIVE_BEFORE or word == "out":
            return True
        # "in the capital of", "off the coast of": words between a preposition and the place it introduces.
        if word not in ("the", "a", "capital", "city", "of", "town", "northern", "southern", "eastern", "western",
                        "coast", "central", "neighbouring", "neighboring", "west", "east", "north", "south"):
            return False
    return False


def _locative_in_list(view: SentenceView, first_token: int) -> bool:
    """The name follows a place preposition, itself or as a later item of a list ("from Mali and Burkina Faso")."""
    if _locative_before(view, first_token):
        return True
    if first_token < 2 or view.tokens[first_token - 1].lower() not in ("and", "or", ","):
        return False
    if view.tokens[first_token - 1] == ",":
        # "in Mali, Burkina Faso and Niger": an item after a bare comma is never a list's last; "After a mission in
        # Mali, Germany has begun withdrawing": the comma ends an opening clause
        last = next((last for _m, _s, _e, f, last in view.mentions if f == first_token), first_token)
        if last + 1 >= len(view.tokens) or view.tokens[last + 1].lower() not in (",", "and", "or"):
            return False
    earlier = [f for mention, _s, _e, f, last in view.mentions
               if last == first_token - 2 and mention.kind in ("state", "city", "site", "region")]
    return bool(earlier) and _locative_in_list(view, earlier[0])


@dataclass(frozen=True)
class Role:
    """A name chosen as actor or host, with how sure the choice is."""

    iso3: str
    mention_index: int | None
    score: float


def _actor_evidence(view: SentenceView, index: int) -> float:
    """How strongly a name reads as the sender of troops, from the words around it."""
    mention, _start, end_char, first, last = view.mentions[index]
    entry = mention.entry
    evidence = 0.0
    if entry.kind == "force":
        evidence += 3
    if entry.kind in ("demonym", "state", "metonym", "force") and _force_noun_follows(view, last):
        evidence += 3
    if _is_possessive(view, last) and _force_noun_follows(view, last + 1):
        evidence += 3
    if _force_noun_precedes_from(view, first):
        evidence += 3
    if entry.kind in ("demonym", "state") and _next_words(view, last, 1).lower() in _MOVEMENT_NOUNS:
        evidence += 3  # "the Spanish withdrawal", "the French presence"
    if entry.kind in ("state", "metonym", "force") and _ACTING_AFTER.match(view.text[end_char:]):
        evidence += 2
    elif entry.kind in ("state", "metonym") and _SAYS_OF_ITS_TROOPS.match(view.text[end_char:]):
        evidence += 3  # "Chad said on Friday that its soldiers had left Mali": "its" is the speaker's
    if entry.kind in ("state", "metonym") and _ANNOUNCES_ITS_MOVE.match(view.text[end_char:]):
        evidence += 3  # "Denmark announced last week the arrival in Mali of 90 soldiers": troops of no other state
    if entry.kind in ("state", "metonym") and _WITH_ITS_TROOPS.match(view.text[end_char:]):
        evidence += 3  # "Italy, with 350 soldiers in Niger, ...": the aside counts the state's own troops
    if mention.text in MILITARY_METONYMS:
        evidence += 2
    if entry.kind == "demonym" and mention.text in PERSONNEL_NOUNS:
        evidence += 2  # "the Russians" in a report on troops are Russian personnel
    return evidence


def _names_a_facility_location(view: SentenceView, index: int) -> bool:
    """A nationality word that only says whose base a place is: "stationed at the French base"."""
    mention, *_rest, first, last = view.mentions[index]
    if mention.kind != "demonym" or not _locative_before(view, first):
        return False
    following = _next_words(view, last, 2).lower()
    return bool(re.match(r"(?:military |army |air |naval |drone )?(?:base|bases|camp|camps|airbase|compound|embassy)",
                         following))


# "operate jointly with the Armed Forces of the DRC", "fought alongside Malian troops": the partner army is the
# host's own, so its state is where the foreign troops are, not a sender.
_PARTNER_BEFORE = re.compile(
    r"(?i)\b(?:alongside|jointly with|together with|in coordination with|in support of|side by side with)\s+(?:the\s+)?"
    r"(?:(?:(?:national|regular|government)\s+)?(?:armed forces|army|military|troops|forces|soldiers)\s+of\s+"
    r"(?:the\s+)?)?$")


def _partner_army(view: SentenceView, index: int) -> bool:
    mention, start, _end, _first, last = view.mentions[index]
    if not _PARTNER_BEFORE.search(view.text[max(0, start - 80):start]):
        return False
    return mention.kind in ("state", "demonym") and (
        _force_noun_follows(view, last) or bool(re.search(r"(?i)\bof\s+(?:the\s+)?$", view.text[:start])))


def _host_evidence(view: SentenceView, index: int) -> float:
    mention, _start, _end, first, last = view.mentions[index]
    kind = mention.kind
    score = {"site": 4.0, "city": 2.0, "region": 1.5, "state": 1.0, "demonym": 0.5}.get(kind, 0.0)
    if _locative_before(view, first):
        score += 2
    if _is_possessive(view, last) and _heads_government(_next_words(view, last + 1, 3)):
        score += 2
    if kind == "demonym" and _heads_government(_next_words(view, last, 3)):
        score += 0.5
    if kind == "demonym" and re.match(r"(?:soil|territory|land|ground)\b", _next_words(view, last, 1).lower()):
        score += 4  # "Ugandan troops on Congolese soil": the land named is where the troops are
    if _partner_army(view, index):
        return score + 2.5
    if kind in ("state", "demonym") and _actor_evidence(view, index) >= 2 and not _locative_before(view, first):
        score -= 1.5
    return score


_GOVERNMENT_ADJECTIVES = _word_set("military ruling new transitional interim current former army-led")


def _heads_government(words: str) -> bool:
    """The words name a government or its territory: "junta", "military government", "ruling junta"."""
    parts = words.lower().split()
    while parts and parts[0] in _GOVERNMENT_ADJECTIVES:
        parts = parts[1:]
    return bool(parts) and parts[0] in _HOST_HEADS


def _opens_where_clause(view: SentenceView, last: int, trigger_token: int | None) -> bool:
    """The place is followed by ", where ..." and the trigger sits in that clause: it happened there."""
    return trigger_token is not None and last + 2 < len(view.tokens) and view.tokens[last + 1] == "," and \
        view.tokens[last + 2].lower() == "where" and view.segments[trigger_token] == view.segments[last + 2]


def _distance_penalty(view: SentenceView, token: int, trigger_token: int) -> float:
    penalty = 0.08 * abs(token - trigger_token)
    if view.segments[token] != view.segments[trigger_token]:
        penalty += 0.6
        if {view.segments[token], view.segments[trigger_token]} & view.relative_segments:
            penalty += 1.0
    return penalty


def _in_participial_aside(view: SentenceView, token: int, trigger_token: int) -> bool:
    """The name sits in a comma-bounded clause that opens with a participle and does not hold the trigger."""
    segment = view.segments[token]
    if segment == view.segments[trigger_token] or segment == 0:
        return False
    first = next(i for i, s in enumerate(view.segments) if s == segment)
    first += view.tokens[first] in _BOUNDARY_TOKENS
    return first < len(view.tokens) and view.tokens[first].lower().endswith("ing") and \
        view.tokens[first][0].islower()


_STATEMENT_VERBS = _word_set("announced said told declared stated signed agreed met meeting summit held convened "
                             "decided unveiled approved launched reached concluded brokered negotiated hosted")


def _venue_of_a_statement(view: SentenceView, first: int, trigger_token: int | None) -> bool:
    """The place is where something was said, met or signed ("announced ... in Ethiopia"), not where the trigger's
    event happens: it follows "in"/"at" within the clause of a statement verb, with no trigger in between; or it
    stands in apposition to such a venue ("signed in South Africa's capital, Pretoria")."""
    if first >= 2 and view.tokens[first - 1] == ",":
        for index, (_mention, *_rest, other_first, other_last) in enumerate(view.mentions):
            if other_last < first - 1 and re.fullmatch(
                    r"(?i)(?:'s|’s)?\s*(?:(?:capital|city|port|town)(?:\s+city)?)?\s*,\s*",
                    view.text[view.mentions[index][2]:view.token_starts[first]]):
                return _venue_of_a_statement(view, other_first, trigger_token)
    if first < 2 or view.tokens[first - 1].lower() not in ("in", "at"):
        return False
    for index in range(first - 2, max(-1, first - 15), -1):
        if view.segments[index] != view.segments[first] or index == trigger_token:
            return False
        if view.tokens[index].lower() in _STATEMENT_VERBS:
            return trigger_token is None or not index < trigger_token < first
    return False


def _unnamed_destination(view: SentenceView, trigger_token: int | None) -> bool:
    """The trigger sends its troops somewhere its clause does not name: "sent forces to its border region"."""
    if trigger_token is None:
        return False
    words = [word.lower() for word in view.tokens[trigger_token + 1:trigger_token + 6]]
    return any(word in ("to", "into") and following in ("its", "their", "his", "her", "the", "a", "an")
               for word, following in itertools.pairwise(words))


def parsed_movers(view: SentenceView, trigger_token: int) -> list[set[int]]:
    """Token sets of the noun phrases the parse makes what the trigger moves or keeps, the likeliest first: its
    objects ("sent 300 soldiers"), a noun's "of" phrase and number ("the withdrawal of 300 soldiers"), then its
    subject ("300 Kenyan soldiers were deployed"); empty without a parse. A headcount in one counts the trigger's
    troops."""
    doc = view.parse
    if doc is None or trigger_token >= len(doc):
        return []
    head = syntax.predicate(doc, trigger_token)
    heads = syntax.moved(doc, head)
    if doc[head].pos_ in ("VERB", "AUX"):
        own = syntax.doer(doc, head)
        heads += [own] if own is not None else []
    else:
        heads += [child.i for child in doc[head].children if syntax.relation(child) == "nummod"]
    # Without its "of" phrases: in "make up 1,400 of the UN's 13,000-troop force" the larger body is not theirs.
    return [set(syntax.phrase(doc, own, frozenset({None}))) for own in heads]


_PLACE_KINDS = ("site", "city", "region", "state", "demonym")
# Prepositions that put an event somewhere: "deployed to", "based in", "withdrew from", "arrived at".
_PLACE_CASES = frozenset({"to", "in", "into", "at", "from", "inside", "on", "out", "near", "within", "across",
                          "over"})  # "over": "handed over the base", the particle read as a preposition
# Verbs whose object is the place itself: "left Mali", "entered Somalia", "handed over the base of Menaka".
_PLACE_OBJECT_VERBS = frozenset({"leave", "quit", "vacate", "enter", "exit", "evacuate", "reach", "invade", "abandon",
                                 "occupy", "depart", "hand", "return", "transfer", "close", "cede", "open"})


def parsed_place_tokens(view: SentenceView, trigger_token: int | None) -> set[int]:
    """Tokens of the phrases the parse attaches to the trigger as its place: "to Mali", "from the base in Gao",
    "in Niger's capital", the object of "left Mali", a place hung on what it moves ("withdrew its soldiers from
    Niger"), the subject of "expel"; empty without a parse."""
    doc = view.parse
    if doc is None or trigger_token is None or trigger_token >= len(doc):
        return set()
    head = syntax.predicate(doc, trigger_token)
    heads = [token for case, token in syntax.obliques(doc, head) if case in _PLACE_CASES]
    # "withdrew its soldiers from Niger", "sent by France to Gabon": a place hung on what the verb moves or on
    # its "by" phrase is the verb's place too.
    by = syntax.agent(doc, head)
    heads += [token for noun in [*syntax.moved(doc, head), *([by] if by is not None else [])]
              for case, token in syntax.obliques(doc, noun) if case in _PLACE_CASES]
    if doc[head].lemma_.lower() in _PLACE_OBJECT_VERBS:
        heads += syntax.moved(doc, head)
    if _EXPELS.match(view.tokens[head]):
        own = syntax.subject(doc, head)  # "Mali expelled the Danish contingent": the state that expels is the host
        heads += [own] if own is not None else []
    places = frozenset({None, "of", "'s", "’s", *_PLACE_CASES})
    return {index for own in heads for index in syntax.phrase(doc, own, places)}


def parsed_places(view: SentenceView, trigger_token: int | None) -> list[int]:
    """The mentions the parse attaches to the trigger as its place (``parsed_place_tokens``), by index."""
    return _mentions_in(view, sorted(parsed_place_tokens(view, trigger_token)), _PLACE_KINDS)


def choose_hosts(view: SentenceView, trigger_token: int | None, skip: frozenset[str] = frozenset()) -> list[Role]:
    """The African state(s) where the event happens, from sites, towns and state names in the sentence
    (leaving out the states in ``skip``)."""
    best: Role | None = None
    fallback: Role | None = None
    attached = set(parsed_places(view, trigger_token))
    for index, (mention, *_rest, first, _last) in enumerate(view.mentions):
        if mention.iso3 in skip or mention.iso3 not in AFRICAN_ISO3 or \
                mention.kind not in ("site", "city", "region", "state", "demonym"):
            continue
        if _origin_list(view, index):
            continue  # "troops from Kenya, Burundi and Uganda": the states that send them
        if _NAMES_AN_ACCORD.match(view.text[view.mentions[index][2]:]):
            continue  # "the Luanda agreement", "the Nairobi process": where it was signed, not a host
        if _venue_of_a_statement(view, first, trigger_token):
            continue  # "the mission announced on February 4 by the member states ... in Ethiopia"
        score = _host_evidence(view, index)
        if trigger_token is not None:
            score -= _distance_penalty(view, first, trigger_token) * 0.5
            where = _opens_where_clause(view, _last, trigger_token)
            if _in_participial_aside(view, first, trigger_token) and not where:
                continue  # "Turkish officials, speaking during visits to Ethiopia and Kenya, called ..."
            if where:
                score += 4  # "... neighbouring Mali, where Wagner mercenaries operate": it happens there
        if _trigger_destination(view, first, trigger_token) or index in attached:
            # "based in Mozambique", "deployed 300 troops to Mali": the trigger's own place, however far the parse
            # finds it ("deployed, on Saturday and after weeks of talks, to eastern Congo")
            score += 3
        if score <= 0:
            continue
        if trigger_token is not None and index not in attached and other_clause(view, first, trigger_token):
            # "arrived in Bamako after French forces left Niger": Bamako is the arrival's. Another clause's place
            # is taken only when the trigger's own clause names none ("... in eastern Congo, and Tanzania and
            # Malawi have also sent soldiers").
            if fallback is None or score > fallback.score:
                fallback = Role(mention.iso3, index, score)
            continue
        if best is None or score > best.score:
            best = Role(mention.iso3, index, score)
    if best is None and fallback is not None and not _unnamed_destination(view, trigger_token):
        best = fallback
    if best is None:
        return []
    return [best, *_coordinated(view, best, exclude=None, african=True)]


def names_a_venue(view: SentenceView, index: int) -> bool:
    """Mention ``index`` names where something was said or signed, or an accord ("the Luanda agreement")."""
    return bool(_NAMES_AN_ACCORD.match(view.text[view.mentions[index][2]:])) or \
        _venue_of_a_statement(view, view.mentions[index][3], None)


_NAMES_AN_ACCORD = re.compile(r"(?i)\s*(?:-based\s+)?(?:[\[(]?peace[\])]?\s+)?"
                              r"(?:agreement|accords?|process|talks|summit|declaration|deal|roadmap|conference|communiqu[ée]|framework|initiative|protocol|pact|format)\b")
_LIST_GAP = re.compile(r"\s*\)?\s*(?:,|and|, and|&|as well as)\s*(?:the\s+)?")
_LIST_GAP_OR = re.compile(r"\s*\)?\s*(?:,|and|, and|&|as well as|or)\s*(?:the\s+)?")


def _listed_together(view: SentenceView, left: int, right: int, gap_pattern: re.Pattern[str] = _LIST_GAP) -> bool:
    """Mentions ``left`` and ``right`` are neighbours in a list: "Angola, the Democratic Republic of Congo (DRC),
    Lesotho"; a bracketed short name of the same state counts as part of its entry."""
    gap = view.text[view.mentions[left][2]:view.mentions[right][1]]
    if re.fullmatch(r"\s*\(\s*", gap):
        return view.mentions[left][0].iso3 == view.mentions[right][0].iso3
    return bool(gap_pattern.fullmatch(gap))


# A list's own forces moving: "Angola, Malawi and Zambia, are leaving"; not "Mali and Niger have expelled".
_MOVING_AFTER = re.compile(
    r"(?i)^\W*(?:also\s+|still\s+|now\s+)?(?:(?:are|is|were|was|have|has|had)\s+(?:also\s+|now\s+|been\s+)?)?"
    r"(?:leaving|left|withdrew|withdrawing|withdrawn|pulling out|pulled out|deployed|deploying|sent|sending"
    r"|contribute|contributes|contributing|contributed)\b"
)


def _origin_list(view: SentenceView, index: int) -> bool:
    """The name belongs to a list of two or more states that send forces: after "troops from" (or "soldiers
    of"), or the subject of a verb that tells what forces do."""
    first = index
    while first > 0 and _listed_together(view, first - 1, first):
        first -= 1
    last = index
    while last + 1 < len(view.mentions) and _listed_together(view, last, last + 1):
        last += 1
    if last == first:
        return False
    # "troops from Kenya, Burundi and Uganda"; "namely Angola, Malawi and Zambia, are leaving the country"
    return _force_noun_precedes_from(view, view.mentions[first][3]) or (
        view.mentions[last][0].kind in ("state", "demonym") and not _locative_before(view, view.mentions[first][3])
        and bool(_MOVING_AFTER.match(view.text[view.mentions[last][2]:])))


_LOCATIVE = _word_set("in at to into near inside")
_NOT_DESTINATION = _word_set(", . ; : from of with by via and or")


def _trigger_destination(view: SentenceView, first: int, trigger_token: int | None) -> bool:
    """The mention is the place right after the trigger's locative preposition, within a few words."""
    if trigger_token is None or not 0 < first - trigger_token <= 7:
        return False
    between = [token.lower() for token in view.tokens[trigger_token + 1:first]]
    if not between or any(token in _NOT_DESTINATION for token in between):
        return False
    return between[-1] in _LOCATIVE or (len(between) >= 2 and between[-2] in _LOCATIVE and between[-1] == "the")


_VEHICLE_AFTER = re.compile(r"(?i)(?:military |air force |navy )?(?:aircraft|plane|planes|airplanes?|jets?|flights?"
                            r"|transport|ships?|vessels?)\b")
_FRAMING_MISSION = re.compile(r"(?i)\b(?:part of|under|within|serving with|serving in|with)(?:\s+(?:the|an?))?"
                              r"(?:\s+[\w-]+){0,4}\s*$")
_MOVEMENT_NOUNS = _word_set("withdrawal pullout pull-out departure exit presence deployment drawdown contingent")
_EXPELS = re.compile(r"(?i)expel|kicked out|threw out|thrown out|drove out|driven out|chased out")


# Verbs whose object is another state's troops: "trained Somali soldiers", "backed Malian forces".
_TAKES_TROOPS_AS_OBJECT = _word_set(
    "trained trains training train equipped equips equipping armed arms arming backed backs backing supported "
    "supports supporting advised advises advising mentored mentoring assisted assists assisting fought fights "
    "fighting attacked attacks attacking killed kills ambushed ambushing accompanied accompanying")


def _group_is_subject(view: SentenceView, trigger_token: int, actor_first: int) -> bool:
    """An armed group named just before the trigger, in its clause and nearer to it than the actor, is the
    trigger's subject: "after M23 left the area", "..., and M23 has withdrawn"."""
    for mention, _start, _end, first, last in view.mentions:
        if mention.kind != "group" or not 0 < trigger_token - last <= 3 or (actor_first > first and \
                actor_first < trigger_token):
            continue
        between = view.tokens[last + 1:trigger_token]
        opener = first - 1 - (first > 0 and view.tokens[first - 1].lower() == "the")
        # The group opens a clause ("after M23 left"), not an object ("troops fighting al-Shabab have left").
        opens = opener < 0 or view.tokens[opener].lower() in _CLAUSE_OPENERS or view.tokens[opener] in _BOUNDARY_TOKENS
        if opens and all(word.islower() and word.isalpha() for word in between) and \
                view.segments[last] == view.segments[trigger_token]:
            return True
    return False


_CLAUSE_OPENERS = _word_set("after before when as while since until because once and but that where whereas "
                            "although though")


PARSED_AGENT = 2.0  # evidence for a name the parse makes the trigger's subject
PARSED_OTHER = 2.0  # and against the other names, when it does
_ACTOR_KINDS = ("state", "demonym", "metonym", "force")


def _mentions_in(view: SentenceView, tokens: list[int] | range, kinds: tuple[str, ...]) -> list[int]:
    """Indices of the mentions of ``kinds`` with a token among ``tokens``."""
    wanted = set(tokens)
    return [index for index, (mention, _s, _e, first, last) in enumerate(view.mentions)
            if mention.kind in kinds and wanted.intersection(range(first, last + 1))]


def _subject_before_aside(view: SentenceView, head: int) -> int | None:
    """"Nigeria, which lost 30 soldiers in 2020, pulled 150 troops out": the name before a relative aside is the
    subject of the verb after it. The parser trained on EWT often ends the sentence at the name, or hangs the verb
    on the aside; the commas tell. ``head`` is the verb, which must have no subject of its own and follow the
    aside's closing comma with at most its auxiliaries and adverbs between."""
    doc = view.parse
    if doc is None or any(syntax.relation(child) in syntax.SUBJECT_RELATIONS for child in doc[head].children):
        return None
    first = min([child.i for child in doc[head].children if syntax.relation(child) in ("aux", "advmod")] + [head])
    segment = view.segments[first]
    if first == 0 or view.tokens[first - 1] != "," or segment < 2 or segment - 1 not in view.relative_segments:
        return None
    opening = [index for index, own in enumerate(view.segments) if own == segment - 2 and
               view.tokens[index] not in _BOUNDARY_TOKENS]
    if not opening:
        return None
    # the name, or "the" and the name ("The United States, which ...")
    names = [(f, last) for _m, _s, _e, f, last in view.mentions if f == opening[0] or
             (f == opening[0] + 1 and view.tokens[opening[0]].lower() == "the")]
    if not names or names[0][1] != opening[-1]:
        return None  # the opening stretch is the name and nothing else
    return names[0][0]


def parsed_agents(view: SentenceView, trigger: Trigger, trigger_token: int) -> list[int]:
    """The mentions the parse names as whose forces the trigger moves, by mention index; empty without a parse.

    A verb's subject ("Kenyan soldiers have been deployed", "France withdrew"), with the subject an infinitive or
    participle takes over ("France decided to withdraw", "troops deployed in Mali"), a passive's "by" phrase, and
    the object of "expel"; a noun's own modifiers ("France's withdrawal", "the withdrawal of French troops").
    """
    doc = view.parse
    if doc is None or trigger_token >= len(doc):
        return []
    head = syntax.predicate(doc, trigger_token)
    token = doc[head]
    heads: list[int] = []
    if _EXPELS.match(view.text[trigger.start:trigger.end]):
        heads = syntax.objects(doc, head)
    elif trigger.nominal or token.pos_ in ("NOUN", "PROPN"):
        heads = [child.i for child in token.children
                 if syntax.relation(child) in ("amod", "compound", "poss", "nmod")
                 and syntax.case_word(doc, child.i) in (None, "of", "by", "'s", "’s")]
        if any(syntax.relation(child) == "cop" for child in token.children):
            # "Rwanda is among the major troop contributors": the subject of a noun predicate
            own = syntax.subject(doc, head)
            heads += [own] if own is not None else []
    else:
        own = syntax.doer(doc, head)
        if own is None or (view.segments[own] in view.relative_segments
                           and view.segments[own] != view.segments[head]):
            # no subject, or one inside a relative aside ("Chad, whose army lost 100 men, sent ...")
            aside = _subject_before_aside(view, head)
            own = aside if aside is not None else own
        heads = [own] if own is not None else []
        by = syntax.agent(doc, head)
        if by is not None:
            heads.append(by)
    leaving = trigger.event.startswith("withdrawal") or trigger.event == "handover" or \
        bool(_TAKING_OUT.match(view.text[trigger.start:trigger.end]))
    cases = syntax.OWNER_CASES_LEAVING if leaving else syntax.OWNER_CASES
    found: list[int] = []
    for own in heads:
        tokens = syntax.phrase(doc, own, cases)
        # "Burundian rebels who operate in the border area": a nationality word sends troops only when the phrase
        # speaks of troops; a state or force named as the subject itself does ("Rwanda has sent").
        troops = any(_FORCE_NOUN_RE.match(view.tokens[index]) for index in tokens)
        found += [index for index in _mentions_in(view, tokens, _ACTOR_KINDS)
                  if troops or view.mentions[index][3] <= own <= view.mentions[index][4]]
    # Where the words say the name stands in another clause ("Russian instructors arrived in Bamako after French
    # forces left Mali"), a parse that makes it the trigger's subject is wrong: the rules decide.
    return sorted(index for index in set(found) if not other_clause(view, view.mentions[index][3], trigger_token))


def choose_actors(view: SentenceView, trigger: Trigger, trigger_token: int, host: str,
                  other_triggers: tuple[int, ...] = ()) -> list[Role]:
    """The sending state(s): the best-placed foreign name, with any names coordinated with it.

    A multinational mission (UN, EU) that is better placed than any state yields no actor. A name before another
    trigger (``other_triggers``, token indices) that stands between it and this one is that trigger's subject
    ("the US Army stationed 4,000 troops there and the French army is stationed ...") and ranks lower.
    """
    scored: list[Role] = []
    # Whose forces the parse says the trigger moves: counted as strong evidence, the rules deciding the rest.
    agents = set(parsed_agents(view, trigger, trigger_token))
    for index, (mention, *_rest, first, last) in enumerate(view.mentions):
        entry = mention.entry
        if entry.kind not in ("state", "demonym", "metonym", "force") or entry.iso3 == host:
            continue
        if first > 0 and view.tokens[first - 1].lower() in ("on", "aboard", "by", "via", "using", "in") and \
                _VEHICLE_AFTER.match(" ".join(view.tokens[last + 1:last + 3])):
            continue  # "flew on US military aircraft to ...": whose plane it is, not whose troops
        if entry.iso3 is None and _FRAMING_MISSION.search(" ".join(view.tokens[max(0, first - 8):first])):
            continue  # "troops in Somalia as part of the African Union force": the mission frames, the state sends
        if first > 0 and view.tokens[first - 1].lower() in _TAKES_TROOPS_AS_OBJECT:
            continue  # "Turkey has trained Somali soldiers": the troops trained, not the ones sent
        if _partner_army(view, index):
            continue  # "Burundi's forces operate jointly with the Armed Forces of the DRC": the host's army
        evidence = _actor_evidence(view, index) + (PARSED_AGENT if index in agents else 0.0)
        if entry.iso3 is not None:
            if entry.iso3 in AFRICAN_ISO3 and evidence < 2:
                continue
            if entry.kind in ("state", "demonym") and _locative_in_list(view, first) and evidence < 3:
                continue  # "expelled from Mali and Burkina Faso, have ...": places, however a verb follows
            if _names_a_facility_location(view, index):
                continue
            if trigger.event in ("presence", "arrival") and entry.kind != "demonym" and evidence < 2:
                continue
        score = 1.0 + evidence - _distance_penalty(view, first, trigger_token)
        if agents and index not in agents:
            score -= PARSED_OTHER  # the parse names another subject: this name is someone else's
        if view.mentions[index][1] < trigger.end and trigger.start < view.mentions[index][2]:
            score += 3  # the trigger's own subject: "the Russians are in a separate compound"
        if trigger.event == "agreement_ended" and first > 0 and view.tokens[first - 1].lower() == "with":
            score += 3
        if _EXPELS.match(view.text[trigger.start:trigger.end]) and 0 <= first - trigger_token <= 4 and \
                not _locative_in_list(view, first):
            score += 4  # "the government expelled the Emiratis": the object is the force that left
        if entry.kind == "demonym" and _next_words(view, last, 1).lower() in _OFFICIAL_HEADS:
            score -= 1
        if any(last < other < trigger_token and view.segments[other] == view.segments[trigger_token]
               for other in other_triggers):
            score -= 2
        if first > trigger_token and any(0 < other - last <= 3 for other in other_triggers) and \
                other_clause(view, first, trigger_token):
            score -= 3  # "Kenyan troops deployed to Somalia, while Ethiopia sent forces": the later verb's subject
        scored.append(Role(entry.iso3 or "", index, score))
    if not scored:
        return []
    best = max(scored, key=lambda role: role.score)
    if _group_is_subject(view, trigger_token, view.mentions[best.mention_index][3]):
        return []  # "... occupied Bunagana after M23 left the area": the rebels left, not the troops
    if not best.iso3:
        # A mission outranks states unless a state's own troops are named: "German troops serving with the UN".
        # "Of the countries that make up SAMIM, Botswana was the first to withdraw": a state named between the
        # mission and the trigger, acting in the trigger's clause, is the subject.
        mission_first = view.mentions[best.mention_index][3]
        mission_aside = view.segments[mission_first] not in (0, view.segments[trigger_token])
        national = [r for r in scored if (r.iso3 and mission_aside and view.mentions[r.mention_index][3] < mission_first
                                          and _actor_evidence(view, r.mention_index) >= 3) or (
                    r.iso3 and _FROM_COUNTRIES_INCLUDING.search(
                        view.text[:view.mentions[r.mention_index][1]])) or (r.iso3
                    and view.segments[view.mentions[r.mention_index][3]] == view.segments[trigger_token]
                    and (_actor_evidence(view, r.mention_index) >= 3
                         or (_actor_evidence(view, r.mention_index) >= 2
                             and mission_first < view.mentions[r.mention_index][3] < trigger_token)))]
        # "Botswana has deployed 296 troops to Mozambique to join soldiers from the SADC region": the state whose
        # verb the trigger is sends them, whatever mission they join after it.
        national += [r for r in scored if r.iso3 and r not in national and mission_first > trigger_token
                     and _subject_of(view, r.mention_index, trigger)]
        # "Rwanda is among the major troop contributors to the UN mission": the parse's subject sends them.
        national += [r for r in scored if r.iso3 and r not in national and r.mention_index in agents]
        if not national:
            return []
        best = max(national, key=lambda role: role.score)
    return [best, *_coordinated(view, best, exclude=host, african=None)]


def _subject_of(view: SentenceView, index: int, trigger: Trigger) -> bool:
    """The state named just before the trigger is its subject: "Botswana has deployed"."""
    mention, _start, end_char, _first, _last = view.mentions[index]
    acting = _ACTING_AFTER.match(view.text[end_char:]) if mention.kind in ("state", "metonym", "force") else None
    return acting is not None and end_char <= trigger.start and end_char + acting.end() >= trigger.end


def _coordinated(view: SentenceView, best: Role, *, exclude: str | None, african: bool | None) -> list[Role]:
    """Names listed with the chosen one: "Russian and American soldiers", "Mali, Burkina Faso and Niger"."""
    if best.mention_index is None:
        return []
    kind = view.mentions[best.mention_index][0].kind
    extra: list[Role] = []
    for direction in (-1, 1):
        index = best.mention_index
        while 0 <= index + direction < len(view.mentions):
            neighbour = index + direction
            left, right = sorted((index, neighbour))
            mention = view.mentions[neighbour][0]
            if not _listed_together(view, left, right, _LIST_GAP_OR) or mention.kind not in (
                    kind, "state", "demonym") or mention.iso3 in (None, exclude) or \
                    (african is not None and (mention.iso3 in AFRICAN_ISO3) != african):
                break
            extra.append(Role(mention.iso3, neighbour, best.score))
            index = neighbour
    seen = {view.mentions[best.mention_index][0].iso3}
    unique = []
    for role in extra:
        if role.iso3 not in seen:
            seen.add(role.iso3)
            unique.append(role)
    return unique
