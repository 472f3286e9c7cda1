"""The team flow in the app (AppTest): sign-in modes, proposing from Ingest, approving on Review,
and a viewer refused even through crafted widget state."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from footprint.store import Store
from pages import _auth
from tests.conftest import DATA, ROOT

HEADER = "X-Forwarded-User"
HANDOVER = (
    "published: 2025-06-12\n\n"
    "Italy handed over Air Base 101 in Niamey to the Nigerien army on June 10, the defence ministry in Rome said."
)


@pytest.fixture
def team_store(store_url, monkeypatch):
    store = Store(store_url, curated_dir=DATA)
    store.enable_team(admin="ada", who="setup")
    for name, role in (("ana", "analyst"), ("rey", "reviewer"), ("vic", "viewer")):
        store.set_role(name, role, who="ada")
    monkeypatch.setenv("FOOTPRINT_STORE", store_url)
    yield store
    store.close()


def _as(monkeypatch, name: str | None) -> None:
    """What the trusted proxy would send for this browser."""
    monkeypatch.setattr(_auth, "_request_headers", lambda: {HEADER: name} if name else {})


def _app(page: str, params: dict[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for name, value in (params or {}).items():
        app.query_params[name] = value
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def _propose_handover(app: AppTest, name: str | None = None) -> None:
    app.text_area(key="ingest_text").set_value(HANDOVER).run()
    app.text_input(key="ingest_outlet").set_value("Example Wire").run()
    app.selectbox(key="ingest_kind").set_value("wire").run()
    if name is not None:
        app.text_input(key="ingest_who").set_value(name).run()
    number = next(n for n in range(1, 10) if app.text_input(key=f"claim_{n}_actor").value == "ITA")
    app.radio(key=f"claim_{number}_decision").set_value("accept").run()
    app.button(key="ingest_save").click().run()
    assert not app.exception, app.exception


def test_one_proposes_another_approves_and_both_names_are_logged(team_store, monkeypatch):
    monkeypatch.setenv("FOOTPRINT_AUTH_HEADER", HEADER)
    _as(monkeypatch, "ana")
    app = _app("pages/ingest.py")
    _propose_handover(app)
    assert app.text_input(key="ingest_signed_in").value == "ana"
    assert not app.error, [e.value for e in app.error]
    assert any("Proposed 1 accepted claim(s) for review" in s.value for s in app.success)
    [proposal] = team_store.proposals()
    assert proposal.author == "ana"
    [event_id] = [row["event_id"] for row in proposal.batch.rows["events"]]
    assert event_id not in set(team_store.merged().events["event_id"])  # not on the shared map
    assert any("your 1 proposal(s) awaiting review" in c.value for c in app.sidebar.caption)

    # Ana's own tables show her proposal, marked as proposed; she cannot approve it.
    june = {"from": "2025-06-01", "to": "2025-06-30"}
    events = _app("pages/data.py", june).dataframe[1].value.set_index("event_id")
    assert events.loc[event_id, "origin"] == "proposed"
    _as(monkeypatch, "vic")
    events = _app("pages/data.py", june).dataframe[1].value
    assert event_id not in set(events["event_id"])
    _as(monkeypatch, "ana")
    app.switch_page("pages/review.py").run()
    assert not app.exception
    assert app.button(key="review_approve").disabled

    _as(monkeypatch, "rey")
    reviewer = _app("pages/review.py")
    texts = [t.value for t in reviewer.text]
    assert any("handed over Air Base 101" in t for t in texts), texts
    assert any("Signed in as rey · reviewer" in t for t in texts)
    assert not reviewer.button(key="review_approve").disabled
    reviewer.button(key="review_approve").click().run()
    assert not reviewer.exception and not reviewer.error, [e.value for e in reviewer.error]
    assert any(f"Approved proposal {proposal.proposal_id}" in s.value for s in reviewer.success)
    assert team_store.merged().events.set_index("event_id").loc[event_id, "origin"] == "workspace"
    events = _app("pages/data.py", june).dataframe[1].value.set_index("event_id")
    assert events.loc[event_id, "origin"] == "workspace"  # rey's tables show it now, and ana's
    _as(monkeypatch, "ana")
    events = _app("pages/data.py", june).dataframe[1].value.set_index("event_id")
    assert events.loc[event_id, "origin"] == "workspace"
    log = team_store.history()
    approved = log[log["proposal_id"] == proposal.proposal_id]
    assert {"ana"} == set(approved[approved["table"] != "proposals"]["who"])
    assert {"rey"} == set(approved[approved["table"] != "proposals"]["approved_by"])


def test_a_viewer_cannot_write_even_through_crafted_widget_state(team_store, monkeypatch):
    monkeypatch.setenv("FOOTPRINT_AUTH_HEADER", HEADER)
    _as(monkeypatch, "vic")
    app = _app("pages/ingest.py")
    before = team_store.revision()
    app.text_area(key="ingest_text").set_value(HANDOVER).run()
    app.text_input(key="ingest_outlet").set_value("Example Wire").run()
    assert app.button(key="ingest_save").disabled
    # A crafted session, as a hand-written websocket message would make it: a reviewer's name typed into the
    # local-mode field, a claim accepted, and the disabled save button triggered anyway.
    app.session_state["ingest_who"] = "rey"
    app.radio(key="claim_1_decision").set_value("accept").run()
    app.button(key="ingest_save")._value = True  # what AppTest's click() refuses to do for a disabled button
    app.run()
    assert not app.exception
    # Streamlit drops the trigger of a disabled button; had it not, the store refuses vic on every write path
    # (tests/test_team.py), whatever name a widget holds.
    assert team_store.revision() == before and team_store.proposals() == []
    team_store.close_deployment("dep-rus-bfa-loumbila-2023", "2025-06-30", "day", who="ana",
                                source_id="src-africapresse-2024-loumbila-le-monde")
    review = _app("pages/review.py")
    assert review.button(key="review_approve").disabled and review.button(key="review_reject").disabled


def test_the_header_is_ignored_unless_header_mode_is_on(team_store, monkeypatch):
    _as(monkeypatch, "rey")  # a header any client could send
    app = _app("pages/ingest.py")
    assert not any("Signed in as" in t.value for t in app.text)
    app.text_area(key="ingest_text").set_value(HANDOVER).run()
    assert app.button(key="ingest_save").disabled
    assert any("sign in to propose changes" in i.value for i in app.info)


def test_oidc_mode_offers_sign_in_and_no_writes_before_it(team_store, monkeypatch):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    app.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "test-secret",
                           "client_id": "footprint", "client_secret": "x",
                           "server_metadata_url": "https://idp.example/.well-known/openid-configuration"}
    app.run()
    app.switch_page("pages/ingest.py").run()
    assert not app.exception, app.exception
    assert [b.label for b in app.sidebar.button if b.key == "auth_login"] == ["Sign in"]
    app.text_area(key="ingest_text").set_value(HANDOVER).run()
    assert app.button(key="ingest_save").disabled


def test_the_single_user_store_is_unchanged(monkeypatch, tmp_path):
    monkeypatch.setenv("FOOTPRINT_STORE", str(tmp_path / "solo.sqlite"))
    app = _app("pages/ingest.py")
    _propose_handover(app, "sam")
    assert any("Saved 1 accepted" in s.value for s in app.success)
    review = _app("pages/review.py")
    assert any("single-user workspace" in i.value for i in review.info)
    store = Store(tmp_path / "solo.sqlite")
    assert set(store.history()["who"]) == {"sam"}


REPORT = (
    "url: https://example.org/wire/italy-agadez\npublished: 2025-03-05\n\n"
    "Italian troops arrived at Air Base 201 in Agadez, Rome's defence ministry said. "
    "France's last soldiers left Chad in January, the army said."
)


def test_claims_accepted_one_at_a_time_are_all_kept_and_leave_the_list(monkeypatch, tmp_path):
    """Issue 10, item 12: the second claim of an accepted article was refused, and accepted ones stayed listed."""
    monkeypatch.setenv("FOOTPRINT_STORE", str(tmp_path / "solo.sqlite"))
    app = _app("pages/ingest.py")
    app.text_area(key="ingest_text").set_value(REPORT).run()
    app.text_input(key="ingest_outlet").set_value("Example Wire").run()
    app.selectbox(key="ingest_kind").set_value("wire").run()
    app.text_input(key="ingest_who").set_value("sam").run()
    assert any(s.value.startswith("2 claim(s) to review") for s in app.subheader)
    for actor in ("ITA", "FRA"):
        shown = {w.key: w.value for w in app.text_input}
        number = next(n for n in range(1, 10) if shown.get(f"claim_{n}_actor") == actor)
        app.radio(key=f"claim_{number}_decision").set_value("accept").run()
        app.button(key="ingest_save").click().run()
        assert not app.exception and not app.error, [e.value for e in app.error]
        assert any("Saved 1 accepted" in s.value for s in app.success)
    assert any(s.value == "0 claim(s) to review (2 accepted before)" for s in app.subheader)
    events = Store(tmp_path / "solo.sqlite").rows("events")
    assert sorted(e["actor_iso3"] for e in events) == ["FRA", "ITA"]


def test_an_unreachable_store_is_named_in_one_sentence_without_its_password(monkeypatch, capsys):
    from footprint.cli import main

    # Port 1 on the loopback: nothing listens there, so the connection is refused at once.
    monkeypatch.setenv("FOOTPRINT_STORE", "postgresql://nobody:s3cret@127.0.0.1:1/footprint")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    app.run()
    assert not app.exception
    said = " ".join(e.value for e in app.error).replace("\\", "").replace("\u2060", "")
    assert "cannot open its store" in said and "127.0.0.1:1/footprint" in said and "s3cret" not in said
    assert main(["workspace", "import", str(DATA), "--who", "ana", "--workspace",
                 "postgresql://nobody:s3cret@127.0.0.1:1/footprint"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: the store ") and "s3cret" not in err and "Traceback" not in err
