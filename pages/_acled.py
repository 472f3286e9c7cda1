"""Streamlit glue for the ACLED overlay: where the user's export is, its cached load, the layer's settings."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import streamlit as st

from footprint.acled import ACLED_ENV, AcledError, AcledEvents, configured_path, load_acled

UPLOAD_DIR = Path(__file__).resolve().parent.parent / "workspace" / "acled"  # git-ignored, like the workspace
PATH_KEY = "acled_path"
SHOW_KEY = "show_acled"
RADIUS_KEY = "acled_radius_km"
UPLOAD_KEY = "acled_upload"
DEFAULT_RADIUS_KM = 50
# The window around an as-of date, as the app's own events layer uses.
WINDOW_BEFORE, WINDOW_AFTER = dt.timedelta(days=60), dt.timedelta(days=30)


@st.cache_resource(show_spinner="Reading the ACLED export (once; later loads use the cache)…", max_entries=2)
def _load(path: str, size: int, modified: int) -> AcledEvents:
    return load_acled(path)


def acled_path() -> Path | None:
    """The export chosen on the Data page in this session, else ``FOOTPRINT_ACLED``."""
    chosen = st.session_state.get(PATH_KEY)
    return Path(chosen) if chosen else configured_path()


def acled_events() -> tuple[AcledEvents | None, str | None]:
    """The loaded events and None, or None and why not (no export chosen, or the file was refused)."""
    path = acled_path()
    if path is None:
        return None, f"No ACLED export chosen: load one on the Data page, or set {ACLED_ENV}=path."
    try:
        status = path.stat()
        return _load(str(path), status.st_size, status.st_mtime_ns), None
    except FileNotFoundError:
        return None, f"The ACLED export {path.name} is not there any more."
    except AcledError as error:
        return None, str(error)


def window(period: tuple[dt.date, dt.date] | None, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The chosen period, or the days around the as-of date."""
    return period if period else (as_of - WINDOW_BEFORE, as_of + WINDOW_AFTER)


def save_upload(name: str, content: bytes) -> Path:
    """Keep an uploaded export under workspace/acled/ and make it this session's ACLED file."""
    UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name).lstrip(".") or "acled.csv"
    target = UPLOAD_DIR / safe
    temporary = target.with_name(f".{safe}.tmp")
    temporary.write_bytes(content)
    temporary.replace(target)
    st.session_state[PATH_KEY] = str(target)
    return target


def radius_input(container, *, key: str = RADIUS_KEY) -> int:
    return int(container.number_input("Radius around the sites (km)", min_value=1, max_value=500,
                                      value=st.session_state.get(key, DEFAULT_RADIUS_KM), step=5, key=key))
