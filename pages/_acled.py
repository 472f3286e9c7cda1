"""Streamlit glue for the ACLED overlay: where the user's export is, its cached load, the layer's settings."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from footprint.acled import (
    ACLED_ENV,
    MAX_MAP_EVENTS,
    TYPE_COLOURS,
    UNCLUSTER_AT_ZOOM,
    AcledError,
    AcledEvents,
    configured_path,
    counts_by_type,
    load_acled,
)
from footprint.words import month_words, short_day
from footprint.workspace import default_path

PATH_KEY = "acled_path"
SHOW_KEY = "show_acled"
RADIUS_KEY = "acled_radius_km"
UPLOAD_KEY = "acled_upload"
DEFAULT_RADIUS_KM = 50
# The window around an as-of date, as the app's own events layer uses.
WINDOW_BEFORE, WINDOW_AFTER = dt.timedelta(days=60), dt.timedelta(days=30)


def _folder(name: str) -> Path:
    """A folder beside the workspace database (git-ignored like it): uploads and the Parquet cache."""
    return default_path().parent / name


@st.cache_resource(show_spinner="Reading the ACLED export (once; later loads use the cache)…", max_entries=2)
def _load(path: str, size: int, modified: int, cache: str) -> AcledEvents:
    return load_acled(path, cache)


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
        return _load(str(path), status.st_size, status.st_mtime_ns, str(_folder("acled-cache"))), None
    except FileNotFoundError:
        return None, f"The ACLED export {path.name} is not there any more."
    except AcledError as error:
        return None, str(error)


def window(period: tuple[dt.date, dt.date] | None, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The chosen period, or the days around the as-of date."""
    return period if period else (as_of - WINDOW_BEFORE, as_of + WINDOW_AFTER)


def save_upload(name: str, content: bytes) -> Path:
    """Keep an uploaded export beside the workspace and make it this session's ACLED file."""
    folder = _folder("acled")
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name).name).lstrip(".") or "acled.csv"
    target = folder / safe
    temporary = target.with_name(f".{safe}.tmp")
    temporary.write_bytes(content)
    temporary.replace(target)
    st.session_state[PATH_KEY] = str(target)
    return target


def radius_input(container, *, key: str = RADIUS_KEY, label: str = "Radius around the sites (km)") -> int:
    return int(container.number_input(label, min_value=1, max_value=500,
                                      value=st.session_state.get(key, DEFAULT_RADIUS_KM), step=5, key=key))


def show_acled_layer(data, presence, view, container):
    """The ACLED layer for the view's period around the visible sites (None when there is none to show); say
    what it shows."""
    from footprint.acled import map_layer

    radius = radius_input(container)
    events, problem = acled_events()
    if events is None:
        container.warning(problem)
        return None
    start, end = window(view.period, view.as_of)
    sites = presence[["site_id", "lat", "lon"]].drop_duplicates("site_id")
    near = events.near(sites, radius, start, end)
    layer = map_layer(near, dict(zip(data.sites["site_id"], data.sites["name"], strict=True)))
    shown = "" if len(near) <= MAX_MAP_EVENTS else f" (the newest {MAX_MAP_EVENTS:,} drawn)"
    container.caption(f"ACLED: {len(near):,} events from {short_day(start)} to {short_day(end)} within {radius} km of "
                      f"the {len(sites)} sites shown{shown}. Clustered until zoom {UNCLUSTER_AT_ZOOM}.")
    return layer


def show_acled_dossier(site) -> None:
    """The site's "events within N km": counts by ACLED event type per month, and the latest events."""
    if acled_path() is None:
        return
    events, problem = acled_events()
    st.markdown("**ACLED events nearby**")
    if events is None:
        st.caption(problem)
        return
    radius = radius_input(st, key=f"{RADIUS_KEY}_dossier", label="Events within (km)")
    first, last = events.frame["event_date"].min().date(), events.frame["event_date"].max().date()
    sites = pd.DataFrame({"site_id": [site["site_id"]], "lat": [site["lat"]], "lon": [site["lon"]]})
    near = events.near(sites, radius, first, last)
    if near.empty:
        st.caption(f"No events in {events.file} within {radius} km of {site['name']}.")
        return
    counts = counts_by_type(near)
    st.caption(f"{len(near):,} events within {radius} km from {month_words(first)} to {month_words(last)}, "
               f"{int(near['fatalities'].sum()):,} fatalities reported (ACLED, {events.file}).")
    from footprint.charts import event_counts  # altair: loaded when a chart is drawn, not on every first visit

    st.altair_chart(event_counts(counts, colours=TYPE_COLOURS), width="stretch")
    latest = near.tail(50).iloc[::-1]
    st.dataframe(
        latest[["event_date", "event_type", "sub_event_type", "actor1", "actor2", "fatalities", "distance_km",
                "time_precision", "geo_precision", "notes", "event_id_cnty"]],
        hide_index=True, width="stretch", key=f"dossier_acled_{site['site_id']}",
        column_config={"event_date": st.column_config.DateColumn("Date"), "event_type": "Event type",
                       "sub_event_type": "Sub-event type", "actor1": "Actor 1", "actor2": "Actor 2",
                       "fatalities": "Fatalities", "distance_km": "km away", "time_precision": "Time precision",
                       "geo_precision": "Geo precision", "event_id_cnty": "ACLED id",
                       "notes": st.column_config.TextColumn("Notes", width="large")},
    )
