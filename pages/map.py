"""The map explorer: who was where on a date or over a period, and each site's story."""

import streamlit as st

from footprint.geography import frame_bounds
from footprint.mapping import DEFAULT_CENTER, DEFAULT_ZOOM
from footprint.webmercator import bounds_view, view_bounds
from footprint.words import plural
from pages._acled import SHOW_KEY as ACLED_KEY
from pages._acled import acled_path, show_acled_layer
from pages._dossier import show_dossier
from pages._export import show_export
from pages._state import (
    EVENTS_KEY,
    EXPORT_KEY,
    SHADE_KEY,
    data_colours,
    dataset,
    keep_playing,
    map_layers,
    presence_and_events,
    select_site,
    show_map,
    sidebar_view,
)

data = dataset()
view = sidebar_view(data)
colours = data_colours()

options = st.sidebar.container()
show_events = options.toggle("Events near the date", key=EVENTS_KEY)
shade = options.toggle("Shade host countries by number of foreign states", key=SHADE_KEY)
presence, events = presence_and_events(view, show_events=show_events)
show_acled = acled_path() is not None and options.toggle("ACLED events near the sites", key=ACLED_KEY)

when = (
    f"{view.period[0]:%d %b %Y} to {view.period[1]:%d %b %Y}" if view.period else f"{view.as_of:%d %B %Y}"
)
st.markdown(f"### Foreign military presence · {when}")
st.markdown(
    f"**{plural(presence['site_id'].nunique(), 'site')}**, "
    f"**{plural(presence['actor_iso3'].nunique(), 'sending state')}**, "
    f"**{plural(len(presence), 'force')}**"
    + (f", {plural(len(events), 'event')} nearby" if events is not None else ""),
    help="Counts follow the filters. Dates known only to a month or a year count for all of it.",
)

if view.lat is not None:
    center, zoom, bounds = (view.lat, view.lon), view.zoom, None
elif framed := frame_bounds(view.region, view.countries):
    center, zoom = bounds_view(framed)
else:
    center, zoom = DEFAULT_CENTER, DEFAULT_ZOOM

# The base map never changes, so filters swap only the layers and the map is not rebuilt in the browser.
acled = show_acled_layer(data, presence, view, options) if show_acled else None
layers = map_layers(view, show_events=show_events, shade=shade, extra=(acled,) if acled else ())
clicked = show_map(layers, key="map", height=600, center=center, zoom=zoom)

drawing = (clicked or {}).get("last_active_drawing") or {}
site_id = (drawing.get("properties") or {}).get("site_id")
if site_id and site_id in data.sites.index and site_id != st.session_state.get("_last_clicked_site"):
    st.session_state["_last_clicked_site"] = site_id
    select_site(site_id)
    st.rerun()

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
