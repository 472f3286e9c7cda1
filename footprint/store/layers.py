"""The store's rules apart from any database: laying stored rows over the curated ``data/`` and planning writes.

The store holds rows added through the app or an import (values as CSV text), closures of
curated deployments (``overrides``) and articles. Nothing here touches a database: a write is
planned against the state read inside its transaction (``_plan``), the merged tables are
loaded with the foundation's own ``load_dataset`` (``_validate``), and only then does the engine
layer store the planned operations. So both engines apply exactly the same rules.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import math
import numbers
import os
import shutil
import tempfile
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from footprint.csvfile import restore, rows_text
from footprint.dataset import DATAPACKAGE, DatasetError, Problem, load_dataset
from footprint.ingest import article_hash
from footprint.model import ID_COLUMN, LIST_SEPARATOR, TABLES, Dataset, columns

ORIGIN_COLUMN = "origin"
CURATED, WORKSPACE, PROPOSED = "curated", "workspace", "proposed"

Values = dict[str, str]  # one row as CSV text, keyed by column

# Columns holding ;-separated lists, compared part by part so "a; b" and "a;b" are the same row.
LIST_COLUMNS: dict[str, set[str]] = {
    table: {name for name, spec in model.model_fields.items() if typing.get_origin(spec.annotation) is tuple}
    for table, model in TABLES.items()
}
# Columns a closure may change on a curated deployment.
CLOSURE_COLUMNS = ("end_date", "end_precision", "source_ids")

_CURATED_REFUSAL = (
    "is a curated record; the store never writes over curated rows "
    "(end a curated deployment with close_deployment instead)"
)


@dataclass(frozen=True)
class RowMeta:
    """A stored row's version and its last change: who made it and when (UTC ISO)."""

    version: int
    who: str
    at: str


@dataclass(frozen=True)
class Conflict:
    """Someone changed a row after the writer read it: both versions, and who changed it when."""

    table: str
    row_id: str
    yours: Values
    theirs: Values
    who: str
    at: str
    version: int

    def __str__(self) -> str:
        return (f"{self.table}.csv, {self.row_id}: {self.who} changed this record at {self.at} (version "
                f"{self.version}) after you read it; your version was not saved, compare both and try again")


class ConflictError(DatasetError):
    """A save refused because a row changed since it was read; ``conflicts`` keep both versions."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        super().__init__([RowProblem(f"{c.table}.csv", str(c).split(": ", 1)[1], where=c.row_id) for c in conflicts])


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
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"  # as data/ writes it
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
    """What the store holds: its rows per table (by id, in insertion order), its closures, and each one's
    version and last change (keyed by table and id; closures under ``overrides``)."""

    rows: dict[str, dict[str, Values]]
    overrides: dict[str, _Closure]
    meta: dict[tuple[str, str], RowMeta] = field(default_factory=dict)

    def copy(self) -> _State:
        return _State({table: dict(rows) for table, rows in self.rows.items()}, dict(self.overrides), dict(self.meta))

    def changed(self, table: str, row_id: str) -> str:
        """``by NAME at TIME`` for a stored row, for messages that name who got there first."""
        meta = self.meta.get((table, row_id))
        return f"by {meta.who} at {meta.at}" if meta else "earlier"


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


def _laid_over(curated: Dataset, base: _Curated, tables: Mapping[str, _Table]) -> Dataset:
    """The merged ``tables`` as ``_with_origin(_validate(base, tables), tables)`` gives them, when ``curated`` is
    the validated load of ``base``'s rows: only the store's part (its rows, closures and proposals, with the
    curated sites and sources they cite) is written and validated; curated rows are taken as loaded.

    A curated row cannot cite a store row, and ``_compose`` has already refused store rows that reuse a curated
    id, so the part validating alone is the whole validating. Raises ``DatasetError`` naming the store's rows.
    """
    if all(origin == CURATED for table in TABLES for origin in tables[table].origins):
        return dataclasses.replace(curated, **{table: getattr(curated, table).assign(**{ORIGIN_COLUMN: CURATED})
                                               for table in TABLES})
    part = _workspace_part(tables, (WORKSPACE, PROPOSED))
    loaded = _validate(base, part)
    frames = {}
    for table in TABLES:
        ours, theirs = getattr(curated, table).reset_index(drop=True), getattr(loaded, table).reset_index(drop=True)
        id_column = ID_COLUMN[table]
        at = {(CURATED, row_id): i for i, row_id in enumerate(ours[id_column])}
        at.update({(origin, row_id): len(ours) + i for i, (origin, row_id)
                   in enumerate(zip(part[table].origins, theirs[id_column], strict=True)) if origin != CURATED})
        order = [at[(origin, _id(table, values))]
                 for values, origin in zip(tables[table].values, tables[table].origins, strict=True)]
        both = pd.concat([ours, theirs], ignore_index=True).iloc[order].reset_index(drop=True)
        for column in both.columns:
            # Loaded together, a column takes the type of the values in it: the part's rows may leave one empty.
            held = {str(frame[column].dtype): frame[column].dtype for frame in (ours, theirs)
                    if frame[column].notna().any()}
            if len(held) == 1 and str(both[column].dtype) not in held:
                both[column] = both[column].astype(next(iter(held.values())))
        if table in ("sites", "sources"):
            both = both.set_index(id_column, drop=False)
        frames[table] = both.assign(**{ORIGIN_COLUMN: tables[table].origins})
    return dataclasses.replace(curated, **frames)


def _workspace_part(tables: Mapping[str, _Table], origins: tuple[str, ...] = (WORKSPACE,)) -> dict[str, _Table]:
    """Rows of ``origins`` (workspace rows), plus the curated sites and sources they cite so the part validates
    alone."""
    keep = {table: {i for i, origin in enumerate(tables[table].origins) if origin in origins} for table in TABLES}
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
    """What one write asks for, before it is checked against the stored state.

    ``versions`` holds, per (table, id), the row version the writer read: an update of a row
    changed since is a conflict, never an overwrite.
    """

    rows: dict[str, list[Values]] = field(default_factory=dict)
    updates: dict[str, list[Values]] = field(default_factory=dict)
    closures: list[_Closure] = field(default_factory=list)
    article: Values | None = None
    source_id: str | None = None
    problems: list[Problem] = field(default_factory=list)
    versions: dict[tuple[str, str], int] = field(default_factory=dict)

    def to_json(self) -> str:
        """The batch as JSON, to keep it as a proposal until a reviewer approves it."""
        return json.dumps({
            "rows": self.rows, "updates": self.updates, "closures": [dataclasses.asdict(c) for c in self.closures],
            "article": self.article, "source_id": self.source_id,
            "versions": [[table, row_id, version] for (table, row_id), version in self.versions.items()],
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> _Batch:
        data = json.loads(text)
        return cls(
            rows=data["rows"], updates=data["updates"], closures=[_Closure(**c) for c in data["closures"]],
            article=data["article"], source_id=data["source_id"],
            versions={(table, row_id): version for table, row_id, version in data["versions"]},
        )


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
    new: dict[str, list[Values]] = field(default_factory=dict)  # rows the write adds (not those already held)
    conflicts: list[Conflict] = field(default_factory=list)


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
    """Check ids and versions against the curated data and the store, and work out every row to write.

    A new row identical to one already held (an article's source row added again with its next
    claim, say) is recognised and skipped; a different row with a held id is refused.
    """
    plan = _Plan(state.copy(), [], {}, list(batch.problems))
    for table in TABLES:
        seen: dict[str, int] = {}
        for number, values in enumerate(batch.rows.get(table, []), start=1):
            row_id = _id(table, values)
            held = _held(curated, state, table, row_id)
            if held is not None and _same(table, held, values) and row_id not in seen:
                continue
            refusal = _new_id_refusal(table, row_id, curated, state, seen)
            if refusal:
                where = f"new row {number} ({row_id})"
                plan.problems.append(
                    RowProblem(f"{table}.csv", refusal, column=ID_COLUMN[table], value=row_id, where=where)
                )
            seen.setdefault(row_id, number)
            copy = dict(values)
            plan.new.setdefault(table, []).append(copy)
            plan.ops.append(_Op("add", table, copy))
        for values in batch.updates.get(table, []):
            _plan_update(plan, curated, table, values, batch.versions.get((table, _id(table, values))))
    new_deployments = {_id("deployments", v): v for v in plan.new.get("deployments", [])}
    for closure in batch.closures:
        _plan_closure(plan, curated, closure, new_deployments)
    return plan


def _held(curated: _Curated, state: _State, table: str, row_id: str) -> Values | None:
    if row_id in state.rows[table]:
        return state.rows[table][row_id]
    if row_id in curated.by_id[table]:
        values = curated.by_id[table][row_id][1]
        closure = state.overrides.get(row_id) if table == "deployments" else None
        return closure.applied_to(values) if closure else values
    return None


def _new_id_refusal(table: str, row_id: str, curated: _Curated, state: _State, seen: Mapping[str, int]) -> str | None:
    if not row_id:
        return None  # the loader says the value is required
    if row_id in seen:
        return f"is also the id of new row {seen[row_id]}"
    if row_id in curated.by_id[table]:
        return _CURATED_REFUSAL
    if row_id in state.rows[table]:
        return (f"is already held with other values (last changed {state.changed(table, row_id)}); "
                "nothing was saved: give the new record another id, or edit the one held")
    return None


def _plan_update(plan: _Plan, curated: _Curated, table: str, values: Values, read: int | None) -> None:
    row_id = _id(table, values)
    file, column = f"{table}.csv", ID_COLUMN[table]
    if row_id in curated.by_id[table]:
        plan.problems.append(RowProblem(file, _CURATED_REFUSAL, column=column, value=row_id, where="update"))
    elif row_id not in plan.after.rows[table]:
        message = "is not a record of the store; only the store's own records can be updated"
        plan.problems.append(RowProblem(file, message, column=column, value=row_id, where="update"))
    else:
        meta = plan.after.meta.get((table, row_id))
        if read is not None and meta is not None and meta.version != read:
            theirs = plan.after.rows[table][row_id]
            plan.conflicts.append(Conflict(table, row_id, values, theirs, meta.who, meta.at, meta.version))
            return
        plan.after.rows[table][row_id] = values
        plan.kinds[(table, row_id)] = "updated workspace"
        plan.ops.append(_Op("update", table, values))


def _plan_closure(plan: _Plan, curated: _Curated, closure: _Closure, new: dict[str, Values]) -> None:
    """Close a deployment added in this write, a stored one, or a curated one (as an override).

    The same closure again is recognised and skipped; any other closure of a deployment that
    already ends is refused, naming the first.
    """
    row_id = closure.deployment_id

    def refuse(message: str) -> None:
        where = f"closure of {row_id}"
        plan.problems.append(RowProblem("deployments.csv", message, column="deployment_id", value=row_id, where=where))

    if row_id in new:
        new[row_id].update(closure.applied_to(new[row_id]))  # the add writes the closed row
    elif row_id in plan.after.rows["deployments"]:
        current = plan.after.rows["deployments"][row_id]
        if current["end_date"]:
            if _same("deployments", closure.applied_to(current), current):
                return
            refuse(f"already ends on {current['end_date']} ({current['end_precision'] or 'no precision'}, "
                   f"closed {plan.after.changed('deployments', row_id)}); nothing was saved")
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
        first = plan.after.overrides.get(row_id)
        if first is not None:
            if _same("deployments", closure.applied_to(values), first.applied_to(values)):
                return
            cites = first.source_id or "no source"
            refuse(f"already closed on {first.end_date} ({first.end_precision}, citing {cites}) "
                   f"{plan.after.changed('overrides', row_id)}; nothing was saved")
            return
        plan.after.overrides[row_id] = closure
        plan.kinds[("deployments", row_id)] = "closed curated"
        plan.ops.append(_Op("close", "deployments", _canonical("deployments", closure.applied_to(values)), closure))
    else:
        refuse("no deployment has this id, in the curated data or the store")


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


def _cited(table: str, values: Mapping[str, str]) -> str | None:
    """The source a row rests on, for the change log when the caller names none."""
    if table == "sources":
        return _id(table, values) or None
    return values.get("source_ids") or None


def _article_values(source_id: str, text: str, url: Any, published: Any, title: Any) -> Values:
    if not _text(source_id):
        raise ValueError("an article needs the source_id of the source it is kept for")
    return {
        "source_id": _text(source_id), "article_hash": article_hash(text), "url": _text(url),
        "published": _text(published), "title": _text(title), "text": text,
    }


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
