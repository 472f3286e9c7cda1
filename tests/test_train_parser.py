"""scripts/train_parser.py and scripts/parser.cfg on a small synthetic treebank laid out like UD_English-EWT
(the training itself is measured in benchmarks/parser_feasibility.md)."""

import hashlib
import importlib.util
import json
import subprocess
from pathlib import Path

import pytest
import spacy

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("train_parser", ROOT / "scripts" / "train_parser.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sentence(sent_id: str, words: list[str], inserted: dict[int, str] | None = None) -> str:
    """One CoNLL-U sentence; ``inserted`` maps a word number to a line that goes before it."""
    rows = []
    for i, word in enumerate(words, start=1):
        if inserted and i in inserted:
            rows.append(inserted[i])
        head, rel = (0, "root") if i == 1 else (1, "dep")
        rows.append(f"{i}\t{word}\t{word.lower()}\tX\tX\t_\t{head}\t{rel}\t_\t_")
    return f"# sent_id = {sent_id}\n# text = {' '.join(words)}\n" + "\n".join(rows) + "\n\n"


# Each split is two source documents; one sentence has a multiword token ("don't") and one an empty node
# ("2.1"), neither of which is a syntactic word.
SOURCES = {
    "train": {
        "weblog/a.xml.conllu": _sentence("a-1", ["Troops", "left"])
        + _sentence("a-2", ["They", "do", "n't"], {2: "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_"}),
        "email/b.xml.conllu": _sentence("b-1", ["France", "withdrew", "its", "forces"]),
    },
    "dev": {
        "answers/c.xml.conllu": _sentence("c-1", ["Soldiers", "arrived"]),
        "reviews/d.xml.conllu": _sentence("d-1", ["Good", "food"]) + _sentence("d-2", ["Go", "now", "home"]),
    },
    "test": {
        "newsgroup/e.xml.conllu": _sentence("e-1", ["Paris", "said", "so"],
                                            {3: "2.1\tsaid\tsay\tX\tX\t_\t_\t_\t_\t_"}),
        "weblog/f.xml.conllu": _sentence("f-1", ["Bases", "closed"]),
    },
}


def _expected(split: str) -> bytes:
    return "".join(SOURCES[split].values()).encode()


def _stats(sizes: dict[str, tuple[int, int]]) -> str:
    rows = "".join(f"<{split}><sentences>{s}</sentences><tokens>0</tokens><words>{w}</words></{split}>"
                   for split, (s, w) in sizes.items())
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<treebank><size>{rows}</size></treebank>\n'


SIZES = {"train": (3, 9), "dev": (3, 7), "test": (2, 5)}


def _checkout(root: Path, release: tuple[str, ...] = ("dev", "test")) -> Path:
    """A UD_English-EWT-like work tree: sources, ordered file lists, stats.xml and the release files of
    ``release``."""
    root.mkdir(parents=True)
    (root / "stats.xml").write_text(_stats(SIZES))
    for split, files in SOURCES.items():
        for name, text in files.items():
            path = root / "not-to-release" / "sources" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        lists = root / "not-to-release" / "file-lists"
        lists.mkdir(parents=True, exist_ok=True)
        (lists / f"files.{split}").write_text("".join(f"{name}\n" for name in files))
        if split in release:
            (root / f"en_ewt-ud-{split}.conllu").write_bytes(_expected(split))
    return root


def _git_dir(checkout: Path) -> Path:
    def git(*args):
        subprocess.run(["git", "-C", str(checkout), *args], check=True, capture_output=True)
    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "treebank")
    return checkout / ".git"


def test_config_trains_the_extractors_pipeline_from_scratch():
    config = spacy.util.load_config(ROOT / "scripts" / "parser.cfg", interpolate=True)
    assert config["paths"]["vectors"] is None and config["paths"]["init_tok2vec"] is None
    assert config["initialize"]["vectors"] is None
    assert isinstance(config["system"]["seed"], int) and config["training"]["max_steps"] > 0
    # What footprint/extract/syntax.py reads: tags, morphology and UPOS, lemmas, and the parse.
    assert {"tagger", "morphologizer", "trainable_lemmatizer", "parser"} <= set(config["nlp"]["pipeline"])
    weights = config["training"]["score_weights"]
    assert max(weights, key=lambda key: weights[key] or 0) == "dep_las"
    # The config builds a pipeline offline: nothing in it names a package or a download.
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    assert nlp.pipe_names == config["nlp"]["pipeline"]


def test_train_split_is_rebuilt_from_sources_and_release_files_are_checked(tmp_path):
    ud = tmp_path / "ud"
    manifest = _script().build_treebank(_checkout(tmp_path / "ewt"), ud)
    for split in ("train", "dev", "test"):
        data = (ud / f"en_ewt-ud-{split}.conllu").read_bytes()
        assert data == _expected(split)
        assert manifest[split]["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["train"]["origin"] == "rebuilt from not-to-release/sources"
    assert manifest["dev"]["origin"] == "release, equal to its sources"
    # Counted by hand from SOURCES: the multiword "don't" and the empty node "2.1" are no words.
    for split, (sentences, words) in SIZES.items():
        assert (manifest[split]["sentences"], manifest[split]["words"]) == (sentences, words)
    assert json.loads((ud / "treebank.json").read_text()) == manifest


def test_git_directory_gives_the_same_files_as_its_checkout(tmp_path):
    checkout = _checkout(tmp_path / "ewt")
    git_dir = _git_dir(checkout)
    script = _script()
    from_tree = script.build_treebank(checkout, tmp_path / "tree")
    from_git = script.build_treebank(git_dir, tmp_path / "git")
    commit = from_git.pop("commit")
    assert len(commit) == 40 and from_git == from_tree
    for split in ("train", "dev", "test"):
        assert (tmp_path / "git" / f"en_ewt-ud-{split}.conllu").read_bytes() == _expected(split)


def test_release_file_without_sources_is_used_as_it_is(tmp_path):
    checkout = _checkout(tmp_path / "ewt", release=("train", "dev", "test"))
    (checkout / "not-to-release" / "file-lists" / "files.test").unlink()
    manifest = _script().build_treebank(checkout, tmp_path / "ud")
    assert manifest["test"]["origin"] == "release"
    assert (tmp_path / "ud" / "en_ewt-ud-test.conllu").read_bytes() == _expected("test")


def test_release_file_that_differs_from_its_sources_is_refused(tmp_path):
    checkout = _checkout(tmp_path / "ewt")
    (checkout / "en_ewt-ud-dev.conllu").write_bytes(_expected("dev").replace(b"Soldiers", b"Sailors"))
    with pytest.raises(SystemExit, match=r"en_ewt-ud-dev\.conllu differs from .*files\.dev"):
        _script().build_treebank(checkout, tmp_path / "ud")


def test_a_split_whose_size_differs_from_stats_xml_is_refused(tmp_path):
    checkout = _checkout(tmp_path / "ewt")
    (checkout / "stats.xml").write_text(_stats({**SIZES, "train": (3, 10)}))
    with pytest.raises(SystemExit, match=r"en_ewt-ud-train\.conllu has 3 sentences and 9 words; stats\.xml says 3 "
                                         r"and 10"):
        _script().build_treebank(checkout, tmp_path / "ud")


def test_absent_listed_source_is_named(tmp_path):
    checkout = _checkout(tmp_path / "ewt")
    (checkout / "not-to-release" / "sources" / "email" / "b.xml.conllu").unlink()
    with pytest.raises(SystemExit, match=r"sources/email/b\.xml\.conllu, listed in files\.train, is absent"):
        _script().build_treebank(checkout, tmp_path / "ud")


def test_not_a_treebank_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(SystemExit, match=r"neither a UD_English-EWT checkout nor a git directory"):
        _script().main(["--ewt", str(tmp_path / "empty"), "--ud", str(tmp_path / "ud")])


def test_missing_treebank_file_is_named(tmp_path):
    with pytest.raises(SystemExit, match=r"treebank file missing: .*en_ewt-ud-train\.conllu"):
        _script().main(["--ud", str(tmp_path / "ud"), "--out", str(tmp_path / "out")])


LOG = """\
E    #       LOSS TOK2VEC  LOSS TAGGER  LOSS PARSER  TAG_ACC  DEP_UAS  DEP_LAS  SCORE
---  ------  ------------  -----------  -----------  -------  -------  -------  ------
  0       0          0.00       131.44       296.79    22.81    10.03     3.73    0.21
  0     500      12998.49     24245.14     62353.33    88.10    70.40    62.76    0.75
  1    1000      17371.40     10888.52     44425.27    89.99    74.40    67.39    0.78
  1    1500      21099.27      9451.76     43655.43    90.87    76.85    71.06    0.78
"""


def test_install_copies_model_best_with_licence_source_and_test_scores(tmp_path):
    script = _script()
    out = tmp_path / "out"
    out.mkdir()
    nlp = spacy.blank("en")
    # model-best's dev scores are those of step 1000, which the rounded log ties with step 1500.
    nlp.meta["performance"] = {"tag_acc": 0.8999, "dep_uas": 0.7440, "dep_las": 0.67391, "speed": 5000.0}
    nlp.to_disk(out / "model-best")
    (out / "test_scores.json").write_text(json.dumps({"dep_las": 0.8, "dep_uas": 0.85, "speed": 9000,
                                                      "dep_las_per_type": {"nsubj": {"p": 0.9, "r": 0.9, "f": 0.9}}}))
    (out / "train.log").write_text(LOG)
    target = tmp_path / "parser_model"
    target.mkdir()
    (target / "LICENSE.md").write_text("attribution\n\n## Scores on EWT test\n\nold scores\n")
    (target / "stale").write_text("from an older model")
    script.install(out, target, {"train": {"sentences": 3}})
    meta = json.loads((target / "meta.json").read_text())
    assert meta["license"] == "CC BY-SA 4.0"
    assert meta["sources"][0]["url"] == "https://github.com/UniversalDependencies/UD_English-EWT"
    assert meta["performance"] == {"dep_las": 0.8, "dep_uas": 0.85,
                                   "dep_las_per_type": {"nsubj": {"p": 0.9, "r": 0.9, "f": 0.9}}}
    assert meta["training"]["best_checkpoint"] == {"step": 1000, "epoch": 1, "dev_score": 0.78, "last_step": 1500}
    assert meta["dev_performance"]["dep_las"] == 0.67391
    assert meta["training"]["treebank"] == {"train": {"sentences": 3}}
    licence = (target / "LICENSE.md").read_text()
    # The hand-written part is kept; the scores section is rewritten from the new model's meta.json.
    assert licence.startswith("attribution\n\n## Scores on EWT test\n") and "old scores" not in licence
    assert "| LAS (labelled attachment) | 80.0 |" in licence and "LAS F by relation: nsubj 0.90." in licence
    assert "Checkpoint: step 1,000 (the log's last evaluation: step 1,500)" in licence
    # spaCy's default config runs 20,000 steps, so this log stopped early: the note says how to get the same model.
    assert "The run stopped at step 1,500 of the 20,000 its config set: `--max-steps 1500` gives the same" in licence
    assert not (target / "stale").exists()
    assert spacy.load(target).meta["license"] == "CC BY-SA 4.0"


def test_best_checkpoint_without_matching_scores_is_the_last_of_the_best(tmp_path):
    (tmp_path / "train.log").write_text(LOG)
    assert _script().best_checkpoint(tmp_path / "train.log", {"dep_las": 0.5}) == {
        "step": 1500, "epoch": 1, "dev_score": 0.78, "last_step": 1500}
    assert _script().best_checkpoint(tmp_path / "missing.log", {}) is None


def test_install_without_test_scores_or_licence_is_refused(tmp_path):
    (tmp_path / "out").mkdir()
    spacy.blank("en").to_disk(tmp_path / "out" / "model-best")
    (tmp_path / "parser_model").mkdir()
    (tmp_path / "parser_model" / "LICENSE.md").write_text("attribution\n")
    with pytest.raises(SystemExit, match=r"cannot install: .*test_scores\.json is missing"):
        _script().install(tmp_path / "out", tmp_path / "parser_model", None)
    (tmp_path / "out" / "test_scores.json").write_text("{}")
    (tmp_path / "parser_model" / "LICENSE.md").unlink()
    with pytest.raises(SystemExit, match=r"cannot install: .*parser_model/LICENSE\.md is missing"):
        _script().install(tmp_path / "out", tmp_path / "parser_model", None)
