"""Article-level reasoning of the extractor: dates read across a page, claims of one event merged, restatements."""

from __future__ import annotations

import datetime as dt

import pytest

from footprint.extract import extract_claims, find_dates


@pytest.mark.parametrize(("sentence", "published", "expected"), [
    # "N days ago" counts back from the page; a week back is known to its month only.
    ("Four days ago, the ministry confirmed the move.", dt.date(2021, 3, 10), [("2021-03-06", "day")]),
    ("The convoy set off 2 days ago.", dt.date(2021, 3, 1), [("2021-02-27", "day")]),
    ("The garrison was reinforced a week ago.", dt.date(2021, 3, 20), [("2021-03", "month")]),
    ("The garrison was reinforced two weeks ago.", dt.date(2021, 3, 5), [("2021-02", "month")]),
    # A past week across two months is known to its year only.
    ("Last week, the army confirmed it.", dt.date(2021, 4, 7), [("2021", "year")]),
    ("Last week, the army confirmed it.", dt.date(2021, 3, 20), [("2021-03", "month")]),
])
def test_counted_back_dates(sentence, published, expected):
    assert [(d.value, d.precision) for d in find_dates(sentence, published)] == expected


@pytest.mark.parametrize(("sentence", "value", "future"), [
    # A dash closes the dateline, so the weekday opens the clause that looks ahead.
    ("date 2019-06-04 Bamako — On Thursday, Dutch marines begin leaving the country.", "2019-06-06", True),
    ("Bamako - On Thursday, Dutch marines begin leaving the country.", "2019-06-06", True),
    ("Bamako — On Thursday, Dutch marines left the country.", "2019-05-30", False),
])
def test_a_dash_ends_a_dateline(sentence, value, future):
    dates = [d for d in find_dates(sentence, dt.date(2019, 6, 4)) if d.value != "2019-06-04"]
    assert [(d.value, d.future) for d in dates] == [(value, future)]


def _facts(text: str, published: dt.date) -> set[tuple]:
    return {(c.actor, c.host_country, c.event, c.site, c.date, c.personnel)
            for c in extract_claims(text, published=published)}


@pytest.mark.parametrize(("text", "published", "present", "absent"), [
    # The day an announced pullout begins dates it, even when it is still to come.
    ("date 2019-06-04 Bamako — On Thursday, Dutch marines begin pulling out of Mali, where they were deployed in"
     " 2014.", dt.date(2019, 6, 4),
     [("NLD", "MLI", "withdrawal_announced", None, "2019-06-06", None)], []),
    # A date in a relative clause about something else does not date the movement; nor does the next sentence,
    # which tells a second movement from another place, date the first.
    ("Kenyan troops have pulled out of Bardhere base in Somalia. Soldiers had also left Kismayo, where"
     " al-Shabab said it had ambushed a patrol three days ago.", dt.date(2020, 5, 10),
     [("KEN", "SOM", "withdrawal_completed", "Bardhere base", None, None),
      ("KEN", "SOM", "withdrawal_completed", "Kismayo", None, None)],
     [("KEN", "SOM", "withdrawal_completed", "Kismayo", "2020-05-07", None),
      ("KEN", "SOM", "withdrawal_completed", "Bardhere base", "2020-05-07", None)]),
])
def test_article_dates(text, published, present, absent):
    facts = _facts(text, published)
    assert set(present) <= facts, facts
    assert not set(absent) & facts, facts


@pytest.mark.parametrize(("text", "present", "absent"), [
    # A strength broken down by place is also a presence at each place; a part over several places has no
    # headcount of its own, and the total stays the country's.
    ("Some 900 Italian soldiers are deployed in Niger, including about 600 in Niamey and 300 at the outposts"
     " of Agadez and Dirkou.",
     [("ITA", "NER", "presence", None, 900), ("ITA", "NER", "presence", "Niamey", 600),
      ("ITA", "NER", "presence", "Agadez", None), ("ITA", "NER", "presence", "Dirkou", None)],
     [("ITA", "NER", "presence", "Niamey", 900)]),
    ("About 2,000 Rwandan troops are deployed in Mozambique, with 1,500 in Palma.",
     [("RWA", "MOZ", "presence", None, 2000), ("RWA", "MOZ", "presence", "Palma", 1500)], []),
    # A "part" bigger than the whole, or one in another state, is not a breakdown of this force.
    ("About 300 Chadian troops are deployed in Niger, including 200 in Mali.",
     [("TCD", "NER", "presence", None, 300)], [("TCD", "NER", "presence", "Mali", 200)]),
])
def test_headcounts_broken_down_by_place(text, present, absent):
    facts = {(c.actor, c.host_country, c.event, c.site, c.personnel)
             for c in extract_claims(text, published=dt.date(2022, 6, 1))}
    assert set(present) <= facts, facts
    assert not set(absent) & facts, facts


@pytest.mark.parametrize(("sentence", "expected"), [
    # A day word quoted from a statement counts from the statement's day, not the page's.
    ('"Our soldiers left the camp today," the ministry said on Monday.', ["2022-05-30", "2022-05-30"]),
    ("“Our soldiers left the camp yesterday,” the ministry said on Monday.", ["2022-05-29", "2022-05-30"]),
    ("Our soldiers left the camp today, the ministry said on Monday.", ["2022-06-01", "2022-05-30"]),
])
def test_quoted_day_words(sentence, expected):
    assert [d.value for d in find_dates(sentence, dt.date(2022, 6, 1))] == expected


def test_a_quotation_over_two_sentences_is_dated_by_its_statement():
    text = ('"British troops left their base in Gao today. The handover went smoothly," the Malian army said'
            " in a statement read out on Monday evening.")
    facts = _facts(text, dt.date(2022, 6, 1))
    assert ("GBR", "MLI", "withdrawal_completed", "Gao", "2022-05-30", None) in facts, facts


def test_the_articles_host_stays_in_focus_past_a_state_named_in_passing():
    # The second sentence names Somalia in passing; its claim, like the article, is about Djibouti.
    text = ("Italy's base in Djibouti grows in importance. In 2013, Italy joined the patrols against pirates off"
            " Somalia and opened a base in Djibouti. About 90 Italian soldiers now work there.")
    facts = _facts(text, dt.date(2022, 6, 1))
    assert ("ITA", "DJI", "presence", None, "2022-06-01", 90) in facts, facts
    assert not any(fact[1] == "SOM" for fact in facts), facts


def test_an_exit_still_to_come_puts_the_force_there_on_the_page_s_day():
    text = ("The Spanish army withdrew its trainers from Bamako on Sunday, ahead of its exit from the airbase in"
            " Gao.")
    facts = {(c.actor, c.host_country, c.event, c.site, c.date, c.date_precision)
             for c in extract_claims(text, published=dt.date(2024, 7, 9))}
    assert ("ESP", "MLI", "presence", "Gao", "2024-07-09", "day") in facts, facts


@pytest.mark.parametrize(("text", "site"), [
    # The next sentence's claim about the force's base names the base the first left unnamed.
    ("Kenyan troops withdrew from a key military base in southern Somalia on Monday. Since 2012, the Kenyan army"
     " had kept a 500-strong garrison in a camp west of Kismayo.", "Kismayo"),
    # A next sentence about no base of that force names nothing.
    ("Kenyan troops withdrew from a key military base in southern Somalia on Monday. Kenyan troops are also"
     " deployed in Kismayo.", None),
])
def test_a_base_left_unnamed_is_named_by_the_next_sentence(text, site):
    exits = [c for c in extract_claims(text, published=dt.date(2020, 5, 13)) if c.event == "withdrawal_completed"]
    assert [(c.site, c.date) for c in exits] == [(site, "2020-05-11")]


@pytest.mark.parametrize(("text", "sites"), [
    # Where an agency filed the story is not where the troops are.
    ("Bunia, (APP - Some Wire / Some Paper - 3rd May, 2023) Some 500 Ugandan soldiers are deployed in eastern"
     " DR Congo, a report said.", [None]),
    ("Some 500 Ugandan soldiers are deployed in Bunia, a report said.", ["Bunia"]),
])
def test_an_agency_dateline_is_not_the_site(text, sites):
    claims = [c for c in extract_claims(text, published=dt.date(2023, 5, 3)) if c.event == "presence"]
    assert [c.site for c in claims] == sites


@pytest.mark.parametrize(("sentence", "value", "future"), [
    # A month without its year, in a clause about what is to come, is the next such month.
    ("Spain will start its withdrawal from June.", "2023-06", True),
    ("The troops will leave in February.", "2024-02", True),
    ("The troops left in June.", "2022-06", False),
])
def test_a_month_still_to_come(sentence, value, future):
    assert [(d.value, d.future) for d in find_dates(sentence, dt.date(2023, 3, 31))] == [(value, future)]
