"""The workspace: analysts' additions, kept in SQLite and laid over the curated ``data/``.

Curated rows are never changed here. The workspace holds rows added through the app or an
import (one table per data table, values as CSV text), closures of curated deployments
(``overrides``), the text of pasted articles (``articles``), the claims a reviewer rejected
(``rejections``) and an append-only ``changes`` log of who did what, when, on which source.

``Workspace.merged`` lays the workspace over the curated data and loads the result with the
foundation's own ``load_dataset``, so workspace rows obey exactly the curated data's rules.

Every write takes SQLite's write lock first (``BEGIN IMMEDIATE``), re-reads the workspace,
validates the merged data, writes and commits in one transaction. A process killed mid-write
leaves the last committed state (WAL journal), and concurrent writers queue on the lock
instead of interleaving. Each operation opens its own connection, so one ``Workspace`` may be
shared between threads and processes.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import hashlib
import json
import math
import numbers
import os
import shutil
import sqlite3
import tempfile
import time
import typing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from footprint.csvfile import restore, rows_text
from footprint.dataset import DATAPACKAGE, DEFAULT_DATA_DIR, DatasetError, Problem, load_dataset
from footprint.model import ID_COLUMN, LIST_SEPARATOR, TABLES, Dataset, columns

ROOT = Path(__file__).resolve().parent.parent
PATH_ENV = "FOOTPRINT_WORKSPACE"
DEFAULT_PATH = ROOT / "workspace" / "footprint.sqlite"  # the folder is git-ignored
ORIGIN_COLUMN = "origin"
CURATED, WORKSPACE = "curated", "workspace"
ACTIONS = ("add", "update", "close", "reject")
HISTORY_COLUMNS = ["change_id", "at", "who", "action", "table", "row_id", "source_id", "row_json"]
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 30_000
LOCK_ATTEMPTS = 4

Values = dict[str, str]  # one row as CSV text, keyed by column
T = TypeVar("T")

# Columns holding ;-separated lists, compared part by part so "a; b" and "a;b" are the same row.
LIST_COLUMNS: dict[str, set[str]] = {
    table: {name for name, spec in model.model_fields.items() if typing.get_origin(spec.annotation) is tuple}
    for table, model in TABLES.items()
}
# Columns a closure may change on a curated deployment.
CLOSURE_COLUMNS = ("end_date", "end_precision", "source_ids")

_CURATED_REFUSAL = (
    "is a curated record; the workspace never writes over curated rows "
    "(end a curated deployment with close_deployment instead)"
)


@dataclass(frozen=True)
class RowProblem(Problem):
    """A problem in one row, named by where the row comes from (new, workspace or curated)."""

    where: str = ""

    def __str__(self) -> str:
        text = f"{self.file}, {self.where}" if self.where else self.file
        if self.column is not None:
            text += f", column {self.column}"
        if self.value is not None:
            text += f", value {self.value!r}"
        return f"{text}: {self.message}"


# --- small helpers ----------------------------------------------------------


def default_path() -> Path:
    """``$FOOTPRINT_WORKSPACE`` when set, else ``workspace/footprint.sqlite`` under the repository."""
    configured = os.environ.get(PATH_ENV, "").strip()
    return Path(configured) if configured else DEFAULT_PATH


def article_hash(text: str) -> str:
    """A fingerprint of an article's text (the same as the Ingest page's ``ArticleSource.digest``)."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:16]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _text(value: Any) -> str:
    """A Python value as CSV text: None is empty, sequences are ;-joined, dates are ISO."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(_text(part) for part in value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        return "" if math.isnan(number) else repr(number)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _split(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(LIST_SEPARATOR) if part.strip()]


def _canonical(table: str, values: Mapping[str, str]) -> Values:
    """The row with every value stripped and lists normalised, in column order."""
    out: Values = {}
    for column in columns(table):
        text = (values.get(column) or "").strip()
        out[column] = LIST_SEPARATOR.join(_split(text)) if column in LIST_COLUMNS[table] else text
    return out


def _same(table: str, a: Mapping[str, str], b: Mapping[str, str]) -> bool:
    return _canonical(table, a) == _canonical(table, b)


def _id(table: str, values: Mapping[str, str]) -> str:
    return (values.get(ID_COLUMN[table]) or "").strip()


def _check_table(table: str) -> None:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r} (use {', '.join(TABLES)})")


def _require_who(who: str) -> str:
    if not isinstance(who, str) or not who.strip():
        raise ValueError("'who' must name the person making the change")
    return who.strip()


def _values(table: str, row: Mapping[str, Any], where: str) -> tuple[Values, list[Problem]]:
    """A caller's row as canonical CSV text, and a problem for each column the table lacks."""
    expected = columns(table)
    problems: list[Problem] = [
        RowProblem(f"{table}.csv", f"unknown column (expected: {', '.join(expected)})", column=str(key), where=where)
        for key in row
        if key not in expected
    ]
    return _canonical(table, {column: _text(row.get(column)) for column in expected}), problems


def _csv_text(table: str, rows: Iterable[Mapping[str, str]]) -> str:
    """Rows in the data/ CSV format: the model's columns in order, minimal quoting, LF line ends."""
    return rows_text(columns(table), ([values.get(column, "") for column in columns(table)] for values in rows))


# --- the curated layer -------------------------------------------------------


@dataclass(frozen=True)
class _Closure:
    """A deployment's end, set in the workspace; ``source_id`` is appended to its sources."""

    deployment_id: str
    end_date: str
    end_precision: str
    source_id: str = ""

    def applied_to(self, values: Mapping[str, str]) -> Values:
        closed = dict(values)
        closed["end_date"], closed["end_precision"] = self.end_date, self.end_precision
        if self.source_id and self.source_id not in _split(closed.get("source_ids", "")):
            current = (closed.get("source_ids") or "").strip()
            closed["source_ids"] = f"{current}{LIST_SEPARATOR}{self.source_id}" if current else self.source_id
        return closed


@dataclass(frozen=True)
class _Curated:
    """The curated rows as written in their files, the datapackage.json bytes, and where seeds live."""

    rows: dict[str, list[Values]]
    datapackage: bytes
    seeds: Path | None

    @cached_property
    def by_id(self) -> dict[str, dict[str, tuple[int, Values]]]:
        """Per table, each id's 1-based row number and values."""
        return {
            table: {_id(table, values): (number, values) for number, values in enumerate(rows, start=1)}
            for table, rows in self.rows.items()
        }


def _read_table(directory: Path, table: str) -> list[Values] | None:
    """The table's rows as written, or None when the file is not in the expected shape."""
    try:
        with (directory / f"{table}.csv").open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle, strict=True)
            header = [name.strip() for name in next(reader, [])]
            if sorted(header) != sorted(columns(table)):
                return None
            rows: list[Values] = []
            for record in reader:
                if not any(value.strip() for value in record):
                    continue  # blank lines are not rows, as for the loader
                if len(record) != len(header):
                    return None
                rows.append({column: restore(value) for column, value in zip(header, record, strict=True)})
            return rows
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


def _read_directory(directory: Path) -> dict[str, list[Values]]:
    """Every table of a data directory as written; the loader explains any file that cannot be read."""
    tables = {table: _read_table(directory, table) for table in TABLES}
    if any(rows is None for rows in tables.values()) or not (directory / DATAPACKAGE).is_file():
        load_dataset(directory)  # raises with the foundation's messages
        raise DatasetError([Problem(directory.name, "could not be read as data/-format CSV files")])
    return {table: rows or [] for table, rows in tables.items()}


def _curated_from_directory(directory: Path) -> _Curated:
    rows = _read_directory(directory)
    return _Curated(rows, (directory / DATAPACKAGE).read_bytes(), directory.parent / "seeds")


def _curated_from_dataset(dataset: Dataset, seeds: Path | None) -> _Curated:
    rows = {
        table: [
            {column: _text(value) for column, value in record.items()}
            for record in getattr(dataset, table)[columns(table)].to_dict("records")
        ]
        for table in TABLES
    }
    metadata = {**dataset.metadata, "as_of": dataset.as_of.isoformat()}
    return _Curated(rows, (json.dumps(metadata, indent=2, ensure_ascii=False) + "\n").encode("utf-8"), seeds)


# --- composing curated and workspace rows -------------------------------------


@dataclass
class _State:
    """What the workspace holds: its rows per table (by id, in insertion order) and its closures."""

    rows: dict[str, dict[str, Values]]
    overrides: dict[str, _Closure]

    def copy(self) -> _State:
        return _State({table: dict(rows) for table, rows in self.rows.items()}, dict(self.overrides))


@dataclass
class _Table:
    """One merged table: each row's values, origin, and a label for messages."""

    values: list[Values] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)

    def add(self, table: str, values: Values, origin: str, kind: str, number: int) -> None:
        row_id = _id(table, values)
        self.values.append(values)
        self.origins.append(origin)
        self.labels.append(f"{kind} row {number}" + (f" ({row_id})" if row_id else ""))
        self.numbers.append(number)

    def subset(self, keep: Iterable[int]) -> _Table:
        chosen = sorted(keep)
        return _Table(
            [self.values[i] for i in chosen],
            [self.origins[i] for i in chosen],
            [self.labels[i] for i in chosen],
            [self.numbers[i] for i in chosen],
        )


def _compose(
    curated: _Curated,
    state: _State,
    new: Mapping[str, list[Values]] | None = None,
    kinds: Mapping[tuple[str, str], str] | None = None,
) -> tuple[dict[str, _Table], list[Problem]]:
    """Curated rows (closures applied), then workspace rows, then ``new`` rows; conflicts as problems."""
    kinds = kinds or {}
    problems: list[Problem] = []
    tables: dict[str, _Table] = {}
    for table in TABLES:
        out = _Table()
        file = f"{table}.csv"
        curated_ids = curated.by_id[table]
        for number, values in enumerate(curated.rows[table], start=1):
            row_id = _id(table, values)
            closure = state.overrides.get(row_id) if table == "deployments" else None
            if closure is not None and not values.get("end_date", "").strip():
                kind = kinds.get((table, row_id), "curated (closed in the workspace)")
                out.add(table, closure.applied_to(values), WORKSPACE, kind, number)
                continue
            if closure is not None and not _same(table, closure.applied_to(values), values):
                # The curated data has since ended it differently; say so rather than pick one.
                message = f"the workspace ends it on {closure.end_date}, but the curated data now ends it differently"
                where = f"curated row {number} ({row_id})"
                problems.append(RowProblem(file, message, column="end_date", value=values["end_date"], where=where))
            out.add(table, values, CURATED, "curated", number)
        if table == "deployments":
            for row_id in state.overrides:
                if row_id not in curated_ids:
                    message = "the workspace closes this deployment, but the curated data has no such id"
                    problems.append(RowProblem(file, message, column="deployment_id", value=row_id, where="closure"))
        for number, (row_id, values) in enumerate(state.rows[table].items(), start=1):
            if row_id in curated_ids:
                # Identical: it has been merged into the curated data. Different: never pick silently.
                if not _same(table, values, curated_ids[row_id][1]):
                    message = "the workspace row and the curated row with this id differ"
                    where = f"workspace row {number} ({row_id})"
                    problems.append(RowProblem(file, message, column=ID_COLUMN[table], value=row_id, where=where))
                continue
            out.add(table, values, WORKSPACE, kinds.get((table, row_id), "workspace"), number)
        for number, values in enumerate((new or {}).get(table, []), start=1):
            out.add(table, values, WORKSPACE, "new", number)
        tables[table] = out
    return tables, problems


def _link_seeds(seeds: Path | None, target: Path) -> None:
    """Make ``seeds/`` visible beside the scratch data, as the loader looks for seed files there."""
    if seeds is None or not seeds.is_dir():
        return
    try:
        target.symlink_to(seeds.resolve(), target_is_directory=True)
    except OSError:  # no symlinks on this file system
        shutil.copytree(seeds, target)


def _relabel(problems: list[Problem], tables: Mapping[str, _Table]) -> list[Problem]:
    """Name rows by where they come from, since their line in the scratch files means nothing to anyone."""
    out: list[Problem] = []
    for problem in problems:
        table = problem.file.removesuffix(".csv")
        if problem.row is None or table not in tables or problem.row > len(tables[table].labels):
            out.append(problem)
            continue
        index = problem.row - 1
        out.append(
            RowProblem(
                problem.file,
                problem.message,
                row=tables[table].numbers[index],
                column=problem.column,
                value=problem.value,
                where=tables[table].labels[index],
            )
        )
    return out


def _validate(curated: _Curated, tables: Mapping[str, _Table]) -> Dataset:
    """Load the composed tables with the foundation's loader, from scratch files in the data/ format."""
    with tempfile.TemporaryDirectory(prefix="footprint-workspace-") as scratch:
        root = Path(scratch)
        data = root / "data"
        data.mkdir()
        _link_seeds(curated.seeds, root / "seeds")
        (data / DATAPACKAGE).write_bytes(curated.datapackage)
        for table in TABLES:
            (data / f"{table}.csv").write_text(_csv_text(table, tables[table].values), encoding="utf-8", newline="")
        try:
            return load_dataset(data)
        except DatasetError as exc:
            raise DatasetError(_relabel(exc.problems, tables)) from None


def _with_origin(dataset: Dataset, tables: Mapping[str, _Table]) -> Dataset:
    frames = {table: getattr(dataset, table).assign(**{ORIGIN_COLUMN: tables[table].origins}) for table in TABLES}
    return dataclasses.replace(dataset, **frames)


def _workspace_part(tables: Mapping[str, _Table]) -> dict[str, _Table]:
    """Workspace rows, plus the curated sites and sources they cite so the part validates alone."""
    keep = {table: {i for i, origin in enumerate(tables[table].origins) if origin == WORKSPACE} for table in TABLES}
    sites = {tables[t].values[i].get("site_id", "").strip() for t in ("deployments", "events") for i in keep[t]}
    keep["sites"] |= {i for i, values in enumerate(tables["sites"].values) if _id("sites", values) in sites}
    cited = {
        source for t in ("sites", "deployments", "events") for i in keep[t]
        for source in _split(tables[t].values[i].get("source_ids", ""))
    }
    keep["sources"] |= {i for i, values in enumerate(tables["sources"].values) if _id("sources", values) in cited}
    return {table: tables[table].subset(keep[table]) for table in TABLES}


# --- planning a write ----------------------------------------------------------


@dataclass
class _Batch:
    """What one write asks for, before it is checked against the stored state."""

    rows: dict[str, list[Values]] = field(default_factory=dict)
    updates: dict[str, list[Values]] = field(default_factory=dict)
    closures: list[_Closure] = field(default_factory=list)
    article: Values | None = None
    source_id: str | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class _Op:
    """One row written: ``values`` is the row as it reads afterwards."""

    action: str
    table: str
    values: Values
    closure: _Closure | None = None


@dataclass
class _Plan:
    after: _State
    ops: list[_Op]
    kinds: dict[tuple[str, str], str]
    problems: list[Problem]


def _batch_of(
    rows_by_table: Mapping[str, Iterable[Mapping[str, Any]]],
    closures: Iterable[Mapping[str, Any]] = (),
    source_id: str | None = None,
) -> _Batch:
    batch = _Batch(source_id=source_id)
    for table, rows in rows_by_table.items():
        _check_table(table)
        for number, row in enumerate(rows, start=1):
            values, problems = _values(table, row, f"new row {number}")
            batch.rows.setdefault(table, []).append(values)
            batch.problems.extend(problems)
    for closure in closures:
        batch.closures.append(
            _Closure(
                _text(closure.get("deployment_id")),
                _text(closure.get("end_date")),
                _text(closure.get("end_precision")),
                _text(closure.get("source_id")) or (source_id or ""),
            )
        )
    return batch


def _plan(curated: _Curated, state: _State, batch: _Batch) -> _Plan:
    """Check ids against the curated data and the workspace, and work out every row to write."""
    plan = _Plan(state.copy(), [], {}, list(batch.problems))
    for table in TABLES:
        seen: dict[str, int] = {}
        for number, values in enumerate(batch.rows.get(table, []), start=1):
            row_id = _id(table, values)
            refusal = _new_id_refusal(table, row_id, curated, state, seen)
            if refusal:
                where = f"new row {number} ({row_id})"
                plan.problems.append(
                    RowProblem(f"{table}.csv", refusal, column=ID_COLUMN[table], value=row_id, where=where)
                )
            seen.setdefault(row_id, number)
            plan.ops.append(_Op("add", table, values))
        for values in batch.updates.get(table, []):
            _plan_update(plan, curated, table, values)
    new_deployments = {_id("deployments", v): v for v in batch.rows.get("deployments", [])}
    for closure in batch.closures:
        _plan_closure(plan, curated, closure, new_deployments)
    return plan


def _new_id_refusal(table: str, row_id: str, curated: _Curated, state: _State, seen: Mapping[str, int]) -> str | None:
    if not row_id:
        return None  # the loader says the value is required
    if row_id in curated.by_id[table]:
        return _CURATED_REFUSAL
    if row_id in state.rows[table]:
        return "is already in the workspace; change it with update_row"
    if row_id in seen:
        return f"is also the id of new row {seen[row_id]}"
    return None


def _plan_update(plan: _Plan, curated: _Curated, table: str, values: Values) -> None:
    row_id = _id(table, values)
    file, column = f"{table}.csv", ID_COLUMN[table]
    if row_id in curated.by_id[table]:
        plan.problems.append(RowProblem(file, _CURATED_REFUSAL, column=column, value=row_id, where="update"))
    elif row_id not in plan.after.rows[table]:
        message = "is not a workspace row; only workspace rows can be updated"
        plan.problems.append(RowProblem(file, message, column=column, value=row_id, where="update"))
    else:
        plan.after.rows[table][row_id] = values
        plan.kinds[(table, row_id)] = "updated workspace"
        plan.ops.append(_Op("update", table, values))


def _plan_closure(plan: _Plan, curated: _Curated, closure: _Closure, new: dict[str, Values]) -> None:
    """Close a deployment added in this write, a workspace one, or a curated one (as an override)."""
    row_id = closure.deployment_id

    def refuse(message: str) -> None:
        where = f"closure of {row_id}"
        plan.problems.append(RowProblem("deployments.csv", message, column="deployment_id", value=row_id, where=where))

    if row_id in new:
        new[row_id].update(closure.applied_to(new[row_id]))  # the add writes the closed row
    elif row_id in plan.after.rows["deployments"]:
        current = plan.after.rows["deployments"][row_id]
        if current["end_date"]:
            refuse(f"already ends on {current['end_date']}; change a workspace row with update_row")
            return
        closed = _canonical("deployments", closure.applied_to(current))
        plan.after.rows["deployments"][row_id] = closed
        plan.kinds[("deployments", row_id)] = "closed workspace"
        plan.ops.append(_Op("close", "deployments", closed))
    elif row_id in curated.by_id["deployments"]:
        values = curated.by_id["deployments"][row_id][1]
        if values.get("end_date", "").strip():
            refuse(f"already ends on {values['end_date'].strip()} in the curated data")
            return
        plan.after.overrides[row_id] = closure
        plan.kinds[("deployments", row_id)] = "closed curated"
        plan.ops.append(_Op("close", "deployments", _canonical("deployments", closure.applied_to(values)), closure))
    else:
        refuse("no deployment has this id, in the curated data or the workspace")


def _closure_between(curated: Mapping[str, str], incoming: Mapping[str, str]) -> _Closure | None:
    """The closure that turns an open curated deployment into ``incoming``, if that is all that differs."""
    before, after = _canonical("deployments", curated), _canonical("deployments", incoming)
    if before["end_date"] or not after["end_date"]:
        return None
    if any(before[c] != after[c] for c in columns("deployments") if c not in CLOSURE_COLUMNS):
        return None
    old, new = _split(before["source_ids"]), _split(after["source_ids"])
    if new[: len(old)] != old or len(new) - len(old) > 1:
        return None
    added = new[len(old)] if len(new) > len(old) else ""
    return _Closure(after["deployment_id"], after["end_date"], after["end_precision"], added)


def _plan_import(curated: _Curated, state: _State, incoming: Mapping[str, list[Values]]) -> _Batch:
    """Rows to add and curated deployments to close; anything else that differs is a conflict."""
    batch = _Batch()
    for table in TABLES:
        current = {row_id: values for row_id, (_, values) in curated.by_id[table].items()}
        if table == "deployments":
            current.update({i: c.applied_to(current[i]) for i, c in state.overrides.items() if i in current})
        current.update(state.rows[table])
        for number, raw in enumerate(incoming[table], start=1):
            values = _canonical(table, raw)
            row_id = _id(table, values)
            existing = current.get(row_id)
            if existing is None:
                batch.rows.setdefault(table, []).append(values)
                continue
            if _same(table, existing, values):
                continue
            closure = None
            if table == "deployments" and row_id in curated.by_id[table] and row_id not in state.overrides:
                closure = _closure_between(existing, values)
            if closure is not None:
                batch.closures.append(closure)
                continue
            have = _canonical(table, existing)
            column = next(c for c in columns(table) if have[c] != values[c])
            message = f"differs from the record with this id already held ({have[column]!r}); import only adds records"
            where = f"imported row {number} ({row_id})"
            batch.problems.append(RowProblem(f"{table}.csv", message, column=column, value=values[column], where=where))
    return batch


# --- the database ------------------------------------------------------------------


def _schema() -> list[str]:
    statements = []
    for table in TABLES:
        fields = ", ".join(f"{_quote(c)} TEXT NOT NULL DEFAULT ''" for c in columns(table))
        # seq keeps insertion order stable (implicit rowids may be renumbered by VACUUM).
        statements.append(
            f"CREATE TABLE IF NOT EXISTS {_quote(table)} (seq INTEGER PRIMARY KEY AUTOINCREMENT, {fields}, "
            f"UNIQUE ({_quote(ID_COLUMN[table])}))"
        )
    statements += [
        "CREATE TABLE IF NOT EXISTS overrides (deployment_id TEXT PRIMARY KEY, end_date TEXT NOT NULL, "
        "end_precision TEXT NOT NULL, source_id TEXT NOT NULL DEFAULT '', who TEXT NOT NULL, at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS changes (change_id INTEGER PRIMARY KEY AUTOINCREMENT, who TEXT NOT NULL, "
        "at TEXT NOT NULL, action TEXT NOT NULL CHECK (action IN ('add', 'update', 'close', 'reject')), "
        "table_name TEXT NOT NULL, row_id TEXT NOT NULL, source_id TEXT, row_json TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS changes_by_row ON changes (table_name, row_id)",
        # The log is evidence of who did what; it only ever grows.
        "CREATE TRIGGER IF NOT EXISTS changes_no_update BEFORE UPDATE ON changes "
        "BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS changes_no_delete BEFORE DELETE ON changes "
        "BEGIN SELECT RAISE(ABORT, 'the change log is append-only'); END",
        "CREATE TABLE IF NOT EXISTS articles (source_id TEXT PRIMARY KEY, article_hash TEXT NOT NULL, url TEXT, "
        "published TEXT, title TEXT, text TEXT NOT NULL, added_by TEXT NOT NULL, added_at TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS rejections (article_hash TEXT NOT NULL, claim_key TEXT NOT NULL, "
        "who TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (article_hash, claim_key))",
    ]
    return statements


def _busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(exc) or "busy" in str(exc)


def _retrying(step: Callable[[], T]) -> T:
    """Run ``step``, retrying while another connection holds the lock past the busy timeout."""
    for attempt in range(LOCK_ATTEMPTS):
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if not _busy(exc) or attempt == LOCK_ATTEMPTS - 1:
                raise
            time.sleep(0.1 * 2**attempt)  # busy_timeout already waited; back off before trying again
    raise AssertionError("unreachable")


def _read_state(conn: sqlite3.Connection) -> _State:
    rows: dict[str, dict[str, Values]] = {}
    for table in TABLES:
        names = columns(table)
        query = f"SELECT {', '.join(_quote(c) for c in names)} FROM {_quote(table)} ORDER BY seq"
        rows[table] = {}
        for record in conn.execute(query):
            values = dict(zip(names, record, strict=True))
            rows[table][_id(table, values)] = values
    query = "SELECT deployment_id, end_date, end_precision, source_id FROM overrides ORDER BY deployment_id"
    overrides = {record[0]: _Closure(*record) for record in conn.execute(query)}
    return _State(rows, overrides)


def _log_change(
    conn: sqlite3.Connection, *, who: str, at: str, action: str, table: str, row_id: str,
    source_id: str | None, row: Mapping[str, Any],
) -> None:
    conn.execute(
        "INSERT INTO changes (who, at, action, table_name, row_id, source_id, row_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (who, at, action, table, row_id, source_id, json.dumps(dict(row), ensure_ascii=False)),
    )


def _cited(table: str, values: Mapping[str, str]) -> str | None:
    """The source a row rests on, for the change log when the caller names none."""
    if table == "sources":
        return _id(table, values) or None
    return values.get("source_ids") or None


def _store_op(conn: sqlite3.Connection, op: _Op, who: str, at: str, source_id: str | None) -> None:
    row_id = _id(op.table, op.values)
    names = columns(op.table)
    if op.closure is not None:
        closure = op.closure
        conn.execute(
            "INSERT INTO overrides (deployment_id, end_date, end_precision, source_id, who, at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (deployment_id) DO UPDATE SET end_date = excluded.end_date, "
            "end_precision = excluded.end_precision, source_id = excluded.source_id, who = excluded.who, "
            "at = excluded.at",
            (closure.deployment_id, closure.end_date, closure.end_precision, closure.source_id, who, at),
        )
        source_id = source_id or closure.source_id or None
    elif op.action == "add":
        marks = ", ".join("?" for _ in names)
        conn.execute(
            f"INSERT INTO {_quote(op.table)} ({', '.join(_quote(c) for c in names)}) VALUES ({marks})",
            [op.values[c] for c in names],
        )
    else:
        assignments = ", ".join(f"{_quote(c)} = ?" for c in names)
        conn.execute(
            f"UPDATE {_quote(op.table)} SET {assignments} WHERE {_quote(ID_COLUMN[op.table])} = ?",
            [*(op.values[c] for c in names), row_id],
        )
    _log_change(
        conn, who=who, at=at, action=op.action, table=op.table, row_id=row_id,
        source_id=source_id or _cited(op.table, op.values), row=op.values,
    )


def _store_article(conn: sqlite3.Connection, article: Values, who: str, at: str) -> None:
    held = conn.execute("SELECT text FROM articles WHERE source_id = ?", (article["source_id"],)).fetchone()
    if held is not None and held[0] == article["text"]:
        return
    conn.execute(
        "INSERT INTO articles (source_id, article_hash, url, published, title, text, added_by, added_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source_id) DO UPDATE SET article_hash = excluded.article_hash, "
        "url = excluded.url, published = excluded.published, title = excluded.title, text = excluded.text, "
        "added_by = excluded.added_by, added_at = excluded.added_at",
        (article["source_id"], article["article_hash"], article["url"], article["published"], article["title"],
         article["text"], who, at),
    )
    _log_change(
        conn, who=who, at=at, action="add" if held is None else "update", table="articles",
        row_id=article["source_id"], source_id=article["source_id"], row=article,
    )


def _article_values(source_id: str, text: str, url: Any, published: Any, title: Any) -> Values:
    if not _text(source_id):
        raise ValueError("an article needs the source_id of the source it is kept for")
    return {
        "source_id": _text(source_id), "article_hash": article_hash(text), "url": _text(url),
        "published": _text(published), "title": _text(title), "text": text,
    }


class Workspace:
    """An SQLite workspace at ``path``, laid over the curated data in ``curated_dir``."""

    def __init__(self, path: Path | str | None = None, *, curated_dir: Path | str = DEFAULT_DATA_DIR) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.curated_dir = Path(curated_dir)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._initialise()

    # -- connections --

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: transactions are begun explicitly, so a write can take the lock up front.
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")  # a commit reported is a commit kept
        return conn

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """A write transaction holding the lock from the start, so what it read stays true until commit."""
        with contextlib.closing(self._connect()) as conn:
            _retrying(lambda: conn.execute("BEGIN IMMEDIATE"))
            with conn:  # commits when the block succeeds, rolls back when it raises
                yield conn

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query in it sees the same committed snapshot."""
        with contextlib.closing(self._connect()) as conn:
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.rollback()

    def _initialise(self) -> None:
        with contextlib.closing(self._connect()) as conn:
            mode = _retrying(lambda: conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
            if str(mode).lower() != "wal":
                raise RuntimeError(f"the workspace database could not use WAL journaling (got {mode!r})")
        with self._writing() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise RuntimeError(f"the workspace was made by a newer Footprint (schema {version})")
            for statement in _schema():
                conn.execute(statement)
            for table in TABLES:  # columns added to the model since the workspace was made
                held = {record[1] for record in conn.execute(f"PRAGMA table_info({_quote(table)})")}
                for column in (c for c in columns(table) if c not in held):
                    conn.execute(f"ALTER TABLE {_quote(table)} ADD COLUMN {_quote(column)} TEXT NOT NULL DEFAULT ''")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _curated(self, curated: Dataset | Path | str | None = None) -> _Curated:
        if isinstance(curated, Dataset):
            return _curated_from_dataset(curated, self.curated_dir.parent / "seeds")
        return _curated_from_directory(Path(curated) if curated is not None else self.curated_dir)

    def _state(self) -> _State:
        with self._reading() as conn:
            return _read_state(conn)

    # -- writing rows --

    def _write(self, who: str, make: Callable[[_Curated, _State], _Batch]) -> list[_Op]:
        """Plan, validate and store one batch in one transaction; on any problem, write nothing."""
        who = _require_who(who)
        curated = self._curated()
        with self._writing() as conn:
            state = _read_state(conn)
            batch = make(curated, state)
            plan = _plan(curated, state, batch)
            if plan.problems:
                raise DatasetError(plan.problems)
            if plan.ops:
                tables, problems = _compose(curated, plan.after, batch.rows, plan.kinds)
                if problems:
                    raise DatasetError(problems)
                _validate(curated, tables)
            at = _now()
            for op in plan.ops:
                _store_op(conn, op, who, at, batch.source_id)
            if batch.article is not None:
                _store_article(conn, batch.article, who, at)
        return plan.ops

    def add(self, rows_by_table: Mapping[str, Iterable[Mapping[str, Any]]], *, who: str,
            source_id: str | None = None) -> None:
        """Add new rows to several tables at once (e.g. a source, a site and a deployment citing them)."""
        batch = _batch_of(rows_by_table, source_id=source_id)
        self._write(who, lambda _curated, _state: batch)

    def add_rows(
        self, table: str, rows: Iterable[Mapping[str, Any]], *, who: str, source_id: str | None = None
    ) -> None:
        """Add new rows to ``table``; they are validated with everything else, and refused whole on any problem.

        Values may be CSV text or Python values (None, numbers, dates, sequences for list columns).
        Ids already in the curated data or the workspace are refused.
        """
        _check_table(table)
        self.add({table: list(rows)}, who=who, source_id=source_id)

    def update_row(self, table: str, row: Mapping[str, Any], *, who: str, source_id: str | None = None) -> None:
        """Change columns of a workspace row (never a curated one); columns not given keep their values."""
        _check_table(table)

        def make(_curated: _Curated, state: _State) -> _Batch:
            values, problems = _values(table, row, "update")
            given = {column: values[column] for column in row if column in values}
            current = state.rows[table].get(given.get(ID_COLUMN[table], ""), {})
            merged = _canonical(table, {**current, **given}) if current else values
            return _Batch(updates={table: [merged]}, source_id=source_id, problems=problems)

        self._write(who, make)

    def close_deployment(
        self, deployment_id: str, end_date: str | dt.date, end_precision: str, *, who: str, source_id: str
    ) -> None:
        """End an open deployment on ``end_date``, citing ``source_id``.

        A workspace deployment is updated in place. A curated one is left untouched in ``data/`` and an
        override is stored instead, applied whenever the workspace is merged or exported.
        """
        closure = {"deployment_id": deployment_id, "end_date": end_date, "end_precision": end_precision,
                   "source_id": source_id}
        batch = _batch_of({}, [closure], source_id=_text(source_id) or None)
        self._write(who, lambda _curated, _state: batch)

    def apply(self, records: Any, *, who: str, article: Any = None) -> None:
        """Store what a review accepted, in one transaction.

        ``records`` has lists of row dicts named after the tables (``sources``, ``sites``,
        ``deployments``, ``events``) and ``closures`` (dicts with ``deployment_id``, ``end_date``,
        ``end_precision``). ``article``, when given, has ``source_id``, ``text``, ``url``,
        ``published`` and ``title``; its text is kept and it is cited for the closures.
        """
        rows = {table: list(getattr(records, table, None) or []) for table in TABLES}
        closures = list(getattr(records, "closures", None) or [])
        source_id = _text(getattr(article, "source_id", None)) or None
        batch = _batch_of({t: r for t, r in rows.items() if r}, closures, source_id=source_id)
        if article is not None:
            batch.article = _article_values(
                article.source_id, article.text, getattr(article, "url", None),
                getattr(article, "published", None), getattr(article, "title", None),
            )
        self._write(who, lambda _curated, _state: batch)

    def save_article(self, source_id: str, text: str, *, who: str, url: str | None = None,
                     published: str | dt.date | None = None, title: str | None = None) -> str:
        """Keep an article's text as the evidence behind ``source_id``; returns its hash."""
        batch = _Batch(article=_article_values(source_id, text, url, published, title))
        self._write(who, lambda _curated, _state: batch)
        return batch.article["article_hash"] if batch.article else ""

    def import_dir(self, directory: Path | str, *, who: str) -> dict[str, int]:
        """Add the rows of a data directory that the workspace and curated data lack.

        The directory must pass ``load_dataset`` first. Rows already held are skipped; a curated
        open deployment that the directory ends becomes a closure; any other difference from a row
        already held is refused, as is the whole import on any problem. Returns counts per table,
        and ``closures``.
        """
        directory = Path(directory)
        load_dataset(directory)  # the foundation's rules first; any problem refuses the import
        incoming = _read_directory(directory)
        ops = self._write(who, lambda curated, state: _plan_import(curated, state, incoming))
        counts = Counter("closures" if op.action == "close" else op.table for op in ops)
        return {name: counts.get(name, 0) for name in [*TABLES, "closures"]}

    # -- rejections --

    def reject(self, article: str, claim_key: str, *, who: str, source_id: str | None = None) -> None:
        """Remember that the claim ``claim_key`` of the article with hash ``article`` was rejected."""
        who = _require_who(who)
        with self._writing() as conn:
            at = _now()
            cursor = conn.execute(
                "INSERT OR IGNORE INTO rejections (article_hash, claim_key, who, at) VALUES (?, ?, ?, ?)",
                (article, claim_key, who, at),
            )
            if cursor.rowcount:
                _log_change(
                    conn, who=who, at=at, action="reject", table="rejections", row_id=f"{article}/{claim_key}",
                    source_id=source_id, row={"article_hash": article, "claim_key": claim_key},
                )

    def rejected(self, article: str) -> set[str]:
        """The claim keys rejected for the article with hash ``article``."""
        with self._reading() as conn:
            query = "SELECT claim_key FROM rejections WHERE article_hash = ?"
            return {record[0] for record in conn.execute(query, (article,))}

    def is_rejected(self, article: str, claim_key: str) -> bool:
        return claim_key in self.rejected(article)

    # -- reading --

    def revision(self) -> int:
        """The latest change's id: every write raises it, so it can key a cache of ``merged()``."""
        with self._reading() as conn:
            return int(conn.execute("SELECT COALESCE(MAX(change_id), 0) FROM changes").fetchone()[0])

    def rows(self, table: str) -> list[Values]:
        """The workspace's own rows of ``table`` as CSV text, oldest first."""
        _check_table(table)
        return list(self._state().rows[table].values())

    def overrides(self) -> pd.DataFrame:
        """Closures of curated deployments held in the workspace."""
        with self._reading() as conn:
            records = conn.execute("SELECT * FROM overrides ORDER BY deployment_id").fetchall()
        names = ["deployment_id", "end_date", "end_precision", "source_id", "who", "at"]
        return pd.DataFrame(records, columns=names)

    def article(self, source_id: str) -> dict[str, str] | None:
        """A kept article (source_id, article_hash, url, published, title, text, added_by, added_at)."""
        with self._reading() as conn:
            cursor = conn.execute("SELECT * FROM articles WHERE source_id = ?", (source_id,))
            record = cursor.fetchone()
            names = [d[0] for d in cursor.description]
        return None if record is None else dict(zip(names, record, strict=True))

    def history(self, table: str | None = None, row_id: str | None = None) -> pd.DataFrame:
        """The change log, oldest first: who, when (UTC ISO), action, table, row id, source and the row as JSON."""
        query = "SELECT change_id, at, who, action, table_name, row_id, source_id, row_json FROM changes"
        conditions, parameters = [], []
        if table is not None:
            conditions.append("table_name = ?")
            parameters.append(table)
        if row_id is not None:
            conditions.append("row_id = ?")
            parameters.append(row_id)
        if conditions:
            query += " WHERE " + " AND ".join(conditions)
        with self._reading() as conn:
            records = conn.execute(query + " ORDER BY change_id", parameters).fetchall()
        return pd.DataFrame(records, columns=HISTORY_COLUMNS)

    def merged(self, curated: Dataset | Path | str | None = None) -> Dataset:
        """The curated data (a Dataset or a directory; default ``curated_dir``) with the workspace laid over it.

        The result is what ``load_dataset`` returns for the combined rows, plus an ``origin`` column
        in every frame: ``curated``, or ``workspace`` for rows added or closed in the workspace.
        """
        base = self._curated(curated)
        tables, problems = _compose(base, self._state())
        if problems:
            raise DatasetError(problems)
        return _with_origin(_validate(base, tables), tables)

    def export(self, directory: Path | str, *, only_workspace: bool = False,
               curated_dir: Path | str | None = None) -> Path:
        """Write the merged data, or only the workspace's part, as a data/ directory.

        The CSVs have the model's columns in order (UTF-8, ``;`` lists) and ``datapackage.json`` is
        copied from the curated data, so ``python -m footprint validate DIR`` accepts the result.
        With ``only_workspace`` the curated sites and sources that workspace rows cite are written
        too, so the directory validates on its own; importing it skips them as already present.
        Curated deployments closed in the workspace count as workspace rows. Kept articles and
        rejections are not exported. Files are staged beside ``directory`` and moved into place.

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


def _write_synced(path: Path, content: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())


def _publish(directory: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` into ``directory`` so a crash leaves each file whole, old or new."""
    if directory.exists() and not directory.is_dir():
        raise NotADirectoryError(f"{directory.name} exists and is not a directory")
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}-", suffix=".tmp", dir=directory.parent))
    try:
        staging.chmod(0o755)  # mkdtemp makes it private; an export is meant to be shared
        for name, content in files.items():
            _write_synced(staging / name, content)
        if not directory.exists():
            os.rename(staging, directory)  # the whole directory appears in one step
            return
        for name in files:
            os.replace(staging / name, directory / name)  # each file is swapped in whole
    finally:
        shutil.rmtree(staging, ignore_errors=True)
