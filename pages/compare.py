"""Two dates side by side, and what arrived, departed and remained between them."""

import datetime as dt

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from footprint.escape import markdown_text
from footprint.geography import bounds_with_points, country_name, frame_bounds
from footprint.mapping import DEFAULT_CENTER, DEFAULT_ZOOM, base_map, frame_group, site_layers
from footprint.query import changes, presence_at
from footprint.style import actor_colours
from footprint.view import day_param
from footprint.words import day_words, plural, readable
from pages._state import (
    add_months,
    custom_tile_url,
    dataset,
    first_day,
    keep_page_url,
    set_view_dates,
    sidebar_view,
)

COMPARE_A_KEY, COMPARE_B_KEY = "compare_a", "compare_b"
PAGE = "compare"

data = dataset()
view = sidebar_view(data, page=PAGE)
colours = actor_colours(data.deployments["actor_iso3"])
lowest, highest = first_day(data), data.as_of
state = st.session_state


def _default_before(after: dt.date) -> dt.date:
    """Two years before the later date (or the data's first day)."""
    return max(add_months(after, -24), lowest)


# The later date is the sidebar's (a period's end); the earlier one the period's start, or this page's own.
after = view.period[1] if view.period else view.as_of
if view.period:
    state[COMPARE_A_KEY] = view.period[0]
elif COMPARE_A_KEY not in state or state.get("_compare_period"):
    linked, notice = day_param(st.query_params.to_dict(), "before", data)
    if notice:
        st.toast(markdown_text(f"Link: {notice}"), duration="long")
    state[COMPARE_A_KEY] = linked or _default_before(after)
state["_compare_period"] = view.period is not None
state[COMPARE_B_KEY] = after


def _follow() -> None:
    set_view_dates(state[COMPARE_A_KEY] if view.period else None, state[COMPARE_B_KEY])


st.title("Compare two dates")
# Keyed so that static/footprint/app.css can stack the two halves when the page is too narrow for two maps.
left, right = st.container(key="compare_pair").columns(2)
date_a = left.date_input("Before", min_value=lowest, max_value=highest, key=COMPARE_A_KEY, format="YYYY-MM-DD",
                         on_change=_follow, persist_state="session",
                         help="Over a period, the period's start; on a date, this page's own.")
date_b = right.date_input("After", min_value=lowest, max_value=highest, key=COMPARE_B_KEY, format="YYYY-MM-DD",
                          on_change=_follow, help="The sidebar's date, or its period's end: changing one moves both.")
keep_page_url(data, PAGE, {} if view.period or date_a == _default_before(after) else {"before": date_a.isoformat()})
if date_a > date_b:
    st.error("The first date is after the second; swap them to compare.")
    st.stop()

presents = {day: presence_at(data, day, view.filters()) for day in (date_a, date_b)}
# Both maps frame the region (or host countries) with every site present on either date, fitted in the
# browser to their real width; the world when neither is chosen.
framed = frame_bounds(view.region, view.countries)
if framed:
    shown = data.sites.loc[pd.unique(pd.concat([present["site_id"] for present in presents.values()]))]
    framing = {"bounds": bounds_with_points(framed, shown["lon"], shown["lat"])}
else:
    framing = {"center": DEFAULT_CENTER, "zoom": DEFAULT_ZOOM}
for column, day, key in ((left, date_a, "compare_map_a"), (right, date_b, "compare_map_b")):
    present = presents[day]
    column.markdown(
        f"**{day_words(day)}**: {plural(present['site_id'].nunique(), 'site')}, "
        f"{plural(present['actor_iso3'].nunique(), 'sending state')}, {plural(len(present), 'force')}"
    )
    with column:
        st_folium(
            base_map(custom_tiles=custom_tile_url()), key=key, height=420, use_container_width=True,
            feature_group_to_add=[site_layers(data, present, colours=colours),
                                  frame_group(**framing, follow_link=False)],
            returned_objects=[],
        )

table = changes(data, date_a, date_b, view.filters())
counts = table["change"].value_counts()
st.subheader("What changed")
st.markdown(
    " · ".join(f"**{counts.get(kind, 0)} {kind}**" for kind in ("departed", "arrived", "remained"))
)
st.dataframe(
    readable(table.assign(
        host=table["host_iso3"].map(country_name),
        actor=table["actor_iso3"].map(country_name),
        sources=table["source_ids"].map(len),
    )[["change", "host", "site_name", "actor", "force", "personnel_before", "personnel_after", "personnel_change",
       "sources"]]),
    column_config={
        "change": "Change", "host": "Host", "site_name": "Site", "actor": "Sending state", "force": "Force",
        "personnel_before": "Before", "personnel_after": "After", "personnel_change": "Change in personnel",
        "sources": "Sources",
    },
    hide_index=True, width="stretch", key="compare_table",
)
