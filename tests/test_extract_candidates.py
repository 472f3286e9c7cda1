"""The learned claim model's candidates, its application, and the cross-validation's page handling."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from benchmarks.extract_claim_model_cv import Page, folds_of, tune_items
from benchmarks.extract_quality import ZERO as NO_SCORE
from benchmarks.extract_quality import ArticleScore, Item, QualityReport, cache_path, text_digest, tune_folds
from footprint.extract import Gazetteer, extract_claims
from footprint.extract.candidates import ClaimModel, add_rule_features, article_candidates
from footprint.extract.claims import _main_host
from footprint.extract.passes import article_views


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.builtin()


def candidates_of(text: str, gazetteer: Gazetteer):
    _matching, views = article_views(text, gazetteer)
    return article_candidates(views, _main_host(views))


def test_troops_without_an_event_word_are_a_presence_candidate(gazetteer):
    found = candidates_of("Burundian troops clashed with militants in Somalia on Sunday.", gazetteer)
    assert "implicit" in found[("BDI", "SOM", "presence")].features


def test_a_named_force_stands_for_its_state(gazetteer):
    found = candidates_of("Wagner mercenaries arrived in Bamako on Tuesday.", gazetteer)
    assert set(found) == {("RUS", "MLI", "arrival")}
    assert found[("RUS", "MLI", "arrival")].force == "Wagner Group"


def test_an_armed_group_is_never_a_candidate_actor(gazetteer):
    assert candidates_of("M23 rebels arrived in Goma in Congo on Monday.", gazetteer) == {}


def test_the_screen_verdict_is_a_feature(gazetteer):
    found = candidates_of("French troops will not withdraw from Chad, the minister said.", gazetteer)
    features = found[("FRA", "TCD", "withdrawal_announced")].features
    assert "screen=fail|withdrawal_announced" in features
    assert "modality=negated|withdrawal_announced" in features


def test_apply_adds_sure_keys_and_drops_doubted_rule_claims(gazetteer):
    text = "Burundian troops clashed with militants in Somalia on Sunday. French troops arrived in Niger on Monday."
    published = dt.date(2024, 3, 6)
    rules = extract_claims(text, published=published, rules_only=True)
    assert {(c.actor, c.host_country, c.event) for c in rules} == {("FRA", "NER", "arrival")}
    candidates = candidates_of(text, gazetteer)
    # Weights that trust trigger-less presence and doubt every key the rules claimed.
    model = ClaimModel(0.0, {"implicit": 5.0, "rule_count=1": -10.0}, add_above=0.9, drop_below=0.5)
    claims = model.apply(list(rules), candidates, text, published.isoformat())
    keys = {(c.actor, c.host_country, c.event) for c in claims}
    assert ("BDI", "SOM", "presence") in keys and ("FRA", "NER", "arrival") not in keys
    added = next(c for c in claims if (c.actor, c.host_country) == ("BDI", "SOM"))
    assert text[added.start:added.end] == added.evidence and "Burundian troops" in added.evidence
    assert added.date == "2024-03-06" and added.confidence == "low"
    # Thresholds that never act leave the rules' claims as they are.
    idle = ClaimModel(0.0, {"implicit": 5.0}, add_above=1.01, drop_below=0.0)
    assert idle.apply(list(rules), candidates, text, published.isoformat()) == rules


def test_rule_features_say_what_the_rules_claimed(gazetteer):
    text = "French troops arrived in Niger on Monday."
    candidates = candidates_of(text, gazetteer)
    add_rule_features(candidates, extract_claims(text, rules_only=True))
    assert "rule_count=1" in candidates[("FRA", "NER", "arrival")].features


def test_cross_validation_reads_the_tune_half_only(tmp_path):
    labels = []
    for name, split in (("page_a", "tune"), ("page_b", "heldout"), ("page_c", "tune")):
        url = f"https://example.org/{name}"
        text = f"French troops arrived in Niger ({name})."
        cache_path(url, tmp_path).write_text(text, encoding="utf-8")
        labels.append({"name": name, "url": url, "published": "2024-01-02", "start": 0, "end": len(text),
                       "sha256": text_digest(text), "split": split, "labels": []})
    labels_path = tmp_path / "labels.json"
    labels_path.write_text(json.dumps(labels), encoding="utf-8")
    assert [item.name for item in tune_items(labels_path, tmp_path)] == ["page_a", "page_c"]


def test_folds_hold_each_page_once():
    pages = [Page(Item(f"page_{n}", "", None, None, ()), [], {}) for n in range(23)]
    folds = folds_of(pages, 5)
    assert sorted(i for fold in folds for i in fold) == list(range(23))
    assert all(4 <= len(fold) <= 5 for fold in folds)


def test_quality_folds_hold_each_tune_page_once_whatever_else_is_added():
    def report(names):
        return QualityReport("tune", tuple(ArticleScore(n, "tune", NO_SCORE, NO_SCORE, (), ()) for n in names))

    names = [f"page_{n}" for n in range(30)]
    folds = tune_folds(report(names), 3)
    assert sorted(a.name for fold in folds for a in fold.articles) == sorted(names)
    assert all(fold.articles for fold in folds)
    grown = tune_folds(report([*names, "page_new"]), 3)
    assert [[a.name for a in fold.articles if a.name != "page_new"] for fold in grown] == \
        [[a.name for a in fold.articles] for fold in folds]
    assert tune_folds(report(names), 0) == []
