"""Precision and recall of the news claim extractor, one set at a time, with its speed.

Run ``python benchmarks/extract_quality.py`` (``--verbose`` lists every miss and false claim,
``--no-speed`` skips the timings, ``--tune-only`` extracts from the tune half of the real text only, and
``--new-since COMMIT`` only from the real-text pages labelled after COMMIT: their first-seen figures).

Three labelled sets are scored separately:

- the development set (``tests/extract_devset``): paraphrases written alongside the rules;
- the extraction cases (``tests/extract_cases``): short paragraphs, two per kind of failure;
- the real-text set (``tests/extract_realtext/labels.json``): real news pages, labelled by hand and split
  into a ``tune`` part and an untouched ``heldout`` part. Their text is third-party and lives only in a
  git-ignored local cache (see ``scripts/extract_realtext_cache.py``); without the cache this set is
  reported as not run.

Claims are paired with labels one to one, so a fact emitted twice is one right claim and one false one.
Two levels are scored:

1. (actor, host, event);
2. level 1 and also the site (by the place the text names; a label without a place needs a claim
   without one), the date (right at the label's precision: "2024-04-12" is right for "2024-04", "2024"
   is not) and the personnel figure (equal, null included).

Speed: the cold command ``python -m footprint extract FILE`` in a fresh interpreter, and warm extraction
per article once the gazetteer is loaded (min and median side by side).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from footprint.extract import Claim, Gazetteer, extract_claims, fold_accents, parse_article  # noqa: E402

DEVSET_DIR = ROOT / "tests" / "extract_devset"
CASES_DIR = ROOT / "tests" / "extract_cases"
DATA_DIR = ROOT / "data"
REALTEXT_LABELS = ROOT / "tests" / "extract_realtext" / "labels.json"
REALTEXT_CACHE = ROOT / ".cache" / "extract_realtext"
TARGET_PRECISION = 0.85
TARGET_RECALL = 0.75
LABEL_KEYS = frozenset({"actor", "host_country", "event", "site_id", "date", "date_precision", "personnel", "site"})

# Words that say what kind of place a name is, not which one: "Kismayo airport" names Kismayo.
_GENERIC_PLACE_WORDS = frozenset({
    "the", "a", "an", "of", "in", "at", "near", "air", "base", "airbase", "bases", "camp", "military", "naval",
    "navy", "port", "airport", "airfield", "field", "facility", "station", "garrison", "barracks", "city", "town",
    "region", "province", "district", "capital", "village", "logistics", "forward", "operating", "support", "army",
    "la", "le", "les", "de", "du", "des",
})


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


ZERO = Score(0, 0, 0, 0)


@dataclass(frozen=True)
class Item:
    """One labelled text: its name, text, publication date, url and the claims a careful reader takes."""

    name: str
    text: str
    published: object
    url: str | None
    labels: tuple[dict, ...]
    split: str = ""


@dataclass(frozen=True)
class ArticleScore:
    """One text's scores, with what was missed and what was wrongly claimed at each level."""

    name: str
    split: str
    level1: Score
    level2: Score
    missed: tuple[str, ...]
    false_claims: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """Every label found and nothing else claimed, at level 2."""
        return self.level2.matched_labels == self.level2.labels and \
            self.level2.matched_predictions == self.level2.predictions


@dataclass(frozen=True)
class QualityReport:
    name: str
    articles: tuple[ArticleScore, ...]

    @property
    def level1(self) -> Score:
        return sum((a.level1 for a in self.articles), ZERO)

    @property
    def level2(self) -> Score:
        return sum((a.level2 for a in self.articles), ZERO)

    @property
    def passed(self) -> int:
        return sum(a.passed for a in self.articles)

    def part(self, split: str) -> QualityReport:
        return QualityReport(f"{self.name} [{split}]", tuple(a for a in self.articles if a.split == split))

    def meets_target(self) -> bool:
        return self.level1.precision >= TARGET_PRECISION and self.level1.recall >= TARGET_RECALL


# --- Matching ---------------------------------------------------------------


def date_matches(predicted: str | None, expected: str | None) -> bool:
    """Right at the precision the text gives: the claim may be finer than the label, never coarser."""
    if expected is None or predicted is None:
        return expected is None and predicted is None
    return len(predicted) >= len(expected) and predicted.startswith(expected)


def place_words(name: str | None) -> frozenset[str]:
    """The words of a place name that say which place it is (accents folded, kind words dropped)."""
    if not name:
        return frozenset()
    words = re.findall(r"[a-z0-9]+", fold_accents(name).lower().replace("'", ""))
    return frozenset(w for w in words if w not in _GENERIC_PLACE_WORDS)


def site_matches(predicted: str | None, expected: str | list[str] | None) -> bool:
    """Same place as the text names it: one name's distinctive words contain the other's.

    A label may list several names for one place (the base and its town): any of them will do.
    """
    if isinstance(expected, list):
        return any(site_matches(predicted, name) for name in expected)
    if expected is None or predicted is None:
        return expected is None and predicted is None
    got, want = place_words(predicted), place_words(expected)
    if not got or not want:
        return got == want
    return got <= want or want <= got


def _field(item: Claim | dict, name: str) -> object:
    return getattr(item, name) if isinstance(item, Claim) else item.get(name)


def key_of(item: Claim | dict) -> tuple[str, str, str]:
    return (_field(item, "actor"), _field(item, "host_country"), _field(item, "event"))  # type: ignore[return-value]


def same_details(claim: Claim | dict, label: dict) -> bool:
    """Level 2 beyond the key: site by the place named, date at the label's precision, personnel equal."""
    if "site" in label:
        site_ok = site_matches(_field(claim, "site"), label["site"])  # type: ignore[arg-type]
    else:
        site_ok = _field(claim, "site_id") == label.get("site_id")
    return (site_ok and date_matches(_field(claim, "date"), label.get("date"))  # type: ignore[arg-type]
            and _field(claim, "personnel") == label.get("personnel"))


def pair_one_to_one(claims: list, labels: list[dict], fits: Callable[[object, dict], bool]) -> list[tuple[int, int]]:
    """A maximum one-to-one pairing of claims with labels where ``fits`` holds (augmenting paths)."""
    partner_of_label: dict[int, int] = {}

    def place(claim_index: int, seen: set[int]) -> bool:
        for label_index, label in enumerate(labels):
            if label_index in seen or not fits(claims[claim_index], label):
                continue
            seen.add(label_index)
            if label_index not in partner_of_label or place(partner_of_label[label_index], seen):
                partner_of_label[label_index] = claim_index
                return True
        return False

    for index in range(len(claims)):
        place(index, set())
    return sorted((claim, label) for label, claim in partner_of_label.items())


def describe(item: Claim | dict) -> str:
    site = _field(item, "site") if isinstance(item, Claim) or "site" in item else _field(item, "site_id")
    return (f"{_field(item, 'actor')} {_field(item, 'host_country')} {_field(item, 'event')} site={site!r} "
            f"date={_field(item, 'date')} personnel={_field(item, 'personnel')}")


def score_claims(name: str, claims: Iterable[Claim], labels: Iterable[dict], split: str = "") -> ArticleScore:
    """Score one text's claims against its labels at both levels, pairing one to one."""
    claims, labels = list(claims), list(labels)
    level1_pairs = pair_one_to_one(claims, labels, lambda c, lab: key_of(c) == key_of(lab))
    level2_pairs = pair_one_to_one(claims, labels, lambda c, lab: key_of(c) == key_of(lab) and same_details(c, lab))
    found = {label for _, label in level2_pairs}
    right = {claim for claim, _ in level2_pairs}
    return ArticleScore(
        name, split,
        Score(len(level1_pairs), len(claims), len(level1_pairs), len(labels)),
        Score(len(level2_pairs), len(claims), len(level2_pairs), len(labels)),
        tuple(describe(labels[i]) for i in range(len(labels)) if i not in found),
        tuple(describe(claims[i]) for i in range(len(claims)) if i not in right),
    )


# --- The labelled sets ------------------------------------------------------


def _load_pairs(directory: Path) -> list[Item]:
    items = []
    for text_path in sorted(directory.glob("*.txt")):
        labels = json.loads(text_path.with_suffix(".json").read_text(encoding="utf-8"))
        article = parse_article(text_path.read_text(encoding="utf-8"))
        items.append(Item(text_path.stem, article.text, article.published, article.url, tuple(labels)))
    return items


def load_devset(directory: Path = DEVSET_DIR) -> list[Item]:
    """The development set: ``NAME.txt`` articles with ``NAME.json`` labels."""
    return _load_pairs(directory)


def load_cases(directory: Path = CASES_DIR) -> list[Item]:
    """The extraction cases, one short paragraph per file, in the same form as the development set."""
    return _load_pairs(directory)


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cache_path(url: str, cache: Path = REALTEXT_CACHE) -> Path:
    """Where the cache keeps the stored text of the page at ``url``."""
    return cache / f"{hashlib.sha256(url.encode('utf-8')).hexdigest()[:20]}.txt"


def load_realtext(labels_path: Path = REALTEXT_LABELS, cache: Path = REALTEXT_CACHE) -> tuple[list[Item], list[str]]:
    """(items whose text is in the cache and matches its hash, names of those missing or changed)."""
    import datetime as dt

    items, missing = [], []
    for entry in json.loads(labels_path.read_text(encoding="utf-8")):
        path = cache_path(entry["url"], cache)
        page = path.read_text(encoding="utf-8") if path.is_file() else None
        text = page[entry["start"]:entry["end"]] if page is not None else None
        if text is None or text_digest(text) != entry["sha256"]:
            missing.append(entry["name"])
            continue
        items.append(Item(entry["name"], text, dt.date.fromisoformat(entry["published"]), entry["url"],
                          tuple(entry["labels"]), entry["split"]))
    return items, missing


def realtext_names(split: str, labels_path: Path = REALTEXT_LABELS) -> set[str]:
    """Names of the real-text pages in ``split`` (``tune`` or ``heldout``)."""
    return {entry["name"] for entry in json.loads(labels_path.read_text(encoding="utf-8")) if entry["split"] == split}


def labelled_names_at(commit: str) -> set[str]:
    """Names of the real-text pages that the labels committed at ``commit`` hold (raises if git cannot show them)."""
    shown = subprocess.run(["git", "show", f"{commit}:{REALTEXT_LABELS.relative_to(ROOT).as_posix()}"], cwd=ROOT,
                           check=True, capture_output=True, text=True).stdout
    return {entry["name"] for entry in json.loads(shown)}


def score_items(name: str, items: Iterable[Item], gazetteer: Gazetteer | None = None) -> QualityReport:
    """Run the extractor over ``items`` and score each."""
    scores = []
    for item in items:
        claims = extract_claims(item.text, published=item.published, url=item.url, gazetteer=gazetteer)
        scores.append(score_claims(item.name, claims, item.labels, item.split))
    return QualityReport(name, tuple(scores))


def score_devset(directory: Path = DEVSET_DIR, gazetteer: Gazetteer | None = None) -> QualityReport:
    return score_items("development set", load_devset(directory), gazetteer)


def score_cases(directory: Path = CASES_DIR, gazetteer: Gazetteer | None = None) -> QualityReport:
    return score_items("extraction cases", load_cases(directory), gazetteer)


def fold_of(name: str, folds: int) -> int:
    """The fold (1-based) of a page among ``folds``, by a hash of its name: stable as pages are added."""
    # Salted, because the tune/held-out split itself is drawn from the plain hash of the name.
    return int(hashlib.sha1(f"fold:{name}".encode()).hexdigest(), 16) % folds + 1


# --- Speed ------------------------------------------------------------------


def warm_times(items: list[Item], rounds: int = 3) -> list[float]:
    """Seconds per article once everything is loaded: the best of ``rounds`` for each article."""
    gazetteer = Gazetteer.from_data_dir(DATA_DIR)
    extract_claims("French troops left Chad.", gazetteer=gazetteer)
    times = []
    for item in items:
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            extract_claims(item.text, published=item.published, url=item.url, gazetteer=gazetteer)
            best = min(best, time.perf_counter() - start)
        times.append(best)
    return times


def cold_times(path: Path, runs: int = 3) -> tuple[list[float], list[float]]:
    """(wall seconds, CPU seconds) of ``python -m footprint extract PATH --format json`` in fresh interpreters.

    CPU time is reported beside wall time because a shared machine's load stretches the wall clock.
    """
    import resource

    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "footprint", "extract", str(path), "--format", "json"], cwd=ROOT,
                       check=True, capture_output=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


# --- Report -----------------------------------------------------------------


def _score_line(label: str, score: Score) -> str:
    return (f"  {label:30} P {score.precision:.3f} ({score.matched_predictions}/{score.predictions})"
            f"  R {score.recall:.3f} ({score.matched_labels}/{score.labels})")


def format_report(report: QualityReport, *, verbose: bool = False, per_article: bool = False) -> str:
    lines = [f"{report.name}: {len(report.articles)} texts, {report.passed} passed in full"]
    for article in report.articles:
        if per_article or verbose:
            mark = "ok  " if article.passed else "FAIL"
            lines.append(f"    {mark} {article.name:44} L1 P {article.level1.precision:.2f} "
                         f"R {article.level1.recall:.2f}  L2 P {article.level2.precision:.2f} "
                         f"R {article.level2.recall:.2f}")
        if verbose:
            lines.extend(f"          missed {item}" for item in article.missed)
            lines.extend(f"          false  {item}" for item in article.false_claims)
    lines.append(_score_line("level 1 (actor, host, event)", report.level1))
    lines.append(_score_line("level 2 (+ site, date, personnel)", report.level2))
    return "\n".join(lines)


def tune_folds(report: QualityReport, folds: int) -> list[QualityReport]:
    """``report``'s pages split into ``folds`` groups by ``fold_of``, fold 1 first (none when ``folds`` is 0)."""
    return [QualityReport(f"{report.name} fold {number}/{folds}",
                          tuple(a for a in report.articles if fold_of(a.name, folds) == number))
            for number in range(1, folds + 1)]


def _seconds(values: list[float], unit: float = 1.0, suffix: str = "s") -> str:
    digits = 0 if unit > 1 else 2
    return (f"min {min(values) * unit:.{digits}f} {suffix}, "
            f"median {statistics.median(values) * unit:.{digits}f} {suffix}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA_DIR,
                        help="use the sites of this data directory as the gazetteer, as the extract command does "
                             "(default: the project's data/)")
    parser.add_argument("--builtin-sites", action="store_true",
                        help="use the extractor's built-in sites only, not those of a data directory")
    parser.add_argument("--verbose", action="store_true", help="list misses and false claims")
    parser.add_argument("--no-speed", action="store_true", help="skip the timings")
    parser.add_argument("--tune-only", action="store_true",
                        help="score the real-text tune half only (for rule work, so the held-out half stays unseen)")
    parser.add_argument("--new-since", metavar="COMMIT",
                        help="score only the real-text pages the labels of COMMIT lacked (first-seen figures)")
    parser.add_argument("--folds", type=int, default=0, metavar="N",
                        help="with --tune-only: also report the tune half in N folds of whole pages")
    parser.add_argument("--fold", type=int, default=0,
                        help="with --tune-only and --folds: score and list only this fold (1-based)")
    args = parser.parse_args(argv)
    # By default the sites, with their aliases, of data/: what `python -m footprint extract` links to.
    gazetteer = None if args.builtin_sites else Gazetteer.from_data_dir(args.data)
    devset, cases = load_devset(), load_cases()
    print(format_report(score_items("development set", devset, gazetteer), verbose=args.verbose))
    print(format_report(score_items("extraction cases", cases, gazetteer), verbose=args.verbose, per_article=True))
    realtext, missing = load_realtext()
    if args.tune_only:
        # Filter before extracting, so the extractor never even runs on the held-out half.
        realtext = [item for item in realtext if item.split == "tune"]
        missing = [name for name in missing if name not in realtext_names("heldout")]
    if args.new_since:
        before = labelled_names_at(args.new_since)
        realtext = [item for item in realtext if item.name not in before]
        missing = [name for name in missing if name not in before]
    heldout_ok = True
    if not realtext:
        print(f"real-text set: NOT RUN (no local cache at {REALTEXT_CACHE.relative_to(ROOT)}; "
              "see scripts/extract_realtext_cache.py)")
    else:
        if missing:
            print(f"real-text set: {len(missing)} texts missing from the cache or changed: {', '.join(missing)}")
        if args.tune_only:
            # The held-out pages are dropped before the extractor reads them, not only left unprinted.
            realtext = [item for item in realtext if item.split == "tune"]
            if args.folds and args.fold:
                realtext = [item for item in realtext if fold_of(item.name, args.folds) == args.fold]
        report = score_items("real-text set", realtext, gazetteer)
        for split in ("tune",) if args.tune_only else ("tune", "heldout"):
            print(format_report(report.part(split), verbose=args.verbose))
        if args.tune_only and args.folds:
            for part in tune_folds(report.part("tune"), args.folds):
                if part.articles:
                    print(format_report(part))
        heldout = report.part("tune" if args.tune_only else "heldout")
        heldout_ok = heldout.meets_target()
        scored = "tune half of the real text" if args.tune_only else "held-out real text"
        print(f"{scored} {'meets' if heldout_ok else 'MISSES'} the target "
              f"(level 1 P >= {TARGET_PRECISION}, R >= {TARGET_RECALL})")
    if not args.no_speed:
        warm = warm_times(devset + cases + realtext)
        print(f"warm extraction per text ({len(warm)} texts): {_seconds(warm, 1000, 'ms')}, "
              f"max {max(warm) * 1000:.0f} ms")
        walls, cpus = cold_times(DEVSET_DIR / f"{devset[0].name}.txt")
        print(f"cold `python -m footprint extract FILE`: wall {_seconds(walls)}; CPU {_seconds(cpus)}")
    return 0 if heldout_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
