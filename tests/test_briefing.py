"""Briefing decks: the pptx opens in python-pptx, the PDF matches it page for page, every claim is sourced."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches

from footprint import briefing
from footprint.briefing.text import _text_height
from footprint.dataset import load_dataset
from footprint.filters import Filters
from footprint.geography import REGIONS
from footprint.query import presence_at
from footprint.words import day_words

ROOT = Path(__file__).resolve().parent.parent
SAHEL_DATES = [dt.date(2022, 1, 1), dt.date(2023, 7, 1), dt.date(2024, 5, 15), dt.date(2025, 3, 1)]
DPI = 100
SMALL = {"dates": [dt.date(2024, 5, 15)], "region": "sahel", "actors": ["RUS"], "dpi": 60}


@pytest.fixture(scope="module")
def data():
    return load_dataset(ROOT / "data")


@pytest.fixture(scope="module")
def sahel(data):
    """The Sahel deck of the issue, planned once and written both ways."""
    calls: list[tuple[float, str]] = []
    plan = briefing.plan_deck(data, dates=SAHEL_DATES, region="sahel", sites=["ner-air-base-101"], dpi=DPI,
                              progress=lambda fraction, message: calls.append((fraction, message)))
    deck = briefing.render_deck(plan)
    reloaded = Presentation(io.BytesIO(briefing.deck_bytes(deck)))
    pdf = briefing.render_pdf(plan)
    return plan, reloaded, pdf, calls


def _kinds(prs) -> list[str]:
    return [slide.name for slide in prs.slides]


def _text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def _notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def _page_sizes(pdf: bytes) -> set[tuple[int, int]]:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return {tuple(round(side) for side in document[index].get_size()) for index in range(len(document))}
    finally:
        document.close()


# --- the Sahel deck -----------------------------------------------------------------------------------------


def test_sahel_deck_has_the_slides_of_the_issue_in_order(sahel):
    plan, prs, _pdf, _calls = sahel
    kinds = _kinds(prs)
    counts = {kind: kinds.count(kind) for kind in set(kinds)}
    assert counts["title"] == 1 and counts["map"] == 4 and counts["compare"] == 1 and counts["dossier"] == 1
    for paged in ("changes", "timeline", "forces", "sources"):
        assert counts[paged] >= 1, paged
    expected = (["title"] + ["map"] * 4 + ["compare"] + ["changes"] * counts["changes"]
                + ["timeline"] * counts["timeline"] + ["dossier"] + ["forces"] * counts["forces"]
                + ["sources"] * counts["sources"])
    assert kinds == expected
    assert len(prs.slides) == len(plan.slides) == len(expected)
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333333), Inches(7.5)) or \
        abs(prs.slide_width / prs.slide_height - 16 / 9) < 1e-3


def test_titles_tell_the_dates_and_the_region(sahel):
    _plan, prs, _pdf, _calls = sahel
    titles = [slide.shapes.title.text_frame.text for slide in prs.slides]
    assert titles[0] == "Foreign military presence: Sahel, 2022–2025"
    assert titles[1:5] == ["Situation on 1 January 2022", "Situation on 1 July 2023", "Situation on 15 May 2024",
                           "Situation on 1 March 2025"]
    cover = _text(prs.slides[0])
    assert "1 Jan 2022 · 1 Jul 2023 · 15 May 2024 · 1 Mar 2025" in cover
    assert f"Dataset as of {day_words(_plan.as_of)}" in cover and "Sahel" in cover
    dossier = next(s for s in prs.slides if s.name == "dossier")
    assert "Air Base 101" in dossier.shapes.title.text_frame.text


def test_every_map_and_chart_slide_has_a_picture(sahel):
    _plan, prs, _pdf, _calls = sahel
    for slide in prs.slides:
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        if slide.name in ("map", "timeline", "dossier"):
            assert len(pictures) == 1, slide.name
        if slide.name == "compare":
            assert len(pictures) == 2


def test_situation_maps_carry_key_changes_since_the_previous_date(sahel):
    _plan, prs, _pdf, _calls = sahel
    maps = [s for s in prs.slides if s.name == "map"]
    boxes = [next(shape for shape in s.shapes if shape.name == "changes").text_frame.text for s in maps]
    assert boxes[0].startswith("On 1 January 2022")
    assert boxes[1].startswith("Key changes since 1 Jan 2022")
    assert boxes[2].startswith("Key changes since 1 Jul 2023")
    assert boxes[3].startswith("Key changes since 15 May 2024")
    # The reshuffle: Russia reaches Air Base 101 between July 2023 and May 2024, the United States leaves after.
    assert "Russia (Africa Corps) arrived at Air Base 101" in boxes[2]
    assert "United States left Air Base 101" in _notes(maps[3]) or "United States left Air Base 101" in boxes[3]


def test_comparison_and_force_summary_are_real_tables(sahel):
    _plan, prs, _pdf, _calls = sahel
    for kind, header in (("compare", "Sending state"), ("changes", "Change"), ("forces", "Sending state"),
                         ("dossier", "Date")):
        slide = next(s for s in prs.slides if s.name == kind)
        tables = [shape.table for shape in slide.shapes if shape.has_table]
        assert tables, kind
        assert tables[0].cell(0, 0).text == header
    compare = next(s for s in prs.slides if s.name == "compare")
    table = next(shape.table for shape in compare.shapes if shape.has_table)
    rows = {table.cell(r, 0).text.lstrip("■ "): [c.text for c in table.rows[r].cells] for r in range(1, len(table.rows))}
    assert rows["France"][1:3] != ["0", "0"] and rows["Russia"][2] != "0"


def test_every_slide_has_notes_and_every_bullet_is_sourced(sahel):
    _plan, prs, _pdf, _calls = sahel
    cited = re.compile(r"\(([^()]|\([^()]*\))*, (\d{4}(-\d{2}(-\d{2})?)?|n\.d\.)( \[\d+\])?(; [^)]*)?\)$")
    for number, slide in enumerate(prs.slides, 1):
        notes = _notes(slide)
        assert notes.strip(), f"slide {number} has no notes"
        bullets = [line for line in notes.splitlines() if line.startswith("• ")]
        if slide.name != "title":
            assert bullets, f"slide {number} ({slide.name}) has no sourced bullets"
        for bullet in bullets:
            assert cited.search(bullet), f"slide {number}: unsourced bullet {bullet!r}"


def test_sources_slides_list_every_source_behind_the_maps(sahel, data):
    plan, prs, _pdf, _calls = sahel
    countries = REGIONS["sahel"].countries
    expected: set[str] = set()
    west, south, east, north = REGIONS["sahel"].bounds
    for day in SAHEL_DATES:
        rows = presence_at(data, day, countries=countries)
        shown = plan.presence[day]
        # The map frames at least the region: every row there is shown; a host's far sites may fall outside.
        assert set(shown["deployment_id"]) <= set(rows["deployment_id"])
        inside = rows[rows["lon"].between(west, east) & rows["lat"].between(south, north)]
        assert set(inside["deployment_id"]) <= set(shown["deployment_id"])
        expected |= {i for ids in shown["source_ids"] for i in ids}
    source_slides = [s for s in prs.slides if s.name == "sources"]
    listed_notes = "\n".join(_notes(s) for s in source_slides)
    listed_text = "\n".join(_text(s) for s in source_slides)
    numbers = {source_id: n for n, source_id in enumerate(plan.sources, 1)}
    assert expected <= set(numbers)
    for source_id in sorted(expected):
        assert f"[{numbers[source_id]}] {source_id}:" in listed_notes
        outlet = " ".join(str(data.sources.at[source_id, "outlet"]).split())
        assert f"[{numbers[source_id]}] {outlet[:20]}" in listed_text
    # Every number cited in any slide's notes is on the sources slides.
    for slide in prs.slides:
        for number in re.findall(r"\[(\d+)\]", _notes(slide)):
            assert 1 <= int(number) <= len(plan.sources)


def test_layout_keeps_everything_on_the_slide_and_text_in_its_boxes(sahel):
    plan, prs, _pdf, _calls = sahel
    frame = plan.frame
    for slide in plan.slides:
        for element in slide.elements:
            x, y, w, h = element.box
            assert x >= -1e-6 and y >= -1e-6 and x + w <= frame.width + 1e-6 and y + h <= frame.height + 1e-6, (
                slide.kind, element.name)
            if slide.kind != "title" and element.name not in ("cover-band", "cover-stripe"):
                assert y + h <= frame.footer[1] + 1e-6, (slide.title, element.name)
            if isinstance(element, briefing.TextEl):
                needed = _text_height(element.paras, w, element.margin)
                assert needed <= h + 1e-6, (slide.title, element.name, needed, h)
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= prs.slide_width + 12 and shape.top + shape.height <= prs.slide_height + 12


def test_pdf_has_one_page_per_slide(sahel):
    _plan, prs, pdf, _calls = sahel
    assert pdf.startswith(b"%PDF")
    assert _pdf_pages(pdf) == len(prs.slides)
    assert _page_sizes(pdf) == {(960, 540)}  # 16:9, 13.333 × 7.5 in, in points


def test_progress_is_reported_up_to_done(sahel):
    _plan, _prs, _pdf, calls = sahel
    fractions = [fraction for fraction, _message in calls]
    assert fractions == sorted(fractions) and fractions[0] == 0.0
    assert all(isinstance(message, str) and message for _fraction, message in calls)


def test_build_deck_and_deck_pdf_match(data, tmp_path):
    messages: list[float] = []
    deck = briefing.build_deck(data, **SMALL, progress=lambda fraction, message: messages.append(fraction))
    assert messages[-1] == 1.0
    target = briefing.save_pptx(deck, tmp_path / "brief.pptx")
    reopened = Presentation(str(target))
    pdf = briefing.deck_pdf(data, **SMALL)
    assert pdf.startswith(b"%PDF") and _pdf_pages(pdf) == len(reopened.slides)
    assert briefing.deck_pdf(data, **SMALL) == pdf  # deterministic
    # One date: no comparison and no change table.
    assert "compare" not in _kinds(reopened) and "changes" not in _kinds(reopened)
    assert _kinds(reopened)[:2] == ["title", "map"]


# --- restyling ----------------------------------------------------------------------------------------------


def _template(path: Path) -> Path:
    """A 4:3 template with a red master background, a renamed layout and a sample slide to be dropped."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(10), Inches(7.5)
    fill = prs.slide_master.background.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor(0xF4, 0xE1, 0xDC)
    sample = prs.slides.add_slide(prs.slide_layouts[1])
    sample.shapes.title.text = "TEMPLATE SAMPLE SLIDE"
    prs.save(str(path))
    return path


def test_template_slide_size_and_master_carry_through(data, tmp_path):
    template = _template(tmp_path / "brand.pptx")
    plan = briefing.plan_deck(data, **SMALL, sites=["ner-air-base-101"], template=template)
    prs = Presentation(io.BytesIO(briefing.deck_bytes(briefing.render_deck(plan))))
    assert (prs.slide_width, prs.slide_height) == (Inches(10), Inches(7.5))
    assert prs.slide_master.background.fill.fore_color.rgb == RGBColor(0xF4, 0xE1, 0xDC)
    assert all("TEMPLATE SAMPLE" not in _text(slide) for slide in prs.slides)
    assert prs.slides[0].slide_layout.name == "Title Slide"
    assert {slide.slide_layout.name for slide in list(prs.slides)[1:]} == {"Title Only"}
    for slide in prs.slides:
        assert not any(shape.name == "title-bar" for shape in slide.shapes)  # the template's look, not ours
        for shape in slide.shapes:
            assert shape.left + shape.width <= prs.slide_width + 12 and shape.top + shape.height <= prs.slide_height + 12
    pdf = briefing.render_pdf(plan)
    assert _pdf_pages(pdf) == len(prs.slides)
    assert _page_sizes(pdf) == {(720, 540)}  # 10 × 7.5 in, in points


def test_brand_colours_restyle_bars_tables_and_headings(data):
    brand = {"primary": "#7A0019", "accent": "#FFB71E", "background": "#FAF7F0"}
    deck = briefing.build_deck(data, **SMALL, brand_colours=brand, banner="UNCLASSIFIED // FOR TRAINING")
    prs = Presentation(io.BytesIO(briefing.deck_bytes(deck)))
    content = list(prs.slides)[1:]
    for slide in content:
        bar = next(shape for shape in slide.shapes if shape.name == "title-bar")
        assert bar.fill.fore_color.rgb == RGBColor(0x7A, 0x00, 0x19)
        assert {"banner-top", "banner-bottom"} <= {shape.name for shape in slide.shapes}
        assert slide.background.fill.fore_color.rgb == RGBColor(0xFA, 0xF7, 0xF0)
    forces = next(s for s in prs.slides if s.name == "forces")
    table = next(shape.table for shape in forces.shapes if shape.has_table)
    assert table.cell(0, 0).fill.fore_color.rgb == RGBColor(0x7A, 0x00, 0x19)
    panel = next(shape for shape in content[0].shapes if shape.name == "changes")
    heading = panel.text_frame.paragraphs[0].runs[0]
    assert heading.font.color.rgb == RGBColor(0xFF, 0xB7, 0x1E)
    assert "UNCLASSIFIED // FOR TRAINING" in _text(content[0])


def test_long_titles_are_cut_with_an_ellipsis(data):
    plan = briefing.plan_deck(data, **SMALL, title="A very long briefing title " * 12)
    assert plan.title.endswith("…") and len(plan.title) <= briefing.TITLE_LIMIT
    assert plan.slides[0].title == plan.title


def test_every_filter_the_map_honours_narrows_the_deck(data):
    filters = Filters(region="sahel", forces=("Africa Corps", "Wagner Group"), site_types=("air_base", "camp", "hq",
                      "other"), roles=(), min_confidence="medium")
    plan = briefing.plan_deck(data, dates=[dt.date(2024, 5, 15)], filters=filters, dpi=60)
    shown = plan.presence[dt.date(2024, 5, 15)]
    expected = presence_at(data, "2024-05-15", filters)
    assert len(shown) and set(shown["deployment_id"]) <= set(expected["deployment_id"])
    assert set(shown["force"]) <= {"Africa Corps", "Wagner Group"} and "low" not in set(shown["confidence"])
    cover = " ".join(plan.slides[0].notes)
    assert "Forces: Africa Corps, Wagner Group" in cover and "Confidence: medium or higher" in cover


# --- bad arguments ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"dates": []}, "at least one date"),
        ({"dates": [dt.date(2024, 5, 15), dt.date(2023, 7, 1)]}, "must increase"),
        ({"dates": [dt.date(2024, 5, 15), dt.date(2024, 5, 15)]}, "must increase"),
        ({"dates": [dt.date(2030, 1, 1)]}, "after the dataset's as-of date"),
        ({"dates": ["2024-13-01"]}, "not a date"),
        ({"region": "atlantis"}, "unknown region"),
        ({"sites": ["ner-no-such-base"]}, "unknown site"),
        ({"actors": ["XXX"]}, "unknown actor"),
        ({"countries": ["ZZZ"]}, "unknown country"),
        ({"actors": ["CHN"]}, "empty selection"),
        ({"bbox": (10, 0, 5, 5)}, "west"),
        ({"brand_colours": {"primary": "crimson"}}, "hex colour"),
        ({"brand_colours": {"tint": "#FFFFFF"}}, "unknown brand colour"),
    ],
)
def test_bad_arguments_raise_clear_errors(data, changes, message):
    arguments = {**SMALL, **changes}
    with pytest.raises(ValueError, match=message):
        briefing.build_deck(data, **arguments)
    with pytest.raises(ValueError, match=message):
        briefing.deck_pdf(data, **arguments)


def test_a_template_that_is_not_a_deck_is_refused(data, tmp_path):
    bogus = tmp_path / "not-a-deck.pptx"
    bogus.write_text("hello")
    with pytest.raises(ValueError, match=r"not a \.pptx"):
        briefing.build_deck(data, **SMALL, template=bogus)
    with pytest.raises(ValueError, match="not a file"):
        briefing.build_deck(data, **SMALL, template=tmp_path / "missing.pptx")


def test_previews_are_the_pdf_pages(sahel):
    from PIL import Image

    plan, _, pdf, _ = sahel
    previews = briefing.slide_previews(plan, dpi=30, pdf=pdf)
    assert len(previews) == _pdf_pages(pdf) == len(plan.slides)
    for png in previews:
        with Image.open(io.BytesIO(png)) as image:
            assert image.format == "PNG"
            assert image.size == (round(plan.frame.width * 30), round(plan.frame.height * 30))
            assert sum(1 for count in image.convert("L").histogram() if count) > 8  # drawn, not blank


def _uris(pdf: bytes) -> set[str]:
    """The link annotations' targets, PDF string escapes undone."""
    found = re.findall(rb"/URI\s*\(((?:\\.|[^\\)])*)\)", pdf)
    return {re.sub(rb"\\(.)", rb"\1", uri).decode("latin-1") for uri in found}


def test_pdf_text_and_links_are_the_plans(sahel):
    import pypdfium2

    from footprint.briefing.elements import TableEl, TextEl

    plan, _prs, pdf, _calls = sahel
    links = set()
    document = pypdfium2.PdfDocument(pdf)
    try:
        for index, slide in enumerate(plan.slides):
            page_text = " ".join(document[index].get_textpage().get_text_range().split())
            assert " ".join(slide.title.split()) in page_text
            for element in slide.elements:
                cells = [cell for row in element.rows for cell in row] if isinstance(element, TableEl) else (
                    [element.paras] if isinstance(element, TextEl) else [])
                for paras in cells:
                    for para in paras:
                        for run in para.runs:
                            if run.link:
                                links.add(run.link)
                            for word in run.text.split()[:3]:  # wrapped and cut text keeps its first words
                                if not word.endswith("…"):
                                    assert word in page_text, (index, word)
    finally:
        document.close()
    assert links and _uris(pdf) == links  # every source's link is clickable, and nothing else is


def test_pdf_draws_a_character_the_text_font_lacks_with_a_fallback_font(data, monkeypatch):
    """Like matplotlib, glyph by glyph: here STIX (shipped with matplotlib) stands in for the installed
    fallbacks, so the test does not depend on this machine's fonts."""
    import unicodedata

    import pypdfium2
    from matplotlib.font_manager import FontProperties, findfont, get_font

    from footprint.briefing import pdf_writer

    stix = findfont(FontProperties(family="STIXGeneral"), fallback_to_default=False)
    dejavu = set(get_font(pdf_writer._fonts()[0][""]).get_charmap())
    char = next(chr(code) for code in sorted(get_font(stix).get_charmap())
                if code not in dejavu and unicodedata.category(chr(code)) == "So")
    main = pdf_writer._fonts()[0]
    fallback = ("fallback0", stix, frozenset(get_font(stix).get_charmap()))
    monkeypatch.setattr(pdf_writer, "_fonts", lambda: (main, (fallback,)))
    plan = briefing.plan_deck(data, **SMALL, title=f"Sahel {char} briefing")
    pdf = briefing.render_pdf(plan)
    assert b"STIX" in pdf  # the fallback font's subset is embedded
    document = pypdfium2.PdfDocument(pdf)
    try:
        assert f"Sahel {char} briefing" in document[0].get_textpage().get_text_range()
    finally:
        document.close()


def test_layout_widths_are_the_widths_the_pdf_sets():
    """The layout measures text with the advances the PDF draws it with, so a line placed piece by piece
    ends where the layout said (a character DejaVu Sans lacks: the fallback font's advance)."""
    from fpdf import FPDF

    from footprint.briefing import pdf_writer
    from footprint.briefing.text import _width

    pdf = FPDF(unit="in")
    pdf.add_page()
    main, fallbacks = pdf_writer._fonts()
    for style, path in main.items():
        pdf.add_font("text", style, path)
    for text in ("Opération Barkhane: French forces leave Gao", "AV Wagner / Africa Corps", "[35] Dakaractu · 2022"):
        for size, bold in ((8.0, False), (11.0, True), (24.0, False)):
            pdf.set_font("text", "B" if bold else "", size)
            # fpdf2 keeps advances to a thousandth of an em, as PDF widths are written
            assert _width(text, size, bold) == pytest.approx(pdf.get_string_width(text), rel=1e-3)
    for name, path, characters in fallbacks:
        char = next(chr(code) for code in sorted(characters) if code > 0x3000 and code not in pdf_writer._main_charmap())
        pdf.add_font(name, "", path)
        pdf.set_font(name, "", 11.0)
        assert _width(char, 11.0) == pytest.approx(pdf.get_string_width(char), rel=1e-3)


def test_a_build_forked_after_warm_up_reads_no_country_outlines(data):
    from footprint import geography
    from footprint.jobs import run_job

    briefing.warm_up()  # as the Briefing page does before each build's run_job

    def build_in_child():
        before = geography._outlines.cache_info().misses
        plan = briefing.plan_deck(data, **SMALL)
        return geography._outlines.cache_info().misses - before, len(plan.slides)

    misses, slides = run_job(build_in_child, budget_seconds=120)
    assert slides > 1 and misses == 0
