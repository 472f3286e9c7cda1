"""scripts/train_parser.py and its config, without the treebank (the training itself is measured in
benchmarks/parser_feasibility.md)."""

import importlib.util
from pathlib import Path

import pytest
import spacy

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("train_parser", ROOT / "scripts" / "train_parser.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_config_trains_from_scratch_with_fixed_seed_and_bounded_steps():
    config = spacy.util.load_config(ROOT / "scripts" / "parser.cfg", interpolate=True)
    assert config["paths"]["vectors"] is None and config["paths"]["init_tok2vec"] is None
    assert config["initialize"]["vectors"] is None
    assert isinstance(config["system"]["seed"], int)
    assert config["training"]["max_steps"] > 0
    assert "parser" in config["nlp"]["pipeline"]
    # The config builds a pipeline offline: nothing in it names a package or a download.
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    assert nlp.pipe_names == config["nlp"]["pipeline"]


def test_missing_treebank_file_is_named(tmp_path):
    with pytest.raises(SystemExit, match=r"treebank file missing: .*en_ewt-ud-dev\.conllu"):
        _script().main(["--ud", str(tmp_path / "ud"), "--out", str(tmp_path / "out")])
