"""The map page's export panel: a snapshot or a time-lapse of the filters over the extent on screen."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from footprint.exporters import SNAPSHOTS, TIMELAPSES
from footprint.jobs import JobFailed, JobTimeout, run_job
from footprint.model import Dataset
from footprint.timelapse import MAX_FRAMES, frame_dates
from footprint.view import View
from footprint.webmercator import extent_bounds
from pages._state import add_months, export_view, extent_button, first_day, md_escape

TIMELAPSE_SECONDS = 300
PRESETS = {"slide": "16:9 slide", "a4": "A4 landscape", "square": "Square"}


def _extent(label: str, key: str, fallback: tuple[float, float, float, float]):
    """The extent on screen when the button is pressed, else None; a broken report falls back with a warning."""
    extent = extent_button(label, key=key)
    if extent is None:
        return None
    if not extent:
        return fallback
    try:
        return extent_bounds(extent)
    except ValueError as error:
        st.warning(md_escape(f"{error}; the file shows the region chosen in the sidebar instead."))
        return fallback


def _offer(prefix: str, inputs: tuple) -> None:
    """The prepared file's download, or word that it no longer matches the settings."""
    prepared = st.session_state.get(f"{prefix}_file")
    if not prepared:
        return
    if st.session_state.get(f"{prefix}_inputs") != inputs:
        st.caption("The filters or export settings have changed since the file was prepared: prepare it again.")
        return
    name, content, mime = prepared
    st.download_button(f"Download {name}", content, file_name=name, mime=mime, key=f"{prefix}_download")
    west, south, east, north = st.session_state[f"{prefix}_extent"]
    st.caption(f"Extent of {name}: west {west:.2f}, south {south:.2f}, east {east:.2f}, north {north:.2f} "
               "(degrees; pictures are widened to their page shape).")


def _keep(prefix: str, file: tuple[str, bytes, str], bbox, inputs: tuple) -> None:
    st.session_state[f"{prefix}_file"] = file
    st.session_state[f"{prefix}_extent"] = bbox
    st.session_state[f"{prefix}_inputs"] = inputs


def show_export(data: Dataset, view: View, *, events, fallback_bbox: tuple[float, float, float, float],
                show_events: bool) -> None:
    """Snapshot and time-lapse tabs; each file covers the page's filters and the map extent on screen."""
    filters = {k: v for k, v in view.to_params(data).items() if k not in ("lat", "lon", "zoom")}
    snapshot_tab, timelapse_tab = st.tabs(["Snapshot", "Time-lapse"])

    with snapshot_tab:
        columns = st.columns([1, 1, 2, 2])
        fmt = columns[0].selectbox("Format", list(SNAPSHOTS), key="export_format")
        preset = columns[1].selectbox("Size", list(PRESETS), key="export_preset", format_func=PRESETS.get)
        title = columns[2].text_input("Title", key="export_title", placeholder="default: the date and filters")
        banner = columns[3].text_input("Handling banner", key="export_banner", placeholder="e.g. UNCLASSIFIED")
        # What the file depends on besides the extent, so a file made before a change is not offered as current.
        inputs = (filters, fmt, preset, title, banner, show_events)
        bbox = _extent("Prepare the file", "export_render", fallback_bbox)
        if bbox is not None:
            with st.spinner("Rendering…"):
                file = export_view(data, view, fmt=fmt, preset=preset, title=title or None, banner=banner or None,
                                   bbox=bbox, events=events)
            _keep("export", file, bbox, inputs)
        _offer("export", inputs)

    with timelapse_tab:
        lowest, highest = first_day(data), data.as_of
        end = view.period[1] if view.period else view.as_of
        start = view.period[0] if view.period else max(lowest, add_months(end, -36))
        st.session_state.setdefault("timelapse_from", start)
        st.session_state.setdefault("timelapse_to", end)
        columns = st.columns([1, 1, 1, 2])
        first = columns[0].date_input("From", key="timelapse_from", min_value=lowest, max_value=highest)
        last = columns[1].date_input("To", key="timelapse_to", min_value=lowest, max_value=highest)
        fmt = columns[2].selectbox("Format", list(TIMELAPSES), key="timelapse_format",
                                   format_func=lambda suffix: TIMELAPSES[suffix].label)
        title = columns[3].text_input("Title", key="timelapse_title", placeholder="default: the period")
        st.caption(f"One frame a month, up to {MAX_FRAMES}. The date filter is replaced by each month in turn; "
                   "the other filters apply.")
        try:
            days = frame_dates(first, last)
        except ValueError as error:
            st.error(md_escape(str(error)))
            return
        inputs = (filters, first, last, fmt, title)
        bbox = _extent("Make the time-lapse", "timelapse_render", fallback_bbox)
        if bbox is not None:
            file = _timelapse(data, replace(view, period=None), days, fmt=fmt, title=title or None, bbox=bbox)
            if file is not None:
                _keep("timelapse", file, bbox, inputs)
        _offer("timelapse", inputs)


def _timelapse(data: Dataset, view: View, days: list[dt.date], *, fmt: str, title: str | None,
               bbox) -> tuple[str, bytes, str] | None:
    name = f"footprint-timelapse-{days[0]}_{days[-1]}.{fmt}"
    exporter = TIMELAPSES[fmt]
    if not exporter.reports_progress:
        with st.spinner("Building the player…"):
            return name, exporter.write(data, view, days, title=title, bbox=bbox), exporter.media_type
    bar = st.progress(0.0, text=f"Drawing {len(days)} frames")
    last = [0.0, f"Drawing {len(days)} frames"]

    def heard(fraction: float, label: str) -> None:
        last[:] = [fraction, f"Drew {label}"]
        bar.progress(fraction, text=last[1])

    # A child process with a time budget, stopped as soon as the user leaves the page.
    try:
        content = run_job(exporter.write, data, view, days, title=title, bbox=bbox, budget_seconds=TIMELAPSE_SECONDS,
                          progress=heard, poll=lambda: bar.progress(last[0], text=last[1]))
    except (JobTimeout, JobFailed) as error:
        bar.empty()
        st.error(f"The time-lapse could not be made ({error}). Choose a shorter period and try again.")
        return None
    bar.progress(1.0, text=f"{len(days)} frames encoded")
    return name, content, exporter.media_type
