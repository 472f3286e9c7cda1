"""Who was where, when: pure queries over a Dataset.

Dates known only to a month or a year are read generously: a deployment that
starts in ``2024-04`` counts as present from 1 April, and one that ends in
``2024-08`` as present until 31 August. Rows are marked ``certain`` when the
date lies inside the span that every reading of the imprecise dates agrees on.
Open deployments (no end date) count as present from their start onwards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypedDict, Unpack

import numpy as np
import pandas as pd

from footprint.filters import Filters, QueryError
from footprint.memo import per_dataset
from footprint.model import CONFIDENCE_RANK, Dataset

PRESENCE_COLUMNS = [
    "site_id", "site_name", "host_iso3", "lat", "lon", "actor_iso3", "force", "force_kind",
    "personnel_min", "personnel_max", "start_date", "end_date", "confidence", "source_ids",
    "deployment_id", "site_type", "start_precision", "end_precision", "role", "status_note", "certain",
]


class FilterKeywords(TypedDict, total=False):
    """The keyword form of ``Filters``, for callers that filter in one line."""

    actors: Iterable[str] | None
    forces: Iterable[str] | None
    countries: Iterable[str] | None
    region: str | None
    site_types: Iterable[str] | None
    roles: Iterable[str] | None
    min_confidence: str | None


def _filters(filters: Filters | None, keywords: FilterKeywords) -> Filters:
    if filters is not None and keywords:
        raise QueryError("pass either a Filters or filter keywords, not both")
    return filters if filters is not None else Filters.of(**keywords)


@dataclass(frozen=True)
class SiteHistory:
    """Everything the dataset knows about one site."""

    site: pd.Series
    deployments: pd.DataFrame
    events: pd.DataFrame
    sources: pd.DataFrame


def _timestamp(value: dt.date | str) -> pd.Timestamp:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            raise QueryError(f"{value!r} is not a date in YYYY-MM-DD form") from None
    return pd.Timestamp(value)


def _who_and_where(frame: pd.DataFrame, filters: Filters) -> np.ndarray:
    """Rows of deployments or events whose sending state, force and host state the filters keep (a numpy mask)."""
    keep = np.ones(len(frame), dtype=bool)
    if filters.actors:
        keep &= frame["actor_iso3"].isin(set(filters.actors)).to_numpy(dtype=bool)
    if filters.forces:
        wanted = {force.casefold() for force in filters.forces}
        keep &= frame["force"].fillna("").str.casefold().isin(wanted).to_numpy(dtype=bool)
    if (hosts := filters.hosts()) is not None:
        keep &= frame["host_iso3"].isin(set(hosts)).to_numpy(dtype=bool)
    return keep


# Joining and sorting took half of every presence query: the same work for every date and filter.
@per_dataset
def _deployments_at_sites(dataset: Dataset) -> pd.DataFrame:
    """Deployments with their site's name, host, place and type, in presence order (read-only)."""
    joined = dataset.deployments.join(
        dataset.sites[["name", "host_iso3", "lat", "lon", "site_type"]].rename(columns={"name": "site_name"}),
        on="site_id",
    )
    # Sorted once: a stable sort keeps any subset of the rows in the order sorting the subset alone would give.
    return joined.sort_values(["host_iso3", "site_name", "actor_iso3", "start_earliest"], kind="stable")


@per_dataset
def _presence_parts(dataset: Dataset) -> tuple[pd.DataFrame, tuple[np.ndarray, ...]]:
    """``_deployments_at_sites``' presence columns (all but ``certain``) and its four date bounds as numpy arrays
    (read-only): a query then takes its rows once, from a narrower frame."""
    joined = _deployments_at_sites(dataset)
    bounds = tuple(joined[name].to_numpy() for name in ("start_earliest", "start_latest", "end_earliest", "end_latest"))
    return joined[[name for name in PRESENCE_COLUMNS if name != "certain"]], bounds


def _kept_deployments(dataset: Dataset, filters: Filters) -> np.ndarray:
    """Which rows of ``_deployments_at_sites`` the filters keep (a numpy mask)."""
    joined = _deployments_at_sites(dataset)
    keep = _who_and_where(joined, filters)
    if filters.site_types:
        keep &= joined["site_type"].isin(set(filters.site_types)).to_numpy(dtype=bool)
    if filters.roles:
        wanted_roles = set(filters.roles)
        keep &= np.array([bool(wanted_roles.intersection(held)) for held in joined["role"].tolist()], dtype=bool)
    if filters.min_confidence is not None:
        keep &= (joined["confidence"].map(CONFIDENCE_RANK) >= CONFIDENCE_RANK[filters.min_confidence]).to_numpy()
    return keep


def _presence(dataset: Dataset, filters: Filters, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """The kept deployments present at some time from ``start`` to ``end``, in presence order (host, site name,
    sending state, start; see _deployments_at_sites); ``certain``: throughout."""
    # In numpy: each pandas comparison cost more than the few hundred rows it compares (NaT compares False in both).
    frame, (start_earliest, start_latest, end_earliest, end_latest) = _presence_parts(dataset)
    first, last = start.to_datetime64(), end.to_datetime64()
    open_ended = np.isnat(end_latest)
    overlaps = _kept_deployments(dataset, filters) & (start_earliest <= last) & (open_ended | (end_latest >= first))
    rows = np.flatnonzero(overlaps)
    result = frame.take(rows).reset_index(drop=True)
    result["certain"] = (start_latest[rows] <= first) & (open_ended[rows] | (end_earliest[rows] >= last))
    return result


def presence_at(
    dataset: Dataset, date: dt.date | str, filters: Filters | None = None, **keywords: Unpack[FilterKeywords]
) -> pd.DataFrame:
    """One row per deployment (site, actor, force) active on ``date``, kept by ``filters`` or the keywords."""
    day = _timestamp(date)
    return _presence(dataset, _filters(filters, keywords), day, day)


def presence_between(
    dataset: Dataset,
    start: dt.date | str,
    end: dt.date | str,
    filters: Filters | None = None,
    **keywords: Unpack[FilterKeywords],
) -> pd.DataFrame:
    """Deployments active at any time in the window; ``certain`` means throughout it."""
    first, last = _window(start, end)
    return _presence(dataset, _filters(filters, keywords), first, last)


def dates_in_doubt(presence: pd.DataFrame) -> pd.Series:
    """Per presence row: its dates are known only to the month or year, and by some reading of them it was not
    there on the date (or throughout the period) asked about. A row with exact dates is never in doubt."""
    imprecise = (presence["start_precision"] != "day") | presence["end_precision"].isin(["month", "year"])
    return ~presence["certain"].astype(bool) & imprecise


def _window(start: dt.date | str, end: dt.date | str) -> tuple[pd.Timestamp, pd.Timestamp]:
    first, last = _timestamp(start), _timestamp(end)
    if first > last:
        raise QueryError(f"the window starts ({first.date()}) after it ends ({last.date()})")
    return first, last


CHANGE_KEY = ["site_id", "actor_iso3", "force"]
CHANGE_COLUMNS = [
    "change", "site_id", "site_name", "host_iso3", "lat", "lon", "actor_iso3", "force", "force_kind",
    "personnel_before", "personnel_after", "personnel_change", "source_ids",
]


def _personnel(frame: pd.DataFrame) -> pd.Series:
    """The best single headcount: the midpoint of the reported range."""
    low = frame["personnel_min"].astype("Float64")
    high = frame["personnel_max"].astype("Float64")
    return ((low.fillna(high) + high.fillna(low)) / 2).round().astype("Int64")


def _by_key(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.assign(force=frame["force"].fillna(""), personnel=_personnel(frame))
    grouped = frame.groupby(CHANGE_KEY, sort=False, dropna=False)
    summary = grouped.agg(
        site_name=("site_name", "first"),
        host_iso3=("host_iso3", "first"),
        lat=("lat", "first"),
        lon=("lon", "first"),
        force_kind=("force_kind", "first"),
        personnel=("personnel", lambda s: s.sum(min_count=1)),
        source_ids=("source_ids", lambda s: tuple(dict.fromkeys(i for ids in s for i in ids))),
    )
    return summary


def changes(
    dataset: Dataset,
    date_a: dt.date | str,
    date_b: dt.date | str,
    filters: Filters | None = None,
    **keywords: Unpack[FilterKeywords],
) -> pd.DataFrame:
    """What arrived, departed and remained between two dates, per (site, actor, force)."""
    first, last = _window(date_a, date_b)
    chosen = _filters(filters, keywords)
    before = _by_key(presence_at(dataset, first.date(), chosen))
    after = _by_key(presence_at(dataset, last.date(), chosen))
    merged = before.add_suffix("_a").join(after.add_suffix("_b"), how="outer")
    in_a, in_b = merged["site_name_a"].notna().to_numpy(), merged["site_name_b"].notna().to_numpy()

    def side(name: str) -> list:  # the later date's value where there is one
        return [b if here else a for a, b, here in zip(merged[name + "_a"], merged[name + "_b"], in_b, strict=True)]

    # Absent from a side means zero troops there; present with no figure means unknown.
    before_n = merged["personnel_a"].astype("Int64").where(in_a, 0)
    after_n = merged["personnel_b"].astype("Int64").where(in_b, 0)
    keys = merged.index
    columns = {
        "change": ["remained" if a and b else ("arrived" if b else "departed")
                   for a, b in zip(in_a, in_b, strict=True)],
        "site_id": list(keys.get_level_values(0)),
        "site_name": side("site_name"),
        "host_iso3": side("host_iso3"),
        "lat": side("lat"),
        "lon": side("lon"),
        "actor_iso3": list(keys.get_level_values(1)),
        "force": [force or None for force in keys.get_level_values(2)],
        "force_kind": side("force_kind"),
        "personnel_before": before_n.to_numpy(),
        "personnel_after": after_n.to_numpy(),
        "personnel_change": (after_n - before_n).to_numpy(),
        "source_ids": [
            tuple(dict.fromkeys((ids_a if a else ()) + (ids_b if b else ())))
            for ids_a, ids_b, a, b in zip(merged["source_ids_a"], merged["source_ids_b"], in_a, in_b, strict=True)
        ],
    }
    result = pd.DataFrame(columns, columns=CHANGE_COLUMNS)
    for column in ("personnel_before", "personnel_after", "personnel_change"):
        result[column] = result[column].astype("Int64")
    order = {"departed": 0, "arrived": 1, "remained": 2}
    result = result.sort_values(
        ["change", "host_iso3", "site_name", "actor_iso3"], key=lambda c: c.map(order) if c.name == "change" else c
    )
    return result.reset_index(drop=True)


EVENT_COLUMNS = [
    "event_id", "date", "date_precision", "actor_iso3", "force", "host_iso3", "site_id", "site_name",
    "event_type", "summary", "personnel", "source_ids",
]


def events_between(
    dataset: Dataset,
    start: dt.date | str,
    end: dt.date | str,
    filters: Filters | None = None,
    *,
    event_types: Iterable[str] | None = None,
    sites: Iterable[str] | None = None,
    **keywords: Unpack[FilterKeywords],
) -> pd.DataFrame:
    """Events whose date span overlaps the window, oldest first: the filters' actors, forces and hosts."""
    first, last = _window(start, end)
    chosen = _filters(filters, keywords)
    events = _events_by_date(dataset)
    frame, earliest, latest = _event_parts(dataset)
    keep = (earliest <= last.to_datetime64()) & (latest >= first.to_datetime64()) & _who_and_where(events, chosen)
    if event_types is not None:
        keep &= events["event_type"].isin(set(event_types)).to_numpy(dtype=bool)
    if sites is not None:
        keep &= events["site_id"].isin(set(sites)).to_numpy(dtype=bool)
    return frame.take(np.flatnonzero(keep)).reset_index(drop=True)


@per_dataset
def _events_by_date(dataset: Dataset) -> pd.DataFrame:
    """Events with their site's name, oldest first (read-only): sorted once, as for presence."""
    events = dataset.events.sort_values(["date_earliest", "event_id"], kind="stable")
    return events.assign(site_name=events["site_id"].map(dataset.sites["name"]))


@per_dataset
def _event_parts(dataset: Dataset) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """``_events_by_date``' result columns and its date bounds as numpy arrays (read-only)."""
    events = _events_by_date(dataset)
    return events[EVENT_COLUMNS], events["date_earliest"].to_numpy(), events["date_latest"].to_numpy()


def site_history(dataset: Dataset, site_id: str) -> SiteHistory:
    """A site's deployments and events, oldest first, and every source they cite."""
    if site_id not in dataset.sites.index:
        raise QueryError(f"unknown site {site_id!r}")
    site = dataset.sites.loc[site_id]
    deployments = dataset.deployments[dataset.deployments["site_id"] == site_id].sort_values(
        ["start_earliest", "actor_iso3"], kind="stable"
    )
    events = dataset.events[dataset.events["site_id"] == site_id].sort_values(
        ["date_earliest", "event_id"], kind="stable"
    )
    cited = list(
        dict.fromkeys(
            [*site["source_ids"]]
            + [i for ids in deployments["source_ids"] for i in ids]
            + [i for ids in events["source_ids"] for i in ids]
        )
    )
    return SiteHistory(
        site=site,
        deployments=deployments.reset_index(drop=True),
        events=events.reset_index(drop=True),
        sources=dataset.sources.loc[cited].reset_index(drop=True),
    )
