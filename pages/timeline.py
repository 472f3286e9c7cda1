"""Every deployment that matches the filters, as a Gantt chart grouped by host country."""

import streamlit as st

from footprint.charts import gantt
from footprint.escape import markdown_text
from footprint.geography import country_name
from footprint.query import events_between, presence_between
from footprint.style import actor_colours
from footprint.view import day_param
from footprint.words import cut, day_words, plural, tidy, without_aside
from pages._state import dataset, empty_result, first_day, keep_page_url, sidebar_view

PAGE = "timeline"
SINCE_KEY, UNTIL_KEY = "timeline_since", "timeline_until"
_FOLLOWED_KEY = "_timeline_default"

data = dataset()
view = sidebar_view(data, page=PAGE)
colours = actor_colours(data.deployments["actor_iso3"])
state = st.session_state

# The range is the sidebar's period, else the years the data covers well; a link or the user may set its own.
default = view.period or (data.covered_from, data.as_of)
if SINCE_KEY not in state:
    params = st.query_params.to_dict()
    (since, since_notice), (until, until_notice) = day_param(params, "since", data), day_param(params, "until", data)
    for notice in filter(None, (since_notice, until_notice)):
        st.toast(markdown_text(f"Link: {notice}"), duration="long")
    state[SINCE_KEY], state[UNTIL_KEY] = since or default[0], until or default[1]
elif (state[SINCE_KEY], state[UNTIL_KEY]) == state.get(_FOLLOWED_KEY):
    state[SINCE_KEY], state[UNTIL_KEY] = default  # a range that followed the sidebar keeps following it
state[_FOLLOWED_KEY] = default

st.title("Timeline")
left, right, _ = st.columns([1, 1, 2])
lowest, highest = first_day(data), data.as_of
help_text = (f"From {data.covered_from.year} by default, where the data covers each year well; type an earlier "
             f"date (back to {lowest.year}) for older history.")
start = left.date_input("From", min_value=lowest, max_value=highest, key=SINCE_KEY, format="YYYY-MM-DD",
                        persist_state="session", help=help_text)
end = right.date_input("To", min_value=lowest, max_value=highest, key=UNTIL_KEY, format="YYYY-MM-DD",
                       persist_state="session")
keep_page_url(data, PAGE, {name: day.isoformat() for name, day, usual in (("since", start, default[0]),
                                                                          ("until", end, default[1]))
                           if day != usual})
if start > end:
    st.error("The range starts after it ends; swap the dates.")
    st.stop()

rows = presence_between(data, start, end, view.filters())
st.caption(
    f"{plural(len(rows), 'deployment')} between {day_words(start)} and {day_words(end)}, grouped by host country; "
    "ticks are events, the dashed line is the date the map shows. Bars that began earlier start at the left edge; "
    "open bars run to the dataset's as-of date."
)
if rows.empty:
    empty_result(data, view, start=start, end=end)
else:
    labelled = rows.assign(
        host_name=rows["host_iso3"].map(country_name),
        # Short enough to read whole beside the bars; the tooltip has the full names.
        row_label=[
            f"{country_name(h)} · {cut(without_aside(s, 24), 34)} · {country_name(a)}"
            + (f" ({cut(f, 22)})" if tidy(f) else "")
            for h, s, a, f in zip(rows["host_iso3"], rows["site_name"], rows["actor_iso3"], rows["force"], strict=True)
        ],
    ).join(data.deployments[["deployment_id", "start_earliest", "end_latest"]].set_index("deployment_id"),
           on="deployment_id")
    labelled = labelled.sort_values(["host_name", "site_name", "start_earliest"])
    events = events_between(data, start, end, view.filters())
    events = events.merge(
        labelled[["site_id", "actor_iso3", "row_label"]].drop_duplicates(["site_id", "actor_iso3"]),
        on=["site_id", "actor_iso3"],
    ).join(data.events.set_index("event_id")[["date_earliest"]], on="event_id")
    marker = view.as_of if start <= view.as_of <= end else None
    chart = gantt(labelled, colours=colours, as_of=data.as_of, events=events, marker=marker, sort_rows=False,
                  span=(start, end))
    st.altair_chart(chart, width="stretch")
