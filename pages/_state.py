"""Streamlit state: the cached dataset and workspace, the widget keys, the sidebar filters and their URL form.

Pages import from here and from ``footprint``; nothing else touches streamlit state.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import replace
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from footprint.dataset import DEFAULT_DATA_DIR, load_dataset_cached
from footprint.escape import markdown_text
from footprint.exporters import SNAPSHOTS
from footprint.geography import REGIONS, country_name
from footprint.mapping import layers_group, layers_script
from footprint.model import CONFIDENCES, ROLES, SITE_TYPES, TABLES, Dataset
from footprint.store import CURATED, ORIGIN_COLUMN, Store, StoreUnavailable, configured
from footprint.style import actor_colours
from footprint.view import View, map_view, view_from_params
from pages import _auth

# The data directory can be pointed elsewhere, e.g. at a reviewed export.
DATA_DIR_ENV = "FOOTPRINT_DATA"
# A tile server of the user's own, for closed networks that run one.
TILE_URL_ENV = "FOOTPRINT_TILE_URL"

# Widget keys are the app's stable handles: tests drive widgets through them.
AS_OF_KEY = "as_of"
AS_OF_SLIDER_KEY = "as_of_slider"
TIME_MODE_KEY = "time_mode"
FROM_KEY = "period_from"
TO_KEY = "period_to"
ACTOR_KEY = "actor"
FORCE_KEY = "force"
REGION_KEY = "region"
COUNTRY_KEY = "country"
SITE_TYPE_KEY = "site_type"
ROLE_KEY = "role"
CONFIDENCE_KEY = "min_confidence"
PLAY_KEY = "play"
SITE_KEY = "site"
EVENTS_KEY = "show_events"
SHADE_KEY = "shade_hosts"
_LOADED_KEY = "_view_loaded_from_url"
FRAME_KEY = "_map_frame"  # the frame the map page last asked the browser for (see footprint.mapping.frame_group)
FILTER_KEYS = (
    AS_OF_KEY, AS_OF_SLIDER_KEY, TIME_MODE_KEY, FROM_KEY, TO_KEY, ACTOR_KEY, FORCE_KEY, REGION_KEY, COUNTRY_KEY,
    SITE_TYPE_KEY, ROLE_KEY, CONFIDENCE_KEY, PLAY_KEY, EVENTS_KEY, SHADE_KEY,
)

ON_A_DATE, OVER_A_PERIOD = "On a date", "Over a period"


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV, DEFAULT_DATA_DIR))


def custom_tile_url() -> str | None:
    return os.environ.get(TILE_URL_ENV) or None


# Resources, not data: every session shares one Dataset instead of unpickling a copy on each rerun
# (seconds at thousands of sites). Pages treat it as read-only. Two entries: the current version and the
# one a session may still be showing while the data changes.
@st.cache_resource(show_spinner="Loading the dataset…", max_entries=2)
def _load(directory: str, stamp: float) -> Dataset:
    return load_dataset_cached(directory)


@st.cache_resource
def _workspace(url: str, directory: str) -> Store:
    return Store(url, curated_dir=directory)


def workspace() -> Store:
    """The store of user additions, layered over the curated data (see FOOTPRINT_STORE).

    A store that cannot be opened stops the page with one sentence that names it (never its password).
    """
    try:
        return _workspace(configured(), str(data_dir()))
    except StoreUnavailable as error:
        st.error(markdown_text(f"Footprint cannot open its store: {error}"))
        st.stop()


def _empty(store: Store, proposer: str | None) -> bool:
    return (all(not store.rows(table) for table in TABLES) and store.overrides().empty
            and not (proposer and store.proposals(author=proposer)))


# Keyed by the store's change counter, so every app process sees every accepted change on its next rerun.
# A resource like the curated data: shared, read-only, one entry per data version and proposer.
@st.cache_resource(show_spinner="Adding your workspace…", max_entries=8)
def _merged(directory: str, stamp: float, url: str, revision: int, proposer: str | None = None) -> Dataset:
    curated = _load(directory, stamp)
    store = _workspace(url, directory)
    if _empty(store, proposer):
        # Nothing to lay over the curated rows: mark them, without writing and validating them again.
        return replace(curated, **{table: getattr(curated, table).assign(**{ORIGIN_COLUMN: CURATED})
                                   for table in TABLES})
    return store.merged(curated, proposals_of=proposer)


def _route_through_app() -> None:
    # When a server's very first request is a deep link (/compare, say), Streamlit runs that file
    # directly in its legacy pages/-folder mode, skipping app.py and its navigation for good. Leave
    # that mode and run again, so app.py routes every page.
    # Once per session is enough: the mode is server-wide, and a second rerun would drop a button press.
    if PagesManager.uses_pages_directory and not st.session_state.get("_routed_through_app"):
        st.session_state["_routed_through_app"] = True
        PagesManager.uses_pages_directory = False
        st.rerun()


_DATA_KEY = "_data_key"
DataKey = tuple[str, float, str, int, "str | None"]


def _data_key() -> DataKey:
    """What the merged dataset of this run depends on (data folder, its files' latest change, store, its
    revision, proposer), as ``dataset()`` found it: every page calls that first."""
    return st.session_state[_DATA_KEY]


def dataset() -> Dataset:
    """Curated rows plus the workspace's reviewed additions; each frame's ``origin`` says which is which."""
    _route_through_app()
    directory = data_dir()
    stamp = max((p.stat().st_mtime for p in directory.glob("*.csv")), default=0.0)
    store = workspace()
    person = _auth.sidebar(store).name  # who is signed in: their own map also shows their pending proposals
    key = (str(directory), stamp, configured(), store.revision(proposals_of=person), person)
    st.session_state[_DATA_KEY] = key
    return _merged(*key)


# What depends only on the data and the filters is computed once for every user (many analysts step
# through the same months), keyed by the data version and the filters without the map view.
def _filters_only(view: View) -> View:
    return replace(view, site=None, lat=None, lon=None, zoom=None, warnings=())


# Shared frames, not copies (a copy costs a pickle round trip per rerun at thousands of sites): read-only.
@st.cache_resource(show_spinner=False, max_entries=64)
def _presence(data_key: DataKey, view: View) -> pd.DataFrame:
    return view.presence(_merged(*data_key))


@st.cache_resource(show_spinner=False, max_entries=64)
def _events(data_key: DataKey, view: View) -> pd.DataFrame:
    return view.events(_merged(*data_key))


def presence_and_events(view: View, *, show_events: bool) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """``view.presence`` and (when shown) ``view.events`` of the app's dataset, shared between users."""
    key, filters = _data_key(), _filters_only(view)
    return _presence(key, filters), (_events(key, filters) if show_events else None)


@st.cache_data(show_spinner=False, max_entries=256)
def _layers_script(data_key: DataKey, view: View, show_events: bool, shade: bool) -> str:
    data = _merged(*data_key)
    return layers_script(data, _presence(data_key, view), _events(data_key, view) if show_events else None,
                         colours=actor_colours(data.deployments["actor_iso3"]), shade_hosts=shade)


def map_layers(view: View, *, show_events: bool, shade: bool) -> folium.FeatureGroup:
    """The map's layers for the filters of ``view``, built once per data version and filters for every user."""
    return layers_group(_layers_script(_data_key(), _filters_only(view), show_events, shade))


def md_escape(text: object) -> str:
    """Data shown through markdown as plain text (see footprint.escape.markdown_text)."""
    return markdown_text(text)


def first_day(data: Dataset) -> dt.date:
    return data.first_day


def _load_view_from_url(data: Dataset) -> None:
    """On a session's first run, let the URL set every widget."""
    if st.session_state.get(_LOADED_KEY):
        return
    view = view_from_params(st.query_params.to_dict(), data)
    state = st.session_state
    as_of = min(max(view.as_of, first_day(data)), data.as_of)
    state[AS_OF_KEY] = state[AS_OF_SLIDER_KEY] = as_of
    state[TIME_MODE_KEY] = OVER_A_PERIOD if view.period else ON_A_DATE
    start, end = view.period or (dt.date(as_of.year, 1, 1), as_of)
    state[FROM_KEY], state[TO_KEY] = start, end
    state[ACTOR_KEY] = list(view.actors)
    state[FORCE_KEY] = list(view.forces)
    state[REGION_KEY] = view.region
    state[COUNTRY_KEY] = list(view.countries)
    state[SITE_TYPE_KEY] = list(view.site_types)
    state[ROLE_KEY] = list(view.roles)
    state[CONFIDENCE_KEY] = view.min_confidence
    state[SITE_KEY] = view.site
    state.setdefault(EVENTS_KEY, True)
    state.setdefault(SHADE_KEY, False)
    state[_LOADED_KEY] = True
    for warning in view.warnings:  # one per parameter, shown as text: a link's values are anyone's words
        st.toast(markdown_text(f"Link: {warning}"), duration="long")


def _sync_from_slider() -> None:
    st.session_state[AS_OF_KEY] = st.session_state[AS_OF_SLIDER_KEY]


def _sync_from_date() -> None:
    st.session_state[AS_OF_SLIDER_KEY] = st.session_state[AS_OF_KEY]


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable: the 28th exists in every month")


def _step(months: int, lowest: dt.date, highest: dt.date) -> None:
    moved = min(max(add_months(st.session_state[AS_OF_KEY], months), lowest), highest)
    st.session_state[AS_OF_KEY] = st.session_state[AS_OF_SLIDER_KEY] = moved


def sidebar_view(data: Dataset) -> View:
    """Draw the sidebar filters and return the View they describe; keep the URL in step."""
    _load_view_from_url(data)
    # Streamlit forgets a widget's value when a page without it runs; re-claiming the keys
    # keeps the filters as the user moves between pages.
    for key in FILTER_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    lowest, highest = first_day(data), data.as_of
    _apply_playback(lowest, highest)
    sidebar = st.sidebar
    sidebar.header("Time")
    mode = sidebar.radio("Show", (ON_A_DATE, OVER_A_PERIOD), key=TIME_MODE_KEY, horizontal=True)
    period = None
    if mode == ON_A_DATE:
        sidebar.slider(
            "As of", min_value=lowest, max_value=highest, key=AS_OF_SLIDER_KEY, format="YYYY-MM-DD",
            on_change=_sync_from_slider, label_visibility="collapsed",
        )
        sidebar.date_input(
            "As of", min_value=lowest, max_value=highest, key=AS_OF_KEY, format="YYYY-MM-DD", on_change=_sync_from_date
        )
        back, play, forward = sidebar.columns([1, 1.9, 1], vertical_alignment="center")
        back.button("◀", key="step_back", on_click=_step, args=(-1, lowest, highest), width="stretch",
                    help="One month back")
        play.toggle("Play", key=PLAY_KEY, help="Step forward one month at a time until the as-of date")
        forward.button("▶", key="step_forward", on_click=_step, args=(1, lowest, highest), width="stretch",
                       help="One month forward")
    else:
        start = sidebar.date_input("From", min_value=lowest, max_value=highest, key=FROM_KEY, format="YYYY-MM-DD")
        end = sidebar.date_input("To", min_value=lowest, max_value=highest, key=TO_KEY, format="YYYY-MM-DD")
        if start > end:
            sidebar.error("The period starts after it ends; showing the day it starts.")
        else:
            period = (start, end)

    sidebar.header("Who")
    actors = sorted(set(data.deployments["actor_iso3"]), key=country_name)
    sidebar.multiselect("Sending states", actors, key=ACTOR_KEY, format_func=lambda c: f"{country_name(c)} ({c})")
    sidebar.multiselect("Forces", sorted(set(data.deployments["force"].dropna())), key=FORCE_KEY)

    sidebar.header("Where")
    sidebar.selectbox(
        "Region", [None, *REGIONS], key=REGION_KEY, placeholder="The whole world",
        format_func=lambda slug: "The whole world" if slug is None else REGIONS[slug].title,
    )
    hosts = sorted(set(data.sites["host_iso3"]), key=country_name)
    sidebar.multiselect("Host countries", hosts, key=COUNTRY_KEY, format_func=country_name)

    with sidebar.expander("More filters"):
        st.multiselect("Site types", SITE_TYPES, key=SITE_TYPE_KEY, format_func=lambda s: s.replace("_", " "))
        st.multiselect("Roles", ROLES, key=ROLE_KEY, format_func=lambda s: s.replace("_", " "))
        st.selectbox(
            "Minimum confidence", [None, *reversed(CONFIDENCES)], key=CONFIDENCE_KEY, placeholder="any",
            format_func=lambda c: "any" if c is None else c,
        )

    state = st.session_state
    lat, lon, zoom = _view_from_url()
    view = View(
        as_of=state[AS_OF_KEY] if mode == ON_A_DATE else (period[1] if period else state[FROM_KEY]),
        period=period,
        actors=tuple(state[ACTOR_KEY]),
        forces=tuple(state[FORCE_KEY]),
        countries=tuple(state[COUNTRY_KEY]),
        region=state[REGION_KEY],
        site_types=tuple(state[SITE_TYPE_KEY]),
        roles=tuple(state[ROLE_KEY]),
        min_confidence=state[CONFIDENCE_KEY],
        site=state.get(SITE_KEY),
        lat=lat,
        lon=lon,
        zoom=zoom,
    )
    if state.get("_last_region", view.region) != view.region:
        view = replace(view, lat=None, lon=None, zoom=None)  # a new region frames the map afresh
    state["_last_region"] = view.region
    write_url(view, data)
    return view


def _view_from_url() -> tuple[float | None, float | None, int | None]:
    """The map view, which the map's own script keeps in the URL as the user pans and zooms."""
    return map_view(st.query_params.to_dict())


def write_url(view: View, data: Dataset) -> None:
    params = view.to_params(data)
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)


def select_site(site_id: str | None) -> None:
    st.session_state[SITE_KEY] = site_id


_ADVANCE_KEY = "_playback_advance"


def _apply_playback(lowest: dt.date, highest: dt.date) -> None:
    # Widget values may only change before the widgets are drawn, so playback steps here.
    state = st.session_state
    if state.pop(_ADVANCE_KEY, False):
        _step(1, lowest, highest)
        if state[AS_OF_KEY] >= highest:
            state[PLAY_KEY] = False


def keep_playing(data: Dataset) -> None:
    """While Play is on, wait a moment, then run again one month later (stopping at the as-of date)."""
    state = st.session_state
    if not state.get(PLAY_KEY) or state.get(TIME_MODE_KEY) != ON_A_DATE or state[AS_OF_KEY] >= data.as_of:
        return
    time.sleep(1.0)
    state[_ADVANCE_KEY] = True
    st.rerun()


_STATIC = Path(__file__).resolve().parent.parent / "static" / "footprint"


def page_style() -> None:
    """The app's own CSS (static/footprint/app.css): a narrower sidebar on narrow windows."""
    st.html(f"<style>{(_STATIC / 'app.css').read_text(encoding='utf-8')}</style>")
_extent_button = st.components.v2.component(
    "footprint_extent_button",
    html='<div class="fp-export"><button type="button"></button><p class="fp-extent"></p></div>',
    css=(_STATIC / "export-button.css").read_text(encoding="utf-8"),
    js=(_STATIC / "export-button.js").read_text(encoding="utf-8"),
)


def extent_button(label: str, *, key: str) -> dict | None:
    """A button that sends the map extent on screen with its click.

    On the run a click starts, the extent the map last reported (``{}`` if it has reported none); else None.
    """
    return _extent_button(key=key, data={"label": label}, on_clicked_change=lambda: None).clicked


def export_view(data: Dataset, view: View, *, fmt: str, preset: str, title: str | None, banner: str | None,
                bbox: tuple[float, float, float, float], events) -> tuple[str, bytes, str]:
    """The map with the page's filters over ``bbox`` (west, south, east, north) as a file: name, bytes, media type."""
    exporter = SNAPSHOTS[fmt]
    stamp = f"{view.period[0]}_{view.period[1]}" if view.period else f"{view.as_of}"
    content = exporter.write(data, view, bbox=bbox, title=title, banner=banner, preset=preset, events=events)
    return f"footprint-{stamp}.{fmt}", content, exporter.media_type
