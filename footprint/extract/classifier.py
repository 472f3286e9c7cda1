"""The learned part of the extractor: which event a candidate reports, and whether the sentence asserts it.

Each candidate (a trigger word with the actor and host the rules gave it) is described by sparse features:
the trigger's lemma, its tense and modality, negation, clause cues, the words between the trigger and the
actor and host, the sentence's reporting verb, and the rules' own verdict. Two multinomial logistic
regressions score them: ``event`` (the six claim events) and ``assertion`` (``fact``, ``plan``, ``demand``,
``speculation``, ``background``). Their coefficients are data in ``event_model.json``, written by
``scripts/train_event_model.py`` with scikit-learn; applying them here needs only the standard library.

Lemmas come from Explosion's ``spacy-lookups-data`` English lookup table, read once on first use.
"""

from __future__ import annotations

import functools
import gzip
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

MODEL_PATH = Path(__file__).with_name("event_model.json")
ASSERTIONS: tuple[str, ...] = ("fact", "plan", "demand", "speculation", "background")


@functools.cache
def _lemma_table() -> dict[str, str]:
    """spacy-lookups-data's English word -> lemma table (about 41,000 forms)."""
    path = resources.files("spacy_lookups_data").joinpath("data", "en_lemma_lookup.json.gz")
    with path.open("rb") as handle:
        return json.loads(gzip.decompress(handle.read()))


def lemma(word: str) -> str:
    """The lemma of ``word`` in lower case ("withdrew" -> "withdraw"); the word itself when unknown."""
    lower = word.lower()
    return _lemma_table().get(lower, lower)


@dataclass(frozen=True)
class Head:
    """One multinomial logistic regression: class names, a weight row per feature, one intercept per class."""

    classes: tuple[str, ...]
    intercept: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]

    def probabilities(self, features: Mapping[str, float]) -> dict[str, float]:
        """Softmax over the classes of the linear scores of ``features``."""
        scores = list(self.intercept)
        for name, value in features.items():
            row = self.weights.get(name)
            if row is not None:
                for index, weight in enumerate(row):
                    scores[index] += weight * value
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return {name: exp / total for name, exp in zip(self.classes, exps, strict=True)}

    @classmethod
    def from_dict(cls, data: Mapping) -> Head:
        classes = tuple(data["classes"])
        weights = {name: tuple(float(w) for w in row) for name, row in data["weights"].items()}
        if any(len(row) != len(classes) for row in weights.values()) or len(data["intercept"]) != len(classes):
            raise ValueError("event model: a weight row does not have one weight per class")
        return cls(classes, tuple(float(w) for w in data["intercept"]), weights)

    def as_dict(self) -> dict:
        return {"classes": list(self.classes), "intercept": [round(w, 6) for w in self.intercept],
                "weights": {name: [round(w, 6) for w in row] for name, row in sorted(self.weights.items())}}


@dataclass(frozen=True)
class EventModel:
    """The two heads, and the probabilities at which they overrule the rules."""

    event: Head
    assertion: Head
    keep_below: float  # a claim the rules keep is dropped when P(fact) falls below this
    add_above: float  # a candidate the rules screened out becomes a claim when P(fact) reaches this
    switch_above: float  # the event changes when another event's probability reaches this

    @property
    def overrules(self) -> bool:
        """Whether any probability can change the rules' verdict (training found a setting that helps)."""
        return self.keep_below > 0.0 or self.add_above <= 1.0 or self.switch_above <= 1.0

    def decide(self, features: Mapping[str, float], rule_event: str | None, candidate_event: str) -> str | None:
        """The event to claim for this candidate, or None when the sentence asserts none."""
        fact = self.assertion.probabilities(features).get("fact", 0.0)
        if rule_event is not None and fact < self.keep_below:
            return None
        if rule_event is None and fact < self.add_above:
            return None
        events = self.event.probabilities(features)
        current = rule_event or candidate_event
        best = max(events, key=events.__getitem__)
        if best != current and events[best] >= self.switch_above:
            return best
        return current

    @classmethod
    def from_dict(cls, data: Mapping) -> EventModel:
        return cls(Head.from_dict(data["event"]), Head.from_dict(data["assertion"]),
                   float(data["keep_below"]), float(data["add_above"]), float(data["switch_above"]))


@functools.cache
def default_model() -> EventModel | None:
    """The committed model, or None when ``event_model.json`` is absent (the rules then decide alone)."""
    if not MODEL_PATH.is_file():
        return None
    return EventModel.from_dict(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


# --- Features ---------------------------------------------------------------

_AUX_PERFECT = frozenset({"has", "have", "had", "'s", "'ve"})
_AUX_FUTURE = frozenset({"will", "would", "shall", "'ll"})
_MODALS = frozenset({"could", "might", "may", "can", "should", "must", "ought"})
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "am"})
_NEGATORS = frozenset({"not", "n't", "never", "no", "without", "nor"})
_REPORTING = frozenset({"say", "announce", "confirm", "tell", "state", "declare", "report", "add", "claim",
                        "deny", "insist", "warn", "note", "explain", "write", "quote"})
# Clause cues, the one table both learned layers read (this model, and ``candidates``' claim model): each
# name is a pattern over the sentence, or over the text before the trigger for the "before" ones.
CUES: dict[str, re.Pattern[str]] = {
    "after": re.compile(r"(?i)\b(?:after|following|since|before|until|prior to)\s+(?:\S+\s+){0,3}$"),
    "partial": re.compile(r"(?i)\b(?:some of|part of|half of|portion|reduc\w*|drawdown|scal\w+ (?:back|down)"
                          r"|partial\w*|first (?:group|contingent|batch))\b"),
    "demand": re.compile(r"(?i)\b(?:demand\w*|call(?:s|ed|ing)? for|protest\w*|urg(?:e|es|ed|ing)|chant\w*)\b"),
    "hedge": re.compile(r"(?i)\b(?:reportedly|according to|sources?|allegedly|believed|rumou?r\w*|claim\w*|suspected"
                        r"|accus\w*)\b"),
    "plan": re.compile(r"(?i)\b(?:plan\w*|intend\w*|expected|scheduled|due to|set to|is to|are to|proposed|agreed to"
                       r"|decided to|ready to|considering|will|would|ahead of|pending|deadline)\b"),
    # "may" only in lower case: "in May" is a month
    "modal": re.compile(r"\b(?:(?i:could|might)|may)\b"),
    "negation": re.compile(r"(?i)\b(?:not|n't|never|no longer|denied|denies|without)\b"),
    "report": re.compile(r"(?i)\b(?:said|says|told|announced|confirmed|according to|stated)\b"),
    "agreement": re.compile(r"(?i)\b(?:agreement|accord|pact|treaty|deal|cooperation)\b"),
    "exercise": re.compile(r"(?i)\b(?:exercises?|drills?|manoeuvres|maneuvers|training)\b"),
    "visit": re.compile(r"(?i)\b(?:visit\w*|delegation|talks|meeting|summit|envoy|minister)\b"),
    "mission": re.compile(r"(?i)\b(?:UN|United Nations|African Union|AU|ECOWAS|SADC|EAC|mission|peacekeep\w*)\b"),
    "background": re.compile(r"(?i)\b(?:since|until|former\w*|previous\w*|once|in (?:19|20)\d\d|years? ago"
                             r"|history)\b"),
    "quote": re.compile(r"[\"“”]"),
    "question": re.compile(r"\?"),
    "count": re.compile(r"\b\d[\d,. ]*\s+(?:[\w-]+\s+){0,2}(?:troops|soldiers|personnel|servicemen|fighters"
                        r"|mercenaries|instructors|marines|peacekeepers)\b"),
    "marking": re.compile(r"(?i)\b(?:marking|marks|marked|signalling|signaling)\s+(?:\S+\s+){0,2}$"),
    "relative": re.compile(r"(?i)(?:,|\b)\s*(?:which|who|that|where)\s+(?:\S+\s+){0,3}$"),
}
# The cues this model reads, and those matched on the text before the trigger only.
_MODEL_CUES = ("after", "partial", "demand", "hedge", "plan", "agreement", "quote", "question", "marking", "relative")
_BEFORE_CUES = frozenset({"after", "marking", "relative"})
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")


def _token_lemmas(tokens: list[str]) -> list[str]:
    return [lemma(token) for token in tokens]


def _tense(tokens: list[str], first: int, last: int) -> str:
    """A coarse tense of the trigger from the words before it and its own form."""
    before = [t.lower() for t in tokens[max(0, first - 3):first]]
    word = tokens[first].lower() if first < len(tokens) else ""
    if before and before[-1] == "to":
        return "infinitive"
    if any(t in _AUX_FUTURE for t in before):
        return "future"
    if any(t in _MODALS for t in before):
        return "modal"
    if any(t in _AUX_PERFECT for t in before):
        return "perfect"
    if word.endswith("ing"):
        return "progressive"
    if before and before[-1] in _BE:
        return "passive" if lemma(word) != word else "copula"
    if lemma(word) != word and not word.endswith("s"):
        return "past"
    return "present"


def candidate_features(*, text: str, tokens: list[str], token_starts: list[int], trigger_start: int,
                       trigger_end: int, candidate_event: str, rule_event: str | None, reason: str,
                       nominal: bool, actor_token: int | None, host_token: int | None, host_kind: str,
                       host_from_context: bool, modality: str, published_year: int | None,
                       sentence_index: int) -> dict[str, float]:
    """The sparse features of one candidate, by name (binary ones have value 1)."""
    import bisect

    first = max(0, bisect.bisect_right(token_starts, trigger_start) - 1)
    last = max(first, bisect.bisect_left(token_starts, trigger_end) - 1)
    lemmas = _token_lemmas(tokens)
    head = lemmas[first] if first < len(lemmas) else ""
    features: dict[str, float] = {
        "bias_rule": 1.0 if rule_event else 0.0,
        f"rule={rule_event or 'none'}": 1.0,
        f"reason={reason}": 1.0,
        f"candidate={candidate_event}": 1.0,
        f"lemma={head}": 1.0,
        f"lemma_candidate={head}|{candidate_event}": 1.0,
        f"modality={modality}": 1.0,
        f"modality_candidate={modality}|{candidate_event}": 1.0,
        f"host_kind={host_kind}": 1.0,
    }
    tense = _tense(tokens, first, last)
    features[f"tense={tense}"] = 1.0
    features[f"tense_candidate={tense}|{candidate_event}"] = 1.0
    if nominal:
        features["nominal"] = 1.0
    if host_from_context:
        features["host_from_context"] = 1.0
    if sentence_index == 0:
        features["first_sentence"] = 1.0
    for offset in (1, 2, 3):
        if first - offset >= 0:
            features[f"prev{offset}={lemmas[first - offset].lower()}"] = 1.0
    if last + 1 < len(lemmas):
        features[f"next1={lemmas[last + 1].lower()}"] = 1.0
    window = [t.lower() for t in tokens[max(0, first - 4):first]]
    if _NEGATORS.intersection(window):
        features["negated_near"] = 1.0
    before = text[:trigger_start]
    for name in _MODEL_CUES:
        source = before if name in _BEFORE_CUES else text
        if CUES[name].search(source):
            features[f"cue={name}"] = 1.0
            features[f"cue_candidate={name}|{candidate_event}"] = 1.0
    for role, token in (("actor", actor_token), ("host", host_token)):
        if token is None:
            features[f"{role}=none"] = 1.0
            continue
        side = "before" if token < first else "after"
        distance = abs(token - first)
        features[f"{role}_side={side}"] = 1.0
        features[f"{role}_distance={min(distance // 4, 4)}"] = 1.0
        low, high = sorted((token, first))
        for word in lemmas[low + 1:high][:8]:
            if word.isalpha():
                features[f"{role}_between={word.lower()}"] = 1.0
    reporting = [(abs(i - first), lem) for i, lem in enumerate(lemmas) if lem in _REPORTING]
    if reporting:
        _, verb = min(reporting)
        features[f"reporting={verb}"] = 1.0
    years = [int(y) for y in _YEAR.findall(text)]
    if years and published_year is not None:
        gap = published_year - min(years)
        features["year_gap=" + ("future" if gap < 0 else "0" if gap == 0 else "1" if gap == 1 else "2+")] = 1.0
    return features
