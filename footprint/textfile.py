"""Text files as users' tools write them: a byte-order mark, CRLF line ends, or a legacy encoding.

``decode`` turns bytes into text or raises ``TextFileError`` with one sentence naming the file and
what to do. UTF-8 (with or without Excel's byte-order mark) and UTF-16/32 with a byte-order mark are
read as such; other bytes are read in the legacy encoding ``charset_normalizer`` detects, only when
the caller allows it, and are refused otherwise.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

MAX_ARTICLE_BYTES = 2_000_000
# Far above a long news report; extraction time grows with the text, so a bound keeps one upload from
# holding the server.
MAX_ARTICLE_CHARS = 100_000
_SAMPLE = 200_000
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class TextFileError(ValueError):
    """Bytes that cannot be read as text, or are too large; the message is meant for the user."""


@dataclass(frozen=True)
class Decoded:
    """The text, and the encoding it was read in (``utf-8`` unless a BOM or a legacy encoding said otherwise)."""

    text: str
    encoding: str

    @property
    def legacy(self) -> bool:
        return self.encoding not in ("utf-8", "utf-8-sig", "utf-16", "utf-32")


def _size(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB" if count >= 100_000 else f"{count:,} bytes"


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    controls = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\t\n\r\f")
    return controls <= len(text) // 200


def _guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_SAMPLE]).best()
    return best.encoding if best is not None else None


def decode(data: bytes, *, name: str, max_bytes: int | None = None, legacy: bool = False,
           binary_check: bool = True) -> Decoded:
    """``data`` as text; raise TextFileError naming ``name`` when it is too large or not text.

    ``binary_check`` refuses text full of control characters (a PNG that happens to be valid UTF-8);
    a caller that reports such characters where they are, as the CSV loader does, turns it off."""
    if max_bytes is not None and len(data) > max_bytes:
        raise TextFileError(f"{name} is {_size(len(data))}; the limit is {_size(max_bytes)}.")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise TextFileError(
                    f"{name} starts with a {encoding.upper()} byte-order mark but is not {encoding.upper()} "
                    f"text (at byte {exc.start}); save it again as UTF-8."
                ) from None
            if binary_check and ("\x00" in text or not _looks_like_text(text)):
                raise TextFileError(f"{name} does not look like text; upload or save it as UTF-8 text.")
            return Decoded(text, encoding)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = exc
    else:
        if binary_check and ("\x00" in text or not _looks_like_text(text)):
            raise TextFileError(f"{name} does not look like text (it holds control bytes); use a UTF-8 text file.")
        return Decoded(text, "utf-8")
    guess = None if b"\x00" in data else _guess(data)
    line = data.count(b"\n", 0, problem.start) + 1
    where = f"line {line}, byte {problem.start}"
    if guess is None:
        raise TextFileError(f"{name} is not UTF-8 text (at {where}) and does not look like text in another "
                            "encoding; save it as UTF-8.")
    if not legacy:
        raise TextFileError(f"{name} is not UTF-8 text (at {where}); it looks like {guess}. Save it as UTF-8 "
                            "(in Excel: Save As, 'CSV UTF-8').")
    try:
        text = data.decode(guess)
    except (UnicodeDecodeError, LookupError):
        raise TextFileError(f"{name} is not UTF-8 text (at {where}) and could not be read as {guess} either; "
                            "save it as UTF-8.") from None
    if not _looks_like_text(text):
        raise TextFileError(f"{name} does not look like text; save it as UTF-8 text.")
    return Decoded(text, guess)


def read_article(data: bytes | str, *, name: str = "The article") -> Decoded:
    """An uploaded or pasted article: any common encoding, line ends made LF, at most MAX_ARTICLE_CHARS."""
    if isinstance(data, str):
        decoded = Decoded(data, "utf-8")
    else:
        decoded = decode(data, name=name, max_bytes=MAX_ARTICLE_BYTES, legacy=True)
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if len(text) > MAX_ARTICLE_CHARS:
        raise TextFileError(f"{name} has {len(text):,} characters; the limit is {MAX_ARTICLE_CHARS:,}. "
                            "Paste the part that reports the deployment.")
    return Decoded(text, decoded.encoding)
