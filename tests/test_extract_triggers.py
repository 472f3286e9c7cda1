"""Trigger families: every inflection of an event verb, and the general forms news text uses for each event."""

from __future__ import annotations

import datetime as dt

import pytest

from footprint.extract import extract_claims
from footprint.extract.classifier import lemma
from footprint.extract.triggers import verb_forms

PUBLISHED = dt.date(2024, 6, 1)


@pytest.mark.parametrize("verb", ["arrive", "land", "enter", "deploy", "send", "dispatch", "withdraw", "leave",
                                  "pull", "airlift", "ferry", "ship", "transport", "truck", "rush", "patrol",
                                  "transfer", "serve", "fly", "head", "retreat"])
def test_verb_forms_are_the_forms_the_lemma_table_knows(verb):
    forms = verb_forms(verb)
    assert forms[0] == verb and len(set(forms)) == len(forms)
    # spacy-lookups-data maps each inflected form back to the verb (the base form maps to itself)
    assert all(lemma(form) == verb for form in forms), [form for form in forms if lemma(form) != verb]


def keys(text: str) -> set[tuple[str, str, str]]:
    return {(c.actor, c.host_country, c.event) for c in extract_claims(text, published=PUBLISHED)}


@pytest.mark.parametrize(("text", "expected"), [
    # the base form of a plural subject, as headlines write it
    ("Russian troops arrive in Niger.", ("RUS", "NER", "arrival")),
    ("Rwandan troops land in Mozambique.", ("RWA", "MOZ", "arrival")),
    ("Russian instructors deploy to Niger.", ("RUS", "NER", "arrival")),
    # carried, set foot, crossed, moved there
    ("Russian soldiers set foot in Burkina Faso in January.", ("RUS", "BFA", "arrival")),
    ("Turkish troops disembarked in Mogadishu on Friday.", ("TUR", "SOM", "arrival")),
    ("Kenyan troops took up positions in Goma last week.", ("KEN", "COD", "arrival")),
    ("French troops relocated to Niger from Mali in 2022.", ("FRA", "NER", "arrival")),
    ("Ugandan soldiers poured across the border into Congo.", ("UGA", "COD", "arrival")),
    ("French paratroopers were airlifted to Mali in January 2013.", ("FRA", "MLI", "arrival")),
    # leaving, said with other verbs
    ("France pulled its troops from Mali in 2022.", ("FRA", "MLI", "withdrawal_completed")),
    ("French troops wrapped up their withdrawal from Mali on Monday.", ("FRA", "MLI", "withdrawal_completed")),
    ("The pullout of US forces from Niger ended on Sunday.", ("USA", "NER", "withdrawal_completed")),
    ("Burundian troops in Somalia are heading home.", ("BDI", "SOM", "withdrawal_announced")),
    # being there, said with a count, a copula, a host's "home to", or a lasting verb
    ("The fate of the 1,100 American troops in Niger is unclear.", ("USA", "NER", "presence")),
    ("Niger is home to about 1,000 US troops.", ("USA", "NER", "presence")),
    ("Djibouti hosts a Chinese naval base.", ("CHN", "DJI", "presence")),
    ("China's only overseas base is in Djibouti.", ("CHN", "DJI", "presence")),
    ("American troops continue to operate from the base in Agadez.", ("USA", "NER", "presence")),
    ("Rwandan soldiers have been in Mozambique since 2021.", ("RWA", "MOZ", "presence")),
    ("Chinese peacekeepers serve in South Sudan.", ("CHN", "SSD", "presence")),
    ("Wagner fighters embedded themselves within the security forces of Mali.", ("RUS", "MLI", "presence")),
    ("Tanzanian troops were part of the SADC force in Mozambique.", ("TZA", "MOZ", "presence")),
    ("Chadian troops went back home from Mali in 2021.", ("TCD", "MLI", "withdrawal_completed")),
    # a departure framed as still to come
    ("US troops are due to leave Chad this month.", ("USA", "TCD", "withdrawal_announced")),
    ("The French withdrawal from Niger is expected to be complete by December.",
     ("FRA", "NER", "withdrawal_announced")),
    # an arrival a clause takes as done: "after the arrival of"
    ("Sweden will review its UN contribution after the arrival of Russian military contractors in Mali.",
     ("RUS", "MLI", "arrival")),
    ("Allies are worried after the arrival in Mali of military contractors from the Russian Wagner group.",
     ("RUS", "MLI", "arrival")),
    ("Satellite images show the Chinese base in Djibouti has a new pier.", ("CHN", "DJI", "presence")),
    ("France keeps a 350-strong military contingent in Gabon.", ("FRA", "GAB", "presence")),
    ("Hundreds of Russian soldiers in Mali guard mines.", ("RUS", "MLI", "presence")),
    ("Russia established a military presence in Libya in 2019.", ("RUS", "LBY", "arrival")),
    ("Wagner, which has operated in Mali since 2021, was renamed.", ("RUS", "MLI", "presence")),
    ("Rwanda bolstered its presence in Mozambique with 2,000 more troops.", ("RWA", "MOZ", "presence")),
    ("Some 800 Russian paramilitaries are in Burkina Faso.", ("RUS", "BFA", "presence")),
    ("Around 1,000 Turkish soldiers are thought to be in Libya.", ("TUR", "LBY", "presence")),
    ("Russian mercenaries are believed to number about 2,000 in Libya.", ("RUS", "LBY", "presence")),
    ("American troops share Air Base 101 with Russian soldiers.", ("USA", "NER", "presence")),
    ("The UAE built a military base in Assab, Eritrea, in 2015.", ("ARE", "ERI", "arrival")),
    ("France's troops finished pulling out of Mali in August 2022.", ("FRA", "MLI", "withdrawal_completed")),
    ("French soldiers began packing up their base in Niamey.", ("FRA", "NER", "withdrawal_announced")),
    # a state that leaves or enters an African state stands for its troops
    ("France withdrew from Mali in 2022 after relations with the junta soured.",
     ("FRA", "MLI", "withdrawal_completed")),
    ("France completed its withdrawal from Mali in August 2022.", ("FRA", "MLI", "withdrawal_completed")),
    # a movement noun and what the clause says of it
    ("The withdrawal of US troops from Niger began in May.", ("USA", "NER", "withdrawal_announced")),
    ("The departure of the last French soldiers from Niger took place on December 22.",
     ("FRA", "NER", "withdrawal_completed")),
    ("France's military presence in Senegal ended in July.", ("FRA", "SEN", "withdrawal_completed")),
    ("In Niger, around 100 German soldiers are currently waiting at an air transport base.",
     ("DEU", "NER", "presence")),
    ("French troops handed the Gao camp to Malian forces.", ("FRA", "MLI", "handover")),
    ("Djibouti is host to bases of the US, France, China, Japan and Italy.", ("JPN", "DJI", "presence")),
    # mission contributors, from any state
    ("Nepalese peacekeepers are deployed in the Central African Republic.", ("NPL", "CAF", "presence")),
    ("Mongolian troops are stationed in Bentiu, South Sudan.", ("MNG", "SSD", "presence")),
    ("Uganda contributes the largest contingent to AMISOM in Somalia.", ("UGA", "SOM", "presence")),
    ("Zambian troops are among the UN peacekeepers in the Central African Republic.", ("ZMB", "CAF", "presence")),
    ("Senegalese soldiers make up a large part of the ECOWAS force in Gambia.", ("SEN", "GMB", "presence")),
])
def test_general_forms_of_each_event(text, expected):
    assert expected in keys(text)


@pytest.mark.parametrize("text", [
    "Russian troops will arrive in Niger next month.",  # still to come
    "The vacuum left by French troops in Mali was filled by Russia.",  # what remains, not who went
    "Militants killed 60 Ethiopian soldiers in an attack in Somalia.",  # casualties are no strength
    "The arrival of 300 Egyptian peacekeepers in Somalia is expected next month.",
    "The junta wants Russian instructors to deploy to Niger.",
    "The SANDF repatriated the bodies of 14 soldiers killed in Congo.",
    "Negotiations over a Russian naval base in Port Sudan have stalled.",  # a base still to come
    "The Chadian army took over the French base in Faya-Largeau.",  # a base given up
    "Kenya is considering sending troops to Congo.",
    "Ethiopia threatened to withdraw its troops from Somalia.",
    "There are no Russian troops in Burkina Faso, the government said.",
    "France withdrew from the talks on Mali.",  # no African state is left
    "The last US troops in Niger flew to Germany on Monday.",  # a landing outside Africa is no arrival
    "The plan would have seen 3,000 Turkish troops in Libya.",  # "3,000" does not cut the clause off "would"
    "If approved, the 400 Egyptian troops in Somalia would be the first.",
    "The two countries shared intelligence about the base in Agadez.",
])
def test_forms_that_assert_no_new_event(text):
    events = {key[2] for key in keys(text)}
    assert not events & {"arrival", "withdrawal_completed", "presence"}, events


def test_a_landing_at_home_is_no_arrival():
    assert keys("The soldiers landed in Paris on Friday after leaving Niger.") == {
        ("FRA", "NER", "withdrawal_completed")}


def test_a_share_of_the_force_leaving_is_a_drawdown_but_the_last_of_it_completes_the_exit():
    assert not keys("France withdrew 400 of its 1,000 troops from Chad in December.")
    assert ("RWA", "CAF", "withdrawal_completed") in keys(
        "The last 80 of the 600 Rwandan soldiers stationed in Bangui left the country on Sunday.")


@pytest.mark.parametrize(("headline", "event"), [
    ("France to withdraw troops from Niger", "withdrawal_announced"),
    ("France pulls troops out of Mali", "withdrawal_announced"),
    ("US completes withdrawal from Niger", "withdrawal_completed"),
    ("Russian soldiers deploy in Niger", "arrival"),
    ("Last French troops leave Niger", "withdrawal_completed"),
    ("Last French troops to leave Niger by December", "withdrawal_announced"),
])
def test_headline_tenses(headline, event):
    text = headline + "\n\nThe news broke on Monday."
    assert event in {c.event for c in extract_claims(text, published=PUBLISHED)}


def test_a_demand_in_the_body_is_no_headline():
    assert not keys("Protesters want France to withdraw from Mali.")


@pytest.mark.parametrize("text", [
    "France, which had troops in Mali until 2022, is now absent.",
    "Until 2022, France kept 1,500 troops in Mali.",
    "French troops were stationed in Mali until 2022.",
    "France had 1,500 troops in Mali until August 2022.",
])
def test_a_force_held_until_a_time_left_then(text):
    assert ("FRA", "MLI", "withdrawal_completed") in keys(text)


@pytest.mark.parametrize(("text", "expected"), [
    # troops landing back home end their stay in the host
    ("The last Irish soldiers stationed in Chad arrived back in Dublin on Thursday.",
     ("IRL", "TCD", "withdrawal_completed")),
    ("Belgian paratroopers returned from Mali on Tuesday.", ("BEL", "MLI", "withdrawal_completed")),
    # an exit verb in the third person, as a headline writes it
    ("Ethiopia withdraws from Somalia.", ("ETH", "SOM", "withdrawal_announced")),
    # presence without a movement verb
    ("Since 2012, a Japanese contingent has occupied a site in Djibouti.", ("JPN", "DJI", "presence")),
    ("The Chinese contingent in Mali is composed of 395 members.", ("CHN", "MLI", "presence")),
    ("France will keep its 350 soldiers in Gabon.", ("FRA", "GAB", "presence")),
    # a state's armed force by its own name
    ("About 400 Self-Defense Forces personnel are stationed in Djibouti.", ("JPN", "DJI", "presence")),
    # a sending that the perfect tells as ongoing is a presence
    ("Since then, Britain has sent troops to Kenya on a rotational basis.", ("GBR", "KEN", "presence")),
])
def test_more_forms_of_each_event(text, expected):
    assert expected in keys(text)


@pytest.mark.parametrize("text", [
    # a claim by an armed group
    ("About 400 Kenyan troops crossed into Somalia on Monday, a senior Islamist commander said."),
    ("According to the rebels, Burundian troops arrived in Uvira on Sunday."),
    # a port call
    ("Three Indian warships arrived in Maputo on Monday for a three-day goodwill visit."),
    # troops still on their way
    ("Tanzanian troops are being sent to Goma."),
    # a vote on a deployment
    ("Senegal's parliament approved a year-long deployment of 300 soldiers to Gambia."),
    ("The deployment of 300 Senegalese soldiers to Gambia was approved by parliament on Friday."),
    # a conditional exit
    ("If the talks fail, Kenyan troops will leave Somalia."),
    ("Uganda said it would withdraw its troops from Congo unless the army paid their allowances."),
    # people who are no force
    ("France ordered the departure of its diplomats from Niger."),
    # a passive "reached": an accord, not an arrival
    ("An agreement on the withdrawal of Ethiopian troops was reached in Djibouti."),
])
def test_more_forms_that_assert_no_new_event(text):
    assert keys(text) == set()


def test_troops_leaving_with_diplomats_still_leave():
    assert ("FRA", "NER", "withdrawal_completed") in keys("France withdrew its troops and diplomats from Niger in 2023.")


def test_an_armed_group_in_what_officials_said_is_no_claim_of_theirs():
    text = "French troops arrived in Gao on Monday, officials said militants had fled."
    assert keys(text) == {("FRA", "MLI", "arrival")}


def test_remain_before_an_adjective_is_no_presence():
    assert keys("Kenyan troops remained vigilant after the Somali government fell.") == set()
    assert keys("Kenyan troops remain operational in Somalia.") == {("KEN", "SOM", "presence")}
    assert ("FRA", "MLI", "presence") in keys("French troops extended their stay in Mali.")
    assert keys("Kenyan troops remained in Somalia after the government fell.") == {("KEN", "SOM", "presence")}


def test_a_past_verb_with_its_own_subject_is_a_fact_after_a_future_word():
    text = "According to an official who seeks anonymity the Ethiopian troops left Baidoa on Friday."
    assert keys(text) == {("ETH", "SOM", "withdrawal_completed")}
    assert ("ETH", "SOM", "withdrawal_announced") in keys("The official said the Ethiopian troops will leave Baidoa.")


def test_a_deployment_dated_at_once_is_the_arrival():
    text = "US special forces begin leaving the Central African Republic, where they were deployed in 2011."
    assert ("USA", "CAF", "arrival") in keys(text)


def test_an_exit_worked_towards_is_announced():
    text = "The German troops in Mali say they are racing to pull out before a UN deadline."
    assert ("DEU", "MLI", "withdrawal_announced") in keys(text)


def test_a_sending_in_the_present_progressive_is_no_arrival_yet():
    assert keys("Zimbabwe is sending a team of 304 instructors to Mozambique.") == set()
    assert ("ZWE", "MOZ", "arrival") in keys("Zimbabwe sent a team of 304 instructors to Mozambique in June.")


def test_the_stay_of_a_visit_is_no_presence():
    assert keys("During their stay in the port of Maputo, the Indian sailors will play a football match.") == set()


def test_a_relief_told_without_a_state_makes_the_one_force_a_rotation():
    text = ("China dispatches its fifth peacekeeping force to Mali.\n\n"
            "The remaining teams will depart on May 24 to relieve the fourth peacekeeping group.")
    assert keys(text) == {("CHN", "MLI", "presence")}


@pytest.mark.parametrize(("text", "expected"), [
    ("Russian mercenaries are spearheading the battle for Tripoli.", ("RUS", "LBY", "presence")),
    ("Turkish soldiers are fighting for the government in Tripoli.", ("TUR", "LBY", "presence")),
    ("Kenyan commanders reviewed the ongoing KDF operations against al-Shabaab in Lamu, Kenya, and in Gedo, "
     "Somalia.", ("KEN", "SOM", "presence")),
    ("The final batch of 120 Irish troops from the mission in Chad returned to Dublin on Friday.",
     ("IRL", "TCD", "withdrawal_completed")),
])
def test_presence_at_work_and_a_last_group_home(text, expected):
    assert expected in keys(text)


def test_joint_operations_suspended_are_no_presence():
    assert keys("Mali suspended joint French and Malian operations in June 2021.") == set()


def test_the_host_taking_over_from_a_force_is_its_handover():
    text = "Malian troops took over the Menaka base from French troops on Monday."
    assert keys(text) == {("FRA", "MLI", "handover")}
    # "taking part", "taking a beating": no handover without "over ... from" a force
    assert keys("Russian soldiers retreated to Nacala, Mozambique, after taking a beating.") == \
        {("RUS", "MOZ", "presence")}


def test_states_that_lost_soldiers_in_a_conflict_are_there():
    text = "Malawi and Tanzania have all lost soldiers in the ongoing conflict in the Democratic Republic of Congo."
    assert keys(text) == {("MWI", "COD", "presence"), ("TZA", "COD", "presence")}


def test_troops_in_a_place_told_in_a_relative_clause():
    text = "Burundian soldiers, who have been in Somalia since 2007, are leaving."
    assert ("BDI", "SOM", "presence") in keys(text)
