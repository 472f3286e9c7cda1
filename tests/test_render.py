"""Map snapshots: each format opens in its reader, colours land on the known sites, output is repeatable."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from footprint.dataset import load_dataset
from footprint.geography import REGIONS
from footprint.render import (
    NOTHING_IN_VIEW,
    NOTHING_MATCHES,
    PRESETS,
    default_bbox,
    render_snapshot,
    site_pixels,
    snapshot_extent,
    snapshot_layout,
)
from footprint.style import FIXED_COLOURS, actor_colours
from footprint.view import View
from tests.conftest import DATA, TINY, set_cell

DAY = dt.date(2024, 5, 15)
NIGER = (0.0, 11.0, 16.0, 24.0)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def niger_view():
    return View(as_of=DAY)


@pytest.fixture(scope="module")
def niger_png(dataset, niger_view) -> bytes:
    return render_snapshot(dataset, niger_view, bbox=NIGER)


@pytest.fixture(scope="module")
def niger_layout(dataset, niger_view):
    return snapshot_layout(dataset, niger_view, bbox=NIGER)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def _near(pixel, colour, tolerance=24) -> bool:
    return max(abs(int(a) - b) for a, b in zip(pixel[:3], colour, strict=True)) <= tolerance


def _disc(image: Image.Image, x: float, y: float, radius: float) -> list[tuple[int, int, int]]:
    """The pixels within ``radius`` of (x, y)."""
    pixels = []
    r = int(radius)
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            if dx * dx + dy * dy <= radius * radius:
                pixels.append(image.getpixel((round(x + dx), round(y + dy))))
    return pixels


# --- formats ------------------------------------------------------------------


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_png_has_the_preset_shape_at_200_dpi(dataset, preset):
    png = render_snapshot(dataset, View(as_of=DAY, region="sahel"), preset=preset)
    image = Image.open(io.BytesIO(png))
    image.load()
    assert image.format == "PNG"
    width_in, height_in = PRESETS[preset]
    assert image.size[0] / image.size[1] == pytest.approx(width_in / height_in, rel=0.003)
    assert image.size[0] == pytest.approx(width_in * 200, abs=1)
    assert image.info["dpi"] == pytest.approx((200, 200), abs=0.01)


def test_png_dpi_follows_the_argument(dataset):
    image = Image.open(io.BytesIO(render_snapshot(dataset, View(as_of=DAY, region="horn"), preset="square", dpi=300)))
    assert image.size == (2400, 2400)
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)


def test_svg_parses_and_carries_the_banner_and_title(dataset):
    svg = render_snapshot(
        dataset, View(as_of=DAY, region="sahel"), fmt="svg", banner="UNCLASSIFIED", title="Sahel: who is where"
    )
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    texts = ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]
    assert texts.count("UNCLASSIFIED") == 2  # top and bottom
    assert "Sahel: who is where" in texts
    assert any(text.startswith("Sources: ") for text in texts)
    assert any(f"Dataset as of {dataset.as_of.isoformat()}" in text for text in texts)


def test_pdf_is_a_whole_pdf(dataset):
    pdf = render_snapshot(dataset, View(as_of=DAY, region="sahel"), fmt="pdf", banner="UNCLASSIFIED")
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert b"/Type /Page" in pdf and b"DejaVuSans" in pdf


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_same_inputs_give_the_same_bytes(dataset, fmt):
    view = View(as_of=DAY, region="west-africa")
    first = render_snapshot(dataset, view, fmt=fmt, banner="UNCLASSIFIED", preset="a4")
    second = render_snapshot(dataset, view, fmt=fmt, banner="UNCLASSIFIED", preset="a4")
    assert first == second


def test_svg_and_pdf_carry_no_creation_date(dataset):
    view = View(as_of=DAY, region="horn")
    assert b"<dc:date>" not in render_snapshot(dataset, view, fmt="svg")
    assert b"/CreationDate" not in render_snapshot(dataset, view, fmt="pdf")


# --- what is on the map --------------------------------------------------------


def test_actor_colours_sit_on_the_air_bases(dataset, niger_png, niger_layout):
    image = Image.open(io.BytesIO(niger_png)).convert("RGB")
    usa, rus = _rgb(FIXED_COLOURS["USA"]), _rgb(FIXED_COLOURS["RUS"])
    niamey = niger_layout.sites["ner-air-base-101"]
    agadez = niger_layout.sites["ner-air-base-201"]
    assert set(niamey.actors) == {"DEU", "ITA", "RUS", "USA"}
    around_niamey = _disc(image, niamey.x, niamey.y, niamey.radius * 0.7)
    assert any(_near(p, usa) for p in around_niamey)
    assert any(_near(p, rus) for p in around_niamey)
    # Air Base 201 held only the Americans: its marker is American blue through and through.
    assert _near(image.getpixel((round(agadez.x), round(agadez.y))), usa, 8)
    around_agadez = _disc(image, agadez.x, agadez.y, agadez.radius * 0.7)
    assert sum(_near(p, usa, 8) for p in around_agadez) > 0.9 * len(around_agadez)
    assert not any(_near(p, rus, 40) for p in around_agadez)


def test_site_pixels_follow_the_map(dataset, niger_view, niger_layout):
    pixels = site_pixels(dataset, niger_view, bbox=NIGER)
    assert pixels.keys() == niger_layout.sites.keys()
    (x101, y101), (x201, y201) = pixels["ner-air-base-101"], pixels["ner-air-base-201"]
    assert x201 > x101 and y201 < y101  # Agadez lies east and north of Niamey
    left, top, right, bottom = niger_layout.map_box
    assert all(left <= x <= right and top <= y <= bottom for x, y in pixels.values())
    # Sites outside the view are not drawn: Djibouti is far east of this box.
    assert not any(site_id.startswith("dji-") for site_id in pixels)


def test_colours_are_the_apps(dataset, niger_layout):
    assert niger_layout.colours == actor_colours(dataset.deployments["actor_iso3"])


def test_labels_do_not_collide_and_stay_on_the_map(dataset):
    for view, bbox in ((View(as_of=DAY, region="sahel"), None), (View(as_of=DAY), None), (View(as_of=DAY), NIGER)):
        layout = snapshot_layout(dataset, view, bbox=bbox)
        boxes = [label.box for label in layout.labels]
        left, top, right, bottom = layout.map_box
        for index, (x0, y0, x1, y1) in enumerate(boxes):
            assert left <= x0 and x1 <= right and top <= y0 and y1 <= bottom
            for other in boxes[index + 1 :]:
                assert x1 <= other[0] or other[2] <= x0 or y1 <= other[1] or other[3] <= y0, (view, bbox)
            if layout.legend_box:
                lx0, ly0, lx1, ly1 = layout.legend_box
                assert x1 <= lx0 or lx1 <= x0 or y1 <= ly0 or ly1 <= y0
        labelled = {site_id for label in layout.labels for site_id in label.site_ids}
        assert labelled | set(layout.unlabelled) == set(layout.sites)


def test_sahel_labels_every_site_with_personnel(dataset):
    layout = snapshot_layout(dataset, View(as_of=DAY, region="sahel"))
    assert not layout.unlabelled
    by_site = {site_id: label.text for label in layout.labels for site_id in label.site_ids}
    assert by_site["ner-air-base-101"].startswith("Air Base 101 (Niamey)\n")
    assert "USA 100" in by_site["ner-air-base-101"] and "RUS 60–100" in by_site["ner-air-base-101"]
    assert "USA 200" in by_site["ner-air-base-201"]
    assert "+3 sites nearby" in by_site["sen-camp-geille"]  # Dakar's four sites share one label


def test_title_subtitle_and_footnote(dataset):
    layout = snapshot_layout(dataset, View(as_of=DAY, region="sahel", actors=("RUS", "USA")))
    assert layout.title == "Foreign military presence · 15 May 2024"
    assert "Forces present on 15 May 2024" in layout.subtitle
    assert "Sahel" in layout.subtitle and "Actors: Russia, United States" in layout.subtitle
    assert layout.footnote.startswith("Sources: ")
    assert f"Dataset as of {dataset.as_of.isoformat()}" in layout.footnote
    deployments = dataset.deployments.set_index("deployment_id")
    assert set(layout.sources) >= set(deployments.at["dep-usa-ner-air-base-201-2015", "source_ids"])
    period = snapshot_layout(dataset, View(as_of=DAY, period=(dt.date(2022, 1, 1), dt.date(2022, 12, 31))))
    assert period.title == "Foreign military presence · 1 Jan – 31 Dec 2022"
    assert "from 1 January 2022 to 31 December 2022" in period.subtitle
    blank = snapshot_layout(dataset, View(as_of=DAY, region="sahel"), title="")
    assert blank.title == ""


def test_long_source_lists_end_with_a_count(dataset):
    footnote = snapshot_layout(dataset, View(as_of=DAY)).footnote
    sources_part = footnote.split("\nDataset as of")[0]
    assert sources_part.rstrip().endswith("more")
    assert sources_part.count("\n") <= 1  # at most two lines of sources


def test_default_extent_covers_region_hosts_or_africa(dataset):
    def covers(extent, bounds):
        return extent[0] <= bounds[0] and extent[1] <= bounds[1] and extent[2] >= bounds[2] and extent[3] >= bounds[3]

    sahel = snapshot_layout(dataset, View(as_of=DAY, region="sahel"))
    assert covers(sahel.extent, REGIONS["sahel"].bounds)
    africa = snapshot_layout(dataset, View(as_of=DAY))
    assert covers(africa.extent, REGIONS["africa"].bounds)
    senegal = snapshot_layout(dataset, View(as_of=DAY, countries=("SEN",)))
    assert covers(senegal.extent, (-17.6, 12.3, -11.3, 16.7))
    assert senegal.extent[2] - senegal.extent[0] < 30
    assert set(senegal.sites) == {"sen-camp-geille", "sen-dakar-airfield", "sen-quartier-protet", "sen-rufisque"}


def test_bbox_is_padded_to_the_preset_shape(dataset):
    import math

    def merc(lat):
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))

    for preset in PRESETS:
        layout = snapshot_layout(dataset, View(as_of=DAY), bbox=NIGER, preset=preset)
        west, south, east, north = layout.extent
        assert west <= NIGER[0] and south <= NIGER[1] + 1e-9 and east >= NIGER[2] and north >= NIGER[3] - 1e-9
        left, top, right, bottom = layout.map_box
        assert (east - west) / (merc(north) - merc(south)) == pytest.approx((right - left) / (bottom - top), rel=0.01)


# --- empty and bad input --------------------------------------------------------


def test_empty_selection_renders_with_a_note(dataset):
    view = View(as_of=DAY, region="sahel", actors=("JPN",))
    assert view.presence(dataset).empty
    layout = snapshot_layout(dataset, view)
    assert layout.note == NOTHING_MATCHES and not layout.sites and not layout.labels
    png = render_snapshot(dataset, view)
    assert Image.open(io.BytesIO(png)).size == (layout.width, layout.height)
    assert NOTHING_MATCHES.encode() in render_snapshot(dataset, view, fmt="svg")


def test_selection_outside_the_view_says_so(dataset):
    layout = snapshot_layout(dataset, View(as_of=DAY, countries=("DJI",)), bbox=(-17, 10, -10, 17))
    assert layout.note == NOTHING_IN_VIEW and not layout.sites


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"preset": "poster"}, "unknown preset 'poster'"),
        ({"fmt": "jpg"}, "unknown format 'jpg'"),
        ({"dpi": 0}, "dpi must be"),
        ({"dpi": "high"}, "dpi must be"),
        ({"bbox": (16, 11, 0, 24)}, "west .* must be less than east"),
        ({"bbox": (0, 24, 16, 11)}, "south .* must be less than north"),
        ({"bbox": (0, 11, 16, 11)}, "south .* must be less than north"),
        ({"bbox": (-200, 11, 16, 24)}, "longitudes must lie within"),
        ({"bbox": (100, 11, 470, 24)}, "longitudes must lie within"),
        ({"bbox": (0, -95, 16, 24)}, "latitudes must lie within"),
        ({"bbox": (0, 11, 16)}, "four numbers"),
        ({"bbox": (0, float("nan"), 16, 24)}, "finite"),
        ({"bbox": "0,11,16,24"}, "four numbers"),
    ],
)
def test_bad_arguments_raise_clear_errors(kwargs, message):
    dataset = load_dataset(TINY)
    with pytest.raises(ValueError, match=message):
        render_snapshot(dataset, View(as_of=DAY), **kwargs)


def test_unknown_region_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown region 'atlantis'"):
        render_snapshot(load_dataset(TINY), View(as_of=DAY, region="atlantis"))


def test_text_from_users_is_text(dataset):
    title = "Costs $5 & <b>bold</b> \\alpha"
    svg = render_snapshot(dataset, View(as_of=DAY, region="horn"), fmt="svg", title=title, banner="A $ B")
    root = ET.fromstring(svg)  # still well-formed XML
    texts = ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]
    assert title in texts and texts.count("A $ B") == 2


def test_tiny_dataset_renders(dataset):
    tiny = load_dataset(TINY)
    layout = snapshot_layout(tiny, View(as_of=dt.date(2024, 6, 1)))
    assert "ner-ab101" in layout.sites
    assert render_snapshot(tiny, View(as_of=dt.date(2024, 6, 1)), fmt="pdf").startswith(b"%PDF")


def test_a_region_across_the_antimeridian_is_framed_across_it():
    west, _, east, _ = default_bbox(View(as_of=DAY, region="east-asia-pacific"))
    assert 80 < west < 95 and 185 < east < 200  # not the whole world
    layout = snapshot_layout(load_dataset(TINY), View(as_of=DAY, region="east-asia-pacific"))
    west, south, east, north = layout.extent
    r_west, r_south, r_east, r_north = REGIONS["east-asia-pacific"].bounds
    assert west <= r_west and east >= r_east and south <= r_south and north >= r_north
    assert east - west < 300  # the slide shape widens it, but it is not the whole world


def test_a_site_beyond_the_antimeridian_is_drawn_in_a_frame_across_it(tiny_copy):
    # Air base 101 moved to Apia, Samoa (171.8 W), framed with Fiji (east of 174 E): one map across 180.
    for column, value in (("host_iso3", "WSM"), ("lat", "-13.83"), ("lon", "-171.76")):
        set_cell(tiny_copy, "sites", 1, column, value)
    tiny = load_dataset(tiny_copy)
    view = View(as_of=dt.date(2024, 6, 1), countries=("WSM", "FJI"))
    layout = snapshot_layout(tiny, view)
    west, _, east, _ = layout.extent
    assert 150 < west < 178 and 188 < east < 230
    assert "ner-ab101" in layout.sites
    left, _, right, _ = layout.map_box
    assert left < layout.sites["ner-ab101"].x < right
    assert render_snapshot(tiny, view)[:4] == b"\x89PNG"


@pytest.mark.parametrize("options", [
    {"title": ""}, {}, {"title": "", "banner": "UNCLASSIFIED"}, {"bbox": (10, 10, 12, 11)},
    {"bbox": (170, -20, 190, -10), "preset": "a4"},
])
def test_snapshot_extent_is_the_drawn_maps(dataset, options):
    view = View(as_of=DAY, region="sahel")
    drawn = snapshot_layout(dataset, view, dpi=60, **options).extent
    assert snapshot_extent(view, **options) == pytest.approx(drawn)


@pytest.mark.parametrize("preset", sorted(PRESETS))
@pytest.mark.parametrize("region", ["world", "americas", None])
def test_a_snapshot_never_shows_more_than_one_world(dataset, preset, region):
    """A wide page does not stretch the frame past 360 degrees (continents and their names twice at the edges):
    the map box narrows to one world, white on either side, and keeps its title, legend and sources."""
    import math

    view = View(as_of=DAY, region=region)
    layout = snapshot_layout(dataset, view, preset=preset, dpi=60)
    west, south, east, north = layout.extent
    assert east - west <= 360 + 1e-9 and west >= -180 - 1e-9 and east <= 180 + 1e-9
    assert snapshot_extent(view, preset=preset) == pytest.approx(layout.extent)
    left, top, right, bottom = layout.map_box

    def merc(lat):
        return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))

    assert (east - west) / (merc(north) - merc(south)) == pytest.approx((right - left) / (bottom - top), rel=0.01)
    legend = layout.legend_box  # beside a narrowed map it may reach into the white, but stays on the page
    assert legend and legend[0] >= 0 and legend[2] <= layout.width and top <= legend[1] and legend[3] <= bottom
    assert all(left <= mark.x <= right and top <= mark.y <= bottom for mark in layout.sites.values())
    assert layout.title and layout.footnote.startswith("Sources:")
    image = Image.open(io.BytesIO(render_snapshot(dataset, view, preset=preset, dpi=60))).convert("RGB")
    middle = (top + bottom) / 2
    if left > 20:  # the narrowed box leaves the page's white beside it, not sea that hides a second world
        assert image.getpixel((int(left) - 6, int(middle))) == (255, 255, 255)
        assert image.getpixel((int(right) + 6, int(middle))) == (255, 255, 255)


def _font_sizes(svg: bytes) -> tuple[list[float], float]:
    """The font sizes of the keys' text and of the footnote, from an SVG snapshot."""
    import re

    root = ET.fromstring(svg)
    size = re.compile(r"font-size:\s*([\d.]+)px")
    keys = [float(size.search(text.get("style")).group(1)) for group in root.iter(f"{SVG}g")
            if (group.get("id") or "").startswith("legend_") for text in group.iter(f"{SVG}text")]
    foot = [float(size.search(text.get("style")).group(1)) for text in root.iter(f"{SVG}text")
            if (text.text or "").startswith("Sources:")]
    return keys, foot[0]


@pytest.mark.parametrize("dpi", [60, 200])
def test_a_world_slide_sets_its_keys_in_the_white_beside_the_map(dataset, dpi):
    """The states' key (and the other keys it leaves no room for) go in the margins of a map narrowed to one
    world: they hide no site, stay on the page between the title and the footnote, and overlap nothing."""
    view = View(as_of=DAY, region="world")
    layout = snapshot_layout(dataset, view, preset="slide", dpi=dpi)
    left, top, right, bottom = layout.map_box
    boxes = layout.keys_beside
    assert boxes and layout.legend_box == boxes[0]
    assert boxes[0][2] < left  # the sending states on the left
    for index, (x0, y0, x1, y1) in enumerate(boxes):
        assert x1 < left or x0 > right  # beside the map, never over it
        assert x0 >= 0 and x1 <= layout.width and y0 >= top - 1 and y1 <= bottom + 1  # under the title, over the notes
        for other in boxes[index + 1 :]:
            assert x1 <= other[0] or other[2] <= x0 or y1 <= other[1] or other[3] <= y0
        for mark in layout.sites.values():
            assert (mark.x + mark.radius <= x0 or mark.x - mark.radius >= x1 or mark.y + mark.radius <= y0
                    or mark.y - mark.radius >= y1)
    keys, foot = _font_sizes(render_snapshot(dataset, view, preset="slide", fmt="svg"))
    assert keys and min(keys) >= foot - 1e-6


@pytest.mark.parametrize(("preset", "region"), [("a4", "world"), ("square", "world"), ("slide", "europe"),
                                                ("slide", "africa")])
def test_keys_stay_on_the_map_where_the_margins_are_too_small(dataset, preset, region):
    layout = snapshot_layout(dataset, View(as_of=DAY, region=region), preset=preset, dpi=60)
    left, top, right, bottom = layout.map_box
    assert not layout.keys_beside
    x0, y0, x1, y1 = layout.legend_box  # in a corner of the map (it may reach a little into the white)
    assert 0 <= x0 < right and left < x1 <= layout.width and top - 1 <= y0 and y1 <= bottom + 1
