"""Forces present on a chosen date, with the sources behind each row."""

import streamlit as st

from footprint.geography import country_name
from footprint.query import presence_at
from pages._common import AS_OF_KEY, dataset, plural

data = dataset()

st.title("Foreign forces present on a date")
st.caption(
    f"Dataset as of {data.as_of:%d %B %Y}: {len(data.sites)} sites, {len(data.deployments)} deployments, "
    f"{len(data.sources)} sources. Dates known only to a month or year count as present for the whole month or "
    "year; such rows are marked *uncertain*."
)

as_of = st.date_input(
    "As of",
    value=data.as_of,
    min_value=data.deployments["start_earliest"].min().date(),
    max_value=data.as_of,
    key=AS_OF_KEY,
    format="YYYY-MM-DD",
)
present = presence_at(data, as_of)

hosts = present["host_iso3"].nunique()
actors = present["actor_iso3"].nunique()
st.markdown(
    f"**{plural(present['site_id'].nunique(), 'site')}** in **{plural(hosts, 'host country', 'host countries')}**, "
    f"**{plural(actors, 'sending state')}**, **{plural(len(present), 'force')}** on {as_of:%d %B %Y}."
)

sources = data.sources
table = present.assign(
    host=present["host_iso3"].map(country_name),
    actor=present["actor_iso3"].map(country_name),
    personnel=[
        "" if lo is None or hi is None else (f"{lo:,}" if lo == hi else f"{lo:,}–{hi:,}")
        for lo, hi in zip(
            present["personnel_min"].astype(object).where(present["personnel_min"].notna(), None),
            present["personnel_max"].astype(object).where(present["personnel_max"].notna(), None),
            strict=True,
        )
    ],
    end_date=present["end_date"].fillna("still present"),
    dates=present["certain"].map({True: "certain", False: "uncertain"}),
    sources=present["source_ids"].map(
        lambda ids: "; ".join(f"{sources.at[i, 'outlet']}, {sources.at[i, 'published'] or 'undated'}" for i in ids)
    ),
)
st.dataframe(
    table[
        ["host", "site_name", "actor", "force", "personnel", "start_date", "end_date", "dates", "confidence",
         "sources"]
    ],
    column_config={
        "site_name": "Site",
        "host": "Host",
        "actor": "Sending state",
        "force": "Force",
        "personnel": "Personnel",
        "start_date": "Since",
        "end_date": "Until",
        "dates": "Dates",
        "confidence": "Confidence",
        "sources": st.column_config.TextColumn("Sources", width="large"),
    },
    hide_index=True,
    width="stretch",
    key="presence_table",
)

cited = list(dict.fromkeys(i for ids in present["source_ids"] for i in ids))
st.subheader(f"Sources cited on this date ({len(cited)})")
st.dataframe(
    sources.loc[cited, ["outlet", "title", "published", "url", "seed_file", "note"]],
    column_config={
        "outlet": "Outlet",
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
