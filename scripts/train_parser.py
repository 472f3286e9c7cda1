"""Train a small English tagger and dependency parser from scratch with spaCy, for the extractor's
feasibility study (benchmarks/parser_feasibility.md). Nothing is downloaded: the treebank files must already
be in the treebank folder, and the pipeline has no pretrained vectors or weights.

    python scripts/train_parser.py [--ud DIR] [--out DIR] [--max-steps N] [--threads N] [--skip-train]

Inputs, in ``--ud`` (default .cache/ud/, git-ignored), Universal Dependencies CoNLL-U files:
  train: every ``*.conllu`` whose name ends in one of ``--train`` (default: EWT dev, GUM dev)
  dev (checkpoint choice during training): ``--dev`` (default: GUM test)
  test (final score, never seen in training): ``--test`` (default: EWT test)
The snapshot of UD_English-EWT this was written against lacks its train file, hence the defaults.

Steps, all spaCy's own commands: ``spacy convert`` (CoNLL-U to .spacy, 10 sentences per doc),
``spacy train scripts/parser.cfg`` (fixed seed, bounded steps) into ``--out`` (default .cache/parser/),
then ``spacy evaluate`` of model-best on the test file, written to ``--out``/test_scores.json.
Raises SystemExit naming the missing file when a treebank file is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "scripts" / "parser.cfg"
DEFAULT_TRAIN = ("en_ewt-ud-dev.conllu", "gum_en_gum-ud-dev.conllu")
DEFAULT_DEV = "gum_en_gum-ud-test.conllu"
DEFAULT_TEST = "en_ewt-ud-test.conllu"


def _spacy(*args: str, threads: int) -> None:
    env = dict(os.environ)
    # One BLAS/OpenMP thread each: the machine is shared and spaCy's CPU training gains little from more.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(threads)
    cmd = [sys.executable, "-m", "spacy", *args]
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT, env=env)


def convert(files: list[Path], dest: Path, threads: int) -> None:
    """Convert CoNLL-U ``files`` into .spacy files in ``dest`` (emptied first)."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for path in files:
        if not path.is_file():
            raise SystemExit(f"treebank file missing: {path}")
        _spacy("convert", str(path), str(dest), "--converter", "conllu", "--n-sents", "10", threads=threads)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ud", type=Path, default=ROOT / ".cache" / "ud")
    ap.add_argument("--out", type=Path, default=ROOT / ".cache" / "parser")
    ap.add_argument("--train", nargs="+", default=list(DEFAULT_TRAIN))
    ap.add_argument("--dev", default=DEFAULT_DEV)
    ap.add_argument("--test", default=DEFAULT_TEST)
    ap.add_argument("--max-steps", type=int, help="override training.max_steps of scripts/parser.cfg")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--skip-train", action="store_true", help="only evaluate an existing model-best")
    args = ap.parse_args(argv)

    out = args.out.resolve()
    corpus = out / "corpus"
    if not args.skip_train:
        convert([args.ud / name for name in args.train], corpus / "train", args.threads)
        convert([args.ud / args.dev], corpus / "dev", args.threads)
        overrides = ["--paths.train", str(corpus / "train"), "--paths.dev", str(corpus / "dev")]
        if args.max_steps is not None:
            overrides += ["--training.max_steps", str(args.max_steps)]
        start = time.perf_counter()
        cpu0 = os.times()
        _spacy("train", str(CONFIG), "--output", str(out), *overrides, threads=args.threads)
        cpu1 = os.times()
        wall = time.perf_counter() - start
        cpu = (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)
        (out / "train_time.json").write_text(json.dumps({"wall_s": round(wall, 1), "cpu_s": round(cpu, 1)}))
        print(f"training: {wall:.0f} s wall, {cpu:.0f} s CPU", flush=True)
    convert([args.ud / args.test], corpus / "test", args.threads)
    _spacy("evaluate", str(out / "model-best"), str(corpus / "test"),
           "--output", str(out / "test_scores.json"), threads=args.threads)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
