"""The assertion screen: whether a found trigger asserts the event (not a plan, a denial, a question, a
condition, a capacity, a cumulative total or a visit), and the modality of its wording."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from footprint.extract import syntax
from footprint.extract.headcounts import _CAPACITY, _CUMULATIVE
from footprint.extract.triggers import (
    _AFTER_EVENT,
    _EXPECTED_AFTER,
    _EXTENDED_BEFORE,
    _FIRST_TO,
    _OBLIGED_PAST,
    _SPECULATION,
    _THOUSANDS,
    Trigger,
    _clause_before,
    _words,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc


_NEGATION = re.compile(r"(?i)(?:\b(?:not|never|no|nor|without|neither|denied|denies)\b|n't\b)")
_FUTURE = _words(
    r"will|would|shall|can|should|must|'ll|to|plans?|planned|planning|expected|expects|intends?|intended"
    r"|scheduled|due|going|ready|prepared|set|vowed|pledged|promised|proposed|proposes|hopes?|wants?|seeks?"
    r"|aims?|soon|later|next|future|upcoming|further|additional|another|(?:with a )?view to|aim(?:ed|ing) at"
    r"|towards?"
)


_REPORTING = _words(r"said|says|announced|announces|confirmed|told|stated|declared|agreed|decided|promised|added")
_PARTIAL = _words(
    r"some of|(?<!as )part of|a portion|portion of|half of|a few|several|a number of|most of|reduc\w*"
    r"|scal(?:e|ed|ing) (?:back|down)|drawdown|draw down|downsiz\w*|(?-i:partial|partially|temporar\w*)|reposition\w*"
    r"|fewer|some (?!\d)(?:[\w.]+ ){0,2}(?:troops|soldiers|forces|personnel)|a small number|a handful|a first"
    r"|first (?:group|contingent|batch|wave|convoy)|scores of|dozens of|(?:the )?start of|an initial|initial group"
    # "withdrew 400 of its 1,000 troops": a share of the force
    r"|(?<!last )(?<!final )\b\d[\d,.]* (?:of|out of) (?:its|their|the|some|about|around|nearly|roughly"
    r"|an estimated)(?= (?:[\w-]+ )?\d)"
    # "has withdrawn 200 of its soldiers": a number of the force, not all of it
    r"|(?<!last )(?<!final )(?<!all )(?<!remaining )\b\d[\d,.]* (?:of|out of) (?:its|their)(?= (?:[\w-]+ )?(?:troops"
    r"|soldiers|forces|personnel|peacekeepers|servicemen|contingent)\b)"
    # "the 2,000 soldiers who have so far left", "200 more soldiers have also left": a pullout still going on
    r"|so far|\d[\d,.]*\)? more (?:[\w-]+ )?(?:troops|soldiers|personnel|peacekeepers|servicemen)"
)
# The first of several groups to leave: a pullout that has begun, not a drawdown that keeps the rest there.
_FIRST_BATCH = _words(r"(?:the |a )?first (?:[\w-]+ )?(?:group|contingent|batch|wave|convoy|rotation|detachment"
                      r"|troops|soldiers|flight|plane|aircraft)"
                      r"|an initial|initial (?:group|contingent|batch)|(?:the )?start of")


def _only_a_first_batch(text: str) -> bool:
    """Every partial-pullout phrase in ``text`` names the first batch of a pullout."""
    partial = [m.span() for m in _PARTIAL.finditer(text)]
    first = [m.span() for m in _FIRST_BATCH.finditer(text)]
    return bool(partial) and all(any(fs <= ps < fe or ps <= fs < pe for fs, fe in first) for ps, pe in partial)


_STARTED = _words(r"begun|began|begins|begin|beginning|started|starts|start|starting")
_PAST_MARKERS = _words(
    r"was|were|had|previously|formerly|until|used to|prior to|before|once|earlier|had been|then|former|past"
)
_HEDGES = _words(
    r"reportedly|reports?|reported|according to|sources?|said to|believed|allegedly|appear(?:s|ed)? to|unconfirmed"
    r"|claimed|claims|rumou?red|estimated|suggest(?:s|ed)?|seen by"
)


_FORCE_OBJECT = re.compile(
    r"(?i)(?:\s+[\w'’,-]+){0,7}?\s+(?:troops|soldiers|forces|instructors|mercenaries|personnel|servicemen|marines"
    r"|paratroopers|contingent|battalion|fighters|military)\b"
)
_FINITE_PAST = re.compile(r"(?i)(?:sent|dispatched|deployed|withdrew|left|pulled|moved|flew|arrived|landed|handed"
                          r"|stationed)\b")


def _modality(sentence: str, trigger: Trigger, parse: Doc | None = None, token: int | None = None) -> str:
    """How the sentence frames the trigger: 'fact', 'future', 'speculative' or 'negated'.

    ``parse`` (the sentence's dependency parse) and ``token`` (the trigger's first token in it) are optional; with
    them the clause the trigger stands in is read from the grammar where the words alone mislead.
    """
    window = _NEW_CLAUSE.sub("", _clause_before(sentence, trigger.start, 7))
    if _FINITE_PAST.match(sentence[trigger.start:trigger.end]) and \
            re.search(r"(?i)\band(?:\s+(?:then|also|later|quickly))?\s*$", window) and \
            _FORCE_OBJECT.match(sentence[trigger.end:]):
        # "decided to help Mozambique and sent 200 instructors": a past verb after "and", with troops for its
        # object, is a clause of its own ("agreed to withdraw and sent a delegation" stays a plan)
        window = ""
    if trigger.nominal and _AFTER_EVENT.search(sentence[:trigger.start]):
        return "fact"  # "will review its contribution after the arrival of Wagner": the arrival is taken as done
    if re.search(r"(?i)\bfirst (?:\w+ )?(?:country|nation|state) to\s*$", window) or \
            _FIRST_TO.search(sentence[:trigger.start]):
        return "fact"  # "Uganda was the first country to deploy troops to Somalia in 2007", "the first to withdraw"
    if re.match(r"(?i)(?:\s+\S+){0,6}?\s+already\s+(?:in|there|on the ground)\b", sentence[trigger.end:]):
        return "fact"  # "to bolster a 200-strong deployment of British personnel already in the country"
    close = " ".join(window.split()[-3:])
    if _NEGATION.search(close):
        return "negated"
    if not trigger.nominal and parse is not None and token is not None and syntax.negated_verb(parse, token):
        return "negated"  # "does not, for now, plan to withdraw": the parse joins what commas keep apart
    aside = _MODAL_ASIDE.search(sentence[:trigger.start])
    if aside is not None and not trigger.nominal:
        # "Russian troops will, officials say, arrive next week": the modal an aside keeps from the verb
        return "speculative" if aside.group(1).lower() in ("could", "might", "may", "would") else "future"
    if not trigger.nominal and (_NO_FORCE.search(window) or (
            parse is not None and token is not None and syntax.subject_denied(parse, token))):
        return "negated"  # "no troops from Chad have been deployed to Diffa": the movers are denied
    if _presupposed(sentence, trigger, parse, token):
        return "fact"  # "the deadliest attack since they crossed into Somalia in 2011": the crossing is given
    if _time_clause_ahead(sentence, trigger, parse, token):
        return "future"  # "would only leave Somalia after the new force arrives": the arrival is to come
    if _DISMISSED_BEFORE.search(sentence[:trigger.start]) or (
            _CLAIMED_BEFORE.search(sentence[:trigger.start]) and _DISMISSED_AFTER.match(sentence[trigger.end:])):
        return "negated"  # "Reports that French troops left Chad are false", "It is untrue that ...": denied
    if _QUESTION.match(sentence):
        return "speculative"  # "Will France pull its troops out of Chad?": a question asserts nothing
    if not trigger.nominal and _OPPOSED_BEFORE.search(sentence[:trigger.start]):
        # "warned Egypt against deploying troops": what is opposed has not happened ("protested against the
        # presence of French troops" says they are there)
        return "speculative"
    if _CONDITION_OPENS.match(sentence[:trigger.start]):
        return "speculative"  # "If the talks fail, the troops would leave": the main clause of a condition
    if _SPECULATION.search(window):
        return "speculative"
    if re.search(r"(?i)\bwould\b", window) and not _REPORTING.search(sentence[:trigger.start]):
        return "speculative"
    if _FUTURE.search(_NOT_INFINITIVE.sub(" ", window)):
        if _SIMPLE_PAST.fullmatch(sentence[trigger.start:trigger.end].split()[0]) and \
                _SUBJECT_BEFORE.search(sentence[:trigger.start]):
            return "fact"  # "according to an official who seeks anonymity the troops left the town": a past fact
        if _CONDITION_AFTER.match(sentence[trigger.end:]):
            return "speculative"  # "would withdraw the troops from the area unless they got instructions"
        return "future"
    after = sentence[trigger.end:trigger.end + 40]
    if re.match(r"(?i)\s*(?:is|was|are|were)\s+(?:scheduled|planned|expected|set|due)\b", after):
        return "future"
    return "fact"


# A subject quantified by "no": "no troops from Chad have been", "no foreign soldiers".
_NO_FORCE = re.compile(r"(?i)(?:^|[^\w'’-])no\s+(?:[\w'’-]+\s+){0,2}?(?:troops|soldiers|forces|personnel|peacekeepers"
                       r"|servicemen|marines|mercenaries|units?|contingents?)\b(?!\s+(?:of|on)\b)")


# A modal, then an aside between commas or dashes, then the trigger: "will, officials say, arrive".
_MODAL_ASIDE = re.compile(r"\b((?i:will|would|could|might|shall|must)|may)\s*[,—–]\s*[^,;—–]{1,60}[,—–]\s*$")
# Word of a movement called false: "Reports that ... left Chad are baseless", "It is untrue that ...".
_FALSE = r"(?:false|untrue|baseless|unfounded|fake|fabricated|groundless|not true)"
_DISMISSED_BEFORE = re.compile(rf"(?i)\bit\s+(?:is|was)\s+(?:completely\s+|totally\s+|simply\s+)?{_FALSE}\s+that\s+"
                               r"(?:[\w'’-]+\s+){0,6}?$")
_CLAIMED_BEFORE = re.compile(r"(?i)\b(?:reports?|claims?|rumou?rs?|allegations?|suggestions?)\s+(?:that\s+)?"
                             r"(?:[\w'’-]+\s+){0,6}?$")
_DISMISSED_AFTER = re.compile(rf"(?i)[^.;]{{0,80}}?\b(?:is|are|was|were)\s+(?:completely\s+|totally\s+|entirely\s+)?"
                              rf"{_FALSE}\b")
# A yes-no question: it opens with an auxiliary and ends with "?" ("Why did France leave?" takes the exit as given).
_QUESTION = re.compile(r"(?i)\W*(?:will|would|could|can|should|shall|is|are|was|were|do|does|did|has|have|had)\b"
                       r"[^?]*\?\W*$")
# An act argued against or blocked, just before the trigger: "warned against deploying", "opposed sending".
_OPPOSED_BEFORE = re.compile(r"(?i)\b(?:against|oppos(?:e|es|ed|ing)|objections? to|object(?:s|ed|ing)? to"
                             r"|resist(?:s|ed|ing)?|veto(?:es|ed|ing)?|barred (?:[\w'’-]+ ){1,3}?from"
                             r"|banned (?:[\w'’-]+ ){1,3}?from)\s+(?:(?:the|any|its|their)\s+)?$")
# A time clause that opens just before a past verb: "since they crossed", "after the French troops left".
_TIME_CLAUSE_BEFORE = re.compile(r"(?i)\b(?:since|after|when|once)\s+(?:[\w'’.-]+\s+){1,4}$")


def _presupposed(sentence: str, trigger: Trigger, parse: Doc | None, token: int | None) -> bool:
    """A past event told in a time clause ("since they crossed into Somalia in 2011", "when the troops left"): the
    sentence takes it as given, whatever its main clause supposes. From the parse when there is one; else a
    time conjunction, a short subject and a past verb before the trigger."""
    if trigger.nominal or trigger.event not in ("arrival", "withdrawal_completed"):
        return False
    if parse is not None and token is not None and syntax.presupposed(parse, token):
        return True
    words = sentence[trigger.start:trigger.end]
    return bool(_TIME_CLAUSE_BEFORE.search(sentence[:trigger.start])) and bool(
        _FINITE_PAST.match(words) or _SIMPLE_PAST.match(words))


_AHEAD_MARKS = frozenset({"after", "when", "once", "before", "until"})
_AHEAD_CLAUSE_BEFORE = re.compile(r"(?i)\b(?:after|when|once|before|until)\s+(?:[\w'’.-]+\s+){1,4}$")
_FUTURE_BEFORE = re.compile(r"(?i)\b(?:will|would|shall|'ll|to|must|should|can|could)\b")


def _time_clause_ahead(sentence: str, trigger: Trigger, parse: Doc | None, token: int | None) -> bool:
    """A movement in a time clause of the present tense under a clause still to come: "will leave once the new
    force arrives", "would withdraw when the Kenyans take over". The present stands for the future there."""
    if trigger.nominal or trigger.event not in ("arrival", "withdrawal_completed", "presence", "handover"):
        return False
    if parse is not None and token is not None:
        mark = syntax.time_clause_mark(parse, token)
        if mark in _AHEAD_MARKS:
            head = parse[syntax.clause_head(parse, token)]
            governor = next((index for _rel, index in syntax.governors(parse, token)), None)
            if head.tag_ not in ("VBD", "VBN") and governor is not None and (
                    syntax.modal(parse, governor) is not None or parse[governor].tag_ == "VB"):
                return True  # the tagger may miss the verb ("arrives" as a plural noun): its tense is what counts
    time_clause = _AHEAD_CLAUSE_BEFORE.search(sentence[:trigger.start])
    if not time_clause or not re.match(r"(?i)[a-z]+s\b", sentence[trigger.start:trigger.end]) or \
            _SIMPLE_PAST.match(sentence[trigger.start:trigger.end]):
        return False  # the rules read only a verb in "-s" after the conjunction: "when the force arrives"
    return bool(_FUTURE_BEFORE.search(_clause_before(sentence, time_clause.start(), 8)))


# Simple past forms that no auxiliary, infinitive or participle shares, said of the words before them.
_SIMPLE_PAST = re.compile(r"(?i)left|withdrew|departed|arrived|landed|pulled|moved|flew|entered|reached|vacated"
                          r"|crossed|exited|quit|evacuated|abandoned|returned|handed|came|went")
# The trigger's own subject just before it: "the troops left", "they withdrew"; no auxiliary between.
_SUBJECT_BEFORE = re.compile(r"(?i)\b(?:troops|soldiers|forces|contingent|personnel|mercenaries|peacekeepers"
                             r"|they|it|convoy|units?|battalion|marines|army|military)\s+(?:(?:finally|also|then"
                             r"|later|eventually|quietly|reportedly)\s+)?$")
# A condition in the rest of the clause: "... unless they got instructions", "... if asked to".
_CONDITION_AFTER = re.compile(r"(?i)[^.;]{0,100}?\b(?:unless|if|provided that|on condition that|in case)\b")
# A sentence that opens with a condition, before the trigger's clause: "If approved, the troops will deploy".
_CONDITION_OPENS = re.compile(r"(?i)\W*(?:[\w'’-]+\s+){0,2}?(?:if|unless|should the|provided(?: that)?"
                              r"|on condition that|in case)\b[^;:]*,")
# "to" that introduces no verb: "according to a security official", "close to the border".
_NOT_INFINITIVE = re.compile(r"(?i)\b(?:according|next|close|prior|thanks|owing|(?<!is )(?<!are )(?<!was )(?<!were )due"
                             r"|up|closer|near)\s+to\b"
                             r"|(?<!view )\bto\s+(?=(?:the|a|an|its|their|his|her|this|that|these|those)\b"
                             r"|(?-i:[A-Z])|\d)")
# A coordinated clause with a subject of its own: "approved the deployment of 150 soldiers to Takuba and it has
# about 250 soldiers": the first clause's plan does not frame the second.
_NEW_CLAUSE = re.compile(r"(?i)^.*\b(?:and|but|while|whereas)\s+(?=(?:it|they|he|she|we|there)\b)")


def _screen(sentence: str, trigger: Trigger, partial: bool, parse: Doc | None = None,
            token: int | None = None) -> Trigger | None:
    """Apply the traps: plans, capacities, totals over time, speculation, negation and partial pullouts.

    ``parse`` and ``token`` (the sentence's dependency parse and the trigger's first token in it) are optional.
    """
    modality = _modality(sentence, trigger, parse, token)
    clause = _clause_around(sentence, trigger)
    if modality in ("negated", "speculative"):
        return None
    if _NON_STATE_SOURCE.search(sentence):
        return None  # "300 Ethiopian troops crossed into Somalia, a top Islamist said": an armed group's claim
    if trigger.event != "agreement_ended" and _CIVILIANS_MOVE.match(sentence[trigger.end:]) and \
            not _DESTINATION_END.search(sentence[trigger.start:trigger.end]):
        # "ordered the withdrawal of its diplomats": not a force; but "rushed to the US Embassy" names where
        # the force went
        return None
    if _EXPELS.match(sentence[trigger.start:trigger.end]) and not _expels_a_force(sentence, trigger, parse, token):
        return None  # "the administration expelled the opposition": no force is made to leave
    if trigger.event != "agreement_ended" and _VISIT.search(sentence) and _SHIP_OR_PORT.search(sentence):
        return None  # "the warships paid a four-day visit", "their stay in the port": a port call, no deployment
    if trigger.event in ("arrival", "presence") and _TREND.search(sentence[trigger.start:trigger.end + 80]):
        return None  # "are deploying more warships than ever before in the waters": a trend, no deployment
    if trigger.event == "arrival" and not trigger.nominal and _BEING.search(sentence[:trigger.start]):
        return None  # "troops are being sent to Goma": a movement under way, not an arrival
    if trigger.event == "arrival" and _LAST_GROUP.search(sentence[:trigger.start]) and \
            re.match(r"(?i)return|arrived back|landed back", sentence[trigger.start:trigger.end]):
        return replace(trigger, event="withdrawal_completed")  # "The final batch of Irish troops returned to Dublin"
    if trigger.event == "arrival" and re.match(r"(?i)sending|dispatching", sentence[trigger.start:trigger.end]) and \
            _SENDING_NOW.search(sentence[:trigger.start]):
        return None  # "Zimbabwe is sending 304 instructors to Mozambique": they are on their way, not there
    if trigger.event == "arrival" and modality == "fact" and _PERFECT_BEFORE.search(sentence[:trigger.start]) and \
            _ONGOING.search(sentence):
        return replace(trigger, event="presence")  # "Since then, the U.S. has sent troops on a rotational basis"
    if _CUMULATIVE.search(clause) or _CAPACITY.search(_clause_before(sentence, trigger.start, 8)):
        return None
    if trigger.event == "withdrawal_completed" and _LEFT_IN_A_STATE.match(sentence[trigger.start:]):
        return None  # "the conflict has left hundreds of thousands displaced": a result, not a departure
    if trigger.event.startswith("withdrawal") and _OF_ARMED_GROUP.match(sentence[trigger.end:]):
        return None  # "to supervise the withdrawal of the M23 rebels": not a state's forces leaving
    if trigger.nominal and trigger.event == "arrival" and _EXPECTED_AFTER.match(sentence[trigger.end:]):
        return None  # "the prompt arrival of 500 Angolan soldiers is expected": a plan
    if trigger.event.startswith("withdrawal"):
        if _PARTIAL.search(clause) or (partial and trigger.event == "withdrawal_completed" and modality == "fact"):
            if _only_a_first_batch(clause if _PARTIAL.search(clause) else sentence):
                return replace(trigger, event="withdrawal_announced")  # "the first group of 100 troops left"
            return None
        if _STARTED.search(_clause_before(sentence, trigger.start, 4)):
            return replace(trigger, event="withdrawal_announced")  # "began to withdraw": a pullout under way
        if trigger.event == "withdrawal_completed" and re.match(r"(?i)[a-z]+ing\b", sentence[trigger.start:]) and \
                re.search(r"(?i)\b(?:is|are|am)\s+(?:now\s+|gradually\s+|slowly\s+)?$", sentence[:trigger.start]):
            return replace(trigger, event="withdrawal_announced")  # "France is ending its presence": not yet done
        if trigger.event == "withdrawal_completed" and _OBLIGED_PAST.search(sentence[:trigger.start]):
            return trigger  # "were forced to pull out in March": it happened
        if modality == "future" or trigger.event == "withdrawal_announced":
            return replace(trigger, event="withdrawal_announced")
        return trigger
    if trigger.event == "agreement_ended":
        # "..., marking the end of three decades of cooperation": a comment on another event, not a new one.
        if re.search(r"(?i)\b(?:marking|marked|marks|signalling|signaling|heralding|ushering)\s+(?:in\s+|the\s+)?$",
                     sentence[:trigger.start]) or re.search(
                r"(?i)\b(?:trend|wave|series|spate|string|pattern) of (?:[\w'-]+ ){0,4}$", sentence[:trigger.start]):
            return None
        return trigger
    if trigger.event == "presence" and re.match(r"(?i)manned|staffed|crewed|stationed|based|housed",
                                                 sentence[trigger.start:trigger.end]) and \
            re.search(r"(?i)\b(?:will|would|shall|plans? to|is to|are to|to be)\b", sentence[:trigger.start]):
        return None  # "Russia will maintain a naval base manned by 300 sailors": the participle shares the plan
    if trigger.event == "handover" and modality == "future":
        return replace(trigger, event="withdrawal_announced")  # "agreed to hand over its air base"
    if modality == "future":
        text = sentence[trigger.start:trigger.end].lower()
        if trigger.event == "presence" and (text.startswith(("remain", "stay")) or (
                text.startswith("keep") and _OWN_FORCE_AFTER.match(sentence[trigger.end:]))
                or _EXTENDED_BEFORE.search(sentence[:trigger.start])):
            return trigger  # "will keep its 350 soldiers in Niger", "voted to extend the deployment": there now
        return None
    return trigger


# A statement attributed to an armed group: "a top Islamist said", "according to the rebels".
_ARMED = (r"(?:Islamists?|Islamic Courts|rebels?|insurgents?|militants?|jihadists?|militias?|militiamen"
          r"|(?-i:al-Shabaa?b|Shabaa?b|M23|ADF|Boko Haram))")
_NON_STATE_SOURCE = re.compile(
    # the speaker ends the clause ("..., a top Islamist said"): not "officials said militants had fled"
    rf"(?i)(?:\b(?:said|says|claimed|claims|told)\s+(?:an?\s+|the\s+)?(?:[\w'’-]+\s+){{0,2}}?{_ARMED}"
    r"(?:\s+(?:spokesm[ae]n|commander|leader|official|source))?(?=\s*(?:[,.;]|$))"
    # "..., rebels claimed.": the sentence ends with an armed group's word for it
    rf"|[,;]\s+(?:[\w'’-]+\s+){{0,2}}?{_ARMED}\s+(?:spokesm[ae]n\s+|commander\s+|leader\s+)?(?:said|says|claimed"
    r"|claims)\s*[.;]?\s*$"
    rf"|\b(?:an?|the)\s+(?:[\w'’-]+\s+){{0,2}}?{_ARMED}\s+(?:spokesm[ae]n\s+|commander\s+|leader\s+)?"
    rf"(?:said|says|claimed|claims)\b|according to (?:an?\s+|the\s+)?(?:[\w'’-]+\s+){{0,2}}?{_ARMED}\b)"
)
# The people a movement word is about, when they are no force: "the departure of its diplomats".
_CIVILIANS_MOVE = re.compile(
    r"(?i)\s+(?:of\s+)?(?:(?:its|their|the|all|some|his|her|our)\s+)?"
    r"(?:(?!troops|soldiers|forces|military|personnel|contingent)[\w'’-]+\s+){0,2}?(?:diplomats?"
    r"|ambassadors?|embassy|envoys?|nationals|citizens|expatriates|civilians|aid workers|tourists|refugees"
    r"|students|journalists)\b"
)
_VISIT = re.compile(r"(?i)\b(?:(?:goodwill|port|courtesy|friendly|maiden|official|[\w]+-day)\s+visits?"
                    r"|visit(?:s|ed|ing)?\s+(?:to\s+)?(?:the\s+)?port|port calls?|stopover|(?<!de)tour\b|leg of)")
_SHIP_OR_PORT = re.compile(r"(?i)\b(?:warships?|frigates?|destroyers?|corvettes?|vessels?|ships?|navy|naval|sailors"
                           r"|port|harbou?r|flotilla|fleet)\b")
# A comparison over time of how many move: the subject is a trend, not one deployment.
_TREND = re.compile(r"(?i)\bmore and more\b|\bmore (?:[\w'’-]+ ){0,3}?than (?:ever|before|at any)\b")
_PERFECT_BEFORE = re.compile(r"(?i)\b(?:has|have)\s+(?:\w+\s+)?$")
_ONGOING = re.compile(r"(?i)\bsince (?:then|that time|that date)\b|\b(?:on a |in )rotation(?:al basis)?\b|\brotating\b")
_BEING = re.compile(r"(?i)\b(?:being|to be)\s+(?:\w+ly\s+)?$")
# The sender's act in the present progressive: "Zimbabwe is sending a team of 304 instructors to Mozambique".
_LAST_GROUP = re.compile(r"(?i)\b(?:last|final|remaining)\s+(?:[\w'’-]+\s+){0,2}?(?:of|batch|group|contingent|troops"
                         r"|soldiers|elements|members|peacekeepers)\b")
_SENDING_NOW = re.compile(r"(?i)\b(?:is|are|am)\s+(?:now\s+|also\s+|currently\s+)?$")
_OWN_FORCE_AFTER = re.compile(r"(?i)\s+(?:its|their|the|some|about|around)\s+(?:[\w,'’-]+\s+){0,3}?(?:troops|soldiers"
                              r"|forces|personnel|contingent|garrison|base|bases|servicemen|marines)\b")
_OF_ARMED_GROUP = re.compile(
    r"(?i)\s+(?:of|by)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,5}?(?:rebels?|insurgents?|militants?|militias?|jihadists?"
    r"|fighters|guerrillas?|armed groups?|(?-i:M23))\b"
)
_LEFT_IN_A_STATE = re.compile(
    r"(?i)(?:has |have |had )?left\s+(?:[\w'’,-]+\s+){1,6}?(?:dead|displaced|homeless|injured|wounded|stranded"
    r"|destitute|in ruins|without)\b"
)


# A movement trigger that ends with the preposition of its destination: "rushed to", "arrived in".
_DESTINATION_END = re.compile(r"(?i)\b(?:to|into|in|at)$")
_EXPELS = re.compile(r"(?i)expel|kicked out|threw out|thrown out|drove out|driven out|chased out|booted out")
# What an expulsion may send away: a force, a state, a people or a military word ("expelled France", "expelled
# the French", "expelled Wagner", "expelled the troops").
_EXPELLED_FORCE = re.compile(
    r"(?i)(?:\s+(?:the|its|their|all|some|remaining|last)\b)?(?:\s+[\w'’.-]+){0,4}?\s+(?:troops|soldiers|forces|force"
    r"|military|army|contingents?|personnel|mercenaries|instructors|peacekeepers|mission|battalions?|units?"
    r"|servicemen|marines|fighters|operatives|advisers|advisors|garrison|base|bases)\b"
    r"|\s+(?:the\s+)?(?-i:[A-Z])")


def _expels_a_force(sentence: str, trigger: Trigger, parse: Doc | None, token: int | None) -> bool:
    """Whether an expulsion sends away a force or a state: its object (from the parse when it has one, else the
    words after the verb) is a troop word or a name. "expelled the opposition" and "expelled journalists" are
    no pullout; an expulsion without an object ("were expelled", "the expulsion") is kept."""
    after = sentence[trigger.end:]
    if parse is not None and token is not None and parse[token].pos_ == "VERB":
        obj = syntax.direct_object(parse, token)
        if obj is not None:
            words = " " + syntax.tokens_in(parse, syntax.noun_phrase(parse, obj))
            return bool(_EXPELLED_FORCE.match(words) or re.search(
                r"(?i)\b(?:troops|soldiers|forces|military|army|contingents?|mercenaries|peacekeepers|instructors"
                r"|personnel)\b", words))
    if not re.match(r"(?i)\s+(?:the|its|their|all|some|his|her)?\s*[\w'’-]", after) or \
            re.match(r"(?i)\s+(?:from|by|in|on|at|after|over|for|last|this|when|as|and|,)\b", after):
        return True  # no object follows the verb
    return bool(_EXPELLED_FORCE.match(after))


def _clause_around(sentence: str, trigger: Trigger) -> str:
    """The comma-delimited stretch of ``sentence`` that holds the trigger."""
    marked = _THOUSANDS.sub("_", sentence)  # "1,500 troops": no clause boundary
    left = max(marked.rfind(mark, 0, trigger.start) for mark in (",", ";", ":", "(", "—"))
    rights = [i for i in (marked.find(mark, trigger.end) for mark in (",", ";", ":", ")", "—")) if i >= 0]
    return sentence[left + 1:min(rights) if rights else len(sentence)]
