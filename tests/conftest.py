"""Shared fixtures: the tiny hand-made dataset and a way to break a copy of it."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"
DATA = ROOT / "data"


@pytest.fixture
def tiny_copy(tmp_path: Path) -> Path:
    """A writable copy of the tiny dataset."""
    target = tmp_path / "data"
    shutil.copytree(TINY, target)
    return target


def read_table(directory: Path, table: str) -> tuple[list[str], list[dict[str, str]]]:
    with (directory / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_table(directory: Path, table: str, header: list[str], rows: list[dict[str, str]]) -> None:
    with (directory / f"{table}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def set_cell(directory: Path, table: str, row: int, column: str, value: str) -> None:
    """Set one cell; ``row`` counts data rows from 1, as validation messages do."""
    header, rows = read_table(directory, table)
    rows[row - 1][column] = value
    write_table(directory, table, header, rows)


@pytest.fixture(autouse=True)
def private_workspace(tmp_path_factory, monkeypatch):
    """Every test gets an empty workspace of its own, never the developer's."""
    monkeypatch.setenv("FOOTPRINT_WORKSPACE", str(tmp_path_factory.mktemp("workspace") / "footprint.sqlite"))
