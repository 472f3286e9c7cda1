"""Static map snapshots (PNG, SVG, PDF) of a view, for slides and briefs.

Pure and offline: matplotlib's Agg canvas (never pyplot, so no global backend
is chosen) and the Natural Earth outlines in ``data/``. The map is drawn in
Web Mercator, the projection the app's map uses, with x in degrees of longitude
and y in "Mercator degrees", so the snapshot shows what the user saw. The same
inputs give the same bytes in every format.

``render_snapshot`` is the public entry point; ``snapshot_layout`` and
``site_pixels`` give where things landed, for tests and for callers that
want to annotate the image.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure

from footprint.escape import xml_text
from footprint.geography import DEFAULT_REGION, REGIONS, frame_bounds
from footprint.model import Dataset
from footprint.render.canvas import MAX_DPI, MIN_DPI, PRESETS, SiteMark, SnapshotLayout, _Page
from footprint.render.content import _sites, _sources_text, default_title, describe_view
from footprint.style import actor_colours, font_families
from footprint.view import View
from footprint.webmercator import lat_from_y_degrees
from footprint.words import tidy

__all__ = [
    "FORMATS",
    "PRESETS",
    "SnapshotLayout",
    "check_bbox",
    "default_bbox",
    "render_snapshot",
    "site_pixels",
    "snapshot_extent",
    "snapshot_layout",
]

FORMATS: tuple[str, ...] = ("png", "svg", "pdf")


DEFAULT_BOUNDS: tuple[float, float, float, float] = REGIONS[DEFAULT_REGION].bounds


NOTHING_MATCHES = "Nothing matches these filters"


NOTHING_IN_VIEW = "No site of this selection lies in the map view"


_RC = {
    "font.family": list(font_families()),
    "font.size": 9,
    "text.parse_math": False,  # a "$" in a site name or title is text, not TeX
    "svg.hashsalt": "footprint-snapshot",
    "svg.fonttype": "none",  # text stays text in SVG: searchable and editable in slide tools
    "pdf.fonttype": 42,
    "path.simplify": True,
    "axes.unicode_minus": False,
}


def _check_options(preset: str, fmt: str, dpi: float) -> None:
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}: use one of {', '.join(PRESETS)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or not MIN_DPI <= dpi <= MAX_DPI:
        raise ValueError(f"dpi must be a number from {MIN_DPI} to {MAX_DPI}, not {dpi!r}")


def check_bbox(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    """``bbox`` as four floats (west, south, east, north), or a ValueError saying what is wrong."""
    try:
        west, south, east, north = (float(v) for v in bbox)
    except (TypeError, ValueError):
        raise ValueError(f"bbox must be four numbers west,south,east,north, not {bbox!r}") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise ValueError(f"bbox must be finite numbers, not {bbox!r}")
    if west >= east:
        raise ValueError(f"bbox west ({west:g}) must be less than east ({east:g})")
    if south >= north:
        raise ValueError(f"bbox south ({south:g}) must be less than north ({north:g})")
    if west < -180 or west >= 180 or east > west + 360:
        raise ValueError(f"bbox longitudes must lie within -180..180, east running past 180 only to cross the "
                         f"antimeridian (at most 360 degrees from west), not {west:g}..{east:g}")
    if south < -90 or north > 90:
        raise ValueError(f"bbox latitudes must lie within -90..90, not {south:g}..{north:g}")
    return west, south, east, north


def default_bbox(view: View) -> tuple[float, float, float, float]:
    """The view's region, else its host countries (with a margin), else the whole world; east runs past 180
    for a frame across the antimeridian."""
    framed = frame_bounds(view.region, view.countries)
    west, south, east, north = framed or DEFAULT_BOUNDS
    # The region presets end right at their outermost sites; outlines want a little more room.
    margin = 0.03 if view.region else 0.08 if framed else 0.0
    floor = 0.5 if margin else 0.0
    pad_x, pad_y = max((east - west) * margin, floor), max((north - south) * margin, floor)
    return (max(west - pad_x, -180), max(south - pad_y, -90), min(east + pad_x, 180 if east <= 180 else west + 360),
            min(north + pad_y, 90))


@dataclass
class _Composed:
    figure: Figure
    layout: SnapshotLayout


def _compose(
    dataset: Dataset,
    view: View,
    *,
    bbox: Sequence[float] | None,
    title: str | None,
    banner: str | None,
    preset: str,
    dpi: float,
) -> _Composed:
    chosen = check_bbox(bbox) if bbox is not None else default_bbox(view)
    banner_text = tidy(banner) if banner is not None else ""
    title_text = default_title(view) if title is None else tidy(title)
    presence = view.presence(dataset)
    colours = actor_colours(dataset.deployments["actor_iso3"])  # over the whole dataset, as in the app

    page = _Page(preset, dpi, has_title=bool(title_text), has_banner=bool(banner_text))
    page.set_map(chosen)
    shapes = page.draw_basemap(set(presence["host_iso3"]))
    sites = _sites(dataset, presence)
    for site in sites:
        site.lon = page.unwrap(site.lon)  # across the antimeridian, the copy of the site inside the frame
    sites = [site for site in sites if page.in_view(site.lon, site.lat)]
    page.draw_sites(sites, colours)
    corner, legend_box = page.draw_actor_legend(colours)
    page.draw_scale_and_sizes(corner)
    note = NOTHING_MATCHES if presence.empty else NOTHING_IN_VIEW if not sites else None
    if note:
        page.draw_note(note)
    labels, unlabelled = page.place_labels()
    page.label_countries(shapes)

    subtitle = describe_view(view)
    if sites:
        subtitle += f" · {len(sites)} site{'s' if len(sites) != 1 else ''} shown"
    shown_title, shown_subtitle = page.draw_header(title_text, subtitle)

    citations: dict[str, int] = {}
    for site in sites:
        for row in site.rows:
            for source_id in row["source_ids"]:
                citations[source_id] = citations.get(source_id, 0) + 1
    order = sorted(citations, key=lambda source_id: (-citations[source_id], source_id))
    tail = [
        f"Dataset as of {dataset.as_of.isoformat()} (Footprint)",
        "Locations are approximate: airport reference points or city centres",
    ]
    if any(re.search(r"\d\+", label.text) for label in labels):
        tail.append("“+” after a figure: more forces there with no published figure")
    tail.append("Basemap: Natural Earth")
    if unlabelled:
        tail.append(f"{len(unlabelled)} site label{'s' if len(unlabelled) != 1 else ''} left off for space")
    footnote = page.draw_footnote(_sources_text(dataset, {sid: citations[sid] for sid in order}), tail)
    if banner_text:
        page.draw_banner(banner_text)

    height = int(page.figure.bbox.height)
    x0, y0, x1, y1 = page.extent
    layout = SnapshotLayout(
        width=int(page.figure.bbox.width),  # as Agg sizes its canvas
        height=height,
        extent=(x0, lat_from_y_degrees(y0), x1, lat_from_y_degrees(y1)),
        map_box=page.image_box(page.map_px),
        sites={s.site_id: SiteMark(s.site_id, s.x, height - s.y, s.radius, tuple(s.actors)) for s in sites},
        labels=tuple(labels),
        unlabelled=tuple(unlabelled),
        legend_box=page.image_box(legend_box) if legend_box else None,
        keys_beside=tuple(page.image_box(box) for box in page.beside),
        colours=colours,
        sources=tuple(order),
        note=note,
        title=shown_title,
        subtitle=shown_subtitle,
        footnote=footnote,
    )
    return _Composed(figure=page.figure, layout=layout)


def snapshot_layout(
    dataset: Dataset,
    view: View,
    *,
    bbox: Sequence[float] | None = None,
    title: str | None = None,
    banner: str | None = None,
    preset: str = "slide",
    dpi: float = 200,
) -> SnapshotLayout:
    """Where sites, labels and legend land on the PNG that ``render_snapshot`` makes with these arguments."""
    _check_options(preset, "png", dpi)
    with matplotlib.rc_context(_RC):
        composed = _compose(dataset, view, bbox=bbox, title=title, banner=banner, preset=preset, dpi=dpi)
    return composed.layout


def snapshot_extent(
    view: View,
    *,
    bbox: Sequence[float] | None = None,
    title: str | None = None,
    banner: str | None = None,
    preset: str = "slide",
) -> tuple[float, float, float, float]:
    """The map's frame (west, south, east, north in degrees) on the image that ``render_snapshot`` makes with
    these arguments, at any dpi; worked out without drawing, as ``snapshot_layout(...).extent`` would be."""
    _check_options(preset, "png", MIN_DPI)
    chosen = check_bbox(bbox) if bbox is not None else default_bbox(view)
    has_banner = bool(tidy(banner)) if banner is not None else False
    has_title = bool(default_title(view) if title is None else tidy(title))
    page = _Page(preset, MIN_DPI, has_title=has_title, has_banner=has_banner)
    x0, y0, x1, y1 = page.frame_extent(chosen)
    return (x0, lat_from_y_degrees(y0), x1, lat_from_y_degrees(y1))


def site_pixels(dataset: Dataset, view: View, **options: object) -> dict[str, tuple[float, float]]:
    """Each drawn site's centre in PNG pixels (x from the left, y from the top); options as ``snapshot_layout``."""
    layout = snapshot_layout(dataset, view, **options)
    return {site_id: (mark.x, mark.y) for site_id, mark in layout.sites.items()}


def render_snapshot(
    dataset: Dataset,
    view: View,
    *,
    bbox: Sequence[float] | None = None,
    title: str | None = None,
    banner: str | None = None,
    preset: str = "slide",
    fmt: str = "png",
    dpi: float = 200,
) -> bytes:
    """The view as a finished map image: PNG, SVG or PDF bytes, the same for the same inputs.

    ``bbox`` (west, south, east, north) is the map view to show, padded to the preset's shape up to one world
    (a wider page leaves white beside the map); by default the view's region, else its host countries, else the
    whole world. ``title`` replaces the default title ("" for none);
    ``banner`` is a handling marking written in a bar at the top and bottom. A view that matches nothing still
    renders, with a note saying so.
    """
    _check_options(preset, fmt, dpi)
    # Characters XML cannot hold would make the SVG unreadable; they are never meant to be seen.
    title = xml_text(title) if title is not None else None
    banner = xml_text(banner) if banner is not None else None
    with matplotlib.rc_context(_RC):
        composed = _compose(dataset, view, bbox=bbox, title=title, banner=banner, preset=preset, dpi=dpi)
        buffer = io.BytesIO()
        if fmt == "png":
            metadata = {"Software": None}
        elif fmt == "svg":
            metadata = {"Date": None, "Creator": "Footprint", "Title": composed.layout.title or "Footprint snapshot"}
        else:
            metadata = {"CreationDate": None, "ModDate": None, "Creator": "Footprint",
                        "Title": composed.layout.title or "Footprint snapshot"}
        composed.figure.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    return buffer.getvalue()
