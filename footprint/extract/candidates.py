"""Claim candidates beyond the rules: every (sending state, host state, event) an article's sentences pair up.

The rules keep a trigger only when its clause gives it an actor and a host by their roles; this generator is
looser, for recall: a sentence that names a sending state (a state, a demonym or a named force such as Wagner)
and a host (an African state or one of its places, else the host in focus) and has an event trigger yields one
candidate per trigger event; without a trigger, a sending state's troops or base there is a presence
candidate. An article's candidates with the same key are one candidate, described by the
union of their sentences' binary features and by what the rules claimed. A logistic regression scores each key;
``ClaimModel.apply`` adds the keys the rules missed that it is sure of and drops rule claims it doubts, with
the standard library only. ``benchmarks/extract_claim_model_cv.py`` fits it and cross-validates it against the
rules; it is not part of ``extract_claims``, because that measurement shows no gain (see
``benchmarks/extract_quality_results.md``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from footprint.extract.lexicon import AFRICAN_ISO3
from footprint.extract.results import Claim

Key = tuple[str, str, str]

_ACTOR_KINDS = frozenset({"state", "demonym", "force"})
_HOST_KINDS = frozenset({"state", "demonym", "city", "site", "metonym", "region"})
# The clause cues this model reads, from the extractor's one table of them (``classifier.CUES``); "plan" and
# "modal" together are its plan cue.
_CUE_NAMES = ("negation", "plan", "modal", "demand", "hedge", "report", "agreement", "exercise", "visit", "mission",
              "background", "partial", "quote", "question", "count")


@dataclass
class Candidate:
    """One article's (actor, host, event): its features and the sentences that support it."""

    key: Key
    features: dict[str, float] = field(default_factory=dict)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # (start, end) in the matching text
    force: str | None = None


def _bucket(value: int, top: int) -> str:
    return str(min(value, top))


def _sentence_features(view, trigger, actor_mention, host_mention, modality: str, passes: bool,
                       troops: bool, index: int, n_actors: int, n_hosts: int) -> dict[str, float]:
    from footprint.extract.classifier import CUES, lemma
    from footprint.extract.roles import _force_noun_follows

    event = trigger.event
    words = view.text[trigger.start:trigger.end].split()
    head = lemma(re.sub(r"\W", "", words[0]) if words else "")
    trigger_token = view.token_at(trigger.start)
    features = {
        f"event={event}": 1.0,
        f"lemma={head}|{event}": 1.0,
        f"modality={modality}|{event}": 1.0,
        f"screen={'pass' if passes else 'fail'}|{event}": 1.0,
        f"troops={troops}": 1.0,
        f"actors={_bucket(n_actors, 3)}": 1.0,
        f"hosts={_bucket(n_hosts, 3)}": 1.0,
    }
    if trigger.nominal:
        features[f"nominal|{event}"] = 1.0
    if index == 0:
        features["headline"] = 1.0
    mention, _start, _end, first, last = actor_mention
    features[f"actor_kind={mention.kind}"] = 1.0
    if mention.iso3 in AFRICAN_ISO3:
        features["actor_african"] = 1.0
    if _force_noun_follows(view, last):
        features["actor_force_noun"] = 1.0
    features[f"actor_side={'before' if first < trigger_token else 'after'}"] = 1.0
    features[f"actor_distance={_bucket(abs(first - trigger_token) // 4, 4)}"] = 1.0
    if view.segments[first] == view.segments[trigger_token]:
        features["actor_same_clause"] = 1.0
    if host_mention is None:
        features["host_kind=context"] = 1.0
    else:
        h_mention, _s, _e, h_first, _l = host_mention
        features[f"host_kind={h_mention.kind}"] = 1.0
        features[f"host_side={'before' if h_first < trigger_token else 'after'}"] = 1.0
        features[f"host_distance={_bucket(abs(h_first - trigger_token) // 4, 4)}"] = 1.0
        if view.segments[h_first] == view.segments[trigger_token]:
            features["host_same_clause"] = 1.0
        if h_first < first:
            features["host_before_actor"] = 1.0
    for name in _CUE_NAMES:
        if CUES[name].search(view.text):
            name = "plan" if name == "modal" else name
            features[f"cue={name}"] = 1.0
            features[f"cue={name}|{event}"] = 1.0
    return features


_BASE_AFTER = re.compile(r"(?i)^(?:\s+[\w'’-]+){0,3}?\s+(?:bases?|camps?|garrisons?|outposts?)\b")


def _implicit_presence(view, actors: list) -> list:
    """A sentence without an event word whose sending state has troops or a base ("Burundian troops who have
    been fighting in Somalia", "the Chinese base in Djibouti"): a presence candidate at the state's name."""
    from footprint.extract.roles import _force_noun_follows
    from footprint.extract.triggers import Trigger

    found = []
    for mention, start, end, _first, last in actors:
        if mention.kind == "force" or _force_noun_follows(view, last) or _BASE_AFTER.match(view.text[end:]):
            found.append(Trigger("presence", start, end, nominal=True))
    return found[:1]


def article_candidates(views: list, main_host: str | None) -> dict[Key, Candidate]:
    """Every key the article's sentences pair up, with its features (rule features not yet added)."""
    from footprint.extract.assertion import _PARTIAL, _modality, _screen
    from footprint.extract.triggers import candidate_triggers
    from footprint.extract.vetoes import _has_troops, _is_english

    found: dict[Key, Candidate] = {}
    recent_host = None
    for index, view in enumerate(views):
        hosts = [m for m in view.mentions if m[0].kind in _HOST_KINDS and m[0].iso3 in AFRICAN_ISO3]
        actors = [m for m in view.mentions if m[0].kind in _ACTOR_KINDS and m[0].iso3]
        triggers = candidate_triggers(view.text) if actors and _is_english(view) else []
        implicit = [] if triggers or not actors or not _is_english(view) else _implicit_presence(view, actors)
        triggers = triggers or implicit
        if triggers:
            troops = _has_troops(view)
            partial = bool(_PARTIAL.search(view.text))
            host_choices = hosts or ([None] if (recent_host or main_host) else [])
            n_hosts = len({m[0].iso3 for m in hosts})
            n_actors = len({m[0].iso3 for m in actors})
            for trigger in triggers:
                modality = _modality(view.text, trigger)
                passes = _screen(view.text, trigger, partial) is not None
                for actor in actors:
                    for host in host_choices:
                        host_iso3 = host[0].iso3 if host is not None else (recent_host or main_host)
                        if host_iso3 == actor[0].iso3:
                            continue
                        key = (actor[0].iso3, host_iso3, trigger.event)
                        features = _sentence_features(view, trigger, actor, host, modality, passes, troops, index,
                                                      n_actors, n_hosts)
                        if implicit:
                            features["implicit"] = 1.0
                        candidate = found.setdefault(key, Candidate(key))
                        candidate.features.update(features)
                        span = (view.offset, view.offset + len(view.text))
                        if span not in candidate.sentences:
                            candidate.sentences.append(span)
                        if actor[0].kind == "force" and candidate.force is None:
                            candidate.force = actor[0].entry.force
        if hosts:
            recent_host = hosts[0][0].iso3
    for candidate in found.values():
        actor, host, _event = candidate.key
        candidate.features[f"sentences={_bucket(len(candidate.sentences), 3)}"] = 1.0
        if host == main_host:
            candidate.features["main_host"] = 1.0
    return found


def add_rule_features(candidates: Mapping[Key, Candidate], rule_claims: Iterable[Claim]) -> None:
    """What the rules claimed about each candidate's key, its pair and its actor."""
    keys = [(c.actor, c.host_country, c.event) for c in rule_claims]
    for candidate in candidates.values():
        actor, host, event = candidate.key
        same = sum(k == candidate.key for k in keys)
        features = candidate.features
        features[f"rule_count={_bucket(same, 2)}"] = 1.0
        features[f"rule_count={_bucket(same, 1)}|{event}"] = 1.0
        for other in {k[2] for k in keys if k[:2] == (actor, host) and k[2] != event}:
            features[f"rule_pair_other={other}|{event}"] = 1.0
        if any(k[0] == actor for k in keys):
            features["rule_actor"] = 1.0
        if any(k[1] == host for k in keys):
            features["rule_host"] = 1.0


@dataclass(frozen=True)
class ClaimModel:
    """A binary logistic regression over candidate features, and the probabilities at which it acts."""

    intercept: float
    weights: Mapping[str, float]
    add_above: float  # a key the rules did not claim is added when its probability reaches this
    drop_below: float  # a key the rules claimed is dropped when its probability falls below this

    def probability(self, features: Mapping[str, float]) -> float:
        score = self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def apply(self, claims: list[Claim], candidates: Mapping[Key, Candidate], text: str,
              published_iso: str | None) -> list[Claim]:
        """The rules' claims with doubted keys dropped and sure missing keys added (one claim per key)."""
        rule_keys = {(c.actor, c.host_country, c.event) for c in claims}
        add_rule_features(candidates, claims)
        probabilities = {key: self.probability(c.features) for key, c in candidates.items()}
        kept = [c for c in claims if probabilities.get((c.actor, c.host_country, c.event), 1.0) >= self.drop_below]
        for key, candidate in candidates.items():
            if key in rule_keys or probabilities[key] < self.add_above:
                continue
            start, end = candidate.sentences[0]
            date = published_iso if key[2] == "presence" else None
            kept.append(Claim(
                actor=key[0], force=candidate.force, host_country=key[1], site=None, site_id=None, lat=None,
                lon=None, event=key[2], date=date, date_precision="day" if date else None, personnel=None,
                evidence=text[start:end], start=start, end=end, confidence="low"))
        return kept
