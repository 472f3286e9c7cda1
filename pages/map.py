"""The map explorer: who was where on a date or over a period, and each site's story."""

import streamlit as st
from streamlit_folium import st_folium

from footprint.geography import bounds_with_points, frame_bounds
from footprint.mapping import DEFAULT_CENTER, DEFAULT_ZOOM, base_map, frame_group
from footprint.style import actor_colours
from footprint.webmercator import bounds_view, view_bounds
from footprint.words import plural
from pages._acled import SHOW_KEY as ACLED_KEY
from pages._acled import acled_path, show_acled_layer
from pages._dossier import show_dossier
from pages._export import show_export
from pages._state import (
    EVENTS_KEY,
    FRAME_KEY,
    SHADE_KEY,
    custom_tile_url,
    dataset,
    keep_playing,
    map_layers,
    presence_and_events,
    select_site,
    sidebar_view,
)

data = dataset()
view = sidebar_view(data)
colours = actor_colours(data.deployments["actor_iso3"])

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
framing = frame_group(**st.session_state.setdefault(FRAME_KEY, {"center": center, "zoom": zoom}))

# The base map never changes, so filters swap only the layers and the map is not rebuilt in the browser.
fmap = base_map(custom_tiles=custom_tile_url())
layers = map_layers(view, show_events=show_events, shade=shade)
if show_acled:
    show_acled_layer(layers, data, presence, view, options)


def _open_clicked_site() -> None:
    # A callback runs before the page does, so the click's run already shows the site's story: no second run.
    drawing = (st.session_state.get("map") or {}).get("last_active_drawing") or {}
    site_id = (drawing.get("properties") or {}).get("site_id")
    if site_id and site_id in data.sites.index:
        select_site(site_id)


st_folium(
    fmap,
    key="map",
    height=600,
    use_container_width=True,
    feature_group_to_add=[layers, framing],
    returned_objects=["last_active_drawing"],
    on_change=_open_clicked_site,
)

with st.expander("Export this view", icon=":material/download:"):
    show_export(data, view, events=events, fallback_bbox=view_bounds(center, zoom), show_events=show_events)

chosen = st.session_state.get("site")
if chosen:
    show_dossier(data, chosen, colours=colours, marker=view.as_of)
else:
    st.caption("Click a site on the map to open its story: who was there when, what happened, and the sources.")

keep_playing(data)
