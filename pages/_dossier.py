"""A site's story, drawn by the map page and the Site page alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import streamlit as st

from footprint.geography import country_name
from footprint.model import Dataset
from footprint.query import site_history
from footprint.words import personnel_label, readable, source_kind
from pages._acled import show_acled_dossier
from pages._state import md_escape


def show_dossier(data: Dataset, site_id: str, *, colours: Mapping[str, str], marker: dt.date | None) -> None:
    from footprint.charts import gantt  # altair: loaded once a story is opened, not on every first visit

    history = site_history(data, site_id)
    site = history.site
    st.markdown(f"### {md_escape(site['name'])}")
    aliases = ", ".join(site["aliases"])
    notes = site["notes"] if isinstance(site["notes"], str) else ""
    st.caption(
        md_escape(
            f"{str(site['site_type']).replace('_', ' ')} in {country_name(site['host_iso3'])}"
            + (f" · also called {aliases}" if aliases else "")
            + f" · location {site['location_precision']}: {notes}"
        )
    )
    deployments = history.deployments.assign(
        row_label=[
            f"{country_name(a)}" + (f" · {f}" if isinstance(f, str) and f else "")
            for a, f in zip(history.deployments["actor_iso3"], history.deployments["force"], strict=True)
        ]
    )
    events = history.events.assign(
        row_label=[
            next(
                (label for label, actor in zip(deployments["row_label"], deployments["actor_iso3"], strict=True)
                 if actor == event_actor),
                None,
            )
            for event_actor in history.events["actor_iso3"]
        ]
    )
    if len(deployments):
        st.altair_chart(
            gantt(deployments, colours=colours, as_of=data.as_of, events=events, marker=marker),
            width="stretch",
        )
    forces = deployments.assign(
        sending_state=deployments["actor_iso3"].map(country_name),
        personnel=[personnel_label(lo, hi) for lo, hi in zip(deployments["personnel_min"],
                                                               deployments["personnel_max"], strict=True)],
        until=deployments["end_date"].fillna("still present"),
        roles=deployments["role"].map(lambda roles: ", ".join(r.replace("_", " ") for r in roles)),
        sources=deployments["source_ids"].map(len),
    )
    st.dataframe(
        readable(forces[["sending_state", "force", "start_date", "until", "personnel", "roles", "confidence",
                         "status_note", "sources", *(["origin"] if "origin" in forces else [])]]),
        column_config={
            "sending_state": "Sending state", "force": "Force", "start_date": "Since", "until": "Until",
            "personnel": "Personnel", "roles": "Role", "confidence": "Confidence",
            "status_note": st.column_config.TextColumn("Note", width="large"), "sources": "Sources",
            "origin": st.column_config.TextColumn("Origin", help="curated data/, or your workspace"),
        },
        hide_index=True, width="stretch", key=f"dossier_forces_{site_id}",
    )
    st.markdown("**Events**")
    if len(history.events):
        st.dataframe(
            readable(history.events[["date", "event_type", "summary"]].assign(
                event_type=history.events["event_type"].str.replace("_", " ")
            )),
            column_config={"date": "Date", "event_type": "Event",
                           "summary": st.column_config.TextColumn("What happened", width="large")},
            hide_index=True, width="stretch", key=f"dossier_events_{site_id}",
        )
    else:
        st.caption("No events recorded at this site.")
    st.markdown(f"**Sources ({len(history.sources)})**")
    st.dataframe(
        readable(history.sources[["outlet", "kind", "original_agency", "title", "published", "url", "note"]].assign(
            kind=history.sources["kind"].map(source_kind)
        ), keep=["url"]),
        column_config={
            "outlet": "Outlet", "kind": "Kind", "original_agency": "Original agency",
            "title": st.column_config.TextColumn("Title", width="large"),
            "published": "Published", "url": st.column_config.LinkColumn("Link", display_text="open"),
            "note": st.column_config.TextColumn("Supports", width="large"),
        },
        hide_index=True, width="stretch", key=f"dossier_sources_{site_id}",
    )
    show_acled_dossier(site)
