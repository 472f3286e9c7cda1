"""AppTest: the Data page's exports, and the ACLED layer and dossier section driven by FOOTPRINT_ACLED."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.acled_scale import write_synthetic_acled
from footprint.dataset import load_dataset
from footprint.query import events_between, presence_at
from footprint.view import EVENT_WINDOW_AFTER, EVENT_WINDOW_BEFORE
from tests.conftest import DATA, ROOT

DAY = dt.date(2024, 5, 15)


def _sahel_counts() -> tuple[int, int]:
    """Sites (present or with an event nearby in time) and deployments of the Sahel view on DAY, from the data."""
    data = load_dataset(DATA)
    presence = presence_at(data, DAY, region="sahel")
    events = events_between(data, DAY - EVENT_WINDOW_BEFORE, DAY + EVENT_WINDOW_AFTER, region="sahel")
    return len(set(presence["site_id"]) | set(events["site_id"].dropna())), len(presence)


def _open(params: dict[str, str], page: str | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    if page:
        app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


@pytest.mark.parametrize(("fmt", "name", "check"), [
    ("gpkg", "footprint-2024-05-15-sahel.gpkg", lambda b: b.startswith(b"SQLite format 3")),
    ("kmz", "footprint-2024-05-15-sahel.kmz", lambda b: zipfile.ZipFile(io.BytesIO(b)).namelist()[0] == "doc.kml"),
])
def test_data_page_prepares_an_export_of_the_filtered_rows(fmt, name, check) -> None:
    app = _open({"as_of": "2024-05-15", "region": "sahel"}, page="pages/data.py")
    sites, deployments = _sahel_counts()
    assert any(f"{sites} sites, {deployments} deployments" in c.value for c in app.caption)
    app.selectbox(key="exchange_format").set_value(fmt).run()
    app.button(key="exchange_prepare").click().run()
    assert not app.exception, app.exception
    labels = [b.label for b in app.get("download_button")]
    assert f"Download {name}" in labels
    prepared = app.session_state["exchange_file"]
    assert prepared[1] == name and check(prepared[2])
    app.selectbox(key="exchange_format").set_value("csv").run()  # a file prepared for other settings is withdrawn
    assert f"Download {name}" not in [b.label for b in app.get("download_button")]


def test_acled_layer_and_dossier_section(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FOOTPRINT_ACLED", str(write_synthetic_acled(tmp_path / "synthetic.csv", 5000)))
    app = _open({"as_of": "2024-05-15", "region": "sahel", "site": "ner-air-base-101"})
    assert any(m.value == "**ACLED events nearby**" for m in app.markdown)
    dossier = next(c.value for c in app.caption if "events within 50 km from" in c.value)
    assert "(ACLED, synthetic.csv)" in dossier
    assert len(app.get("arrow_vega_lite_chart")) + len(app.get("vega_lite_chart")) >= 2  # Gantt and ACLED counts
    app.toggle(key="show_acled").set_value(True).run()
    assert not app.exception, app.exception
    layer = next(c.value for c in app.caption if c.value.startswith("ACLED: "))
    assert f"from 16 Mar 2024 to 14 Jun 2024 within 50 km of the {_sahel_counts()[0]} sites shown" in layer
    app.number_input(key="acled_radius_km").set_value(5).run()
    assert "within 5 km" in next(c.value for c in app.caption if c.value.startswith("ACLED: "))


def test_a_refused_acled_file_is_reported_not_raised(tmp_path, monkeypatch) -> None:
    (tmp_path / "wrong.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    monkeypatch.setenv("FOOTPRINT_ACLED", str(tmp_path / "wrong.csv"))
    app = _open({}, page="pages/data.py")
    assert any("wrong.csv: not an ACLED export; missing column(s) event_id_cnty" in e.value for e in app.error)
