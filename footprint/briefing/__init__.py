"""Briefing decks: sourced PPTX slides, and a PDF that matches them slide for slide.

Pure and offline: python-pptx writes the deck and fpdf2 the PDF; matplotlib (its Agg canvas, never pyplot)
draws the Gantt charts; the maps are ``render.render_snapshot`` images. Both outputs are drawn from one
``DeckPlan``: a list of slides, each a list of positioned elements (text, pictures, tables, rectangles) in
inches, laid out once with DejaVu Sans metrics. Text is wrapped and cut to fit with those metrics, which are
wider than the usual theme fonts (Calibri, Arial), so what fits in the PDF fits in the deck.

The deck covers the chosen dates for one selection (actors, host countries or a region, a map view):

* a title slide;
* a situation map per date, with a box of the key changes since the previous date;
* a before/after comparison of the first and last dates with a change table per sending state, then the
  change table site by site;
* a Gantt timeline of the selected deployments;
* a dossier for each chosen site: who was there when, and its key events;
* a force summary per sending state;
* the sources: every source behind anything shown, numbered in order of first citation.

What a slide shows is what its map shows: deployments at sites inside the map's frame. Speaker notes carry
the claims as bullets, each ending with the outlet and date of its sources and their numbers on the sources
slides.
"""

from __future__ import annotations

import io
from pathlib import Path

from pptx import Presentation

from footprint.briefing.elements import BRAND_KEYS, TITLE_LIMIT, DeckPlan, ProgressFn, TextEl
from footprint.briefing.pdf_writer import render_pdf, slide_previews
from footprint.briefing.plan import plan_deck, warm_up
from footprint.briefing.pptx_writer import render_deck
from footprint.briefing.request import BriefRequest
from footprint.model import Dataset

__all__ = [
    "BRAND_KEYS",
    "TITLE_LIMIT",
    "BriefRequest",
    "DeckPlan",
    "TextEl",
    "build_deck",
    "deck_bytes",
    "deck_pdf",
    "plan_deck",
    "render_deck",
    "render_pdf",
    "save_pptx",
    "slide_previews",
    "warm_up",
]


def build_deck(dataset: Dataset, request: BriefRequest | None = None, /, *, progress: ProgressFn | None = None,
               **keywords: object) -> Presentation:
    """The briefing deck as a python-pptx Presentation; ``save_pptx`` writes it.

    The request is a ``BriefRequest`` or its fields as keywords (see ``BriefRequest``); ``progress(fraction,
    message)`` hears how far the work has got. Bad arguments raise ``ValueError`` saying what is wrong.
    """
    deck = render_deck(plan_deck(dataset, request, progress=progress, **keywords))
    if progress:
        progress(1.0, "Deck ready")
    return deck


def deck_pdf(dataset: Dataset, request: BriefRequest | None = None, /, *, progress: ProgressFn | None = None,
             **keywords: object) -> bytes:
    """The same briefing as a PDF, slide for slide, with the same arguments as ``build_deck``."""

    def planning(fraction: float, message: str) -> None:
        if progress:
            progress(fraction * 0.8, message)

    plan = plan_deck(dataset, request, progress=planning, **keywords)

    def writing(fraction: float, message: str) -> None:
        if progress:
            progress(0.8 + fraction * 0.2, message)

    return render_pdf(plan, progress=writing)


def save_pptx(deck: Presentation, path: Path | str) -> Path:
    """Write the deck to ``path`` (its folder must exist) and return the path."""
    target = Path(path)
    deck.save(str(target))
    return target


def deck_bytes(deck: Presentation) -> bytes:
    """The deck as .pptx bytes, for a download button."""
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
