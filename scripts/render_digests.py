"""SHA-256 of every export of a fixed set of views and a fixed deck, to show a refactoring moved only code.

    python scripts/render_digests.py > before.json          # on the code before the change
    python scripts/render_digests.py --compare before.json  # after: names every output whose bytes differ

The outputs go through the command line (``footprint.cli.main`` with snapshot, timelapse and brief), the interface that
stays put while the modules behind it move. They are written to a temporary folder and deleted; only the
digests are printed. HTML is compared with folium's random element ids numbered in order of appearance, and a
PPTX by its zip entries' names and contents (their timestamps change with every save).
Exit status 1 when ``--compare`` finds a difference.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import re
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from footprint.cli import main as main_cli  # noqa: E402

SNAPSHOTS = {
    "sahel-2024-05-15-banner": ["--as-of", "2024-05-15", "--region", "sahel", "--banner", "UNCLASSIFIED"],
    "africa-2022-01-01": ["--as-of", "2022-01-01", "--region", "africa"],
    "period-2023": ["--from", "2023-01-01", "--to", "2023-12-31", "--actor", "RUS", "FRA"],
    "countries-ner-mli": ["--as-of", "2023-06-01", "--country", "NER", "MLI", "--min-confidence", "medium"],
    "sahel-and-countries": ["--as-of", "2023-06-01", "--region", "horn", "--country", "DJI", "NER"],
}
FOLIUM_ID = re.compile(rb"_[0-9a-f]{32}")
TIMELAPSE = ["--from", "2023-01-01", "--to", "2023-04-01", "--region", "sahel"]
DECK = ["--dates", "2023-07-01,2024-05-15", "--region", "sahel", "--sites", "ner-air-base-101",
        "--banner", "UNCLASSIFIED"]


def _jobs(folder: Path) -> dict[str, list[str]]:
    jobs = {}
    for name, options in SNAPSHOTS.items():
        for fmt in ("png", "svg", "pdf", "html"):
            jobs[f"{name}.{fmt}"] = ["snapshot", *options, "--dpi", "60" if fmt == "png" else "100",
                                     "-o", str(folder / f"{name}.{fmt}")]
    for fmt in ("html", "gif", "mp4"):
        jobs[f"timelapse.{fmt}"] = ["timelapse", *TIMELAPSE, "--dpi", "50", "-o", str(folder / f"timelapse.{fmt}")]
    for fmt in ("pptx", "pdf"):
        jobs[f"deck.{fmt}"] = ["brief", *DECK, "-o", str(folder / f"deck.{fmt}")]
    return jobs


def _canonical(path: Path) -> bytes:
    """The file's bytes, less what differs from run to run by design: folium's random element ids in HTML,
    the zip entries' timestamps in a PPTX."""
    content = path.read_bytes()
    if path.suffix == ".html":
        ids: dict[bytes, bytes] = {}
        return FOLIUM_ID.sub(lambda m: ids.setdefault(m.group(), b"_id%d" % len(ids)), content)
    if path.suffix == ".pptx":
        with zipfile.ZipFile(path) as archive:
            return b"".join(name.encode() + b"\0" + archive.read(name) for name in archive.namelist())
    return content


def digests() -> dict[str, str]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        result = {}
        for output, command in _jobs(folder).items():
            errors = io.StringIO()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(errors):
                status = main_cli(command)
            if status != 0:
                raise SystemExit(f"{output}: {errors.getvalue().strip()}")
            result[output] = hashlib.sha256(_canonical(folder / output)).hexdigest()
        return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", type=Path, help="digests printed by an earlier run")
    args = parser.parse_args()
    now = digests()
    if not args.compare:
        print(json.dumps(now, indent=2))
        return 0
    before = json.loads(args.compare.read_text(encoding="utf-8"))
    differ = [name for name in sorted(set(before) | set(now)) if before.get(name) != now.get(name)]
    same = len(now) - len(differ)
    print(f"{same} of {len(now)} outputs byte-identical")
    for name in differ:
        print(f"differs: {name}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
