"""KML and KMZ with time, written and read with fastkml (never string templates).

One placemark per deployment, with a ``TimeSpan`` whose begin and end are written at the row's date
precision (``2024``, ``2024-05`` or ``2024-05-15``), so Google Earth's time slider plays the changes.
Placemarks sit in one folder per sending state and use the app's actor colours. Descriptions are HTML
that Google Earth renders, so every data string in them is HTML-escaped before fastkml escapes the XML.
"""

from __future__ import annotations

import html
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
from fastkml import KML, Data, Document, ExtendedData, Folder, Icon, IconStyle, LabelStyle, Placemark, Style, StyleUrl
from fastkml.enums import DateTimeResolution
from fastkml.geometry import Point as KmlPoint
from fastkml.times import KmlDateTime, TimeSpan
from pygeoif.geometry import Point

from footprint.dates import parse_partial
from footprint.exchange.selection import Selection
from footprint.geography import country_name
from footprint.style import actor_colours
from footprint.words import personnel_label

# Google Earth's own white circle, tinted by the style colour; a KMZ carries its own copy instead.
EARTH_ICON = "https://maps.google.com/mapfiles/kml/shapes/placemark_circle.png"
KMZ_ICON = "files/dot.png"
RESOLUTION = {"day": DateTimeResolution.date, "month": DateTimeResolution.year_month, "year": DateTimeResolution.year}
# Placemark data a program can read back; free text stays in the (escaped) description only.
PLACEMARK_DATA = ("deployment_id", "actor_iso3", "site_id", "host_iso3", "start_date", "start_precision", "end_date",
                  "end_precision", "personnel_min", "personnel_max", "confidence", "source_ids")


def kml_colour(hex_colour: str) -> str:
    """``#RRGGBB`` as KML's ``aabbggrr``, opaque."""
    red, green, blue = hex_colour[1:3], hex_colour[3:5], hex_colour[5:7]
    return f"ff{blue}{green}{red}".lower()


def time_span(start_date: str, start_precision: str, end_date: object, end_precision: object) -> TimeSpan:
    """A TimeSpan from partial dates; an open deployment has no end."""
    start = parse_partial(start_date, start_precision)
    begin = KmlDateTime(start.earliest, RESOLUTION[start.precision])
    end = None
    if isinstance(end_date, str) and end_date:
        finish = parse_partial(end_date, str(end_precision))
        end = KmlDateTime(finish.earliest, RESOLUTION[finish.precision])
    return TimeSpan(begin=begin, end=end)


def _e(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value), quote=True)


def _sources_html(source_ids: tuple[str, ...], sources: pd.DataFrame) -> str:
    items = []
    for source_id in source_ids:
        if source_id not in sources.index:
            continue
        record = sources.loc[source_id]
        label = _e(record["outlet"]) + (f": {_e(record['title'])}" if isinstance(record["title"], str) else "")
        url = record["url"] if isinstance(record["url"], str) and record["url"].startswith(("http://", "https://")) \
            else None
        text = f'<a href="{_e(url)}">{label}</a>' if url else label
        if isinstance(record["published"], str):
            text += f" ({_e(record['published'])})"
        items.append(f"<li>{text}</li>")
    return "<p>Sources:</p><ol>" + "".join(items) + "</ol>"


def _description(row: pd.Series, sources: pd.DataFrame) -> str:
    force = f" · {_e(row['force'])}" if isinstance(row["force"], str) else ""
    until = f"{_e(row['end_date'])} ({_e(row['end_precision'])})" if isinstance(row["end_date"], str) \
        else "still present at the as-of date"
    personnel = personnel_label(row["personnel_min"], row["personnel_max"]) or "unknown"
    lines = [
        f"<b>{_e(country_name(row['actor_iso3']))}</b>{force} ({_e(str(row['force_kind']).replace('_', ' '))})",
        f"at {_e(row['site_name'])}, {_e(country_name(row['host_iso3']))}",
        f"from {_e(row['start_date'])} ({_e(row['start_precision'])}) to {until}",
        f"personnel {_e(personnel)}; confidence {_e(row['confidence'])}",
    ]
    if row["role"]:
        lines.append("role: " + _e(", ".join(r.replace("_", " ") for r in row["role"])))
    if isinstance(row["status_note"], str):
        lines.append(_e(row["status_note"]))
    return "<p>" + "<br/>".join(lines) + "</p>" + _sources_html(row["source_ids"], sources)


def _data(pairs: dict[str, object]) -> ExtendedData:
    elements = []
    for name, value in pairs.items():
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            continue
        text = ";".join(value) if isinstance(value, tuple) else str(value)
        elements.append(Data(name=name, value=text))
    return ExtendedData(elements=elements)


def kml_document(selection: Selection, *, icon: str = EARTH_ICON) -> KML:
    """The selection's deployments as a KML document; ``icon`` is the marker image, tinted per actor."""
    deployments = selection.deployments
    colours = actor_colours(deployments["actor_iso3"])
    sources = selection.sources.set_index("source_id", drop=False)
    styles = [
        Style(id=f"actor-{code}", styles=[IconStyle(color=kml_colour(colour), scale=1.1,
                                                                    icon=Icon(href=icon)),
                                          LabelStyle(color=kml_colour(colour), scale=0.8)])
        for code, colour in colours.items()
    ]
    folders = []
    for code in sorted(colours, key=country_name):
        rows = deployments[deployments["actor_iso3"] == code]
        placemarks = []
        for _, row in rows.iterrows():
            name = f"{row['site_name']} · {row['force']}" if isinstance(row["force"], str) else row["site_name"]
            placemarks.append(
                Placemark(
                    id=row["deployment_id"],
                    name=name,
                    description=_description(row, sources),
                    times=time_span(row["start_date"], row["start_precision"], row["end_date"], row["end_precision"]),
                    style_url=StyleUrl(url=f"#actor-{code}"),
                    extended_data=_data({key: row[key] for key in PLACEMARK_DATA}),
                    kml_geometry=KmlPoint(geometry=Point(float(row["lon"]), float(row["lat"]))),
                )
            )
        folders.append(Folder(id=f"sending-{code}", name=f"{country_name(code)} ({code})", features=placemarks))
    meta = selection.metadata
    description = (
        f"<p>{_e(selection.title)}</p><p>Data as of {_e(meta['as_of'])}. Filters: {_e(meta['filters'] or 'none')}."
        f"</p><p>Cite as: {_e(meta['citation'])}</p>"
    )
    document = Document(
        name=f"{selection.title}: {meta['filters'] or 'all'}",
        description=description,
        styles=styles,
        extended_data=_data(meta),
        features=folders,
    )
    return KML(features=[document])


def kml_bytes(selection: Selection, *, icon: str = EARTH_ICON) -> bytes:
    text = kml_document(selection, icon=icon).to_string(prettyprint=True)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text).encode("utf-8")


def _dot_png() -> bytes:
    """A white disc with a dark rim, which KML styles tint in each actor's colour."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((2, 2, 29, 29), fill=(255, 255, 255, 255), outline=(40, 40, 40, 255), width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def kmz_bytes(selection: Selection) -> bytes:
    """A KMZ: ``doc.kml`` as the archive's first entry, as Google Earth expects."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("doc.kml", kml_bytes(selection, icon=KMZ_ICON))
        archive.writestr(KMZ_ICON, _dot_png())
    return buffer.getvalue()


# --- reading -----------------------------------------------------------------


@dataclass(frozen=True)
class KmlPlacemark:
    """A point placemark as read back: its name, point, time span, style and data values."""

    number: int
    name: str | None
    lat: float | None
    lon: float | None
    data: dict[str, str]
    begin: str | None
    end: str | None
    style_url: str | None
    folder: str | None
    description: str | None


def kml_content(content: bytes, name: str) -> bytes:
    """The KML inside ``content``: the bytes themselves, or a KMZ's first ``.kml`` entry."""
    if name.lower().endswith(".kmz") or content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entry = next((n for n in archive.namelist() if n.lower().endswith(".kml")), None)
            if entry is None:
                raise ValueError(f"{name}: the KMZ holds no .kml file")
            content = archive.read(entry)
    return content


def _walk(feature, folder: str | None) -> Iterator[tuple[object, str | None]]:
    for child in getattr(feature, "features", None) or []:
        if isinstance(child, Placemark):
            yield child, folder
        else:
            yield from _walk(child, getattr(child, "name", None) if isinstance(child, Folder) else folder)


def read_placemarks(content: bytes, name: str) -> list[KmlPlacemark]:
    """Every placemark in a KML or KMZ file, numbered from 1 in document order."""
    document = KML.parse(io.BytesIO(kml_content(content, name)), strict=False)
    found = []
    for number, (placemark, folder) in enumerate(_walk(document, None), start=1):
        geometry = placemark.geometry
        lat = lon = None
        if geometry is not None and getattr(geometry, "geom_type", "") == "Point":
            lon, lat = float(geometry.x), float(geometry.y)
        data = {}
        if placemark.extended_data is not None:
            for element in placemark.extended_data.elements:
                if isinstance(element, Data) and element.name:
                    data[element.name] = element.value or ""
        span = placemark.times if isinstance(placemark.times, TimeSpan) else None
        found.append(
            KmlPlacemark(
                number=number,
                name=placemark.name,
                lat=lat,
                lon=lon,
                data=data,
                begin=str(span.begin) if span is not None and span.begin is not None else None,
                end=str(span.end) if span is not None and span.end is not None else None,
                style_url=placemark.style_url.url if placemark.style_url is not None else None,
                folder=folder,
                description=placemark.description,
            )
        )
    return found
