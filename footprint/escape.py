"""Data and user text made safe for each output: Markdown, HTML, a script's JSON, XML.

Every string from the data or from users passes through one of these before it reaches a page or a file,
so that it shows as the text it is: never markup, a link, a formula, a colour or template source.
"""

from __future__ import annotations

import html
import json
import math
import re
from typing import Any

# Backslash-escapable ASCII punctuation (CommonMark) that Markdown, GFM tables, KaTeX ($) or Streamlit's
# directives (:red[...], :material/icon:) would read as syntax.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&\"'^@/])")
# Streamlit's Markdown links bare addresses after parsing (GFM autolink literals), even escaped ones; a word
# joiner before them, which shows as nothing, keeps them text.
_AUTOLINK_STARTS = re.compile(r"(?i)(?=(?:https?|ftp|mailto|www|xmpp)\W)")
_WORD_JOINER = "\u2060"
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def markdown_text(text: object) -> str:
    """``text`` for st.markdown, captions, headings and notices: shown literally on one line."""
    plain = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
    plain = " ".join(plain.split())  # a line of "===" or "---" under text would make a heading
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", plain)
    escaped = _AUTOLINK_STARTS.sub(_WORD_JOINER, escaped)
    # Emoji and icon shortcodes (:smile:, :material/home:) are also found after parsing.
    return escaped.replace("\\@", "\\@" + _WORD_JOINER).replace("\\:", "\\:" + _WORD_JOINER)


def html_text(text: object) -> str:
    """``text`` for HTML element content or a quoted attribute value."""
    return html.escape("" if text is None else str(text), quote=True)


def xml_text(text: object) -> str:
    """``text`` with the characters XML 1.0 cannot hold removed (for SVG and PPTX); escaping is the writer's."""
    return _XML_INVALID.sub("", "" if text is None else str(text))


_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "{": "\\u007b", "}": "\\u007d",
                  "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_UNSAFE_PATTERN = re.compile("[<>&{}\u2028\u2029]")


def script_value(data: Any) -> str:
    """``data`` (JSON-serialisable) as a JavaScript expression that is safe inside a <script> element.

    JSON text inside a string literal (``JSON.parse`` reads it faster than an engine parses a literal), with
    every ``<``, ``>``, ``&``, ``{``, ``}`` and line separator written as a ``\\u`` escape, so that no
    ``</script>``, ``<!--`` or template syntax (``{{``, ``{%``) can appear for any later pass to act on.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    literal = json.dumps(text, ensure_ascii=False)
    literal = _SCRIPT_UNSAFE_PATTERN.sub(lambda found: _SCRIPT_UNSAFE[found.group()], literal)
    return f"JSON.parse({literal})"
