"""Roles taken from the dependency parse: who sends the troops, where the event is, its date and headcount.

Every sentence here was written for these tests. The parse comes from ``footprint/extract/parser_model/``; the
tests fail, not skip, without it, since they are about what the parse adds to the rules.
"""

from __future__ import annotations

import datetime as dt

import pytest

from footprint.extract import Gazetteer, extract_claims, syntax
from footprint.extract.passes import article_views
from footprint.extract.roles import choose_actors, choose_hosts, parsed_agents, parsed_movers, parsed_places
from footprint.extract.sentences import SentenceView
from footprint.extract.triggers import Trigger


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    assert syntax.parser() is not None, "the parser model is missing: build it with scripts/train_parser.py"
    return Gazetteer.builtin()


def view_and_trigger(text: str, word: str, event: str, gazetteer: Gazetteer,
                     nominal: bool = False) -> tuple[SentenceView, Trigger, int]:
    _matching, views = article_views(text, gazetteer)
    (view,) = views
    assert view.parse is not None
    start = view.text.index(word)
    return view, Trigger(event, start, start + len(word), nominal), view.token_at(start)


# (sentence, trigger word, event, nominal, the sender the parse names, the host the parse names)
ARGUMENTS = [
    ("Kenyan soldiers have also been deployed to Somalia.", "deployed", "arrival", False, {"KEN"}, {"SOM"}),
    ("After weeks of talks with the junta, France withdrew its last soldiers from Niger.", "withdrew",
     "withdrawal_completed", False, {"FRA"}, {"NER"}),
    ("The ministry said that Rwanda had sent another battalion to Mozambique.", "sent", "arrival", False,
     {"RWA"}, {"MOZ"}),
    ("Nigeria decided in March to withdraw its troops from Mali.", "withdraw", "withdrawal_announced", False,
     {"NGA"}, {"MLI"}),
    ("The withdrawal of French troops from Mali ended on Monday.", "withdrawal", "withdrawal_completed", True,
     {"FRA"}, {"MLI"}),
    ("Germany's deployment to Niger ended in December.", "deployment", "presence", True, {"DEU"}, {"NER"}),
    ("The troops were sent by France to Gabon in 2009.", "sent", "arrival", False, {"FRA"}, {"GAB"}),
    ("Mali expelled the Danish contingent last year.", "expelled", "withdrawal_completed", False, {"DNK"}, {"MLI"}),
    ("Senegal said that Nigerian soldiers had arrived in the Gambia on Friday.", "arrived", "arrival", False,
     {"NGA"}, {"GMB"}),
    ("Burundi sent troops to Somalia, while Ethiopia pulled its forces out of Sudan.", "pulled",
     "withdrawal_completed", False, {"ETH"}, {"SDN"}),
    ("Burundi sent troops to Somalia, while Ethiopia pulled its forces out of Sudan.", "sent", "arrival", False,
     {"BDI"}, {"SOM"}),
    ("US forces left Niger in May after the junta ended the agreement with Washington.", "left",
     "withdrawal_completed", False, {"USA"}, {"NER"}),
    ("Russia's arrival in Mali followed the French exit.", "arrival", "arrival", True, {"RUS"}, {"MLI"}),
]


@pytest.mark.parametrize(("text", "word", "event", "nominal", "sender", "host"), ARGUMENTS)
def test_the_parse_names_the_triggers_sender_and_place(gazetteer, text, word, event, nominal, sender, host):
    view, trigger, token = view_and_trigger(text, word, event, gazetteer, nominal)
    assert {view.mentions[i][0].iso3 for i in parsed_agents(view, trigger, token)} == sender
    assert {view.mentions[i][0].iso3 for i in parsed_places(view, token)} == host


def test_a_place_the_trigger_leaves_is_not_where_its_troops_come_from(gazetteer):
    # "troops from Yemen" after a withdrawal word: Yemen is the place left, not the sender.
    view, trigger, token = view_and_trigger("The gradual withdrawal of troops from Yemen has begun.", "withdrawal",
                                            "withdrawal_announced", gazetteer, nominal=True)
    assert parsed_agents(view, trigger, token) == []


# (sentence, trigger word, event, the sender chosen, the host chosen): the rules alone choose otherwise.
CHOSEN = [
    # The subject of the relative clause's verb, not the nationality word nearer the start.
    ("The Burundian deployment is part of the mission, for which Kenyan soldiers have also been deployed.",
     "deployed", "arrival", ["KEN"], []),
    # A state named before a relative clause about it is the subject of the verb after the clause.
    ("Rwanda, which Congo accuses of backing the M23 rebels, has also sent troops to Mozambique.", "sent", "arrival",
     ["RWA"], ["MOZ"]),
    # The subject of a noun predicate: the state is among the contributors, not the UN mission.
    ("Ghana is among the largest troop contributors to the UN mission in South Sudan.",
     "is among the largest troop contributors", "presence", ["GHA"], ["SSD"]),
    # A participle clause after the main clause has the main clause's subject.
    ("Sweden was the second contributor to the mission in Mali, deploying alongside Norway in 2014.", "deploying",
     "arrival", ["SWE"], ["MLI"]),
    # An African state sends troops when the parse makes it the subject of the verb whose infinitive the trigger is.
    ("Nigeria decided in March to withdraw its troops from Mali.", "withdraw", "withdrawal_announced", ["NGA"],
     ["MLI"]),
]


@pytest.mark.parametrize(("text", "word", "event", "actors", "hosts"), CHOSEN)
def test_the_parse_decides_between_names(gazetteer, text, word, event, actors, hosts):
    view, trigger, token = view_and_trigger(text, word, event, gazetteer)
    chosen_hosts = [role.iso3 for role in choose_hosts(view, token)]
    chosen = [role.iso3 for role in choose_actors(view, trigger, token, chosen_hosts[0] if chosen_hosts else "")]
    assert (chosen, chosen_hosts) == (actors, hosts)
    view.parse = None  # the rules alone: what the parse changed
    rules_hosts = [role.iso3 for role in choose_hosts(view, token)]
    rules = [role.iso3 for role in choose_actors(view, trigger, token, rules_hosts[0] if rules_hosts else "")]
    assert rules != actors


def test_without_a_parse_the_rules_choose(gazetteer):
    view, trigger, token = view_and_trigger("Kenyan soldiers have also been deployed to Somalia.", "deployed",
                                            "arrival", gazetteer)
    view.parse = None
    assert parsed_agents(view, trigger, token) == [] and parsed_places(view, token) == []
    assert [role.iso3 for role in choose_actors(view, trigger, token, "SOM")] == ["KEN"]


def test_an_infinitive_under_a_verb_of_no_intent_has_no_subject_from_it(gazetteer):
    # A weak parse may hang "remain" on "left"; the French troops did not remain.
    view, _trigger, _token = view_and_trigger(
        "Two years after French troops left Mali, Wagner mercenaries remain in Timbuktu.", "remain", "presence",
        gazetteer)
    doc = view.parse
    remain = view.tokens.index("remain")
    found = syntax.doer(doc, remain)
    assert found is None or doc[found].text == "mercenaries"


def claims_with_and_without_parse(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    """(claims with the parse, claims of the rules alone) as (actor, host, event, date, personnel, site)."""

    def rows() -> list:
        return [(c.actor, c.host_country, c.event, c.date, c.personnel, c.site)
                for c in extract_claims(text, published=PUBLISHED)]

    parsed = rows()
    with monkeypatch.context() as patch:
        patch.setattr(syntax, "parse_tokens", lambda _sentences: None)
        rules = rows()
    return parsed, rules


PUBLISHED = dt.date(2024, 5, 10)

# (sentence, the claim with the parse): a date inside a relative or adverbial clause below the trigger's is that
# clause's, not the trigger's; the rules alone took it.
DATES = [
    ("French soldiers left the base that Paris had opened in 2014 in Gao, Mali.",
     ("FRA", "MLI", "withdrawal_completed", None, None, "Gao")),
    ("Ugandan troops arrived in Juba after the fighting that broke out on Sunday, officials said.",
     ("UGA", "SSD", "arrival", None, None, "Juba")),
]


@pytest.mark.parametrize(("text", "claim"), DATES)
def test_a_date_in_a_clause_nested_below_the_trigger_is_not_its_date(gazetteer, monkeypatch, text, claim):
    parsed, rules = claims_with_and_without_parse(text, monkeypatch)
    assert parsed == [claim]
    assert rules != parsed


def test_a_date_after_a_relative_aside_stays_the_triggers(gazetteer, monkeypatch):
    # The aside between commas is the relative clause; "in December", after it, dates the sending.
    parsed, _rules = claims_with_and_without_parse(
        "Britain sent 300 soldiers, who will join 14,000 peacekeepers already there, to Mali in December.", monkeypatch)
    assert parsed == [("GBR", "MLI", "arrival", "2023-12", 300, None)]


# (text, the claim): the name before a relative aside is the subject of the verb after it, however the parser
# splits the sentence at the name or hangs the verb on the aside; the rules alone find no sender.
ASIDES = [
    ("Nigeria, which lost 30 soldiers in 2020, has pulled 150 troops out of Gambia.",
     ("NGA", "GMB", "withdrawal_completed", None, 150, None)),
    ("Nigeria, which lost 30 soldiers in 2020, pulled 150 troops out of Gambia.",
     ("NGA", "GMB", "withdrawal_completed", None, 150, None)),
    ("Chad, whose army lost 100 men last year, sent 2,000 soldiers to Mali.", ("TCD", "MLI", "arrival", None, 2000,
                                                                               None)),
]


@pytest.mark.parametrize(("text", "claim"), ASIDES)
def test_the_subject_of_the_verb_after_a_relative_aside_sends_the_troops(gazetteer, monkeypatch, text, claim):
    parsed, rules = claims_with_and_without_parse(text, monkeypatch)
    assert parsed == [claim]
    assert rules == []


# (sentence, the headcount): the number of what the trigger moves, not of a "with" phrase or another clause.
COUNTS = [
    ("Burundi, with about 5,000 troops in Somalia, has withdrawn 1,000 soldiers from the country.", "withdrawn",
     1000),
    ("In a region of 40,000 inhabitants, Kenya deployed 500 soldiers to Somalia.", "deployed", 500),
    ("Rwanda deployed 1,000 soldiers and police to Mozambique, where 800 civilians have died.", "deployed", 1000),
]


@pytest.mark.parametrize(("text", "word", "count"), COUNTS)
def test_the_headcount_is_the_number_of_what_the_trigger_moves(gazetteer, text, word, count):
    view, _trigger, token = view_and_trigger(text, word, "arrival", gazetteer)
    movers = parsed_movers(view, token)
    counted = view.tokens.index(f"{count:,}")
    assert counted in movers[0]
    assert {row.personnel for row in extract_claims(text, published=PUBLISHED)} == {count}


# (text, the claims with the parse): "the country", "the government" or "it", subject of the trigger, stands for
# the state a sentence just before made its subject; never for the host.
STANDS_FOR = [
    ("Rwanda is one of the largest contributors to the UN force. The country has also deployed a further battalion "
     "in the Central African Republic.", {("RWA", "CAF", "arrival")}),
    ("Kenya signed a defence pact with Somalia last week. It has sent 400 more soldiers to Somalia.",
     {("KEN", "SOM", "arrival")}),
    # The state before is the host itself: the host's own government sends no foreign troops.
    ("Somalia asked its neighbours for help in March. The government then deployed troops to Somalia's border "
     "towns.", set()),
]


@pytest.mark.parametrize(("text", "keys"), STANDS_FOR)
def test_a_noun_standing_for_a_state_takes_the_state_named_before(gazetteer, monkeypatch, text, keys):
    parsed, rules = claims_with_and_without_parse(text, monkeypatch)
    assert {row[:3] for row in parsed} == keys
    if keys:
        assert not {row[:3] for row in rules} & keys


def test_a_handover_takes_place_at_the_base_it_hands_over(gazetteer):
    view, _trigger, token = view_and_trigger(
        "Near Gao, where fighting continues, French soldiers handed over the base of Timbuktu to the Malian army.",
        "handed", "handover", gazetteer)
    places = {view.mentions[i][0].text for i in parsed_places(view, token)}
    assert "Timbuktu" in places and "Gao" not in places


# (text, the claims with the parse): a date in a clause beside the trigger's is not its date, but the date of
# the verb of saying that reports it stays for the rules to weigh.
SIBLING_DATES = [
    ("Kenyan troops, who first entered Somalia in 2011, arrived in Baidoa on Monday.", "arrived", "2024-05-06"),
    ("This comes as Ethiopia announced on Friday that its troops will withdraw from Somalia by the end of the year.",
     "withdraw", "2024-05-10"),
]


@pytest.mark.parametrize(("text", "word", "date"), SIBLING_DATES)
def test_a_date_beside_the_triggers_clause_is_not_its_date(gazetteer, text, word, date):
    start = text.index(word)
    dated = {c.date for c in extract_claims(text, published=PUBLISHED) if c.start <= start < c.end
             and c.event != "presence"}
    assert date in dated


def test_a_nationality_word_on_no_troops_noun_is_no_sender(gazetteer):
    # "Burundian rebels" are the subject of "operate", but rebels are no state's forces.
    view, trigger, token = view_and_trigger(
        "The operation tracks Burundian rebels who operate in the border area between Burundi and Congo.", "operate",
        "presence", gazetteer)
    assert parsed_agents(view, trigger, token) == []


def test_a_place_named_as_next_to_the_troops_is_not_their_site(gazetteer, monkeypatch):
    parsed, rules = claims_with_and_without_parse(
        "Since 2011, a contingent of 180 Japanese troops has occupied a site in Djibouti, next to Camp Lemonnier, the "
        "U.S. base.", monkeypatch)
    assert {row[5] for row in parsed} == {None}
    assert {row[5] for row in rules} == {"Camp Lemonnier"}


def test_the_reporting_verbs_date_gives_way_to_the_events_own(gazetteer, monkeypatch):
    parsed, rules = claims_with_and_without_parse(
        "On Wednesday the ministry confirmed that Chadian soldiers left Mali in January.", monkeypatch)
    assert parsed == [("TCD", "MLI", "withdrawal_completed", "2024-01", None, None)]
    assert rules == [("TCD", "MLI", "withdrawal_completed", "2024-05-08", None, None)]
