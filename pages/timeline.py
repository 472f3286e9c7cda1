"""Every deployment that matches the filters, as a Gantt chart grouped by host country."""

import streamlit as st

from footprint.charts import gantt
from footprint.geography import country_name
from footprint.query import presence_between
from footprint.style import actor_colours
from footprint.words import plural
from pages._state import dataset, first_day, sidebar_view

data = dataset()
view = sidebar_view(data)
colours = actor_colours(data.deployments["actor_iso3"])
start, end = view.period or (first_day(data), data.as_of)
rows = presence_between(data, start, end, view.filters())

st.title("Timeline")
st.caption(
    f"{plural(len(rows), 'deployment')} between {start:%d %b %Y} and {end:%d %b %Y}, grouped by host country; "
    "ticks are events, the dashed line is the date the map shows. Open bars ran to the dataset's as-of date."
)
if rows.empty:
    st.info("Nothing matches the filters.")
else:
    labelled = rows.assign(
        host_name=rows["host_iso3"].map(country_name),
        row_label=[
            f"{country_name(h)} · {s} · {country_name(a)}" + (f" ({f})" if isinstance(f, str) and f else "")
            for h, s, a, f in zip(rows["host_iso3"], rows["site_name"], rows["actor_iso3"], rows["force"], strict=True)
        ],
    ).join(data.deployments[["deployment_id", "start_earliest", "end_latest"]].set_index("deployment_id"),
           on="deployment_id")
    labelled = labelled.sort_values(["host_name", "site_name", "start_earliest"])
    events = view.events(data) if view.period else None
    if events is None:
        from footprint.query import events_between

        events = events_between(data, start, end, view.filters())
    events = events.merge(
        labelled[["site_id", "actor_iso3", "row_label"]].drop_duplicates(["site_id", "actor_iso3"]),
        on=["site_id", "actor_iso3"],
    ).join(data.events.set_index("event_id")[["date_earliest"]], on="event_id")
    chart = gantt(labelled, colours=colours, as_of=data.as_of, events=events, marker=view.as_of, sort_rows=False)
    st.altair_chart(chart, width="stretch")
