"""Precision and recall of the news claim extractor on the hand-labelled development set.

Run ``python benchmarks/extract_quality.py`` (``--verbose`` lists every miss and false alarm).

Two levels are scored, per article, over distinct tuples so that a fact stated in
three sentences counts once:

1. (actor, host, event);
2. (actor, host, event, site_id, date), where a date is right when it agrees with the
   label at the precision the text gives: "2024-04-12" is right for a label of
   "2024-04", but "2024" is not, and a label without a date needs a claim without one.

The scorer uses the built-in gazetteer by default so that labels do not drift as
``data/`` grows; ``--data DIR`` scores with the curated sites of a data directory.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from footprint.extract import Claim, Gazetteer, extract_claims, parse_article  # noqa: E402

DEVSET_DIR = ROOT / "tests" / "extract_devset"
TARGET_PRECISION = 0.85
TARGET_RECALL = 0.75

Level1 = tuple[str, str, str]
Level2 = tuple[str, str, str, str | None, str | None]


@dataclass(frozen=True)
class Score:
    """Counts behind a precision and a recall."""

    matched_predictions: int
    predictions: int
    matched_labels: int
    labels: int

    @property
    def precision(self) -> float:
        return self.matched_predictions / self.predictions if self.predictions else 1.0

    @property
    def recall(self) -> float:
        return self.matched_labels / self.labels if self.labels else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(self.matched_predictions + other.matched_predictions, self.predictions + other.predictions,
                     self.matched_labels + other.matched_labels, self.labels + other.labels)


@dataclass(frozen=True)
class ArticleScore:
    """One article's scores, with what was missed and what was wrongly claimed."""

    name: str
    level1: Score
    level2: Score
    missed: tuple[tuple[object, ...], ...]
    false_alarms: tuple[tuple[object, ...], ...]


@dataclass(frozen=True)
class QualityReport:
    articles: tuple[ArticleScore, ...]

    @property
    def level1(self) -> Score:
        return sum((a.level1 for a in self.articles), Score(0, 0, 0, 0))

    @property
    def level2(self) -> Score:
        return sum((a.level2 for a in self.articles), Score(0, 0, 0, 0))

    def meets_target(self) -> bool:
        return self.level1.precision >= TARGET_PRECISION and self.level1.recall >= TARGET_RECALL


def date_matches(predicted: str | None, expected: str | None) -> bool:
    """Right at the precision the text gives: the claim may be finer than the label, never coarser."""
    if expected is None or predicted is None:
        return expected is None and predicted is None
    return len(predicted) >= len(expected) and predicted.startswith(expected)


def level1_of(item: Claim | dict) -> Level1:
    if isinstance(item, Claim):
        return (item.actor, item.host_country, item.event)
    return (item["actor"], item["host_country"], item["event"])


def level2_of(item: Claim | dict) -> Level2:
    if isinstance(item, Claim):
        return (item.actor, item.host_country, item.event, item.site_id, item.date)
    return (item["actor"], item["host_country"], item["event"], item.get("site_id"), item.get("date"))


def _level2_match(predicted: Level2, expected: Level2) -> bool:
    return predicted[:4] == expected[:4] and date_matches(predicted[4], expected[4])


def score_claims(name: str, claims: Iterable[Claim], labels: list[dict]) -> ArticleScore:
    """Score one article's claims against its labels at both levels."""
    claims = list(claims)
    predicted1, expected1 = {level1_of(c) for c in claims}, {level1_of(label) for label in labels}
    level1 = Score(len(predicted1 & expected1), len(predicted1), len(predicted1 & expected1), len(expected1))
    predicted2, expected2 = {level2_of(c) for c in claims}, {level2_of(label) for label in labels}
    right = {p for p in predicted2 if any(_level2_match(p, e) for e in expected2)}
    found = {e for e in expected2 if any(_level2_match(p, e) for p in predicted2)}
    level2 = Score(len(right), len(predicted2), len(found), len(expected2))
    return ArticleScore(name, level1, level2, tuple(sorted(expected2 - found, key=str)),
                        tuple(sorted(predicted2 - right, key=str)))


def load_devset(directory: Path = DEVSET_DIR) -> list[tuple[str, str, list[dict]]]:
    """(name, raw article text, labels) for every labelled article in ``directory``."""
    items = []
    for text_path in sorted(directory.glob("*.txt")):
        labels = json.loads(text_path.with_suffix(".json").read_text(encoding="utf-8"))
        items.append((text_path.stem, text_path.read_text(encoding="utf-8"), labels))
    return items


def score_devset(directory: Path = DEVSET_DIR, gazetteer: Gazetteer | None = None) -> QualityReport:
    """Run the extractor over the development set and score it."""
    scores = []
    for name, raw, labels in load_devset(directory):
        article = parse_article(raw)
        claims = extract_claims(article.text, published=article.published, url=article.url, gazetteer=gazetteer)
        scores.append(score_claims(name, claims, labels))
    return QualityReport(tuple(scores))


def format_report(report: QualityReport, *, verbose: bool = False) -> str:
    lines = [f"{'article':38} {'L1 P':>6} {'L1 R':>6} {'L2 P':>6} {'L2 R':>6}"]
    for article in report.articles:
        lines.append(f"{article.name:38} {article.level1.precision:6.2f} {article.level1.recall:6.2f} "
                     f"{article.level2.precision:6.2f} {article.level2.recall:6.2f}")
        if verbose:
            lines.extend(f"    missed      {item}" for item in article.missed)
            lines.extend(f"    false alarm {item}" for item in article.false_alarms)
    for level, score in (("level 1 (actor, host, event)", report.level1),
                         ("level 2 (+ site_id, date)", report.level2)):
        lines.append(f"{level:32} precision {score.precision:.3f} ({score.matched_predictions}/{score.predictions})"
                     f"  recall {score.recall:.3f} ({score.matched_labels}/{score.labels})")
    verdict = "meets" if report.meets_target() else "MISSES"
    lines.append(f"{verdict} the target (level 1 precision >= {TARGET_PRECISION}, recall >= {TARGET_RECALL})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=DEVSET_DIR, help="directory of NAME.txt + NAME.json pairs")
    parser.add_argument("--data", type=Path, help="use the sites of this data directory as the gazetteer")
    parser.add_argument("--verbose", action="store_true", help="list misses and false alarms")
    args = parser.parse_args(argv)
    gazetteer = None
    if args.data is not None:
        from footprint.dataset import load_dataset

        gazetteer = Gazetteer.from_dataset(load_dataset(args.data))
    report = score_devset(args.devset, gazetteer)
    print(format_report(report, verbose=args.verbose))
    return 0 if report.meets_target() else 1


if __name__ == "__main__":
    raise SystemExit(main())
