"""The filtered data as four layers (sites, deployments, events, sources), with what made it.

Each layer keeps the data's column names. List columns stay tuples here; each writer renders them
in its format's own way (``;``-joined text as in ``data/``, or real lists in Parquet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from footprint.model import Dataset, columns

LAYERS = ("sites", "deployments", "events", "sources")
# Added to the deployments layer: where the site is, and the interval as days a GIS can put on a time axis.
DEPLOYMENT_EXTRA = ["site_name", "host_iso3", "lat", "lon", "start_earliest", "start_latest", "end_earliest",
                    "end_latest", "certain"]
EVENT_EXTRA = ["site_name", "lat", "lon", "date_earliest", "date_latest"]
DATE_COLUMNS = {"start_earliest", "start_latest", "end_earliest", "end_latest", "date_earliest", "date_latest"}


@dataclass(frozen=True)
class Selection:
    """The rows behind a view: the deployments and events it shows, their sites, and every source they cite.

    ``filters`` maps each filter to its value as text (the view's URL parameters, plus the date or period).
    """

    sites: pd.DataFrame
    deployments: pd.DataFrame
    events: pd.DataFrame
    sources: pd.DataFrame
    as_of: dt.date
    filters: dict[str, str]
    citation: str
    title: str = "Footprint"
    extra: dict[str, str] = field(default_factory=dict)

    def layer(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    @property
    def metadata(self) -> dict[str, str]:
        """What every export carries: the data's as-of date, the filters and how to cite it."""
        return {
            "as_of": self.as_of.isoformat(),
            "filters": describe_filters(self.filters),
            "citation": self.citation,
        }

    @property
    def stem(self) -> str:
        """A file name stem naming the date or period, e.g. ``footprint-2024-05-15-sahel``."""
        when = self.filters.get("date") or f"{self.filters.get('from')}_{self.filters.get('to')}"
        region = self.filters.get("region")
        return f"footprint-{when}" + (f"-{region}" if region else "")


# URL parameters that set the map's view rather than choose rows.
_NOT_FILTERS = ("as_of", "from", "to", "lat", "lon", "zoom", "site")


def view_filters(view, dataset: Dataset) -> dict[str, str]:
    """A view's filters as text: ``date`` (or ``from`` and ``to``), then its other URL parameters."""
    when = ({"from": view.period[0].isoformat(), "to": view.period[1].isoformat()} if view.period
            else {"date": view.as_of.isoformat()})
    return {**when, **{k: v for k, v in view.to_params(dataset).items() if k not in _NOT_FILTERS}}


def describe_filters(filters: Mapping[str, str]) -> str:
    """``name=value`` pairs joined by ``; `` (every value as given)."""
    return "; ".join(f"{name}={value}" for name, value in filters.items() if value)


def citation(dataset: Dataset) -> str:
    """A citation line from the data package's own title, version, authors, licence and as-of date."""
    meta = dataset.metadata
    authors = ", ".join(c.get("title", "") for c in meta.get("contributors", []) if c.get("title")) or "Footprint"
    title = meta.get("title") or "Footprint"
    version = f", version {meta['version']}" if meta.get("version") else ""
    licence = ", ".join(lic.get("name", "") for lic in meta.get("licenses", []) if lic.get("name"))
    line = f"{authors}. {title} (dataset{version}, as of {dataset.as_of.isoformat()})."
    return line + (f" Licence: {licence}." if licence else "")


def select_view(dataset: Dataset, view) -> Selection:
    """The layers behind a view (its presence rows and events) with its filters."""
    return select(dataset, view.presence(dataset), view.events(dataset), view_filters(view, dataset))


def select(
    dataset: Dataset, presence: pd.DataFrame, events: pd.DataFrame, filters: Mapping[str, str]
) -> Selection:
    """Gather the layers behind ``presence`` and ``events`` (rows of the query functions).

    Deployments and events keep the order the queries gave; sites and sources follow the data's order.
    """
    by_id = dataset.deployments.set_index("deployment_id", drop=False)
    deployments = by_id.loc[list(presence["deployment_id"])].reset_index(drop=True)
    deployments = deployments.join(
        dataset.sites[["name", "host_iso3", "lat", "lon"]].rename(columns={"name": "site_name"}), on="site_id"
    )
    deployments["certain"] = presence["certain"].astype(bool).to_numpy()
    deployments = deployments[[*columns("deployments"), *DEPLOYMENT_EXTRA]]

    event_rows = dataset.events.set_index("event_id", drop=False).loc[list(events["event_id"])].reset_index(drop=True)
    event_rows = event_rows.join(
        dataset.sites[["name", "lat", "lon"]].rename(columns={"name": "site_name"}), on="site_id"
    )[[*columns("events"), *EVENT_EXTRA]]

    site_ids = set(deployments["site_id"]) | set(event_rows["site_id"].dropna())
    sites = dataset.sites[dataset.sites["site_id"].isin(site_ids)][columns("sites")].reset_index(drop=True)

    cited = {i for frame in (sites, deployments, event_rows) for ids in frame["source_ids"] for i in ids}
    sources = dataset.sources[dataset.sources["source_id"].isin(cited)][columns("sources")].reset_index(drop=True)
    return Selection(
        sites=sites,
        deployments=deployments,
        events=event_rows,
        sources=sources,
        as_of=dataset.as_of,
        filters=dict(filters),
        citation=citation(dataset),
        title=str(dataset.metadata.get("title") or "Footprint"),
    )
