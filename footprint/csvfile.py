"""CSV cells a spreadsheet will not run: the one place every CSV the product writes goes through.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to Excel and
LibreOffice (OWASP, "CSV Injection"). ``neutralise`` prefixes such a text cell with an apostrophe,
which spreadsheets show as text; plain numbers such as ``-12.5`` stay as they are. ``restore`` undoes
it, so data/-format files written by the product read back unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED_STARTS = (*FORMULA_STARTS, "'")
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)


def neutralise(value: str) -> str:
    """``value`` safe to open in a spreadsheet; ``restore`` gives it back."""
    if value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    if value.startswith("'") and value[1:2] and value[1:2] in _ESCAPED_STARTS:
        return "'" + value  # so that restore does not eat an apostrophe the text really starts with
    return value


def restore(value: str) -> str:
    """The text ``neutralise`` was given."""
    if value.startswith("'") and value[1:2] and value[1:2] in _ESCAPED_STARTS:
        return value[1:]
    return value


def _cell(value: Any) -> Any:
    return neutralise(value) if isinstance(value, str) else value


def rows_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text with minimal quoting and LF line ends, every text cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_cell(name) for name in header])
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def frame_text(frame: pd.DataFrame) -> str:
    """A data frame as CSV text (no index, LF line ends), every text cell neutralised."""
    safe = frame.apply(lambda column: column.map(_cell)) if len(frame.columns) else frame
    buffer = io.StringIO()
    safe.rename(columns=_cell).to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue()
