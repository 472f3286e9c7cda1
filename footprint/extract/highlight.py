"""Highlighting the names the gazetteer finds, as escaped HTML."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from footprint.extract.gazetteer import Gazetteer
from footprint.extract.text import _nlp, normalise_for_matching


@dataclass(frozen=True)
class Span:
    """A stretch of text to mark: ``kind`` names the class, ``label`` the hover text."""

    start: int
    end: int
    kind: str
    label: str


def entity_spans(text: str, gazetteer: Gazetteer | None = None) -> list[Span]:
    """Character spans of the states, forces, groups, sites and places the gazetteer knows in ``text``."""
    gazetteer = gazetteer or Gazetteer.builtin()
    doc = _nlp()(normalise_for_matching(text))
    spans = []
    for mention in gazetteer.find(doc):
        if mention.kind == "none":
            continue
        piece = doc[mention.start:mention.end]
        entry = mention.entry
        label = " · ".join(str(part) for part in (entry.kind, entry.iso3, entry.force, entry.site_id) if part)
        spans.append(Span(piece.start_char, piece.end_char, entry.kind, label))
    return spans


def highlight_html(text: str, spans: Iterable[Span]) -> str:
    """``text`` as HTML with each span in a ``<mark>``; every piece of text and label is escaped."""
    pieces, position = [], 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < position:
            continue  # overlapping spans: the first one wins
        pieces.append(html.escape(text[position:span.start]))
        pieces.append(
            f'<mark class="fp-{html.escape(span.kind, quote=True)}" title="{html.escape(span.label, quote=True)}">'
            f"{html.escape(text[span.start:span.end])}</mark>"
        )
        position = span.end
    pieces.append(html.escape(text[position:]))
    return "".join(pieces).replace("\n", "<br>")
