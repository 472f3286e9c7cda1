"""The filtered tables, with CSV and GeoJSON downloads."""

import json

import streamlit as st

from footprint.exchange.selection import select_view
from footprint.exporters import table_csv
from footprint.mapping import presence_geojson
from footprint.words import plural, readable
from pages._exchange import show_acled_loader, show_exports, show_site_import
from pages._state import dataset, sidebar_view, workspace

data = dataset()
view = sidebar_view(data)
presence = view.presence(data)
events = view.events(data)
stamp = f"{view.period[0]}_{view.period[1]}" if view.period else f"{view.as_of}"

st.title("Data")
st.caption(
    "The rows behind the current filters, as the map shows them. Downloads carry every column, with "
    "`;`-separated lists in CSV. The full curated dataset lives in `data/` with its datapackage."
)

st.subheader("Export for GIS tools")
show_exports(select_view(data, view))

st.subheader(f"Forces present ({plural(len(presence), 'row')})")
left, right = st.columns(2)
left.download_button(
    "Download CSV", table_csv(presence), file_name=f"footprint-presence-{stamp}.csv", mime="text/csv",
    key="download_presence_csv", width="stretch",
)
right.download_button(
    "Download GeoJSON", json.dumps(presence_geojson(data, presence), ensure_ascii=False, indent=1),
    file_name=f"footprint-presence-{stamp}.geojson", mime="application/geo+json", key="download_presence_geojson",
    width="stretch",
)
origin = data.deployments.set_index("deployment_id")["origin"]
st.dataframe(
    readable(presence.drop(columns=["certain"]).assign(origin=presence["deployment_id"].map(origin))),
    hide_index=True, width="stretch", key="data_presence",
    column_config={"origin": st.column_config.TextColumn("Origin", help="curated data/, or your workspace")},
)

st.subheader(f"Events ({plural(len(events), 'row')})")
st.download_button(
    "Download events CSV", table_csv(events), file_name=f"footprint-events-{stamp}.csv", mime="text/csv",
    key="download_events_csv",
)
event_origin = data.events.set_index("event_id")["origin"]
st.dataframe(readable(events.assign(origin=events["event_id"].map(event_origin))), hide_index=True, width="stretch",
             key="data_events")

cited = list(dict.fromkeys([i for ids in presence["source_ids"] for i in ids]
                           + [i for ids in events["source_ids"] for i in ids]))
st.subheader(f"Sources ({plural(len(cited), 'row')})")
sources = data.sources.loc[cited].reset_index(drop=True)
st.download_button(
    "Download sources CSV", table_csv(sources), file_name=f"footprint-sources-{stamp}.csv", mime="text/csv",
    key="download_sources_csv",
)
st.dataframe(
    readable(sources, keep=["url"]), hide_index=True, width="stretch", key="data_sources",
    column_config={"url": st.column_config.LinkColumn("url")},
)

with st.expander("Import sites into your workspace"):
    show_site_import(data, workspace())

with st.expander("ACLED events beside the bases"):
    show_acled_loader()
