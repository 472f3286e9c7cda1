"""Reading a stored article: header lines, or the text of an HTML page."""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser

from footprint.extract.lexicon import _word_set
from footprint.extract.results import Article

_HEADER_LINE = re.compile(r"^(?P<key>url|published|source|title|outlet)\s*:\s*(?P<value>.*)$", re.IGNORECASE)
_BLOCK_TAGS = _word_set(
    "p div br li h1 h2 h3 h4 h5 h6 tr article section blockquote figcaption header footer title"
)
_SKIP_TAGS = _word_set("script style noscript nav aside form button svg iframe template head")


class _TextExtractor(HTMLParser):
    """Visible text of an HTML page, one line per block, plus canonical url and publication date."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.url: str | None = None
        self.published: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "meta":
            name = (values.get("property") or values.get("name") or "").lower()
            if name in ("article:published_time", "datepublished", "date", "pubdate", "dc.date") \
                    and not self.published:
                self.published = values.get("content")
            if name == "og:url" and not self.url:
                self.url = values.get("content")
        if tag == "link" and values.get("rel") == "canonical" and not self.url:
            self.url = values.get("href")
        if tag == "time" and values.get("datetime") and not self.published:
            self.published = values["datetime"]
        if tag in _SKIP_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)

    def text(self) -> str:
        joined = "".join(self.parts)
        lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in joined.split("\n"))
        return "\n".join(line for line in lines if line)


def looks_like_html(raw: str) -> bool:
    return bool(re.search(r"(?is)^\s*(?:<!doctype html|<html|<head|<body)|<(?:p|div|article|br)\b[^>]*>", raw))


def _year_month_day(match: re.Match[str] | None) -> dt.date | None:
    """The date that a match's first three groups (year, month, day) name, if it exists."""
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _parse_date(value: str | None) -> dt.date | None:
    return _year_month_day(re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)) if value else None


def published_from_url(url: str | None) -> dt.date | None:
    """A publication date written into a URL path (/2024/08/05/ or 2024-08-05), if any."""
    if not url:
        return None
    return _year_month_day(re.search(r"(?<!\d)(20\d{2})[/-](\d{2})[/-](\d{2})(?!\d)", url)
                           or re.search(r"/(20\d{2})(\d{2})(\d{2})(?!\d)", url))


def parse_article(raw: str) -> Article:
    """Read an optional ``url:``/``published:`` header block, then the text; HTML is reduced to its text."""
    header: dict[str, str] = {}
    lines = raw.lstrip("\ufeff").splitlines()
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    while index < len(lines):
        match = _HEADER_LINE.match(lines[index].strip())
        if not match:
            break
        header[match.group("key").lower()] = match.group("value").strip()
        index += 1
    if header and (index == len(lines) or not lines[index].strip()):
        body = "\n".join(lines[index:])
    else:
        header, body = {}, raw
    url = header.get("url") or None
    published = _parse_date(header.get("published"))
    if looks_like_html(body):
        extractor = _TextExtractor()
        extractor.feed(body)
        extractor.close()
        body = extractor.text()
        url = url or extractor.url
        published = published or _parse_date(extractor.published)
    else:
        body = html.unescape(body) if re.search(r"&(?:#\d+|[a-z]+);", body) else body
    return Article(text=body.strip("\n"), url=url, published=published)
