"""Load time, size and parse speed of the from-scratch spaCy pipeline (scripts/train_parser.py) on the
real-text TUNE pages, and its parse of chosen tune sentences. Results: benchmarks/parser_feasibility.md.

    python -m benchmarks.parser_feasibility [--model DIR] [--repeat N] [--show WORD ...]

Only pages whose split is ``tune`` in tests/extract_realtext/labels.json are read (their labelled span, from
the local cache); held-out pages are never opened. ``--show WORD`` prints the dependency parse of every tune
sentence containing WORD (case-sensitive), one token a line: index, text, POS, tag, dep, head index.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.extract_quality import load_realtext  # noqa: E402

DEFAULT_MODEL = ROOT / ".cache" / "parser" / "model-best"


def tune_texts() -> list[tuple[str, str]]:
    """(name, labelled text) of each cached tune page; held-out pages are dropped before anything else."""
    items, _missing = load_realtext()
    return [(item.name, item.text) for item in items if item.split == "tune"]


def dir_size(path: Path) -> int:
    """Bytes of all files under ``path``."""
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    import spacy

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--show", nargs="*", default=[])
    args = ap.parse_args(argv)
    if not args.model.is_dir():
        raise SystemExit(f"no trained pipeline at {args.model}; run scripts/train_parser.py first")

    loads = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        nlp = spacy.load(args.model)
        loads.append(time.perf_counter() - start)
    texts = tune_texts()
    words = sum(len(text.split()) for _name, text in texts)
    nlp(texts[0][1])  # warm-up
    per_article: list[float] = []
    runs = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for _name, text in texts:
            t0 = time.perf_counter()
            nlp(text)
            per_article.append(time.perf_counter() - t0)
        runs.append(time.perf_counter() - start)
    print(f"model: {dir_size(args.model) / 1e6:.1f} MB on disk")
    print(f"load: min {min(loads) * 1000:.0f} ms, median {statistics.median(loads) * 1000:.0f} ms")
    print(f"tune pages: {len(texts)}, {words} words (whitespace-split)")
    print(f"parse per article: min {min(per_article) * 1000:.1f} ms, median "
          f"{statistics.median(per_article) * 1000:.1f} ms, max {max(per_article) * 1000:.1f} ms")
    print(f"whole tune set: min {min(runs):.2f} s, median {statistics.median(runs):.2f} s "
          f"({words / min(runs):.0f} words/s at best)")
    for word in args.show:
        for name, text in texts:
            for sent in nlp(text).sents:
                if word in sent.text:
                    print(f"\n# {name}: {sent.text.strip()}")
                    for tok in sent:
                        print(f"  {tok.i - sent.start:3d} {tok.text:15s} {tok.pos_:6s} {tok.tag_:5s} "
                              f"{tok.dep_:12s} {tok.head.i - sent.start}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
