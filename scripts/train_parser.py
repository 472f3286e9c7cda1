"""Train the extractor's English tagger, lemmatizer and dependency parser from scratch with spaCy on
UD_English-EWT, and optionally install it as ``footprint/extract/parser_model/``. Nothing is downloaded.

    python scripts/train_parser.py --ewt EWT [--rev REV] [--ud DIR] [--out DIR] [--max-steps N] [--threads N]
                                   [--skip-train] [--install]

``--ewt`` is a UD_English-EWT checkout (a folder with a work tree) or its git directory (read at ``--rev``,
default HEAD). Only EWT is used: its annotations are CC BY-SA 4.0, which the shipped model keeps.

Steps:
1. The treebank, into ``--ud`` (default .cache/ud/, git-ignored): ``en_ewt-ud-{train,dev,test}.conllu``. Each
   split is rebuilt by concatenating ``not-to-release/sources/`` in the order of
   ``not-to-release/file-lists/files.<split>`` (what the treebank's own ``not-to-release/tools/build.py`` does).
   Where the release file is present too, the rebuilt one must equal it byte for byte, else SystemExit naming
   both; where the sources are absent, the release file is used. Each split's sentence and word counts must
   match the treebank's ``stats.xml`` when it has one (the only check for a split without its release file).
   ``treebank.json`` records each file's origin, sha256, sentences and words (syntactic words: multiword-token
   ranges and empty nodes not counted).
2. ``spacy convert`` (CoNLL-U to .spacy, 10 sentences per doc) into ``--out``/corpus (default .cache/parser/).
3. ``spacy train scripts/parser.cfg`` (seed 0, fixed step count, checkpoints chosen on EWT dev), console log
   kept in ``--out``/train.log; then ``spacy evaluate`` of model-best on EWT test into ``--out``/test_scores.json.
4. With ``--install``: model-best is copied to ``footprint/extract/parser_model/`` (replacing it), and its
   meta.json gets the licence, the treebank's source and the EWT test scores.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "scripts" / "parser.cfg"
MODEL_DIR = ROOT / "footprint" / "extract" / "parser_model"
SPLITS = ("train", "dev", "test")
EWT_URL = "https://github.com/UniversalDependencies/UD_English-EWT"
LICENSE = "CC BY-SA 4.0"
LICENSE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"


def release_name(split: str) -> str:
    return f"en_ewt-ud-{split}.conllu"


class Treebank:
    """Files of a UD_English-EWT checkout, or of a git directory (``git_dir``) at commit ``rev``."""

    def __init__(self, path: Path, git_dir: bool, rev: str = "HEAD") -> None:
        self.path, self.git_dir, self.rev = path, git_dir, rev

    @classmethod
    def open(cls, path: Path, rev: str = "HEAD") -> Treebank:
        if (path / "not-to-release").is_dir() or (path / release_name("dev")).is_file():
            return cls(path, git_dir=False)
        probe = subprocess.run(["git", "--git-dir", str(path), "rev-parse", "--verify", f"{rev}^{{commit}}"],
                               capture_output=True, text=True)
        if probe.returncode != 0:
            raise SystemExit(f"--ewt {path}: neither a UD_English-EWT checkout nor a git directory with {rev}")
        return cls(path, git_dir=True, rev=probe.stdout.strip())

    def read(self, names: list[str]) -> list[bytes | None]:
        """Contents of the files at repository paths ``names``; ``None`` for each one absent."""
        if not self.git_dir:
            return [(self.path / name).read_bytes() if (self.path / name).is_file() else None for name in names]
        if not names:
            return []
        # One `git cat-file --batch` for all names: an absent path or blob answers "<name> missing".
        request = "".join(f"{self.rev}:{name}\n" for name in names).encode()
        out = subprocess.run(["git", "--git-dir", str(self.path), "cat-file", "--batch"], input=request,
                             capture_output=True, check=True).stdout
        contents: list[bytes | None] = []
        position = 0
        for _ in names:
            end = out.index(b"\n", position)
            header = out[position:end].split()
            position = end + 1
            if header[-1] == b"missing" or header[1] != b"blob":
                contents.append(None)
                continue
            size = int(header[2])
            contents.append(out[position:position + size])
            position += size + 1
        return contents

    def describe(self) -> str:
        return f"{self.path} at {self.rev}" if self.git_dir else str(self.path)


def counts(conllu: bytes) -> tuple[int, int]:
    """(sentences, syntactic words) of a CoNLL-U text."""
    sentences = words = 0
    in_sentence = False
    for line in conllu.decode("utf-8").splitlines():
        if not line.strip():
            in_sentence = False
            continue
        if line.startswith("#"):
            continue
        if not in_sentence:
            sentences += 1
            in_sentence = True
        if line.split("\t", 1)[0].isdigit():
            words += 1
    return sentences, words


def rebuild(treebank: Treebank, split: str) -> bytes | None:
    """The split concatenated from ``not-to-release/sources/`` in file-list order; ``None`` without its list.
    Raises SystemExit naming a listed source that is absent."""
    (listing,) = treebank.read([f"not-to-release/file-lists/files.{split}"])
    if listing is None:
        return None
    names = [line.strip() for line in listing.decode("utf-8").splitlines() if line.strip()]
    parts = treebank.read([f"not-to-release/sources/{name}" for name in names])
    for name, part in zip(names, parts, strict=True):
        if part is None:
            raise SystemExit(f"{treebank.describe()}: not-to-release/sources/{name}, listed in files.{split}, "
                             "is absent")
    return b"".join(parts)  # type: ignore[arg-type]


def stated_sizes(treebank: Treebank) -> dict[str, tuple[int, int]]:
    """{split: (sentences, words)} from the treebank's stats.xml; empty without one."""
    (stats,) = treebank.read(["stats.xml"])
    if stats is None:
        return {}
    size = ElementTree.fromstring(stats).find("size")
    return {split: (int(node.findtext("sentences")), int(node.findtext("words")))
            for split in SPLITS if size is not None and (node := size.find(split)) is not None}


def build_treebank(ewt: Path, ud: Path, rev: str = "HEAD") -> dict[str, dict]:
    """Write the three EWT splits into ``ud`` and return (and write as treebank.json) what each one is."""
    treebank = Treebank.open(ewt, rev)
    stated = stated_sizes(treebank)
    ud.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, dict] = {}
    for split in SPLITS:
        (released,) = treebank.read([release_name(split)])
        rebuilt = rebuild(treebank, split)
        if rebuilt is not None and released is not None and rebuilt != released:
            raise SystemExit(f"{treebank.describe()}: {release_name(split)} differs from the concatenation of "
                             f"not-to-release/sources/ listed in not-to-release/file-lists/files.{split}")
        if rebuilt is None and released is None:
            raise SystemExit(f"{treebank.describe()}: neither {release_name(split)} nor "
                             f"not-to-release/file-lists/files.{split} is present")
        data = released if released is not None else rebuilt
        origin = ("release, equal to its sources" if released is not None and rebuilt is not None
                  else "release" if released is not None else "rebuilt from not-to-release/sources")
        sentences, words = counts(data)  # type: ignore[arg-type]
        if split in stated and stated[split] != (sentences, words):
            raise SystemExit(f"{treebank.describe()}: {release_name(split)} has {sentences} sentences and {words} "
                             f"words; stats.xml says {stated[split][0]} and {stated[split][1]}")
        target = ud / release_name(split)
        temporary = target.with_suffix(".tmp")
        temporary.write_bytes(data)  # type: ignore[arg-type]
        temporary.replace(target)
        manifest[split] = {"file": release_name(split), "origin": origin,
                           "sha256": hashlib.sha256(data).hexdigest(),  # type: ignore[arg-type]
                           "sentences": sentences, "words": words}
        print(f"{release_name(split)}: {origin}, {sentences} sentences, {words} words", flush=True)
    if treebank.git_dir:
        manifest["commit"] = treebank.rev  # type: ignore[assignment]
    (ud / "treebank.json").write_text(json.dumps(manifest, indent=1) + "\n")
    return manifest


def _env(threads: int) -> dict[str, str]:
    env = dict(os.environ)
    # One BLAS/OpenMP thread each: the machine is shared and spaCy's CPU training gains little from more.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(threads)
    return env


def _spacy(*args: str, threads: int, log: Path | None = None) -> None:
    cmd = [sys.executable, "-m", "spacy", *args]
    print("+", " ".join(cmd), flush=True)
    if log is None:
        subprocess.run(cmd, check=True, cwd=ROOT, env=_env(threads))
        return
    log.parent.mkdir(parents=True, exist_ok=True)
    with subprocess.Popen(cmd, cwd=ROOT, env=_env(threads), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True) as process, log.open("w") as out:
        assert process.stdout is not None
        for line in process.stdout:
            print(line, end="", flush=True)
            out.write(line)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, cmd)


def convert(files: list[Path], dest: Path, threads: int) -> None:
    """Convert CoNLL-U ``files`` into .spacy files in ``dest`` (emptied first)."""
    for path in files:
        if not path.is_file():
            raise SystemExit(f"treebank file missing: {path}")
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for path in files:
        _spacy("convert", str(path), str(dest), "--converter", "conllu", "--n-sents", "10", threads=threads)


def best_checkpoint(log: Path, dev: dict) -> dict | None:
    """(step, epoch, dev score) of the evaluation row of spaCy's console training log that model-best comes from:
    the last row whose rounded scores equal ``dev`` (model-best's meta.json ``performance``), else the last row
    with the highest score; ``None`` without rows."""
    if not log.is_file():
        return None
    header: list[str] = []
    rows = []
    for line in log.read_text().splitlines():
        fields = line.split()
        if fields[:2] == ["E", "#"]:
            last_loss = max(i for i, name in enumerate(fields) if name == "LOSS")
            header = [name.lower() for name in fields[last_loss + 2:]]
        elif header and len(fields) > len(header) and fields[0].isdigit() and fields[1].isdigit():
            values = dict(zip(header, map(float, fields[-len(header):]), strict=True))
            rows.append((int(fields[0]), int(fields[1]), values))
    if not rows:
        return None
    matching = [row for row in rows if all(abs(value - round(dev[name] * 100, 2)) < 0.006 for name, value
                                           in row[2].items() if isinstance(dev.get(name), float))]
    top = max(row[2]["score"] for row in rows)
    epoch, step, values = (matching or [row for row in rows if row[2]["score"] == top])[-1]
    return {"step": step, "epoch": epoch, "dev_score": values["score"], "last_step": rows[-1][1]}


SCORES_HEADING = "## Scores on EWT test"
RELATIONS = ("nsubj", "nsubj:pass", "obj", "iobj", "obl", "obl:agent", "ccomp", "xcomp", "advcl", "acl",
             "acl:relcl", "conj", "appos", "parataxis", "nmod")


def scores_section(meta: dict, max_steps: int | None = None) -> str:
    """The LICENSE.md section (from ``SCORES_HEADING`` on) that gives the installed model's checkpoint and its
    EWT test scores, from its meta.json; ``max_steps`` is the config's step count."""
    test, dev = meta["performance"], meta["dev_performance"]
    best = meta["training"]["best_checkpoint"] or {}
    rows = [("UAS (unlabelled attachment)", "dep_uas"), ("LAS (labelled attachment)", "dep_las"), ("UPOS", "pos_acc"),
            ("XPOS (Penn tags)", "tag_acc"), ("morphological features", "morph_acc"), ("lemma", "lemma_acc"),
            ("sentence boundaries, F", "sents_f")]
    per_type = test.get("dep_las_per_type", {})
    checkpoint = (f"step {best['step']:,} (the log's last evaluation: step {best['last_step']:,})" if best
                  else "model-best")
    lines = [SCORES_HEADING, "", "Written by `scripts/train_parser.py --install` from meta.json.", "",
             f"Checkpoint: {checkpoint}, chosen on EWT dev (dev LAS {dev.get('dep_las', 0) * 100:.1f}, "
             f"UAS {dev.get('dep_uas', 0) * 100:.1f}); needs spaCy {meta.get('spacy_version', '')}.", "",
             "| measure | score |", "|---|---|"]
    if best and max_steps and best["last_step"] < max_steps:
        lines[6:6] = [f"The run stopped at step {best['last_step']:,} of the {max_steps:,} its config set: "
                      f"`--max-steps {best['last_step']}` gives the same model.", ""]
    lines += [f"| {label} | {test[key] * 100:.1f} |" for label, key in rows if isinstance(test.get(key), float)]
    lines += ["", "LAS F by relation: " + ", ".join(f"{rel} {per_type[rel]['f']:.2f}" for rel in RELATIONS
                                                   if rel in per_type) + ".", "",
              "Scored by `spacy evaluate` on en_ewt-ud-test.conllu in documents of 10 sentences: the raw text is "
              f"tokenized by spaCy's English tokenizer (token accuracy {test.get('token_acc', 0) * 100:.1f}) and "
              "split into sentences by the parser, so the figures include those errors. The same figures are in "
              "`meta.json` under `performance`; the checkpoint's dev figures are under `dev_performance`."]
    return "\n".join(lines) + "\n"


def install(out: Path, target: Path, manifest: dict | None) -> None:
    """Copy ``out``/model-best to ``target`` with the licence, the source and the EWT test scores in its
    meta.json, keeping ``target``/LICENSE.md with its scores section rewritten. Raises SystemExit when
    model-best, test_scores.json or LICENSE.md is missing."""
    model = out / "model-best"
    scores_file = out / "test_scores.json"
    licence = target / "LICENSE.md"
    for needed in (model / "meta.json", scores_file, licence):
        if not needed.is_file():
            raise SystemExit(f"cannot install: {needed} is missing")
    test = json.loads(scores_file.read_text())
    staging = target.with_name(target.name + ".new")
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(model, staging)
    meta = json.loads((staging / "meta.json").read_text())
    meta.update({
        "name": "ud_ewt_parser",
        "version": "1.0.0",
        "description": "Tagger, morphologizer, lemmatizer and dependency parser trained from scratch with spaCy "
                       "on UD_English-EWT (train split; checkpoint chosen on its dev split), no pretrained "
                       "vectors or weights. Rebuild: python scripts/train_parser.py --ewt UD_English-EWT --install",
        "license": LICENSE,
        "url": LICENSE_URL,
        "sources": [{"name": "Universal Dependencies English Web Treebank (UD_English-EWT)", "url": EWT_URL,
                     "license": LICENSE,
                     "author": "Stanford University; texts from LDC English Web Treebank LDC2012T13"}],
        "dev_performance": meta.get("performance", {}),
        "performance": {key: value for key, value in test.items() if key != "speed"},
        "training": {"treebank": manifest, "config": "scripts/parser.cfg",
                     "best_checkpoint": best_checkpoint(out / "train.log", meta.get("performance", {})),
                     "scores": "performance: UD_English-EWT test; dev_performance: UD_English-EWT dev"},
    })
    (staging / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    # LICENSE.md is written by hand (attribution, what was changed); only its scores section is generated.
    kept = licence.read_text().split(SCORES_HEADING, 1)[0]
    steps = re.search(r"(?m)^max_steps = (\d+)$", (staging / "config.cfg").read_text())
    (staging / "LICENSE.md").write_text(kept + scores_section(meta, int(steps[1]) if steps else None))
    if target.exists():
        shutil.rmtree(target)
    staging.replace(target)
    print(f"installed {model} as {target}", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ewt", type=Path, help="UD_English-EWT checkout or git directory (to build the treebank)")
    ap.add_argument("--rev", default="HEAD", help="revision of a git directory --ewt")
    ap.add_argument("--ud", type=Path, default=ROOT / ".cache" / "ud")
    ap.add_argument("--out", type=Path, default=ROOT / ".cache" / "parser")
    ap.add_argument("--max-steps", type=int, help="override training.max_steps of scripts/parser.cfg")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--skip-train", action="store_true", help="only evaluate (and install) an existing model-best")
    ap.add_argument("--install", action="store_true", help="copy model-best to footprint/extract/parser_model/")
    args = ap.parse_args(argv)

    ud = args.ud.resolve()
    out = args.out.resolve()
    if args.ewt is not None:
        manifest = build_treebank(args.ewt.resolve(), ud, args.rev)
    elif (ud / "treebank.json").is_file():
        manifest = json.loads((ud / "treebank.json").read_text())
    else:
        manifest = None
    corpus = out / "corpus"
    if not args.skip_train:
        convert([ud / release_name("train")], corpus / "train", args.threads)
        convert([ud / release_name("dev")], corpus / "dev", args.threads)
        overrides = ["--paths.train", str(corpus / "train"), "--paths.dev", str(corpus / "dev")]
        if args.max_steps is not None:
            overrides += ["--training.max_steps", str(args.max_steps)]
        start = time.perf_counter()
        cpu0 = os.times()
        _spacy("train", str(CONFIG), "--output", str(out), *overrides, threads=args.threads,
               log=out / "train.log")
        cpu1 = os.times()
        wall = time.perf_counter() - start
        cpu = (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)
        (out / "train_time.json").write_text(json.dumps({"wall_s": round(wall, 1), "cpu_s": round(cpu, 1)}))
        print(f"training: {wall:.0f} s wall, {cpu:.0f} s CPU", flush=True)
    convert([ud / release_name("test")], corpus / "test", args.threads)
    _spacy("evaluate", str(out / "model-best"), str(corpus / "test"),
           "--output", str(out / "test_scores.json"), threads=args.threads)
    if args.install:
        install(out, MODEL_DIR, manifest)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
