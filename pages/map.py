"""The map explorer: who was where on a date or over a period, and each site's story."""

import uuid

import streamlit as st

from footprint.geography import bounds_with_points, frame_bounds
from footprint.mapping import DEFAULT_CENTER, DEFAULT_ZOOM, site_focus
from footprint.webmercator import bounds_view, view_bounds
from footprint.words import day_words, plural, span_words
from pages._acled import SHOW_KEY as ACLED_KEY
from pages._acled import acled_path, show_acled_layer
from pages._dossier import show_dossier
from pages._export import show_export
from pages._state import (
    EVENTS_KEY,
    EXPORT_KEY,
    FRAME_KEY,
    SHADE_KEY,
    data_colours,
    dataset,
    empty_result,
    keep_playing,
    map_layers,
    presence_and_events,
    select_site,
    show_map,
    sidebar_view,
    site_finder,
)

FIND_KEY = "find_site"
_FOCUS_KEY = "_site_focus"  # (site id, token): the map frames the site once per token


def _found() -> None:
    site_id = st.session_state.get(FIND_KEY)
    if site_id:
        select_site(site_id)
        st.session_state[_FOCUS_KEY] = (site_id, uuid.uuid4().hex)
        st.session_state[FIND_KEY] = None


data = dataset()
view = sidebar_view(data)
colours = data_colours()

options = st.sidebar.container()
show_events = options.toggle("Events near the date", key=EVENTS_KEY, persist_state="session")
shade = options.toggle("Shade host countries by number of foreign states", key=SHADE_KEY, persist_state="session")
presence, events = presence_and_events(view, show_events=show_events)
show_acled = acled_path() is not None and options.toggle("ACLED events near the sites", key=ACLED_KEY)

when = span_words(*view.period) if view.period else day_words(view.as_of)
st.markdown(f"### Foreign military presence · {when}")
st.markdown(
    f"**{plural(presence['site_id'].nunique(), 'site')}**, "
    f"**{plural(presence['actor_iso3'].nunique(), 'sending state')}**, "
    f"**{plural(len(presence), 'force')}**"
    + (f", {plural(len(events), 'event')} nearby" if events is not None else ""),
    help="Counts follow the filters. Dates known only to a month or a year count for all of it.",
)
if presence.empty:
    empty_result(data, view)
finder = site_finder()
st.selectbox(
    "Find a site", list(finder), key=FIND_KEY, index=None, format_func=finder.__getitem__, on_change=_found,
    placeholder="Find a site by name or alias: its story opens below and the map frames it",
    help="Type part of a name or alias, pick with the arrow keys and Enter.",
)

# The browser frames the map, where its width is known: the region (or host countries) with every present
# site in it, else the world. A frame is asked for only when the link has no view (a first visit, a new
# region); otherwise the last one is sent again unchanged, so the map keeps the user's view and popups.
framed = frame_bounds(view.region, view.countries)
if framed:
    sites = data.sites.loc[presence["site_id"].unique()]
    framed = bounds_with_points(framed, sites["lon"], sites["lat"])
if view.lat is not None:
    center, zoom = (view.lat, view.lon), view.zoom
else:
    center, zoom = bounds_view(framed) if framed else (DEFAULT_CENTER, DEFAULT_ZOOM)
    st.session_state[FRAME_KEY] = {"bounds": framed} if framed else {"center": center, "zoom": zoom}
framing = st.session_state.setdefault(FRAME_KEY, {"center": center, "zoom": zoom})

def _open_clicked_site() -> None:
    # A callback runs before the page does, so the click's run already shows the site's story: no second run.
    drawing = (st.session_state.get("map") or {}).get("last_active_drawing") or {}
    properties = drawing.get("properties") or {}
    site_id, click = properties.get("site_id"), (properties.get("site_id"), properties.get("click"))
    # The map numbers its clicks: a new click on the site clicked last time opens it again after a search.
    if site_id and site_id in data.sites.index and click != st.session_state.get("_last_clicked_site"):
        st.session_state["_last_clicked_site"] = click
        select_site(site_id)


# The base map never changes, so filters swap only the layers and the map is not rebuilt in the browser.
acled = show_acled_layer(data, presence, view, options) if show_acled else None
extra = (acled,) if acled else ()
if (focus := st.session_state.get(_FOCUS_KEY)) and focus[0] in data.sites.index:
    extra = (*extra, site_focus(data, *focus))
layers = map_layers(view, show_events=show_events, shade=shade, frame=framing, extra=extra)
show_map(layers, key="map", height=600, on_change=_open_clicked_site)

# Only an open panel runs its widgets: a closed one costs every date step nothing.
export = st.expander("Export this view", icon=":material/download:", key=EXPORT_KEY, on_change="rerun")
if export.open:
    with export:
        show_export(data, view, events=events, fallback_bbox=view_bounds(center, zoom), show_events=show_events)

chosen = st.session_state.get("site")
if chosen:
    show_dossier(data, chosen, colours=colours, marker=view.as_of)
else:
    st.caption("Click a site on the map to open its story: who was there when, what happened, and the sources.")

keep_playing(data)
