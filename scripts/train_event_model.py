"""Train the extractor's event and assertion classifier and write its coefficients to
footprint/extract/event_model.json.

    python scripts/train_event_model.py [--store URL] [--check]

Training texts: the development set (tests/extract_devset), the `tune` part of the real-text set (its text
from the local cache, see scripts/extract_realtext_cache.py) and, with ``--store``, the articles reviewed on
the Ingest page (their accepted claims, corrections included, are the labels; see
``footprint.ingest.reviewed_examples``). The held-out real text is never read.

Every candidate the rules consider (a trigger with its actor and host) is a training row. A candidate whose
actor and host match a label, with the label's event or a neighbouring one (arrival/presence; the
withdrawal events and handover; an ended agreement and an announced withdrawal; the neighbour only for a
candidate the rules kept), is a `fact` of that event.
The others are not facts; their kind (plan, demand, speculation, background) is taken from the rules' cues,
since the labels record only facts.

The regularisation and the probabilities at which the model overrules the rules are chosen by five-fold
cross-validation over articles, scoring the extractor end to end (level 1, one to one) on the articles left
out, among settings whose full model still passes every extraction case; a setting that overrules the rules
more must score strictly better to be chosen. Everything is deterministic: the
same texts give the same file. ``--check`` rebuilds and fails if the committed file differs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.extract_quality import (  # noqa: E402
    ZERO,
    Item,
    load_cases,
    load_devset,
    load_realtext,
    score_claims,
)
from footprint.extract import extract_claims  # noqa: E402
from footprint.extract.classifier import ASSERTIONS, MODEL_PATH, EventModel, Head  # noqa: E402
from footprint.extract.results import EVENTS  # noqa: E402

# Each grid runs from leaving the rules alone to overruling them most; a setting must do strictly better than
# every earlier one to be chosen, so without a measured gain the rules stay in charge.
C_VALUES = (0.3, 1.0, 3.0)
KEEP_BELOW = (0.0, 0.25, 0.4)
ADD_ABOVE = (1.01, 0.8, 0.6)
SWITCH_ABOVE = (1.01, 0.8, 0.6)
FOLDS = 5
NEIGHBOURS = {
    "arrival": ("arrival", "presence"),
    "presence": ("presence", "arrival"),
    "withdrawal_completed": ("withdrawal_completed", "withdrawal_announced", "handover"),
    "withdrawal_announced": ("withdrawal_announced", "withdrawal_completed", "agreement_ended"),
    "handover": ("handover", "withdrawal_completed"),
    "agreement_ended": ("agreement_ended", "withdrawal_announced"),
}


def training_items(store_url: str | None) -> list[Item]:
    """The development set, the real-text tune part, and reviewed articles from a store."""
    items = list(load_devset())
    realtext, _missing = load_realtext()
    tune = [item for item in realtext if item.split == "tune"]
    if not tune:
        raise SystemExit("the real-text cache is missing: run scripts/extract_realtext_cache.py first")
    items.extend(tune)
    if store_url:
        import datetime as dt

        from footprint.ingest import reviewed_examples
        from footprint.store import Store

        for example in reviewed_examples(Store(store_url)):
            published = dt.date.fromisoformat(example["published"]) if example["published"] else None
            items.append(Item(example["name"], example["text"], published, example["url"],
                              tuple(example["labels"]), "review"))
    return items


def _target(record: dict, labels: tuple[dict, ...]) -> tuple[str, str | None]:
    """(assertion, event) for one candidate, from the labels of its text."""
    gold = {label["event"] for label in labels
            if label["actor"] in record["actors"] and label["host_country"] == record["host"]}
    for event in (record["rule_event"], record["candidate_event"]):
        if event in gold:
            return "fact", event
    # A kept claim of the wrong event is a fact of the neighbouring event; a screened-out one is not (a plan
    # beside a reported fact restates it).
    near = [event for event in NEIGHBOURS[record["candidate_event"]] if event in gold]
    if near and record["rule_event"] is not None:
        return "fact", near[0]
    features = record["features"]
    if record["reason"] == "demanded" or "cue=demand" in features:
        return "demand", None
    if record["modality"] == "future" or "cue=plan" in features:
        return "plan", None
    if record["modality"] in ("speculative", "negated") or "cue=hedge" in features:
        return "speculation", None
    return "background", None


def candidate_rows(items: list[Item]) -> list[tuple[int, dict, str, str | None]]:
    """(item index, features, assertion, event) for every candidate with an actor, under the rules alone."""
    rows = []
    for index, item in enumerate(items):
        observed: list[dict] = []
        extract_claims(item.text, published=item.published, url=item.url, rules_only=True, observe=observed)
        for record in observed:
            if record["actors"]:
                assertion, event = _target(record, item.labels)
                rows.append((index, record["features"], assertion, event))
    return rows


def _fit(features: list[dict], targets: list[str], classes: tuple[str, ...], c: float) -> Head:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform(features)
    present = sorted(set(targets), key=classes.index)
    if len(present) == 1:  # one class only: a constant model
        return Head(classes, tuple(0.0 if name == present[0] else -20.0 for name in classes), {})
    model = LogisticRegression(C=c, max_iter=5000, solver="lbfgs")
    model.fit(matrix, targets)
    names = vectorizer.get_feature_names_out()
    order = [list(model.classes_).index(name) if name in model.classes_ else None for name in classes]
    coef = model.coef_ if len(model.classes_) > 2 else [-model.coef_[0] / 2, model.coef_[0] / 2]
    intercept = model.intercept_ if len(model.classes_) > 2 else [-model.intercept_[0] / 2, model.intercept_[0] / 2]
    weights = {}
    for column, name in enumerate(names):
        row = tuple(float(coef[k][column]) if k is not None else 0.0 for k in order)
        if any(abs(w) >= 1e-6 for w in row):
            weights[str(name)] = row
    return Head(classes, tuple(float(intercept[k]) if k is not None else -20.0 for k in order), weights)


def fit_model(rows: list[tuple[int, dict, str, str | None]], c: float, keep_below: float, add_above: float,
              switch_above: float) -> EventModel:
    facts = [(features, event) for _i, features, assertion, event in rows if assertion == "fact"]
    event = _fit([f for f, _e in facts], [e for _f, e in facts], EVENTS, c)
    assertion = _fit([f for _i, f, _a, _e in rows], [a for _i, _f, a, _e in rows], ASSERTIONS, c)
    return EventModel(event, assertion, keep_below, add_above, switch_above)


def with_thresholds(model: EventModel, keep_below: float, add_above: float, switch_above: float) -> EventModel:
    return EventModel(model.event, model.assertion, keep_below, add_above, switch_above)


def score(items: list[Item], model: EventModel | None):
    """Level-1 and level-2 scores of the extractor with ``model`` (None: the rules alone)."""
    level1, level2 = ZERO, ZERO
    for item in items:
        claims = extract_claims(item.text, published=item.published, url=item.url, model=model,
                                rules_only=model is None)
        result = score_claims(item.name, claims, item.labels)
        level1, level2 = level1 + result.level1, level2 + result.level2
    return level1, level2


def _f1(score) -> float:
    p, r = score.precision, score.recall
    return 2 * p * r / (p + r) if p + r else 0.0


def model_dict(model: EventModel, summary: dict) -> dict:
    return {"about": "Coefficients of the extractor's event and assertion classifier; written by "
                     "scripts/train_event_model.py, do not edit by hand.",
            "training": summary, "keep_below": model.keep_below, "add_above": model.add_above,
            "switch_above": model.switch_above, "event": model.event.as_dict(),
            "assertion": model.assertion.as_dict()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="also train on the articles reviewed in this store (URL or SQLite path)")
    parser.add_argument("--check", action="store_true", help="fail if the committed model differs from a rebuild")
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    items = training_items(args.store)
    cases = load_cases()
    folds = [[i for i in range(len(items)) if i % FOLDS == k] for k in range(FOLDS)]
    all_rows = candidate_rows(items)
    print(f"{len(items)} texts, {len(all_rows)} candidates "
          f"({sum(a == 'fact' for _i, _f, a, _e in all_rows)} facts)")
    rules1, rules2 = score(items, None)
    print(f"rules alone, all training texts: L1 P {rules1.precision:.3f} R {rules1.recall:.3f}  "
          f"L2 P {rules2.precision:.3f} R {rules2.recall:.3f}")
    best = None
    for c in C_VALUES:
        fold_models = []
        for fold in folds:
            held = set(fold)
            fold_models.append(fit_model([r for r in all_rows if r[0] not in held], c, 0, 0, 0))
        full = fit_model(all_rows, c, 0, 0, 0)
        for keep_below, add_above, switch_above in itertools.product(KEEP_BELOW, ADD_ABOVE, SWITCH_ABOVE):
            _cases1, cases2 = score(list(cases), with_thresholds(full, keep_below, add_above, switch_above))
            if cases2.matched_labels != cases2.labels or cases2.matched_predictions != cases2.predictions:
                continue
            level1, level2 = ZERO, ZERO
            for fold, model in zip(folds, fold_models, strict=True):
                s1, s2 = score([items[i] for i in fold], with_thresholds(model, keep_below, add_above, switch_above))
                level1, level2 = level1 + s1, level2 + s2
            key = (round(_f1(level1), 4), round(_f1(level2), 4))
            print(f"C {c} keep<{keep_below} add>={add_above} switch>={switch_above}: cross-validated "
                  f"L1 P {level1.precision:.3f} R {level1.recall:.3f}  L2 P {level2.precision:.3f} "
                  f"R {level2.recall:.3f}", flush=True)
            if best is None or key > best[0]:
                best = (key, c, keep_below, add_above, switch_above, level1, level2)
    if best is None:
        raise SystemExit("no setting keeps every extraction case: the rules alone stay in charge")
    _key, c, keep_below, add_above, switch_above, level1, level2 = best
    model = fit_model(all_rows, c, keep_below, add_above, switch_above)
    summary = {
        "texts": len(items), "candidates": len(all_rows), "C": c,
        "cross_validated": {"folds": FOLDS, "level1_precision": round(level1.precision, 3),
                            "level1_recall": round(level1.recall, 3), "level2_precision": round(level2.precision, 3),
                            "level2_recall": round(level2.recall, 3)},
        "rules_alone": {"level1_precision": round(rules1.precision, 3), "level1_recall": round(rules1.recall, 3),
                        "level2_precision": round(rules2.precision, 3), "level2_recall": round(rules2.recall, 3)},
    }
    text = json.dumps(model_dict(model, summary), indent=1, sort_keys=True) + "\n"
    print(f"chosen: C {c} keep<{keep_below} add>={add_above} switch>={switch_above}; cross-validated "
          f"L1 P {level1.precision:.3f} R {level1.recall:.3f}, L2 P {level2.precision:.3f} R {level2.recall:.3f}")
    if args.check:
        same = args.output.is_file() and args.output.read_text(encoding="utf-8") == text
        print("the committed model matches the rebuild" if same else "the committed model DIFFERS from the rebuild")
        return 0 if same else 1
    tmp = args.output.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(args.output)
    print(f"wrote {args.output.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
