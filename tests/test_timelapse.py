"""Time-lapses: frame dates, and each output opened by its own reader."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from PIL import Image

from footprint.dataset import load_dataset
from footprint.timelapse import frame_dates, timelapse_animation, timelapse_html
from footprint.view import View
from footprint.words import short_day
from tests.conftest import DATA

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2024, 1, 1), D(2024, 3, 1), [D(2024, 1, 1), D(2024, 2, 1), D(2024, 3, 1)]),
        (D(2024, 1, 15), D(2024, 3, 10), [D(2024, 1, 15), D(2024, 2, 1), D(2024, 3, 1), D(2024, 3, 10)]),
        (D(2023, 12, 1), D(2024, 1, 31), [D(2023, 12, 1), D(2024, 1, 1), D(2024, 1, 31)]),
        # The end date is a frame of its own: forces gone by 31 August are not on the last frame.
        (D(2024, 6, 1), D(2024, 8, 31), [D(2024, 6, 1), D(2024, 7, 1), D(2024, 8, 1), D(2024, 8, 31)]),
        (D(2024, 5, 15), D(2024, 5, 15), [D(2024, 5, 15)]),
    ],
)
def test_frame_dates(start, end, expected):
    assert frame_dates(start, end) == expected


@pytest.mark.parametrize(
    ("start", "end", "step", "words"),
    [(D(2024, 5, 1), D(2024, 1, 1), "month", "after it ends"), (D(2000, 1, 1), D(2025, 1, 1), "month", "frames"),
     (D(2024, 1, 1), D(2024, 5, 1), "week", "unknown step")],
)
def test_frame_dates_rejects(start, end, step, words):
    with pytest.raises(ValueError, match=words):
        frame_dates(start, end, step=step)


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA)


def test_gif_has_one_frame_per_month(data):
    days = frame_dates(D(2023, 6, 1), D(2023, 9, 1))
    gif = timelapse_animation(data, View(as_of=D(2023, 9, 1), countries=("NER",)), days, fmt="gif", dpi=50)
    image = Image.open(io.BytesIO(gif))
    assert image.format == "GIF" and image.n_frames == len(days)


def test_mp4_is_an_mp4(data):
    days = frame_dates(D(2023, 6, 1), D(2023, 8, 1))
    video = timelapse_animation(data, View(as_of=D(2023, 8, 1), countries=("NER",)), days, fmt="mp4", dpi=50)
    assert video[4:8] == b"ftyp" and len(video) > 1000


def test_html_carries_every_frame(data):
    days = frame_dates(D(2023, 6, 1), D(2024, 1, 1))
    html = timelapse_html(data, View(as_of=D(2024, 1, 1), region="sahel"), days)
    literal = html.split("footprint.timelapse(JSON.parse(", 1)[1].split("), 800)", 1)[0]
    frames = json.loads(json.loads(literal))  # a JSON string literal holding the frames' JSON
    assert [frame["label"] for frame in frames] == [short_day(day) for day in days]
    assert "1 Dec 2023" in html and "01 Dec 2023" not in html
