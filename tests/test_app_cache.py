"""The map's shared caches: sessions share what depends on the data version and the filters alone, never what
belongs to one session, and a change to the data reaches the map on the next run."""

from __future__ import annotations

import datetime as dt
import gc

import pytest

from footprint.dataset import load_dataset
from footprint.memo import KEPT, per_dataset
from footprint.view import view_from_params
from pages._state import AS_OF_KEY
from tests.conftest import DATA
from tests.hostile import script_arguments
from tests.test_app import _claim_numbers, _map_layers_sent, counts_line, open_app

DAY = "2024-05-15"


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA)


def _layers(app) -> dict:
    (state,) = script_arguments(_map_layers_sent(app), "layers")
    return state


def _column(column) -> list:
    return column if isinstance(column, list) else [column["values"][code] for code in column["codes"]]


def _drawn(app) -> tuple[list[str], list[str]]:
    """Site ids and force names (one per force row) in the layers the map got last."""
    payload = _layers(app)["payload"]
    return payload["sites"]["id"], _column(payload["forces"]["force"])


def _expected_sites(data, params: dict[str, str]) -> list[str]:
    return list(dict.fromkeys(view_from_params(params, data).presence(data)["site_id"]))


def test_sessions_with_other_filters_get_their_own_layers_and_equal_filters_the_same(data):
    everyone = open_app({"as_of": DAY})
    france = open_app({"as_of": DAY, "actor": "FRA"})
    everyone.run()  # once the France session has filled the shared caches
    assert _drawn(everyone)[0] == _expected_sites(data, {"as_of": DAY})
    assert _drawn(france)[0] == _expected_sites(data, {"as_of": DAY, "actor": "FRA"})
    assert _drawn(france)[0] != _drawn(everyone)[0]
    # Another date in the same session: its own layers, not the first date's.
    later = dt.date(2025, 3, 1)
    france.date_input(key=AS_OF_KEY).set_value(later).run()
    assert _drawn(france)[0] == _expected_sites(data, {"as_of": later.isoformat(), "actor": "FRA"})
    # A new session with the first filters gets what the first got (the shared entry, not a rebuilt one).
    again = open_app({"as_of": DAY})
    assert _layers(again) == _layers(everyone)


def test_what_one_session_chose_stays_in_it(data):
    finder = open_app({"as_of": DAY})
    finder.selectbox(key="find_site").set_value("ner-air-base-101").run()
    assert not finder.exception
    assert len(script_arguments(_map_layers_sent(finder), "focus")) == 1  # the map frames the site found
    assert any(m.value.startswith("### Air Base 101") for m in finder.markdown)

    other = open_app({"as_of": DAY})
    assert script_arguments(_map_layers_sent(other), "focus") == []
    assert other.session_state["site"] is None
    assert not any(m.value.startswith("### Air Base 101") for m in other.markdown)
    assert _drawn(other)[0] == _expected_sites(data, {"as_of": DAY})


def test_an_accepted_edit_reaches_an_open_map_on_its_next_run(tmp_path, monkeypatch):
    """The map caches are keyed by the store's revision: a handover accepted on the Ingest page changes the
    map another session has open, on its next run, with nothing else changed."""
    from tests.test_app import HANDOVER

    monkeypatch.setenv("FOOTPRINT_WORKSPACE", str(tmp_path / "workspace.sqlite"))
    params = {"as_of": "2025-06-20", "country": "NER"}
    viewer = open_app(params)
    sites, forces = _drawn(viewer)
    assert "ner-air-base-101" in sites and "MISIN" in forces
    shown = counts_line(viewer)

    editor = open_app(page="pages/ingest.py")
    editor.text_area(key="ingest_text").set_value(HANDOVER).run()
    editor.text_input(key="ingest_outlet").set_value("Example Wire").run()
    editor.selectbox(key="ingest_kind").set_value("wire").run()
    editor.text_input(key="ingest_who").set_value("reviewer").run()
    [number] = _claim_numbers(editor, "ITA")
    editor.radio(key=f"claim_{number}_decision").set_value("accept").run()
    editor.button(key="ingest_save").click().run()
    assert not editor.exception and not editor.error

    viewer.run()
    assert not viewer.exception
    assert "MISIN" not in _drawn(viewer)[1]
    assert counts_line(viewer) != shown


class _Held:
    """Something a test can let go of, as a Dataset is let go of when its data version is dropped."""


def test_per_dataset_remembers_each_object_until_it_goes():
    worked: list[int] = []

    @per_dataset
    def derive(thing) -> int:
        worked.append(id(thing))
        return len(worked)

    first, second = _Held(), _Held()
    assert derive(first) == derive(first) == 1
    assert derive(second) == 2 and derive(first) == 1  # one entry per object, not one for all
    del first
    gc.collect()
    third = _Held()
    assert derive(third) == 3  # even if it reuses the number of one gone
    many = [_Held() for _ in range(KEPT + 2)]
    for thing in many:
        derive(thing)
    calls = len(worked)
    derive(many[0])  # the oldest was let go of to keep at most KEPT
    assert len(worked) == calls + 1
    derive(many[-1])
    assert len(worked) == calls + 1
