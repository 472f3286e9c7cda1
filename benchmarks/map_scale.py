"""Query, map and app timings on the synthetic world; prints numbers, asserts nothing.

Run: python -m benchmarks.map_scale
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

import folium

from benchmarks.synthetic import build
from footprint.dataset import load_dataset
from footprint.mapping import build_map
from footprint.view import View

DAY = "2024-05-15"
BUDGETS = {"as-of query": 0.050, "map build + HTML": 0.5, "map payload (MB)": 2.0, "AppTest rerun": 2.0}


def _timed(function, repeat: int = 7) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def naive_map(dataset, presence) -> folium.Map:
    """The approach this project avoids: one folium.Marker per row."""
    fmap = folium.Map(location=(5, 17), zoom_start=3, tiles=None)
    for row in presence.itertuples():
        folium.Marker((row.lat, row.lon), tooltip=f"{row.site_name}: {row.actor_iso3}").add_to(fmap)
    return fmap


def main() -> None:
    directory = Path(tempfile.gettempdir()) / "footprint-synthetic-world"
    if not (directory / "events.csv").exists():
        build(directory)
    started = time.perf_counter()
    dataset = load_dataset(directory)
    print(f"load + validate: {time.perf_counter() - started:.2f} s "
          f"({len(dataset.sites)} sites, {len(dataset.deployments)} deployments, {len(dataset.events)} events)")

    view = View(as_of=dt.date.fromisoformat(DAY))
    query_time, presence = _timed(lambda: view.presence(dataset), repeat=21)
    events = view.events(dataset)
    build_time, html = _timed(lambda: build_map(dataset, presence, events).get_root().render(), repeat=5)
    payload = len(html.encode("utf-8")) / 1e6
    naive_time, naive_html = _timed(lambda: naive_map(dataset, presence).get_root().render(), repeat=3)
    naive_payload = len(naive_html.encode("utf-8")) / 1e6

    os.environ["FOOTPRINT_DATA"] = str(directory)
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=120)
    app.query_params["as_of"] = DAY
    app.run()
    reruns = []
    for actors in (["USA"], ["USA", "RUS"], ["FRA"], []):
        started = time.perf_counter()
        app.multiselect(key="actor").set_value(actors).run()
        reruns.append(time.perf_counter() - started)
    rerun_time = statistics.median(reruns)

    print(f"\n{len(presence)} forces at {presence['site_id'].nunique()} sites and {len(events)} events on {DAY}")
    rows = [
        ("as-of query", query_time, "s"),
        ("map build + HTML", build_time, "s"),
        ("map payload (MB)", payload, "MB"),
        ("AppTest rerun", rerun_time, "s"),
    ]
    for name, value, unit in rows:
        verdict = "within" if value <= BUDGETS[name] else "OVER"
        print(f"{name:>20}: {value:8.3f} {unit:<2}  budget {BUDGETS[name]:g} {unit} ({verdict})")
    print(f"\nnaive one-Marker-per-row: {naive_time:.3f} s, {naive_payload:.2f} MB")
    print(f"GeoJSON layer vs naive: {naive_time / build_time:.1f}x faster, {naive_payload / payload:.1f}x smaller")


if __name__ == "__main__":
    main()
