"""Readings that keep a trigger with an actor and a host from being a deployment claim: movements at home or
within the host, visitors, port calls, armed groups, destinations outside Africa, text not in English."""

from __future__ import annotations

import re

from footprint.extract import syntax
from footprint.extract.choosers import _GOVERNMENT_AFTER
from footprint.extract.gazetteer import _country_names
from footprint.extract.lexicon import AFRICAN_ISO3, MILITARY_METONYMS, NOT_TROOPS_AFTER_MILITARY, _word_set
from footprint.extract.roles import _FORCE_NOUN_RE, choose_actors
from footprint.extract.sentences import SentenceView
from footprint.extract.triggers import Trigger


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
