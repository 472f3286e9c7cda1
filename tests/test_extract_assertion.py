"""Assertion and event type: whether a clause asserts a movement, and which, read from its grammar.

Each sentence runs twice: with the dependency parse (``footprint.extract.syntax``) and with the rules alone, as
when the parser model is absent; both readings must agree on the claims.
"""

from __future__ import annotations

import datetime as dt

import pytest

from footprint.extract import extract_claims, syntax

PUBLISHED = dt.date(2024, 6, 1)


@pytest.fixture(params=["parse", "rules"])
def reading(request, monkeypatch):
    if request.param == "rules":
        monkeypatch.setattr(syntax, "parse_tokens", lambda sentences: None)
    return request.param


def keys(text: str) -> set[tuple[str, str, str]]:
    return {(c.actor, c.host_country, c.event) for c in extract_claims(text, published=PUBLISHED)}


@pytest.mark.parametrize(("text", "expected"), [
    # a past event in a time clause is given, whatever the main clause supposes
    ("If the toll is confirmed, it would be the worst loss for Kenyan troops since they entered Somalia in 2011.",
     {("KEN", "SOM", "arrival")}),
    ("The junta could lose its grip on the north, analysts say, as it did after the French troops left Mali in 2022.",
     {("FRA", "MLI", "withdrawal_completed")}),
    # ... but a time clause about what is still to come asserts nothing
    ("Kenyan troops would only leave Somalia after the new force arrives.", set()),
    ("The Ugandan contingent will hand over its camp once the Burundian battalion arrives in Somalia.",
     {("UGA", "SOM", "withdrawal_announced"), ("UGA", "SOM", "presence")}),
    # who reports it: officials before the clause frame it, they do not move; an armed group's word is no fact
    ("Officials said Rwandan troops arrived in Pemba, Mozambique, on Friday.", {("RWA", "MOZ", "arrival")}),
    ("A senior official said on Monday that Kenyan soldiers had crossed into Somalia.", {("KEN", "SOM", "arrival")}),
    ("A Kenyan military delegation arrived in Mogadishu, Somalia, for talks.", set()),
    ("Ugandan troops entered Bunia, Congo, overnight, rebels claimed.", set()),
    ("Ugandan troops entered Bunia, Congo, where rebels said they had seized the airport.",
     {("UGA", "COD", "arrival")}),
    # completed with its object inside: "finished pulling its troops out"
    ("Uganda finished pulling its troops out of Somalia in May.", {("UGA", "SOM", "withdrawal_completed")}),
    # what is due, warned against or opposed has not happened
    ("Egyptian troops are due to arrive in Somalia in January.", set()),
    ("The flight was cancelled due to the storm, and Egyptian troops arrived in Somalia by road.",
     {("EGY", "SOM", "arrival")}),
    ("Ethiopia warned Egypt against deploying troops to Somalia.", set()),
    ("The parliament in Mogadishu opposed sending Somali troops to Ethiopia.", set()),
    ("Thousands in Bamako protested against the presence of French troops in Mali.", {("FRA", "MLI", "presence")}),
    # ending a presence: done, or under way
    ("France has ended its military presence in Niger.", {("FRA", "NER", "withdrawal_completed")}),
    ("France is ending its military presence in Niger.", {("FRA", "NER", "withdrawal_announced")}),
    # a question asserts nothing; a deployment prolonged is there now
    ("Will France pull its troops out of Chad?", set()),
    ("Have Russian troops landed in Niamey, Niger?", set()),
    ("Turkey's parliament voted to extend the deployment of Turkish troops in Libya.", {("TUR", "LBY", "presence")}),
    # a base opened is the force's arrival, whether the state or the base is the subject
    ("China opened its first overseas base in Djibouti in 2017.", {("CHN", "DJI", "arrival")}),
    ("The Chinese navy's base in Djibouti opened in 2017.", {("CHN", "DJI", "arrival")}),
    # reported speech shifts the tense back: "were in" under "said" is a presence, unless the stay ended
    ("Moscow acknowledged that Russian instructors were in Mali.", {("RUS", "MLI", "presence")}),
    ("Officials said the Kenyan soldiers were still in Kismayo, Somalia.", {("KEN", "SOM", "presence")}),
    ("The minister said French troops were in Gao, Mali, until 2022.", set()),
    # troops sent and kept there since: the arrival and the presence
    ("Kenya sent troops to Somalia in 2011 and has kept them there since.",
     {("KEN", "SOM", "arrival"), ("KEN", "SOM", "presence")}),
    # a call for a pullout is the host's demand when its government makes it; protesters' is no claim
    ("The junta in Niamey called for the departure of French troops from Niger.",
     {("FRA", "NER", "withdrawal_announced"), ("FRA", "NER", "presence")}),
    ("Civil society groups called for the departure of French troops from Niger.", set()),
    # ... and a third state's or body's demand announces nothing of the sender's
    ("The United States called for the withdrawal of Rwandan troops from Congo.", set()),
    ("The US demanded the withdrawal of Rwandan troops from Congo.", set()),
    ("The UN Security Council called for the withdrawal of Rwandan troops from Congo.", set()),
    ("Congo's government called for the withdrawal of Rwandan troops.",
     {("RWA", "COD", "withdrawal_announced"), ("RWA", "COD", "presence")}),
    # handing control of a base is a handover; to come, it announces the pullout
    ("French forces handed control of the Gao camp to the Malian army on Monday.", {("FRA", "MLI", "handover")}),
    ("French forces will hand control of the Gao camp to the Malian army.",
     {("FRA", "MLI", "withdrawal_announced"), ("FRA", "MLI", "presence")}),
    # an intervention launched in a state is the force's arrival; one that could be launched is not
    ("In 2013, France launched a military intervention in Mali.", {("FRA", "MLI", "arrival")}),
    ("France could launch a military intervention in Niger.", set()),
    # troops out of a state have left it; out of anything else they have not
    ("Kenyan soldiers are now out of Somalia.", {("KEN", "SOM", "withdrawal_completed")}),
    ("Kenyan troops are out of ammunition in Somalia.", set()),
    # what is mulled, weighed or floated has not happened
    ("Russia mulls sending troops to Niger", set()),
    ("Moscow has floated sending more Russian instructors to Niger.", set()),
    # a force's strength with a plural verb
    ("Ethiopia's troops in Somalia number about 3,000.", {("ETH", "SOM", "presence")}),
    # a modal or a negation kept from the verb by an aside
    ("Russian troops could, according to diplomats, arrive in Niger next week.", set()),
    ("In May, the month the junta took power, Russian troops arrived in Niger.", {("RUS", "NER", "arrival")}),
    # word of a movement called false is denied; confirmed, it stands
    ("It is untrue that Turkish troops entered Tripoli, Libya, last week.", set()),
    ("Reports that Turkish troops entered Tripoli, Libya, are baseless, Ankara said.", set()),
    ("Reports that Turkish troops entered Tripoli, Libya, were confirmed by Ankara.", {("TUR", "LBY", "arrival")}),
    # movers quantified by "no" are denied; the pullout a time phrase names is not
    ("The minister said no Chadian troops have been deployed to Diffa, Niger.", set()),
    ("After the withdrawal of French troops from Gao, Mali, in 2022, no foreign soldiers remained there.",
     {("FRA", "MLI", "withdrawal_completed")}),
    # an expulsion needs a force for its object
    ("The junta expelled French troops from Niger in 2023.", {("FRA", "NER", "withdrawal_completed")}),
    ("After the coup the Nigerien junta expelled the opposition leaders, and French troops stayed in their bases.",
     {("FRA", "NER", "presence")}),
    ("The Malian authorities expelled several journalists working for French media.", set()),
    # a place that a state's name qualifies is no state: "the US Embassy in Juba" is in South Sudan
    ("About 50 American marines were flown to the US Embassy in Juba on Sunday.", {("USA", "SSD", "arrival")}),
    ("The French soldiers were sent to the French Embassy in Bangui to guard it.", {("FRA", "CAF", "arrival")}),
    # troops flown back to their own state land at home: that is no arrival in it
    ("The army said 120 Egyptian soldiers were airlifted back to Egypt after weeks held in Sudan.", set()),
    ("Some 90 Ugandan soldiers were flown back to Uganda from their camp in Somalia on Friday.", set()),
    ("The Irish soldiers landed at Dublin airport after six months in Chad.", {("IRL", "TCD", "withdrawal_completed")}),
    ("The Irish soldiers landed at Abeche airport in eastern Chad after a long flight.", {("IRL", "TCD", "arrival")}),
    ("The last French soldiers from Niger landed in France on Friday.", {("FRA", "NER", "withdrawal_completed")}),
    ("French troops from Niger arrived in Haiti for a UN mission.", set()),
    # ... while troops sent back into the host arrive there again
    ("Dozens of American troops have redeployed back into Somalia since May.", {("USA", "SOM", "arrival")}),
    # a partial-pullout word inside a name ("Temporary Operating Base") says nothing of the pullout
    ("The last Chadian troops stationed at the Temporary Operating Base in Gao, Mali, left on Monday.",
     {("TCD", "MLI", "withdrawal_completed")}),
    ("Chad temporarily withdrew its troops from Gao, Mali, on Monday.", set()),
    # a share of the force, or a pullout still under way, is no completed withdrawal
    ("Uganda has withdrawn 300 of its soldiers from Somalia.", set()),
    ("About 900 Burundian peacekeepers have so far left Somalia.", set()),
    ("Uganda has withdrawn all 300 of its soldiers from Somalia.", {("UGA", "SOM", "withdrawal_completed")}),
    # a trend over time is no deployment; a reinforcement is
    ("Chinese, Indian and French navies are deploying more warships than ever before off Somalia.", set()),
    ("Russia sent 300 more instructors to Mali on Monday.", {("RUS", "MLI", "arrival")}),
    # a movement in progress is an arrival, not a presence; carrying troops there is one too
    ("Rwandan troops are currently deploying in northern Mozambique.", {("RWA", "MOZ", "arrival")}),
    ("Rwandan troops are currently stationed in northern Mozambique.", {("RWA", "MOZ", "presence")}),
    ("Two Turkish transport planes delivered troops and armoured vehicles to Mogadishu on Tuesday.",
     {("TUR", "SOM", "arrival")}),
    ("The training course in Baidoa, Somalia, was delivered by British Army personnel.", set()),
    # an arrival that ends a move inside the host is the force being at its new place
    ("A column of 200 Chadian soldiers left their camp in Tessalit and reached Gao, Mali, on Sunday.",
     {("TCD", "MLI", "withdrawal_completed"), ("TCD", "MLI", "presence")}),
    ("The French battalion left Mali and arrived in Niger in August 2022.",
     {("FRA", "MLI", "withdrawal_completed"), ("FRA", "NER", "arrival")}),
])
def test_the_clause_decides_what_is_asserted(reading, text, expected):
    assert keys(text) == expected


def parsed(rows: list[tuple[str, str, str, str, int]]):
    """A parse built by hand, one (word, coarse tag, fine tag, relation, head index) per token, so that the
    grammar helpers are tested without the trained model. Morphology: Tense=Past for the fine tags VBD/VBN."""
    import spacy
    from spacy.tokens import Doc

    words = [row[0] for row in rows]
    return Doc(spacy.blank("en").vocab, words=words, pos=[row[1] for row in rows], tags=[row[2] for row in rows],
               deps=[row[3] for row in rows], heads=[row[4] for row in rows],
               morphs=["Tense=Past" if row[2] in ("VBD", "VBN") else "" for row in rows])


# "it would be the worst loss since they crossed into Somalia"
SINCE_CROSSED = [("it", "PRON", "PRP", "nsubj", 4), ("would", "AUX", "MD", "aux", 4), ("be", "AUX", "VB", "cop", 4),
                 ("the", "DET", "DT", "det", 4), ("loss", "NOUN", "NN", "ROOT", 4), ("since", "SCONJ", "IN", "mark", 7),
                 ("they", "PRON", "PRP", "nsubj", 7), ("crossed", "VERB", "VBD", "advcl", 4),
                 ("into", "ADP", "IN", "case", 9), ("Somalia", "PROPN", "NNP", "obl", 7)]
# "they will leave once the force arrives"
ONCE_ARRIVES = [("they", "PRON", "PRP", "nsubj", 2), ("will", "AUX", "MD", "aux", 2), ("leave", "VERB", "VB", "ROOT", 2),
                ("once", "SCONJ", "IN", "mark", 6), ("the", "DET", "DT", "det", 5), ("force", "NOUN", "NN", "nsubj", 6),
                ("arrives", "VERB", "VBZ", "advcl", 2)]
# "they will leave once the force has arrived"
ONCE_HAVE_ARRIVED = [("they", "PRON", "PRP", "nsubj", 2), ("will", "AUX", "MD", "aux", 2),
                     ("leave", "VERB", "VB", "ROOT", 2), ("once", "SCONJ", "IN", "mark", 7),
                     ("the", "DET", "DT", "det", 5), ("force", "NOUN", "NN", "nsubj", 7),
                     ("has", "AUX", "VBZ", "aux", 7), ("arrived", "VERB", "VBN", "advcl", 2)]
# "France does not, for now, plan to withdraw"
NOT_PLAN = [("France", "PROPN", "NNP", "nsubj", 5), ("does", "AUX", "VBZ", "aux", 5), ("not", "PART", "RB", "advmod", 5),
            (",", "PUNCT", ",", "punct", 4), ("now", "ADV", "RB", "obl", 5), ("plan", "VERB", "VB", "ROOT", 5),
            ("to", "PART", "TO", "mark", 7), ("withdraw", "VERB", "VB", "xcomp", 5)]
# "it is not known how many troops redeployed"
NOT_KNOWN_HOW = [("it", "PRON", "PRP", "nsubj", 3), ("is", "AUX", "VBZ", "aux", 3), ("not", "PART", "RB", "advmod", 3),
                 ("known", "VERB", "VBN", "ROOT", 3), ("how", "ADV", "WRB", "advmod", 5),
                 ("many", "ADJ", "JJ", "amod", 6), ("troops", "NOUN", "NNS", "nsubj", 7),
                 ("redeployed", "VERB", "VBD", "ccomp", 3)]
# "no troops have been deployed"
NO_TROOPS = [("no", "DET", "DT", "det", 1), ("troops", "NOUN", "NNS", "nsubj", 4), ("have", "AUX", "VBP", "aux", 4),
             ("been", "AUX", "VBN", "aux", 4), ("deployed", "VERB", "VBN", "ROOT", 4)]
# "the withdrawal will have no impact"
NO_IMPACT = [("the", "DET", "DT", "det", 1), ("withdrawal", "NOUN", "NN", "nsubj", 3), ("will", "AUX", "MD", "aux", 3),
             ("have", "VERB", "VB", "ROOT", 3), ("no", "DET", "DT", "det", 5), ("impact", "NOUN", "NN", "obj", 3)]
# "the pullout, expected next year, worries Mogadishu"
PULLOUT_EXPECTED = [("the", "DET", "DT", "det", 1), ("pullout", "NOUN", "NN", "nsubj", 7), (",", "PUNCT", ",", "punct", 3),
                    ("expected", "VERB", "VBN", "acl", 1), ("next", "ADJ", "JJ", "amod", 5),
                    ("year", "NOUN", "NN", "obl", 3), (",", "PUNCT", ",", "punct", 3),
                    ("worries", "VERB", "VBZ", "ROOT", 7), ("Mogadishu", "PROPN", "NNP", "obj", 7)]
# "the pullout ended last year"
PULLOUT_ENDED = [("the", "DET", "DT", "det", 1), ("pullout", "NOUN", "NN", "nsubj", 2), ("ended", "VERB", "VBD", "ROOT", 2),
                 ("last", "ADJ", "JJ", "amod", 4), ("year", "NOUN", "NN", "obl", 2)]
# "Paris intends, once the vote is over, to withdraw"
INTENDS = [("Paris", "PROPN", "NNP", "nsubj", 1), ("intends", "VERB", "VBZ", "ROOT", 1), (",", "PUNCT", ",", "punct", 6),
           ("once", "SCONJ", "IN", "mark", 6), ("the", "DET", "DT", "det", 5), ("vote", "NOUN", "NN", "nsubj", 6),
           ("over", "ADV", "RB", "advcl", 1), (",", "PUNCT", ",", "punct", 6), ("to", "PART", "TO", "mark", 9),
           ("withdraw", "VERB", "VB", "xcomp", 1)]
# "it complies with the decisions to withdraw"
DECISIONS = [("it", "PRON", "PRP", "nsubj", 1), ("complies", "VERB", "VBZ", "ROOT", 1), ("with", "ADP", "IN", "case", 4),
             ("the", "DET", "DT", "det", 4), ("decisions", "NOUN", "NNS", "obl", 1), ("to", "PART", "TO", "mark", 6),
             ("withdraw", "VERB", "VB", "acl", 4)]
# "protesters want France to withdraw"
PROTESTERS_WANT = [("protesters", "NOUN", "NNS", "nsubj", 1), ("want", "VERB", "VBP", "ROOT", 1),
                   ("France", "PROPN", "NNP", "obj", 1), ("to", "PART", "TO", "mark", 4),
                   ("withdraw", "VERB", "VB", "xcomp", 1)]
# "the junta expelled the opposition and troops stayed"
EXPELLED = [("the", "DET", "DT", "det", 1), ("junta", "NOUN", "NN", "nsubj", 2), ("expelled", "VERB", "VBD", "ROOT", 2),
            ("the", "DET", "DT", "det", 4), ("opposition", "NOUN", "NN", "obj", 2), ("and", "CCONJ", "CC", "cc", 6),
            ("troops", "NOUN", "NNS", "conj", 4), ("stayed", "VERB", "VBD", "conj", 2)]


@pytest.mark.parametrize(("rows", "index", "helper", "expected"), [
    (SINCE_CROSSED, 7, "time_clause_mark", "since"),
    (SINCE_CROSSED, 7, "presupposed", True),
    (SINCE_CROSSED, 4, "presupposed", False),  # the main clause is no time clause
    (ONCE_ARRIVES, 6, "time_clause_mark", "once"),
    (ONCE_ARRIVES, 6, "presupposed", False),  # present tense: still to come
    (ONCE_HAVE_ARRIVED, 7, "time_clause_mark", "once"),
    (ONCE_HAVE_ARRIVED, 7, "presupposed", False),  # a perfect under "will": still to come
    (NOT_PLAN, 7, "negated_verb", True),  # "not" on the verb whose complement the trigger is
    (NOT_KNOWN_HOW, 7, "negated_verb", False),  # an indirect wh-question: that some redeployed is given
    (NO_IMPACT, 1, "negated_verb", False),  # a noun is not read this way
    (NO_TROOPS, 4, "subject_denied", True),
    (NO_TROOPS, 2, "subject_denied", True),  # from the auxiliary that opens the trigger
    (NO_IMPACT, 1, "subject_denied", False),  # the noun is the subject; what it has is denied, not it
    (PULLOUT_EXPECTED, 1, "framed_as_announced", True),
    (PULLOUT_ENDED, 1, "framed_as_announced", False),
    (INTENDS, 9, "framed_as_announced", True),
    (DECISIONS, 6, "framed_as_announced", False),
    (PROTESTERS_WANT, 4, "framed_as_announced", False),  # others' wish is left to the rules' demand screen
])
def test_grammar_helpers_read_the_clause(rows, index, helper, expected):
    assert getattr(syntax, helper)(parsed(rows), index) == expected


def test_an_objects_phrase_stops_at_what_is_coordinated_with_it():
    doc = parsed(EXPELLED)
    assert syntax.direct_object(doc, 2) == 4
    assert syntax.tokens_in(doc, syntax.noun_phrase(doc, 4)) == "the opposition"
