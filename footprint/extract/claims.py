"""Claims: a trigger with an actor, host, site, date and headcount, merged across an article."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from footprint.extract import syntax
from footprint.extract.article import published_from_url
from footprint.extract.assertion import _HEDGES, _PARTIAL, _PAST_MARKERS, _modality, _screen
from footprint.extract.choosers import (
    _ALREADY_THERE,
    _choose_date,
    _choose_headcount,
    _choose_site,
    _introduced_towns,
    _own_clause,
    _place_list,
    _verbless_in_the_past,
)
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
from footprint.extract.gazetteer import Entry, Gazetteer
from footprint.extract.headcounts import Headcount, find_headcounts
from footprint.extract.lexicon import AFRICAN_ISO3
from footprint.extract.passes import (
    _CONTINUES,
    _as_written,
    _base_placed_next,
    _Context,
    _date_from_follow_up,
    _date_from_restatement,
    _date_of_the_sentence_before,
    _day_of_the_statement,
    _place_named_next,
    _places_listed_next,
    article_views,
)
from footprint.extract.results import Claim
from footprint.extract.roles import (
    Role,
    _force_noun_follows,
    _in_participial_aside,
    choose_actors,
    choose_hosts,
    names_a_venue,
)
from footprint.extract.sentences import SentenceView
from footprint.extract.triggers import Trigger, candidate_triggers
from footprint.extract.vetoes import (
    _armed_group_subject,
    _comes_home,
    _demanded_by_others,
    _destination_outside_africa,
    _has_troops,
    _home_state_named,
    _is_english,
    _lands_outside_africa,
    _moved_within,
    _national_movement,
    _outbound_destination,
    _port_call,
    _served_in,
    _visitors,
)

_EXERCISE = re.compile(r"(?i)[^.;]{0,80}?\bfor\s+(?:a\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?:exercises?|drills?|manoeuvres"
                       r"|maneuvers|war games|wargames)\b")


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


# "Burundi has had soldiers in eastern Congo for years": the present perfect says they are still there.
_PRESENT_PERFECT = re.compile(r"(?i)\b(?:has|have)\s+(?:(?:long|since|also|still|always|now|\w+ly)\s+)?had\b")
_NEWS_OF_THE_DAY = re.compile(r"(?i)\b(?:has|have)\s+(?:now\s+|officially\s+|formally\s+)?(?:announced|decided"
                              r"|confirmed|agreed)\b")


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


# An exit told as the landing at home ("arrived back in Dublin airport", "returned to Dublin airport"): the place
# named is the destination.
_LANDED_BACK = re.compile(r"(?i)\b(?:back (?:in|at|to)|return(?:s|ed|ing)? to)\b")


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
