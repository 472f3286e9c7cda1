"""What the user asked for: the checked arguments of a briefing."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pptx import Presentation

from footprint.archive import check_zip
from footprint.briefing.elements import BRAND_KEYS, DEFAULT_COLOURS, DEFAULT_DPI
from footprint.briefing.text import _hex
from footprint.filters import Filters
from footprint.model import Dataset
from footprint.render import check_bbox
from footprint.words import (
    tidy,
)


@dataclass(frozen=True)
class BriefRequest:
    """What a briefing is asked to show, as given; ``plan_deck`` checks it (``ValueError`` saying what is wrong).

    ``dates`` are the situation dates, increasing, none after the dataset's as-of date. ``actors`` (sending
    states) and ``countries`` (hosts) are ISO3 codes; ``region`` is a preset name (``sahel``, ``horn``, …);
    ``filters`` gives all the map's filters at once instead (forces, site types, roles and confidence too);
    ``bbox`` (west, south, east, north) the map view; ``sites`` the site ids that get a dossier. ``template`` is a
    .pptx whose slide size, layouts and master the deck uses; ``brand_colours`` maps ``primary`` (title bar,
    table headers), ``accent``, ``text``, ``title_text`` and ``background`` to hex colours. ``banner`` is a
    handling marking written at the top and bottom of every slide; ``title`` replaces the default title.
    """

    dates: Sequence[dt.date | str] | None = None
    actors: Iterable[str] | None = None
    countries: Iterable[str] | None = None
    region: str | None = None
    filters: Filters | None = None
    bbox: Sequence[float] | None = None
    sites: Iterable[str] | None = None
    template: Path | str | None = None
    brand_colours: Mapping[str, str] | None = None
    banner: str | None = None
    title: str | None = None
    dpi: float = DEFAULT_DPI


def _request(request: BriefRequest | None, keywords: dict[str, object]) -> BriefRequest:
    """The request, given whole or as keywords (not both)."""
    if request is not None and keywords:
        raise ValueError("pass a BriefRequest or its fields as keywords, not both")
    try:
        return request if request is not None else BriefRequest(**keywords)
    except TypeError as error:  # a keyword that is no field of the request
        raise ValueError(str(error)) from None


@dataclass(frozen=True)
class _Choice:
    dates: tuple[dt.date, ...]
    filters: Filters
    bbox: tuple[float, float, float, float] | None
    sites: tuple[str, ...]
    template: Path | None
    colours: dict[str, str]
    title_text: str | None
    brand: bool
    brand_background: bool
    banner: str | None
    title: str | None
    dpi: float


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD)")


def _check(dataset: Dataset, request: BriefRequest) -> _Choice:
    dates, actors, countries, region, filters = (request.dates, request.actors, request.countries, request.region,
                                                 request.filters)
    bbox, sites, template, brand_colours = request.bbox, request.sites, request.template, request.brand_colours
    banner, title, dpi = request.banner, request.title, request.dpi
    if dates is None or isinstance(dates, (str, dt.date)):
        raise ValueError("dates must be a list of dates, e.g. [2022-01-01, 2024-05-15]")
    days = tuple(_as_date(d) for d in dates)
    if not days:
        raise ValueError("choose at least one date for the briefing")
    for earlier, later in itertools.pairwise(days):
        if later <= earlier:
            raise ValueError(f"dates must increase: {later.isoformat()} comes after {earlier.isoformat()}")
    if days[-1] > dataset.as_of:
        raise ValueError(f"{days[-1].isoformat()} is after the dataset's as-of date ({dataset.as_of.isoformat()})")
    if filters is None:
        filters = Filters.of(actors=actors, countries=countries, region=region)
    elif actors or countries or region:
        raise ValueError("pass the filters either as filters= or as actors, countries and region, not both")
    filters.check(dataset)
    chosen_bbox = check_bbox(bbox) if bbox is not None else None
    if isinstance(sites, str):
        sites = [sites]
    chosen_sites = tuple(dict.fromkeys(str(s).strip() for s in (sites or ()) if str(s).strip()))
    unknown_sites = [s for s in chosen_sites if s not in dataset.sites.index]
    if unknown_sites:
        raise ValueError(f"unknown site {', '.join(map(repr, unknown_sites))}: use site ids such as ner-air-base-101")
    template_path = None
    if template is not None:
        template_path = Path(template)
        if not template_path.is_file():
            raise ValueError(f"template {template_path.name!r} is not a file")
        # Sizes are checked before python-pptx inflates anything: a small file can inflate to gigabytes.
        check_zip(template_path, label="the template", kind=".pptx")
        try:
            Presentation(str(template_path))
        except Exception:  # python-pptx raises several kinds for files that are not decks; their text names paths
            raise ValueError("the template is not a .pptx presentation; save it from PowerPoint as .pptx") from None
    colours = dict(DEFAULT_COLOURS)
    title_text = None
    if brand_colours is not None:
        if not isinstance(brand_colours, Mapping):
            raise ValueError("brand_colours must be a mapping such as {'primary': '#7A0019', 'accent': '#FFB71E'}")
        unknown_keys = [k for k in brand_colours if k not in BRAND_KEYS]
        if unknown_keys:
            raise ValueError(f"unknown brand colour {', '.join(map(repr, unknown_keys))}: use {', '.join(BRAND_KEYS)}")
        for key, value in brand_colours.items():
            if key == "title_text":
                title_text = _hex(value, key)
            else:
                colours[key] = _hex(value, key)
    if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or not 50 <= dpi <= 600:
        raise ValueError(f"dpi must be a number from 50 to 600, not {dpi!r}")
    banner_text = tidy(banner) or None
    if banner_text and len(banner_text) > 120:
        raise ValueError("the banner is a handling marking: keep it under 120 characters")
    return _Choice(
        dates=days, filters=filters, bbox=chosen_bbox,
        sites=chosen_sites, template=template_path, colours=colours, title_text=title_text,
        brand=bool(brand_colours), brand_background="background" in (brand_colours or {}), banner=banner_text,
        title=tidy(title) or None, dpi=float(dpi),
    )
