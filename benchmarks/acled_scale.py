"""ACLED overlay at scale: a synthetic 300,000-row export in ACLED's column format, loaded and filtered.

Every row is made up here (ids, dates, places, actors, notes all say "synthetic"); no real ACLED data
is used or kept. Targets from issue 16: first load (parse, check, write the cache) under 10 s; each
filter afterwards (the period, then events within the radius of the visible sites) under 0.5 s.

Run: python -m benchmarks.acled_scale [ROWS]
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from footprint.acled import load_acled
from footprint.dataset import load_dataset
from footprint.filters import Filters
from footprint.view import View

ROWS = 300_000
TARGETS = {"first load (CSV, checks, cache)": 10.0, "filter: period + near sites": 0.5}
# Countries as ACLED names them, with ISO 3166 numeric codes and a rough box (W, S, E, N) to scatter events in.
COUNTRIES = {
    "Niger": (562, "NIG", (0.5, 11.7, 15.9, 23.5)),
    "Mali": (466, "MLI", (-12.2, 10.2, 4.2, 24.9)),
    "Burkina Faso": (854, "BFO", (-5.5, 9.4, 2.4, 15.0)),
    "Chad": (148, "CHA", (13.5, 7.5, 23.9, 23.4)),
    "Nigeria": (566, "NIR", (2.7, 4.3, 14.6, 13.8)),
    "Somalia": (706, "SOM", (41.0, -1.6, 51.4, 11.9)),
}
EVENT_TYPES = {
    "Battles": ("Armed clash", "Government regains territory"),
    "Violence against civilians": ("Attack", "Abduction/forced disappearance"),
    "Explosions/Remote violence": ("Air/drone strike", "Remote explosive/landmine/IED"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Protests": ("Peaceful protest", "Protest with intervention"),
    "Strategic developments": ("Agreement", "Headquarters or base established"),
}


def write_synthetic_acled(path: Path, rows: int = ROWS, *, seed: int = 16) -> Path:
    """A made-up ACLED-format CSV of ``rows`` events, 2018-2024, in a few African countries."""
    rng = np.random.default_rng(seed)
    names = list(COUNTRIES)
    country = rng.integers(0, len(names), rows)
    west, south, east, north = (np.array([COUNTRIES[n][2][i] for n in names])[country] for i in range(4))
    latitude = np.round(south + rng.random(rows) * (north - south), 4)
    longitude = np.round(west + rng.random(rows) * (east - west), 4)
    # A share of events near Niamey, where Air Base 101 is, so the overlay has something to show there.
    niamey = rng.random(rows) < 0.05
    latitude[niamey] = np.round(13.51 + rng.normal(0, 0.3, niamey.sum()), 4)
    longitude[niamey] = np.round(2.11 + rng.normal(0, 0.3, niamey.sum()), 4)
    country[niamey] = names.index("Niger")
    start = np.datetime64("2018-01-01")
    days = (np.datetime64("2024-12-31") - start).astype(int)
    dates = (start + rng.integers(0, days + 1, rows).astype("timedelta64[D]")).astype(str)
    types = list(EVENT_TYPES)
    event_type = rng.integers(0, len(types), rows)
    sub = rng.integers(0, 2, rows)
    prefixes = np.array([COUNTRIES[n][1] for n in names])[country]
    table = pa.table({
        "event_id_cnty": np.char.add(prefixes.astype(str), np.arange(1, rows + 1).astype(str)),
        "event_date": dates,
        "year": dates.astype("U4"),
        "time_precision": rng.choice([1, 2, 3], rows, p=[0.8, 0.15, 0.05]),
        "disorder_type": np.where(event_type >= 3, "Demonstrations", "Political violence"),
        "event_type": np.array(types)[event_type],
        "sub_event_type": np.array([EVENT_TYPES[t][s] for t, s in zip(np.array(types)[event_type], sub,
                                                                      strict=True)]),
        "actor1": np.char.add("Synthetic actor ", rng.integers(1, 400, rows).astype(str)),
        "actor2": np.char.add("Synthetic actor ", rng.integers(1, 400, rows).astype(str)),
        "iso": np.array([COUNTRIES[n][0] for n in names])[country],
        "country": np.array(names)[country],
        "admin1": np.char.add("Synthetic region ", rng.integers(1, 12, rows).astype(str)),
        "location": np.char.add("Synthetic place ", rng.integers(1, 3000, rows).astype(str)),
        "latitude": latitude,
        "longitude": longitude,
        "geo_precision": rng.choice([1, 2, 3], rows, p=[0.7, 0.25, 0.05]),
        "source": np.char.add("Synthetic source ", rng.integers(1, 50, rows).astype(str)),
        "source_scale": np.where(rng.random(rows) < 0.5, "National", "Subnational"),
        "notes": np.char.add("Synthetic event for benchmarking only; not a real report. Number ",
                             np.arange(1, rows + 1).astype(str)),
        "fatalities": rng.poisson(1.2, rows),
    })
    pacsv.write_csv(table, path)
    return path


def _timed(function, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return times, result


def main(rows: int = ROWS) -> None:
    data = load_dataset()
    view = View.of(Filters(region="sahel"), as_of=dt.date(2024, 5, 15))
    presence = view.presence(data)
    sites = presence[["site_id", "lat", "lon"]].drop_duplicates("site_id")
    start, end = dt.date(2024, 1, 1), dt.date(2024, 5, 15)
    folder = Path(tempfile.mkdtemp(prefix="footprint-acled-bench-"))
    try:
        started = time.perf_counter()
        csv_file = write_synthetic_acled(folder / "synthetic-acled.csv", rows)
        made = time.perf_counter() - started
        print(f"synthetic ACLED-format file: {rows:,} rows, {csv_file.stat().st_size / 1e6:.0f} MB, "
              f"written in {made:.1f} s")

        def cold():
            shutil.rmtree(folder / "cache", ignore_errors=True)
            return load_acled(csv_file, folder / "cache")

        cold_times, events = _timed(cold, 3)
        warm_times, events = _timed(lambda: load_acled(csv_file, folder / "cache"), 5)
        period_times, window = _timed(lambda: events.between(start, end), 50)
        near_times, near = _timed(lambda: events.near(sites, 50, start, end), 20)
        print(f"kept {len(events):,} rows, {events.rows_refused:,} refused; {len(window):,} in "
              f"{start}..{end}; {len(near):,} within 50 km of the {len(sites)} Sahel sites present on {view.as_of}")
        print(f"{'step':36} {'min s':>8} {'median s':>9} {'target s':>9}")
        lines = [
            ("first load (CSV, checks, cache)", cold_times),
            ("load from cache", warm_times),
            ("filter: period only", period_times),
            ("filter: period + near sites", near_times),
        ]
        for label, times in lines:
            target = TARGETS.get(label)
            verdict = "" if target is None else (" ok" if statistics.median(times) < target else " OVER")
            print(f"{label:36} {min(times):8.3f} {statistics.median(times):9.3f} "
                  f"{'' if target is None else f'{target:9.1f}'}{verdict}")
        ratio = statistics.median(cold_times) / statistics.median(warm_times)
        print(f"cache speed-up (median first load / median cached load): {ratio:.0f}x")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else ROWS)
