"""Hypothesis over the CSV reader and the workspace import: any input loads, or gives a DatasetError whose
every problem names its file (and row and column where there is one); never another exception, never a
partial write."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from footprint.csvfile import neutralise, restore
from footprint.dataset import DatasetError, load_dataset
from footprint.model import TABLES, columns
from footprint.workspace import Workspace
from tests.conftest import TINY

FILES = {f"{table}.csv" for table in TABLES} | {"datapackage.json"}
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Cells a careless or hostile user might write: any text, plus the shapes that broke things before.
awkward = st.sampled_from([
    "", " ", "18446744073709551616", "-1", "1e400", "nan", "inf", "２０２４", "2024-13-01", "9999-12-31", "0000",
    "=HYPERLINK(\"http://x\")", "@x", "'=x", "\ufeff", "\x00", "\r\n", "\"", "a;b;;c", ";", "ner-ab101",
    "src-one", "day", "month", "USA", "{{ 7*7 }}", "{% if %}", "../../etc/passwd", "/etc/passwd", "‮evil",
    "x" * 5000,
])
cell = st.one_of(awkward, st.text(max_size=40), st.integers(min_value=-(2**70), max_value=2**70).map(str),
                 st.floats().map(str))


def _check(error: DatasetError) -> None:
    assert error.problems
    for problem in error.problems:
        assert problem.file in FILES or problem.file.endswith(".csv"), problem
        assert problem.message
        if problem.column is not None:
            assert problem.row is not None or "header" in problem.message or "column" in problem.message, problem
    str(error)


def _load_or_explain(directory: Path) -> None:
    try:
        load_dataset(directory)
    except DatasetError as error:
        _check(error)


def _with_copy(change) -> None:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "data"
        shutil.copytree(TINY, target)
        change(target)
        _load_or_explain(target)


@given(table=st.sampled_from(sorted(TABLES)), content=st.binary(max_size=3000))
@FUZZ
def test_any_bytes_as_a_table_load_or_are_explained(table, content):
    _with_copy(lambda target: (target / f"{table}.csv").write_bytes(content))


@given(
    table=st.sampled_from(sorted(TABLES)),
    row=st.integers(min_value=0, max_value=2),
    column_index=st.integers(min_value=0, max_value=14),
    value=cell,
    bom=st.booleans(),
    crlf=st.booleans(),
)
@example(table="deployments", row=0, column_index=10, value="18446744073709551616", bom=False, crlf=False)
@example(table="events", row=0, column_index=9, value=str(2**64), bom=True, crlf=True)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_cell_loads_or_is_explained(table, row, column_index, value, bom, crlf):
    def change(target: Path) -> None:
        path = target / f"{table}.csv"
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        body = rows[1:]
        names = columns(table)
        body[min(row, len(body) - 1)][column_index % len(names)] = value
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n" if crlf else "\n").writerows([rows[0], *body])
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + buffer.getvalue().encode("utf-8", "surrogatepass"))

    _with_copy(change)


def test_a_directory_for_a_table_is_explained():
    def change(target: Path) -> None:
        (target / "sites.csv").unlink()
        (target / "sites.csv").mkdir()

    _with_copy(change)


@given(text=st.text(max_size=400))
@FUZZ
def test_any_text_as_a_table_loads_or_is_explained(text):
    _with_copy(lambda target: (target / "events.csv").write_text(text, encoding="utf-8", errors="surrogatepass"))


@given(st.text())
@settings(max_examples=500)
def test_neutralise_round_trips_any_text(value):
    safe = neutralise(value)
    assert restore(safe) == value
    assert not safe.startswith(("=", "+", "@", "\t", "\r")) or safe.lstrip("+").replace(".", "", 1).isdigit()


@given(table=st.sampled_from(["events", "sites", "sources"]), column_index=st.integers(0, 14), value=cell)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_failed_workspace_import_writes_nothing(table, column_index, value):
    with tempfile.TemporaryDirectory() as folder:
        incoming = Path(folder) / "review"
        shutil.copytree(TINY, incoming)
        path = incoming / f"{table}.csv"
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        id_column = columns(table)[0]
        new = dict(zip(rows[0], rows[1], strict=True))
        new[id_column] = f"{new[id_column]}-fuzz"
        new[columns(table)[column_index % len(columns(table))]] = value
        with path.open("a", encoding="utf-8", newline="") as handle:
            csv.writer(handle, lineterminator="\n").writerow([new[name] for name in rows[0]])
        store = Workspace(Path(folder) / "ws.sqlite", curated_dir=TINY)
        before = {name: store.rows(name) for name in TABLES}
        try:
            added = store.import_dir(incoming, who="fuzzer")
        except DatasetError as error:
            _check(error)
            assert {name: store.rows(name) for name in TABLES} == before
        else:
            assert sum(added.values()) == 1
