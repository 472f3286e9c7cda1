"""Forces present on the chosen date or period, as a table, with the sources behind each row."""

import streamlit as st

from footprint.geography import country_name
from footprint.words import day_words, personnel_label, plural, readable, source_kind, tidy
from pages._state import dataset, empty_result, sidebar_view

data = dataset()
view = sidebar_view(data)
present = view.presence(data)

when = (f"between {day_words(view.period[0])} and {day_words(view.period[1])}" if view.period
        else f"on {day_words(view.as_of)}")
st.title("Foreign forces present")
st.caption(
    f"Dataset as of {day_words(data.as_of)}: {len(data.sites)} sites, {len(data.deployments)} deployments, "
    f"{len(data.sources)} sources. Dates known only to a month or year count as present for the whole month or "
    "year; such rows are marked *uncertain*."
)
st.markdown(
    f"**{plural(present['site_id'].nunique(), 'site')}** in "
    f"**{plural(present['host_iso3'].nunique(), 'host country', 'host countries')}**, "
    f"**{plural(present['actor_iso3'].nunique(), 'sending state')}**, "
    f"**{plural(len(present), 'force')}** {when}."
)
if present.empty:
    empty_result(data, view)

sources = data.sources
table = present.assign(
    host=present["host_iso3"].map(country_name),
    actor=present["actor_iso3"].map(country_name),
    personnel=[personnel_label(lo, hi) for lo, hi in zip(present["personnel_min"], present["personnel_max"],
                                                         strict=True)],
    end_date=present["end_date"].fillna("still present"),
    dates=present["certain"].map({True: "certain", False: "uncertain"}),
    sources=present["source_ids"].map(
        lambda ids: "; ".join(f"{tidy(sources.at[i, 'outlet'])}, {tidy(sources.at[i, 'published']) or 'undated'}"
                              for i in ids)
    ),
)
st.dataframe(
    readable(table[["host", "site_name", "actor", "force", "personnel", "start_date", "end_date", "dates",
                    "confidence", "sources"]]),
    column_config={
        "site_name": "Site", "host": "Host", "actor": "Sending state", "force": "Force", "personnel": "Personnel",
        "start_date": "Since", "end_date": "Until", "dates": "Dates", "confidence": "Confidence",
        "sources": st.column_config.TextColumn("Sources", width="large"),
    },
    hide_index=True,
    width="stretch",
    key="presence_table",
)

cited = list(dict.fromkeys(i for ids in present["source_ids"] for i in ids))
st.subheader(f"Sources cited ({len(cited)})")
st.dataframe(
    readable(sources.loc[cited, ["outlet", "kind", "original_agency", "title", "published", "url", "seed_file",
                                 "note"]].assign(kind=lambda frame: frame["kind"].map(source_kind)), keep=["url"]),
    column_config={
        "outlet": "Outlet", "kind": "Kind", "original_agency": "Original agency",
        "title": st.column_config.TextColumn("Title", width="large"),
        "published": "Published",
        "url": st.column_config.LinkColumn("Link", display_text="open"),
        "seed_file": "Seed document",
        "note": st.column_config.TextColumn("Supports", width="large"),
    },
    hide_index=True,
    width="stretch",
    key="sources_table",
)
