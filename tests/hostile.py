"""Hostile payloads of every kind, and a valid dataset that carries each of them in every free-text field."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from tests.conftest import TINY

EVIL = "evil.example"

# kind -> text. Every kind is tried in every text field of the data and in every title and banner.
PAYLOADS: dict[str, str] = {
    "script element": "<script>alert('xss-script')</script>",
    "closing title": "</title><script>alert('xss-title')</script>",
    "closing script": "</script><script>alert('xss-close')</script>",
    "image onerror": f"<img src=x onerror=\"alert('xss-img')\"><img src=https://{EVIL}/img.png>",
    "svg onload": "<svg onload=alert('xss-svg')>",
    "double-quote breaker": "\" onmouseover=\"alert('xss-dq')\" data-x=\"",
    "single-quote breaker": "' onfocus='alert(1)' autofocus='",
    "javascript url": "javascript:alert('xss-js')",
    "javascript url, mixed case and spaces": " JaVaScRiPt :alert(1)",
    "javascript url, tab and entity": "java\tscript&#58;alert(1)",
    "data url": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA url, upper case": "DATA:text/html,<script>alert(1)</script>",
    "jinja expression": "{{ 7*7 }} and {{ config }}",
    "jinja statement": "{% if true %}yes{% endif %} {% for x in y %}",
    "jinja comment": "before {# hidden #} after",
    "markdown link": f"[click here](http://{EVIL}/phish)",
    "markdown autolink": f"<http://{EVIL}/auto>",
    "bare url": f"see http://{EVIL}/bare and www.{EVIL}",
    "markdown image": f"![pixel](https://{EVIL}/pixel.png)",
    "markdown math": "$x^2$ and $$y$$",
    "streamlit colour": ":red[alarm] :material/warning: :smile:",
    "markdown heading": "# Heading\n===",
    "rtl override": "\u202egnp.exe.txt",
    "very long": "Ouagadougou " * 600,
    "other scripts": "北京基地 Москва القاعدة 東京 ÆØÅ",
    "template literal": "${alert(1)} `backtick`",
    "xml breaker": "]]></text><script>alert(1)</script><![CDATA[",
    "csv formula": "=HYPERLINK(\"http://evil.example\",\"x\")",
}
# Kinds the data refuses outright, each with the words of its message.
REFUSED: dict[str, tuple[str, str]] = {
    "null byte": ("Air\x00Base", "U+0000"),
    "escape character": ("Air\x1b[31mBase", "U+001B"),
}


def _slug(number: int) -> str:
    return f"ner-hostile-{number:02d}"


def hostile_dataset(target: Path) -> dict[str, str]:
    """A valid copy of the tiny dataset plus one site, deployment, event and source per payload kind, every
    free-text field holding the payload. Returns site_id -> kind."""
    shutil.copytree(TINY, target)
    sites, deployments, events, sources = [], [], [], []
    kinds: dict[str, str] = {}
    for number, (kind, text) in enumerate(PAYLOADS.items(), start=1):
        site_id, source_id = _slug(number), f"src-hostile-{number:02d}"
        kinds[site_id] = kind
        sources.append({"source_id": source_id, "outlet": text, "title": text, "published": "2024-05",
                        "url": f"https://example.org/{number}", "seed_file": "", "note": text,
                        "kind": "regional_press", "original_agency": ""})
        sites.append({"site_id": site_id, "name": text, "aliases": text.replace(";", ","), "site_type": "camp",
                      "host_iso3": "NER", "lat": f"{13.0 + number * 0.05:.4f}", "lon": f"{2.0 + number * 0.05:.4f}",
                      "location_precision": "city", "notes": text, "source_ids": source_id, "disputed": "false"})
        deployments.append({"deployment_id": f"dep-hostile-{number:02d}", "actor_iso3": "FRA", "force": text,
                            "force_kind": "national_military", "site_id": site_id, "start_date": "2024-01",
                            "start_precision": "month", "end_date": "", "end_precision": "",
                            "personnel_min": str(number), "personnel_max": str(number * 2), "role": "training",
                            "confidence": "medium", "status_note": text, "source_ids": source_id})
        events.append({"event_id": f"evt-hostile-{number:02d}", "date": "2024-05-10", "date_precision": "day",
                       "actor_iso3": "FRA", "force": text, "host_iso3": "NER", "site_id": site_id,
                       "event_type": "arrival", "summary": text, "personnel": str(number), "source_ids": source_id})
    for table, rows in (("sources", sources), ("sites", sites), ("deployments", deployments), ("events", events)):
        path = target / f"{table}.csv"
        with path.open(newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        with path.open("a", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
            # The product's own writer neutralises formulas; a hand-written file holds them as typed.
            writer.writerows(rows)
    return kinds


def script_arguments(html_text: str, call: str) -> list:
    """The data of every ``footprint.<call>(...)`` in a page's scripts, decoded.

    ``layers`` are what ``footprint.show(map, JSON.parse("..."))`` draws; the data of every call reaches the
    page as ``JSON.parse`` of a string literal (``footprint.escape.script_value``).
    """
    found, start = [], 0
    marker = "footprint.show(" if call == "layers" else f"footprint.{call}("
    decoder = json.JSONDecoder()
    while (index := html_text.find(marker, start)) != -1:
        literal_at = html_text.index("JSON.parse(", index) + len("JSON.parse(")
        text, end = decoder.raw_decode(html_text, literal_at)
        found.append(json.loads(text))
        start = end
    return found
