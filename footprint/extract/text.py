"""Text made ready for matching: the tokenizer, accents folded, typographic marks made plain."""

from __future__ import annotations

import functools
import unicodedata

import spacy
from spacy.language import Language

_ABBREVIATIONS = (
    "Maj.", "Lt.", "Col.", "Brig.", "Capt.", "Cpl.", "Sgt.", "Adm.", "Cmdr.", "Gen.", "Gov.", "Pres.", "Sen.",
    "Rep.", "Amb.", "Mr.", "Mrs.", "Ms.", "Dr.", "St.", "No.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.", "Jul.",
    "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "approx.", "U.S.", "U.N.", "U.K.", "D.R.",
)


def fold_accents(text: str) -> str:
    """``text`` with diacritics removed (Élysée -> Elysee)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                        "\u2011": "-", "\u2010": "-", "\u202f": " "})


@functools.lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    folded = fold_accents(char)
    return folded if len(folded) == 1 else char


def normalise_for_matching(text: str) -> str:
    """Same-length copy of ``text`` with typographic quotes and spaces made plain and accents folded
    ("Ménaka" reads as "Menaka"), so names match however they are accented and offsets still hold."""
    plain = text.translate(_PLAIN)
    if plain.isascii():
        return plain
    return "".join(char if char.isascii() else _fold_char(char) for char in plain)


@functools.cache
def _nlp() -> Language:
    """The blank English pipeline with a sentencizer and the abbreviations news copy uses."""
    nlp = spacy.blank("en")
    for abbreviation in _ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])
    nlp.add_pipe("sentencizer")
    return nlp
