"""The hostile-input table: every payload kind (tests/hostile.py) in every free-text field of the data and in
every title and banner, through every output the product writes: map and time-lapse HTML, SVG snapshots, PPTX
decks, the CLI's JSON and CSV. Each output must hold the text as text: no element, attribute, link, script or
template evaluation comes from the payload, and the text reads back unchanged. The app's pages are driven in
chromium by tests/test_browser_hostile.py."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from footprint.cli import main
from footprint.csvfile import restore
from footprint.dataset import DatasetError, load_dataset
from footprint.mapping import Assets, build_map, standalone_html
from footprint.view import View
from tests.conftest import set_cell
from tests.hostile import PAYLOADS, REFUSED, hostile_dataset, script_arguments

KINDS = list(PAYLOADS)
AS_OF = dt.date(2024, 6, 1)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    target = tmp_path_factory.mktemp("hostile") / "data"
    kinds = hostile_dataset(target)
    return target, kinds


@pytest.fixture(scope="module")
def data(hostile):
    return load_dataset(hostile[0])


class _Page(HTMLParser):
    """Every element with its attributes, the <title> text and every script's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self.scripts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        self._in = tag

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.scripts.append(data)


def _parse(text: str) -> _Page:
    page = _Page()
    page.feed(text)
    page.close()
    return page


def _shape(page: _Page) -> tuple[list[str], set[tuple[str, str]]]:
    return [tag for tag, _ in page.elements], {(tag, name) for tag, attrs in page.elements for name in attrs}


def _assert_inert_html(text: str, baseline: str) -> None:
    """The page has exactly the elements and attribute names the benign page has: nothing came from data."""
    page, plain = _parse(text), _parse(baseline)
    tags, attributes = _shape(page)
    plain_tags, plain_attributes = _shape(plain)
    assert tags == plain_tags, sorted(set(tags) ^ set(plain_tags))
    assert attributes == plain_attributes, attributes ^ plain_attributes
    for _, attrs in page.elements:
        for name, value in attrs.items():
            assert not name.startswith("on"), name
            if name in ("href", "src") and value:
                assert not value.strip().lower().replace("\t", "").startswith(("javascript:", "data:text")), value
    assert "49" not in page.title and "alert(" not in "".join(t for t, _ in page.elements)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _benign(tmp_path_factory) -> Path:
    from tests.conftest import TINY

    return TINY


# --- map HTML -------------------------------------------------------------------------------------------------


def _map_html(data, *, title, banner) -> str:
    view = View(as_of=AS_OF)
    fmap = build_map(data, view.presence(data), view.events(data), assets=Assets(inline=True))
    return standalone_html(fmap, title=title, banner=banner)


@pytest.fixture(scope="module")
def map_baseline(data) -> str:
    return _map_html(data, title="Plain title", banner="UNCLASSIFIED")


@pytest.mark.parametrize("kind", KINDS)
def test_map_html_export_holds_every_payload_as_text(data, map_baseline, kind):
    payload = PAYLOADS[kind]
    page = _map_html(data, title=payload, banner=payload)
    _assert_inert_html(page, map_baseline)
    assert _parse(page).title == payload  # the title reads back as typed, not as markup
    layers = script_arguments(page, "layers")
    assert layers, "the map's data was not found in the page"
    texts = {html.unescape(s) for s in _strings(layers)}
    assert payload.strip() in texts, f"{kind}: the text was changed on its way into the map"


@pytest.mark.parametrize("kind", ["jinja expression", "jinja statement", "jinja comment"])
def test_template_syntax_in_data_is_never_evaluated(data, map_baseline, kind):
    page = _map_html(data, title=None, banner=None)
    texts = {html.unescape(s) for s in _strings(script_arguments(page, "layers"))}
    assert PAYLOADS[kind].strip() in texts


def test_app_map_tables_and_steps_hold_payloads_as_text(data):
    """What the app sends the map once per data version (sources, actors) and on each step (sites, forces,
    events): every text escaped, nothing of it able to end the script or become a template."""
    from footprint.mapping import layers_script, tables_script
    from footprint.style import actor_colours

    view = View(as_of=AS_OF)
    colours = actor_colours(data.deployments["actor_iso3"])
    shared = tables_script(data, colours, "v1")
    step = layers_script(data, view.presence(data), view.events(data), colours=colours, tables="v1")
    for text in (shared, step):
        assert not set("<>&{}") & set(text.split("JSON.parse(", 1)[1]), "unescaped markup or template syntax"
    (tables,) = script_arguments(shared, "tables")
    (state,) = script_arguments(f"footprint.show(map, {step});", "layers")
    sources = {html.unescape(s) for s in _strings(tables["sources"])}
    shown = {html.unescape(s) for s in _strings(state["payload"])}
    for kind, payload in PAYLOADS.items():
        assert payload.strip() in sources and payload.strip() in shown, kind


def test_timelapse_html_holds_payloads_as_text(data):
    from footprint.timelapse import timelapse_html

    days = [dt.date(2024, 5, 1), AS_OF]
    view = View(as_of=AS_OF)
    baseline = timelapse_html(data, view, days, title="Plain title")
    for kind, payload in PAYLOADS.items():
        page = timelapse_html(data, view, days, title=payload)
        _assert_inert_html(page, baseline)
        assert _parse(page).title == payload, kind
    frames = script_arguments(baseline, "timelapse")[0]
    texts = {html.unescape(s) for s in _strings(frames)}
    for kind, payload in PAYLOADS.items():
        assert payload.strip() in texts, kind


# --- SVG -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_svg_snapshot_is_valid_xml_with_the_payload_as_text(data, kind):
    from footprint.render import render_snapshot

    payload = PAYLOADS[kind]
    svg = render_snapshot(data, View(as_of=AS_OF, countries=("NER",)), title=payload, banner=payload, fmt="svg",
                          dpi=50)
    root = ET.fromstring(svg)
    names = {element.tag.rsplit("}", 1)[-1] for element in root.iter()}
    assert "script" not in names and "foreignObject" not in names
    for element in root.iter():
        assert not any(name.startswith("on") for name in element.attrib), element.attrib
        for name, value in element.attrib.items():
            if name.endswith("href"):
                assert value.startswith(("#", "data:image/")), value
    title = next((e.text for e in root.iter() if e.tag.endswith("title")), "")
    shown = title.removesuffix("…")  # a title too long for the page is cut, with an ellipsis
    assert shown and (payload.startswith(shown) or " ".join(payload.split()).startswith(shown)), (kind, title)


@pytest.mark.parametrize("fmt", ["svg", "html", "pptx"])
def test_titles_with_control_characters_still_make_valid_files(data, fmt):
    from footprint import briefing
    from footprint.render import render_snapshot

    title, banner = "Sahel\x00 review\x1b[31m", "SECRET\x07"
    if fmt == "svg":
        svg = render_snapshot(data, View(as_of=AS_OF), title=title, banner=banner, fmt="svg", dpi=50)
        texts = " ".join(e.text or "" for e in ET.fromstring(svg).iter())
        assert "Sahel review[31m" in texts
    elif fmt == "html":
        page = _map_html(data, title=title, banner=banner)
        assert "\x00" not in page and "\x1b" not in page and _parse(page).title == "Sahel review[31m"
    else:
        deck = briefing.build_deck(data, dates=[AS_OF], countries=["NER"], title=title, banner=banner, dpi=50)
        buffer = io.BytesIO()
        deck.save(buffer)  # python-pptx refuses to write control characters: reaching here is half the test
        from pptx import Presentation

        texts = [shape.text_frame.text for shape in Presentation(io.BytesIO(buffer.getvalue())).slides[0].shapes
                 if shape.has_text_frame]
        assert any("Sahel review[31m" in text for text in texts), texts


# --- PPTX ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["script element", "jinja expression", "xml breaker", "markdown link",
                                  "other scripts", "rtl override", "csv formula", "closing title"])
def test_pptx_deck_holds_payloads_as_text(data, hostile, kind):
    from footprint import briefing

    payload = PAYLOADS[kind]
    site = next(site_id for site_id, k in hostile[1].items() if k == kind)
    deck = briefing.build_deck(data, dates=[AS_OF], countries=["NER"], sites=[site], title=payload, banner=payload,
                               dpi=50)
    buffer = io.BytesIO()
    deck.save(buffer)
    from pptx import Presentation

    again = Presentation(io.BytesIO(buffer.getvalue()))
    texts = [shape.text_frame.text for slide in again.slides for shape in slide.shapes if shape.has_text_frame]
    notes = [slide.notes_slide.notes_text_frame.text for slide in again.slides if slide.has_notes_slide]
    joined = "\n".join(texts + notes)
    assert payload.strip()[:40] in joined or " ".join(payload.split())[:40] in joined, kind
    assert "49" not in texts[0]


# --- the CLI's JSON and CSV ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_cli_outputs_hold_every_payload_unchanged(hostile, capsys, fmt):
    directory, _ = hostile
    assert main(["events", "--from", "2024-01-01", "--to", "2024-12-31", "--format", fmt, "--data",
                 str(directory)]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        summaries = {row["summary"] for row in json.loads(out)}
    else:
        rows = list(csv.DictReader(io.StringIO(out)))
        summaries = {restore(row["summary"]) for row in rows}
        assert not any(row["summary"].startswith(("=", "+", "@")) for row in rows)
    for kind, payload in PAYLOADS.items():
        assert payload.strip() in summaries, kind


# --- kinds the data refuses -------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(REFUSED))
@pytest.mark.parametrize(("table", "column"), [("sites", "name"), ("events", "summary"), ("sources", "outlet")])
def test_control_characters_are_refused_with_row_and_column(tiny_copy, kind, table, column):
    text, words = REFUSED[kind]
    set_cell(tiny_copy, table, 1, column, text)
    with pytest.raises(DatasetError) as caught:
        load_dataset(tiny_copy)
    assert any(p.file == f"{table}.csv" and p.row == 1 and p.column == column and words in p.message
               for p in caught.value.problems)


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_static_renders_have_a_glyph_for_names_in_other_scripts(tiny_copy, fmt):
    import warnings

    from footprint.render import render_snapshot

    set_cell(tiny_copy, "sites", 1, "name", "北京基地 Москва القاعدة ⵜⴰⵎⴰⵣⵉⵖⵜ Ελλάδα")
    data = load_dataset(tiny_copy)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render_snapshot(data, View(as_of=AS_OF, countries=("NER",)), title="東京 briefing", fmt=fmt, dpi=50)
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert missing == []
