"""The app's pages under hostile and careless input (AppTest): ids from any name, uploads in any encoding,
bad files named in one sentence, user text shown as text."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from footprint.model import MAX_SLUG, slug
from tests.conftest import ROOT

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

REPORT = (
    "url: https://example.org/wire/italy-agadez\npublished: 2025-03-05\n\n"
    "Italian troops arrived at Air Base 201 in Agadez, Rome's defence ministry said."
)


def _ingest(tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("FOOTPRINT_WORKSPACE", str(tmp_path / "workspace.sqlite"))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    app.run()
    app.switch_page("pages/ingest.py").run()
    return app


@given(st.text(min_size=1, max_size=120).filter(lambda name: name.strip()))
@settings(max_examples=300, deadline=None)
def test_slug_makes_a_valid_id_from_any_name(name):
    made = slug("CIV", name)
    assert SLUG.match(made) and len(made) <= MAX_SLUG and made.startswith("civ")


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Camp Général Ouattara (Abidjan)", "civ-camp-general-ouattara-abidjan"),
     ("Base aérienne 101 — Niamey", "civ-base-aerienne-101-niamey"),
     ("Łódź  Camp", "civ-odz-camp")],
)
def test_slug_drops_accents_and_punctuation(name, expected):
    assert slug("CIV", name) == expected


def test_a_new_site_with_accents_and_parentheses_is_saved_from_ingest(tmp_path, monkeypatch):
    from footprint.workspace import Workspace

    app = _ingest(tmp_path, monkeypatch)
    app.text_area(key="ingest_text").set_value(REPORT).run()
    app.text_input(key="ingest_outlet").set_value("Example Wire").run()
    app.text_input(key="ingest_who").set_value("reviewer").run()
    app.selectbox(key="ingest_kind").set_value("wire").run()
    number = next(n for n in range(1, 10) if app.text_input(key=f"claim_{n}_actor").value == "ITA")
    app.selectbox(key=f"claim_{number}_site_id").set_value("(new site…)").run()
    app.text_input(key="new_site_name").set_value("Camp Général Ouattara (Agadez)").run()
    app.number_input(key="new_site_lat").set_value(16.97).run()
    app.number_input(key="new_site_lon").set_value(7.99).run()
    app.radio(key=f"claim_{number}_decision").set_value("accept").run()
    app.button(key="ingest_save").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    sites = Workspace(tmp_path / "workspace.sqlite").rows("sites")
    assert [row["site_id"] for row in sites] == ["ner-camp-general-ouattara-agadez"]
    assert sites[0]["name"] == "Camp Général Ouattara (Agadez)"


def test_an_unexpected_failure_shows_one_sentence_not_a_traceback(tiny_copy, monkeypatch):
    (tiny_copy / "sites.csv").write_text("not,the,right,header\n", encoding="utf-8")
    monkeypatch.setenv("FOOTPRINT_DATA", str(tiny_copy))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    assert not app.exception
    [error] = app.error
    assert "server's log" in error.value and "Traceback" not in error.value and str(tiny_copy) not in error.value


@pytest.mark.parametrize(
    ("params", "notice"),
    [({"from": "2020-01-01", "to": "2030-06-30"}, "after the data's last day"),
     ({"as_of": "9999-12-31"}, "after the data's last day"),
     ({"as_of": "2024-13-01"}, "no such day"),
     ({"lat": "13.5", "lon": "-194.06", "zoom": "5"}, None)],
)
def test_links_out_of_range_open_the_page_with_a_notice(params, notice):
    from footprint.dataset import load_dataset
    from tests.conftest import DATA

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception and not app.error
    shown = [toast.value.replace("\\", "").replace("\u2060", "") for toast in app.toast]
    if notice:
        assert len(shown) == 1 and notice in shown[0], shown
    else:
        assert shown == []
    data = load_dataset(DATA)
    if "from" in params:
        assert app.date_input(key="period_from").value == dt.date(2020, 1, 1)
        assert app.date_input(key="period_to").value == data.as_of
