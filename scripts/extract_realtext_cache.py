"""Build or check the local cache of real news pages behind tests/extract_realtext/labels.json.

The labelled real-text set commits only each page's url, the character span labelled, the
SHA-256 of that span and the labels: the article text is third-party and stays out of git, in
``.cache/extract_realtext/`` (git-ignored). The pages come from the stored ``pages`` corpus of the
team's search tool, which is reachable only through that tool, not from a script or from CI; so
the text is saved from the tool by hand, one file per page in the dev-set form (a ``url:`` line,
optional ``published:`` line, a blank line, then the page text exactly as the tool returned it).

    python scripts/extract_realtext_cache.py import DIR   # copy saved pages into the cache, checking hashes
    python scripts/extract_realtext_cache.py check        # say which labelled pages are present and intact

``import`` refuses a page whose labelled span does not hash to the committed value, naming the
file, so a cache can never silently hold other text than the one labelled.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.extract_quality import REALTEXT_CACHE, REALTEXT_LABELS, cache_path, text_digest  # noqa: E402


def _read_saved_page(path: Path) -> tuple[str, str]:
    """(url, page text) of a file saved from the search tool: header lines, a blank line, the text."""
    raw = path.read_text(encoding="utf-8")
    header, separator, text = raw.partition("\n\n")
    fields = dict(line.split(":", 1) for line in header.splitlines() if ":" in line)
    url = fields.get("url", "").strip()
    if not separator or not url:
        raise SystemExit(f"{path}: expected a 'url:' header line, a blank line, then the page text")
    return url, text


def import_pages(directory: Path, labels_path: Path = REALTEXT_LABELS, cache: Path = REALTEXT_CACHE) -> int:
    entries = {entry["url"]: entry for entry in json.loads(labels_path.read_text(encoding="utf-8"))}
    cache.mkdir(parents=True, exist_ok=True)
    imported = 0
    for path in sorted(directory.glob("*.txt")):
        url, text = _read_saved_page(path)
        entry = entries.get(url)
        if entry is None:
            print(f"skipped {path.name}: {url} is not in {labels_path.name}")
            continue
        if text_digest(text[entry["start"]:entry["end"]]) != entry["sha256"]:
            raise SystemExit(f"{path}: the text at {entry['start']}:{entry['end']} does not match the labelled hash")
        target = cache_path(url, cache)
        temporary = target.with_suffix(".tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(target)
        imported += 1
    print(f"imported {imported} page(s) into {cache.relative_to(ROOT)}")
    return 0


def check(labels_path: Path = REALTEXT_LABELS, cache: Path = REALTEXT_CACHE) -> int:
    entries = json.loads(labels_path.read_text(encoding="utf-8"))
    missing = []
    for entry in entries:
        path = cache_path(entry["url"], cache)
        page = path.read_text(encoding="utf-8") if path.is_file() else None
        if page is None or text_digest(page[entry["start"]:entry["end"]]) != entry["sha256"]:
            missing.append(entry["name"])
    print(f"{len(entries) - len(missing)} of {len(entries)} labelled pages present and intact")
    for name in missing:
        print(f"  missing or changed: {name}")
    return 1 if missing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    importing = commands.add_parser("import", help="copy saved pages into the cache")
    importing.add_argument("directory", type=Path)
    commands.add_parser("check", help="report which labelled pages the cache holds")
    args = parser.parse_args(argv)
    if args.command == "import":
        return import_pages(args.directory)
    return check()


if __name__ == "__main__":
    raise SystemExit(main())
