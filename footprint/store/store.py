"""The store: analysts' additions laid over the curated ``data/``, on SQLite or PostgreSQL+PostGIS.

Curated rows are never changed here. The store holds rows added through the app or an import,
closures of curated deployments (``overrides``), the text of pasted articles, the claims a
reviewer accepted or rejected, and an append-only ``changes`` log naming who did what, when,
on which source (and who approved it).

Every write takes the store's write lock, re-reads the stored state, plans and validates the
merged data with the foundation's own ``load_dataset``, and writes in one transaction; on any
problem nothing is written. A process killed mid-write leaves the last committed state.

Team mode (a setting kept in the store) adds people with roles: ``viewer`` reads, ``analyst``
proposes, ``reviewer`` approves or rejects others' proposals, ``admin`` manages people. A change
is then a proposal, joining the shared data only when a reviewer other than its author approves
it. Without team mode the store is the single-user workspace of earlier releases: changes by the
named person apply at once.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from sqlalchemy import Connection, exc, func, insert, inspect, literal, select, text, update
from sqlalchemy.engine import make_url

from footprint.dataset import DEFAULT_DATA_DIR, DatasetError, load_dataset
from footprint.model import ID_COLUMN, TABLES, Dataset, columns
from footprint.store import schema
from footprint.store.engine import ChangeWatch, is_postgres, make_engine, reading, store_url, use_wal, writing
from footprint.store.layers import (
    DATAPACKAGE,
    PROPOSED,
    WORKSPACE,
    ConflictError,
    RowMeta,
    Values,
    _article_values,
    _Batch,
    _batch_of,
    _canonical,
    _check_table,
    _cited,
    _compose,
    _csv_text,
    _Curated,
    _curated_from_dataset,
    _curated_from_directory,
    _id,
    _laid_over,
    _Op,
    _plan,
    _plan_import,
    _publish,
    _read_directory,
    _require_who,
    _State,
    _text,
    _validate,
    _values,
    _with_origin,
    _workspace_part,
)
from footprint.store.layers import _Closure as Closure
from footprint.store.review import Proposal, ProposalReview, _proposal_of, review_of, with_proposals

if TYPE_CHECKING:
    from alembic.config import Config

HISTORY_COLUMNS = ["change_id", "at", "who", "action", "table", "row_id", "source_id", "row_json", "approved_by",
                   "proposal_id"]
ROLES = schema.ROLES
_RANK = {role: rank for rank, role in enumerate(ROLES)}
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration's revision (tests check it against Alembic's head). A store already at it opens without
# importing Alembic, whose imports (Mako, Pygments' lexers) cost 0.1 s CPU of a server's first page and of each
# command that opens the store.
SCHEMA_HEAD = "0003"
MEMO_ENTRIES = 256  # small answers (team mode, a role, a revision) kept until the next commit


class StoreUnavailable(ConnectionError):
    """The configured store cannot be opened (a database server down or refusing us); nothing was read."""


class PermissionDenied(PermissionError):
    """The signed-in person's role does not allow what was asked; nothing was written."""


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class Store:
    """The store at ``url`` (a path, ``sqlite:///…`` or ``postgresql://…``; default: the configured
    store), laid over the curated data in ``curated_dir``. One ``Store`` may be shared between threads."""

    def __init__(self, url: str | Path | None = None, *, curated_dir: Path | str = DEFAULT_DATA_DIR) -> None:
        self.url = store_url(url)
        self.engine = make_engine(self.url)
        self.postgis = is_postgres(self.engine)
        self.path = None if self.postgis else Path(make_url(self.url).database or "")
        self.t = schema.build(self.postgis).tables
        self.curated_dir = Path(curated_dir)
        # Every page run asks the team flag and the revision; on SQLite their answers are kept until any commit.
        # PostgreSQL has no such counter, and its pooled connections are cheap to ask.
        self._watch = None if self.postgis else ChangeWatch(self.path)
        self._memos: dict[tuple, tuple[tuple[int, int], Any]] = {}
        self._memo_lock = threading.Lock()
        try:
            self._migrate()
        except exc.OperationalError as error:  # say which store, never its password
            reason = str(error.orig or error).strip().splitlines()[0]
            raise StoreUnavailable(f"the store {make_url(self.url).render_as_string(hide_password=True)} cannot be "
                                   f"opened ({reason}). Check that its server is running and reachable.") from error

    def __repr__(self) -> str:
        return f"Store({make_url(self.url).render_as_string(hide_password=True)!r})"

    # -- schema --

    def _alembic(self, conn: Connection | None) -> Config:
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = conn
        return config

    def _current(self, conn: Connection) -> str | None:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def _migrate(self) -> None:
        """Bring the schema to this release's (Alembic migrations, then any column the model gained)."""
        if not self.postgis:
            use_wal(self.engine)
        with reading(self.engine) as conn:
            if self._current(conn) == SCHEMA_HEAD and not self._missing_columns(conn):
                return
        from alembic import command
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(self._alembic(None)).get_current_head()
        with writing(self.engine) as conn:
            current = self._current(conn)
            known = {script.revision for script in ScriptDirectory.from_config(self._alembic(conn)).walk_revisions()}
            if current is not None and current not in known:
                raise RuntimeError(f"the store was made by a newer Footprint (schema {current})")
            if current != head:
                command.upgrade(self._alembic(conn), "head")
            for table, missing in self._missing_columns(conn).items():
                for column in missing:  # columns added to the model since the store was made
                    quoted = conn.dialect.identifier_preparer.quote
                    conn.exec_driver_sql(f"ALTER TABLE {quoted(table)} ADD COLUMN {quoted(column)} "
                                         "TEXT NOT NULL DEFAULT ''")

    def _missing_columns(self, conn: Connection) -> dict[str, list[str]]:
        inspector = inspect(conn)
        out = {}
        for table in TABLES:
            held = {column["name"] for column in inspector.get_columns(table)}
            if missing := [c for c in columns(table) if c not in held]:
                out[table] = missing
        return out

    # -- reading state --

    def _curated(self, curated: Dataset | Path | str | None = None) -> _Curated:
        if isinstance(curated, Dataset):
            return _curated_from_dataset(curated, self.curated_dir.parent / "seeds")
        return _curated_from_directory(Path(curated) if curated is not None else self.curated_dir)

    def _read_state(self, conn: Connection) -> _State:
        rows: dict[str, dict[str, Values]] = {}
        meta: dict[tuple[str, str], RowMeta] = {}
        for table in TABLES:
            t = self.t[table]
            names = columns(table)
            query = select(*(t.c[c] for c in names), t.c.row_version, t.c.changed_by, t.c.changed_at).order_by(t.c.seq)
            rows[table] = {}
            for record in conn.execute(query):
                values = dict(zip(names, record[: len(names)], strict=True))
                row_id = _id(table, values)
                rows[table][row_id] = values
                meta[(table, row_id)] = RowMeta(*record[len(names):])
        o = self.t["overrides"]
        overrides = {}
        query = select(o.c.deployment_id, o.c.end_date, o.c.end_precision, o.c.source_id, o.c.row_version, o.c.who,
                       o.c.at).order_by(o.c.deployment_id)
        for record in conn.execute(query):
            overrides[record[0]] = Closure(*record[:4])
            meta[("overrides", record[0])] = RowMeta(*record[4:])
        return _State(rows, overrides, meta)

    def _state(self) -> _State:
        with reading(self.engine) as conn:
            return self._read_state(conn)

    def _memo(self, key: tuple, read: Callable[[], Any]) -> Any:
        """``read()``, or its answer from an earlier call when nothing was committed to the store since."""
        version = None if self._watch is None else self._watch.version()
        if version is None:
            return read()
        # The version is read before the answer: a commit during the read leaves the answer stale at once.
        with self._memo_lock:
            held = self._memos.get(key)
            if held is not None and held[0] == version:
                return held[1]
        value = read()
        with self._memo_lock:
            if len(self._memos) >= MEMO_ENTRIES:
                self._memos.clear()
            self._memos[key] = (version, value)
        return value

    # -- people and roles --

    def _team(self, conn: Connection) -> bool:
        s = self.t["settings"]
        return conn.execute(select(s.c.value).where(s.c.name == "team")).scalar() == "on"

    def _role(self, conn: Connection, name: str) -> str | None:
        p = self.t["people"]
        return conn.execute(select(p.c.role).where(p.c.name == name)).scalar()

    def _authorise(self, conn: Connection, who: str, needed: str, doing: str) -> None:
        """In team mode, refuse ``who`` unless the store gives them at least the role ``needed``."""
        if not self._team(conn):
            return
        role = self._role(conn, who)
        if role is None or _RANK[role] < _RANK[needed]:
            held = f"has the {role} role" if role else "is not one of this store's people"
            raise PermissionDenied(f"{who} {held}; to {doing} needs the {needed} role or above. Nothing was saved.")

    def team(self) -> bool:
        """Whether the store is in team mode (people with roles; changes are proposals for review)."""
        def read() -> bool:
            with reading(self.engine) as conn:
                return self._team(conn)
        return self._memo(("team",), read)

    def role_of(self, name: str) -> str | None:
        """The role the store gives ``name`` (None for someone it does not know)."""
        def read() -> str | None:
            with reading(self.engine) as conn:
                return self._role(conn, name)
        return self._memo(("role", name), read)

    def people(self) -> pd.DataFrame:
        """Everyone the store knows: name, role, added_by, added_at."""
        p = self.t["people"]
        with reading(self.engine) as conn:
            records = conn.execute(select(p.c.name, p.c.role, p.c.added_by, p.c.added_at).order_by(p.c.name)).all()
        return pd.DataFrame(records, columns=["name", "role", "added_by", "added_at"])

    def set_role(self, name: str, role: str, *, who: str) -> None:
        """Give ``name`` the ``role`` (adding them if new); in team mode only an admin may."""
        who, name = _require_who(who), _require_who(name)
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r} (use {', '.join(ROLES)})")
        with writing(self.engine) as conn:
            self._authorise(conn, who, "admin", "manage people")
            self._set_role(conn, name, role, who)

    def _set_role(self, conn: Connection, name: str, role: str, who: str) -> None:
        p, at = self.t["people"], now()
        held = self._role(conn, name)
        if held == role:
            return
        if held is None:
            conn.execute(insert(p).values(name=name, role=role, added_by=who, added_at=at))
        else:
            conn.execute(update(p).where(p.c.name == name).values(role=role, row_version=p.c.row_version + 1))
        self._log(conn, who=who, at=at, action="add" if held is None else "update", table="people", row_id=name,
                  source_id=None, row={"name": name, "role": role, "was": held or ""})

    def enable_team(self, *, admin: str, who: str) -> None:
        """Turn team mode on with ``admin`` as an admin. Once on, only an admin may call it again."""
        who, admin = _require_who(who), _require_who(admin)
        with writing(self.engine) as conn:
            self._authorise(conn, who, "admin", "set up team mode")
            self._set_role(conn, admin, "admin", who)
            s = self.t["settings"]
            if conn.execute(select(s.c.value).where(s.c.name == "team")).scalar() is None:
                conn.execute(insert(s).values(name="team", value="on"))
            else:
                conn.execute(update(s).where(s.c.name == "team").values(value="on"))

    # -- writing rows --

    def _write(self, who: str, make: Callable[[_Curated, _State], _Batch], *, claims: tuple[str, Iterable[str]] | None
               = None) -> tuple[list[_Op], int | None]:
        """Plan, validate and store one batch in one transaction (in team mode: keep it as a proposal).

        Returns the operations and, in team mode, the proposal's id. On any problem nothing is written.
        """
        who = _require_who(who)
        curated = self._curated()
        with writing(self.engine) as conn:
            team = self._team(conn)
            self._authorise(conn, who, "analyst", "propose changes")
            state = self._read_state(conn)
            batch = make(curated, state)
            plan = _checked_plan(curated, state, batch)
            at = now()
            proposal_id = None
            if team:
                if plan.ops or batch.article is not None:
                    for op in plan.ops:  # the version each updated row had when proposed
                        if op.action == "update":
                            batch.versions.setdefault((op.table, _id(op.table, op.values)),
                                                      state.meta[(op.table, _id(op.table, op.values))].version)
                    proposal_id = self._propose(conn, who, at, batch, plan.ops)
            else:
                self._store(conn, plan.ops, batch, who=who, at=at)
            if claims is not None:
                self._accept_claims(conn, claims[0], claims[1], who, at, proposal_id)
        return plan.ops, proposal_id

    def _store(self, conn: Connection, ops: list[_Op], batch: _Batch, *, who: str, at: str,
               approved_by: str | None = None, proposal_id: int | None = None) -> None:
        for op in ops:
            self._store_op(conn, op, who, at, batch.source_id, approved_by, proposal_id)
        if batch.article is not None:
            self._store_article(conn, batch.article, who, at, approved_by, proposal_id)

    def _propose(self, conn: Connection, who: str, at: str, batch: _Batch, ops: list[_Op]) -> int:
        done = {"add": "added", "update": "updated", "close": "closed"}
        counts = Counter((op.table, done[op.action]) for op in ops)
        parts = [f"{table}: {count} {action}" for (table, action), count in counts.items()]
        if batch.article is not None:
            parts.append("article text kept")
        p = self.t["proposals"]
        proposal_id = conn.execute(
            insert(p).values(author=who, created_at=at, status="pending", summary="; ".join(parts),
                             source_id=batch.source_id, batch_json=batch.to_json()).returning(p.c.proposal_id)
        ).scalar_one()
        self._log(conn, who=who, at=at, action="add", table="proposals", row_id=str(proposal_id),
                  source_id=batch.source_id, row={"summary": "; ".join(parts)}, proposal_id=proposal_id)
        return proposal_id

    def add(self, rows_by_table: Mapping[str, Iterable[Mapping[str, Any]]], *, who: str,
            source_id: str | None = None) -> int | None:
        """Add new rows to several tables at once (e.g. a source, a site and a deployment citing them).

        Returns the proposal's id in team mode, else None.
        """
        batch = _batch_of(rows_by_table, source_id=source_id)
        return self._write(who, lambda _curated, _state: batch)[1]

    def add_rows(self, table: str, rows: Iterable[Mapping[str, Any]], *, who: str,
                 source_id: str | None = None) -> int | None:
        """Add new rows to ``table``; they are validated with everything else, and refused whole on any problem.

        Values may be CSV text or Python values (None, numbers, dates, sequences for list columns).
        A row identical to one held is recognised and skipped; another row with a held id is refused.
        """
        _check_table(table)
        return self.add({table: list(rows)}, who=who, source_id=source_id)

    def update_row(self, table: str, row: Mapping[str, Any], *, who: str, source_id: str | None = None,
                   version: int | None = None) -> int | None:
        """Change columns of a stored row (never a curated one); columns not given keep their values.

        ``version`` is the row version the caller read (see ``row``): if the row changed since, the
        save is refused with a ``ConflictError`` holding both versions and naming who changed it.
        """
        _check_table(table)

        def make(_curated: _Curated, state: _State) -> _Batch:
            values, problems = _values(table, row, "update")
            given = {column: values[column] for column in row if column in values}
            row_id = given.get(ID_COLUMN[table], "")
            current = state.rows[table].get(row_id, {})
            merged = _canonical(table, {**current, **given}) if current else values
            batch = _Batch(updates={table: [merged]}, source_id=source_id, problems=problems)
            if version is not None:
                batch.versions[(table, row_id)] = version
            return batch

        return self._write(who, make)[1]

    def close_deployment(self, deployment_id: str, end_date: str | dt.date, end_precision: str, *, who: str,
                         source_id: str) -> int | None:
        """End an open deployment on ``end_date``, citing ``source_id``.

        A stored deployment is updated in place. A curated one is left untouched in ``data/`` and an
        override is stored instead. A deployment that already ends is refused, naming the first
        closure (the same closure again is recognised and skipped).
        """
        closure = {"deployment_id": deployment_id, "end_date": end_date, "end_precision": end_precision,
                   "source_id": source_id}
        batch = _batch_of({}, [closure], source_id=_text(source_id) or None)
        return self._write(who, lambda _curated, _state: batch)[1]

    def apply(self, records: Any, *, who: str, article: Any = None, claim_keys: Iterable[str] = ()) -> int | None:
        """Store what a review accepted, in one transaction (in team mode: propose it).

        ``records`` has lists of row dicts named after the tables (``sources``, ``sites``,
        ``deployments``, ``events``) and ``closures`` (dicts with ``deployment_id``, ``end_date``,
        ``end_precision``). ``article``, when given, has ``source_id``, ``text``, ``url``,
        ``published`` and ``title``; its text is kept and it is cited for the closures.
        ``claim_keys`` name the article's claims accepted here, so they leave its review list.
        """
        rows = {table: list(getattr(records, table, None) or []) for table in TABLES}
        closures = list(getattr(records, "closures", None) or [])
        source_id = _text(getattr(article, "source_id", None)) or None
        batch = _batch_of({t: r for t, r in rows.items() if r}, closures, source_id=source_id)
        claims = None
        if article is not None:
            batch.article = _article_values(
                article.source_id, article.text, getattr(article, "url", None),
                getattr(article, "published", None), getattr(article, "title", None),
            )
            claims = (batch.article["article_hash"], list(claim_keys))
        return self._write(who, lambda _curated, _state: batch, claims=claims)[1]

    def save_article(self, source_id: str, text: str, *, who: str, url: str | None = None,
                     published: str | dt.date | None = None, title: str | None = None) -> str:
        """Keep an article's text as the evidence behind ``source_id``; returns its hash."""
        batch = _Batch(article=_article_values(source_id, text, url, published, title))
        self._write(who, lambda _curated, _state: batch)
        return batch.article["article_hash"] if batch.article else ""

    def import_dir(self, directory: Path | str, *, who: str) -> dict[str, int]:
        """Add the rows of a data directory that the store and curated data lack (in team mode: propose them).

        The directory must pass ``load_dataset`` first. Rows already held are skipped; a curated
        open deployment that the directory ends becomes a closure; any other difference from a row
        already held is refused, as is the whole import on any problem. Returns counts per table,
        and ``closures``.
        """
        directory = Path(directory)
        load_dataset(directory)  # the foundation's rules first; any problem refuses the import
        incoming = _read_directory(directory)
        ops, _ = self._write(who, lambda curated, state: _plan_import(curated, state, incoming))
        counts = Counter("closures" if op.action == "close" else op.table for op in ops)
        return {name: counts.get(name, 0) for name in [*TABLES, "closures"]}

    # -- reviewing proposals --

    def _proposal(self, conn: Connection, proposal_id: int) -> Proposal:
        p = self.t["proposals"]
        record = conn.execute(select(p).where(p.c.proposal_id == int(proposal_id))).mappings().first()
        if record is None:
            raise ValueError(f"there is no proposal {proposal_id}")
        return _proposal_of(record)

    def proposals(self, status: str | None = "pending", *, author: str | None = None) -> list[Proposal]:
        """Proposals (default: those pending), oldest first; ``author`` keeps one person's."""
        p = self.t["proposals"]
        query = select(p).order_by(p.c.proposal_id)
        if status is not None:
            query = query.where(p.c.status == status)
        if author is not None:
            query = query.where(p.c.author == author)
        with reading(self.engine) as conn:
            return [_proposal_of(record) for record in conn.execute(query).mappings()]

    def review(self, proposal_id: int) -> ProposalReview:
        """A proposal as a diff against the rows held now, with the sources it cites and its article."""
        curated = self._curated()
        with reading(self.engine) as conn:
            proposal = self._proposal(conn, proposal_id)
            state = self._read_state(conn)
        return review_of(curated, state, proposal)

    def approve(self, proposal_id: int, *, who: str) -> None:
        """Apply a pending proposal to the shared data, as a reviewer other than its author.

        The change log names the author and, as ``approved_by``, the reviewer. A proposal that no
        longer fits (a row changed since, or the data no longer validates) is refused, not forced.
        """
        who = _require_who(who)
        curated = self._curated()
        with writing(self.engine) as conn:
            if not self._team(conn):
                raise PermissionDenied("proposals are reviewed only in team mode")
            self._authorise(conn, who, "reviewer", "approve proposals")
            proposal = self._pending(conn, proposal_id)
            if proposal.author == who:
                raise PermissionDenied(f"{who} wrote proposal {proposal_id}; another reviewer must approve it "
                                       "(four-eyes review). Nothing was saved.")
            state = self._read_state(conn)
            plan = _checked_plan(curated, state, proposal.batch)
            at = now()
            self._store(conn, plan.ops, proposal.batch, who=proposal.author, at=at, approved_by=who,
                        proposal_id=proposal.proposal_id)
            self._decide(conn, proposal, "approved", who, at, None)

    def reject_proposal(self, proposal_id: int, *, who: str, reason: str) -> None:
        """Turn a pending proposal down, keeping ``reason``. A reviewer may, and so may its author (to withdraw it)."""
        who = _require_who(who)
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError("a rejection needs a reason, for the proposal's author")
        with writing(self.engine) as conn:
            proposal = self._pending(conn, proposal_id)
            if proposal.author != who:
                self._authorise(conn, who, "reviewer", "reject proposals")
            self._decide(conn, proposal, "rejected", who, now(), reason.strip())

    def _pending(self, conn: Connection, proposal_id: int) -> Proposal:
        proposal = self._proposal(conn, proposal_id)
        if proposal.status != "pending":
            raise ValueError(f"proposal {proposal_id} was already {proposal.status} by {proposal.reviewer} at "
                             f"{proposal.reviewed_at}")
        return proposal

    def _decide(self, conn: Connection, proposal: Proposal, status: str, who: str, at: str, reason: str | None) -> None:
        p = self.t["proposals"]
        done = conn.execute(
            update(p).where(p.c.proposal_id == proposal.proposal_id, p.c.status == "pending")
            .values(status=status, reviewer=who, reviewed_at=at, reason=reason, row_version=p.c.row_version + 1)
        ).rowcount
        if done != 1:
            raise RuntimeError(f"proposal {proposal.proposal_id} changed while it was being decided")
        self._log(conn, who=who, at=at, action="reject" if status == "rejected" else "update", table="proposals",
                  row_id=str(proposal.proposal_id), source_id=proposal.source_id,
                  row={"status": status, "author": proposal.author, "reason": reason or ""},
                  proposal_id=proposal.proposal_id)

    # -- claims decided on the Ingest page --

    def _accept_claims(self, conn: Connection, article: str, keys: Iterable[str], who: str, at: str,
                       proposal_id: int | None) -> None:
        a = self.t["accepted_claims"]
        for key in dict.fromkeys(keys):
            conn.execute(a.delete().where(a.c.article_hash == article, a.c.claim_key == key))
            conn.execute(insert(a).values(article_hash=article, claim_key=key, who=who, at=at, proposal_id=proposal_id))

    def reject(self, article: str, claim_key: str, *, who: str, source_id: str | None = None) -> None:
        """Remember that the claim ``claim_key`` of the article with hash ``article`` was rejected."""
        who = _require_who(who)
        r = self.t["rejections"]
        with writing(self.engine) as conn:
            self._authorise(conn, who, "analyst", "reject claims")
            held = conn.execute(select(r.c.who).where(r.c.article_hash == article, r.c.claim_key == claim_key))
            if held.first() is not None:
                return
            at = now()
            conn.execute(insert(r).values(article_hash=article, claim_key=claim_key, who=who, at=at))
            self._log(conn, who=who, at=at, action="reject", table="rejections", row_id=f"{article}/{claim_key}",
                      source_id=source_id, row={"article_hash": article, "claim_key": claim_key})

    def rejected(self, article: str) -> set[str]:
        """The claim keys rejected for the article with hash ``article``."""
        r = self.t["rejections"]
        with reading(self.engine) as conn:
            return set(conn.execute(select(r.c.claim_key).where(r.c.article_hash == article)).scalars())

    def is_rejected(self, article: str, claim_key: str) -> bool:
        return claim_key in self.rejected(article)

    def decided(self, article: str) -> dict[str, str]:
        """Each decided claim of the article with hash ``article``: ``rejected``, ``accepted`` or ``proposed``.

        A claim whose proposal was turned down is not listed, so it comes back for review.
        """
        a, p = self.t["accepted_claims"], self.t["proposals"]
        out = dict.fromkeys(self.rejected(article), "rejected")
        query = (select(a.c.claim_key, a.c.proposal_id, p.c.status).select_from(a.outerjoin(p, a.c.proposal_id ==
                 p.c.proposal_id)).where(a.c.article_hash == article))
        with reading(self.engine) as conn:
            for key, proposal_id, status in conn.execute(query):
                if proposal_id is None or status == "approved":
                    out[key] = "accepted"
                elif status == "pending":
                    out[key] = "proposed"
        return out

    # -- the log --

    def _log(self, conn: Connection, *, who: str, at: str, action: str, table: str, row_id: str,
             source_id: str | None, row: Mapping[str, Any], approved_by: str | None = None,
             proposal_id: int | None = None) -> None:
        _log_change(conn, self.t["changes"], who=who, at=at, action=action, table=table, row_id=row_id,
                    source_id=source_id, row=row, approved_by=approved_by, proposal_id=proposal_id)

    def _store_op(self, conn: Connection, op: _Op, who: str, at: str, source_id: str | None,
                  approved_by: str | None, proposal_id: int | None) -> None:
        row_id = _id(op.table, op.values)
        if op.closure is not None:
            closure = op.closure
            conn.execute(insert(self.t["overrides"]).values(
                deployment_id=closure.deployment_id, end_date=closure.end_date, end_precision=closure.end_precision,
                source_id=closure.source_id, who=who, at=at))
            source_id = source_id or closure.source_id or None
        else:
            t = self.t[op.table]
            values: dict[str, Any] = {c: op.values[c] for c in columns(op.table)}
            values.update(changed_by=who, changed_at=at)
            if op.table == "sites" and self.postgis:
                values["geom"] = _point(op.values)
            if op.action == "add":
                conn.execute(insert(t).values(**values))
            else:
                conn.execute(update(t).where(t.c[ID_COLUMN[op.table]] == row_id)
                             .values(**values, row_version=t.c.row_version + 1))
        self._log(conn, who=who, at=at, action=op.action, table=op.table, row_id=row_id,
                  source_id=source_id or _cited(op.table, op.values), row=op.values, approved_by=approved_by,
                  proposal_id=proposal_id)

    def _store_article(self, conn: Connection, article: Values, who: str, at: str, approved_by: str | None,
                       proposal_id: int | None) -> None:
        a = self.t["articles"]
        held = conn.execute(select(a.c.text).where(a.c.source_id == article["source_id"])).first()
        if held is not None and held[0] == article["text"]:
            return
        values = {**{k: article[k] for k in ("article_hash", "url", "published", "title", "text")},
                  "added_by": who, "added_at": at}
        if held is None:
            conn.execute(insert(a).values(source_id=article["source_id"], **values))
        else:
            conn.execute(update(a).where(a.c.source_id == article["source_id"]).values(**values))
        self._log(conn, who=who, at=at, action="add" if held is None else "update", table="articles",
                  row_id=article["source_id"], source_id=article["source_id"], row=article, approved_by=approved_by,
                  proposal_id=proposal_id)

    # -- reading --

    def revision(self, proposals_of: str | None = None) -> int:
        """A counter that rises with every change that can alter ``merged(proposals_of=…)``, so it can key a
        cache of it in every process sharing the store: the latest change to the data, or, with
        ``proposals_of``, also the latest change to that person's proposals. Proposals of others,
        people and rejected claims leave it alone, so they do not empty everyone's cache."""
        def read() -> int:
            c, p = self.t["changes"], self.t["proposals"]
            data = c.c.table_name.in_(list(TABLES))
            if proposals_of:
                mine = select(p.c.proposal_id).where(p.c.author == proposals_of)
                data = data | ((c.c.table_name == "proposals") & c.c.proposal_id.in_(mine))
            with reading(self.engine) as conn:
                return int(conn.execute(select(func.coalesce(func.max(c.c.change_id), 0)).where(data)).scalar_one())
        return self._memo(("revision", proposals_of), read)

    def rows(self, table: str) -> list[Values]:
        """The store's own rows of ``table`` as CSV text, oldest first."""
        _check_table(table)
        return list(self._state().rows[table].values())

    def row(self, table: str, row_id: str) -> tuple[Values, RowMeta] | None:
        """A stored row and its version and last change (None when the store has no such row)."""
        _check_table(table)
        state = self._state()
        values = state.rows[table].get(row_id)
        return None if values is None else (values, state.meta[(table, row_id)])

    def overrides(self) -> pd.DataFrame:
        """Closures of curated deployments held in the store."""
        o = self.t["overrides"]
        names = ["deployment_id", "end_date", "end_precision", "source_id", "who", "at"]
        with reading(self.engine) as conn:
            records = conn.execute(select(*(o.c[n] for n in names)).order_by(o.c.deployment_id)).all()
        return pd.DataFrame(records, columns=names)

    def article(self, source_id: str) -> dict[str, str] | None:
        """A kept article (source_id, article_hash, url, published, title, text, added_by, added_at)."""
        a = self.t["articles"]
        with reading(self.engine) as conn:
            record = conn.execute(select(a).where(a.c.source_id == source_id)).mappings().first()
        return None if record is None else dict(record)

    def articles(self) -> list[dict[str, str]]:
        """Every kept article, oldest first, in the shape ``article`` returns."""
        a = self.t["articles"]
        with reading(self.engine) as conn:
            return [dict(record) for record in conn.execute(select(a).order_by(a.c.added_at, a.c.source_id))
                    .mappings()]

    def history(self, table: str | None = None, row_id: str | None = None) -> pd.DataFrame:
        """The change log, oldest first: who, when (UTC ISO), action, table, row id, source, the row as JSON,
        and for an approved proposal its reviewer and id."""
        c = self.t["changes"]
        query = select(c.c.change_id, c.c.at, c.c.who, c.c.action, c.c.table_name, c.c.row_id, c.c.source_id,
                       c.c.row_json, c.c.approved_by, c.c.proposal_id)
        if table is not None:
            query = query.where(c.c.table_name == table)
        if row_id is not None:
            query = query.where(c.c.row_id == row_id)
        with reading(self.engine) as conn:
            records = conn.execute(query.order_by(c.c.change_id)).all()
        return pd.DataFrame(records, columns=HISTORY_COLUMNS)

    def sites_within(self, west: float, south: float, east: float, north: float) -> list[str]:
        """Ids of the store's own sites inside a longitude/latitude box (degrees, WGS 84).

        On PostgreSQL the query runs on the PostGIS points under their GiST index.
        """
        s = self.t["sites"]
        if self.postgis:
            box = func.ST_MakeEnvelope(west, south, east, north, schema.SRID)
            condition = func.ST_Intersects(s.c.geom, box)
        else:
            lat, lon = func.cast(s.c.lat, literal(0.0).type), func.cast(s.c.lon, literal(0.0).type)
            condition = lat.between(south, north) & lon.between(west, east) & (s.c.lat != "") & (s.c.lon != "")
        with reading(self.engine) as conn:
            return list(conn.execute(select(s.c.site_id).where(condition).order_by(s.c.seq)).scalars())

    def merged(self, curated: Dataset | Path | str | None = None, *, proposals_of: str | None = None) -> Dataset:
        """The curated data (a Dataset or a directory; default ``curated_dir``) with the store laid over it.

        The result is what ``load_dataset`` returns for the combined rows, plus an ``origin`` column
        in every frame: ``curated``, ``workspace`` for rows added or closed in the store, and
        ``proposed`` for the pending proposals of ``proposals_of`` (their author's own view);
        a proposal that no longer fits is left out of that view.
        """
        base = self._curated(curated)
        state = self._state()
        proposed: set[tuple[str, str]] = set()
        if proposals_of:
            state, proposed = with_proposals(base, state, self.proposals(author=proposals_of))
        tables, problems = _compose(base, state)
        if problems:
            raise DatasetError(problems)
        for table in TABLES:
            for index, values in enumerate(tables[table].values):
                if (table, _id(table, values)) in proposed and tables[table].origins[index] == WORKSPACE:
                    tables[table].origins[index] = PROPOSED
        if isinstance(curated, Dataset):  # validated already: only the store's part is validated again
            return _laid_over(curated, base, tables)
        return _with_origin(_validate(base, tables), tables)

    def export(self, directory: Path | str, *, only_workspace: bool = False,
               curated_dir: Path | str | None = None) -> Path:
        """Write the merged data, or only the store's part, as a data/ directory.

        The CSVs have the model's columns in order (UTF-8, ``;`` lists) and ``datapackage.json`` is
        copied from the curated data, so ``python -m footprint validate DIR`` accepts the result.
        With ``only_workspace`` the curated sites and sources that stored rows cite are written
        too, so the directory validates on its own; importing it skips them as already present.
        Curated deployments closed in the store count as its rows. Kept articles, rejections and
        proposals are not exported. Files are staged beside ``directory`` and moved into place.

        The loader looks for a source's ``seed_file`` in ``seeds/`` beside the data directory, so an
        export that carries such a source validates only where that folder is its sibling (e.g. a
        directory directly under the repository root).
        """
        base = self._curated(curated_dir)
        tables, problems = _compose(base, self._state())
        if problems:
            raise DatasetError(problems)
        chosen = _workspace_part(tables) if only_workspace else tables
        _validate(base, chosen)  # what is written must load on its own
        files = {f"{table}.csv": _csv_text(table, chosen[table].values).encode("utf-8") for table in TABLES}
        files[DATAPACKAGE] = base.datapackage
        target = Path(directory)
        _publish(target, files)
        return target

    def close(self) -> None:
        """Release the store's database connections."""
        if self._watch is not None:
            self._watch.close()
        self.engine.dispose()


def _checked_plan(curated, state, batch):
    """``_plan`` of ``batch`` over ``state``, refused with ``ConflictError`` or ``DatasetError`` (nothing written)
    when it conflicts with a newer version or would leave the merged data invalid."""
    plan = _plan(curated, state, batch)
    if plan.conflicts:
        raise ConflictError(plan.conflicts)
    if plan.problems:
        raise DatasetError(plan.problems)
    if plan.ops:
        tables, problems = _compose(curated, plan.after, plan.new, plan.kinds)
        if problems:
            raise DatasetError(problems)
        _validate(curated, tables)
    return plan


def _point(values: Mapping[str, str]) -> Any:
    from geoalchemy2 import WKTElement

    try:
        lon, lat = float(values.get("lon", "")), float(values.get("lat", ""))
    except ValueError:
        return None
    return WKTElement(f"POINT({lon!r} {lat!r})", srid=schema.SRID)


def _log_change(conn: Connection, changes: Any, *, who: str, at: str, action: str, table: str, row_id: str,
                source_id: str | None, row: Mapping[str, Any], approved_by: str | None = None,
                proposal_id: int | None = None) -> None:
    conn.execute(insert(changes).values(
        who=who, at=at, action=action, table_name=table, row_id=row_id, source_id=source_id,
        row_json=json.dumps(dict(row), ensure_ascii=False), approved_by=approved_by, proposal_id=proposal_id))


# Kept for callers of the first release.
Workspace = Store
