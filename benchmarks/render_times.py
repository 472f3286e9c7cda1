"""How long exports take on the curated data; prints numbers, asserts nothing.

Run: python -m benchmarks.render_times
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from footprint.dataset import load_dataset
from footprint.mapping import Assets, build_map, standalone_html
from footprint.render import default_bbox, render_snapshot
from footprint.timelapse import frame_dates, timelapse_animation, timelapse_html
from footprint.view import View


def _time(label: str, function, repeat: int = 3) -> None:
    times, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        size = len(function())
        times.append(time.perf_counter() - started)
    print(f"{label:>34}: {statistics.median(times):6.2f} s  {size / 1024:8,.0f} KB")


def main() -> None:
    data = load_dataset("data")
    view = View(as_of=dt.date(2024, 5, 15), region="sahel")
    for fmt in ("png", "svg", "pdf"):
        _time(f"snapshot {fmt} (16:9, 200 dpi)", lambda fmt=fmt: render_snapshot(data, view, fmt=fmt))
    _time("snapshot png (A4, 300 dpi)", lambda: render_snapshot(data, view, preset="a4", dpi=300))

    def html() -> bytes:
        fmap = build_map(data, view.presence(data), view.events(data), assets=Assets(inline=True),
                         bounds=default_bbox(view))
        return standalone_html(fmap).encode()

    _time("self-contained HTML", html)
    days = frame_dates(dt.date(2022, 1, 1), dt.date(2025, 3, 1))
    _time(f"time-lapse HTML ({len(days)} months)", lambda: timelapse_html(data, view, days).encode(), repeat=1)
    _time(f"time-lapse GIF ({len(days)} months, 72 dpi)",
          lambda: timelapse_animation(data, view, days, fmt="gif"), repeat=1)


if __name__ == "__main__":
    main()
