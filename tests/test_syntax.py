"""footprint/extract/syntax.py with the shipped parser model (footprint/extract/parser_model/): it loads with
nothing downloaded, parses the extractor's own tokens, and its helpers read clauses, subjects and assertion
from sentences written here."""

import json
import socket

import pytest

from footprint.extract import syntax
from footprint.extract.gazetteer import Gazetteer
from footprint.extract.passes import article_views


@pytest.fixture
def fresh_parser():
    syntax.parser.cache_clear()
    yield
    syntax.parser.cache_clear()


def parse(text: str):
    """The parse of ``text``, which must be one sentence to the extractor."""
    _matching, views = article_views(text, Gazetteer(()))
    (view,) = views
    assert view.parse is not None
    return view.parse


def at(doc, word: str, nth: int = 0) -> int:
    """Index of the ``nth`` token whose text is ``word``."""
    return [token.i for token in doc if token.text == word][nth]


def word(doc, index: int | None) -> str | None:
    return None if index is None else doc[index].text


def test_the_shipped_model_loads_with_the_network_shut(monkeypatch, fresh_parser):
    def refuse(*_args, **_kwargs):
        raise OSError("network use while loading the parser")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    nlp = syntax.parser()
    assert nlp is not None
    assert {"tagger", "morphologizer", "trainable_lemmatizer", "parser"} <= set(nlp.pipe_names)
    meta = json.loads((syntax.MODEL_DIR / "meta.json").read_text())
    assert meta["license"] == "CC BY-SA 4.0"
    assert "UD_English-EWT" in meta["sources"][0]["name"]
    licence = (syntax.MODEL_DIR / "LICENSE.md").read_text()
    assert "UD_English-EWT" in licence and "CC BY-SA 4.0" in licence
    (doc,) = syntax.parse_tokens([(["French", "troops", "left", "Mali", "."], [True, True, True, False, False])])
    assert [token.text for token in doc] == ["French", "troops", "left", "Mali", "."]


def test_without_the_model_there_is_no_parse(monkeypatch, tmp_path, fresh_parser):
    monkeypatch.setattr(syntax, "MODEL_DIR", tmp_path / "parser_model")
    assert syntax.parser() is None
    assert syntax.parse_tokens([(["Troops", "left"], [True, False])]) is None
    _matching, views = article_views("French troops left Mali. They went home.", Gazetteer(()))
    assert views and all(view.parse is None for view in views)


def test_the_parse_is_on_the_extractors_own_tokens():
    text = ("BAMAKO, Mali (Reuters) - The U.S. military said on Monday it had withdrawn about 1,100 troops from "
            "Niger's Air Base 101 — \"we don't plan to return,\" an official said.\n\n"
            "France’s last 1 200 soldiers left Gao on 15 Aug. 2022, ending a nine-year mission.\n"
            "Russia's Africa Corps (formerly Wagner) arrived days later.")
    _matching, views = article_views(text, Gazetteer(()))
    assert len(views) >= 3
    for view in views:
        doc = view.parse
        assert [token.text for token in doc] == view.tokens
        assert [bool(token.whitespace_) for token in doc] == view.spaces()
        assert all(0 <= token.head.i < len(doc) and token.dep_ and token.tag_ for token in doc)
    # The parse carries the grammar the extractor asks for: lemmas and tense on its own tokens.
    withdrawn = next(token for view in views for token in view.parse if token.text == "withdrawn")
    assert withdrawn.lemma_ == "withdraw" and withdrawn.morph.get("VerbForm") == ["Part"]


def test_subject_of_an_active_clause_and_its_object():
    doc = parse("France withdrew its troops from Mali in 2022.")
    verb = at(doc, "withdrew")
    assert syntax.clause_head(doc, at(doc, "troops")) == verb
    assert word(doc, syntax.subject(doc, verb)) == "France"
    assert [doc[i].text for i in syntax.objects(doc, verb)] == ["troops"]
    assert ("in", at(doc, "2022")) in syntax.obliques(doc, verb)


def test_subject_of_a_passive_clause_and_its_agent():
    doc = parse("About 300 soldiers were deployed to Niger by Germany.")
    verb = at(doc, "deployed")
    assert word(doc, syntax.subject(doc, verb)) == "soldiers"
    assert doc[syntax.subject(doc, verb)].dep_ == "nsubj:pass"
    assert {("to", at(doc, "Niger")), ("by", at(doc, "Germany"))} <= set(syntax.obliques(doc, verb))


def test_subject_of_an_infinitive_is_the_controlling_subject():
    doc = parse("France decided to withdraw its troops.")
    assert word(doc, syntax.subject(doc, at(doc, "withdraw"))) == "France"
    assert word(doc, syntax.intention(doc, at(doc, "withdraw"))) == "decided"


@pytest.mark.parametrize("text, verb, noun", [
    ("Troops who arrived in May left Gao.", "arrived", "Troops"),
    ("Soldiers deployed in Mali returned home.", "deployed", "Soldiers"),
])
def test_subject_of_a_relative_or_participle_clause_is_the_noun_it_describes(text, verb, noun):
    doc = parse(text)
    assert word(doc, syntax.subject(doc, at(doc, verb))) == noun


def test_reported_speech_with_the_verb_of_saying_first_governs_the_clause():
    doc = parse("Turkey said on Monday that its soldiers had arrived in Tripoli.")
    arrived, said = at(doc, "arrived"), at(doc, "said")
    assert word(doc, syntax.subject(doc, arrived)) == "soldiers"
    assert next(iter(syntax.governors(doc, arrived)))[1] == said


def test_reported_speech_with_the_verb_of_saying_last_keeps_the_subject():
    doc = parse("The troops will leave Mali next year, the minister said.")
    assert word(doc, syntax.subject(doc, at(doc, "leave"))) == "troops"


def test_a_clause_the_writer_asserts_has_no_modal_or_intention():
    doc = parse("French troops left the base in Gao on Friday.")
    verb = at(doc, "left")
    assert syntax.modal(doc, verb) is None
    assert syntax.intention(doc, verb) is None


@pytest.mark.parametrize("text, verb, expected", [
    ("France could close its base in Abidjan.", "close", "could"),
    ("Russia will send more instructors to Mali.", "send", "will"),
    ("Britain is going to send more troops to Estonia.", "send", "going to"),
])
def test_modal(text, verb, expected):
    doc = parse(text)
    assert syntax.modal(doc, at(doc, verb)) == expected


@pytest.mark.parametrize("text, verb, intending", [
    ("Germany intends to send 300 soldiers to Lithuania.", "send", "intends"),
    ("Chad agreed to withdraw its soldiers from the border.", "withdraw", "agreed"),
])
def test_intention(text, verb, intending):
    doc = parse(text)
    assert word(doc, syntax.intention(doc, at(doc, verb))) == intending


def test_subtree_of_a_subject_takes_its_relative_clause():
    doc = parse("Soldiers who arrived in March left Gao.")
    assert list(syntax.subtree(doc, at(doc, "Soldiers"))) == list(range(at(doc, "Soldiers"), at(doc, "March") + 1))
