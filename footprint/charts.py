"""Charts (Vega-Lite through altair): Gantt bars of deployments with events as ticks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import altair as alt
import pandas as pd

from footprint.geography import country_name
from footprint.style import CHART_INK
from footprint.words import personnel_label, short_day


def _bars(deployments: pd.DataFrame, as_of: dt.date, row: str) -> pd.DataFrame:
    bars = deployments.copy()
    bars["start"] = bars["start_earliest"]
    bars["end"] = bars["end_latest"].fillna(pd.Timestamp(as_of))
    bars["actor"] = bars["actor_iso3"].map(country_name)
    bars["force_label"] = bars["force"].fillna("")
    bars["personnel"] = [personnel_label(lo, hi) for lo, hi in zip(bars["personnel_min"], bars["personnel_max"],
                                                                     strict=True)]
    bars["until"] = bars["end_date"].fillna("still present")
    bars["row"] = bars[row]
    bars["site"] = bars["site_name"].fillna("") if "site_name" in bars else ""
    return bars[["row", "start", "end", "actor", "actor_iso3", "force_label", "site", "personnel", "start_date",
                 "until", "confidence"]]


def gantt(
    deployments: pd.DataFrame,
    *,
    colours: Mapping[str, str],
    as_of: dt.date,
    row: str = "row_label",
    events: pd.DataFrame | None = None,
    marker: dt.date | None = None,
    title: str | None = None,
    sort_rows: bool = True,
    span: tuple[dt.date, dt.date] | None = None,
) -> alt.LayerChart:
    """One bar per deployment on rows named by column ``row``; events as ticks; an optional date line.

    ``span`` (first, last day) fixes the time axis: bars that began earlier start at its left edge.
    """
    bars = _bars(deployments, as_of, row)
    if span is not None:
        first, last = pd.Timestamp(span[0]), pd.Timestamp(span[1])
        bars = bars.assign(start=bars["start"].clip(lower=first), end=bars["end"].clip(upper=last))
        time_scale = alt.Scale(domain=[first.isoformat(), last.isoformat()])
    else:
        time_scale = alt.Undefined
    actors = sorted(set(bars["actor_iso3"]), key=country_name)
    scale = alt.Scale(domain=[country_name(a) for a in actors], range=[colours[a] for a in actors])
    # Rows in order of first arrival, unless the caller has already ordered them (e.g. by host country).
    order = list(dict.fromkeys((bars.sort_values("start", kind="stable") if sort_rows else bars)["row"]))
    y = alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=340))
    layers = [
        alt.Chart(bars).mark_bar(cornerRadius=2, height={"band": 0.6}).encode(
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y"), scale=time_scale),
            x2="end:T",
            y=y,
            color=alt.Color("actor:N", scale=scale, legend=alt.Legend(title="Sending state", orient="bottom")),
            tooltip=[
                alt.Tooltip("actor:N", title="Sending state"),
                alt.Tooltip("force_label:N", title="Force"),
                alt.Tooltip("site:N", title="Site"),
                alt.Tooltip("start_date:N", title="Since"),
                alt.Tooltip("until:N", title="Until"),
                alt.Tooltip("personnel:N", title="Personnel"),
                alt.Tooltip("confidence:N", title="Confidence"),
            ],
        )
    ]
    if events is not None and len(events) and row in events:
        chosen = events[events[row].isin(order)]
        if span is not None:
            chosen = chosen[chosen["date_earliest"].between(pd.Timestamp(span[0]), pd.Timestamp(span[1]))]
        ticks = chosen.assign(
            row=chosen[row], when=chosen["date_earliest"], kind=chosen["event_type"].str.replace("_", " ")
        )[["row", "when", "kind", "summary", "date"]]
        layers.append(
            alt.Chart(ticks).mark_tick(color=CHART_INK, thickness=2, size=20).encode(
                x="when:T", y=alt.Y("row:N", sort=order),
                tooltip=[alt.Tooltip("date:N", title="Date"), alt.Tooltip("kind:N", title="Event"),
                         alt.Tooltip("summary:N", title="What happened")],
            )
        )
    if marker is not None:
        rule = pd.DataFrame({"when": [pd.Timestamp(marker)], "label": [short_day(marker)]})
        layers.append(alt.Chart(rule).mark_rule(color="#b13a2a", strokeDash=[4, 3], strokeWidth=2).encode(x="when:T"))
    chart = alt.layer(*layers).properties(height=alt.Step(26))
    if title:
        chart = chart.properties(title=title)
    return chart


def event_counts(counts: pd.DataFrame, *, colours: Mapping[str, str], title: str | None = None) -> alt.Chart:
    """Stacked bars of ACLED events per period and event type (rows of ``acled.counts_by_type``)."""
    types = list(dict.fromkeys([*[t for t in colours if t in set(counts["event_type"])],
                                *sorted(set(counts["event_type"]))]))
    scale = alt.Scale(domain=types, range=[colours.get(t, "#AAAA00") for t in types])
    chart = alt.Chart(counts).mark_bar().encode(
        x=alt.X("period:T", title=None, axis=alt.Axis(format="%b %Y")),
        y=alt.Y("events:Q", title="Events", stack="zero"),
        color=alt.Color("event_type:N", scale=scale, legend=alt.Legend(title="ACLED event type", orient="bottom")),
        tooltip=[alt.Tooltip("period:T", title="Month", format="%B %Y"), alt.Tooltip("event_type:N", title="Type"),
                 alt.Tooltip("events:Q", title="Events"), alt.Tooltip("fatalities:Q", title="Fatalities")],
    ).properties(height=220)
    return chart.properties(title=title) if title else chart
