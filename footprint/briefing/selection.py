"""The selection: the deployments each map shows, and the changes and events in the map's frame."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from footprint.briefing.elements import ARRIVED, DEPARTED, KEY_EVENT_TYPES, Para, Run
from footprint.briefing.request import _Choice
from footprint.briefing.text import _force_name, _personnel_sum, _site_name
from footprint.geography import REGIONS, country_name
from footprint.model import Dataset
from footprint.query import changes, events_between
from footprint.render import snapshot_extent
from footprint.style import MUTED, actor_colours
from footprint.view import View
from footprint.words import (
    partial_day,
    plural,
    short_day,
    tidy,
)


@dataclass
class _Selection:
    dataset: Dataset
    choice: _Choice
    view: View
    extent: tuple[float, float, float, float]
    colours: dict[str, str]
    presence: dict[dt.date, pd.DataFrame]

    def _inside(self, lon: pd.Series, lat: pd.Series) -> pd.Series:
        # A frame across the antimeridian runs past 180: a site at 175 W lies in it at 185.
        west, south, east, north = self.extent
        in_lon = lon.between(west, east) | (lon + 360).between(west, east) | (lon - 360).between(west, east)
        return in_lon & lat.between(south, north)

    def in_view(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rows whose site lies inside the map's frame."""
        return frame[self._inside(frame["lon"], frame["lat"])].reset_index(drop=True)

    def site_ids(self) -> set[str]:
        sites = self.dataset.sites
        return set(sites.index[self._inside(sites["lon"], sites["lat"])])

    def where(self) -> str:
        if self.choice.filters.region and self.choice.filters.region != "africa":
            name = REGIONS[self.choice.filters.region].title
            if self.choice.filters.countries:
                return f"{name} ({', '.join(country_name(c) for c in self.view.hosts() or [])})"
            return name
        if self.choice.filters.countries:
            names = [country_name(c) for c in self.choice.filters.countries]
            return ", ".join(names) if len(names) <= 3 else f"{len(names)} host countries"
        if self.choice.bbox:
            return "the selected area"
        return "Africa"


def _select(dataset: Dataset, choice: _Choice) -> _Selection:
    view = View.of(choice.filters, as_of=choice.dates[0])
    extent = snapshot_extent(view, bbox=choice.bbox, title="", preset="slide")
    selection = _Selection(dataset=dataset, choice=choice, view=view, extent=extent,
                           colours=actor_colours(dataset.deployments["actor_iso3"]), presence={})
    for day in choice.dates:
        selection.presence[day] = selection.in_view(replace(view, as_of=day).presence(dataset))
    if not any(len(rows) for rows in selection.presence.values()):
        shown = ", ".join(d.isoformat() for d in choice.dates)
        raise ValueError(f"empty selection: no force in this selection is present on any chosen date ({shown})")
    return selection


def _summary_by_actor(rows: pd.DataFrame) -> list[tuple[str, int, str]]:
    """(actor, sites, personnel) per sending state, most sites first."""
    out = []
    for actor, group in rows.groupby("actor_iso3", sort=True):
        out.append((str(actor), int(group["site_id"].nunique()), _personnel_sum(group)))
    return sorted(out, key=lambda item: (-item[1], country_name(item[0])))


def _change_items(frame: pd.DataFrame, dataset: Dataset, first: dt.date, last: dt.date) -> list[dict]:
    """Arrivals and departures per (site, actor), forces merged, biggest first, with when they happened."""
    moved = frame[frame["change"].isin(["arrived", "departed"])]
    deployments = dataset.deployments[dataset.deployments["site_id"].isin(set(moved["site_id"]))]
    deployments = deployments.assign(force_key=deployments["force"].fillna(""))
    lo, hi = pd.Timestamp(first), pd.Timestamp(last)
    items = []
    for (change, site_id, actor), group in moved.groupby(["change", "site_id", "actor_iso3"], sort=False):
        column = "personnel_after" if change == "arrived" else "personnel_before"
        known = [int(v) for v in group[column] if not pd.isna(v)]
        forces = [f for f in dict.fromkeys(_force_name(f, 60) for f in group["force"]) if f]
        match = deployments[(deployments["site_id"] == site_id) & (deployments["actor_iso3"] == actor)
                            & deployments["force_key"].isin(set(group["force"].fillna("")))]
        if change == "arrived":
            inside = match[match["start_earliest"].between(lo, hi)]
            row = inside.loc[inside["start_earliest"].idxmin()] if len(inside) else None
            when, day = (row["start_date"], row["start_latest"]) if row is not None else (None, None)
        else:
            inside = match[match["end_latest"].between(lo, hi)]
            row = inside.loc[inside["end_latest"].idxmax()] if len(inside) else None
            when, day = (row["end_date"], row["end_earliest"]) if row is not None else (None, None)
        items.append({
            "change": change, "site_id": site_id, "site_name": str(group["site_name"].iloc[0]),
            "host_iso3": str(group["host_iso3"].iloc[0]), "actor": actor, "forces": forces,
            "personnel": sum(known) if known else None,
            "source_ids": tuple(dict.fromkeys(i for ids in group["source_ids"] for i in ids)),
            "when": partial_day(when) if when else None,
            "day": day.date() if day is not None and not pd.isna(day) else None,
        })
    # The same sending state leaving under one force name and arriving under another is a relabelling
    # (Barkhane ended, "Eléments français au Tchad" went on), not a departure and an arrival.
    by_pair: dict[tuple[str, str], dict[str, dict]] = {}
    for item in items:
        by_pair.setdefault((item["site_id"], item["actor"]), {})[item["change"]] = item
    merged = []
    for pair in by_pair.values():
        if "arrived" in pair and "departed" in pair:
            after, before = pair["arrived"], pair["departed"]
            merged.append({**after, "change": "renamed", "forces_before": before["forces"],
                           "source_ids": tuple(dict.fromkeys(before["source_ids"] + after["source_ids"]))})
        else:
            merged += pair.values()
    order = {"departed": 0, "arrived": 1, "renamed": 2}
    return sorted(merged, key=lambda i: (i["change"] == "renamed", -(i["personnel"] or 0), order[i["change"]],
                                         i["site_name"], i["actor"]))


def _change_counts(items: Sequence[dict]) -> str:
    arrived = sum(1 for i in items if i["change"] == "arrived")
    departed = sum(1 for i in items if i["change"] == "departed")
    renamed = sum(1 for i in items if i["change"] == "renamed")
    text = f"{plural(arrived, 'arrival')} · {plural(departed, 'departure')}"
    return text + (f" · {renamed} force{'s' if renamed != 1 else ''} renamed" if renamed else "")


def _change_sentence(item: dict, first: dt.date | None = None, last: dt.date | None = None) -> str:
    """One change in words, for the speaker notes."""
    site = f"{tidy(item['site_name'])}, {country_name(item['host_iso3'])}"
    when = f" ({item['when']})" if item["when"] else (
        f" (between {short_day(first)} and {short_day(last)})" if first and last else "")
    if item["change"] == "renamed":
        return (f"{country_name(item['actor'])} stayed at {site}: {', '.join(item['forces_before']) or 'its force'} "
                f"gave way to {', '.join(item['forces']) or 'another force'}{when}.")
    forces = f" ({', '.join(item['forces'])})" if item["forces"] else ""
    figure = f", about {item['personnel']:,} personnel" if item["personnel"] else ""
    verb = "arrived at" if item["change"] == "arrived" else "left"
    return f"{country_name(item['actor'])}{forces} {verb} {site}{when}{figure}."


def _change_para(item: dict, size: float) -> Para:
    if item["change"] == "renamed":
        before = item["forces_before"][0] if item["forces_before"] else "?"
        after = item["forces"][0] if item["forces"] else "?"
        return Para((Run("↔ ", bold=True, colour=MUTED), Run(country_name(item["actor"]), bold=True),
                     Run(f" at {_site_name(item['site_name'], 44)}: {before} → {after}")), size=size, space_before=3)
    arrived = item["change"] == "arrived"
    force = f" ({item['forces'][0]})" if item["forces"] and len(item["forces"][0]) <= 22 else ""
    verb = " arrived at " if arrived else " left "
    figure = f" · ~{item['personnel']:,}" if item["personnel"] else ""
    return Para(
        (Run("▲ " if arrived else "▼ ", bold=True, colour=ARRIVED if arrived else DEPARTED),
         Run(country_name(item["actor"]), bold=True), Run(f"{force}{verb}{_site_name(item['site_name'], 44)}{figure}")),
        size=size, space_before=3,
    )


def _changes_in_view(sel: _Selection, first: dt.date, last: dt.date) -> pd.DataFrame:
    frame = changes(sel.dataset, first, last, sel.choice.filters)
    return frame[frame["site_id"].isin(sel.site_ids())].reset_index(drop=True)


def _events_in_view(sel: _Selection, first: dt.date, last: dt.date) -> pd.DataFrame:
    events = events_between(sel.dataset, first, last, sel.choice.filters)
    in_view = sel.site_ids()
    hosts = set(sel.dataset.sites.loc[sorted(in_view), "host_iso3"]) if in_view else set()
    keep = events["site_id"].isin(in_view) | (events["site_id"].isna() & events["host_iso3"].isin(hosts))
    return events[keep & events["event_type"].isin(KEY_EVENT_TYPES)].reset_index(drop=True)
