"""Time-lapses: month by month over a period, as an HTML map with a slider, an animated GIF or an MP4."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from footprint.model import Dataset
from footprint.view import View
from footprint.words import month_words

STEPS = ("month",)
MAX_FRAMES = 240
SECONDS_PER_FRAME = 0.8


def frame_dates(start: dt.date, end: dt.date, *, step: str = "month") -> list[dt.date]:
    """The first day of each month from ``start``'s month to ``end``'s, plus ``end`` itself when later."""
    if step not in STEPS:
        raise ValueError(f"unknown step {step!r}; use {', '.join(STEPS)}")
    if start > end:
        raise ValueError(f"the period starts ({start}) after it ends ({end})")
    days, month = [], dt.date(start.year, start.month, 1)
    while month <= end:
        days.append(max(month, start))
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    if days[-1] < end:
        days.append(end)  # the last frame shows the period's end, not the start of its last month
    if len(days) > MAX_FRAMES:
        raise ValueError(f"{len(days)} frames is more than {MAX_FRAMES}; choose a shorter period")
    return days


def timelapse_html(dataset: Dataset, view: View, days: list[dt.date], *, title: str | None = None,
                   bbox: tuple[float, float, float, float] | None = None) -> str:
    """One self-contained HTML file: the map with a month slider and a play button."""
    from footprint.mapping import timelapse_map  # folium, only when an HTML file is asked for
    from footprint.render import default_bbox

    return timelapse_map(dataset, view, days, bounds=bbox or default_bbox(view), interval_ms=SECONDS_PER_FRAME * 1000,
                         title=title or f"Foreign military presence, {month_words(days[0])} to {month_words(days[-1])}")


def _frames_png(dataset: Dataset, view: View, days: list[dt.date], *, bbox, title, dpi: int,
                progress: Callable[[float, str], None] | None) -> list[bytes]:
    # matplotlib only when frames are drawn: the map page imports this module for frame_dates.
    from footprint.render import render_snapshot

    images = []
    for number, day in enumerate(days, start=1):
        images.append(render_snapshot(dataset, replace(view, as_of=day, period=None), bbox=bbox, title=title,
                                      preset="slide", fmt="png", dpi=dpi))
        if progress:
            progress(number / len(days), month_words(day))
    return images


def timelapse_animation(dataset: Dataset, view: View, days: list[dt.date], *, fmt: str = "gif",
                        title: str | None = None, bbox=None, dpi: int = 72,
                        progress: Callable[[float, str], None] | None = None) -> bytes:
    """Monthly snapshots as an animated GIF or an MP4 (H.264, via the ffmpeg that imageio-ffmpeg ships)."""
    if fmt not in ("gif", "mp4"):
        raise ValueError(f"unknown animation format {fmt!r}; use gif or mp4")
    from PIL import Image

    frames = [Image.open(io.BytesIO(png)).convert("RGB") for png in
              _frames_png(dataset, view, days, bbox=bbox, title=title, dpi=dpi, progress=progress)]
    buffer = io.BytesIO()
    if fmt == "gif":
        frames[0].save(buffer, format="GIF", save_all=True, append_images=frames[1:],
                       duration=int(SECONDS_PER_FRAME * 1000), loop=0, optimize=True)
        return buffer.getvalue()
    import imageio.v2 as imageio
    import numpy as np

    # H.264 wants even dimensions, and ffmpeg wants a file.
    width, height = (frames[0].width // 2) * 2, (frames[0].height // 2) * 2
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "timelapse.mp4"
        with imageio.get_writer(target, format="FFMPEG", fps=1 / SECONDS_PER_FRAME, codec="libx264",
                                pixelformat="yuv420p", macro_block_size=2) as writer:
            for frame in frames:
                writer.append_data(np.asarray(frame.crop((0, 0, width, height))))
        return target.read_bytes()
