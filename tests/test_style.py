"""The colour table: a known palette, and states that appear together on a map told apart by colour difference
(CIEDE2000), on the pale basemap and on Streamlit's dark page."""

from __future__ import annotations

import datetime as dt
import itertools

import colorcet
import pytest
from coloraide import Color

from footprint.dataset import load_dataset
from footprint.geography import REGIONS
from footprint.query import presence_at
from footprint.style import (
    CHART_INK,
    DARK_PAGE,
    FIXED_COLOURS,
    HOST_SHADES,
    LAST_RESORT_COLOUR,
    PALETTE,
    SPARE_COLOURS,
    actor_colours,
)
from tests.conftest import DATA

# CIEDE2000 of about 10 and more reads as a different colour at a glance, even on small markers.
DISTINCT = 11.0


def _difference(a: str, b: str) -> float:
    return Color(a).delta_e(Color(b), method="2000")


def _contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two sRGB colours."""
    lighter, darker = sorted((Color(a).luminance(), Color(b).luminance()), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def together(dataset) -> set[tuple[str, str]]:
    """Pairs of sending states present on the same 1 January (each year of the data) in the same host state
    or region preset: what one map view shows side by side."""
    first = int(dataset.deployments["start_date"].str[:4].astype(int).min())
    pairs: set[tuple[str, str]] = set()
    for year in range(first, dataset.as_of.year + 1):
        presence = presence_at(dataset, dt.date(year, 1, 1))
        groups = [set(actors) for _, actors in presence.groupby("host_iso3")["actor_iso3"]]
        for region in REGIONS.values():
            west, south, east, north = region.bounds
            inside = (presence["lat"].between(south, north)
                      & (presence["lon"].between(west, east) | (presence["lon"] + 360).between(west, east)))
            groups.append(set(presence.loc[inside, "actor_iso3"]))
        for group in groups:
            pairs.update(itertools.combinations(sorted(group), 2))
    assert pairs, "the data should have states side by side"
    return pairs


def test_palette_is_colorcets_glasbey_in_a_readable_lightness_band():
    rebuilt = [colour.upper() for colour in colorcet.palette["glasbey_bw_minc_20"]
               if 42 <= Color(colour).convert("lab")["lightness"] <= 76
               and _difference(colour, LAST_RESORT_COLOUR) >= 12][:len(PALETTE)]
    assert list(PALETTE) == rebuilt
    assert sorted([*FIXED_COLOURS.values(), *SPARE_COLOURS]) == sorted(PALETTE)


def test_states_that_appear_together_are_told_apart(dataset, together):
    colours = actor_colours(dataset.deployments["actor_iso3"])
    close = []
    for a, b in together:
        ca, cb = colours[a], colours[b]
        if ca == cb == LAST_RESORT_COLOUR:
            continue  # both under the legend's one "Other states" key
        if _difference(ca, cb) < DISTINCT:
            close.append((a, ca, b, cb, round(_difference(ca, cb), 1)))
    assert close == []
    # Every state with a colour of its own has it alone.
    own = [colour for colour in colours.values() if colour != LAST_RESORT_COLOUR]
    assert len(own) == len(set(own))


def test_the_most_present_states_have_colours_of_their_own(dataset):
    counts = dataset.deployments["actor_iso3"].value_counts()
    colours = actor_colours(dataset.deployments["actor_iso3"])
    coloured = [actor for actor in counts.index if colours[actor] != LAST_RESORT_COLOUR]
    assert len(coloured) == min(len(counts), len(PALETTE))
    assert set(counts.index[: len(PALETTE) - len(FIXED_COLOURS)]) <= set(coloured)


def test_colours_read_on_the_dark_page_and_the_light_one(dataset):
    """Bars on the Timeline in Streamlit's dark theme: no state's colour may vanish (Germany's black did)."""
    colours = actor_colours(dataset.deployments["actor_iso3"])
    faint = {actor: round(_contrast(colour, DARK_PAGE), 2) for actor, colour in colours.items()
             if _contrast(colour, DARK_PAGE) < 3}
    assert faint == {}
    assert _contrast(CHART_INK, DARK_PAGE) >= 3 and _contrast(CHART_INK, "#FFFFFF") >= 3


def test_host_shading_is_never_mistaken_for_a_state(dataset):
    """The shading under the markers has no hue a state's colour is near (Russia's red sat on orange)."""
    colours = set(actor_colours(dataset.deployments["actor_iso3"]).values())
    nearest = min(_difference(shade, colour) for shade in HOST_SHADES for colour in colours)
    assert nearest >= 14
    lightness = [Color(shade).convert("lab")["lightness"] for shade in HOST_SHADES]
    assert lightness == sorted(lightness, reverse=True)  # more sending states, darker


def test_timeline_draws_in_colours_that_read_on_the_dark_page(dataset):
    import json

    from footprint.charts import gantt
    from footprint.query import events_between

    colours = actor_colours(dataset.deployments["actor_iso3"])
    deployments = dataset.deployments.assign(row_label=dataset.deployments["site_id"])
    events = events_between(dataset, "2020-01-01", "2024-12-31").assign(row_label=lambda e: e["site_id"])
    events = events.join(dataset.events.set_index("event_id")[["date_earliest"]], on="event_id")
    spec = json.dumps(gantt(deployments, colours=colours, as_of=dataset.as_of, events=events).to_dict())
    assert f'"color": "{CHART_INK}"' in spec  # event ticks
    assert colours["DEU"] in spec and "#000000" not in spec.upper()
    assert all(_contrast(colour, DARK_PAGE) >= 3 for colour in set(colours.values()))
