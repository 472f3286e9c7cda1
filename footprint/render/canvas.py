"""The snapshot's drawing: a matplotlib figure (Agg, never pyplot) with the basemap, markers, legend,
scale, labels, header, footnote and banner, placed in pixels."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
import shapely.affinity
from matplotlib import patheffects
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PatchCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerPatch
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, PathPatch, Rectangle, Wedge
from matplotlib.path import Path as MplPath

from footprint.geography import country_name, outlines
from footprint.model import CONFIDENCE_RANK
from footprint.query import dates_in_doubt
from footprint.render.content import _label_text, _Site
from footprint.style import (
    BORDER,
    COUNTRY_LABEL,
    DATES_DASH,
    DATES_OUTLINE,
    HOST_TINT,
    INK,
    LAND,
    LAST_RESORT_COLOUR,
    MARKER_EDGE,
    MARKER_OUTLINE,
    MUTED,
    PALE_ALPHA,
    PERSONNEL_KEY,
    SEA,
    UNCERTAINTY_METRES,
    banner_colours,
    font_families,
    marker_radius,
)
from footprint.webmercator import MAX_LAT, lat_from_y_degrees, project, y_degrees

# Figure sizes in inches: a 16:9 slide, A4 landscape and a square.
PRESETS: dict[str, tuple[float, float]] = {"slide": (13.333, 7.5), "a4": (11.69, 8.27), "square": (8.0, 8.0)}


MIN_DPI, MAX_DPI = 50, 1200


MIN_SPAN_DEGREES = 0.25


KM_PER_DEGREE = 111.32


# Label offsets around a marker, in the order tried: right, left, then the diagonals, then above and below.
_OFFSETS: tuple[tuple[int, int], ...] = ((1, 0), (-1, 0), (1, 1), (1, -1), (-1, 1), (-1, -1), (0, 1), (0, -1))


@dataclass(frozen=True)
class SiteMark:
    """A drawn site: its centre and marker radius in image pixels (origin top-left) and its actors."""

    site_id: str
    x: float
    y: float
    radius: float
    actors: tuple[str, ...]


@dataclass(frozen=True)
class PlacedLabel:
    """A site label and its box in image pixels (left, top, right, bottom)."""

    site_ids: tuple[str, ...]
    text: str
    box: tuple[float, float, float, float]


def _other_states(codes: Sequence[str]) -> str:
    """The legend key for states drawn in the shared grey: ``Other states: ARM, AUT, BGD`` (cut after six)."""
    listed = ", ".join(codes[:6]) + (f" and {len(codes) - 6} more" if len(codes) > 6 else "")
    return f"Other states: {listed}"


@dataclass(frozen=True)
class SnapshotLayout:
    """Where everything landed on a PNG rendered with the same arguments."""

    width: int
    height: int
    extent: tuple[float, float, float, float]  # west, south, east, north actually shown
    map_box: tuple[float, float, float, float]  # left, top, right, bottom in pixels
    sites: dict[str, SiteMark]
    labels: tuple[PlacedLabel, ...]
    unlabelled: tuple[str, ...]
    legend_box: tuple[float, float, float, float] | None
    keys_beside: tuple[tuple[float, float, float, float], ...]  # keys moved off the map into the white beside it
    colours: dict[str, str]
    sources: tuple[str, ...]
    note: str | None
    title: str
    subtitle: str
    footnote: str


def _fit_extent(bbox: tuple[float, float, float, float], aspect: float) -> tuple[float, float, float, float]:
    """Pad ``bbox`` (in degrees) so that its Mercator shape has ``aspect`` (width / height); x0, y0, x1, y1."""
    west, south, east, north = bbox
    south, north = max(south, -MAX_LAT), min(north, MAX_LAT)
    if east - west < MIN_SPAN_DEGREES:
        middle = (west + east) / 2
        west, east = middle - MIN_SPAN_DEGREES / 2, middle + MIN_SPAN_DEGREES / 2
    if north - south < MIN_SPAN_DEGREES:
        middle = (south + north) / 2
        south, north = middle - MIN_SPAN_DEGREES / 2, middle + MIN_SPAN_DEGREES / 2
    x0, x1, y0, y1 = west, east, y_degrees(south), y_degrees(north)
    width, height = x1 - x0, y1 - y0
    top = y_degrees(MAX_LAT)
    # Never more than one world: a frame padded past 360 degrees of longitude (or past the poles' cut) would
    # draw the continents twice, so the padding stops there and the map box narrows (``_Page.set_map``).
    if width / height < aspect:
        grow = min(height * aspect - width, max(0.0, 360.0 - width)) / 2
        x0, x1 = x0 - grow, x1 + grow
    else:
        grow = min(width / aspect - height, max(0.0, 2 * top - height)) / 2
        y0, y1 = y0 - grow, y1 + grow
    # Stay on the world: slide the frame back inside where it can. A frame asked to cross the
    # antimeridian (east above 180) stays across it, on the world from its west edge eastwards.
    if x1 - x0 <= 360:
        low, high = (-180.0, 180.0) if east <= 180 else (max(-180.0, west - 180), max(-180.0, west - 180) + 360)
        shift = max(0.0, low - x0) - max(0.0, x1 - high)
        x0, x1 = x0 + shift, x1 + shift
    if y1 - y0 <= 2 * top:
        shift = max(0.0, -top - y0) - max(0.0, y1 - top)
        y0, y1 = y0 + shift, y1 + shift
    return x0, y0, x1, y1


def _ring_path(ring) -> tuple[list, list]:
    coords = list(ring.coords)
    codes = [MplPath.MOVETO] + [MplPath.LINETO] * (len(coords) - 2) + [MplPath.CLOSEPOLY]
    return coords, codes


def _geometry_path(geometry) -> MplPath | None:
    vertices: list = []
    codes: list = []
    for polygon in _polygons(geometry):
        for ring in (polygon.exterior, *polygon.interiors):
            if len(ring.coords) < 4:
                continue
            ring_vertices, ring_codes = _ring_path(ring)
            vertices.extend(ring_vertices)
            codes.extend(ring_codes)
    return MplPath(vertices, codes) if vertices else None


def _polygons(geometry) -> list:
    """The polygons in any geometry, collections flattened; lines and points dropped."""
    if geometry.geom_type == "Polygon":
        return [] if geometry.is_empty else [geometry]
    return [polygon for part in getattr(geometry, "geoms", []) for polygon in _polygons(part)]


def _unwrapped(polygon) -> list:
    """A polygon as drawn on a map whose longitudes may run past ±180: itself, or for an outline that
    crosses the antimeridian (its plain bounds span the globe) its halves joined east of 180 and west
    of -180, so Chukotka or Fiji is one shape wherever the frame lies."""
    if polygon.bounds[2] - polygon.bounds[0] < 180:
        return [polygon]
    joined = shapely.transform(polygon, lambda xy: np.column_stack([np.where(xy[:, 0] < 0, xy[:, 0] + 360, xy[:, 0]),
                                                                     xy[:, 1]]))
    # The seam along 180 meets itself once joined; repairing it keeps later unions valid.
    joined = _polygons(shapely.make_valid(joined))
    return joined + [shapely.affinity.translate(part, -360) for part in joined]


def _world_copies(polygons: list, x0: float, x1: float) -> list:
    """The polygons plus their copies one world east or west, where the frame reaches past ±180."""
    copies = list(polygons)
    if x1 > 180:
        copies += [shapely.affinity.translate(p, 360) for p in polygons if p.bounds[0] < x1 - 360]
    if x0 < -180:
        copies += [shapely.affinity.translate(p, -360) for p in polygons if p.bounds[2] > x0 + 360]
    return copies


def _basemap(extent: tuple[float, float, float, float], tolerance: float = 0.0):
    """Countries in view, clipped, projected and simplified: [(iso3, name, geometry)] in Mercator degrees."""
    x0, y0, x1, y1 = extent
    margin_x, margin_y = (x1 - x0) * 0.05, (y1 - y0) * 0.05
    top = y_degrees(MAX_LAT)
    south, north = lat_from_y_degrees(max(y0 - margin_y, -top)), lat_from_y_degrees(min(y1 + margin_y, top))
    clipped = []
    for iso3, name, geometry in outlines():
        # Outlines that wrap across the antimeridian (Fiji, Chukotka) would smear into bands across the map,
        # so they are unwrapped; a frame across the antimeridian draws the world's copy beyond it.
        whole = _world_copies([u for g in _polygons(geometry) for u in _unwrapped(g)], x0 - margin_x, x1 + margin_x)
        if not whole:
            continue
        part = shapely.clip_by_rect(shapely.MultiPolygon(whole) if len(whole) > 1 else whole[0],
                                    x0 - margin_x, south, x1 + margin_x, north)
        if part.is_empty:
            continue
        polygons = _polygons(part)
        if not polygons:
            continue
        projected = shapely.transform(shapely.unary_union(polygons), project)
        if tolerance:
            projected = projected.simplify(tolerance, preserve_topology=True)
        clipped.append((iso3, name, projected))
    return clipped


def _overlaps(a, b, gap: float = 0.0) -> bool:
    return not (a[2] + gap <= b[0] or b[2] + gap <= a[0] or a[3] + gap <= b[1] or b[3] + gap <= a[1])


def _inside(box, frame) -> bool:
    return box[0] >= frame[0] and box[1] >= frame[1] and box[2] <= frame[2] and box[3] <= frame[3]


def _nice_km(target: float) -> float:
    if target <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(target))
    for step in (5, 2, 1):
        if step * power <= target:
            return step * power
    return power


def _fit_text(text: str, prop: FontProperties, width_px: float, renderer) -> str:
    """``text`` shortened with an ellipsis until it fits ``width_px``."""

    def width(s: str) -> float:
        return renderer.get_text_width_height_descent(s, prop, ismath=False)[0]

    if width(text) <= width_px:
        return text
    words = text.split(" ")
    while len(words) > 1 and width(" ".join(words) + " …") > width_px:
        words.pop()
    return " ".join(words) + " …"


def _wrap_items(
    lead: str, items: Sequence[tuple[str, int]], prop: FontProperties, width_px: float, max_lines: int, renderer
) -> str:
    """``lead`` and the items joined by "; " in at most ``max_lines`` lines; what does not fit becomes "+N more".

    Each item carries how many things it stands for (N counts those, not items).
    """

    def width(text: str) -> float:
        return renderer.get_text_width_height_descent(text, prop, ismath=False)[0]

    def line(number: int, parts: Sequence[str]) -> str:
        return (lead if number == 0 else "") + "; ".join(parts)

    lines: list[list[str]] = [[]]
    shown = 0
    for text, _count in items:
        if width(line(len(lines) - 1, [*lines[-1], text])) <= width_px:
            lines[-1].append(text)
        elif len(lines) < max_lines and width(line(len(lines), [text])) <= width_px:
            lines.append([text])
        else:
            break
        shown += 1
    while shown < len(items):
        rest = sum(count for _, count in items[shown:])
        more = f"+{rest} more"
        if not lines[-1] or width(line(len(lines) - 1, [*lines[-1], more])) <= width_px:
            lines[-1].append(more)
            break
        lines[-1].pop()
        shown -= 1
    rendered = [line(number, parts) for number, parts in enumerate(lines) if parts or number == 0]
    return ";\n".join(rendered)


Box = tuple[float, float, float, float]  # display pixels: left, bottom, right, top


class _Page:
    """One figure being composed: the page furniture, the map axes, and what has been placed where.

    Placement works in display pixels at the output dpi (origin bottom-left). Everything drawn is positioned in
    data, axes, figure or point units, so the vector formats come out the same as the PNG.
    """

    def __init__(self, preset: str, dpi: float, *, has_title: bool, has_banner: bool):
        self.width_in, self.height_in = PRESETS[preset]
        self.dpi = dpi
        self.scale = min(self.width_in, self.height_in) / 7.5  # type grows a little with the page
        k = self.scale
        self.fonts = {
            "title": 19 * k, "subtitle": 10.5 * k, "label": 8.0 * k, "legend": 8.4 * k, "foot": 7.0 * k,
            "banner": 9.5 * k, "note": 12.5 * k,
        }
        self.figure = Figure(figsize=(self.width_in, self.height_in), dpi=dpi, facecolor="white")
        self.renderer = FigureCanvasAgg(self.figure).get_renderer()
        self.halo = [patheffects.withStroke(linewidth=2.6 * k, foreground="white")]
        # The vertical budget, in inches. The footnote always gets three lines, so the map's frame never
        # depends on the text under it.
        self.banner_h = 0.30 * k if has_banner else 0.0
        self.side = 0.32 * k
        foot_h = 3 * self.fonts["foot"] * 1.45 / 72 + 0.16 * k
        if has_title:
            head_h = (self.fonts["title"] * 1.25 + self.fonts["subtitle"] * 1.5) / 72 + 0.30 * k
        else:
            head_h = self.fonts["subtitle"] * 1.5 / 72 + 0.25 * k
        self.map_bottom = self.banner_h + foot_h
        self.map_top = self.height_in - self.banner_h - head_h
        self.text_width_px = (self.width_in - 2 * self.side) * dpi
        self.obstacles: list[Box] = []  # legend, scale bar, notes: no label may cover them
        self.taken: list[Box] = []  # placed labels
        self.beside: list[Box] = []  # keys set in the white beside a narrowed map, not over it

    # -- units and text

    def font(self, role: str, **style) -> FontProperties:
        return FontProperties(family=list(font_families()), size=self.fonts[role], **style)

    def pt(self, points: float) -> float:
        """Points to display pixels."""
        return points * self.dpi / 72

    def text_width(self, text: str, prop: FontProperties) -> float:
        return self.renderer.get_text_width_height_descent(text, prop, ismath=False)[0]

    def box(self, artist) -> Box:
        b = artist.get_window_extent(self.renderer)
        return (b.x0, b.y0, b.x1, b.y1)

    def image_box(self, box: Box) -> tuple[float, float, float, float]:
        """A display box as PNG pixels: left, top, right, bottom."""
        height = int(self.figure.bbox.height)  # Agg rows count from the top of an int-sized canvas
        return (box[0], height - box[3], box[2], height - box[1])

    # -- the map frame

    def frame_extent(self, bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        """The map's extent (x0, y0, x1, y1 in Mercator degrees) for ``bbox``: padded to the frame's shape."""
        return _fit_extent(bbox, (self.width_in - 2 * self.side) / (self.map_top - self.map_bottom))

    def set_map(self, bbox: tuple[float, float, float, float]) -> None:
        width_in = self.width_in - 2 * self.side
        height_in = self.map_top - self.map_bottom
        # The space for the map, in figure fractions: left, bottom, width, height.
        self.space = (self.side / self.width_in, self.map_bottom / self.height_in, width_in / self.width_in,
                      height_in / self.height_in)
        ax = self.figure.add_axes(self.space)
        self.extent = self.frame_extent(bbox)
        x0, y0, x1, y1 = self.extent
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal", adjustable="box")
        # A frame that stops at one world is narrower than the space for it: the box shrinks to it, centred,
        # and everything placed from here on (legend, scale, labels) measures the box as drawn.
        ax.apply_aspect()
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor(SEA)
        for spine in ax.spines.values():
            spine.set_edgecolor("#7F8891")
            spine.set_linewidth(0.6 * self.scale)
        self.ax = ax
        extent = ax.get_window_extent(self.renderer)
        self.narrowed = extent.width < self.space[2] * self.figure.bbox.width - 1
        self.map_px: Box = (extent.x0, extent.y0, extent.x1, extent.y1)
        self.inner_px: Box = (extent.x0 + 3, extent.y0 + 3, extent.x1 - 3, extent.y1 - 3)
        self.data_per_px = (x1 - x0) / extent.width  # equal aspect: one factor for x and y
        self.data_per_pt = self.data_per_px * self.dpi / 72

    def unwrap(self, lon: float) -> float:
        """The longitude, or its copy one world east or west, that falls in the frame (it may run past ±180)."""
        x0, _, x1, _ = self.extent
        for candidate in (lon, lon + 360, lon - 360):
            if x0 <= candidate <= x1:
                return candidate
        return lon

    def in_view(self, lon: float, lat: float) -> bool:
        x0, y0, x1, y1 = self.extent
        return x0 <= lon <= x1 and y0 <= y_degrees(lat) <= y1

    def to_px(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self.ax.transData.transform((lon, y_degrees(lat)))
        return float(x), float(y)

    # -- drawing

    def draw_basemap(self, hosts: set[str]) -> list[tuple[str, str, object]]:
        shapes = _basemap(self.extent, tolerance=self.data_per_px * 0.4)
        patches, faces = [], []
        for iso3, _name, geometry in shapes:
            path = _geometry_path(geometry)
            if path is not None:
                patches.append(PathPatch(path))
                faces.append(HOST_TINT if iso3 in hosts else LAND)
        self.ax.add_collection(
            PatchCollection(patches, facecolors=faces, edgecolors=BORDER, linewidths=0.45 * self.scale, zorder=1)
        )
        return shapes

    def marker_points(self, headcount: int) -> float:
        return marker_radius(headcount) * 0.78 * self.scale

    def draw_sites(self, sites: list[_Site], colours: Mapping[str, str]) -> None:
        self.in_doubt = _sites_in_doubt(sites)
        for site in sites:
            site.x, site.y = self.to_px(site.lon, site.lat)
            site.radius = self.pt(self.marker_points(site.headcount))
            site.outer = site.radius
        # Largest first, so that small markers stay visible on top of big ones.
        for order, site in enumerate(sorted(sites, key=lambda s: (-s.radius, s.site_id))):
            z = 5 + order * 0.001
            centre = (site.lon, y_degrees(site.lat))
            r = self.marker_points(site.headcount) * self.data_per_pt
            if site.precision == "city":
                true_r = UNCERTAINTY_METRES["city"] / 1000 / (KM_PER_DEGREE * math.cos(math.radians(site.lat)))
                ring_r = max(true_r, r + 2.8 * self.scale * self.data_per_pt)
                site.outer = ring_r / self.data_per_px + 0.5 * self.pt(self.scale)
                self.ax.add_patch(
                    Circle(centre, ring_r, facecolor="none", edgecolor=MARKER_OUTLINE, linewidth=0.8 * self.scale,
                           linestyle=(0, (2.2, 1.6)), alpha=0.85, zorder=z)
                )
            share = 360 / len(site.actors)
            for index, actor in enumerate(site.actors):
                look = _sure_fill(colours.get(actor, LAST_RESORT_COLOUR), _confidence(site, actor))
                if len(site.actors) == 1:
                    self.ax.add_patch(Circle(centre, r, edgecolor="none", hatch_linewidth=1.1 * self.scale, zorder=z,
                                             **look))
                else:
                    self.ax.add_patch(
                        Wedge(centre, r, 90 + index * share, 90 + (index + 1) * share, edgecolor=MARKER_EDGE,
                              linewidth=0.5 * self.scale, hatch_linewidth=1.1 * self.scale, zorder=z, **look)
                    )
            self.ax.add_patch(Circle(centre, r, facecolor="none", zorder=z + 0.0005, **self._outline(site)))
        self.sites = sites
        self.marker_boxes: list[Box] = [(s.x - s.outer, s.y - s.outer, s.x + s.outer, s.y + s.outer) for s in sites]

    def _outline(self, site: _Site | None = None, *, uncertain: bool | None = None) -> dict:
        """The marker's outline: dotted and heavier when a force's dates may not cover the date shown."""
        k = self.scale
        if site.site_id in self.in_doubt if uncertain is None else uncertain:
            return {"edgecolor": DATES_OUTLINE, "linewidth": 1.3 * k,
                    "linestyle": (0, tuple(d * 0.6 for d in DATES_DASH))}
        return {"edgecolor": MARKER_OUTLINE, "linewidth": 0.7 * k}

    def crowding(self, box: Box) -> float:
        """How much of the map's content a box would hide: bigger sites count for more."""
        return sum(1 + s.headcount ** 0.3 for s, b in zip(self.sites, self.marker_boxes, strict=True)
                   if _overlaps(box, b, 6))

    def legend(self, handles, labels, heading: str, *, size: float | None = None, **placement) -> Legend:
        options = {
            "frameon": True, "framealpha": 0.92, "edgecolor": "#C5CBD0", "fancybox": False, "borderpad": 0.7,
            "labelspacing": 0.45, "handletextpad": 0.5, "borderaxespad": 0.8, "alignment": "left", **placement,
        }
        prop, bold = self.font("legend"), self.font("legend", weight="bold")
        if size is not None:
            prop.set_size(size)
            bold.set_size(size)
        made = Legend(self.ax, handles, labels, prop=prop, title=heading, title_fontproperties=bold,
                      handler_map={Circle: HandlerPatch(patch_func=_ring_handle)}, **options)
        made.set_zorder(20)
        self.ax.add_artist(made)
        return made

    def draw_actor_legend(self, colours: Mapping[str, str]) -> tuple[str, Box | None]:
        """Actors in view, then keys for the host tint and the dashed ring: in the white beside a map narrowed to
        one world when it holds them (``_legend_beside``), else in the map's emptiest corner."""
        k = self.scale
        present = sorted({a for s in self.sites for a in s.actors}, key=lambda code: (country_name(code), code))
        # States without a colour of their own share one key, so a world map's legend stays short.
        shown = [code for code in present if colours.get(code, LAST_RESORT_COLOUR) != LAST_RESORT_COLOUR]
        others = [code for code in present if code not in shown]
        handles: list = [
            Line2D([], [], linestyle="", marker="o", markersize=8.5 * k, markerfacecolor=colours[code],
                   markeredgecolor=MARKER_OUTLINE, markeredgewidth=0.6 * k)
            for code in shown
        ]
        labels = [f"{country_name(code)} ({code})" for code in shown]
        if others:
            handles.append(Line2D([], [], linestyle="", marker="o", markersize=8.5 * k,
                                  markerfacecolor=LAST_RESORT_COLOUR, markeredgecolor=MARKER_OUTLINE,
                                  markeredgewidth=0.6 * k))
            labels.append(_other_states(others))
        if not handles:
            return "upper left", None
        handles.append(Rectangle((0, 0), 1, 1, facecolor=HOST_TINT, edgecolor=BORDER, linewidth=0.5 * k))
        labels.append("Host state of foreign forces")
        if any(s.precision == "city" for s in self.sites):
            handles.append(Circle((0, 0), 1, facecolor="none", edgecolor=MARKER_OUTLINE, linewidth=0.8 * k,
                                  linestyle=(0, (2.2, 1.6)), alpha=0.85))
            labels.append("Located to a city only")
        # The marks of doubt drawn on this map, in a neutral grey, as on the markers.
        ranks = {_confidence(s, actor) for s in self.sites for actor in s.actors}
        for rank, label in ((1, "Medium confidence (hatched)"), (0, "Low confidence (pale, spotted)")):
            if rank in ranks:
                handles.append(Circle((0, 0), 1, hatch_linewidth=1.1 * k, **_sure_fill(KEY_GREY, rank),
                                      **self._outline(uncertain=False)))
                labels.append(label)
        if self.in_doubt:
            handles.append(Circle((0, 0), 1, facecolor=KEY_GREY, **self._outline(uncertain=True)))
            labels.append("Dates known only to the month or year")
        states = len(shown) + bool(others)
        if self.narrowed:
            beside = self._legend_beside(handles, labels, states)
            if beside is not None:
                return "beside", beside
        columns = 1 if len(handles) <= 9 else 2
        # A map narrowed to one world leaves white beside it: the key may reach into it and hide less of the map.
        space = {"bbox_to_anchor": self.space, "bbox_transform": self.figure.transFigure} if self.narrowed else {}
        best: tuple[float, str, Box] | None = None
        for corner in ("lower left", "lower right", "upper right", "upper left"):
            candidate = self.legend(handles, labels, "Sending state", loc=corner, ncols=columns, **space)
            box = self.box(candidate)
            candidate.remove()
            if best is None or self.crowding(box) < best[0]:
                best = (self.crowding(box), corner, box)
        assert best is not None
        _, corner, box = best
        self.legend(handles, labels, "Sending state", loc=corner, ncols=columns, **space)
        self.obstacles.append(box)
        return corner, box

    def margins(self) -> list[Box]:
        """The white beside a narrowed map, left and right (display pixels), as high as the map box."""
        gap = 0.15 * self.scale * self.dpi
        side = self.side * self.dpi
        left, bottom, right, top = self.map_px
        width = self.figure.bbox.width
        return [(side, bottom, left - gap, top), (right + gap, bottom, width - side, top)]

    def _wrapped(self, labels: Sequence[str], size: float, width_px: float) -> list[str]:
        """Labels broken at spaces into lines no wider than ``width_px`` at font ``size`` (a long word stays)."""
        prop = self.font("legend")
        prop.set_size(size)
        lines_out = []
        for label in labels:
            lines: list[str] = []
            for word in label.split(" "):
                if lines and self.text_width(f"{lines[-1]} {word}", prop) <= width_px:
                    lines[-1] = f"{lines[-1]} {word}"
                else:
                    lines.append(word)
            lines_out.append("\n".join(lines))
        return lines_out

    def _margin_key(self, handles, labels, heading: str, size: float, margin: Box,
                    **extra) -> tuple[Legend, Box] | None:
        """A key set in the white ``margin`` at the top, labels reflowed to its width; None if it does not fit."""
        x0, _, x1, y1 = margin
        # On the white page the key needs no frame, and little padding: the padding, the key's symbol and the
        # gap before the text, in points at this size.
        overhead = self.pt((2 * 0.3 + 2.0 + 0.5) * size + 3)
        wrapped = self._wrapped(labels, size, x1 - x0 - overhead)
        figure_w, figure_h = self.figure.bbox.width, self.figure.bbox.height
        made = self.legend(handles, wrapped, heading, size=size, loc="upper left", borderaxespad=0, frameon=False,
                           borderpad=0.3, bbox_to_anchor=((x0 + 0.5) / figure_w, (y1 - 0.5) / figure_h),
                           bbox_transform=self.figure.transFigure, **extra)
        box = self.box(made)
        if _inside(box, margin):
            return made, box
        made.remove()
        return None

    def _legend_beside(self, handles, labels, states: int) -> Box | None:
        """The key in the white beside a narrowed map, so that it hides none of it: the sending states in the left
        margin and, when they leave no room under them, the other keys in the right one. The type shrinks no
        further than the footnote's; None (and nothing drawn) when the margins cannot hold it."""
        left, right = self.margins()
        if min(left[2] - left[0], right[2] - right[0]) < self.pt(self.fonts["foot"]) * 12:
            return None
        large, small = self.fonts["legend"], self.fonts["foot"]
        for step in range(7):
            size = large - (large - small) * step / 6
            whole = self._margin_key(handles, labels, "Sending state", size, left)
            if whole is not None:
                self.obstacles.append(whole[1])
                self.beside = [whole[1]]
                return whole[1]
            first = self._margin_key(handles[:states], labels[:states], "Sending state", size, left)
            if first is None:
                continue
            rest = self._margin_key(handles[states:], labels[states:], "Key", size, right)
            if rest is None:
                first[0].remove()
                continue
            self.obstacles += [first[1], rest[1]]
            self.beside = [first[1], rest[1]]
            return first[1]
        return None

    def draw_scale_and_sizes(self, legend_corner: str) -> None:
        """A scale bar (true at the map's middle latitude) and the marker size key above it."""
        k = self.scale
        x0, y0, x1, y1 = self.extent
        centre_lat = lat_from_y_degrees((y0 + y1) / 2)
        km_per_unit = KM_PER_DEGREE * math.cos(math.radians(centre_lat))
        bar_km = _nice_km(0.16 * (x1 - x0) * km_per_unit)
        bar_w = bar_km / km_per_unit
        pad = 12 * k * self.data_per_pt
        bar_h = 4.2 * k * self.data_per_pt
        prop = self.font("foot")
        km_w = (self.text_width(" km", prop) + 4) * self.data_per_px
        free = [corner for corner in ("lower right", "lower left") if corner != legend_corner]
        if len(free) == 2:
            width, height = (bar_w + 2 * pad) / self.data_per_px, self.pt(60 * k)
            left, bottom, right, _ = self.map_px
            emptier_left = self.crowding((left, bottom, left + width, bottom + height)) < self.crowding(
                (right - width, bottom, right, bottom + height)
            )
            free = ["lower left" if emptier_left else "lower right"]
        corner = free[0]
        bar_x = x1 - pad - km_w - bar_w if corner == "lower right" else x0 + pad
        bar_y = y0 + pad * 1.3
        drawn = []
        for half in range(2):
            drawn.append(self.ax.add_patch(
                Rectangle((bar_x + half * bar_w / 2, bar_y), bar_w / 2, bar_h, facecolor=INK if half == 0 else "white",
                          edgecolor=INK, linewidth=0.6 * k, zorder=21)
            ))
        digits = 0 if bar_km >= 2 else 1
        text = {"fontproperties": prop, "zorder": 21, "path_effects": self.halo}
        for fraction, value in ((0, 0.0), (0.5, bar_km / 2), (1, bar_km)):
            drawn.append(self.ax.text(bar_x + fraction * bar_w, bar_y + bar_h * 1.5, f"{value:,.{digits}f}",
                                      ha="center", va="bottom", color=INK, **text))
        drawn.append(self.ax.text(bar_x + bar_w, bar_y + bar_h / 2, " km", ha="left", va="center", color=INK,
                                  **text))
        hemisphere = "N" if centre_lat >= 0 else "S"
        drawn.append(self.ax.text(bar_x + bar_w / 2, bar_y - bar_h * 0.6,
                                  f"scale true at {abs(centre_lat):.0f}°{hemisphere}", ha="center", va="top",
                                  color=MUTED, **text))
        boxes = [self.box(artist) for artist in drawn]
        scale_box = (min(b[0] for b in boxes) - 4, min(b[1] for b in boxes) - 4,
                     max(b[2] for b in boxes) + 4, max(b[3] for b in boxes) + 4)
        self.obstacles.append(scale_box)
        if not self.sites:
            return
        sizes = [(count, label) for count, label in PERSONNEL_KEY
                 if count < 10_000 or max(s.headcount for s in self.sites) >= 5000]
        handles = [
            Line2D([], [], linestyle="", marker="o", markersize=2 * self.marker_points(n), markerfacecolor="#C9CED3",
                   markeredgecolor=MARKER_OUTLINE, markeredgewidth=0.6 * k)
            for n, _ in sizes
        ]
        widest = 2 * self.marker_points(sizes[-1][0]) / self.fonts["legend"]
        if self.beside:
            # Beside a narrowed map, the sizes key goes under the keys in the right margin when it fits there
            # (type no smaller than the footnote's).
            x0, y0, x1, y1 = self.margins()[1]
            if len(self.beside) > 1:
                y1 = self.beside[-1][1] - self.pt(self.fonts["legend"])
            labels = [label for _, label in sizes]
            large, small = self.fonts["legend"], self.fonts["foot"]
            for step in range(7):
                size = large - (large - small) * step / 6
                across = 2 * self.marker_points(sizes[-1][0]) / size  # the widest marker, in font sizes
                for columns in sorted({len(sizes), 2, 1}, reverse=True):
                    placed = self._margin_key(handles, labels, "Known personnel", size, (x0, y0, x1, y1),
                                              ncols=columns, columnspacing=0.9, handlelength=across,
                                              handleheight=across * 0.9, handletextpad=0.4)
                    if placed is not None:
                        self.obstacles.append(placed[1])
                        self.beside.append(placed[1])
                        return
        bottom_px, top_px = self.map_px[1], self.map_px[3]
        anchor = (scale_box[3] - bottom_px) / (top_px - bottom_px)
        key = self.legend(handles, [label for _, label in sizes], "Known personnel", loc=corner, ncols=len(sizes),
                          bbox_to_anchor=(0, anchor, 1, 1 - anchor), columnspacing=0.9, borderaxespad=0.4,
                          handlelength=widest, handleheight=widest * 0.9, handletextpad=0.4)
        self.obstacles.append(self.box(key))

    def draw_note(self, note: str) -> None:
        artist = self.ax.text(
            0.5, 0.5, note, transform=self.ax.transAxes, ha="center", va="center", zorder=30, color=INK,
            fontproperties=self.font("note", weight="bold"),
            bbox={"boxstyle": "round,pad=0.7", "facecolor": "white", "edgecolor": "#C5CBD0", "alpha": 0.95},
        )
        left, bottom, right, top = self.box(artist)
        pad = self.pt(self.fonts["note"] * 0.7) + 2
        self.obstacles.append((left - pad, bottom - pad, right + pad, top + pad))

    def _free(self, box: Box, *, skip: set[str] = frozenset()) -> bool:
        return (
            _inside(box, self.inner_px)
            and not any(_overlaps(box, other) for other in self.taken)
            and not any(_overlaps(box, other) for other in self.obstacles)
            and not any(_overlaps(box, b) for s, b in zip(self.sites, self.marker_boxes, strict=True)
                        if s.site_id not in skip)
        )

    def place_labels(self) -> tuple[list[PlacedLabel], list[str]]:
        """Greedy labelling: clusters of touching markers share a label, the biggest first.

        Each label tries eight positions around its marker, then eight further out with a leader line; a label
        that would overlap another label, a marker, the legend or the frame is left off.
        """
        prop = self.font("label")
        gap = self.pt(3.0 * self.scale)
        further = self.pt(16 * self.scale)
        placed: list[PlacedLabel] = []
        unlabelled: list[str] = []
        for cluster in _clusters(self.sites):
            text = _label_text(cluster)
            lead = cluster[0]
            own = {s.site_id for s in cluster}
            reach = max(math.hypot(s.x - lead.x, s.y - lead.y) + s.outer for s in cluster) + gap
            spot = None
            for leader, distance in ((False, reach), (True, reach + further), (True, reach + 2.2 * further)):
                for dx, dy in _OFFSETS:
                    along = distance * (0.72 if dx and dy else 1.0)
                    offset = (dx * along * 72 / self.dpi, dy * along * 72 / self.dpi)
                    alignment = {"ha": "left" if dx > 0 else "right" if dx < 0 else "center",
                                 "va": "bottom" if dy > 0 else "top" if dy < 0 else "center"}
                    artist = self._label(text, lead, offset, alignment, prop)
                    box = self.box(artist)
                    artist.remove()
                    padded = (box[0] - 1.5, box[1] - 1.5, box[2] + 1.5, box[3] + 1.5)
                    if self._free(padded, skip=set() if leader else own):
                        spot = (offset, alignment, leader, box, padded)
                        break
                if spot:
                    break
            if spot is None:
                unlabelled.extend(s.site_id for s in cluster)
                continue
            offset, alignment, leader, box, padded = spot
            arrow = None
            if leader:
                arrow = {"arrowstyle": "-", "color": MUTED, "linewidth": 0.6 * self.scale, "shrinkA": 1.5,
                         "shrinkB": lead.radius * 72 / self.dpi + 1}
            self._label(text, lead, offset, alignment, prop, arrow)
            self.taken.append(padded)
            placed.append(PlacedLabel(tuple(s.site_id for s in cluster), text, self.image_box(box)))
        return placed, unlabelled

    def _label(self, text: str, site: _Site, offset, alignment, prop, arrow=None):
        return self.ax.annotate(
            text, xy=(site.lon, y_degrees(site.lat)), xytext=offset, textcoords="offset points", fontproperties=prop,
            color=INK, linespacing=1.15, zorder=25, path_effects=self.halo, annotation_clip=False,
            arrowprops=arrow, **alignment,
        )

    def label_countries(self, shapes) -> None:
        """Country names where they fit, after the sites so they never push a site label out."""
        prop = self.font("label", style="italic")
        x0, y0, x1, y1 = self.extent
        frame = shapely.box(x0, y0, x1, y1)
        visible = [(iso3, name, geometry.intersection(frame)) for iso3, name, geometry in shapes]
        for iso3, name, inside in sorted(visible, key=lambda item: (-item[2].area, item[0] or "")):
            if inside.is_empty or inside.area < (x1 - x0) * (y1 - y0) * 0.004:
                continue
            text = (country_name(iso3) if iso3 else str(name)).upper()
            west, _, east, _ = inside.bounds
            for point in self._label_points(inside):
                artist = self.ax.text(point.x, point.y, text, ha="center", va="center", fontproperties=prop,
                                      color=COUNTRY_LABEL, zorder=3)
                box = self.box(artist)
                padded = (box[0] - 4, box[1] - 4, box[2] + 4, box[3] + 4)
                fits = (box[2] - box[0]) * self.data_per_px < (east - west) * 0.9
                if fits and self._free(padded):
                    self.taken.append(padded)
                    break
                artist.remove()

    @staticmethod
    def _label_points(area) -> list:
        """Where a country's name may go: its middle first, then the middle of each quarter of it."""
        west, south, east, north = area.bounds
        mid_x, mid_y = (west + east) / 2, (south + north) / 2
        quarters = [shapely.box(*corners).intersection(area) for corners in (
            (west, mid_y, mid_x, north), (mid_x, mid_y, east, north), (west, south, mid_x, mid_y),
            (mid_x, south, east, mid_y))]
        return [area.representative_point()] + [q.representative_point() for q in quarters if not q.is_empty]

    def draw_header(self, title: str, subtitle: str) -> tuple[str, str]:
        x = self.side / self.width_in
        top = self.height_in - self.banner_h - 0.14 * self.scale
        shown_title = ""
        if title:
            size = self.fonts["title"]
            prop = FontProperties(family=list(font_families()), size=size, weight="bold")
            while size > 11 and self.text_width(title, prop) > self.text_width_px:
                size -= 0.5
                prop = FontProperties(family=list(font_families()), size=size, weight="bold")
            shown_title = _fit_text(title, prop, self.text_width_px, self.renderer)
            self.figure.text(x, top / self.height_in, shown_title, ha="left", va="top", fontproperties=prop,
                             color=INK)
            top -= size * 1.3 / 72
        prop = self.font("subtitle")
        shown_subtitle = _fit_text(subtitle, prop, self.text_width_px, self.renderer)
        self.figure.text(x, top / self.height_in, shown_subtitle, ha="left", va="top", fontproperties=prop,
                         color=MUTED)
        return shown_title, shown_subtitle

    def draw_footnote(self, entries: Sequence[tuple[str, int]], tail: Sequence[str]) -> str:
        prop = self.font("foot")
        if entries:
            sources = _wrap_items("Sources: ", entries, prop, self.text_width_px, 2, self.renderer)
        else:
            sources = "Sources: none cited (no site shown)"
        footnote = sources + "\n" + _fit_text(" · ".join(tail), prop, self.text_width_px, self.renderer)
        self.figure.text(self.side / self.width_in, (self.banner_h + 0.08 * self.scale) / self.height_in, footnote,
                         ha="left", va="bottom", fontproperties=prop, color=MUTED, linespacing=1.35)
        return footnote

    def draw_banner(self, text: str) -> None:
        fill, ink = banner_colours(text)
        prop = self.font("banner", weight="bold")
        shown = _fit_text(text, prop, self.width_in * self.dpi * 0.95, self.renderer)
        height = self.banner_h / self.height_in
        for bottom in (0.0, 1 - height):
            self.figure.patches.append(
                Rectangle((0, bottom), 1, height, transform=self.figure.transFigure, facecolor=fill,
                          edgecolor="none", zorder=50)
            )
            self.figure.text(0.5, bottom + height / 2, shown, ha="center", va="center_baseline", fontproperties=prop,
                             color=ink, zorder=51)


KEY_GREY = "#6A7178"  # legend keys for marks that do not depend on a state's colour


def _confidence(site: _Site, actor: str) -> int:
    """How sure ``actor``'s presence at ``site`` is: the rank of its best-supported force there."""
    return max(CONFIDENCE_RANK.get(row["confidence"], 0) for row in site.rows if row["actor_iso3"] == actor)


def _sites_in_doubt(sites: Sequence[_Site]) -> set[str]:
    """The sites where a force's dates, known only to the month or year, may not cover the date shown."""
    rows = pd.DataFrame([row for site in sites for row in site.rows])
    return set(rows.loc[dates_in_doubt(rows), "site_id"]) if len(rows) else set()


def _sure_fill(colour: str, rank: int) -> dict:
    """Patch colours for a fill as sure as ``rank``: solid (high), pale and hatched in the colour (medium), pale
    and spotted in it (low) - as footprint-map.js draws them."""
    if rank >= 2:
        return {"facecolor": colour}
    red, green, blue = to_rgb(colour)
    pale = tuple(1 - PALE_ALPHA + PALE_ALPHA * c for c in (red, green, blue))
    return {"facecolor": pale, "hatch": "//////" if rank == 1 else "..", "hatchcolor": colour}


def _ring_handle(legend, orig_handle, xdescent, ydescent, width, height, fontsize) -> Circle:
    """A round legend key (the dashed ring, the marks of doubt): a circle, not the default rectangle."""
    return Circle((width / 2 - xdescent, height / 2 - ydescent), min(width, height) * 0.62)


def _clusters(sites: Sequence[_Site]) -> list[list[_Site]]:
    """Sites whose markers touch, grouped and each led by its biggest site; the most telling groups first.

    A group's weight grows with the log of its known personnel, its number of sites and of actors, so a
    cluster of four bases with no published figures still outranks a lone detachment of thirty.
    """
    parent = list(range(len(sites)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(sites):
        for j in range(i + 1, len(sites)):
            b = sites[j]
            if math.hypot(a.x - b.x, a.y - b.y) < (a.radius + b.radius) * 1.05:
                parent[find(i)] = find(j)
    groups: dict[int, list[_Site]] = {}
    for i, s in enumerate(sites):
        groups.setdefault(find(i), []).append(s)
    clusters = [
        sorted(group, key=lambda s: (-s.headcount, -len(s.actors), s.name, s.site_id)) for group in groups.values()
    ]

    def weight(group: list[_Site]) -> float:
        actors = {a for s in group for a in s.actors}
        return math.log10(1 + sum(s.headcount for s in group)) + 0.5 * (len(group) - 1) + 0.3 * len(actors)

    return sorted(clusters, key=lambda group: (-round(weight(group), 6), group[0].site_id))
