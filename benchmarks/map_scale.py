"""Server-side cost of the map at scale, side by side in one run; prints numbers, asserts nothing.

For the synthetic 2,000-site world on 2024-05-15 (events near the date shown), each approach builds what
a date step sends to the browser and renders it to text, timed min / median over repeats:

- one ``folium.Marker`` per presence row (what this project avoids),
- folium's ``FastMarkerCluster`` and a single vectorised ``folium.GeoJson`` (for scale, no popups),
- the map layers as the app builds them for streamlit-folium: this checkout, and ``--before REV`` run in
  a copy of that revision (``git archive``) in a child process.

Also: the cold CLI ``presence`` command (wall time of a fresh interpreter, min / median), and loading.

Run: python -m benchmarks.map_scale --before 58fe6a4
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.map_browser import ROOT, export_tree, world

DAY = "2024-05-15"

# Runs in a child process whose PYTHONPATH is the tree being measured; prints JSON timings.
LAYERS_SNIPPET = """
import datetime as dt, json, statistics, sys, time
try:  # validated once per data version where the tree can
    from footprint.dataset import load_dataset_cached as load_dataset
except ImportError:
    from footprint.dataset import load_dataset
try:
    from footprint.view import View
except ImportError:  # before the view had a module of its own
    from footprint.filters import View
try:
    from footprint.style import actor_colours
except ImportError:
    from footprint.mapping import actor_colours
from footprint.mapping import base_map, site_layers
from streamlit_folium import _get_feature_group_string

data = load_dataset(sys.argv[1])
view = View(as_of=dt.date.fromisoformat(sys.argv[2]))
presence, events = view.presence(data), view.events(data)
colours = actor_colours(data.deployments["actor_iso3"])
times, size = [], 0
for _ in range(int(sys.argv[3])):
    started = time.perf_counter()
    text = _get_feature_group_string(site_layers(data, presence, events, colours=colours), base_map())
    times.append(time.perf_counter() - started)
    size = len(text.encode())
print(json.dumps({"times": times, "bytes": size, "rows": len(presence)}))
"""


def _timed(function, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return times, result


def _layers_in(tree: Path, data: Path, repeat: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, "-c", LAYERS_SNIPPET, str(data), DAY, str(repeat)], cwd=tree, env=env,
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _cold_presence(tree: Path, repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) seconds of each fresh ``presence`` command, after one run that fills the
    tree's caches (validated data, dissolved outlines)."""
    walls, cpus = [], []
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, "-m", "footprint", "presence", "--as-of", DAY]
    subprocess.run(command, cwd=tree, env=env, check=True, capture_output=True)
    for _ in range(repeat):
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, cwd=tree, env=env, check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
        now = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(now.ru_utime - used.ru_utime + now.ru_stime - used.ru_stime)
    return walls, cpus


def _cell(times: list[float]) -> str:
    return f"{min(times):.3f} / {statistics.median(times):.3f}"


def main(argv: list[str] | None = None) -> None:
    import folium
    import folium.plugins

    from footprint.dataset import load_dataset_cached
    from footprint.view import View

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="git revision to compare against")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    data_dir = world("2k", Path(tempfile.gettempdir()))
    data = load_dataset_cached(data_dir)
    view = View(as_of=__import__("datetime").date.fromisoformat(DAY))
    presence = view.presence(data)

    def markers() -> str:
        fmap = folium.Map(location=(5, 17), zoom_start=3, tiles=None)
        for row in presence.itertuples():
            folium.Marker((row.lat, row.lon), tooltip=f"{row.site_name}: {row.actor_iso3}").add_to(fmap)
        return fmap.get_root().render()

    def cluster() -> str:
        fmap = folium.Map(location=(5, 17), zoom_start=3, tiles=None)
        folium.plugins.FastMarkerCluster(presence[["lat", "lon"]].to_numpy().tolist()).add_to(fmap)
        return fmap.get_root().render()

    def geojson() -> str:
        import geopandas as gpd

        frame = gpd.GeoDataFrame(presence[["site_id", "actor_iso3"]],
                                 geometry=gpd.points_from_xy(presence["lon"], presence["lat"]), crs="EPSG:4326")
        fmap = folium.Map(location=(5, 17), zoom_start=3, tiles=None)
        folium.GeoJson(frame.to_json()).add_to(fmap)
        return fmap.get_root().render()

    rows: list[tuple[str, list[float], int]] = []
    naive_times, naive = _timed(markers, max(2, args.repeat // 2))
    rows.append(("one folium.Marker per row", naive_times, len(naive.encode())))
    for label, function in (("FastMarkerCluster (no popups)", cluster), ("one folium.GeoJson (no popups)", geojson)):
        times, text = _timed(function, args.repeat)
        rows.append((label, times, len(text.encode())))
    trees = {}
    with tempfile.TemporaryDirectory(prefix="footprint-scale-") as folder:
        if args.before:
            trees["before"] = export_tree(args.before, Path(folder) / "before")
        trees["after"] = ROOT
        cold = {}
        for label, tree in trees.items():
            result = _layers_in(tree, data_dir, args.repeat)
            rows.append((f"app's map layers ({label})", result["times"], result["bytes"]))
            cold[label] = _cold_presence(tree, args.repeat)
    print(f"{len(presence)} forces at {presence['site_id'].nunique()} sites on {DAY} ({data_dir.name})\n")
    print("| what a date step builds | seconds (min / median) | size | vs one Marker per row (median) |")
    print("|---|---|---|---|")
    naive_median = statistics.median(naive_times)
    for label, times, size in rows:
        print(f"| {label} | {_cell(times)} | {size / 1e6:.2f} MB | {naive_median / statistics.median(times):.1f}x |")
    print("\n| cold `python -m footprint presence --as-of 2024-05-15` | wall s (min / median) | CPU s (min / median) |")
    print("|---|---|---|")
    for label, (walls, cpus) in cold.items():
        print(f"| {label} | {_cell(walls)} | {_cell(cpus)} |")


if __name__ == "__main__":
    main()
