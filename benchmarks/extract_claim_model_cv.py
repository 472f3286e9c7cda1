"""Cross-validation of a learned claim model over the rules, on the real-text tune half only.

    python benchmarks/extract_claim_model_cv.py [--folds 5] [--new-since COMMIT] [--base-commit COMMIT]

Prints, per fold and pooled, precision / recall / F at level 1 and precision / recall at level 2 (one to one,
as ``benchmarks/extract_quality.py`` scores) for the rules alone and for the rules with the model, side by
side. Exit status 0 when the model beats the rules in pooled level-1 F without a lower precision.

Pages: the ``tune`` half of the real-text set (text from the local cache, see
scripts/extract_realtext_cache.py). The held-out half is never scored: ``tune_items`` drops every page whose
split is not ``tune`` before the extractor sees any text.

The model: each page's candidates (``footprint.extract.candidates``) are keys (actor, host, event); a key is
positive when the page's labels hold it. A binary logistic regression (scikit-learn) scores the keys, and
``ClaimModel.apply`` adds keys the rules missed above one probability and drops rule claims below another.
Folds are groups of whole pages (a page is never in two folds, assigned by a hash of its name). For each fold,
the regularisation and both probabilities are chosen by an inner cross-validation over the other folds only,
leaving the rules alone unless a setting scores strictly better there; the fitted model is then scored on the
fold. ``--base-commit`` swaps the current rules for the claims of an earlier version of the extractor (run from
an export of that commit), and ``--new-since`` pools separately the pages that version's labels lacked: pages
those rules were never tuned on.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.extract_quality import (  # noqa: E402
    REALTEXT_CACHE,
    REALTEXT_LABELS,
    ZERO,
    Item,
    Score,
    load_realtext,
    score_claims,
)
from footprint.extract import Gazetteer, extract_claims  # noqa: E402
from footprint.extract.candidates import (  # noqa: E402
    Candidate,
    ClaimModel,
    Key,
    add_rule_features,
    article_candidates,
)
from footprint.extract.claims import _main_host  # noqa: E402
from footprint.extract.passes import article_views  # noqa: E402
from footprint.extract.results import Claim  # noqa: E402

C_VALUES = (0.1, 0.3, 1.0)
# Each grid starts with leaving the rules alone; a later setting must score strictly better to be chosen.
ADD_ABOVE = (1.01, 0.9, 0.8, 0.7, 0.6, 0.5)
DROP_BELOW = (0.0, 0.1, 0.2, 0.3)
FOLDS = 5


@dataclass
class Page:
    """One training page: its item, the rules' claims and its candidates with features."""

    item: Item
    rule_claims: list[Claim]
    candidates: dict[Key, Candidate]

    def positive(self, key: Key) -> bool:
        return any((lab["actor"], lab["host_country"], lab["event"]) == key for lab in self.item.labels)


def tune_items(labels_path: Path = REALTEXT_LABELS, cache: Path = REALTEXT_CACHE) -> list[Item]:
    """The real-text pages of the tune half whose text is in the cache; the held-out half is dropped unread."""
    realtext, _missing = load_realtext(labels_path, cache)
    items = [item for item in realtext if item.split == "tune"]
    if not items:
        raise SystemExit("the real-text cache is missing: run scripts/extract_realtext_cache.py first")
    return items


def prepare(items: Sequence[Item], base_claims: dict[str, list[dict]] | None = None) -> list[Page]:
    """Each item's rule claims (or those ``base_claims`` gives by page name) and its candidates."""
    gazetteer = Gazetteer.builtin()
    pages = []
    for item in items:
        if base_claims is not None:
            claims = [Claim(**claim) for claim in base_claims[item.name]]
        else:
            claims = extract_claims(item.text, published=item.published, url=item.url, rules_only=True)
        _matching, views = article_views(item.text, gazetteer)
        candidates = article_candidates(views, _main_host(views))
        add_rule_features(candidates, claims)
        pages.append(Page(item, claims, candidates))
    return pages


def fit(pages: Sequence[Page], c: float) -> ClaimModel:
    """A logistic regression over all candidates of ``pages`` (thresholds left to the caller)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [(cand.features, page.positive(key)) for page in pages for key, cand in sorted(page.candidates.items())]
    targets = [positive for _f, positive in rows]
    if len(set(targets)) < 2:
        return ClaimModel(-30.0 if not any(targets) else 30.0, {}, 1.01, 0.0)
    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform([features for features, _p in rows])
    model = LogisticRegression(C=c, max_iter=5000, solver="lbfgs")
    model.fit(matrix, targets)
    weights = {str(name): float(w) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0],
                                                        strict=True)}
    return ClaimModel(float(model.intercept_[0]), weights, 1.01, 0.0)


def with_thresholds(model: ClaimModel, add_above: float, drop_below: float) -> ClaimModel:
    return ClaimModel(model.intercept, model.weights, add_above, drop_below)


def score(pages: Sequence[Page], model: ClaimModel | None) -> tuple[Score, Score]:
    """Level-1 and level-2 scores, one to one, of the rules (``model`` None) or the rules with ``model``."""
    level1, level2 = ZERO, ZERO
    for page in pages:
        claims = page.rule_claims
        if model is not None:
            published = page.item.published.isoformat() if page.item.published else None
            claims = model.apply(list(claims), page.candidates, page.item.text, published)
        result = score_claims(page.item.name, claims, page.item.labels)
        level1, level2 = level1 + result.level1, level2 + result.level2
    return level1, level2


def f_measure(score: Score) -> float:
    p, r = score.precision, score.recall
    return 2 * p * r / (p + r) if p + r else 0.0


def folds_of(pages: Sequence[Page], folds: int) -> list[list[int]]:
    """Page indices per fold, by a hash of the page name (not by hand, and stable as pages are added)."""
    order = sorted(range(len(pages)), key=lambda i: hashlib.sha1(pages[i].item.name.encode()).hexdigest())
    return [[index for rank, index in enumerate(order) if rank % folds == k] for k in range(folds)]


def choose(pages: Sequence[Page], folds: int) -> tuple[float, float, float, Score]:
    """(C, add_above, drop_below, cross-validated level-1 score) by cross-validation over ``pages``."""
    split = folds_of(pages, folds)
    best = None
    for c in C_VALUES:
        models = [fit([p for i, p in enumerate(pages) if i not in set(fold)], c) for fold in split]
        for add_above, drop_below in itertools.product(ADD_ABOVE, DROP_BELOW):
            total = ZERO
            for fold, model in zip(split, models, strict=True):
                total = total + score([pages[i] for i in fold], with_thresholds(model, add_above, drop_below))[0]
            key = round(f_measure(total), 4)
            if best is None or key > best[0]:
                best = (key, c, add_above, drop_below, total)
    _key, c, add_above, drop_below, total = best
    return c, add_above, drop_below, total


def _row(label: str, pages: int, rules: tuple[Score, Score], model: tuple[Score, Score], setting: str) -> str:
    def cell(s: Score) -> str:
        return f"{s.precision:.3f} / {s.recall:.3f} / {f_measure(s):.3f}"

    return (f"| {label} | {pages} | {cell(rules[0])} | {cell(model[0])} | {rules[1].precision:.3f} / "
            f"{rules[1].recall:.3f} | {model[1].precision:.3f} / {model[1].recall:.3f} | {setting} |")


def cross_validate(pages: Sequence[Page], folds: int, subset: frozenset[str] = frozenset()) -> bool:
    """Print the per-fold and pooled table; True when rules+model beat the rules in pooled level-1 F without a
    precision below the rules'."""
    print("| Fold | Pages | Rules L1 P / R / F | Rules+model L1 P / R / F | Rules L2 P / R | Rules+model L2 P / R "
          "| Chosen on the other folds (C, add >=, drop <) |")
    print("|---|---|---|---|---|---|---|")
    pooled_rules, pooled_model = (ZERO, ZERO), (ZERO, ZERO)
    part_rules, part_model = (ZERO, ZERO), (ZERO, ZERO)
    for number, fold in enumerate(folds_of(pages, folds), 1):
        test = [pages[i] for i in fold]
        train = [p for i, p in enumerate(pages) if i not in set(fold)]
        c, add_above, drop_below, _inner = choose(train, folds - 1)
        model = with_thresholds(fit(train, c), add_above, drop_below)
        rules, mixed = score(test, None), score(test, model)
        pooled_rules = (pooled_rules[0] + rules[0], pooled_rules[1] + rules[1])
        pooled_model = (pooled_model[0] + mixed[0], pooled_model[1] + mixed[1])
        print(_row(str(number), len(test), rules, mixed, f"{c}, {add_above}, {drop_below}"), flush=True)
        chosen = [page for page in test if page.item.name in subset]
        rules, mixed = score(chosen, None), score(chosen, model)
        part_rules = (part_rules[0] + rules[0], part_rules[1] + rules[1])
        part_model = (part_model[0] + mixed[0], part_model[1] + mixed[1])
    print(_row("pooled", len(pages), pooled_rules, pooled_model, ""))
    if subset:
        print(_row("pooled, pages new since the base", sum(p.item.name in subset for p in pages), part_rules,
                   part_model, ""))
    gain = f_measure(pooled_model[0]) > f_measure(pooled_rules[0]) and \
        pooled_model[0].precision >= pooled_rules[0].precision
    print(f"rules+model {'beat' if gain else 'do NOT beat'} the rules alone in cross-validation "
          f"(pooled L1 F {f_measure(pooled_model[0]):.3f} vs {f_measure(pooled_rules[0]):.3f}, "
          f"P {pooled_model[0].precision:.3f} vs {pooled_rules[0].precision:.3f})")
    return gain


_DUMP_CLAIMS = """
import datetime as dt, json, sys
from footprint.extract import extract_claims
pages = json.load(sys.stdin)
json.dump({name: [claim.as_dict() for claim in extract_claims(
    text, published=dt.date.fromisoformat(published) if published else None, url=url)]
    for name, text, published, url in pages}, sys.stdout)
"""


def claims_at(commit: str, items: Sequence[Item]) -> dict[str, list[dict]]:
    """The claims the extractor of ``commit`` makes on ``items``, by page name (run from an export of that tree)."""
    import io
    import subprocess
    import tarfile
    import tempfile

    archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=ROOT, check=True,
                             capture_output=True).stdout
    pages = [(item.name, item.text, item.published.isoformat() if item.published else None, item.url)
             for item in items]
    with tempfile.TemporaryDirectory() as tree:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tree, filter="data")
        result = subprocess.run([sys.executable, "-c", _DUMP_CLAIMS], cwd=tree, input=json.dumps(pages),
                                check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=FOLDS)
    parser.add_argument("--base-commit", metavar="COMMIT",
                        help="use the claims of the extractor at COMMIT instead of the current rules (to measure the "
                             "model over rules that were never tuned on some pages)")
    parser.add_argument("--new-since", metavar="COMMIT",
                        help="also pool the pages that the real-text labels of COMMIT did not have")
    args = parser.parse_args(argv)
    items = tune_items()
    pages = prepare(items, claims_at(args.base_commit, items) if args.base_commit else None)
    positives = sum(p.positive(k) for p in pages for k in p.candidates)
    print(f"{len(pages)} tune pages, {sum(len(p.candidates) for p in pages)} candidate keys ({positives} labelled)")
    subset: frozenset[str] = frozenset()
    if args.new_since:
        import subprocess

        before = subprocess.run(["git", "show", f"{args.new_since}:tests/extract_realtext/labels.json"], cwd=ROOT,
                                check=True, capture_output=True, text=True).stdout
        subset = frozenset(p.item.name for p in pages) - {entry["name"] for entry in json.loads(before)}
    return 0 if cross_validate(pages, args.folds, subset) else 1


if __name__ == "__main__":
    raise SystemExit(main())
