"""Size, load time, accuracy and parse speed of the extractor's parser (footprint/extract/parser_model/, built by
scripts/train_parser.py) on the real-text TUNE pages, and what it costs the extractor cold and warm.
Results: benchmarks/parser_feasibility.md.

    python -m benchmarks.parser_feasibility [--model DIR] [--repeat N] [--show WORD ...]
                                            [--before REV] [--runs N]

Only pages whose split is ``tune`` in tests/extract_realtext/labels.json are read (their labelled span, from
the local cache); held-out pages are never parsed or extracted. Prints:
- the model's size on disk, its EWT test scores from its meta.json (UAS, LAS, LAS F per relation);
- load time, both ``spacy.load`` of the whole folder and ``footprint.extract.syntax.parser()`` (which skips the
  English tokenizer), min / median of ``--repeat`` loads, each in a fresh interpreter;
- parse time per tune page on the extractor's own tokens (``syntax.parse_tokens``, as extraction does);
- with ``--before REV``: the cold ``python -m footprint extract FILE`` (wall and CPU, ``--runs`` alternating
  runs per tree after one warm-up run each) and warm extraction per tune page (best of 3 per page, in a
  fresh interpreter per tree) in ``git archive REV`` and in this checkout, side by side.
``--show WORD`` prints the parse of every tune sentence containing WORD, one token a line.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.extract_quality import DEVSET_DIR, load_realtext  # noqa: E402

DEFAULT_MODEL = ROOT / "footprint" / "extract" / "parser_model"
RELATIONS = ("nsubj", "nsubj:pass", "obj", "obl", "ccomp", "xcomp", "advcl", "acl:relcl", "conj", "appos")

_LOAD = """
import sys, time
import spacy
from footprint.extract import syntax  # the extractor's own imports are not the model's cost
start, cpu = time.perf_counter(), time.process_time()
if sys.argv[1] == "syntax":
    syntax.parser()
else:
    spacy.load(sys.argv[2])
print(time.perf_counter() - start, time.process_time() - cpu)
"""

# Run inside each tree: warm extraction of the tune pages given as JSON, best of 3 per page.
_WARM = """
import datetime as dt, json, sys, time
from pathlib import Path
from footprint.extract import Gazetteer, extract_claims
items = json.loads(Path(sys.argv[1]).read_text())
gazetteer = Gazetteer.from_data_dir(Path("data"))
extract_claims("French troops left Chad.", gazetteer=gazetteer)
times = []
for item in items:
    best = [float("inf"), float("inf")]
    for _ in range(3):
        start, cpu = time.perf_counter(), time.process_time()
        extract_claims(item["text"], published=dt.date.fromisoformat(item["published"]), url=item["url"],
                       gazetteer=gazetteer)
        best = [min(best[0], time.perf_counter() - start), min(best[1], time.process_time() - cpu)]
    times.append(best)
print(json.dumps(times))
"""


def tune_items() -> list:
    """The cached tune pages; held-out pages are dropped before anything else."""
    items, _missing = load_realtext()
    return [item for item in items if item.split == "tune"]


def dir_size(path: Path) -> int:
    """Bytes of all files under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _ms(values: list[float]) -> str:
    return f"min {min(values) * 1000:.1f} ms, median {statistics.median(values) * 1000:.1f} ms"


def _python(tree: Path, *args: str) -> tuple[str, float, float]:
    """(stdout, wall s, CPU s) of a fresh interpreter run in ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run([sys.executable, *args], cwd=tree, env=env, check=True, capture_output=True,
                         text=True).stdout
    wall = time.perf_counter() - start
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    return out, wall, now.ru_utime - used.ru_utime + now.ru_stime - used.ru_stime


def accuracy(model: Path) -> None:
    meta = json.loads((model / "meta.json").read_text())
    test = meta.get("performance", {})
    print(f"model: {dir_size(model) / 1e6:.1f} MB on disk, pipeline {meta.get('pipeline')}")
    if "dep_uas" in test:
        print(f"EWT test (meta.json performance): UAS {test['dep_uas'] * 100:.1f}, LAS {test['dep_las'] * 100:.1f},"
              f" UPOS {test.get('pos_acc', 0) * 100:.1f}, XPOS {test.get('tag_acc', 0) * 100:.1f}, "
              f"morph {test.get('morph_acc', 0) * 100:.1f}, lemma {test.get('lemma_acc', 0) * 100:.1f}, "
              f"sentence F {test.get('sents_f', 0) * 100:.1f}")
        per_type = test.get("dep_las_per_type", {})
        print("LAS F by relation: " + ", ".join(f"{rel} {per_type[rel]['f']:.2f}" for rel in RELATIONS
                                                if rel in per_type))


def speed(model: Path, repeat: int) -> None:
    from footprint.extract import syntax
    from footprint.extract.gazetteer import Gazetteer
    from footprint.extract.passes import article_views

    for how in ("spacy.load", "syntax"):
        loads = [[float(x) for x in _python(ROOT, "-c", _LOAD, how, str(model))[0].split()] for _ in range(repeat)]
        print(f"load, {how}, fresh interpreter: wall {_ms([w for w, _c in loads])}; CPU {_ms([c for _w, c in loads])}")
    gazetteer = Gazetteer.builtin()
    pages = []
    for item in tune_items():
        _matching, views = article_views(item.text, gazetteer)
        pages.append([(view.tokens, view.spaces()) for view in views])
    words = sum(len(tokens) for page in pages for tokens, _spaces in page)
    syntax.parse_tokens(pages[0])  # warm-up
    per_page: list[float] = []
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for page in pages:
            t0 = time.perf_counter()
            syntax.parse_tokens(page)
            per_page.append(time.perf_counter() - t0)
        runs.append(time.perf_counter() - start)
    print(f"tune pages: {len(pages)}, {sum(map(len, pages))} sentences, {words} tokens")
    print(f"parse per page (extractor's tokens): {_ms(per_page)}, max {max(per_page) * 1000:.1f} ms")
    print(f"whole tune set: min {min(runs):.2f} s, median {statistics.median(runs):.2f} s "
          f"({words / min(runs):.0f} tokens/s at best)")


def side_by_side(before: str, runs: int) -> None:
    from benchmarks.map_browser import export_tree

    items = [{"text": item.text, "published": item.published.isoformat(), "url": item.url} for item in tune_items()]
    article = sorted(DEVSET_DIR.glob("*.txt"))[0]
    with tempfile.TemporaryDirectory(prefix="footprint-parser-") as folder:
        trees = {"before": export_tree(before, Path(folder) / "before"), "after": ROOT}
        pages = Path(folder) / "tune.json"
        pages.write_text(json.dumps(items))
        cli = ["-m", "footprint", "extract", str(article), "--format", "json"]
        cold: dict[str, tuple[list[float], list[float]]] = {label: ([], []) for label in trees}
        for tree in trees.values():
            _python(tree, *cli)  # fills the tree's caches
        for _ in range(runs):
            for label, tree in trees.items():
                _out, wall, cpu = _python(tree, *cli)
                cold[label][0].append(wall)
                cold[label][1].append(cpu)
        warm = {label: json.loads(_python(tree, "-c", _WARM, str(pages))[0]) for label, tree in trees.items()}
    print(f"\ncold `python -m footprint extract {article.relative_to(ROOT)}`, {runs} alternating runs per tree")
    print("| tree | cold wall s | cold CPU s | warm wall per tune page, ms | warm CPU per tune page, ms |")
    print("|---|---|---|---|---|")

    def cell(values: list[float], scale: float = 1.0, digits: int = 2) -> str:
        return " / ".join(f"{v * scale:.{digits}f}" for v in (min(values), statistics.median(values), max(values)))

    for label in trees:
        walls, cpus = cold[label]
        print(f"| {before if label == 'before' else 'this checkout'} | {cell(walls)} | {cell(cpus)} | "
              f"{cell([w for w, _c in warm[label]], 1000, 1)} | {cell([c for _w, c in warm[label]], 1000, 1)} |")
    print("(min / median / max)")
    for index, what in ((0, "wall"), (1, "CPU")):
        cold_ratio = statistics.median(cold["after"][index]) / statistics.median(cold["before"][index])
        warm_ratio = (statistics.median(t[index] for t in warm["after"])
                      / statistics.median(t[index] for t in warm["before"]))
        print(f"after / before, medians, {what}: cold {cold_ratio:.2f}x, warm per page {warm_ratio:.2f}x")


def show(words: list[str]) -> None:
    from footprint.extract.gazetteer import Gazetteer
    from footprint.extract.passes import article_views

    gazetteer = Gazetteer.builtin()
    for item in tune_items():
        _matching, views = article_views(item.text, gazetteer)
        for view in views:
            if view.parse is None or not any(word in view.text for word in words):
                continue
            print(f"\n# {item.name}: {view.text.strip()}")
            for tok in view.parse:
                print(f"  {tok.i:3d} {tok.text:15s} {tok.pos_:6s} {tok.tag_:5s} {tok.lemma_:12s} {tok.dep_:12s} "
                      f"{tok.head.i}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--show", nargs="*", default=[])
    ap.add_argument("--before", help="git revision to compare the extractor's cold and warm times against")
    ap.add_argument("--runs", type=int, default=5, help="cold runs per tree with --before")
    args = ap.parse_args(argv)
    if not (args.model / "meta.json").is_file():
        raise SystemExit(f"no trained pipeline at {args.model}; run scripts/train_parser.py --install first")
    if args.show:
        show(args.show)
        return 0
    accuracy(args.model)
    speed(args.model, args.repeat)
    if args.before:
        side_by_side(args.before, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
