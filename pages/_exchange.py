"""The Data page's exchange panels: exports of the filtered rows, imports of sites, the ACLED export."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from footprint.acled import ACLED_ENV
from footprint.dataset import DatasetError
from footprint.exchange.export import export_bytes
from footprint.exchange.selection import Selection
from footprint.exchange.site_import import SiteImportError, apply_site_import, describe, plan_site_import
from footprint.exporters import DATA
from footprint.model import Dataset
from footprint.store import PermissionDenied
from footprint.words import short_day
from pages import _auth
from pages._acled import acled_events, acled_path, save_upload

EXPORT_FORMAT_KEY = "exchange_format"
IMPORT_FILE_KEY = "import_sites_file"
IMPORT_WHO_KEY = "import_sites_who"
IMPORT_SOURCE_KEY = "import_sites_source"
IMPORT_AS_NEW_KEY = "import_sites_as_new"


def show_exports(selection: Selection) -> None:
    """A format choice and the prepared file, kept until the filters or the format change."""
    columns = st.columns([2, 1, 2])
    fmt = columns[0].selectbox("Format", list(DATA), key=EXPORT_FORMAT_KEY,
                               format_func=lambda f: DATA[f].label)
    inputs = (tuple(selection.filters.items()), fmt, len(selection.deployments), len(selection.events))
    if columns[1].button("Prepare the file", key="exchange_prepare", width="stretch"):
        with st.spinner("Writing…"):
            st.session_state["exchange_file"] = (inputs, f"{selection.stem}.{DATA[fmt].suffix}",
                                                 export_bytes(selection, fmt), DATA[fmt].media_type)
    prepared = st.session_state.get("exchange_file")
    if prepared and prepared[0] == inputs:
        _, name, content, mime = prepared
        columns[2].download_button(f"Download {name}", content, file_name=name, mime=mime, key="exchange_download",
                                   width="stretch")
    elif prepared:
        columns[2].caption("The filters or format changed since the file was prepared: prepare it again.")
    st.caption(
        f"{len(selection.sites)} sites, {len(selection.deployments)} deployments, {len(selection.events)} events "
        f"and {len(selection.sources)} sources. Each file carries the data's as-of date ({selection.as_of}), the "
        "filters and a citation line in its metadata. GeoPackage and GeoParquet hold four layers; KML/KMZ place "
        "each deployment in time for Google Earth's slider."
    )


def _problems(lines: list[str]) -> None:
    st.error("Nothing was imported; the workspace is unchanged.")
    st.code("\n".join(lines), language=None)


def show_site_import(data: Dataset, workspace) -> None:
    """Upload an analyst's sites, see what would be added or merged, then import (in team mode: propose)."""
    person = _auth.identity(workspace)
    if person.team and not person.can_propose:
        st.caption("Your role does not let you propose changes to the shared store." if person.name
                   else "This store is shared by a team: sign in to propose sites.")
        return
    upload = st.file_uploader("Sites file (GeoJSON, KML, KMZ or GeoPackage)", key=IMPORT_FILE_KEY,
                              type=["geojson", "json", "kml", "kmz", "gpkg"])
    columns = st.columns(2)
    if person.mode == _auth.LOCAL:
        who = columns[0].text_input("Your name (for the change log)", key=IMPORT_WHO_KEY)
    else:  # signed in: the change log names the signed-in person
        who = person.name or ""
        columns[0].text_input("Signed in as", value=who, disabled=True, key="import_sites_signed_in")
    sources = columns[1].multiselect("Sources for features that cite none", list(data.sources["source_id"]),
                                     key=IMPORT_SOURCE_KEY)
    st.caption("Each point becomes a site after the same checks as any addition: the data model, the host "
               "country's outline, known sources. Fields use the data's site columns; missing ones default to "
               "host from the outline, type 'other', location 'approximate'.")
    if upload is None:
        return
    held = [row["site_id"] for row in workspace.rows("sites")]
    try:
        plan = plan_site_import(upload.getvalue(), upload.name, data, source_ids=sources, workspace_site_ids=held)
    except SiteImportError as error:
        _problems([str(p) for p in error.problems])
        return
    st.code(describe(plan), language=None)
    as_new: list[int] = []
    if plan.duplicates:
        labels: Mapping[int, str] = {d.feature: f"feature {d.feature}: {d.row['name']}" for d in plan.duplicates}
        as_new = st.multiselect("Add these as sites of their own instead of merging", list(labels),
                                format_func=labels.get, key=IMPORT_AS_NEW_KEY)
        st.caption("A merge adds the feature's names and sources to your own workspace site; a curated site is "
                   "never rewritten, so a duplicate of one is left out.")
    verb = "Propose" if person.team else "Import"
    if st.button(verb, key="import_sites_go", disabled=not who.strip()):
        try:
            result = apply_site_import(workspace, plan, who=who.strip(), add_as_new=as_new)
        except (DatasetError, ValueError, PermissionDenied) as error:  # the store's own checks refused it
            _problems(str(error).splitlines())
            return
        done = "Proposed" if person.team else "Added"
        st.success(f"{done} {len(result.added)} site(s), merged {len(result.merged)}, left out {len(result.kept)} "
                   "duplicate(s) of curated sites." + (" A reviewer approves proposals." if person.team else ""))


def show_acled_loader() -> None:
    """Choose an ACLED export (upload or ``FOOTPRINT_ACLED``) and report how it read."""
    upload = st.file_uploader("Your ACLED export (CSV)", type=["csv"], key="acled_upload")
    if upload is not None and st.button("Use this export", key="acled_use"):
        save_upload(upload.name, upload.getvalue())
    path = acled_path()
    if path is None:
        st.caption(f"ACLED's licence forbids shipping its data: export it from ACLED yourself, then load the CSV "
                   f"here or start the app with {ACLED_ENV}=path.")
        return
    events, problem = acled_events()
    if events is None:
        st.error(problem)
        return
    first, last = events.frame["event_date"].min(), events.frame["event_date"].max()
    st.caption(f"{events.file}: {len(events):,} events from {short_day(first)} to {short_day(last)}"
               + (" (from the cache)." if events.from_cache else "."))
    if events.rows_refused:
        st.warning(f"{events.rows_refused:,} of {events.rows_read:,} rows were left out:")
        st.dataframe(pd.DataFrame([p.__dict__ for p in events.problems]), hide_index=True, key="acled_problems")

