"""What the map's symbols carry and how they are explained: confidence and date precision per force, sources
per force row, the legend's key, and the HTML export's title and date. Asserted on the payload and the rendered
HTML; tests/test_browser_map_key.py looks at the same in a browser."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from footprint.dataset import load_dataset
from footprint.mapping import base_map, layers_script, map_payload
from footprint.model import CONFIDENCE_RANK
from footprint.query import dates_in_doubt, presence_at, presence_between
from footprint.style import HOST_SHADES, PERSONNEL_KEY, actor_colours, marker_radius
from footprint.view import View
from tests.conftest import DATA
from tests.hostile import PAYLOADS, script_arguments
from tests.test_hostile_input import _assert_inert_html, _parse

DAY = "2024-05-15"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def drawn(dataset):
    """The payload of the whole world on DAY, its tables as plain lists, and the presence rows in payload order."""
    presence = presence_at(dataset, DAY)
    payload = map_payload(dataset, presence, None, actor_colours(dataset.deployments["actor_iso3"]))

    def plain(column):
        return [column["values"][c] for c in column["codes"]] if isinstance(column, dict) else column

    sites = {name: plain(column) for name, column in payload["sites"].items()}
    forces = {name: plain(column) for name, column in payload["forces"].items()}
    order = {site: i for i, site in enumerate(sites["id"])}
    rows = presence.sort_values("site_id", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    return payload, sites, forces, rows


def test_each_force_carries_its_confidence_and_date_precision(drawn):
    _, _, forces, rows = drawn
    assert forces["confidence"] == list(rows["confidence"])
    assert forces["since_precision"] == list(rows["start_precision"])
    assert forces["until_precision"] == [p if isinstance(p, str) else "" for p in rows["end_precision"]]
    assert forces["certain"] == [int(c) for c in rows["certain"]]
    assert forces["doubt"] == [int(d) for d in dates_in_doubt(rows)]
    assert {"day", "month", "year"} & set(forces["since_precision"])


def test_each_marker_wedge_is_as_sure_as_its_best_force_and_flags_uncertain_dates(drawn):
    _, sites, _, rows = drawn
    for i, site_id in enumerate(sites["id"]):
        at = rows[rows["site_id"] == site_id]
        best = at.groupby("actor_iso3", sort=False)["confidence"].agg(lambda c: max(CONFIDENCE_RANK[v] for v in c))
        assert dict(zip(sites["actors"][i], sites["confidence"][i], strict=True)) == best.to_dict(), site_id
        assert sites["dates_uncertain"][i] == int(dates_in_doubt(at).any()), site_id
    # The world on one day has sites of every kind of doubt, or the symbols would go untested.
    assert {0, 1, 2} <= {rank for ranks in sites["confidence"] for rank in ranks}
    assert set(sites["dates_uncertain"]) == {0, 1}


def test_only_imprecise_dates_put_presence_in_doubt(dataset):
    """On a date, a row is in doubt exactly when it is not certain; over a period, a row with exact dates that
    starts or ends inside it is not certain but not in doubt either: its dates are known."""
    on_day = presence_at(dataset, DAY)
    assert list(dates_in_doubt(on_day)) == list(~on_day["certain"].astype(bool))
    year = presence_between(dataset, "2023-01-01", "2023-12-31")
    doubt, certain = dates_in_doubt(year), year["certain"].astype(bool)
    exact = (year["start_precision"] == "day") & (year["end_precision"].isna() | (year["end_precision"] == "day"))
    assert (~certain & exact).any() and not (doubt & exact).any()
    assert (doubt == (~certain & ~exact)).all()


def test_each_force_row_lists_the_sources_that_support_it(dataset, drawn):
    payload, sites, forces, rows = drawn
    for k, source_ids in enumerate(rows["source_ids"]):
        cited = [payload["sources"][position] for position in forces["sources"][k]]
        expected = dataset.sources.loc[list(source_ids)]
        assert [html.unescape(s["title"]) for s in cited] == [t if isinstance(t, str) else "" for t in expected["title"]]
    # A site's rows together cite what the site cites, and no row cites all of a well-sourced site's sources.
    busiest = max(range(len(sites["id"])), key=lambda i: len(sites["sources"][i]))
    span = range(sites["first"][busiest], sites["first"][busiest] + sites["count"][busiest])
    assert {p for k in span for p in forces["sources"][k]} == set(sites["sources"][busiest])
    assert all(len(forces["sources"][k]) < len(sites["sources"][busiest]) for k in span)


def test_the_legend_key_covers_sizes_and_host_shading(dataset):
    presence = presence_at(dataset, DAY, countries=["NER", "MLI"])
    shaded, = script_arguments(f"footprint.show(map, {layers_script(dataset, presence, shade_hosts=True)})", "layers")
    assert shaded["key"]["sizes"] == [[label, marker_radius(count)] for count, label in PERSONNEL_KEY]
    assert shaded["key"]["shades"] == shaded["shading"]["shades"] == list(HOST_SHADES)
    assert shaded["payload"]["marks"]["pale"] < 1 and len(shaded["payload"]["marks"]["dash"]) == 2
    plain, = script_arguments(f"footprint.show(map, {layers_script(dataset, presence)})", "layers")
    assert plain["key"]["shades"] is None and plain["shading"] is None


def test_online_tile_layers_say_they_need_a_network():
    page = base_map(custom_tiles="http://localhost:8080/{z}/{x}/{y}.png").get_root().render()
    names = re.findall(r'"(.+?)"\s*:\s*tile_layer_', page)
    assert len(names) == 5, names
    assert all("needs" in name for name in names), names
    assert re.search(r'"Local basemap \(Natural Earth\)"\s*:\s*feature_group_', page)


def _export(dataset, view, title):
    from footprint.exporters import SNAPSHOTS

    return SNAPSHOTS["html"].write(dataset, view, bbox=None, title=title, banner=None).decode("utf-8")


def test_html_export_shows_its_title_and_date(dataset):
    view = View(as_of=dt.date(2024, 5, 15), region="sahel")
    page = _export(dataset, view, None)
    heading = re.search(r'<header class="fp-heading">(.*?)</header>', page, re.S).group(1)
    words = html.unescape(re.sub(r"<[^>]+>", " ", heading))
    assert "Foreign military presence · 15 May 2024" in words  # the default title, as on the images
    assert "Forces present on 15 May 2024 · Sahel" in words  # and the date with the filters
    given = _export(dataset, view, "Sahel brief")
    assert "Sahel brief" in given and "Forces present on 15 May 2024" in given
    assert _parse(given).title == "Sahel brief"


@pytest.mark.parametrize("kind", ["closing title", "script element", "image onerror", "jinja expression"])
def test_html_export_title_stays_text(dataset, kind):
    view = View(as_of=dt.date(2024, 5, 15), countries=("NER",))
    baseline = _export(dataset, view, "Plain title")
    page = _export(dataset, view, PAYLOADS[kind])
    _assert_inert_html(page, baseline)
    heading = re.search(r'<header class="fp-heading">(.*?)</header>', page, re.S).group(1)
    assert PAYLOADS[kind] in html.unescape(re.sub(r"<[^>]+>", "", heading))


# --- the same marks on the static snapshots ---------------------------------------------------------------------

SAHEL_DAY = dt.date(2024, 5, 15)


def _rgb(colour: str) -> tuple[int, ...]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def _near(pixel, colour, tolerance=26) -> bool:
    return max(abs(a - b) for a, b in zip(pixel[:3], colour, strict=True)) <= tolerance


def test_snapshots_draw_confidence_on_the_markers_and_explain_it(dataset):
    import io
    import xml.etree.ElementTree as ET

    from PIL import Image

    from footprint.render import render_snapshot, snapshot_layout
    from footprint.style import PALE_ALPHA

    view = View(as_of=SAHEL_DAY, region="sahel")
    layout = snapshot_layout(dataset, view, dpi=100)
    image = Image.open(io.BytesIO(render_snapshot(dataset, view, dpi=100))).convert("RGB")
    presence = view.presence(dataset)
    ranks: dict[int, list] = {0: [], 1: [], 2: []}
    for site_id, mark in layout.sites.items():
        rows = presence[presence["site_id"] == site_id]
        apart = all((mark.x - other.x) ** 2 + (mark.y - other.y) ** 2 > (mark.radius + other.radius) ** 2
                    for other in layout.sites.values() if other is not mark)  # no other marker drawn over it
        if rows["actor_iso3"].nunique() == 1 and mark.radius >= 6 and apart:
            ranks[max(CONFIDENCE_RANK[c] for c in rows["confidence"])].append(mark)
    assert all(ranks.values()), {rank: len(marks) for rank, marks in ranks.items()}  # the view has all three
    for rank, marks in ranks.items():
        for mark in marks:
            colour = _rgb(layout.colours[mark.actors[0]])
            pale = tuple(round(255 * (1 - PALE_ALPHA) + PALE_ALPHA * c) for c in colour)
            disc = [image.getpixel((round(mark.x + dx), round(mark.y + dy)))
                    for dx in range(-3, 4) for dy in range(-3, 4)]
            solid, faint = sum(_near(p, colour) for p in disc), sum(_near(p, pale) for p in disc)
            if rank == 2:
                assert solid == len(disc), mark.site_id
            elif rank == 1:  # hatched: stripes of the colour on the pale fill
                assert solid and faint, mark.site_id
            else:  # spotted: a few spots of the colour on the pale fill
                assert faint > len(disc) / 2 and solid, mark.site_id
    svg = ET.fromstring(render_snapshot(dataset, view, fmt="svg", dpi=72))
    words = " ".join(text for text in svg.itertext())
    assert "Medium confidence (hatched)" in words and "Low confidence (pale, spotted)" in words
    assert ("Dates known only to the month or year" in words) == bool(dates_in_doubt(presence).any())


def test_timelapse_legend_has_one_key_per_colour(dataset):
    """States without a colour of their own share the "Other states" key in every frame, as on the app's map."""
    from footprint.timelapse import timelapse_html

    days = [dt.date(2023, 9, 1), dt.date(2024, 5, 15)]
    frames, = script_arguments(timelapse_html(dataset, View(as_of=days[-1], region="sahel"), days), "timelapse")
    for frame in frames:
        colours = [entry["colour"] for entry in frame["legend"]]
        assert len(colours) == len(set(colours)), colours
        assert frame["key"]["sizes"] and frame["payload"]["marks"]
    assert any(entry["name"].startswith("Other states") for frame in frames for entry in frame["legend"])
