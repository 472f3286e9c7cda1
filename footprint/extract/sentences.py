"""Sentences: the article split into sentences with their tokens, clause segments and gazetteer names."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc

from footprint.extract.gazetteer import Mention

_BOUNDARY_TOKENS = frozenset({",", ";", ":", "(", ")", "—", "–", "-", '"'})
_RELATIVE_WORDS = frozenset({"which", "who", "whom", "whose", "where"})


@dataclass
class SentenceView:
    """One sentence with its tokens, clause segments and gazetteer mentions (offsets relative to it)."""

    text: str
    offset: int
    token_starts: list[int]
    tokens: list[str]
    segments: list[int]
    relative_segments: set[int]
    mentions: list[tuple[Mention, int, int, int, int]] = field(default_factory=list)
    # The sentence's dependency parse on these same tokens (footprint.extract.syntax); None without the model.
    parse: Doc | None = None

    def token_at(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.token_starts, char) - 1)

    def spaces(self) -> list[bool]:
        """Whether a space follows each token (for building its parse on the same tokens)."""
        ends = [start + len(token) for start, token in zip(self.token_starts, self.tokens, strict=True)]
        return [end < following for end, following in zip(ends, self.token_starts[1:], strict=False)] + [False]


# A second finite clause with a subject of its own: "... killed in Bangui last month and sporadic violence has
# continued despite the presence of 1,600 French troops". What one clause names (a place, a date) is not the
# other's.
NEW_CLAUSE = re.compile(r"(?i)(?:\b(?:and|but|while|whereas)|;)\s+(?!(?:that|which|who|whether|if|then|so)\b)"
                        r"(?:[\w'’-]+\s+){1,3}?"
                        r"(?:has|have|had|is|are|was|were|will|would|could|can|may|might|continued|remained)\b")


def other_clause(view: SentenceView, first: int, last: int) -> bool:
    """Tokens ``first`` and ``last`` (in either order) stand in clauses with subjects of their own: coordinated
    ("... and sporadic violence has continued"), or one opened by a conjunction and its subject ("arrived in
    Bamako after French forces left Mali")."""
    low, high = sorted((first, last))
    if high >= len(view.token_starts):
        return False
    span = view.text[view.token_starts[low]:view.token_starts[high]]
    for match in NEW_CLAUSE.finditer(span):
        # "Mali, Burkina Faso and Niger have expelled ...": names and commas before "and" are a list of subjects.
        if re.search(r"\b[a-z]{3,}\b", span[:match.start()]):
            return True
    if view.segments[low] != view.segments[high]:
        # "Two years after French troops left Mali, Wagner remains in Timbuktu": a clause opened by a conjunction
        # ends at its comma.
        start = view.segments.index(view.segments[low])
        if any(word.lower() in _SUBORDINATORS for word in view.tokens[start:min(start + 4, low)]):
            return True
    subjects = {f for mention, _s, _e, f, _l in view.mentions
                if mention.kind in ("state", "demonym", "force", "metonym", "group")}
    for index in range(low + 1, high):
        if view.tokens[index].lower() in _SUBORDINATORS and (
                any(index < f <= index + 3 for f in subjects) or view.tokens[index + 1].lower() in _PRONOUNS
                or _subject_and_verb(view.tokens[index + 1:index + 5])):
            return True
    return False


_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "regional", "local", "some", "other"})
_PAST_VERB = re.compile(r"[a-z]{3,}ed|said|met|took|began|came|went|made|gave|held|sent|left|fell|broke|saw|won|told")


def _subject_and_verb(words: list[str]) -> bool:
    """"after regional leaders agreed ...": a subordinate clause with its own subject and past-tense verb."""
    for position, word in enumerate(words):
        if position >= 1 and _PAST_VERB.fullmatch(word) and all(
                w.lower() in _DETERMINERS or (w.isalpha() and w.lower().endswith("s")) or w[:1].isupper()
                for w in words[:position]) and not words[0].lower().endswith(("ing", "ed")):
            return True
        if not word.isalpha():
            return False
    return False


_SUBORDINATORS = frozenset({"after", "before", "when", "while", "because", "although", "though", "once", "until",
                            "whereas", "as"})
_PRONOUNS = frozenset({"they", "it", "he", "she", "we"})


def _split_sentences(doc: Doc) -> Iterator[tuple[int, int]]:
    """Sentence spans as character offsets, also breaking at line ends (headlines, captions, paragraphs)."""
    text = doc.text
    for sentence in doc.sents:
        start = sentence.start_char
        for piece in re.split(r"(\n+)", text[start:sentence.end_char]):
            stripped = piece.strip()
            if stripped and piece[0] != "\n":
                lead = len(piece) - len(piece.lstrip())
                yield start + lead, start + lead + len(stripped)
            start += len(piece)


def _scare_quotes(tokens: list[str]) -> set[int]:
    """Quote marks around one to three words ('Denmark "immediately" withdraw'): a word quoted, not a clause."""
    marks = [i for i, token in enumerate(tokens) if token == '"']
    quoted: set[int] = set()
    for opening, closing in zip(marks[::2], marks[1::2], strict=False):
        if 1 <= closing - opening - 1 <= 3 and all(t.isalpha() for t in tokens[opening + 1:closing]):
            quoted.update((opening, closing))
    return quoted


def _sentence_views(doc: Doc, mentions: list[Mention]) -> list[SentenceView]:
    views: list[SentenceView] = []
    for start, end in _split_sentences(doc):
        tokens = [t for t in doc if start <= t.idx < end and not t.is_space]
        view = SentenceView(doc.text[start:end], start, [t.idx - start for t in tokens],
                            [t.text for t in tokens], [], set())
        segment = 0
        scare = _scare_quotes(view.tokens)
        for index, token in enumerate(view.tokens):
            if token in _BOUNDARY_TOKENS and index not in scare:
                segment += 1
                view.segments.append(segment)
                continue
            previous = view.tokens[index - 1] if index else ""
            if previous in _BOUNDARY_TOKENS and token.lower() in _RELATIVE_WORDS:
                view.relative_segments.add(segment)
            view.segments.append(segment)
        first_token = {t.i: n for n, t in enumerate(tokens)}
        for mention in mentions:
            if mention.start in first_token and doc[mention.end - 1].idx < end:
                span = doc[mention.start:mention.end]
                view.mentions.append((mention, span.start_char - start, span.end_char - start,
                                      first_token[mention.start], first_token[mention.start] + len(span) - 1))
        views.append(view)
    return views
