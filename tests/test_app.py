"""AppTest: every page runs, driven through its widget keys."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from footprint.dataset import load_dataset
from footprint.query import presence_at
from pages._common import AS_OF_KEY, DATA_DIR_ENV
from tests.conftest import ROOT, TINY


@pytest.fixture
def app(monkeypatch) -> AppTest:
    monkeypatch.setenv(DATA_DIR_ENV, str(TINY))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    assert not app.exception, app.exception
    return app


def _summary(app: AppTest) -> str:
    return next(m.value for m in app.markdown if "** on " in m.value)


def test_opens_on_the_as_of_date(app):
    assert app.date_input(key=AS_OF_KEY).value == load_dataset(TINY).as_of
    assert "**1 force** on 31 December 2025" in _summary(app)


@pytest.mark.parametrize(
    ("date", "sites", "forces"),
    [(dt.date(2024, 6, 1), "1 site", "2 forces"), (dt.date(2023, 1, 1), "1 site", "1 force"), (dt.date(2020, 1, 1), "2 sites", "2 forces")],
)
def test_changing_the_date_changes_the_table(app, date, sites, forces):
    app.date_input(key=AS_OF_KEY).set_value(date).run()
    assert not app.exception
    assert f"**{sites}**" in _summary(app)
    assert f"**{forces}**" in _summary(app)
    table = app.dataframe[0].value
    expected = presence_at(load_dataset(TINY), date)
    assert sorted(table["site_name"]) == sorted(expected["site_name"])
    sources = app.dataframe[1].value
    assert set(sources["title"]) == {
        load_dataset(TINY).sources.at[i, "title"] for ids in expected["source_ids"] for i in ids
    }
