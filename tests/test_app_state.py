"""AppTest: one state across every page, each page's own state in its URL, the time axis, empty results,
readable tables (issue 13, items 1, 6 and 8)."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from footprint.dataset import load_dataset
from footprint.view import view_from_params
from pages._state import ACTOR_KEY, AS_OF_KEY, AS_OF_SLIDER_KEY, COUNTRY_KEY, EVENTS_KEY, REGION_KEY, SHADE_KEY
from tests.conftest import DATA, ROOT

LINK = {"as_of": "2024-05-15", "region": "sahel", "actor": "USA,RUS"}


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA)


def open_app(params: dict[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for name, value in (params or {}).items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, app.exception
    return app


def follow_link(app: AppTest, page: str, own: dict[str, str]) -> AppTest:
    """Open ``page`` as a link to it would: the URL carries its own parameters when it first runs."""
    for name, value in own.items():
        app.query_params[name] = value
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def sidebar(app: AppTest) -> tuple:
    return (app.date_input(key=AS_OF_KEY).value, app.slider(key=AS_OF_SLIDER_KEY).value,
            app.selectbox(key=REGION_KEY).value, app.multiselect(key=ACTOR_KEY).value)


def map_options(app: AppTest) -> tuple[bool, bool]:
    return app.toggle(key=EVENTS_KEY).value, app.toggle(key=SHADE_KEY).value


@pytest.mark.parametrize("page", ["pages/sources.py", "pages/ingest.py", "pages/review.py"])
def test_a_page_without_the_sidebar_keeps_the_filters(page):
    app = open_app(LINK)
    before = sidebar(app)
    assert before == (dt.date(2024, 5, 15), dt.date(2024, 5, 15), "sahel", ["USA", "RUS"])
    app.toggle(key=SHADE_KEY).set_value(True).run()
    assert map_options(app) == (True, True)
    app.switch_page(page).run()
    assert not app.exception
    app.switch_page("pages/map.py").run()
    assert sidebar(app) == before
    assert map_options(app) == (True, True)  # the map's own switches too
    assert dict(app.query_params) == LINK


def test_the_briefing_page_keeps_the_filters_and_its_dates_are_in_the_url():
    app = open_app(LINK)
    app.switch_page("pages/sources.py").run()
    follow_link(app, "pages/briefing.py", {"dates": "2023-07-01,2024-05-15"})
    assert sidebar(app) == (dt.date(2024, 5, 15), dt.date(2024, 5, 15), "sahel", ["USA", "RUS"])
    assert app.text_input(key="brief_dates").value == "2023-07-01, 2024-05-15"
    assert dict(app.query_params) == {**LINK, "dates": "2023-07-01,2024-05-15"}
    app.text_input(key="brief_dates").set_value("2022-01-01, 2025-03-01").run()
    assert dict(app.query_params)["dates"] == "2022-01-01,2025-03-01"


def test_compare_follows_the_sidebar_date_and_keeps_its_earlier_date_in_the_url():
    app = open_app({"as_of": "2024-05-15", "country": "NER"})
    follow_link(app, "pages/compare.py", {"before": "2023-07-01"})
    assert app.date_input(key="compare_a").value == dt.date(2023, 7, 1)
    assert app.date_input(key="compare_b").value == dt.date(2024, 5, 15)
    assert dict(app.query_params) == {"as_of": "2024-05-15", "country": "NER", "before": "2023-07-01"}
    # The sidebar moves the later date, and the later date moves the sidebar.
    app.date_input(key=AS_OF_KEY).set_value(dt.date(2025, 3, 1)).run()
    assert app.date_input(key="compare_b").value == dt.date(2025, 3, 1)
    app.date_input(key="compare_b").set_value(dt.date(2025, 6, 1)).run()
    assert app.date_input(key=AS_OF_KEY).value == app.slider(key=AS_OF_SLIDER_KEY).value == dt.date(2025, 6, 1)
    assert dict(app.query_params) == {"as_of": "2025-06-01", "country": "NER", "before": "2023-07-01"}
    # Over a period, the two dates are the period's ends.
    app.radio(key="time_mode").set_value("Over a period").run()
    app.date_input(key="period_from").set_value(dt.date(2022, 1, 1)).run()
    assert app.date_input(key="compare_a").value == dt.date(2022, 1, 1)
    assert app.date_input(key="compare_b").value == app.date_input(key="period_to").value


def test_compare_dates_come_back_after_another_page():
    app = open_app({"as_of": "2024-05-15"})
    follow_link(app, "pages/compare.py", {})
    app.date_input(key="compare_a").set_value(dt.date(2020, 2, 1)).run()
    app.switch_page("pages/sources.py").run()
    app.switch_page("pages/compare.py").run()
    assert app.date_input(key="compare_a").value == dt.date(2020, 2, 1)
    assert dict(app.query_params)["before"] == "2020-02-01"


def test_timeline_range_starts_where_the_data_covers_well_and_is_in_the_url(data):
    app = open_app({"actor": "FRA"})
    app.switch_page("pages/timeline.py").run()
    assert app.date_input(key="timeline_since").value == data.covered_from
    assert app.date_input(key="timeline_until").value == data.as_of
    assert dict(app.query_params) == {"actor": "FRA"}  # the default range is left out of the link
    app.date_input(key="timeline_since").set_value(dt.date(1990, 1, 1)).run()
    assert dict(app.query_params) == {"actor": "FRA", "since": "1990-01-01"}
    # The chart's time axis is the range, so old bars start at its left edge instead of stretching it.
    spec = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    assert spec["layer"][0]["encoding"]["x"]["scale"]["domain"][0].startswith("1990-01-01")

    again = open_app({"actor": "FRA"})
    follow_link(again, "pages/timeline.py", {"since": "2014-01-01", "until": "2016-12-31"})
    assert again.date_input(key="timeline_since").value == dt.date(2014, 1, 1)
    assert again.date_input(key="timeline_until").value == dt.date(2016, 12, 31)
    assert "1 January 2014 and 31 December 2016" in again.caption[0].value


def slider_start(app: AppTest) -> dt.date:
    """The slider's first day (AppTest gives a date slider's bounds in microseconds since 1970)."""
    return dt.date(1970, 1, 1) + dt.timedelta(microseconds=app.slider(key=AS_OF_SLIDER_KEY).min)


def test_the_slider_spans_the_well_covered_years_and_a_typed_date_reaches_older_history(data):
    assert data.first_day < data.covered_from  # the data does reach further back
    app = open_app()
    assert slider_start(app) == data.covered_from
    app.date_input(key=AS_OF_KEY).set_value(dt.date(1995, 6, 1)).run()
    assert not app.exception
    assert slider_start(app) == data.first_day
    assert app.slider(key=AS_OF_SLIDER_KEY).value == dt.date(1995, 6, 1)
    assert dict(app.query_params) == {"as_of": "1995-06-01"}


def _emptied_by_one_actor(data) -> dict[str, str]:
    """A host and day with forces present, and a sending state present that day but not in that host."""
    day = dt.date(2024, 5, 15)
    present = view_from_params({"as_of": day.isoformat()}, data).presence(data)
    host = present["host_iso3"].value_counts().index[0]
    elsewhere = sorted(set(present["actor_iso3"]) - set(present.loc[present["host_iso3"] == host, "actor_iso3"]))
    return {"as_of": day.isoformat(), "country": host, "actor": elsewhere[0]}


@pytest.mark.parametrize("page", ["pages/map.py", "pages/presence.py"])
def test_an_empty_result_names_the_filter_and_offers_to_clear_it(data, page):
    params = _emptied_by_one_actor(data)
    app = open_app(params)
    app.switch_page(page).run()
    [notice] = [info.value.replace("\\", "") for info in app.info]
    assert "Sending states" in notice and "Choose other dates" not in notice
    app.button(key="clear_filters_actors").click().run()
    assert app.multiselect(key=ACTOR_KEY).value == []
    assert app.multiselect(key=COUNTRY_KEY).value == [params["country"]]
    assert not app.info
    assert dict(app.query_params) == {"as_of": params["as_of"], "country": params["country"]}


def test_the_map_title_words_the_day_without_a_leading_zero():
    app = open_app({"as_of": "2022-01-01"})
    assert any(m.value == "### Foreign military presence · 1 January 2022" for m in app.markdown)


def _no_missing_words(frame: pd.DataFrame) -> None:
    cells = {str(value) for value in frame.to_numpy().ravel()}
    assert not frame.isna().to_numpy().any() and not {"nan", "None", "NaT", "<NA>"} & cells


def test_tables_show_no_nan_or_none():
    app = open_app({"as_of": "2024-05-15", "region": "sahel"})
    app.switch_page("pages/presence.py").run()
    _no_missing_words(app.dataframe[0].value)
    app.switch_page("pages/compare.py").run()
    _no_missing_words(app.dataframe[0].value)


def test_a_sources_link_opens_its_source_and_its_tables_name_records(data):
    cited = data.deployments.explode("source_ids")["source_ids"].value_counts()
    chosen = cited.index[0]  # the source behind the most deployments
    app = open_app()
    follow_link(app, "pages/sources.py", {"source": chosen})
    assert app.selectbox(key="source").value == chosen
    assert dict(app.query_params) == {"source": chosen}
    ids = set(data.sites.index) | set(data.deployments["deployment_id"]) | set(data.events["event_id"])
    for table in app.dataframe:
        frame = table.value
        _no_missing_words(frame)
        assert not ids & {str(value) for value in frame.to_numpy().ravel()}
    site_names = set(data.sites["name"])
    assert site_names & set(app.dataframe[0].value["site"])


REPORT = (
    "url: https://example.org/wire/italy-agadez\npublished: 2025-03-05\n\n"
    "Italian troops arrived at Air Base 201 in Agadez, Rome's defence ministry said. "
    "France's last soldiers left Chad in January, the army said."
)


def ingest(text: str, *, title: str = "") -> AppTest:
    app = open_app()
    app.switch_page("pages/ingest.py").run()
    app.text_area(key="ingest_text").set_value(text).run()
    app.text_input(key="ingest_outlet").set_value("Example Wire").run()
    app.selectbox(key="ingest_kind").set_value("wire").run()
    app.text_input(key="ingest_who").set_value("reviewer").run()
    if title:
        app.text_input(key="ingest_title").set_value(title).run()
    assert not app.exception
    return app


def offered(app: AppTest) -> dict[str, int]:
    keys = {widget.key for widget in app.text_input}
    return {app.text_input(key=f"claim_{n}_actor").value: n for n in range(1, 20) if f"claim_{n}_actor" in keys}


def accept_and_save(app: AppTest, actor: str) -> None:
    app.radio(key=f"claim_{offered(app)[actor]}_decision").set_value("accept").run()
    app.button(key="ingest_save").click().run()
    assert not app.exception


@pytest.fixture
def own_workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("FOOTPRINT_WORKSPACE", str(tmp_path / "workspace.sqlite"))


def test_saving_the_same_article_again_with_other_details_cites_the_saved_source(own_workspace):
    first = ingest(REPORT)
    accept_and_save(first, "ITA")
    assert [s.value for s in first.success] and not first.error
    again = ingest(REPORT, title="Italians arrive in Agadez")  # the same article, with a headline this time
    assert "ITA" not in offered(again)
    assert any("saved already" in info.value for info in again.info)
    accept_and_save(again, "FRA")
    assert not again.error, [error.value for error in again.error]
    assert any("Saved 1 accepted" in s.value for s in again.success)


def test_a_claim_the_data_holds_is_not_offered_again(own_workspace):
    first = ingest(REPORT)
    accept_and_save(first, "ITA")
    # Another report of the same arrival, on the same day: its claim is in the data already.
    other = ingest(REPORT.replace("defence ministry said.", "defence ministry said on Wednesday."))
    assert "ITA" not in offered(other) and "FRA" in offered(other)
    assert any("1 already in the data" in s.value for s in other.subheader)
