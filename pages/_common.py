"""Streamlit glue: the cached dataset loader and the session-state keys pages share.

Pages import from here and from ``footprint``; nothing else in the app touches streamlit state.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from footprint.dataset import DEFAULT_DATA_DIR, load_dataset
from footprint.model import Dataset

# The data directory can be pointed elsewhere, e.g. at a reviewed export.
DATA_DIR_ENV = "FOOTPRINT_DATA"

# Widget keys are the app's stable handles: tests drive widgets through them.
AS_OF_KEY = "as_of"


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV, DEFAULT_DATA_DIR))


@st.cache_data(show_spinner="Loading the dataset…")
def _load(directory: str, stamp: float) -> Dataset:
    return load_dataset(directory)


def dataset() -> Dataset:
    """The validated dataset, reloaded when any of its files changes."""
    directory = data_dir()
    stamp = max((p.stat().st_mtime for p in directory.glob("*.csv")), default=0.0)
    return _load(str(directory), stamp)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"
