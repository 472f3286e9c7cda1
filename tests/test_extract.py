"""The news claim extractor: dates, numbers, actors, places, traps, the seed article and the dev-set score."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest

from footprint.dataset import load_dataset
from footprint.extract import (
    Claim,
    Gazetteer,
    extract_claims,
    find_dates,
    find_headcounts,
    number_value,
    parse_article,
    published_from_url,
)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_0da0d9e10c6fc568.txt"
SEED_PUBLISHED = dt.date(2024, 5, 3)
TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"


@functools.cache
def _benchmark():
    """benchmarks/extract_quality.py, which is a script rather than a package module."""
    spec = importlib.util.spec_from_file_location("extract_quality", ROOT / "benchmarks" / "extract_quality.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file executes
    spec.loader.exec_module(module)
    return module


def claims_of(text: str, published: dt.date | None = SEED_PUBLISHED, **kwargs) -> list[Claim]:
    return extract_claims(text, published=published, **kwargs)


def keys(claims: list[Claim]) -> set[tuple[str, str, str]]:
    return {(c.actor, c.host_country, c.event) for c in claims}


# --- Dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "published", "value", "precision"),
    [
        ("They arrived in Niger last month.", dt.date(2024, 5, 3), "2024-04", "month"),
        ("The junta said in March it was ending the accord.", dt.date(2024, 5, 3), "2024-03", "month"),
        ("The junta said in March it was ending the accord.", dt.date(2024, 2, 10), "2023-03", "month"),
        ("The junta, which seized power last July, spoke.", dt.date(2024, 5, 3), "2023-07", "month"),
        ("The troops left on Sunday.", dt.date(2024, 7, 7), "2024-07-07", "day"),
        ("The troops left on Sunday.", dt.date(2024, 7, 9), "2024-07-07", "day"),
        ("The base was handed over on Thursday.", dt.date(2024, 5, 3), "2024-05-02", "day"),
        ("The first base was returned on December 26.", dt.date(2025, 1, 30), "2024-12-26", "day"),
        ("The first base was returned on December 26.", dt.date(2024, 12, 27), "2024-12-26", "day"),
        ("They left on 22 December 2023.", None, "2023-12-22", "day"),
        ("They left on Dec. 22, 2023.", None, "2023-12-22", "day"),
        ("Troops arrived in January 2024.", None, "2024-01", "month"),
        ("France expelled them in early 2023.", None, "2023", "year"),
        ("Prior to the 2023 coup, Niger hosted them.", None, "2023", "year"),
        ("The statement was issued yesterday.", dt.date(2024, 8, 5), "2024-08-04", "day"),
        ("The decision was taken last year.", dt.date(2024, 8, 5), "2023", "year"),
        ("Soldiers left earlier this month.", dt.date(2024, 8, 5), "2024-08", "month"),
        ("The deal was signed 2024-03-16.", None, "2024-03-16", "day"),
    ],
)
def test_date_phrases_resolve_against_the_publication_date(sentence, published, value, precision):
    dates = find_dates(sentence, published)
    assert [(d.value, d.precision) for d in dates] == [(value, precision)]


@pytest.mark.parametrize(
    ("sentence", "published"),
    [
        ("They may leave soon.", dt.date(2024, 5, 3)),  # the modal, not the month
        ("They arrived last month.", None),  # relative dates need a publication date
        ("They spent $2023 on fuel.", None),
        ("About 2000 troops remain.", None),  # a headcount, not a year
    ],
)
def test_non_dates_are_not_read_as_dates(sentence, published):
    assert find_dates(sentence, published) == []


@pytest.mark.parametrize(
    ("sentence", "deadline", "future"),
    [
        ("Troops have until September 15 to leave.", True, True),
        ("The army set January 31 as the deadline for departure.", True, False),
        ("They will leave next month.", False, True),
        ("They left in March.", False, False),
    ],
)
def test_deadlines_and_future_dates_are_flagged(sentence, deadline, future):
    (date,) = find_dates(sentence, dt.date(2024, 5, 3))
    assert (date.deadline, date.future) == (deadline, future)


# --- Numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,000", 1000), ("1.4 thousand", 1400), ("a hundred", 100), ("two dozen", 24), ("350", 350),
     ("twenty", 20), ("five hundred", 500)],
)
def test_number_words(text, value):
    assert number_value(text) == value


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("Niger told the US to withdraw its nearly 1,000 military personnel.", 1000),
        ("About 1,500 French troops were there.", 1500),
        ("Some 100 Russian soldiers landed.", 100),
        ("A hundred Russian instructors arrived.", 100),
        ("Niger was housing a $100 million American drone base and roughly 1,000 US troops.", 1000),
        ("Rwanda sent a 1,000-strong joint force.", 1000),
        ("A contingent of 100 servicemen flew in.", 100),
        ("Between 100 and 200 Russians arrived.", 200),
        ("Roughly two dozen US soldiers are still in Niger.", 24),
    ],
)
def test_approximate_headcounts(sentence, value):
    assert [count.value for count in find_headcounts(sentence)] == [value]


@pytest.mark.parametrize(
    "sentence",
    [
        "The base can house 10,000 troops.",
        "The facility has the capacity for 1,500 soldiers.",
        "The project cost $100 million.",
    ],
)
def test_capacities_and_money_are_not_headcounts(sentence):
    assert find_headcounts(sentence) == []


# --- Actors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "actor", "force"),
    [
        ("Russian military instructors arrived in Niger last month.", "RUS", None),
        ("Washington has agreed to withdraw its troops from Niger.", "USA", None),
        ("The Pentagon said US forces left Air Base 101 in Niger on Sunday.", "USA", None),
        ("The Kremlin has sent military instructors to Mali.", "RUS", None),
        ("Moscow deployed 100 soldiers to Burkina Faso on Wednesday.", "RUS", None),
        ("Paris has withdrawn its last soldiers from Niger.", "FRA", None),
        ("The Elysee said French troops left Chad on Thursday.", "FRA", None),
        ("Wagner Group fighters arrived in Mali in December 2021.", "RUS", "Wagner Group"),
        ("The Africa Corps said its contingent would remain in Mali.", "RUS", "Africa Corps"),
        ("The last Barkhane soldiers left Mali on August 15, 2022.", "FRA", "Barkhane"),
        ("Task Force Sabre ended its operations in Burkina Faso on Saturday.", "FRA", "Sabre"),
        ("MISIN keeps 350 soldiers in Niger.", "ITA", "MISIN"),
        ("Rwandan troops arrived in Mozambique on Friday.", "RWA", None),
        ("Ugandan soldiers entered the Congolese city of Bunia on Tuesday.", "UGA", None),
        ("Chadian soldiers arrived in Mali in 2013.", "TCD", None),
        ("Burundian troops have been stationed in Somalia since 2007.", "BDI", None),
    ],
)
def test_actors_states_metonyms_demonyms_and_forces(sentence, actor, force):
    claims = claims_of(sentence)
    assert claims, sentence
    assert claims[0].actor == actor
    assert claims[0].force == force


def test_the_junta_ends_an_agreement_with_a_metonym():
    text = "Niger's junta said in March it was ending a military cooperation agreement with Washington."
    (claim,) = claims_of(text)
    assert (claim.actor, claim.host_country, claim.event, claim.date) == ("USA", "NER", "agreement_ended", "2024-03")


def test_the_junta_refers_to_the_host_named_earlier():
    text = "Chad has been a key French partner.\nThe junta tore up its defence pact with Paris last November."
    assert keys(claims_of(text, dt.date(2025, 1, 30))) == {("FRA", "TCD", "agreement_ended")}


def test_coordinated_actors_each_get_a_claim():
    text = "French, American and Japanese forces already have a presence in Djibouti."
    assert {c.actor for c in claims_of(text)} == {"FRA", "USA", "JPN"}


def test_coordinated_hosts_each_get_a_claim():
    text = "France's forces were pushed out of Mali, Burkina Faso and Niger."
    assert {c.host_country for c in claims_of(text)} == {"MLI", "BFA", "NER"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Niger faces violence by Boko Haram jihadists and militants from the Islamic State West Africa Province.",
        "ISWAP fighters arrived in Diffa last month.",
        "JNIM militants entered the town of Djibo on Sunday.",
        "Al-Shabaab fighters have been stationed near Mogadishu since 2020.",
        "Islamic State militants left the town of Palma last week.",
    ],
)
def test_armed_groups_are_never_actors(sentence):
    assert claims_of(sentence) == []


def test_a_un_mission_is_not_a_state():
    assert claims_of("UN peacekeepers left the Malian town of Kidal on Tuesday.") == []


def test_national_troops_serving_with_a_mission_keep_their_state():
    claims = claims_of("The last German troops serving with the United Nations mission left Mali on Tuesday.")
    assert keys(claims) == {("DEU", "MLI", "withdrawal_completed")}


# --- Places -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "site_id"),
    [
        ("Air Base 101", "ner-air-base-101"),
        ("Air base 101", "ner-air-base-101"),
        ("Airbase 101", "ner-air-base-101"),
        ("BA 101", "ner-air-base-101"),
        ("Diori Hamani airport", "ner-air-base-101"),
        ("Air Base 201", "ner-air-base-201"),
        ("the Agadez drone base", "ner-air-base-201"),
    ],
)
def test_builtin_site_aliases(place, site_id):
    (claim,) = claims_of(f"Russian troops are stationed at {place} in Niger.")
    assert (claim.site_id, claim.host_country) == (site_id, "NER")
    assert claim.lat is not None and claim.lon is not None


@pytest.mark.parametrize(
    ("sentence", "host", "site"),
    [
        ("Russian instructors arrived in Bamako on Friday.", "MLI", "Bamako"),
        ("French soldiers left Faya-Largeau on Thursday.", "TCD", "Faya-Largeau"),
        ("French soldiers left Abeche on Thursday.", "TCD", "Abeche"),
        ("Russian troops flew into Ouagadougou on Wednesday.", "BFA", "Ouagadougou"),
        ("Ugandan soldiers entered Bunia on Tuesday.", "COD", "Bunia"),
        ("Russian instructors are training guards in Malabo.", "GNQ", "Malabo"),
    ],
)
def test_towns_give_the_host_and_coordinates(sentence, host, site):
    (claim,) = claims_of(sentence)
    assert (claim.host_country, claim.site, claim.site_id) == (host, site, None)
    assert claim.lat is not None


def test_a_named_facility_is_kept_as_written():
    (claim,) = claims_of("France handed over the Sergent Adji Kossei air base in N'Djamena on Thursday.")
    assert claim.event == "handover"
    assert claim.site == "Sergent Adji Kossei air base"
    assert claim.site_id is None


def test_gazetteer_from_dataset_prefers_curated_sites():
    gazetteer = Gazetteer.from_dataset(load_dataset(TINY))
    (claim,) = claims_of("Russian troops are stationed at Airbase 101 in Niger.", gazetteer=gazetteer)
    assert claim.site_id == "ner-ab101"  # the dataset's id, not the built-in fallback
    (claim,) = claims_of("US troops left Air Base 201 in Niger on Monday.", gazetteer=gazetteer)
    assert claim.site_id == "ner-air-base-201"  # the built-in fallback for a site the dataset lacks


def test_gazetteer_from_dataset_works_on_the_current_data_directory():
    gazetteer = Gazetteer.from_dataset(load_dataset(ROOT / "data", check_geography=False))
    claims = claims_of(SEED.read_text(encoding="utf-8"), gazetteer=gazetteer)
    assert any(c.actor == "RUS" and c.site_id == "ner-air-base-101" for c in claims)


def test_a_site_name_shared_by_two_countries_follows_the_article():
    sites = [
        {"site_id": "mli-senou", "name": "Senou air base", "aliases": "Air Base 101", "host_iso3": "MLI",
         "lat": 12.53, "lon": -7.95},
        {"site_id": "ner-ab101", "name": "Air Base 101 (Niamey)", "aliases": "", "host_iso3": "NER",
         "lat": 13.48, "lon": 2.18},
    ]
    gazetteer = Gazetteer(sites)
    (claim,) = claims_of("Russian troops are stationed at Air Base 101 in Niger.", gazetteer=gazetteer)
    assert claim.site_id == "ner-ab101"
    (claim,) = claims_of("Russian troops are stationed at Air Base 101 in Mali.", gazetteer=gazetteer)
    assert claim.site_id == "mli-senou"


def test_curated_rows_named_like_a_state_or_a_town_keep_the_sentence_reading():
    sites = [
        {"site_id": "are-country", "name": "United Arab Emirates (country-wide)", "aliases": "",
         "host_iso3": "ARE", "lat": 24.0, "lon": 54.0},
        {"site_id": "eri-assab", "name": "Assab port and airport (UAE base)", "aliases": "Assab;Emirati base Assab",
         "host_iso3": "ERI", "lat": 13.07, "lon": 42.64},
        {"site_id": "lby-watiya", "name": "Al-Watiya air base", "aliases": "Watiya", "host_iso3": "LBY",
         "lat": 31.93, "lon": 12.25},
    ]
    gazetteer = Gazetteer(sites)
    # The country-wide row does not turn the state into a place, and "Assab" is still read as the town it is.
    (claim,) = claims_of("In June 2021 the United Arab Emirates agreed to hand over its air base at Assab to the "
                         "Eritrean army.", published=dt.date(2021, 7, 5), gazetteer=gazetteer)
    assert (claim.actor, claim.host_country, claim.event, claim.site) == ("ARE", "ERI", "withdrawal_announced", "Assab")
    assert claim.site_id == "eri-assab"
    # The alias "Watiya" names the place written "Al-Watiya", and the next sentence's name reaches back.
    claims = claims_of("Turkish officers handed over an air base in western Libya to the Tripoli government on "
                       "Sunday. The base, Al-Watiya, had hosted Turkish warplanes since 2020.",
                       published=dt.date(2023, 5, 22), gazetteer=gazetteer)
    handover = next(c for c in claims if c.event == "handover")
    assert (handover.site, handover.site_id) == ("Al-Watiya", "lby-watiya")


def test_a_facility_and_its_town_are_one_place():
    sites = [{"site_id": "bfa-kamboinsin", "name": "Camp Bila Zagré, Kamboinsin (Ouagadougou)",
              "aliases": "Kamboinsin", "host_iso3": "BFA", "lat": 12.37, "lon": -1.53}]
    text = ("OUAGADOUGOU — The French special forces unit Sabre formally ended its operations in Burkina Faso on "
            "Saturday, February 18, with a flag-lowering ceremony at Camp Bila Zagré in Kamboinsin, on the "
            "outskirts of the capital.")
    for gazetteer in (Gazetteer(()), Gazetteer(sites)):
        (claim,) = [c for c in claims_of(text, published=dt.date(2023, 2, 20), gazetteer=gazetteer)
                    if c.event == "withdrawal_completed"]
        assert claim.site is not None


def test_gazetteer_from_an_empty_dataset_falls_back_to_builtins():
    class Empty:
        sites = None

    (claim,) = claims_of("US troops left Air Base 201 in Niger on Monday.", gazetteer=Gazetteer.from_dataset(Empty()))
    assert claim.site_id == "ner-air-base-201"


# --- Traps ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # planned deployments
        "Russia will deploy 300 troops to Burkina Faso next month.",
        "A further 200 Russian soldiers would be deployed to Burkina Faso in the near future.",
        "Italy is preparing to send an additional 300 soldiers to Niger.",
        "Turkey plans to station 200 officers in Somalia.",
        # capacities
        "The new base near Mogadishu can house 10,000 Turkish troops.",
        "Up to 1,500 Turkish troops can be stationed at the camp in Somalia at one time.",
        # cumulative totals
        "Some 3,200 French troops served there over the years in Mali.",
        "Around 20,000 German soldiers served in the UN mission in Mali over the years.",
        # speculation
        "Chad's decision could lead to the withdrawal of 1,000 French troops.",
        "Analysts say Russian troops might arrive in Niger if talks succeed.",
        "US troops may leave Chad after the election.",
        # negation
        "Russian troops have not arrived in Niger, the ministry said.",
        # permission, not presence
        "The accord let American troops operate in Niger.",
    ],
)
def test_traps_make_no_claims(text):
    assert claims_of(text) == []


def test_a_partial_drawdown_is_not_a_full_exit():
    text = (
        "US withdraws troops from Chad\n"
        "More than half of the US troops stationed at the base in N'Djamena have now left the country.\n"
        "Some US personnel will stay on in Chad, officials said."
    )
    claims = claims_of(text, dt.date(2024, 5, 1))
    assert ("USA", "TCD", "withdrawal_completed") not in keys(claims)
    assert ("USA", "TCD", "presence") in keys(claims)


def test_a_base_handover_with_troops_staying_is_not_a_withdrawal():
    text = ("France handed the Port-Bouet camp back to Ivory Coast on Thursday. About 100 French troops are "
            "expected to stay on for training.")
    assert keys(claims_of(text, dt.date(2025, 2, 20))) == {("FRA", "CIV", "handover"), ("FRA", "CIV", "presence")}


def test_a_scheduled_handover_is_not_a_handover():
    assert claims_of("The base in Abidjan will be handed over to Ivory Coast on February 20.") == []


def test_an_announced_withdrawal_is_not_a_completed_one():
    claims = claims_of("Macron said in September that France would pull its troops out of Niger.",
                       dt.date(2023, 12, 1))
    # The exit still to come also says the troops were there when it was announced (real-text convention).
    assert sorted((c.event, c.date) for c in claims) == [("presence", "2023-09"), ("withdrawal_announced", "2023-09")]


def test_an_exit_begun_from_named_places_implies_presence_at_each():
    claims = claims_of("On 26 September, Wagner operatives began to withdraw from Jufra and Sirte.",
                       dt.date(2021, 9, 28))
    present = sorted((c.site, c.date) for c in claims if c.event == "presence")
    announced = sorted((c.site, c.date) for c in claims if c.event == "withdrawal_announced")
    assert present == announced and len(present) == 2


def test_an_exit_reported_done_or_under_negotiation_implies_no_presence():
    done = claims_of("France announced in July that its troops would leave Niger. The last French soldiers left "
                     "Niger on 22 December.", dt.date(2023, 12, 23))
    talks = claims_of("Washington is still negotiating the withdrawal of more than 1,000 US troops from Niger.",
                      dt.date(2024, 5, 1))
    assert not [c for c in done + talks if c.event == "presence"]


# --- The seed article -------------------------------------------------------


@pytest.fixture(scope="module")
def seed_claims() -> list[Claim]:
    return extract_claims(SEED.read_text(encoding="utf-8"), published=SEED_PUBLISHED)


def test_seed_us_presence_of_about_1000(seed_claims):
    assert any(c.actor == "USA" and c.host_country == "NER" and c.event == "presence" and c.personnel == 1000
               for c in seed_claims)


def test_seed_russians_at_air_base_101(seed_claims):
    matches = [c for c in seed_claims if c.actor == "RUS" and c.event == "presence"
               and c.site_id == "ner-air-base-101"]
    assert matches
    assert matches[0].host_country == "NER"
    assert matches[0].date is not None and matches[0].date.startswith("2024-05")
    assert (matches[0].lat, matches[0].lon) == (13.4815, 2.18361)


def test_seed_russian_instructors_arrived_last_month(seed_claims):
    assert any(c.actor == "RUS" and c.host_country == "NER" and c.event == "arrival" and c.date == "2024-04"
               and c.date_precision == "month" for c in seed_claims)


def test_seed_france_expelled(seed_claims):
    assert any(c.actor == "FRA" and c.host_country == "NER" and c.event == "withdrawal_completed"
               for c in seed_claims)


def test_seed_junta_ends_agreement_with_washington(seed_claims):
    assert any(c.actor == "USA" and c.host_country == "NER" and c.event == "agreement_ended" and c.date == "2024-03"
               and c.date_precision == "month" for c in seed_claims)


def test_seed_places_no_armed_group_as_a_foreign_force(seed_claims):
    text = SEED.read_text(encoding="utf-8")
    for claim in seed_claims:
        assert "Boko Haram" not in claim.evidence and "Islamic State" not in claim.evidence
        assert claim.actor in {"USA", "RUS", "FRA"}
        assert text[claim.start:claim.end] == claim.evidence
        assert claim.confidence in {"high", "medium", "low"}


def test_evidence_offsets_survive_typographic_quotes():
    text = "Headline\n\nNiger’s junta said Russian instructors arrived in Niamey last month. More follows."
    (claim,) = claims_of(text)
    assert text[claim.start:claim.end] == claim.evidence
    assert claim.evidence.startswith("Niger’s junta")


# --- Articles ---------------------------------------------------------------


def test_parse_article_reads_the_header():
    article = parse_article("url: https://example.org/a\npublished: 2024-05-03\n\nRussian troops arrived.\n")
    assert article.url == "https://example.org/a"
    assert article.published == dt.date(2024, 5, 3)
    assert article.text == "Russian troops arrived."


def test_parse_article_without_a_header_keeps_the_text():
    article = parse_article("Russian troops arrived.\nurl: not a header")
    assert (article.text, article.url, article.published) == ("Russian troops arrived.\nurl: not a header", None,
                                                              None)


def test_parse_article_strips_html():
    raw = (
        "<html><head><title>T</title><meta property='article:published_time' content='2024-08-05T10:00:00Z'>"
        "<link rel='canonical' href='https://example.org/b'><script>var x = 1;</script></head>"
        "<body><nav>Menu</nav><h1>US hands over base</h1><p>American forces left Air Base 201 on Monday &amp; "
        "went home.</p></body></html>"
    )
    article = parse_article(raw)
    assert article.text == "US hands over base\nAmerican forces left Air Base 201 on Monday & went home."
    assert article.published == dt.date(2024, 8, 5)
    assert article.url == "https://example.org/b"
    claims = extract_claims(article.text, published=article.published)
    assert ("USA", "NER", "withdrawal_completed") in keys(claims)


def test_a_date_in_the_url_stands_in_for_the_publication_date():
    assert published_from_url("https://kvia.com/news/2024/08/05/us-hands-over/") == dt.date(2024, 8, 5)
    (claim,) = extract_claims("US forces left Air Base 201 on Monday.", url="https://x.org/2024/08/05/story")
    assert claim.date == "2024-08-05"


# --- Accents, headcounts, the quick gazetteer ----------------------------------


@pytest.mark.parametrize("written", ["Ménaka", "Menaka", "MÉNAKA"])
def test_names_match_however_they_are_accented(written):
    gazetteer = Gazetteer.from_data_dir(ROOT / "data")
    (claim,) = extract_claims(f"French troops left {written} on 13 June 2022.", gazetteer=gazetteer)
    assert (claim.site_id, claim.site) == ("mli-menaka", written)
    assert claim.evidence == f"French troops left {written} on 13 June 2022."


@pytest.mark.parametrize(("sentence", "value"), [
    ("Kenya still has nearly 1 200 troops in Somalia.", 1200),
    ("Kenya still has nearly 1\u202f200 troops in Somalia.", 1200),
    ("The last 80 of the 600 Rwandan soldiers stationed in Bangui left.", 80),
    ("On 4 March Eritrea cancelled the military accord and ordered Emirati personnel to leave.", None),
    ("In 2015 Kenyan soldiers were based at Kismayo airport.", None),
])
def test_headcounts_are_people_not_dates(sentence, value):
    counts = find_headcounts(sentence)
    assert [c.value for c in counts] == ([value] if value else [])


def test_the_start_up_caches_rebuild_from_nothing_and_survive_a_damaged_file(tmp_path, monkeypatch):
    from footprint.extract import gazetteer as module

    text = "Russian instructors arrived at Air Base 101 in Niamey and left Ménaka."
    expected = [(m.start, m.end, m.entry) for m in Gazetteer.from_data_dir(ROOT / "data").find(_doc(text))]
    monkeypatch.setattr(module, "CACHE_DIR", tmp_path)
    for damage in (None, "{not json", "[1, 2]"):
        module._token_cache.cache_clear()
        module._african_towns.cache_clear()
        if damage is not None:
            for path in tmp_path.iterdir():
                path.write_text(damage, encoding="utf-8")
        found = [(m.start, m.end, m.entry) for m in Gazetteer.from_data_dir(ROOT / "data").find(_doc(text))]
        assert found == expected
    assert {path.name.split("-")[0] for path in tmp_path.iterdir()} == {"african", "name"}
    module._token_cache.cache_clear()
    module._african_towns.cache_clear()


def _doc(text):
    from footprint.extract.text import _nlp, normalise_for_matching

    return _nlp()(normalise_for_matching(text))


def test_the_object_of_the_verb_is_the_place_before_a_town_after_it():
    gazetteer = Gazetteer.from_data_dir(ROOT / "data")
    (claim,) = extract_claims("Italy handed over Air Base 101 in Niamey to the Nigerien army on June 10.",
                              published=dt.date(2025, 6, 12), gazetteer=gazetteer)
    assert (claim.event, claim.site_id) == ("handover", "ner-air-base-101")
    claims = claims_of("Emirati forces handed Berbera airport back to Somali authorities on Sunday, ahead of "
                       "their exit from the air base at Bosaso in the coming months.")
    assert {(c.event, c.site) for c in claims if c.event != "presence"} == {
        ("handover", "Berbera"), ("withdrawal_announced", "Bosaso")}


def test_links_to_other_stories_assert_nothing():
    text = ("French troops handed over the Faya-Largeau base to the Chadian army on Thursday.\n"
            "Read also:\nFrance returns fighter jets from Chad, marking start of military withdrawal\n"
            "US troops have left Niger's Air Base 101 ahead of schedule\n")
    claims = claims_of(text, published=dt.date(2024, 12, 26))
    assert {(c.actor, c.host_country, c.event) for c in claims} == {("FRA", "TCD", "handover")}


def test_a_sentence_in_another_language_is_not_read_as_english():
    french = ("Le dernier convoi de l'opération Barkhane au Mali a franchi la frontière le 15 août 2022, mettant fin "
              "à plus de 9 ans de présence de l'armée française dans ce pays.")
    assert claims_of(french, published=dt.date(2022, 8, 15)) == []
    assert keys(claims_of("The last French soldiers left Mali on 15 August 2022.", published=dt.date(2022, 8, 15))) \
        == {("FRA", "MLI", "withdrawal_completed")}


def test_the_quick_gazetteer_equals_the_one_from_the_loaded_dataset():
    from footprint.dataset import load_dataset

    quick = Gazetteer.from_data_dir(ROOT / "data")
    loaded = Gazetteer.from_dataset(load_dataset(ROOT / "data"))
    assert quick.folded == loaded.folded and quick.exact == loaded.exact
    assert Gazetteer.from_data_dir(ROOT / "no-such-dir").folded == Gazetteer.builtin().folded


# --- Quality, measured one to one --------------------------------------------

# Floors under the scores of benchmarks/extract_quality.py, set from its last run (see the
# commit that set them): a change that loses claims or adds false ones fails here.
DEVSET_FLOOR = {"level1": (0.98, 0.93), "level2": (0.87, 0.83)}
CASES_FLOOR = {"level1": (1.0, 1.0), "level2": (1.0, 1.0), "passed": 26}


def test_devset_has_at_least_15_labelled_articles():
    benchmark = _benchmark()
    items = benchmark.load_devset()
    assert len(items) >= 15
    for item in items:
        assert item.url and item.published, item.name
        for label in item.labels:
            assert {"actor", "host_country", "event", "site_id", "date", "date_precision", "personnel"} <= set(label)
            assert set(label) <= benchmark.LABEL_KEYS, item.name


def test_extraction_cases_are_the_26_shared_paragraphs():
    items = _benchmark().load_cases()
    assert len(items) == 26
    kinds = {item.name[:3] for item in items}
    assert kinds == {f"k{n:02d}" for n in range(1, 14)}
    assert all("site" in label for item in items for label in item.labels)


def test_realtext_labels_commit_no_text_and_are_split():
    benchmark = _benchmark()
    entries = json.loads(benchmark.REALTEXT_LABELS.read_text(encoding="utf-8"))
    assert len(entries) >= 60
    assert len({entry["url"] for entry in entries}) == len(entries)
    assert {entry["split"] for entry in entries} == {"tune", "heldout"}
    for entry in entries:
        assert set(entry) == {"name", "url", "published", "split", "start", "end", "sha256", "labels"}
        assert re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]) and 0 <= entry["start"] < entry["end"]
        dt.date.fromisoformat(entry["published"])
        for label in entry["labels"]:
            assert set(label) == benchmark.LABEL_KEYS, entry["name"]


def test_tune_only_never_extracts_from_held_out_pages_and_new_since_keeps_only_new_ones(monkeypatch, capsys):
    benchmark = _benchmark()
    published = dt.date(2024, 1, 2)
    pages = [benchmark.Item(name, f"French troops arrived in Gao ({name}).", published, None, (), split)
             for name, split in (("old_tune", "tune"), ("new_tune", "tune"), ("new_heldout", "heldout"))]
    seen = []

    def recording_extract(text, **kwargs):
        seen.append(text)
        return []

    monkeypatch.setattr(benchmark, "extract_claims", recording_extract)
    monkeypatch.setattr(benchmark, "load_realtext", lambda: (list(pages), []))
    monkeypatch.setattr(benchmark, "realtext_names", lambda split: {p.name for p in pages if p.split == split})
    monkeypatch.setattr(benchmark, "labelled_names_at", lambda commit: {"old_tune"})
    benchmark.main(["--tune-only", "--no-speed"])
    assert not any("new_heldout" in text for text in seen)
    assert any("old_tune" in text for text in seen) and any("new_tune" in text for text in seen)
    seen.clear()
    benchmark.main(["--tune-only", "--no-speed", "--new-since", "HEAD"])
    realtext_seen = [text for text in seen if text.startswith("French troops arrived in Gao (")]
    assert realtext_seen == ["French troops arrived in Gao (new_tune)."]
    assert "real-text set [tune]: 1 texts" in capsys.readouterr().out


def test_realtext_splits_partition_the_labelled_pages():
    benchmark = _benchmark()
    entries = json.loads(benchmark.REALTEXT_LABELS.read_text(encoding="utf-8"))
    tune, heldout = benchmark.realtext_names("tune"), benchmark.realtext_names("heldout")
    assert not tune & heldout
    assert tune | heldout == {entry["name"] for entry in entries}


def test_date_matching_is_at_the_precision_of_the_text():
    benchmark = _benchmark()
    assert benchmark.date_matches("2024-04-12", "2024-04")
    assert benchmark.date_matches("2024-04", "2024-04")
    assert not benchmark.date_matches("2024", "2024-04")
    assert not benchmark.date_matches("2024-05", "2024-04")
    assert benchmark.date_matches(None, None)
    assert not benchmark.date_matches("2024", None)


def test_site_matching_is_by_the_place_named():
    benchmark = _benchmark()
    assert benchmark.site_matches("Kismayo airport", "Kismayo")
    assert benchmark.site_matches("Ménaka", "Menaka")
    assert benchmark.site_matches("Sergent Adji Kossei air base", ["Kossei", "N'Djamena"])
    assert not benchmark.site_matches("Bosaso", "Berbera")
    assert not benchmark.site_matches("Goma", None)
    assert benchmark.site_matches(None, None)


def _label(**fields):
    return {"actor": "FRA", "host_country": "TCD", "event": "withdrawal_completed", "site_id": None,
            "date": None, "date_precision": None, "personnel": None, "site": None} | fields


def test_a_fact_claimed_twice_counts_once_right_and_once_false():
    benchmark = _benchmark()
    (claim,) = extract_claims("French troops left Chad on 30 January 2025.")
    labels = [_label(date="2025-01-30")]
    doubled = [claim, claim]
    score = benchmark.score_claims("x", doubled, labels)
    assert (score.level1.matched_predictions, score.level1.predictions) == (1, 2)
    assert (score.level1.matched_labels, score.level1.labels) == (1, 1)


def test_level2_checks_site_date_and_personnel():
    benchmark = _benchmark()
    (claim,) = extract_claims("The last 80 French soldiers left Abéché on 11 January 2025.")
    right = _label(date="2025-01-11", site="Abéché", personnel=80)
    assert benchmark.score_claims("x", [claim], [right]).passed
    for wrong in (_label(date="2025-01-11", site="Faya", personnel=80), _label(date="2025-01-12", site="Abéché",
                  personnel=80), _label(date="2025-01-11", site="Abéché", personnel=None)):
        score = benchmark.score_claims("x", [claim], [wrong])
        assert score.level1.matched_labels == 1 and score.level2.matched_labels == 0


def _assert_floor(report, floor, benchmark):
    for level in ("level1", "level2"):
        score = getattr(report, level)
        precision, recall = floor[level]
        assert score.precision >= precision, benchmark.format_report(report, verbose=True)
        assert score.recall >= recall, benchmark.format_report(report, verbose=True)


def _gazetteer(kind):
    """The built-in sites, or those of data/ with their aliases (what the extract command links to)."""
    return None if kind == "builtin" else Gazetteer.from_data_dir(_benchmark().DATA_DIR)


@pytest.mark.parametrize("sites", ["builtin", "data"])
def test_devset_quality_holds_its_floor(sites):
    benchmark = _benchmark()
    _assert_floor(benchmark.score_devset(gazetteer=_gazetteer(sites)), DEVSET_FLOOR, benchmark)


@pytest.mark.parametrize("sites", ["builtin", "data"])
def test_extraction_cases_hold_their_floor(sites):
    benchmark = _benchmark()
    report = benchmark.score_cases(gazetteer=_gazetteer(sites))
    _assert_floor(report, CASES_FLOOR, benchmark)
    assert report.passed >= CASES_FLOOR["passed"], benchmark.format_report(report, verbose=True)


def _keys(text, published=dt.date(2024, 6, 14)):
    return {(c.actor, c.host_country, c.event, c.site, c.date, c.personnel)
            for c in extract_claims(text, published=published)}


def test_a_later_retelling_of_the_movement_dates_it():
    text = "The last French soldiers have left Niger's Ouallam base."
    assert ("FRA", "NER", "withdrawal_completed", "Ouallam base", None, None) in _keys(text)
    text += " Their transport plane touched down at Istres air base in southern France on Thursday night."
    assert ("FRA", "NER", "withdrawal_completed", "Ouallam base", "2024-06-13", None) in _keys(text)
    text = ("Rwandan troops have arrived in Mozambique. The minister thanked them. "
            "\"More of them started arriving today (Wednesday),\" she said.")
    assert ("RWA", "MOZ", "arrival", None, "2024-06-12", None) in _keys(text)


def test_today_explained_by_a_weekday_takes_the_weekday():
    assert [d.value for d in find_dates("they began arriving today (Wednesday).", dt.date(2024, 6, 14))] == \
        ["2024-06-12"]


@pytest.mark.parametrize(("text", "expected"), [
    ("The Spanish contingent in Mauritania now numbers 120 soldiers.",
     ("ESP", "MRT", "presence", None, "2024-06-14", 120)),
    ("The convoy that left Dakar is part of a force of 900 Senegalese troops based in Gambia.",
     ("SEN", "GMB", "presence", None, "2024-06-14", 900)),
    ("Tanzanian troops deployed last week in Ituri province.",
     ("TZA", "COD", "arrival", None, "2024-06", None)),
])
def test_force_sizes_destinations_and_provinces(text, expected):
    got = _keys(text)
    assert any(key[:4] == expected[:4] and key[5] == expected[5] and (key[4] or "").startswith(expected[4] or "")
               for key in got), got


@pytest.mark.parametrize(("text", "events"), [
    ("Ghana's army chief, General Thomas Oppong, landed in Lomé on Monday for talks on border security.",
     set()),
    ("Ugandan soldiers deployed in Ituri to oversee the withdrawal of the CODECO militia fighters.", {"arrival"}),
    ("Ugandan troops are in Ituri, where the fighting has left thousands of soldiers' families displaced.",
     {"presence"}),
    ("The arrival of 300 Egyptian peacekeepers in Somalia is expected next month.", set()),
])
def test_visits_rebels_results_and_expectations_assert_nothing(text, events):
    assert {c.event for c in extract_claims(text, published=dt.date(2024, 6, 14))} == events, _keys(text)


def test_a_passive_return_of_a_base_is_a_handover():
    got = _keys("France has given up its camp in Libreville. On Friday it was returned to the Gabonese army.")
    assert {k[2] for k in got} == {"handover"}, got


def test_a_decision_in_the_present_perfect_takes_the_page_date_and_stays_apart_from_an_older_demand():
    got = _keys("Sweden has announced it would withdraw its 150 soldiers from Mali. "
                "The junta first asked Sweden to withdraw its troops on Monday.")
    assert ("SWE", "MLI", "withdrawal_announced", None, "2024-06-14", 150) in got
    assert ("SWE", "MLI", "presence", None, "2024-06-14", 150) in got


def test_a_place_in_a_clause_about_other_people_is_not_the_site():
    got = _keys("Burundian troops were deployed to eastern Congo in March 2023 to fight the M23 rebels, "
                "who later seized Bunagana.")
    assert ("BDI", "COD", "arrival", None, "2023-03", None) in got, got


def test_a_where_clause_inside_an_aside_hosts_its_own_verb():
    got = _keys("Niger's junta expelled French troops in 2023, raising fears it would copy neighbouring Mali, "
                "where Russian instructors operate.")
    assert {(k[0], k[1], k[2]) for k in got} >= {("FRA", "NER", "withdrawal_completed"), ("RUS", "MLI", "presence")}


def test_each_verb_keeps_the_date_that_follows_it_and_entering_a_place_is_an_arrival():
    got = _keys("Kenyan troops intervened in Somalia in Oct. 2011 and withdrew by Dec. 2019.")
    assert {("KEN", "SOM", "arrival", None, "2011-10", None),
            ("KEN", "SOM", "withdrawal_completed", None, "2019-12", None)} <= got, got
    got = _keys("Eritrean forces entered into Ethiopia's Tigray region in late 2020.")
    assert ("ERI", "ETH", "arrival", None, "2020", None) in got, got
    assert not _keys("The Ugandan troops' status agreement with Congo entered into force in 2021.")


def test_a_country_total_stays_apart_from_the_presence_at_one_base():
    got = _keys("The Spanish contingent in Mauritania now numbers 120 soldiers. "
                "Spanish aircraft are stationed at Nouakchott airport.")
    assert {(k[3], k[5]) for k in got if k[2] == "presence"} == {(None, 120), ("Nouakchott", None)}, got


# --- the learned event/assertion model ---------------------------------------------------------


def test_the_committed_event_model_applies_without_scikit_learn():
    import subprocess

    code = (
        "import sys; sys.modules['sklearn'] = None\n"
        "from footprint.extract.classifier import default_model, lemma\n"
        "from footprint.extract.results import EVENTS\n"
        "model = default_model()\n"
        "assert model is not None and model.event.classes == EVENTS, model\n"
        "assert model.assertion.classes == ('fact', 'plan', 'demand', 'speculation', 'background')\n"
        "assert model.event.weights and model.assertion.weights\n"
        "assert lemma('withdrew') == 'withdraw' and lemma('Stationed') == 'station'\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def _model(fact_bias: float, *, keep_below: float = 0.0, add_above: float = 1.01, switch_above: float = 1.01,
           event_weights: dict | None = None):
    from footprint.extract.classifier import ASSERTIONS, EventModel, Head
    from footprint.extract.results import EVENTS

    assertion = Head(ASSERTIONS, (fact_bias, 0.0, 0.0, 0.0, 0.0), {})
    event = Head(EVENTS, (0.0,) * len(EVENTS), event_weights or {})
    return EventModel(event, assertion, keep_below, add_above, switch_above)


def test_the_model_overrules_the_rules_only_past_its_thresholds():
    text = "Russian instructors may be stationed in Mali."  # a hedge: the rules drop it
    assert extract_claims(text, rules_only=True) == []
    sure = _model(10.0, add_above=0.9)
    assert [(c.actor, c.host_country, c.event) for c in extract_claims(text, model=sure)] == \
        [("RUS", "MLI", "presence")]
    assert extract_claims(text, model=_model(10.0)) == []  # add_above > 1: never adds

    fact = "Russian instructors arrived in Mali in May 2024."
    assert [c.event for c in extract_claims(fact, rules_only=True)] == ["arrival"]
    assert extract_claims(fact, model=_model(-10.0, keep_below=0.5)) == []  # sure it asserts nothing
    switching = _model(10.0, switch_above=0.6, event_weights={"lemma=arrive": (0, 0, 0, 0, 0, 0)} | {
        "candidate=arrival": (5.0, 0, 0, 0, 0, 0)})
    assert [c.event for c in extract_claims(fact, model=switching)] == ["presence"]


def test_the_event_model_rejects_rows_of_the_wrong_width():
    from footprint.extract.classifier import Head

    with pytest.raises(ValueError, match="one weight per class"):
        Head.from_dict({"classes": ["a", "b"], "intercept": [0, 0], "weights": {"x": [1.0]}})


# --- kinds found on the real-text tune pages added for issue 15 ------------------------------------


def _events(text, published=dt.date(2024, 6, 14)):
    return {(c.actor, c.host_country, c.event) for c in extract_claims(text, published=published)}


def test_a_small_share_of_a_stated_force_leaving_is_a_drawdown():
    text = ("Some 281 Ugandan troops will leave Somalia by December 31, the army said. "
            "Uganda has more than 6 000 troops in Somalia as part of the African Union force.")
    got = _keys(text)
    assert ("UGA", "SOM", "presence", None, "2024-06-14", 6000) in got, got
    assert not any(k[2].startswith("withdrawal") for k in got), got


def test_a_state_leading_a_list_is_the_first_to_deploy():
    assert ("UGA", "SOM", "arrival") in _events("Uganda was the first country to deploy troops to Somalia in 2007.")


def test_vacated_as_an_adjective_is_no_departure():
    text = "Kenyan troops currently occupy the rebels' vacated positions near Goma."
    assert not any(event.startswith("withdrawal") for _a, _h, event in _events(text))


def test_a_capital_after_government_of_is_no_site():
    got = _keys("Turkey began deploying troops in Libya to support the fragile government of Tripoli.")
    assert {(k[0], k[1], k[2], k[3]) for k in got} == {("TUR", "LBY", "arrival", None)}, got


def test_hard_wrapped_wire_copy_is_read_across_its_line_breaks():
    text = ("JUBA May 2 Several dozen British troops on\nTuesday arrived in Juba, capital of South Sudan, to "
            "provide\nengineering and medical support to the United Nations Mission in\nSouth Sudan and to "
            "help ease the delivery of aid, the mission said.\nThe conflict has split the nation along largely "
            "ethnic lines\nand the United Nations has warned of a possible genocide.")
    got = extract_claims(text, published=dt.date(2017, 5, 2))
    assert [(c.actor, c.host_country, c.event, c.site) for c in got] == [("GBR", "SSD", "arrival", "Juba")]
    assert got[0].evidence.startswith("JUBA May 2 Several dozen British troops on\nTuesday")  # the text as written


def test_airlifted_troops_arrive_and_the_aircraft_names_no_actor():
    text = "Rwandan troops flew on US military aircraft to the Central African Republic on Thursday."
    assert _events(text, dt.date(2014, 1, 17)) == {("RWA", "CAF", "arrival")}


def test_a_base_being_dismantled_is_a_pullout_under_way_and_a_base_it_runs_is_presence():
    text = ("The United Arab Emirates is dismantling parts of a military base it runs in the East African "
            "nation of Eritrea.")
    assert ("ARE", "ERI", "withdrawal_announced") in _events(text)
    assert ("ARE", "ERI", "presence") in _events("The UAE keeps troops at a military base it runs in Eritrea.")


def test_a_mission_as_subject_takes_no_actor_from_the_sentence_before():
    text = ("Rwandan troops arrived in the Central African Republic on Thursday. "
            "The AU force known as MISCA, which currently has 4,400 soldiers, struggled to contain the violence after "
            "Seleka installed its leader as president.")
    got = _keys(text)
    assert not any(k[5] == 4400 for k in got), got


def test_takuba_is_a_multinational_task_force():
    assert _events("Most of Task Force Takuba's operations are located in Mali.") == set()


def test_a_strong_deployment_already_in_the_country_is_presence_with_its_size():
    text = ("Several dozen British troops arrived in Juba, South Sudan, on Tuesday. Britain's Ministry of Defence "
            "said 35 troops had landed to bolster a more than 200-strong deployment of British personnel "
            "already in the country.")
    assert ("GBR", "SSD", "presence") in {k[:3] for k in _keys(text, dt.date(2017, 5, 2)) if k[5] == 200}


def test_a_force_named_in_another_clause_does_not_split_one_event():
    text = ("About 100 Russian soldiers of the Africa Corps have landed in Ouagadougou. The arrival of Russian "
            "military personnel in Burkina Faso, announced on a Telegram channel linked to Wagner, stirred concern.")
    got = [c for c in extract_claims(text, published=dt.date(2024, 1, 27)) if c.event == "arrival"]
    assert [(c.actor, c.host_country, c.force) for c in got] == [("RUS", "BFA", "Africa Corps")], got


@pytest.mark.parametrize(("text", "expected"), [
    ("Chadian troops deployed in Niger in March 2023.", ("TCD", "NER", "arrival", None, "2023-03", None)),
    ("French soldiers were deployed in Mali in January 2013.", ("FRA", "MLI", "arrival", None, "2013-01", None)),
    ("Rwandan troops deployed in Mozambique on 9 July 2021.", ("RWA", "MOZ", "arrival", None, "2021-07-09", None)),
])
def test_deployed_in_a_place_at_a_past_time_is_the_arrival(text, expected):
    got = _keys(text)
    assert expected in got, got
    assert not any(k[2] == "presence" for k in got), got


@pytest.mark.parametrize(("text", "event"), [
    ("About 1,000 Chadian troops are deployed in Niger.", "presence"),
    ("Some 300 Rwandan soldiers remain deployed in Mozambique.", "presence"),
])
def test_deployed_without_a_past_time_stays_a_presence(text, event):
    assert {k[2] for k in _keys(text)} == {event}, _keys(text)


@pytest.mark.parametrize("text", [
    "The regional force, with troops from Kenya, Burundi and Uganda, currently occupies positions in eastern Congo.",
    "Soldiers from Kenya, Burundi and Uganda occupy the hills around Goma in Congo.",
])
def test_troops_occupying_positions_are_present(text):
    got = {(k[0], k[1], k[2]) for k in _keys(text)}
    assert {("KEN", "COD", "presence"), ("BDI", "COD", "presence"), ("UGA", "COD", "presence")} <= got, got


def test_a_list_of_states_after_troops_from_sends_the_troops_and_is_not_the_host():
    got = {(k[0], k[1], k[2]) for k in _keys(
        "The EAC force has begun leaving Congo. The force, with troops from Kenya, Burundi, Uganda and South Sudan, "
        "currently occupies positions vacated by the rebels.")}
    assert {("KEN", "COD", "presence"), ("BDI", "COD", "presence"), ("UGA", "COD", "presence"),
            ("SSD", "COD", "presence")} <= got, got
    assert all(k[1] == "COD" for k in got), got


def test_a_list_of_states_after_a_withdrawal_of_troops_from_is_the_host_list():
    got = {(k[0], k[1], k[2]) for k in _keys("France completed the withdrawal of its troops from Mali and Niger.")}
    assert got == {("FRA", "MLI", "withdrawal_completed"), ("FRA", "NER", "withdrawal_completed")}, got


def test_a_report_date_at_the_end_of_a_long_sentence_dates_its_present_perfect_event():
    got = _keys("The Wagner group has left Mali and its units there have been absorbed by the Moscow-run Africa "
                "Corps, diplomatic and security sources told AFP on Sunday.", published=dt.date(2025, 6, 8))
    assert ("RUS", "MLI", "withdrawal_completed", None, "2025-06-08", None) in got, got


def test_a_report_date_does_not_date_a_past_event_far_from_it():
    got = _keys("French troops withdrew from Mali after months of street protests by crowds of young people "
                "in the capital and in the towns of the centre, officials told AFP on Sunday.",
                published=dt.date(2025, 6, 8))
    assert ("FRA", "MLI", "withdrawal_completed", None, None, None) in got, got


def test_a_force_that_will_remain_under_another_name_does_not_undo_a_completed_exit():
    got = {(k[0], k[1], k[2]) for k in _keys(
        "The Wagner group has left Mali, sources said. \"Most Wagner personnel in Mali will be reintegrated into "
        "Africa Corps and remain in Bamako,\" a diplomat said.")}
    assert ("RUS", "MLI", "withdrawal_completed") in got, got


def test_a_force_that_remains_now_makes_a_countrywide_exit_a_drawdown():
    got = {(k[0], k[1], k[2]) for k in _keys(
        "French troops have left Chad's east, the army said. Some 200 French soldiers remain in Chad.")}
    assert ("FRA", "TCD", "withdrawal_completed") not in got, got


@pytest.mark.parametrize("text", [
    "Uganda has 6,000 troops in Somalia. Burundi and Kenya also contribute to the regional force.",
    "Uganda has 6,000 troops in Somalia. Burundi and Kenya also contribute troops to the African Union mission.",
])
def test_states_contributing_to_the_force_in_the_host_are_present(text):
    got = {(k[0], k[1], k[2]) for k in _keys(text)}
    assert {("BDI", "SOM", "presence"), ("KEN", "SOM", "presence")} <= got, got


def test_contributing_money_or_ideas_is_no_presence():
    got = _keys("Uganda has 6,000 troops in Somalia. Kenya also contributes funds to the regional force.")
    assert not any(k[0] == "KEN" for k in got), got


def test_a_past_verb_after_and_is_a_fact_though_the_first_verb_was_a_decision():
    got = _keys("Moscow decided to support the junta in Mali and sent 200 Russian instructors to Bamako.")
    assert ("RUS", "MLI", "arrival", "Bamako", None, 200) in got, got


def test_a_decision_to_help_and_to_send_is_still_a_plan():
    assert _keys("Moscow decided to support Mali and to send 200 Russian instructors.") == set()


@pytest.mark.parametrize(("text", "expected"), [
    ("Of the eight countries in the mission, Botswana was the first to withdraw its troops from Mozambique.",
     ("BWA", "MOZ", "withdrawal_completed")),
    ("Chad was the first country to pull its soldiers out of Mali.", ("TCD", "MLI", "withdrawal_completed")),
])
def test_the_first_to_withdraw_withdrew(text, expected):
    assert expected in {(k[0], k[1], k[2]) for k in _keys(text)}, _keys(text)


def test_forces_that_retreated_to_a_town_of_the_host_are_there():
    got = _keys("Soldiers of the Russian private military company Wagner have retreated to Mozambique's port city "
                "Nacala, after taking a beating in battles with jihadists.", published=dt.date(2019, 11, 29))
    assert ("RUS", "MOZ", "presence", "Nacala", "2019-11-29", None) in got, got
    assert not any(k[2].startswith("withdrawal") for k in got), got


def test_a_state_the_article_shows_sending_troops_is_not_the_next_sentences_host():
    got = {(k[0], k[1], k[2]) for k in _keys(
        "South African troops in Mozambique began their withdrawal on Monday. Botswana left first, followed by "
        "South Africa. Rwandan troops will remain.")}
    assert ("RWA", "MOZ", "presence") in got, got
    assert not any(k[1] == "ZAF" for k in got), got


def test_a_mission_named_before_the_states_subject_does_not_take_the_actor_role():
    got = {(k[0], k[1], k[2]) for k in _keys(
        "South African troops in Mozambique began their withdrawal on Monday. Of the eight countries that make up "
        "SAMIM, Botswana was the first to withdraw.")}
    assert ("BWA", "MOZ", "withdrawal_completed") in got, got


def test_a_mission_that_is_the_subject_still_yields_no_state_actor():
    got = _keys("Kenya sent troops to Somalia in 2011. The AU mission, which Kenya joined, withdrew from Baidoa.")
    assert not any(k[2] == "withdrawal_completed" for k in got), got


def test_states_leaving_by_a_deadline_announce_a_withdrawal():
    got = {(k[0], k[1], k[2]) for k in _keys(
        "South African troops in Mozambique began their withdrawal on Monday. The remaining contingents, namely "
        "Angola, Malawi and Zambia, are leaving the country by the end of July.")}
    assert {("AGO", "MOZ", "withdrawal_announced"), ("MWI", "MOZ", "withdrawal_announced"),
            ("ZMB", "MOZ", "withdrawal_announced")} <= got, got


def test_a_list_of_hosts_that_expel_a_force_stays_a_list_of_hosts():
    got = {(k[0], k[1], k[2]) for k in _keys("Mali, Burkina Faso and Niger have expelled French troops.")}
    assert got == {("FRA", "MLI", "withdrawal_completed"), ("FRA", "BFA", "withdrawal_completed"),
                   ("FRA", "NER", "withdrawal_completed")}, got


def test_a_list_with_a_bracketed_short_name_leaving_by_a_deadline_announces_each_withdrawal():
    got = {(k[0], k[1], k[2]) for k in _keys(
        "South African troops in Mozambique began their withdrawal on Monday. This will be followed by the "
        "remaining six, namely Angola, the Democratic Republic of Congo (DRC), Lesotho and Zambia, leaving the "
        "country by the end of July.")}
    assert {(iso3, "MOZ", "withdrawal_announced") for iso3 in ("AGO", "COD", "LSO", "ZMB")} <= got, got
    assert all(k[1] == "MOZ" for k in got), got


def test_a_force_on_a_states_soil_is_there():
    got = {(k[0], k[1], k[2]) for k in _keys(
        "Uganda and DR Congo launched a joint operation this week, even as some voiced alarm about the presence "
        "of Ugandan troops on Congolese soil.")}
    assert got == {("UGA", "COD", "presence")}, got


def test_crossing_into_a_country_is_an_arrival():
    got = _keys("At least 1,700 Ugandan soldiers have so far crossed into eastern Congo, security sources said "
                "on Friday.", published=dt.date(2021, 12, 4))
    assert ("UGA", "COD", "arrival", None, "2021-12-03", 1700) in got, got


def test_a_presence_in_those_regions_names_no_host():
    got = {(k[0], k[1], k[2]) for k in _keys(
        "The Japanese base in Djibouti is also a key site for Japan to face off against China, which has been "
        "increasing its presence in those regions.")}
    assert not any(k[0] == "CHN" for k in got), got


def test_a_report_date_reaches_a_perfect_with_adverbs_across_a_long_sentence():
    got = _keys("At least 1,700 Ugandan soldiers have so far crossed into eastern Congo to join Congolese forces "
                "battling the Allied Democratic Forces, an armed group aligned with Islamic State, two security "
                "sources and local media said on Friday.", published=dt.date(2021, 12, 4))
    assert ("UGA", "COD", "arrival", None, "2021-12-03", 1700) in got, got


def test_sending_a_delegation_after_agreeing_to_withdraw_is_no_arrival():
    got = _keys("Niger's junta said in March it was ending a military cooperation agreement with Washington, which "
                "has agreed to withdraw its troops and sent a delegation to Niamey to work out an orderly departure.")
    assert not any(k[2] == "arrival" for k in got), got


def test_troops_that_make_up_part_of_a_force_in_the_host_are_present():
    got = _keys("Chadian soldiers make up nearly 1,400 of the United Nations' 13,000-troop peacekeeping force in "
                "north and central Mali.", published=dt.date(2021, 12, 18))
    assert any(k[:5] == ("TCD", "MLI", "presence", None, "2021-12-18") for k in got), got


def test_a_presence_in_a_region_of_africa_names_no_host():
    got = _keys("Mali's foreign affairs ministry said that Chad plans to deploy 1,000 additional soldiers to Mali, "
                "as France scales back its military presence in Africa's Sahel region.")
    assert not any(k[0] == "FRA" for k in got), got


def test_the_size_of_the_larger_force_is_not_the_shares_headcount():
    got = _keys("Chadian soldiers make up nearly 1,400 of the United Nations' 13,000-troop peacekeeping force in "
                "north and central Mali.", published=dt.date(2021, 12, 18))
    assert got and not any(k[5] == 13000 for k in got), got


# --- Kinds found on real text (issue 15): each with a paragraph of its own, never one from the labelled set ----


@pytest.mark.parametrize(("text", "expected"), [
    # An exit still to come says the force is there now.
    ("Belgium will withdraw its troops from Niger by the end of the year, the defence minister said on Sunday.",
     {("BEL", "NER", "withdrawal_announced", None, "2024-06-09", None),
      ("BEL", "NER", "presence", None, "2024-06-14", None)}),
    # The first group of a pullout is the pullout begun, not a drawdown.
    ("The first contingent of 150 Kenyan soldiers left Goma on Saturday.",
     {("KEN", "COD", "withdrawal_announced", "Goma", "2024-06-08", 150),
      ("KEN", "COD", "presence", "Goma", "2024-06-08", None)}),  # the rest are still there; 150 is one group
    # A size given by a participle, and one before an aside.
    ("The British troops, numbering 300, arrived in Mali in December.",
     {("GBR", "MLI", "arrival", None, "2023-12", 300)}),
    ("About 90 Russian instructors, identified as members of the Africa Corps, have landed in Bamako.",
     {("RUS", "MLI", "arrival", "Bamako", None, 90)}),
    # The dead are no headcount; a dateline's place and stamp are not the event's.
    ("Malawi orders troop withdrawal from DRC after three soldiers killed",
     {("MWI", "COD", "withdrawal_announced", None, None, None), ("MWI", "COD", "presence", None, None, None)}),
    ("MOSCOW, June 3 (Reuters) - Russian military instructors arrived in Bangui on Monday.",
     {("RUS", "CAF", "arrival", "Bangui", "2024-06-10", None)}),
    # A leader's "his country's troops" are his state's, African or not; their way home is not the host.
    ("Chad's president said on Tuesday that the nation's 1,200 troops would begin to withdraw from Mali and "
     "return to Chad.",
     {("TCD", "MLI", "withdrawal_announced", None, "2024-06-11", 1200),
      ("TCD", "MLI", "presence", None, "2024-06-11", 1200)}),
    # The states a mission's troops come from are each present.
    ("The force, made up of soldiers from several countries, including Burundi, Kenya and Uganda, has been in "
     "Somalia since 2007.",
     {("BDI", "SOM", "presence", None, "2024-06-14", None), ("KEN", "SOM", "presence", None, "2024-06-14", None),
      ("UGA", "SOM", "presence", None, "2024-06-14", None)}),
    # A presence held until a date is a pullout then; a month of last year is one date.
    ("Italian troops had maintained a presence at Agadez in Niger until January.",
     {("ITA", "NER", "withdrawal_completed", "Agadez", "2024-01", None)}),
    ("Turkish soldiers have been stationed in Mogadishu since December last year.",
     {("TUR", "SOM", "arrival", "Mogadishu", "2023-12", None), ("TUR", "SOM", "presence", "Mogadishu", "2024-06-14", None)}),
    # Troops getting ready to leave for a mission elsewhere are present where they stand.
    ("Senegalese soldiers prepare to leave a camp outside Dakar on January 4, 2024, on their way to Gambia.",
     set()),
    ("Ugandan soldiers prepare to depart for Mogadishu, at a camp near Nairobi, Kenya, on May 2, 2024.",
     {("UGA", "KEN", "presence", "Nairobi", "2024-05-02", None)}),
    # A ship's port call, exercises, an armed group's movements and an accord named after a city assert nothing.
    ("A Chinese destroyer entered the port of Mombasa on Monday.", set()),
    ("Indian troops have arrived in Dar es Salaam for joint military exercises with Tanzania.", set()),
    ("Al-Shabaab fighters were seen in the town of Bardhere in Somalia after the Kenyan troops pulled out.",
     {("KEN", "SOM", "withdrawal_completed", "Bardhere", None, None)}),
    ("The force occupied areas vacated by the rebels under the Nairobi agreement.", set()),
    # An order to go, and a flight home.
    ("In January, President Trump ordered American forces out of Somalia.",
     {("USA", "SOM", "withdrawal_announced", None, "2024-01", None), ("USA", "SOM", "presence", None, "2024-01", None)}),
    ("A first group of 120 Burundian soldiers boarded a plane at Mogadishu airport bound for Bujumbura.",
     {("BDI", "SOM", "withdrawal_announced", "Mogadishu", None, 120),
      ("BDI", "SOM", "presence", "Mogadishu", None, None)}),
])
def test_kinds_found_on_real_text(text, expected):
    assert _keys(text) == expected


def test_opening_a_base_is_an_arrival_dated_when_it_opened():
    opened = _keys("In 2017, Turkey opened its biggest overseas military base in Mogadishu.", dt.date(2024, 7, 21))
    established = _keys("In 2011 Japan established a base in Djibouti.", dt.date(2025, 8, 21))
    planned = _keys("Russia plans to set up a naval base in Port Sudan.", dt.date(2021, 2, 28))
    assert opened == {("TUR", "SOM", "arrival", "Mogadishu", "2017", None)}
    assert established == {("JPN", "DJI", "arrival", None, "2011", None)}
    assert not planned


def test_deployed_since_is_an_arrival_then_and_a_presence_now():
    keys = _keys("About 1,000 Chadian troops have been stationed in Gao since March 2021.", dt.date(2022, 5, 3))
    assert {k[2:5] for k in keys} == {("arrival", "Gao", "2021-03"), ("presence", "Gao", "2022-05-03")}
    gone = _keys("Chadian troops stationed in Gao since March 2021 left Mali on 1 May.", dt.date(2022, 5, 3))
    assert not [k for k in gone if k[2] == "presence"]


def test_a_rotation_is_one_presence_not_an_arrival():
    text = ("A new Chinese battalion arrived in Juba on Thursday. It will take over the duties of the previous "
            "Chinese troops stationed in Juba since December last year.")
    keys = _keys(text, dt.date(2016, 12, 17))
    assert keys == {("CHN", "SSD", "presence", "Juba", "2016-12-17", None)}


def test_a_coordinated_clause_keeps_its_own_place_and_date():
    # The place and month belong to the killings; the presence is the page's, with no site.
    text = ("More than 1,000 people were killed in Bangui alone last month and sporadic violence has continued "
            "despite the presence of 1,600 French troops and 4,000 African Union peacekeepers.")
    (claim,) = [c for c in claims_of(text, published=dt.date(2014, 1, 17)) if c.actor == "FRA"]
    assert (claim.host_country, claim.event, claim.site, claim.date, claim.personnel) == \
        ("CAF", "presence", None, "2014-01-17", 1600)
    # "and that ..." continues the same report: its date still dates the announcement.
    claims = claims_of("German forces are in Niger. The German defence ministry had announced in early July that the "
                       "base would close and that its soldiers would be withdrawn by August 31.",
                       published=dt.date(2024, 8, 30))
    (claim,) = [c for c in claims if c.event == "withdrawal_announced"]
    assert claim.date == "2024-07"


def test_the_place_fought_over_is_not_the_site_and_a_report_dates_what_is_under_way():
    text = ("Burundian soldiers, who have been fighting against the M23 rebels in eastern DR Congo, were pulling out "
            "following the fall of the city of Bukavu, four sources said on Tuesday.")
    (claim,) = [c for c in claims_of(text, published=dt.date(2025, 2, 19)) if c.event == "withdrawal_announced"]
    assert (claim.actor, claim.host_country, claim.site, claim.date) == ("BDI", "COD", None, "2025-02-18")


def test_where_a_mission_was_announced_is_not_its_host():
    text = ("Burundian soldiers deployed this Saturday in various communities in the Congolese province of North "
            "Kivu. The Burundian deployment is part of the mission announced on February 4 by the member states of "
            "the East African Community in Ethiopia, for which Kenyan soldiers have also been deployed.")
    claims = claims_of(text, published=dt.date(2023, 3, 18))
    assert claims and all(c.host_country == "COD" for c in claims)


def test_a_place_in_lower_case_arabic_article_form_is_named():
    (claim,) = claims_of("Ethiopian troops have withdrawn from el-Ali, a base in Somalia.", published=dt.date(2016, 10, 11))
    assert (claim.actor, claim.host_country, claim.site) == ("ETH", "SOM", "el-Ali")
    # A person or group written with the article is no place.
    (claim,) = claims_of("Egyptian troops arrived in Sudan at the invitation of al-Burhan.", published=dt.date(2023, 4, 2))
    assert claim.site is None


def test_a_count_in_another_senders_clause_is_not_the_actors():
    text = ("According to AU sources, Egypt plans to deploy up to 1,100 troops to replace outgoing Burundian forces, "
            "who are gradually withdrawing from Somalia.")
    claims = [c for c in claims_of(text, published=dt.date(2025, 9, 1)) if c.actor == "BDI"]
    assert claims and all(c.personnel is None for c in claims)
    # The host's own word keeps the count with the foreign force it speaks of.
    (claim,) = claims_of("Niger said 1,500 French troops remain in the country.", published=dt.date(2023, 9, 1))
    assert (claim.actor, claim.personnel) == ("FRA", 1500)


def test_a_town_the_article_introduces_is_a_site_and_a_route_is_not():
    text = ("The M23 rebels have started withdrawing from Bunagana, a key town which fell in the hands of the rebels "
            "in June 2022. On Sunday, April 2, the Ugandan contingent deployed to eastern DR Congo took control of "
            "parts of Bunagana, the army said.")
    (claim,) = [c for c in claims_of(text, published=dt.date(2023, 4, 5)) if c.event == "arrival"]
    assert (claim.actor, claim.host_country, claim.site) == ("UGA", "COD", "Bunagana")
    text = ("The Eritrean forces entered into Ethiopia's Tigray region through Zalambessa-Adigrat and Shiraro-Shire "
            "routes in late 2020.")
    (claim,) = claims_of(text, published=dt.date(2022, 12, 31))
    assert (claim.actor, claim.event, claim.site) == ("ERI", "arrival", None)


def test_the_next_sentence_names_an_unnamed_place():
    text = ("Kenya Defence Forces (KDF) have withdrawn from a town in the Gedo region of southern Somalia on "
            "Wednesday, officials said. Baardheere, which lies 451 km southwest of Mogadishu, was seized from Al "
            "Shabaab militants in July 2015.")
    (claim,) = [c for c in claims_of(text, published=dt.date(2017, 9, 20)) if c.event == "withdrawal_completed"]
    assert (claim.actor, claim.host_country, claim.site) == ("KEN", "SOM", "Baardheere")


def test_the_data_directory_knows_bardhere_by_its_spellings():
    gazetteer = Gazetteer.from_data_dir(ROOT / "data")
    for spelling in ("Bardhere", "Baardheere", "Bardera"):
        (claim,) = claims_of(f"Kenyan troops have withdrawn from {spelling} in Somalia.",
                             published=dt.date(2017, 9, 20), gazetteer=gazetteer)
        assert (claim.site, claim.site_id) == (spelling, "som-bardhere")


def test_an_armed_group_that_opens_the_clause_is_the_subject_of_its_verb():
    text = ("Yesterday 2nd April 2023, Uganda Contingent of the East African Community Regional Force officially "
            "occupied areas of Bunagana Eastern DRC for a peacekeeping Mission in DRC after M23 left the area for UPDF.")
    claims = claims_of(text, published=dt.date(2023, 4, 5))
    assert not [c for c in claims if c.event.startswith("withdrawal")]
    # A group that is the object of another verb leaves the troops as the subject.
    (claim,) = claims_of("Ethiopian troops fighting militant Islamist group al-Shabab have withdrawn from a key "
                         "military base in central Somalia's Hiran region, witnesses say.",
                         published=dt.date(2016, 10, 11))
    assert (claim.actor, claim.host_country, claim.event) == ("ETH", "SOM", "withdrawal_completed")


def test_a_sentence_listing_hosts_puts_none_of_them_in_focus():
    text = ("Units of the Africa Corps have highly likely previously deployed in Syria, Libya, Burkina Faso, and "
            "Niger. The Russian MOD almost certainly redeployed detachments from the Africa Corps to the Ukrainian "
            "border during April 2024.")
    assert claims_of(text, published=dt.date(2024, 5, 24)) == []


def test_a_force_already_in_the_country_is_there_at_the_pages_date():
    text = ("Britain's Ministry of Defence said 35 troops had landed to bolster a more than 200-strong deployment "
            "of British personnel already in South Sudan.")
    (claim,) = [c for c in claims_of(text, published=dt.date(2017, 5, 2)) if c.event == "presence"]
    assert (claim.actor, claim.date, claim.personnel) == ("GBR", "2017-05-02", 200)


def test_where_the_troops_were_based_names_the_base_handed_back():
    text = ("French troops were on Monday handing back a military base in northeastern Mali, France's army said. "
            "The UN emissary there warned that the French withdrawal could leave Menaka, where they were based, "
            "vulnerable to jihadist attack.")
    (claim,) = [c for c in claims_of(text, published=dt.date(2022, 6, 14)) if c.event == "handover"]
    assert (claim.actor, claim.host_country, claim.site, claim.date) == ("FRA", "MLI", "Menaka", "2022-06-13")


def test_a_movement_told_on_by_its_pronoun_keeps_the_day_of_the_one_before():
    text = ("The last German troops serving with the United Nations mission left Mali on Tuesday, security sources "
            "said. They departed Camp Castor, their base beside the airport of Gao, which was handed over to the "
            "Malian government before their flight out.")
    (claim,) = [c for c in claims_of(text, published=dt.date(2023, 12, 12)) if c.event == "handover"]
    assert (claim.actor, claim.date) == ("DEU", "2023-12-12")
    # A plan told on by the pronoun gets no day.
    text = "German troops left Gao on Tuesday. They will hand over their camp to the Malian army."
    assert all(c.date is None for c in claims_of(text, published=dt.date(2023, 12, 12)) if c.event == "handover")


def test_a_who_clause_and_its_main_clause_keep_their_own_places():
    text = "Rwandan troops, who arrived in Cabo Delgado in July 2021, remain in Palma and Mocimboa da Praia."
    claims = claims_of(text, published=dt.date(2024, 5, 1))
    (arrival,) = [c for c in claims if c.event == "arrival"]
    assert (arrival.site, arrival.date) == (None, "2021-07")
    assert {c.site for c in claims if c.event == "presence"} == {"Palma", "Mocimboa da Praia"}


def test_a_number_in_a_sites_name_or_before_a_clause_word_counts_no_one():
    assert find_headcounts("Nigerien soldiers took over Air Base 101 after the last US troops left on July 7.") == []
    assert [c.value for c in find_headcounts("about 300 French special forces troops")] == [300]
    (claim,) = claims_of("Nigerien soldiers took over Air Base 101 after the last US troops left on July 7.",
                         published=dt.date(2024, 8, 1))
    assert (claim.actor, claim.event, claim.personnel) == ("USA", "withdrawal_completed", None)


def test_a_date_between_two_coordinated_verbs_follows_the_first():
    claims = claims_of("Ethiopian troops entered Somalia in 2006 and withdrew in 2009.", published=dt.date(2024, 8, 1))
    assert {(c.event, c.date) for c in claims} == {("arrival", "2006"), ("withdrawal_completed", "2009")}


def test_its_troops_in_a_states_own_statement_are_that_states():
    (claim,) = claims_of("Chad said on Friday that its soldiers had left Mali.", published=dt.date(2024, 8, 1))
    assert (claim.actor, claim.host_country, claim.event) == ("TCD", "MLI", "withdrawal_completed")
    # The host speaking of another state's troops stays the host.
    (claim,) = claims_of("Mali said on Friday that French troops had left the country.", published=dt.date(2024, 8, 1))
    assert (claim.actor, claim.host_country) == ("FRA", "MLI")


def test_a_clause_opened_by_a_conjunction_and_its_subject_keeps_its_own_place():
    claims = claims_of("Russian instructors arrived in Bamako after French forces left Mali in 2022.",
                       published=dt.date(2024, 8, 1))
    assert {(c.actor, c.event, c.site, c.date) for c in claims} == {
        ("RUS", "arrival", "Bamako", None), ("FRA", "withdrawal_completed", None, "2022")}
    # A date that opens the sentence still frames the clause.
    (claim,) = claims_of("On Saturday, the minister said that new flights were planned, while 254 Italian military "
                         "personnel remained in Niamey.", published=dt.date(2023, 8, 7))
    assert (claim.actor, claim.site, claim.date, claim.personnel) == ("ITA", "Niamey", "2023-08-05", 254)


def test_the_host_comes_from_the_triggers_own_clause():
    claims = claims_of("Russian instructors arrived in Bamako after French forces left Niger in 2023.",
                       published=dt.date(2024, 8, 1))
    assert {(c.actor, c.host_country, c.event) for c in claims} == {
        ("RUS", "MLI", "arrival"), ("FRA", "NER", "withdrawal_completed")}
    # A later mention of a completed exit, at its place, is no new announcement.
    text = ("Soldiers of Kenya had left el-Ade on Monday. Residents in el-Ade told the BBC they welcomed the "
            "pull-out, as they had been harassed by Kenyan forces since the assault on the base.")
    assert {c.event for c in claims_of(text, published=dt.date(2016, 1, 26))} <= {"withdrawal_completed"}


def test_troops_trained_are_not_sent_and_the_first_verbs_date_stays_with_it():
    (claim,) = claims_of("Turkey has trained Somali soldiers since 2017 and deployed troops to Libya in 2020.",
                         published=dt.date(2024, 8, 1))
    assert (claim.actor, claim.host_country, claim.event, claim.date) == ("TUR", "LBY", "arrival", "2020")


def test_the_subject_of_a_later_clauses_verb_is_not_the_earlier_verbs_actor():
    claims = claims_of("Kenyan troops deployed to Somalia in 2011, while Ethiopia sent forces to its border region.",
                       published=dt.date(2024, 8, 1))
    assert ("KEN", "SOM", "arrival", "2011") in {(c.actor, c.host_country, c.event, c.date) for c in claims}
    assert not [c for c in claims if c.actor == "ETH" and c.host_country == "SOM"]


def test_a_state_in_a_list_of_places_is_no_sender():
    claims = claims_of("French troops, expelled from Mali and Burkina Faso, have regrouped in Niger.",
                       published=dt.date(2024, 8, 1))
    assert {(c.actor, c.host_country, c.event) for c in claims} == {
        ("FRA", "MLI", "withdrawal_completed"), ("FRA", "BFA", "withdrawal_completed"), ("FRA", "NER", "presence")}


def test_another_clauses_host_is_taken_only_when_the_triggers_clause_names_none():
    text = ("South Africa has about 1,300 troops in eastern Congo under the SADC mission, and Tanzania and Malawi "
            "have also sent soldiers.")
    got = {(c.actor, c.host_country, c.event) for c in claims_of(text, published=dt.date(2024, 8, 1))}
    assert {("ZAF", "COD", "presence"), ("TZA", "COD", "arrival"), ("MWI", "COD", "arrival")} <= got


def test_a_count_given_by_make_up_or_number_is_the_forces():
    assert [c.value for c in find_headcounts("Chadian soldiers make up nearly 1,400 of the UN's force.")] == [1400]
    assert [c.value for c in find_headcounts("The contingent numbers 350.")] == [350]
    assert find_headcounts("A number of troops left.") == []


def test_an_opening_subordinate_clause_ends_at_its_comma():
    claims = claims_of("Two years after French troops left Mali, Wagner mercenaries remain in Timbuktu and Gao.",
                       published=dt.date(2025, 1, 31))
    assert {(c.actor, c.event, c.site) for c in claims} == {
        ("FRA", "withdrawal_completed", None), ("RUS", "presence", "Timbuktu"), ("RUS", "presence", "Gao")}


def test_an_aside_opened_by_a_past_participle_keeps_its_date():
    (claim,) = claims_of("China's base in Djibouti, opened in 2017, houses about 2,000 personnel.",
                         published=dt.date(2025, 1, 31))
    assert (claim.actor, claim.event, claim.date, claim.personnel) == ("CHN", "presence", "2025-01-31", 2000)


def test_a_state_whose_troops_open_the_sentence_sends_them_though_a_mission_aside_follows():
    (claim,) = claims_of("Burundian troops, members of the AU mission, left Jowhar in Somalia on Monday.",
                         published=dt.date(2025, 1, 31))
    assert (claim.actor, claim.host_country, claim.event) == ("BDI", "SOM", "withdrawal_completed")


def test_the_base_of_a_town_names_the_town():
    (claim,) = claims_of("Part of the Russian mercenaries left helicopters from the front to the base of Jufra in "
                         "Libya, while others remained to provide cover.", published=dt.date(2020, 1, 12))
    assert (claim.actor, claim.host_country, claim.event, claim.site) == ("RUS", "LBY", "presence", "Jufra")


def test_a_weekday_or_a_day_without_its_year_in_a_clause_about_what_is_to_come_lies_ahead():
    tuesday = dt.date(2017, 4, 25)
    assert [(d.value, d.future) for d in find_dates("On Wednesday, US special forces begin pulling out of the CAR.",
                                                    tuesday)] == [("2017-04-26", True)]
    assert [d.value for d in find_dates("The troops will leave on Friday.", tuesday)] == ["2017-04-28"]
    assert [d.value for d in find_dates("The troops left on Friday.", tuesday)] == ["2017-04-21"]
    assert [d.value for d in find_dates("The army said on Friday that the troops will leave.", tuesday)] == [
        "2017-04-21"]
    assert [d.value for d in find_dates("The last troops are due to leave on March 3.", tuesday)] == ["2018-03-03"]
    assert [d.value for d in find_dates("The last troops left on March 3.", tuesday)] == ["2017-03-03"]


def test_a_placeless_restatement_that_points_back_at_the_place_dates_the_placed_claim():
    claims = claims_of("Ethiopian troops enter Somalia\n\nHundreds of Ethiopian troops have entered the Somali town "
                       "of Baidoa.\n\nResidents said Ethiopian troops arrived on Thursday afternoon and set up a camp "
                       "there.", published=dt.date(2006, 7, 21))
    assert [(c.actor, c.host_country, c.event, c.site, c.date) for c in claims] == [
        ("ETH", "SOM", "arrival", "Baidoa", "2006-07-20")]


def test_a_count_with_a_thousands_point_and_military_things_that_are_not_troops():
    assert [c.value for c in find_headcounts("Spain keeps 1.270 soldiers in the mission.")] == [1270]
    assert [c.value for c in find_headcounts("Four military planes and 12 military transport planes landed.")] == []
    assert [c.value for c in find_headcounts("Four military advisers and 300 military personnel arrived.")] == [4, 300]
    assert number_value("1.5 thousand") == 1500


def test_the_city_in_apposition_to_a_venue_is_no_host_nor_the_article_s_focus():
    claims = claims_of("Eritrea, whose troops fought alongside Ethiopian forces, was not named in the agreement, "
                       "signed in South Africa's capital, Pretoria, in November. Officials met in Pretoria to review "
                       "the Pretoria [peace] agreement. \"They withdrew in an organised manner,\" he said of the "
                       "Eritrean troops.", published=dt.date(2023, 2, 8))
    assert all(c.host_country != "ZAF" for c in claims)


def test_a_leader_who_sends_troops_is_no_visitor_and_a_state_s_troops_in_an_aside_are_its_own():
    def roles(text: str) -> set[tuple]:
        return {(c.actor, c.host_country, c.event, c.personnel)
                for c in claims_of(text, published=dt.date(2012, 4, 30))}
    assert roles("U.S. President Barack Obama sent 100 troops to Uganda in October 2011.") == {
        ("USA", "UGA", "arrival", 100)}
    assert roles("A delegation led by the defence minister arrived in Bamako on Monday.") == set()
    assert roles("Italy, with 350 soldiers in Niger, is reviewing its mission.") == {("ITA", "NER", "presence", 350)}
    assert roles("Chad, which has 1,400 troops in Mali, said it would stay.") == {("TCD", "MLI", "presence", 1400)}
    assert roles("Tanzania has soldiers in Congo with the SADC mission.") == {("TZA", "COD", "presence", None)}


def test_troops_arriving_home_from_the_state_they_served_in_have_left_it():
    def roles(text: str) -> set[tuple]:
        return {(c.actor, c.host_country, c.event, c.site, c.date)
                for c in claims_of(text, published=dt.date(2010, 5, 21))}
    assert roles("Ugandan troops arrived in Kampala from Somalia on Monday.") == {
        ("UGA", "SOM", "withdrawal_completed", None, "2010-05-17")}
    assert roles("The last of the Irish troops stationed in Chad arrived back in Dublin airport yesterday.") == {
        ("IRL", "TCD", "withdrawal_completed", None, "2010-05-20")}
    assert roles("Ugandan troops arrived in Mogadishu from Kampala on Monday.") == {
        ("UGA", "SOM", "arrival", "Mogadishu", "2010-05-17")}
    assert roles("The final batch of Irish troops from the United Nations mission in Chad returned to Dublin "
                 "airport on Thursday.") == {
        ("IRL", "TCD", "withdrawal_completed", None, "2010-05-20")}
    assert {claim[:4] for claim in roles("Ethiopian troops returned to Baidoa in Somalia in 2012.")} == {
        ("ETH", "SOM", "arrival", "Baidoa")}


def test_a_list_of_places_in_a_later_sentence_names_the_several_places_of_the_claim_before():
    claims = claims_of("Kenyan troops are deployed in several towns of the Gedo region of Somalia. The deployment "
                       "aims to cut supply lines. Witnesses said the soldiers had settled in the towns of Dolow, "
                       "Luuq and Garbaharey.", published=dt.date(2016, 3, 1))
    assert [(c.actor, c.host_country, c.event, c.site) for c in claims] == [
        ("KEN", "SOM", "presence", "Dolow"), ("KEN", "SOM", "presence", "Luuq"),
        ("KEN", "SOM", "presence", "Garbaharey")]


def test_the_army_foreign_troops_operate_alongside_is_the_host_s():
    def roles(text: str) -> set[tuple]:
        return {(c.actor, c.host_country) for c in claims_of(text, published=dt.date(2023, 9, 7))}
    assert roles("The armed forces of Burundi operate jointly with the Armed Forces of the DRC (FARDC) in the "
                 "border area.") == {("BDI", "COD")}
    assert roles("Rwandan troops are deployed alongside Mozambican forces.") == {("RWA", "MOZ")}


def test_a_nearer_date_before_the_verb_beats_the_one_that_opens_the_sentence():
    (claim,) = claims_of("In 2009, the Japanese military began joining the patrols off Somalia and in 2011 "
                         "established a base in Djibouti.", published=dt.date(2025, 8, 21))
    assert (claim.actor, claim.host_country, claim.event, claim.date) == ("JPN", "DJI", "arrival", "2011")


def test_an_owner_s_or_a_generic_base_name_is_no_site():
    (claim,) = claims_of("The Japanese Self-Defense Forces' Base in Djibouti is important.",
                         published=dt.date(2025, 8, 21))
    assert claim.site is None
    (claim,) = claims_of("Ethiopian troops left the Army Base in Baidoa on Monday.", published=dt.date(2013, 7, 16))
    assert claim.site == "Baidoa"
    (claim,) = claims_of("French troops left Camp Kossei in Chad on Monday.", published=dt.date(2025, 1, 31))
    assert claim.site == "Camp Kossei"


def test_a_presence_at_one_base_leaves_the_country_wide_presence_an_exit_implies():
    claims = claims_of("About 500 US troops are stationed at the drone base in Agadez in Niger. The US began "
                       "withdrawing its troops from Niger on Sunday.", published=dt.date(2024, 5, 20))
    assert {(c.event, c.site, c.date) for c in claims} == {
        ("presence", "Agadez", "2024-05-20"), ("withdrawal_announced", None, "2024-05-19"),
        ("presence", None, "2024-05-19")}


def test_the_state_whose_verb_it_is_sends_troops_that_join_a_mission_and_a_clause_after_keeps_its_date():
    (claim,) = claims_of("Botswana has deployed 296 troops to Mozambique to join soldiers from the SADC region "
                         "after regional leaders agreed in June to respond.", published=dt.date(2021, 8, 6))
    assert (claim.actor, claim.host_country, claim.event, claim.date, claim.personnel) == (
        "BWA", "MOZ", "arrival", None, 296)
    assert claims_of("The SADC mission, which includes Botswana, has deployed troops to Mozambique.",
                     published=dt.date(2021, 8, 6)) == []


def test_an_officer_s_arrival_does_not_date_the_troops_arrival_told_before():
    (claim,) = claims_of("Tanzanian troops arrive in eastern DRC. The intervention brigade commander arrived in Goma "
                         "on April 23, but troops meant to arrive by the end of April have only just started "
                         "arriving.", published=dt.date(2013, 5, 12))
    assert (claim.actor, claim.host_country, claim.event, claim.date) == ("TZA", "COD", "arrival", None)


def test_a_state_that_announces_the_arrival_of_soldiers_of_no_other_state_sends_them():
    (claim,) = claims_of("Denmark announced last week the arrival in Mali of 90 soldiers.",
                         published=dt.date(2022, 1, 24))
    assert (claim.actor, claim.host_country, claim.event, claim.date, claim.personnel) == (
        "DNK", "MLI", "arrival", "2022-01", 90)
    assert {c.actor for c in claims_of("Chad announced the withdrawal of French troops.",
                                       published=dt.date(2022, 1, 24))} == {"FRA"}


def test_a_yearless_day_just_after_the_page_s_stamp_is_in_the_page_s_year():
    stamp = dt.date(2023, 3, 18)
    assert [(d.value, d.future) for d in find_dates("Troops left on March 19.", stamp)] == [("2023-03-19", False)]
    assert [(d.value, d.future) for d in find_dates("Troops will leave on March 19.", stamp)] == [
        ("2023-03-19", True)]
    assert [d.value for d in find_dates("Troops left on March 25.", stamp)] == ["2022-03-25"]


def test_a_named_camp_opening_the_next_sentence_names_the_unnamed_base_handed_over():
    claims = claims_of("France has handed over its only army base in Senegal to the Senegalese authorities. The "
                       "Rufisque military camp, near Dakar, had hosted French marines.", published=dt.date(2025, 7, 1))
    handover = [c for c in claims if c.event == "handover"]
    assert [(c.actor, c.host_country, c.site) for c in handover] == [("FRA", "SEN", "Rufisque")]
    claims = claims_of("France has handed over its only army base in Ivory Coast to the Ivorian authorities. The "
                       "Port-Bouet military camp, near Abidjan, had hosted French marines.",
                       published=dt.date(2025, 2, 20))
    handover = [c for c in claims if c.event == "handover"]
    assert [(c.actor, c.host_country, c.site) for c in handover] == [("FRA", "CIV", "Port-Bouet military camp")]


def test_a_verbless_presence_is_told_in_the_tense_of_the_sentence_s_verb():
    claims = claims_of("Until recently, there were 350 French troops at bases in Libreville and Dakar, and 950 "
                       "soldiers in Abidjan.", published=dt.date(2024, 1, 30))
    assert {(c.host_country, c.site, c.date, c.personnel) for c in claims} == {
        ("GAB", "Libreville", None, 350), ("SEN", "Dakar", None, 350), ("CIV", "Abidjan", None, 950)}
    (claim,) = claims_of("There are 950 French soldiers in Abidjan.", published=dt.date(2024, 1, 30))
    assert claim.date == "2024-01-30"


def test_a_quoted_adverb_between_a_state_and_its_verb_leaves_the_state_the_subject():
    claims = claims_of("Mali’s ruling junta demanded Monday that Denmark “immediately” withdraw the 100 soldiers who "
                       "recently arrived in the country to join the European special forces grouping Takuba.",
                       published=dt.date(2022, 1, 24))
    assert {(c.actor, c.host_country, c.event, c.date, c.personnel) for c in claims} >= {
        ("DNK", "MLI", "withdrawal_announced", "2022-01-24", 100)}


def test_scare_quotes_around_a_word_do_not_open_a_clause():
    from footprint.extract.passes import article_views

    _text, (view,) = article_views('Mali demanded that Denmark "immediately" withdraw its troops.', Gazetteer.builtin())
    assert len(set(view.segments)) == 1
    _text, (view,) = article_views('He said: "The troops will leave soon", officials added.', Gazetteer.builtin())
    assert len(set(view.segments)) > 1


def test_the_comma_that_ends_an_opening_clause_does_not_make_the_subject_a_list_item():
    (claim,) = claims_of("After a decade-long peacekeeping mission in Mali, Germany has officially begun withdrawing "
                         "from the West African nation.", published=dt.date(2023, 12, 12))
    assert (claim.actor, claim.host_country, claim.event) == ("DEU", "MLI", "withdrawal_announced")


def test_the_town_a_base_stands_by_is_the_site():
    (claim,) = claims_of("Ethiopian troops left a base east of Beletwein in Somalia on Monday.",
                         published=dt.date(2008, 1, 29))
    assert (claim.actor, claim.host_country, claim.event, claim.site, claim.date) == (
        "ETH", "SOM", "withdrawal_completed", "Beletwein", "2008-01-28")


def test_a_second_place_with_its_own_preposition_is_a_second_claim():
    claims = claims_of("Kenyan troops are deployed in Kismayo and in Dhobley in Somalia.", published=dt.date(2023, 3, 18))
    assert {(c.actor, c.host_country, c.site) for c in claims} == {("KEN", "SOM", "Kismayo"), ("KEN", "SOM", "Dhobley")}
    (claim,) = claims_of("French troops left Gao and in Mali the army took over.", published=dt.date(2023, 3, 18))
    assert claim.site == "Gao"


def test_a_presence_at_the_place_and_day_of_an_arrival_told_before_is_its_result():
    claims = claims_of("Burundian soldiers deployed on Saturday in various communities of North Kivu in Congo. "
                       "Burundian forces are now in the communities of Mushaki and Matanda.",
                       published=dt.date(2023, 3, 18))
    assert sorted((c.event, c.site, c.date) for c in claims) == [
        ("arrival", "Matanda", "2023-03-18"), ("arrival", "Mushaki", "2023-03-18")]


def test_the_date_of_a_participle_modifying_another_noun_is_not_the_trigger_s():
    claims = claims_of("The Burundian deployment in Congo is part of the mission announced on February 4 by the "
                       "member states of the East African Community.", published=dt.date(2023, 3, 18))
    assert all(c.date != "2023-02-04" for c in claims)
    claims = claims_of("France announced on Sunday the withdrawal of its troops from Niger.",
                       published=dt.date(2023, 9, 26))
    assert ("withdrawal_announced", "2023-09-24") in {(c.event, c.date) for c in claims}
