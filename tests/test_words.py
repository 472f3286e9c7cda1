"""Shared wording: how a source is credited wherever it is listed."""

from __future__ import annotations

import pytest

from footprint.words import source_credit


@pytest.mark.parametrize(
    ("outlet", "kind", "agency", "credit"),
    [
        ("Devdiscourse", "aggregator", "Reuters", "Devdiscourse (aggregator, from Reuters)"),
        ("Reuters", "wire", None, "Reuters (wire)"),
        ("TASS", "state_affiliated", "", "TASS (state-affiliated)"),
        ("U.S. Africa Command", "official", float("nan"), "U.S. Africa Command (official)"),
        ("Le Monde", None, None, "Le Monde"),
    ],
)
def test_a_source_is_credited_with_its_kind_and_agency(outlet, kind, agency, credit):
    assert source_credit(outlet, kind, agency) == credit


# --- dates in words: one home, no leading zeros -------------------------------------------------------------------

import datetime as dt  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

import pandas as pd  # noqa: E402

from footprint.words import day_words, month_words, readable, short_day, span_words  # noqa: E402


def test_days_read_without_a_leading_zero():
    day = dt.date(2022, 1, 1)
    assert day_words(day) == "1 January 2022"
    assert short_day(day) == "1 Jan 2022"
    assert month_words(day) == "Jan 2022"
    assert span_words(day, dt.date(2022, 12, 31)) == "1 Jan – 31 Dec 2022"


def test_no_page_or_module_words_a_date_with_strftime():
    """Date wording has one home (footprint.words): strftime's %d pads, and %b/%B follow the process locale."""
    root = Path(__file__).resolve().parent.parent
    worded = re.compile(r"%d %[bB]|%[bB] %Y|%[bB] %d")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in [root / "app.py", *sorted((root / "pages").glob("*.py")), *sorted((root / "footprint").rglob("*.py"))]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        # Reading dates (a parser's formats) and a chart's tick and tooltip formats (d3's, in English) are not
        # wording a page writes.
        if worded.search(line) and not any(word in line for word in ("DATE_FORMATS", "DateFormatter", "format="))
    ]
    assert offenders == []


def test_tables_for_people_show_blanks_not_nan_or_none():
    frame = pd.DataFrame({
        "force": ["Barkhane", None, float("nan")],
        "personnel": [1200.0, float("nan"), 80.0],
        "ended": pd.to_datetime(["2022-08-15", None, None]),
        "url": ["https://example.org", None, None],
        "count": [1, 2, 3],
    })
    shown = readable(frame, keep=["url"])
    assert shown["force"].tolist() == ["Barkhane", "", ""]
    assert shown["personnel"].tolist() == ["1,200", "", "80"]
    assert shown["ended"].tolist() == ["2022-08-15", "", ""]
    assert shown["url"].isna().tolist() == [False, True, True]  # a link column keeps its gaps for the link renderer
    assert shown["count"].tolist() == [1, 2, 3]
    assert not {"nan", "None", "NaT"} & {str(v) for v in shown.drop(columns="url").to_numpy().ravel()}
