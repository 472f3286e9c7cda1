"""The store on both engines: validation, merging, closures, crash safety, concurrency, round trips, migration.

Every test runs once on SQLite and once on PostgreSQL+PostGIS (``store_url`` in conftest); the
curated data is a copy of the tiny fixture, so each test owns its files and its database.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from conftest import ROOT, TINY, set_cell
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from footprint.cli import main as cli_main
from footprint.dataset import DatasetError, load_dataset
from footprint.query import presence_at
from footprint.store import PATH_ENV, STORE_ENV, RowProblem, Store, article_hash, default_path, store_url
from footprint.store import engine as engine_module

TABLES = ("sources", "sites", "deployments", "events")


def _source(source_id: str = "src-new-wire", **changes: str) -> dict[str, str]:
    row = {"source_id": source_id, "outlet": "New Wire", "title": "Troops arrive", "published": "2025-03-02",
           "url": "https://example.org/new", "seed_file": "", "note": "test", "kind": "wire",
           "original_agency": ""}
    return {**row, **changes}


def _site(site_id: str = "ner-agadez", **changes: object) -> dict[str, object]:
    row = {"site_id": site_id, "name": "Agadez", "aliases": ["Air Base 201", "BA 201"], "site_type": "drone_base",
           "host_iso3": "NER", "lat": 16.9659, "lon": 8.0008, "location_precision": "approximate",
           "notes": "test", "source_ids": "src-new-wire", "disputed": False}
    return {**row, **changes}


def _deployment(deployment_id: str = "dep-usa-agadez", **changes: object) -> dict[str, object]:
    row = {"deployment_id": deployment_id, "actor_iso3": "USA", "force": "", "force_kind": "national_military",
           "site_id": "ner-agadez", "start_date": "2019-11", "start_precision": "month", "end_date": None,
           "end_precision": None, "personnel_min": 800, "personnel_max": 1000, "role": ("isr_drones",),
           "confidence": "medium", "status_note": "test", "source_ids": "src-new-wire"}
    return {**row, **changes}


def _event(event_id: str, **changes: str) -> dict[str, str]:
    row = {"event_id": event_id, "date": "2024-06-01", "date_precision": "day", "actor_iso3": "RUS",
           "force": "Africa Corps", "host_iso3": "NER", "site_id": "ner-ab101", "event_type": "presence_reported",
           "summary": "Reported at the base.", "personnel": "", "source_ids": "src-one"}
    return {**row, **changes}


def _new_base() -> dict[str, list[dict]]:
    return {"sources": [_source()], "sites": [_site()], "deployments": [_deployment()]}


@pytest.fixture
def curated(tiny_copy: Path) -> Path:
    return tiny_copy


@pytest.fixture
def ws(store_url: str, curated: Path) -> Store:
    store = Store(store_url, curated_dir=curated)
    yield store
    store.close()


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def _integrity(store: Store) -> str:
    if store.postgis:
        with store.engine.connect() as conn:  # every table readable end to end
            for table in (*TABLES, "overrides", "changes", "articles", "rejections"):
                conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar()
        return "ok"
    with sqlite3.connect(store.path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


# --- opening ---------------------------------------------------------------------


def test_opens_with_every_table(ws: Store) -> None:
    from sqlalchemy import inspect

    names = set(inspect(ws.engine).get_table_names())
    assert {*TABLES, "overrides", "changes", "articles", "rejections", "people", "proposals"} <= names
    if not ws.postgis:
        with sqlite3.connect(ws.path) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    Store(ws.url, curated_dir=ws.curated_dir)  # reopening an existing store is harmless


def test_sites_have_a_postgis_point_under_a_gist_index(ws: Store) -> None:
    ws.add(_new_base(), who="ana")
    ws.add({"sites": [_site("ner-niamey", name="Niamey", lat=13.48, lon=2.17)]}, who="ana")
    assert ws.sites_within(7.0, 16.0, 9.0, 17.5) == ["ner-agadez"]
    assert ws.sites_within(0.0, 10.0, 20.0, 20.0) == ["ner-agadez", "ner-niamey"]
    assert ws.sites_within(0.0, 0.0, 1.0, 1.0) == []
    if ws.postgis:
        with ws.engine.connect() as conn:
            srid = conn.execute(text("SELECT Find_SRID('public', 'sites', 'geom')")).scalar()
            assert srid == 4326
            point = conn.execute(text("SELECT ST_AsText(geom) FROM sites WHERE site_id = 'ner-agadez'")).scalar()
            assert point == "POINT(8.0008 16.9659)"
            conn.execute(text("SET enable_seqscan = off"))
            plan = conn.execute(text("EXPLAIN SELECT site_id FROM sites WHERE ST_Intersects(geom, "
                                     "ST_MakeEnvelope(7, 16, 9, 17.5, 4326))")).scalars().all()
            assert any("sites_geom" in line for line in plan), plan


def test_the_store_setting_picks_the_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(PATH_ENV, str(tmp_path / "elsewhere.sqlite"))
    monkeypatch.delenv(STORE_ENV, raising=False)
    assert default_path() == tmp_path / "elsewhere.sqlite"
    assert store_url() == f"sqlite:///{tmp_path / 'elsewhere.sqlite'}"
    monkeypatch.setenv(STORE_ENV, "postgresql://team@db.example:5432/footprint")
    assert store_url() == "postgresql+psycopg://team@db.example:5432/footprint"
    monkeypatch.setenv(STORE_ENV, "sqlite:///relative.sqlite")
    assert store_url() == "sqlite:///relative.sqlite"
    monkeypatch.setenv(STORE_ENV, "mysql://nope/db")
    with pytest.raises(ValueError, match="unsupported store"):
        store_url()
    monkeypatch.delenv(PATH_ENV)
    monkeypatch.delenv(STORE_ENV)
    monkeypatch.setattr(engine_module, "SECRETS", tmp_path / "secrets.toml")
    (tmp_path / "secrets.toml").write_text('[footprint]\nstore = "postgresql://from-secrets/db"\n')
    assert store_url() == "postgresql+psycopg://from-secrets/db"
    (tmp_path / "secrets.toml").unlink()
    assert default_path() == ROOT / "workspace" / "footprint.sqlite"
    assert store_url() == f"sqlite:///{ROOT / 'workspace' / 'footprint.sqlite'}"


def test_a_store_made_by_the_first_release_opens_migrated_without_loss(tmp_path: Path, curated: Path) -> None:
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript((TINY.parent / "workspace-v1.sql").read_text(encoding="utf-8"))
    with sqlite3.connect(path) as conn:
        before = {t: conn.execute(f'SELECT * FROM "{t}"').fetchall() for t in (*TABLES, "overrides", "changes",
                                                                            "articles", "rejections")}
        names = {t: [r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')] for t in before}

    store = Store(path, curated_dir=curated)
    source = store.rows("sources")[0]
    assert (source["source_id"], source["outlet"]) == ("src-new-wire", "New Wire")
    # Columns the model gained since: filled so the rows load, the unknown kind flagged rather than guessed.
    assert source["kind"] == "aggregator" and source["note"].startswith("made by the first release Kind not recorded")
    assert store.rows("sites")[0]["aliases"] == "Air Base 201;BA 201" and store.rows("sites")[0]["disputed"] == "false"
    _, meta = store.row("sites", "ner-agadez")
    assert (meta.version, meta.who) == (2, "footprint migration 0003")
    assert list(store.overrides()["who"]) == ["ben"]
    assert store.article("src-new-wire")["text"] == "Troops arrived at Agadez, the wire said."
    assert store.rejected("abc123") == {"RUS|NER|arrival|ner-ab101|2024-04|120"}
    history = store.history()
    assert list(history["who"]) == ["ana", "ana", "ben", "ana", "ana", *["footprint migration 0003"] * 2]
    merged = store.merged()
    assert merged.deployments.set_index("deployment_id").loc["dep-rus-ab101", "end_date"] == "2025-06-30"
    assert merged.sources.loc["src-new-wire", "kind"] == "aggregator"
    with sqlite3.connect(path) as conn:  # every old value is still there, as it was (a source's note extended)
        for table, rows in before.items():
            now = [dict(zip([r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')], row, strict=True))
                   for row in conn.execute(f'SELECT * FROM "{table}"')]
            for old, new in zip(rows, now, strict=False):
                for name, value in zip(names[table], old, strict=True):
                    if (table, name) == ("sources", "note"):
                        assert new[name].startswith(value)
                    else:
                        assert new[name] == value, (table, name)
            assert len(now) >= len(rows)
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0003"
    with sqlite3.connect(path) as conn, pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM changes")
    store.add_rows("events", [_event("evt-after-migration")], who="ana")
    assert store.revision() == 8


# --- adding and merging ----------------------------------------------------------


def test_schema_head_is_alembics_and_a_store_at_it_opens_without_alembic(tmp_path: Path, curated: Path) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from footprint.store.store import MIGRATIONS, SCHEMA_HEAD

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_HEAD
    path = tmp_path / "fresh.sqlite"
    code = ("import sys\nfrom footprint.store import Store\nstore = Store(sys.argv[1], curated_dir=sys.argv[2])\n"
            "print(store.revision(), 'alembic' in sys.modules)")

    def opened() -> str:
        return subprocess.run([sys.executable, "-c", code, str(path), str(curated)], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.split()

    assert opened()[1] == "True", "a new store is made by the migrations"
    assert opened()[1] == "False", "a store at the head opens without Alembic"
    with sqlite3.connect(path) as conn:  # one release behind: migrated again
        conn.execute("ALTER TABLE sources DROP COLUMN original_agency")
    assert opened()[1] == "True"
    with sqlite3.connect(path) as conn:
        assert "original_agency" in [r[1] for r in conn.execute('PRAGMA table_info("sources")')]


def test_added_rows_are_merged_and_seen_by_presence_at(ws: Store, curated: Path) -> None:
    assert ws.revision() == 0
    ws.add(_new_base(), who="ana")
    assert ws.revision() == 3

    merged = ws.merged()
    present = presence_at(merged, "2024-01-01")
    assert "dep-usa-agadez" in set(present["deployment_id"])
    row = merged.deployments.set_index("deployment_id").loc["dep-usa-agadez"]
    assert row["origin"] == "workspace"
    assert row["role"] == ("isr_drones",)
    assert merged.sites.loc["ner-agadez", "aliases"] == ("Air Base 201", "BA 201")
    assert set(merged.sources["origin"]) == {"curated", "workspace"}
    assert (merged.deployments.set_index("deployment_id").loc["dep-usa-ab101", "origin"]) == "curated"

    history = ws.history()
    assert list(history["action"]) == ["add", "add", "add"]
    assert set(history["who"]) == {"ana"}
    assert list(history["table"]) == ["sources", "sites", "deployments"]
    assert json.loads(history.iloc[2]["row_json"])["deployment_id"] == "dep-usa-agadez"
    assert history.iloc[2]["source_id"] == "src-new-wire"
    assert history["at"].str.endswith("+00:00").all()


def test_team_role_and_revision_answer_every_commit_of_any_store_object(ws: Store, curated: Path) -> None:
    # The app asks these on every run: each answer must follow any commit, whoever made it.
    other = Store(ws.url, curated_dir=curated)
    try:
        assert (ws.team(), ws.role_of("ana"), ws.revision(), ws.revision(proposals_of="bo")) == (False, None, 0, 0)
        other.add(_new_base(), who="ana")
        assert ws.revision() == 3
        other.enable_team(admin="ana", who="ana")
        assert (ws.team(), ws.role_of("ana")) == (True, "admin")
        other.set_role("bo", "analyst", who="ana")
        assert ws.role_of("bo") == "analyst"
        assert ws.revision(proposals_of="bo") == ws.revision()
        other.add_rows("events", [_event("evt-proposed")], who="bo")  # a proposal: bo's map changes, not others'
        assert ws.revision(proposals_of="bo") > ws.revision() == 3
        if ws.path is not None:  # a commit by another program on the file
            with sqlite3.connect(ws.path) as conn:
                conn.execute("UPDATE settings SET value = 'off' WHERE name = 'team'")
            assert ws.team() is False
    finally:
        other.close()


def test_sqlite_answers_repeat_without_a_new_connection_until_a_commit(tmp_path: Path, curated: Path) -> None:
    from sqlalchemy import event

    store = Store(tmp_path / "store.sqlite", curated_dir=curated)
    opened = []
    event.listen(store.engine, "connect", lambda *_: opened.append(1))
    try:
        first = (store.team(), store.revision(), store.role_of("ana"))
        asked = len(opened)
        assert asked == 3
        assert (store.team(), store.revision(), store.role_of("ana")) == first
        assert len(opened) == asked, "nothing committed: the answers are kept"
        with sqlite3.connect(store.path, isolation_level=None) as conn:  # the kept connection holds no reader back
            assert conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0
        store.add(_new_base(), who="ana")
        assert store.revision() == 3 and len(opened) > asked
    finally:
        store.close()


def test_a_sqlite_store_file_replaced_under_its_name_is_read_afresh(tmp_path: Path, curated: Path) -> None:
    path = tmp_path / "store.sqlite"
    store = Store(path, curated_dir=curated)
    try:
        store.add(_new_base(), who="ana")
        assert store.revision() == 3
        for name in (path.name, path.name + "-wal", path.name + "-shm"):
            (tmp_path / name).unlink(missing_ok=True)
        Store(path, curated_dir=curated).close()  # a new, empty store at the same path
        assert store.revision() == 0
    finally:
        store.close()


def test_merged_matches_load_dataset_apart_from_origin(ws: Store, curated: Path) -> None:
    expected = load_dataset(curated)
    merged = ws.merged()
    for table in TABLES:
        frame = getattr(merged, table)
        assert set(frame["origin"]) == {"curated"}
        pd.testing.assert_frame_equal(frame.drop(columns="origin"), getattr(expected, table))
    assert merged.as_of == expected.as_of
    assert merged.metadata == expected.metadata


def test_merged_accepts_a_loaded_dataset(ws: Store, curated: Path) -> None:
    ws.add(_new_base(), who="ana")
    from_dataset = ws.merged(load_dataset(curated))
    from_directory = ws.merged(curated)
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(from_dataset, table), getattr(from_directory, table))


def test_a_store_laid_over_a_loaded_dataset_validates_only_its_own_part(ws: Store, curated: Path, monkeypatch) -> None:
    from footprint.store import layers

    ws.add(_new_base(), who="ana")
    ws.add_rows("events", [_event("evt-agadez", site_id="ner-agadez", source_ids="src-new-wire")], who="ana")
    ws.close_deployment("dep-rus-ab101", "2025-06-30", "day", who="ana", source_id="src-two")
    loaded = load_dataset(curated)
    validated: list[dict[str, int]] = []

    def counting(directory, *args, **kwargs):
        validated.append({t: len(pd.read_csv(Path(directory) / f"{t}.csv")) for t in TABLES})
        return load_dataset(directory, *args, **kwargs)

    monkeypatch.setattr(layers, "load_dataset", counting)
    laid_over = ws.merged(loaded)
    # The store's rows and closure, with only the curated sites and sources they cite: never the whole data.
    (counts,) = validated
    assert counts["events"] == 1 and counts["deployments"] == 2 < len(loaded.deployments) + 1
    assert counts["sites"] == 2 < len(loaded.sites) + 1, "ner-agadez and the closed deployment's ner-ab101"
    monkeypatch.undo()
    whole = ws.merged(curated)  # from the directory: every row written and validated, as before
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(laid_over, table), getattr(whole, table))
    deployments = laid_over.deployments.set_index("deployment_id")
    assert deployments.loc["dep-rus-ab101", ["end_date", "origin"]].tolist() == ["2025-06-30", "workspace"]
    assert deployments.loc["dep-usa-agadez", "origin"] == "workspace"
    assert list(laid_over.deployments["deployment_id"][: len(loaded.deployments)]) == list(
        loaded.deployments["deployment_id"]), "curated rows keep their order, the store's follow"


def test_invalid_rows_are_refused_naming_file_row_and_column(ws: Store) -> None:
    ws.add_rows("events", [_event("evt-kept")], who="ana")
    fine = _deployment("dep-fine", site_id="ner-ab101", source_ids="src-one")
    bad_code = _deployment("dep-bad-code", actor_iso3="XXX", site_id="ner-ab101", source_ids="src-one")
    bad_refs = _deployment("dep-bad-refs", site_id="nowhere", start_date="2024-05", start_precision="day",
                           source_ids="src-one")

    with pytest.raises(DatasetError) as caught:
        ws.add_rows("deployments", [fine, bad_code, bad_refs], who="ana")

    message = str(caught.value)
    assert "deployments.csv, new row 2 (dep-bad-code), column actor_iso3, value 'XXX'" in message
    assert "new row 3 (dep-bad-refs), column site_id, value 'nowhere': 'nowhere' is not an id in sites.csv" in message
    assert "new row 3 (dep-bad-refs), column start_date, value '2024-05'" in message
    problems = caught.value.problems
    assert all(isinstance(p, RowProblem) and p.file == "deployments.csv" for p in problems)
    assert {(p.row, p.column) for p in problems} == {(2, "actor_iso3"), (3, "site_id"), (3, "start_date")}
    # Nothing of the refused batch was written, not even its valid first row.
    assert ws.rows("deployments") == []
    assert list(ws.history()["row_id"]) == ["evt-kept"]


def test_unknown_columns_are_refused(ws: Store) -> None:
    with pytest.raises(DatasetError, match=r"events.csv, new row 1, column colour: unknown column"):
        ws.add_rows("events", [{**_event("evt-x"), "colour": "red"}], who="ana")
    assert ws.rows("events") == []


def test_rows_breaking_the_as_of_rule_are_refused(ws: Store) -> None:
    with pytest.raises(DatasetError, match=r"new row 1 \(evt-late\), column date.*after the dataset's as-of date"):
        ws.add_rows("events", [_event("evt-late", date="2026-02-01")], who="ana")


def test_curated_ids_are_refused(ws: Store) -> None:
    with pytest.raises(DatasetError) as caught:
        ws.add_rows("deployments", [_deployment("dep-usa-ab101", site_id="ner-ab101", source_ids="src-one")],
                    who="ana")
    assert "value 'dep-usa-ab101': is a curated record" in str(caught.value)
    assert "close_deployment" in str(caught.value)
    with pytest.raises(DatasetError, match="is a curated record"):
        ws.update_row("events", {"event_id": "evt-rus-ab101", "summary": "Rewritten."}, who="ana")
    assert ws.rows("deployments") == []
    assert ws.history().empty


def test_stored_ids_are_not_added_twice(ws: Store) -> None:
    ws.add_rows("events", [_event("evt-once")], who="ana")
    with pytest.raises(DatasetError, match=r"value 'evt-once': is already held with other values \(last changed by "
                                           r"ana at 20\d\d-.*\); nothing was saved"):
        ws.add_rows("events", [_event("evt-once", summary="Again.")], who="ben")
    ws.add_rows("events", [_event("evt-once")], who="ben")  # the identical row is recognised, not refused
    assert list(ws.history()["who"]) == ["ana"]
    with pytest.raises(DatasetError, match="is also the id of new row 1"):
        ws.add_rows("events", [_event("evt-a"), _event("evt-a")], who="ben")
    assert [r["event_id"] for r in ws.rows("events")] == ["evt-once"]


def test_workspace_rows_can_be_updated(ws: Store) -> None:
    ws.add_rows("events", [_event("evt-edit")], who="ana")
    ws.update_row("events", {"event_id": "evt-edit", "summary": "Seen again at the base."}, who="ben")
    events = ws.merged().events.set_index("event_id")
    assert events.loc["evt-edit", "summary"] == "Seen again at the base."
    assert events.loc["evt-edit", "actor_iso3"] == "RUS"
    assert list(ws.history(row_id="evt-edit")["action"]) == ["add", "update"]


# --- closing deployments ------------------------------------------------------------


def test_closing_a_curated_deployment_ends_its_presence(ws: Store, curated: Path) -> None:
    before = ws.merged()
    assert "dep-rus-ab101" in set(presence_at(before, "2025-09-01")["deployment_id"])

    ws.close_deployment("dep-rus-ab101", "2025-06-30", "day", who="ana", source_id="src-two")

    after = ws.merged()
    assert "dep-rus-ab101" in set(presence_at(after, "2025-06-01")["deployment_id"])
    assert "dep-rus-ab101" not in set(presence_at(after, "2025-09-01")["deployment_id"])
    row = after.deployments.set_index("deployment_id").loc["dep-rus-ab101"]
    assert (row["end_date"], row["source_ids"], row["origin"]) == ("2025-06-30", ("src-one", "src-two"), "workspace")
    # The curated file is untouched; the closure lives in the workspace.
    assert pd.isna(load_dataset(curated).deployments.set_index("deployment_id").loc["dep-rus-ab101", "end_date"])
    assert list(ws.overrides()["deployment_id"]) == ["dep-rus-ab101"]
    change = ws.history(table="deployments", row_id="dep-rus-ab101").iloc[-1]
    assert (change["action"], change["who"], change["source_id"]) == ("close", "ana", "src-two")


def test_closures_are_validated(ws: Store) -> None:
    with pytest.raises(DatasetError, match="already ends on 2024-07-07 in the curated data"):
        ws.close_deployment("dep-usa-ab101", "2025-01-01", "day", who="ana", source_id="src-one")
    with pytest.raises(DatasetError, match=r"closed curated row 2 \(dep-rus-ab101\), column end_date.*as-of"):
        ws.close_deployment("dep-rus-ab101", "2026-03-01", "day", who="ana", source_id="src-one")
    with pytest.raises(DatasetError, match="ends before it starts"):
        ws.close_deployment("dep-rus-ab101", "2023-01", "month", who="ana", source_id="src-one")
    with pytest.raises(DatasetError, match=r"'src-nowhere' is not an id in sources\.csv"):
        ws.close_deployment("dep-rus-ab101", "2025-01", "month", who="ana", source_id="src-nowhere")
    with pytest.raises(DatasetError, match="no deployment has this id"):
        ws.close_deployment("dep-nobody", "2025-01", "month", who="ana", source_id="src-one")
    assert ws.overrides().empty
    assert ws.history().empty


def test_closing_a_workspace_deployment_updates_it(ws: Store) -> None:
    ws.add(_new_base(), who="ana")
    ws.close_deployment("dep-usa-agadez", "2024-08", "month", who="ben", source_id="src-one")
    row = ws.rows("deployments")[0]
    assert (row["end_date"], row["end_precision"], row["source_ids"]) == ("2024-08", "month", "src-new-wire;src-one")
    assert ws.overrides().empty
    assert "dep-usa-agadez" not in set(presence_at(ws.merged(), "2024-09-15")["deployment_id"])


def test_apply_stores_a_review_in_one_transaction(ws: Store) -> None:
    text = "Russian instructors left Air Base 101 at the end of June, the ministry said."
    article = SimpleNamespace(source_id="src-new-wire", text=text, url="https://example.org/new",
                              published="2025-07-02", title="Instructors leave")
    records = SimpleNamespace(
        sources=[_source()], sites=[], deployments=[],
        events=[_event("evt-rus-leave", date="2025-06", date_precision="month", event_type="withdrawal_completed",
                       source_ids="src-new-wire")],
        closures=[{"deployment_id": "dep-rus-ab101", "end_date": "2025-06", "end_precision": "month"}],
    )
    ws.apply(records, who="ana", article=article)

    merged = ws.merged()
    row = merged.deployments.set_index("deployment_id").loc["dep-rus-ab101"]
    assert (row["end_date"], row["source_ids"]) == ("2025-06", ("src-one", "src-new-wire"))
    kept = ws.article("src-new-wire")
    assert kept is not None and kept["text"] == text and kept["added_by"] == "ana"
    assert kept["article_hash"] == article_hash(text)
    assert set(ws.history()["source_id"]) == {"src-new-wire"}
    assert list(ws.history()["table"]) == ["sources", "events", "deployments", "articles"]


# --- rejections ------------------------------------------------------------------------


def test_rejected_claims_are_remembered(ws: Store) -> None:
    digest = article_hash("Wire copy about a base.\n")
    assert digest == article_hash("  Wire copy about a base.")
    ws.reject(digest, "RUS|NER|arrival|ner-ab101|2024-04|120", who="ana")
    ws.reject(digest, "RUS|NER|arrival|ner-ab101|2024-04|120", who="ben")  # the same claim again: no-op

    reopened = Store(ws.url, curated_dir=ws.curated_dir)
    assert reopened.rejected(digest) == {"RUS|NER|arrival|ner-ab101|2024-04|120"}
    assert reopened.is_rejected(digest, "RUS|NER|arrival|ner-ab101|2024-04|120")
    assert not reopened.is_rejected(digest, "USA|NER|presence||2024-05|10")
    assert reopened.rejected(article_hash("another article")) == set()
    history = reopened.history(table="rejections")
    assert list(history[["action", "who"]].itertuples(index=False, name=None)) == [("reject", "ana")]


def test_the_change_log_is_append_only(ws: Store) -> None:
    ws.add_rows("events", [_event("evt-logged")], who="ana")
    for statement in ("UPDATE changes SET who = 'mallory'", "DELETE FROM changes"):
        with ws.engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
            conn.execute(text(statement))
    if ws.postgis:
        with ws.engine.connect() as conn, pytest.raises(DBAPIError, match="append-only"):
            conn.execute(text("TRUNCATE changes"))
    assert list(ws.history()["who"]) == ["ana"]


def test_who_is_required(ws: Store) -> None:
    with pytest.raises(ValueError, match="who"):
        ws.add_rows("events", [_event("evt-anon")], who="  ")


# --- crash safety and concurrency ---------------------------------------------------------

# Writes many rows through add_rows and stops, after the last row is logged but before the commit,
# to say so on stdout and wait to be killed. The long summaries make the transaction outgrow
# SQLite's page cache, so uncommitted pages really reach the WAL file on disk.
_CRASH_SCRIPT = """
import sys
import footprint.store.store as store

url, curated, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
real_log = store._log_change
logged = 0

def log_then_hang(conn, changes, **fields):
    global logged
    real_log(conn, changes, **fields)
    logged += 1
    if logged == count:
        print("mid-transaction", flush=True)
        sys.stdin.read()

store._log_change = log_then_hang
rows = [
    {"event_id": f"evt-crash-{n}", "date": "2024-06-01", "date_precision": "day", "actor_iso3": "RUS",
     "host_iso3": "NER", "event_type": "presence_reported", "summary": "Long. " * 300, "source_ids": "src-one"}
    for n in range(count)
]
store.Store(url, curated_dir=curated).add_rows("events", rows, who="crasher")
print("committed", flush=True)
"""


def test_a_writer_killed_mid_transaction_leaves_the_previous_state(ws: Store, curated: Path) -> None:
    ws.add_rows("events", [_event("evt-before")], who="ana")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    writer = subprocess.Popen(
        [sys.executable, "-c", _CRASH_SCRIPT, ws.url, str(curated), "2500"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )
    try:
        signal_line = writer.stdout.readline()
        if signal_line != "mid-transaction\n":
            writer.kill()
            pytest.fail(f"the writer did not reach its transaction: {signal_line!r} {writer.communicate()[1]}")
        if ws.postgis:
            with ws.engine.connect() as conn:  # the server holds the open transaction's rows, uncommitted
                states = conn.execute(text("SELECT state FROM pg_stat_activity WHERE datname = current_database() "
                                           "AND pid <> pg_backend_pid()")).scalars().all()
            assert "idle in transaction" in states
        else:
            wal = ws.path.with_name(ws.path.name + "-wal")
            assert wal.stat().st_size > 1_000_000, "the uncommitted write should have spilled into the WAL"
        # Readers are not blocked by the open write, and see only committed rows.
        assert [r["event_id"] for r in ws.rows("events")] == ["evt-before"]
    finally:
        writer.kill()  # SIGKILL: no cleanup, no rollback by the process itself
        writer.communicate()
    assert writer.returncode == -signal.SIGKILL

    reopened = Store(ws.url, curated_dir=curated)
    assert _integrity(reopened) == "ok"
    assert [r["event_id"] for r in reopened.rows("events")] == ["evt-before"]
    assert list(reopened.history()["row_id"]) == ["evt-before"]
    reopened.add_rows("events", [_event("evt-after")], who="ana")  # the dead writer's lock is gone
    assert {"evt-before", "evt-after"} <= set(reopened.merged().events["event_id"])


def _concurrent_writer(url: str, curated: str, worker: int, start) -> None:
    store = Store(url, curated_dir=curated)
    start.wait()  # every writer begins at once
    for batch in range(5):
        rows = [_event(f"evt-w{worker}-b{batch}-{n}") for n in range(2)]
        store.add_rows("events", rows, who=f"writer-{worker}")


def test_concurrent_writers_all_land_without_corruption(ws: Store, curated: Path) -> None:
    context = multiprocessing.get_context("fork")
    start = context.Barrier(4)
    writers = [
        context.Process(target=_concurrent_writer, args=(ws.url, str(curated), worker, start))
        for worker in range(4)
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=180)
    assert [writer.exitcode for writer in writers] == [0, 0, 0, 0]

    expected = {f"evt-w{w}-b{b}-{n}" for w in range(4) for b in range(5) for n in range(2)}
    assert {r["event_id"] for r in ws.rows("events")} == expected
    assert _integrity(ws) == "ok"
    history = ws.history()
    assert len(history) == 40
    assert history.groupby("who").size().to_dict() == {f"writer-{w}": 10 for w in range(4)}
    assert expected <= set(ws.merged().events["event_id"])


# --- export and import ------------------------------------------------------------------------


def _fill(ws: Store) -> None:
    ws.add(_new_base(), who="ana")
    ws.add_rows("events", [_event("evt-extra", summary='Quoted "text", with commas; and semicolons.')], who="ana")
    ws.close_deployment("dep-rus-ab101", "2025-06-30", "day", who="ben", source_id="src-new-wire")


def test_an_empty_workspace_exports_the_curated_files_unchanged(ws: Store, curated: Path, tmp_path: Path) -> None:
    out = ws.export(tmp_path / "export")
    assert _files(out) == _files(curated)


def test_export_import_round_trip_is_lossless(ws: Store, curated: Path, tmp_path: Path) -> None:
    _fill(ws)
    first = ws.export(tmp_path / "first")
    assert cli_main(["validate", str(first)]) == 0
    assert (first / "datapackage.json").read_bytes() == (curated / "datapackage.json").read_bytes()

    fresh = Store(tmp_path / "fresh.sqlite", curated_dir=curated)
    counts = fresh.import_dir(first, who="importer")
    assert counts == {"sources": 1, "sites": 1, "deployments": 1, "events": 1, "closures": 1}
    second = fresh.export(tmp_path / "second")
    assert _files(second) == _files(first)
    assert set(fresh.history()["who"]) == {"importer"}

    # Importing the same directory again adds nothing.
    assert sum(fresh.import_dir(first, who="importer").values()) == 0
    assert _files(fresh.export(tmp_path / "third")) == _files(first)


def test_workspace_only_export_carries_what_it_cites(ws: Store, curated: Path, tmp_path: Path) -> None:
    _fill(ws)
    part = ws.export(tmp_path / "part", only_workspace=True)
    assert cli_main(["validate", str(part)]) == 0
    loaded = load_dataset(part)
    assert set(loaded.deployments["deployment_id"]) == {"dep-usa-agadez", "dep-rus-ab101"}
    assert set(loaded.sites["site_id"]) == {"ner-agadez", "ner-ab101"}  # ner-ab101 is cited, so included
    assert set(loaded.sources["source_id"]) == {"src-new-wire", "src-one"}
    assert set(loaded.events["event_id"]) == {"evt-extra"}

    fresh = Store(tmp_path / "fresh.sqlite", curated_dir=curated)
    fresh.import_dir(part, who="importer")
    assert _files(fresh.export(tmp_path / "part-again", only_workspace=True)) == _files(part)
    assert _files(fresh.export(tmp_path / "whole-again")) == _files(ws.export(tmp_path / "whole"))


def test_export_replaces_an_existing_directory_whole(ws: Store, tmp_path: Path) -> None:
    target = tmp_path / "out"
    ws.export(target)
    _fill(ws)
    ws.export(target)
    assert "dep-usa-agadez" in (target / "deployments.csv").read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_import_refuses_an_invalid_directory(ws: Store, curated: Path, tmp_path: Path) -> None:
    _fill(ws)
    part = ws.export(tmp_path / "part", only_workspace=True)
    row = [r["deployment_id"] for r in load_dataset(part).deployments.to_dict("records")].index("dep-usa-agadez")
    set_cell(part, "deployments", row + 1, "actor_iso3", "XXX")

    fresh = Store(tmp_path / "fresh.sqlite", curated_dir=curated)
    with pytest.raises(DatasetError, match=r"deployments.csv, row \d+ \(line \d+\), column actor_iso3, value 'XXX'"):
        fresh.import_dir(part, who="importer")
    assert all(fresh.rows(table) == [] for table in TABLES)
    assert fresh.history().empty


def test_import_refuses_to_change_rows_already_held(ws: Store, curated: Path, tmp_path: Path) -> None:
    out = ws.export(tmp_path / "out")
    set_cell(out, "events", 1, "summary", "Someone rewrote the curated summary.")
    with pytest.raises(DatasetError, match=r"imported row 1 \(evt-rus-ab101\), column summary.*import only adds"):
        ws.import_dir(out, who="importer")
    assert ws.history().empty


def test_reviewed_claims_come_back_as_training_examples(ws: Store) -> None:
    import datetime as dt

    from footprint.ingest import ArticleSource, records_for, reviewed_examples

    text = "Russian instructors arrived in Niamey on 10 April 2024, state television said."
    article = ArticleSource(outlet="Wire", title="Instructors", text=text, url="https://example.org/ru",
                            published=dt.date(2024, 4, 12), kind="wire")
    # The reviewer corrected the event (arrival -> presence) and the headcount before accepting.
    claim = {"actor": "RUS", "host_country": "NER", "event": "presence", "site_id": None, "site": "Niamey",
             "date": "2024-04-10", "date_precision": "day", "personnel": 100, "force": None, "confidence": "high",
             "start": 0}
    ws.apply(records_for([claim], article, ws.merged()), who="ana", article=article, claim_keys=["k"])

    [example] = reviewed_examples(ws)
    assert (example["text"], example["published"], example["url"]) == (text, "2024-04-12", "https://example.org/ru")
    assert example["labels"] == [{"actor": "RUS", "host_country": "NER", "event": "presence", "site_id": None,
                                  "date": "2024-04-10", "date_precision": "day", "personnel": 100}]
