"""Streamlit state: the cached dataset and workspace, the widget keys, the sidebar filters and their URL form.

Pages import from here and from ``footprint``; nothing else touches streamlit state.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import streamlit as st
from branca.element import MacroElement
from streamlit.runtime.pages_manager import PagesManager
from streamlit_folium import _component_func as _folium_component
from streamlit_folium import (
    _get_feature_group_string,
    _get_header,
    _get_html,
    _get_map_string,
    generate_js_hash,
    get_full_id,
)

from footprint.dataset import configured_data_dir, load_dataset_cached
from footprint.escape import markdown_text
from footprint.exporters import SNAPSHOTS
from footprint.geography import REGIONS, country_name
from footprint.mapping import base_map, frame_group, layers_group, layers_script, tables_script
from footprint.memo import per_dataset
from footprint.model import CONFIDENCES, ROLES, SITE_TYPES, TABLES, Dataset
from footprint.places import site_finder_labels
from footprint.store import CURATED, ORIGIN_COLUMN, Store, StoreUnavailable, configured
from footprint.style import actor_colours
from footprint.view import PAGE_PARAMS, View, map_view, view_from_params
from footprint.words import day_words
from pages import _auth

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
EXPORT_KEY = "export_open"  # the map's export panel, open or closed
_LOADED_KEY = "_view_loaded_from_url"
FRAME_KEY = "_map_frame"  # the frame the map page last asked the browser for (see footprint.mapping.frame_group)
FILTER_KEYS = (
    AS_OF_KEY, AS_OF_SLIDER_KEY, TIME_MODE_KEY, FROM_KEY, TO_KEY, ACTOR_KEY, FORCE_KEY, REGION_KEY, COUNTRY_KEY,
    SITE_TYPE_KEY, ROLE_KEY, CONFIDENCE_KEY, PLAY_KEY, EVENTS_KEY, SHADE_KEY,
)

ON_A_DATE, OVER_A_PERIOD = "On a date", "Over a period"


def data_dir() -> Path:
    return configured_data_dir()


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
    # Every file counts (datapackage.json holds the as-of date); the load itself checks contents.
    stamp = max((p.stat().st_mtime for p in directory.glob("*") if p.is_file()), default=0.0)
    store = workspace()
    person = _auth.sidebar(store).name  # who is signed in: their own map also shows their pending proposals
    key = (str(directory), stamp, configured(), store.revision(proposals_of=person), person)
    st.session_state[_DATA_KEY] = key
    data = _merged(*key)
    _load_view_from_url(data)  # whichever page a link opens, its filters hold on every page the user goes to
    return data


# What depends only on the data and the filters is computed once for every user (many analysts step
# through the same months), keyed by the data version and the filters without the map view.
def _filters_only(view: View) -> View:
    return replace(view, site=None, lat=None, lon=None, zoom=None, warnings=())


# Shared frames, not copies (a copy costs a pickle round trip per rerun at thousands of sites): read-only.
# Keyed by the filters' text, which streamlit hashes far faster than the View itself (``_view`` is not hashed).
@st.cache_resource(show_spinner=False, max_entries=64)
def _presence(data_key: DataKey, filters: str, _view: View) -> pd.DataFrame:
    return _view.presence(_merged(*data_key))


@st.cache_resource(show_spinner=False, max_entries=64)
def _events(data_key: DataKey, filters: str, _view: View) -> pd.DataFrame:
    return _view.events(_merged(*data_key))


def presence_and_events(view: View, *, show_events: bool) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """``view.presence`` and (when shown) ``view.events`` of the app's dataset, shared between users."""
    key, filters = _data_key(), _filters_only(view)
    return (_presence(key, repr(filters), filters),
            _events(key, repr(filters), filters) if show_events else None)


def _tables_version(data_key: DataKey) -> str:
    # A name for the data version that says nothing of the store's address or the person signed in.
    return hashlib.sha256(repr(data_key).encode()).hexdigest()[:16]


# Built once per data version and filters for every user: the payload took most of a rerun's time. The
# sources and actors are not in it: the browser holds them once per data version (``_tables_script``).
@st.cache_resource(show_spinner=False, max_entries=64)
def _layers_script(data_key: DataKey, filters: str, _view: View, show_events: bool, shade: bool) -> str:
    view, data = _view, _merged(*data_key)
    events = _events(data_key, repr(view), view) if show_events else None
    return layers_script(data, _presence(data_key, repr(view), view), events,
                         colours=_colours(data_key), shade_hosts=shade, tables=_tables_version(data_key))


@st.cache_resource(show_spinner=False, max_entries=8)
def _tables_script(data_key: DataKey) -> str:
    return tables_script(_merged(*data_key), _colours(data_key), _tables_version(data_key))


# What this session's map got last, as ((map component's key, data version), layers, text sent): the text
# starts with the tables when that run sent them. "Pending" while the run that sends it has not reached the
# map yet (a rerun can stop a run before the map is sent).
_TABLES_SENT_KEY = "_map_tables_sent"
_TABLES_PENDING_KEY = "_map_tables_pending"


# streamlit-folium wraps a stand-in for the layers script and the script is put in its place afterwards: its
# dedent and renaming passes over the text took 0.4 s at 20,000 sites, and data never goes through them.
_LAYERS_MARK = "FOOTPRINTLAYERSMARK"


def _wrapping(frame: str, extra: tuple[MacroElement, ...]) -> tuple[str, str]:
    """What streamlit-folium sends before and after the layers script, for the group with the ``frame``
    request (JSON of ``footprint.mapping.frame_group``'s arguments) and ``extra`` elements."""
    group = layers_group(_LAYERS_MARK)
    group.add_child(frame_group(**json.loads(frame)))
    for element in extra:
        group.add_child(element)
    before, after = _get_feature_group_string(group, map=base_map()).split(_LAYERS_MARK)
    return before, after


# The frame request changes only with the region, so its wrapping is shared like the layers. This and the other
# small caches every run asks are plain LRU caches: streamlit's hashes the arguments on each call (about 0.2 ms),
# and what they hold is cheap enough that two sessions working one out at the same moment costs nothing much.
@functools.lru_cache(maxsize=64)
def _plain_wrapping(frame: str) -> tuple[str, str]:
    return _wrapping(frame, ())


def map_layers(view: View, *, show_events: bool, shade: bool, frame: dict,
               extra: tuple[MacroElement, ...] = (), key: str = "map") -> str:
    """The map's layers for the filters of ``view`` (built once per data version and filters for every user),
    with the ``frame`` the browser fits the map to (``footprint.mapping.frame_group``'s keyword arguments) and
    any ``extra`` elements (the ACLED layer, a searched site), as ``show_map`` takes them for the map ``key``.

    The sources and actors go with them only when this session has not sent them for this data version yet:
    on its first run, after the data changed, and when the browser asks (a lost message; a map built anew on
    a return to the page finds them in the page around it)."""
    data_key, filters = _data_key(), _filters_only(view)
    script = _layers_script(data_key, repr(filters), filters, show_events, shade)
    request = json.dumps(frame, sort_keys=True, default=float)
    before, after = _wrapping(request, extra) if extra else _plain_wrapping(request)
    layers = before + script + after
    held = (_map_frame(custom_tile_url(), key).key, _tables_version(data_key))
    sent = st.session_state.get(_TABLES_SENT_KEY)
    text = layers
    if not sent or sent[0] != held:
        text = _tables_script(data_key) + layers
    elif sent[1] == layers:
        text = sent[2]  # the same text as last time, so the map does not redraw (and close its popup)
    st.session_state[_TABLES_PENDING_KEY] = (held, layers, text)
    return text


@dataclass(frozen=True)
class _MapFrame:
    """What streamlit-folium sends for the base map, which no filter changes."""

    script: str
    header: str
    html: str
    id: str
    key: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def _links(element, kind: str) -> list[str]:
    found = [url for _, url in getattr(element, kind, [])]
    for child in element._children.values():
        found.extend(_links(child, kind))
    return found


# Rendering the base map through folium's templates took a sixth of every rerun; it is the same for all.
@functools.lru_cache(maxsize=4)
def _map_frame(custom_tiles: str | None, key: str) -> _MapFrame:
    fmap = base_map(custom_tiles=custom_tiles)
    fmap.get_root().render()
    fmap.render()
    html, header, script = _get_html(fmap), _get_header(fmap), _get_map_string(fmap)
    return _MapFrame(script=script, header=header, html=html, id=get_full_id(fmap),
                     key=generate_js_hash(script, key, False),
                     css_links=tuple(dict.fromkeys(_links(fmap, "default_css"))),
                     js_links=tuple(dict.fromkeys(_links(fmap, "default_js"))))


def show_map(layers: str, *, key: str, height: int, center: tuple[float, float] | None = None,
             zoom: int | None = None, on_change: Callable[[], None] | None = None) -> dict | None:
    """The base map (``footprint.mapping.base_map`` with the app's tiles) with ``layers`` from ``map_layers``,
    as ``streamlit_folium.st_folium`` draws it at full width, returning the last site clicked
    (``{"last_active_drawing": ...}``, also kept in ``st.session_state[key]`` before ``on_change`` runs); the
    map keeps its instance when only the layers change. Without ``center`` and ``zoom`` the layers frame it."""
    frame = _map_frame(custom_tile_url(), key)

    def remember() -> None:
        st.session_state[key] = st.session_state.get(frame.key, {})
        drawing = st.session_state[key].get("last_active_drawing") or {}
        if (drawing.get("properties") or {}).get("tables_wanted"):
            st.session_state.pop(_TABLES_SENT_KEY, None)  # footprint-map.js lacks them: send them again
        if on_change is not None:
            on_change()

    shown = _folium_component(
        script=frame.script, header=frame.header, html=frame.html, id=frame.id, key=frame.key, height=height,
        width=None, returned_objects=["last_active_drawing"], default={"last_active_drawing": None}, zoom=zoom,
        center=center, feature_group=layers, return_on_hover=False, layer_control=None, pixelated=False,
        css_links=list(frame.css_links), js_links=list(frame.js_links), on_change=remember, wrap_longitude=False,
    )
    if (sent := st.session_state.pop(_TABLES_PENDING_KEY, None)) is not None:
        st.session_state[_TABLES_SENT_KEY] = sent
    return shown


@functools.lru_cache(maxsize=4)
def _site_finder(data_key: DataKey) -> dict[str, str]:
    return site_finder_labels(_merged(*data_key))


def site_finder() -> dict[str, str]:
    """Site id -> its entry in the site search (name, host, aliases), built once per data version; read-only."""
    return _site_finder(_data_key())


def md_escape(text: object) -> str:
    """Data shown through markdown as plain text (see footprint.escape.markdown_text)."""
    return markdown_text(text)


# Both scan every deployment, and every run of every page asks for them.
@per_dataset
def _days(data: Dataset) -> tuple[dt.date, dt.date]:
    return data.first_day, data.covered_from


def first_day(data: Dataset) -> dt.date:
    """``data.first_day``, worked out once per dataset."""
    return _days(data)[0]


def covered_from(data: Dataset) -> dt.date:
    """``data.covered_from``, worked out once per dataset."""
    return _days(data)[1]


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


def current_view(data: Dataset) -> View:
    """The view the sidebar's filters describe, from the session (also on a page that does not draw them)."""
    state = st.session_state
    mode = state[TIME_MODE_KEY]
    start, end = state[FROM_KEY], state[TO_KEY]
    period = (start, end) if mode == OVER_A_PERIOD and start <= end else None
    lat, lon, zoom = _map_view()
    return View(
        as_of=state[AS_OF_KEY] if mode == ON_A_DATE else (period[1] if period else start),
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


def set_view_dates(before: dt.date | None, after: dt.date) -> None:
    """Move the sidebar's date (or, over a period, its start to ``before`` and its end to ``after``), as a
    page's own date widgets that follow the sidebar do in their on_change."""
    state = st.session_state
    if state[TIME_MODE_KEY] == OVER_A_PERIOD:
        state[TO_KEY] = after
        if before is not None:
            state[FROM_KEY] = before
    else:
        state[AS_OF_KEY] = state[AS_OF_SLIDER_KEY] = after


def _step(months: int, lowest: dt.date, highest: dt.date) -> None:
    moved = min(max(add_months(st.session_state[AS_OF_KEY], months), lowest), highest)
    st.session_state[AS_OF_KEY] = st.session_state[AS_OF_SLIDER_KEY] = moved


@functools.lru_cache(maxsize=8)
def _colours(data_key: DataKey) -> dict[str, str]:
    return actor_colours(_merged(*data_key).deployments["actor_iso3"])


def data_colours() -> dict[str, str]:
    """``actor_colours`` of every deployment in the app's dataset, counted once per data version (read-only)."""
    return _colours(_data_key())


# The sidebar's choices, once per data version: read from every row, they cost each rerun of every page
# a pass over the deployments (a third of a second at 200,000).
@functools.lru_cache(maxsize=8)
def _choices(data_key: DataKey) -> tuple[list[str], list[str], list[str]]:
    """Sending states, forces and host states in the data, in the order the sidebar lists them."""
    data = _merged(*data_key)
    return (sorted(data.deployments["actor_iso3"].unique(), key=country_name),
            sorted(data.deployments["force"].dropna().unique()),
            sorted(data.sites["host_iso3"].unique(), key=country_name))


def sidebar_view(data: Dataset, *, page: str | None = None) -> View:
    """Draw the sidebar filters and return the View they describe; keep the URL in step.

    ``page`` names the page (its URL path) whose own parameters (``footprint.view.PAGE_PARAMS``) the URL keeps.
    """
    _load_view_from_url(data)
    # Streamlit forgets a widget's value when a page without it runs; the widgets keep theirs for the whole
    # session (persist_state), and these keys, set from the URL before any widget, are re-claimed.
    for key in FILTER_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    lowest, highest = first_day(data), data.as_of
    _apply_playback(lowest, highest)
    sidebar = st.sidebar
    sidebar.header("Time")
    mode = sidebar.radio("Show", (ON_A_DATE, OVER_A_PERIOD), key=TIME_MODE_KEY, horizontal=True,
                         persist_state="session")
    if mode == ON_A_DATE:
        # The slider spans the years the data covers well; a date typed before them widens it to all history.
        covered = covered_from(data) if st.session_state[AS_OF_KEY] >= covered_from(data) else lowest
        sidebar.slider(
            "As of", min_value=covered, max_value=highest, key=AS_OF_SLIDER_KEY, format="YYYY-MM-DD",
            on_change=_sync_from_slider, label_visibility="collapsed", persist_state="session",
        )
        sidebar.date_input(
            "As of", min_value=lowest, max_value=highest, key=AS_OF_KEY, format="YYYY-MM-DD",
            on_change=_sync_from_date, persist_state="session",
            help=f"The slider starts in {covered_from(data).year}, where the data covers each year well; type an "
                 f"earlier date (back to {lowest.year}) for older history.",
        )
        back, play, forward = sidebar.columns([1, 1.9, 1], vertical_alignment="center")
        back.button("◀", key="step_back", on_click=_step, args=(-1, lowest, highest), width="stretch",
                    help="One month back")
        play.toggle("Play", key=PLAY_KEY, help="Step forward one month at a time until the as-of date",
                    persist_state="session")
        forward.button("▶", key="step_forward", on_click=_step, args=(1, lowest, highest), width="stretch",
                       help="One month forward")
    else:
        start = sidebar.date_input("From", min_value=lowest, max_value=highest, key=FROM_KEY, format="YYYY-MM-DD",
                                   persist_state="session")
        end = sidebar.date_input("To", min_value=lowest, max_value=highest, key=TO_KEY, format="YYYY-MM-DD",
                                 persist_state="session")
        if start > end:
            sidebar.error("The period starts after it ends; showing the day it starts.")

    sidebar.header("Who")
    actors, forces, hosts = _choices(_data_key())
    sidebar.multiselect("Sending states", actors, key=ACTOR_KEY, format_func=lambda c: f"{country_name(c)} ({c})",
                        persist_state="session")
    sidebar.multiselect("Forces", forces, key=FORCE_KEY, persist_state="session")

    sidebar.header("Where")
    sidebar.selectbox(
        "Region", [None, *REGIONS], key=REGION_KEY, placeholder="The whole world",
        format_func=lambda slug: "The whole world" if slug is None else REGIONS[slug].title, persist_state="session",
    )
    sidebar.multiselect("Host countries", hosts, key=COUNTRY_KEY, format_func=country_name, persist_state="session")

    with sidebar.expander("More filters"):
        st.multiselect("Site types", SITE_TYPES, key=SITE_TYPE_KEY, format_func=lambda s: s.replace("_", " "),
                       persist_state="session")
        st.multiselect("Roles", ROLES, key=ROLE_KEY, format_func=lambda s: s.replace("_", " "),
                       persist_state="session")
        st.selectbox(
            "Minimum confidence", [None, *reversed(CONFIDENCES)], key=CONFIDENCE_KEY, placeholder="any",
            format_func=lambda c: "any" if c is None else c, persist_state="session",
        )

    state = st.session_state
    view = current_view(data)
    if state.get("_last_region", view.region) != view.region:
        state.pop(_MAP_VIEW_KEY, None)
        view = replace(view, lat=None, lon=None, zoom=None)  # a new region frames the map afresh
    state["_last_region"] = view.region
    write_url(view, data, own_params(page) if page else None)
    return view


_MAP_VIEW_KEY = "_map_view"


def _map_view() -> tuple[float | None, float | None, int | None]:
    """The map view, which the map's own script keeps in the URL as the user pans and zooms; the last one seen
    while the URL has none (a page without a map does not carry it)."""
    found = map_view(st.query_params.to_dict())
    if found[0] is not None:
        st.session_state[_MAP_VIEW_KEY] = found
    return st.session_state.get(_MAP_VIEW_KEY, found)


def own_params(page: str) -> dict[str, str]:
    """The page's own URL parameters (``footprint.view.PAGE_PARAMS``) as the URL has them now."""
    query = st.query_params
    return {name: query[name] for name in PAGE_PARAMS[page] if name in query}


def write_url(view: View, data: Dataset, own: dict[str, str] | None = None) -> None:
    """Put the view and the page's ``own`` parameters (those not at their default) in the URL, and nothing else."""
    params = {**view.to_params(data), **(own or {})}
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)


def keep_page_url(data: Dataset, page: str, own: dict[str, str]) -> None:
    """After the page's own widgets: the URL holds the sidebar's view and the page's ``own`` parameters."""
    unknown = set(own) - set(PAGE_PARAMS[page])
    if unknown:
        raise ValueError(f"parameters {sorted(unknown)} are not among the {page} page's (footprint.view.PAGE_PARAMS)")
    write_url(current_view(data), data, own)


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


# Read once per process: the style goes out with every run of every page.
_APP_STYLE = f"<style>{(_STATIC / 'app.css').read_text(encoding='utf-8')}</style>"


def page_style() -> None:
    """The app's own CSS (static/footprint/app.css): a narrower sidebar, Compare's maps stacked, on narrow windows."""
    st.html(_APP_STYLE)


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


# Each filter (a ``Filters`` field) as the sidebar names it, its widget and its cleared value.
_FILTER_WIDGETS = {
    "actors": ("Sending states", ACTOR_KEY, []), "forces": ("Forces", FORCE_KEY, []),
    "countries": ("Host countries", COUNTRY_KEY, []), "region": ("Region", REGION_KEY, None),
    "site_types": ("Site types", SITE_TYPE_KEY, []), "roles": ("Roles", ROLE_KEY, []),
    "min_confidence": ("Minimum confidence", CONFIDENCE_KEY, None),
}


def _filter_value(view: View, name: str) -> str:
    value = getattr(view, name)
    if name == "region":
        return REGIONS[value].title
    if name in ("actors", "countries"):
        return ", ".join(country_name(code) for code in value)
    if name == "min_confidence":
        return f"{value} or higher"
    return ", ".join(str(v).replace("_", " ") for v in value)


def _clear_filters(names: tuple[str, ...]) -> None:
    for name in names:
        _, key, cleared = _FILTER_WIDGETS[name]
        st.session_state[key] = cleared


CLEAR_FILTERS_KEY = "clear_filters"  # with "_actors", "_countries"…: the button that clears one filter


def empty_result(data: Dataset, view: View, *, start: dt.date | None = None, end: dt.date | None = None) -> None:
    """Say why nothing matches: the filter that empties the result (with a button that clears it), or the days.

    ``start``/``end`` give the days the page shows when they are not the view's own.
    """
    window = (start, end) if start and end else None
    first, last = window or view.window
    days = f"on {day_words(first)}" if first == last else f"between {day_words(first)} and {day_words(last)}"
    causes, together = view.emptying_filters(data, window)
    if not causes:
        set_any = any(getattr(view, name) for name in _FILTER_WIDGETS)
        st.info(f"Nothing is recorded {days}" + (", whatever the filters." if set_any else ".")
                + " Choose other dates.")
        return
    named = [f"{_FILTER_WIDGETS[name][0]} ({md_escape(_filter_value(view, name))})" for name in causes]
    if together:
        st.info(f"Nothing matches {days} with the filters {'; '.join(named)} together: clearing them shows "
                "something.")
        st.button("Clear these filters", key=CLEAR_FILTERS_KEY, on_click=_clear_filters, args=(causes,))
        return
    st.info(f"Nothing matches {days} because of the filter{'s' if len(causes) > 1 else ''} {'; '.join(named)}: "
            + ("without it" if len(causes) == 1 else "without any one of them") + ", there is something to show.")
    for column, name in zip(st.columns(len(causes) + 2)[:len(causes)], causes, strict=False):
        column.button(f"Clear {_FILTER_WIDGETS[name][0]}", key=f"{CLEAR_FILTERS_KEY}_{name}",
                      on_click=_clear_filters, args=((name,),))
