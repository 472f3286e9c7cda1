"""The map explorer: who was where on a date or over a period, and each site's story."""

import streamlit as st
from streamlit_folium import st_folium

from footprint.geography import hosts_bounds
from footprint.mapping import (
    AFRICA_CENTER,
    AFRICA_ZOOM,
    REGIONS,
    actor_colours,
    base_map,
    bounds_view,
    extent_bbox,
    site_layers,
    view_bbox,
)
from pages._common import (
    EVENTS_KEY,
    SHADE_KEY,
    custom_tile_url,
    dataset,
    export_view,
    extent_button,
    keep_playing,
    plural,
    select_site,
    sidebar_view,
)
from pages._dossier import show_dossier

data = dataset()
view = sidebar_view(data)
colours = actor_colours(data.deployments["actor_iso3"])

presence = view.presence(data)
options = st.sidebar.container()
show_events = options.toggle("Events near the date", key=EVENTS_KEY)
shade = options.toggle("Shade host countries by number of foreign states", key=SHADE_KEY)
events = view.events(data) if show_events else None

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
elif view.countries:
    center, zoom = bounds_view(hosts_bounds(view.countries))
elif view.region:
    center, zoom = bounds_view(REGIONS[view.region].bounds)
else:
    center, zoom = AFRICA_CENTER, AFRICA_ZOOM

# The base map never changes, so filters swap only the layers and the map is not rebuilt in the browser.
fmap = base_map(custom_tiles=custom_tile_url())
layers = site_layers(data, presence, events, colours=colours, shade_hosts=shade)
clicked = st_folium(
    fmap,
    key="map",
    height=600,
    use_container_width=True,
    feature_group_to_add=layers,
    returned_objects=["last_active_drawing"],
    center=center,
    zoom=zoom,
)

drawing = (clicked or {}).get("last_active_drawing") or {}
site_id = (drawing.get("properties") or {}).get("site_id")
if site_id and site_id in data.sites.index and site_id != st.session_state.get("_last_clicked_site"):
    st.session_state["_last_clicked_site"] = site_id
    select_site(site_id)
    st.rerun()

with st.expander("Export this view", icon=":material/download:"):
    export_columns = st.columns([1, 1, 2, 2])
    fmt = export_columns[0].selectbox("Format", ["png", "svg", "pdf", "html"], key="export_format")
    preset = export_columns[1].selectbox("Size", ["slide", "a4", "square"], key="export_preset",
                                         format_func={"slide": "16:9 slide", "a4": "A4 landscape",
                                                      "square": "Square"}.get)
    title = export_columns[2].text_input("Title", key="export_title", placeholder="default: the date and filters")
    banner = export_columns[3].text_input("Handling banner", key="export_banner", placeholder="e.g. UNCLASSIFIED")
    # What the file depends on besides the extent, so a file made before a change is not offered as current.
    export_inputs = ({k: v for k, v in view.to_params(data).items() if k not in ("lat", "lon", "zoom")},
                     fmt, preset, title, banner, show_events)
    extent = extent_button("Prepare the file", key="export_render")
    if extent is not None:
        try:
            bbox = extent_bbox(extent) if extent else view_bbox(center, zoom)
        except ValueError as error:
            st.warning(f"{error}; the file shows the region chosen in the sidebar instead.")
            bbox = view_bbox(center, zoom)
        with st.spinner("Rendering…"):
            st.session_state["export_file"] = export_view(
                data, view, fmt=fmt, preset=preset, title=title or None, banner=banner or None, bbox=bbox,
                events=events,
            )
            st.session_state["export_extent"] = bbox
            st.session_state["export_inputs"] = export_inputs
    prepared = st.session_state.get("export_file")
    if prepared and st.session_state.get("export_inputs") != export_inputs:
        st.caption("The filters or export settings have changed since the file was prepared: prepare it again.")
    elif prepared:
        name, content, mime = prepared
        st.download_button(f"Download {name}", content, file_name=name, mime=mime, key="export_download")
        west, south, east, north = st.session_state["export_extent"]
        st.caption(f"Extent of {name}: west {west:.2f}, south {south:.2f}, east {east:.2f}, north {north:.2f} "
                   "(degrees; the picture is widened to its page shape).")

chosen = st.session_state.get("site")
if chosen:
    show_dossier(data, chosen, colours=colours, marker=view.as_of)
else:
    st.caption("Click a site on the map to open its story: who was there when, what happened, and the sources.")

keep_playing(data)
