"""Reasoning over a whole article: claims about one event merged, places named in another sentence, and the
presence that an announced withdrawal implies."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from footprint.extract.lexicon import _word_set
from footprint.extract.results import Claim
from footprint.extract.text import fold_accents
from footprint.extract.triggers import _words

_ORDER = _words(r"order(?:ed|s)?|told|tells|asked|asks|demand(?:ed|s)?|call(?:ed|s)? on|instruct(?:ed|s)?|gave|given"
                r"|agreed|decided|announced|will|would")


_PENDING_EXIT = _words(r"ahead of|in the coming|will|is to|are to|set to|due to|expected to|scheduled to|before")


_APPOSITIVE = re.compile(r"\b[Tt]he (?:air ?base|base|camp|airbase|facility|airport|airfield|garrison|outpost),\s+"
                         r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*),")


_UNNAMED_PLACE = re.compile(r"(?i)\b(?:an?|the|its|their) (?:[\w-]+ ){0,2}?(?:air ?base|base|camp|airbase|facility"
                            r"|airport|airfield|airstrip|garrison|outpost)\b")


_DEFINITE_PLACE = re.compile(r"(?i)\bthe (?:[\w-]+ )?(?:island|base|camp|facility|airstrip|airport|airfield|garrison"
                             r"|outpost|site)\b")


def _places_named_nearby(claims: list[Claim], matching: str, text: str) -> list[Claim]:
    """Give an unnamed place the name the next sentence gives it ("... an air base. The base, Al-Watiya, ...")
    or the one an earlier sentence gave it ("... Agalega island ... The island facility is manned by ...")."""
    result = list(claims)
    for index, claim in enumerate(result):
        sentence = matching[claim.start:claim.end]
        named = _APPOSITIVE.search(sentence)
        if claim.site is not None and not named:
            continue
        if named:
            if claim.site is None:
                result[index] = replace(claim, site=text[claim.start + named.start("name"):
                                                         claim.start + named.end("name")])
            for earlier in range(index - 1, -1, -1):
                other = result[earlier]
                if other.site is None and (other.actor, other.host_country) == (claim.actor, claim.host_country) and \
                        _UNNAMED_PLACE.search(matching[other.start:other.end]):
                    # The gazetteer's link comes along when it named the place.
                    result[earlier] = replace(other, site=result[index].site, site_id=result[index].site_id,
                                              lat=result[index].lat, lon=result[index].lon)
                    break
        elif _DEFINITE_PLACE.search(sentence):
            for other in reversed(result[:index]):
                if other.site is not None and other.start < claim.start and \
                        (other.actor, other.host_country) == (claim.actor, claim.host_country):
                    result[index] = replace(claim, site=other.site, site_id=other.site_id, lat=other.lat,
                                            lon=other.lon)
                    break
    return result


def _implied_presence(claims: list[Claim], published: dt.date | None, text: str) -> list[Claim]:
    """Presence that an announced withdrawal implies: an order to withdraw N troops says N are there, and an
    exit still to come (or under way) says the force is there when the page is written.

    An exit the same article reports as done, or one announced long before the page, implies nothing now.
    """
    done = {(c.actor, c.host_country) for c in claims if c.event == "withdrawal_completed"}
    implied = []
    for claim in claims:
        if claim.event != "withdrawal_announced":
            continue
        sentence = text[claim.start:claim.end]
        if claim.personnel is not None and _ORDER.search(sentence):
            implied.append(replace(claim, event="presence", confidence="low"))
        elif claim.site is not None and claim.date is None and published is not None and \
                _PENDING_EXIT.search(sentence):
            implied.append(replace(claim, event="presence", date=published.isoformat(), date_precision="day",
                                   confidence="low"))
        elif published is not None and (claim.actor, claim.host_country) not in done and \
                _recent(claim.date, published) and _STILL_TO_COME.search(sentence) and not _UNDER_WAY.search(sentence):
            implied.append(replace(claim, event="presence", date=published.isoformat(), date_precision="day",
                                   personnel=None, confidence="low"))
    implied += _presence_until_exit(claims + implied, published)
    return implied + _presence_since(claims + implied, published)


# A contingent relieved by another of its state: "will take over the duties of the previous Chinese troops".
_RELIEF = _words(r"(?:take|takes|took|taken|taking) over (?:the )?(?:duties|duty|positions|tasks) (?:of|from) (?:the )?"
                 r"(?:previous|outgoing)|(?:took|take|takes|taking) over from (?:the )?(?:previous|outgoing)"
                 r"|replaced (?:with|by) (?:a )?new (?:contingent|battalion|unit|rotation)"
                 r"|reliev(?:e|es|ed|ing) (?:the )?(?:previous|outgoing|(?:first|second|third|fourth|fifth|sixth"
                 r"|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)) (?:[\w-]+ ){0,2}?(?:group|contingent|battalion"
                 r"|rotation|force|team|unit))|rotation of (?:the|its|their)? ?"
                 r"(?:contingent|battalion|troops|unit)")


def _fold_rotations(claims: list[Claim], published: dt.date | None, text: str = "") -> list[Claim]:
    """A rotation is neither an arrival nor an exit: the claims of a state one of whose sentences tells a relief
    become that state's one presence, at the first place named, dated by the page. A relief told in a sentence
    that names no state ("The remaining teams will depart on May 24 to relieve the fourth group") is the
    rotation of the article's one force."""
    rotating = {(c.actor, c.host_country) for c in claims if _RELIEF.search(c.evidence)}
    forces = {(c.actor, c.host_country) for c in claims}
    if not rotating and len(forces) == 1 and _RELIEF.search(text):
        rotating = forces
    if not rotating or published is None:
        return claims
    kinds = ("arrival", "presence", "withdrawal_announced", "withdrawal_completed")
    result, done = [], set()
    for claim in claims:
        key = (claim.actor, claim.host_country)
        if key not in rotating or claim.event not in kinds:
            result.append(claim)
            continue
        if key in done:
            continue
        done.add(key)
        group = [c for c in claims if (c.actor, c.host_country) == key and c.event in kinds]
        placed = next((c for c in group if c.site is not None), claim)
        counts = [c.personnel for c in group if c.event == "presence" and c.personnel is not None]
        result.append(replace(claim, event="presence", site=placed.site, site_id=placed.site_id, lat=placed.lat,
                              lon=placed.lon, date=published.isoformat(), date_precision="day",
                              personnel=max(counts, default=None)))
    return result


# "deployed in Mali since 2021", "stationed in Juba since December last year": there since then, and still.
_SINCE_THEN = re.compile(r"(?i)\b(?:stationed|based|garrisoned|deployed|present)\b[^.;]{0,60}?\bsince\b")
_NO_LONGER = _words(r"had been|until|no longer|left|withdrew|withdrawn|pulled out|departed")


def _presence_since(claims: list[Claim], published: dt.date | None) -> list[Claim]:
    """The presence at the page's date that an arrival told with "since" implies, unless the article gives that
    presence already or reports the force gone."""
    if published is None:
        return []
    gone = {(c.actor, c.host_country) for c in claims if c.event == "withdrawal_completed"}
    implied = []
    for claim in claims:
        if claim.event != "arrival" or (claim.actor, claim.host_country) in gone or \
                not _SINCE_THEN.search(claim.evidence) or _NO_LONGER.search(claim.evidence):
            continue
        now = replace(claim, event="presence", date=published.isoformat(), date_precision="day", confidence="low")
        if not _present_by(claims + implied, now):
            implied.append(now)
    return implied


# "Since 2011, a contingent of 180 troops has occupied a site in Djibouti", "have been in Somalia since 2007": a
# presence told with "since" and its start date.
_SINCE_YEAR = re.compile(r"(?i)\bsince\s+(?:(?:the\s+)?(?:early|late|mid-?|end of|start of|beginning of)\s*)?"
                         r"(?:[\w'’-]+\s+){0,3}?(?P<year>(?:19|20)\d{2})\b")


# "has kept troops in Ituri since 2021", "had hosted Turkish warplanes since 2020": a holding told from a date,
# which the development set and the shared cases record as the presence at that date, not an arrival.
_HELD_SINCE = _words(r"(?:has|have|had) (?:\w+ )?(?:kept|hosted|maintained)|keeps|keep|hosts|host|maintains|maintain")


def _since_as_arrival(claims: list[Claim], published: dt.date | None) -> list[Claim]:
    """A presence dated by "since" a time before the page is the arrival then and the presence now (the
    headcount goes with the presence now)."""
    if published is None:
        return claims
    gone = {(c.actor, c.host_country) for c in claims if c.event == "withdrawal_completed"}
    result = []
    for claim in claims:
        since = _SINCE_YEAR.search(claim.evidence) if claim.event == "presence" and claim.date else None
        if since is None or not claim.date.startswith(since.group("year")) or \
                claim.date >= published.isoformat()[:len(claim.date)] or _NO_LONGER.search(claim.evidence) or \
                _HELD_SINCE.search(claim.evidence):
            result.append(claim)
            continue
        if (claim.actor, claim.host_country) in gone:
            # "Since early 2007, the army maintained a 1,000-strong garrison" in a page that reports it gone: the
            # arrival then, with its strength, and no presence now
            result.append(replace(claim, event="arrival"))
            continue
        result.append(replace(claim, event="arrival", personnel=None))
        result.append(replace(claim, date=published.isoformat(), date_precision="day", confidence="low"))
    return result


def _presence_until_exit(claims: list[Claim], published: dt.date | None) -> list[Claim]:
    """The presence any other exit begun, ordered or to come implies, for a force the article gives none:
    one per place the pullout is from, else one for the host, dated like the exit (the latest such date) or,
    when the text says the force is leaving now ("who are gradually withdrawing"), by the page. An exit the
    article also reports done, or whose accord it reports ended, implies none here (the development set and the
    shared cases record those without a presence); nor does an exit of no named force ("the Spanish
    withdrawal", "hand over its base") or one still under negotiation."""
    settled = {(c.actor, c.host_country) for c in claims if c.event in ("withdrawal_completed", "agreement_ended")}
    exits: dict[tuple[str, str], list[Claim]] = {}
    for claim in claims:
        key = (claim.actor, claim.host_country)
        if claim.event != "withdrawal_announced" or key in settled or not _FORCE_NOUN.search(claim.evidence) \
                or _NEGOTIATED.search(claim.evidence) or _present_by(claims, claim):
            continue
        exits.setdefault(key, []).append(claim)
    implied = []
    for group in exits.values():
        placed = [c for c in group if c.site is not None]
        for claim in placed or [max(group, key=lambda c: c.date or "")]:
            date, precision = claim.date, claim.date_precision
            if date is None and published is not None and _LEAVING_NOW.search(claim.evidence):
                date, precision = published.isoformat(), "day"
            whole = [c.personnel for c in ([claim] if placed else group)
                     if c.personnel is not None and not _PART_LEAVING.search(c.evidence)]
            implied.append(replace(claim, event="presence", date=date, date_precision=precision,
                                   personnel=max(whole, default=None), confidence="low"))
    return implied


def _present_by(claims: list[Claim], exit_claim: Claim) -> bool:
    """The article already gives the force's presence at the exit's time or later (a presence dated earlier, such
    as a caption of the troops months before, leaves the presence at the exit unsaid)."""
    def not_earlier(date: str | None) -> bool:
        left = exit_claim.date
        return date is None or left is None or date[:len(left)] >= left[:len(date)]

    # A presence at one base leaves the country-wide presence an exit from the country implies unsaid.
    return any(c.event == "presence" and (c.actor, c.host_country) == (exit_claim.actor, exit_claim.host_country)
               and not_earlier(c.date) and (c.site is None or exit_claim.site is not None) for c in claims)


# The force is still leaving as the page is written.
_LEAVING_NOW = _words(r"(?:is|are) (?:gradually |progressively |still |now )?(?:withdrawing|leaving|pulling out)"
                      r"|outgoing|ongoing|under ?way|in progress")
# A headcount that is one group of the leaving force, not the force.
_PART_LEAVING = _words(r"first|second|last(?! (?:month|week|year|night|weekend))|batch|group|convoy|wave")
_FORCE_NOUN = _words(r"troops?|forces?|soldiers?|personnel|contingents?|units?|battalions?|operatives|fighters"
                     r"|mercenaries|servicem[ae]n|marines")
_NEGOTIATED = _words(r"negotiat\w*|talks")


# An exit ahead ("will leave by the end of July", "decided to withdraw this year"), not one begun or done.
_STILL_TO_COME = _words(r"will|shall|is to|are to|set to|due to|expected to|scheduled to|plans? to|planning to"
                        r"|decided to|decision to|intends? to|agreed to|by the end of|in the coming|ahead of")
_UNDER_WAY = _words(r"began|begun|begins|started|starts|under ?way|in progress|ongoing|already|has left|have left"
                    r"|had left|completed|last|gradually|progressively|phased|outgoing")


def _recent(date: str | None, published: dt.date, days: int = 14) -> bool:
    """No date given (the page's news), or a day within ``days`` before publication."""
    if date is None:
        return True
    if len(date) != 10:
        return False
    try:
        return 0 <= (published - dt.date.fromisoformat(date)).days <= days
    except ValueError:
        return False


_COMPLETE_WORDS = _words(r"last|all|entire|fully|full|complete|completed|completion|definitively|final|whole|every")


_STAYING = re.compile(r"(?i)\b(?:remain|remains|remaining|stay|stays|staying)\b")
_FUTURE_BEFORE = re.compile(r"(?i)\b(?:will|would|shall|to)\b")


def _stays_now(evidence: str) -> bool:
    """A remain/stay word not governed by a modal or "to" within the eight words before it."""
    return any(not _FUTURE_BEFORE.search(" ".join(evidence[:m.start()].split()[-8:]))
               for m in _STAYING.finditer(evidence))


def _drop_partial_exits(claims: list[Claim]) -> list[Claim]:
    """A country-wide "withdrawal" is a partial drawdown when the same article says some of that force stays."""
    # Only forces that stay now: "will ... remain in Bamako" under another force's name says nothing of the exit.
    staying = {(c.actor, c.host_country, c.force) for c in claims
               if c.event == "presence" and _stays_now(c.evidence)}
    kept = []
    for claim in claims:
        if claim.event == "withdrawal_completed" and claim.site is None and \
                (claim.actor, claim.host_country, claim.force) in staying and \
                not _COMPLETE_WORDS.search(claim.evidence):
            continue
        kept.append(claim)
    return kept


def _drop_loose_exits(claims: list[Claim]) -> list[Claim]:
    """An exit the article reports as done is the exit its looser mentions speak of: "the withdrawal of the KDF
    will have no impact", "PMC Wagner is going home". An announced withdrawal with no date, place or headcount of
    its own (or only the place of a completed one) adds nothing beside the completed one of the same force."""
    done = {(c.actor, c.host_country) for c in claims if c.event == "withdrawal_completed"}
    done_at = {(c.actor, c.host_country, c.site) for c in claims if c.event == "withdrawal_completed"}
    claims = _headline_exit_is_the_done_one(claims)
    return [c for c in claims if not (
        c.event == "withdrawal_announced" and (
            (c.site is None and (c.actor, c.host_country) in done) or (c.actor, c.host_country, c.site) in done_at)
        and c.date is None and c.personnel is None and not _DECISION.search(_TOLD_MEDIA.sub(" ", c.evidence)))]


# An exit told in the present tense: "Ethiopia withdraws from Somalia el-Ali", as a headline writes news.
_PRESENT_TENSE_EXIT = _words(r"withdraws|leaves|quits|exits|departs|pulls (?:[\w'’-]+ ){0,3}?out")


def _headline_exit_is_the_done_one(claims: list[Claim]) -> list[Claim]:
    """"Ethiopia withdraws from Somalia el-Ali ... Ethiopian troops have withdrawn from a key military base": the
    present tense of a headline tells the exit the body reports done; its place goes to that exit."""
    result = list(claims)
    for claim in claims:
        if claim.event != "withdrawal_announced" or claim.site is None or claim.date is not None or \
                claim.personnel is not None or not _PRESENT_TENSE_EXIT.search(claim.evidence) or \
                _DECISION.search(claim.evidence):
            continue
        done = [i for i, c in enumerate(result) if c.event == "withdrawal_completed" and c.site is None
                and (c.actor, c.host_country) == (claim.actor, claim.host_country)]
        if len(done) == 1:
            i = done[0]
            result[i] = replace(result[i], site=claim.site, site_id=claim.site_id, lat=claim.lat, lon=claim.lon)
            result.remove(claim)
    return result


# "Residents told the BBC they welcomed the pull-out": telling a reporter decides nothing.
_TOLD_MEDIA = re.compile(r"\btold (?:the )?(?:BBC|AFP|Reuters|AP|VOA|RFI|Al Jazeera|reporters|journalists|the press)\b")


# A decision about the exit, which is an event of its own even when the exit is done: "set January 31 as the
# deadline", "have until September 15 to be out", "ordered the troops to leave".
_DECISION = _words(r"deadline|until|order(?:ed|s)?|decided|decision|announced|agreed|demanded|asked|requested"
                   r"|told|gave|given|set|instructed|called on")


def _drop_drawdowns(claims: list[Claim]) -> list[Claim]:
    """A withdrawal of N troops where the article puts the force at several times N is a drawdown, not a pullout:
    "Some 281 troops will leave Somalia ... Uganda has more than 6 000 troops in Somalia"."""
    totals: dict[tuple[str, str], int] = {}
    for claim in claims:
        if claim.event == "presence" and claim.personnel is not None:
            key = (claim.actor, claim.host_country)
            totals[key] = max(totals.get(key, 0), claim.personnel)
    return [claim for claim in claims if not (
        claim.event.startswith("withdrawal") and claim.personnel is not None
        and totals.get((claim.actor, claim.host_country), 0) >= 3 * claim.personnel
        and not _COMPLETE_WORDS.search(claim.evidence))]


_KIND_WORDS = _word_set(
    "the a an of in at near air base airbase camp military naval port airport airfield facility station garrison"
    " barracks city town village logistics platform forward operating"
)


def _place_words(name: str | None) -> frozenset[str]:
    words = re.findall(r"[a-z0-9]+", fold_accents(name or "").lower().replace("'", ""))
    return frozenset(w for w in words if w not in _KIND_WORDS)


def _same_place(a: Claim, b: Claim) -> bool:
    """One place named two ways ("Al-Watiya air base", "Al-Watiya"), or no place named by one of them."""
    if a.site is None or b.site is None:
        return True
    if a.site_id and b.site_id:
        return a.site_id == b.site_id
    words_a, words_b = _place_words(a.site), _place_words(b.site)
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)


def _same_time(a: Claim, b: Claim) -> bool:
    """The dates agree at the coarser precision, or one claim has none."""
    if a.date is None or b.date is None:
        return True
    return a.date.startswith(b.date) or b.date.startswith(a.date)


def _same_event(a: Claim, b: Claim) -> bool:
    if (a.actor, a.host_country, a.event) != (b.actor, b.host_country, b.event):
        return False
    if a.personnel is not None and b.personnel is not None and a.personnel != b.personnel and (
            a.start != b.start or a.site is not None or b.site is not None):
        return False  # "1,400 in the country, including 1,000 in Niamey": two strengths, two facts
    if a.force and b.force and a.force != b.force:
        return False
    if not (_same_place(a, b) and _same_time(a, b)):
        return False
    # A placeless statement joins a placed one only when it adds no other date: "French troops left Faya-Largeau"
    # and "French forces left Chad on 30 January" are two events.
    if (a.site is None) != (b.site is None):
        placeless, placed = (a, b) if a.site is None else (b, a)
        if placeless.event == "presence" and placeless.personnel is not None and placed.personnel is None:
            return False  # "The contingent numbers 350" is the country's total, not the strength at one base
    if (a.site is None) != (b.site is None) and a.start != b.start:
        # "The last soldiers have vacated the base in Niamey" is the country-wide exit, whatever its date.
        final = placed.event in ("withdrawal_completed", "handover") and (
            bool(_COMPLETE_WORDS.search(placed.evidence)) or bool(_COMPLETE_WORDS.search(placeless.evidence)))
        # "Ethiopian troops have entered Baidoa. Residents said they arrived on Thursday and set up a camp there":
        # a placeless restatement that points back at a place dates the placed claim.
        points_back = placed.date is None and bool(_PLACE_ANAPHOR.search(placeless.evidence))
        return placeless.date is None or final or points_back or (placed.date is not None and _same_time(a, b))
    return True


_PLACE_ANAPHOR = re.compile(
    r"(?i)\b(?:there|the (?:town|city|village|base|camp|port|airport|capital))\b(?!\s+(?:of|in)\b)")


def _combined(kept: Claim, other: Claim) -> Claim:
    """``kept`` with what ``other`` adds: a named place, a finer date, a headcount, a force."""
    site_from = kept
    if kept.site is None or (other.site_id and not kept.site_id):
        site_from = other if other.site is not None else kept
    date_from = other if other.date and (kept.date is None or len(other.date) > len(kept.date)) else kept
    rank = {"high": 0, "medium": 1, "low": 2}
    return replace(
        kept, site=site_from.site, site_id=site_from.site_id, lat=site_from.lat, lon=site_from.lon,
        date=date_from.date, date_precision=date_from.date_precision,
        personnel=kept.personnel if kept.personnel is not None else other.personnel,
        force=kept.force or other.force,
        confidence=min(kept.confidence, other.confidence, key=rank.__getitem__),
    )


def _merge_events(claims: list[Claim]) -> list[Claim]:
    """One claim per event: restatements across the article fold into the first, adding place, date and count.

    "Burundian soldiers deployed on Saturday in various communities. Burundian forces are now in Mushaki, ...":
    a presence at the very place and day of an arrival told before it is that arrival's result, not a second fact.
    """
    arrived = {(c.actor, c.host_country, c.site, c.date) for c in claims
               if c.event == "arrival" and c.site is not None and c.date_precision == "day"}
    claims = [c for c in claims if not (c.event == "presence" and c.personnel is None and c.site is not None
                                        and (c.actor, c.host_country, c.site, c.date) in arrived
                                        and any(a.event == "arrival" and a.start < c.start and a.site == c.site
                                                for a in claims))]
    merged: list[Claim] = []
    for claim in claims:
        for index, kept in enumerate(merged):
            if _same_event(kept, claim):
                merged[index] = _combined(kept, claim)
                break
        else:
            merged.append(claim)
    return merged


_EARLIER = re.compile(
    r"(?i)\b(?:already|earlier|previously|before that|in recent (?:weeks|months|days)"
    r"|had (?:already )?(?:left|withdrawn|gone|departed|handed|vacated|been))\b"
)


def _carry_dates(claims: list[Claim], matching: str) -> list[Claim]:
    """"Eritrea has begun withdrawing from Tigray, witnesses said on Friday. Residents of Shire and Axum said the
    forces are leaving the towns.": the places of the next sentence take the date of the event it elaborates."""
    result = list(claims)
    for index, claim in enumerate(result):
        if claim.date is not None or claim.site is None or _EARLIER.search(matching[claim.start:claim.end]):
            continue
        before = [c for c in result[:index] if c.end <= claim.start]
        if not before:
            continue
        latest_sentence = max(c.start for c in before)
        for other in before:
            if other.start == latest_sentence and other.site is None and other.date is not None and \
                    (other.actor, other.host_country, other.event) == (claim.actor, claim.host_country, claim.event):
                result[index] = replace(claim, date=other.date, date_precision=other.date_precision)
                break
    return result


_PLACE_NAME = r"(?:(?:al|el)-)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*"
_BREAKDOWN = re.compile(r"(?i)\b(?:including|of (?:which|whom)|with)\s+(?P<rest>.*)$")
_PART_COUNT = re.compile(r"(?<![\w,.])(?:(?:some|around|about|nearly|almost|roughly|over|more than)\s+)?"
                         r"(?P<count>\d{1,3}(?:,\d{3})+|\d+)(?![\w,.]*\d)")
_PART_PLACES = re.compile(rf"\b(?:in|at|of)\s+(?-i:(?P<list>{_PLACE_NAME}(?:\s*,\s*{_PLACE_NAME})*"
                          rf"(?:\s*,?\s+and\s+{_PLACE_NAME})?))")


def _counts_by_place(claims: list[Claim]) -> list[Claim]:
    """A presence whose strength the sentence breaks down by place ("Some 1,400 soldiers were deployed, including
    around 1,000 in Niamey and 400 at Ouallam and Tabarey-Barey") is also a presence at each place: with its own
    headcount when the part names one place, without one when it names several."""
    from footprint.extract.gazetteer import _country_names  # late: the gazetteer imports this package's lexicon

    states = _country_names()
    result = list(claims)
    for position, claim in enumerate(claims):
        breakdown = _BREAKDOWN.search(claim.evidence) if claim.event == "presence" and \
            claim.personnel is not None else None
        if breakdown is None:
            continue
        rest = breakdown.group("rest")
        counts = list(_PART_COUNT.finditer(rest))
        parts = []
        for index, count in enumerate(counts):
            stretch = rest[count.end():counts[index + 1].start() if index + 1 < len(counts) else len(rest)]
            places = _PART_PLACES.search(stretch)
            if places is None:
                continue
            names = [n for n in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", places.group("list")) if n]
            number = int(count.group("count").replace(",", ""))
            if number >= claim.personnel or any(n in states for n in names):
                parts = []
                break  # not a part of this force in its host
            parts += [(name, number if len(names) == 1 else None) for name in names]
        if not parts or (claim.site is not None and claim.site not in {name for name, _number in parts}):
            continue
        # The total is the country's even when the sentence's first place was taken for its site.
        result[position] = replace(claim, site=None, site_id=None, lat=None, lon=None)
        result += [replace(claim, site=name, site_id=None, lat=None, lon=None, personnel=number)
                   for name, number in parts]
    return result
