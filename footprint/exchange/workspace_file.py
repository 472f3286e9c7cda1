"""The workspace through a GeoPackage: ``export`` writes one, ``import`` reads one back.

The layers hold exactly what the workspace's CSV export holds: each table's columns as the data's
text (so ``18.5550`` stays ``18.5550`` and lists stay ``;``-joined), plus a point for every site, and
the data package descriptor in the file's metadata. The round trip is therefore as lossless as CSV;
the import goes through ``Workspace.import_dir`` and so through the same validation as every write.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio

from footprint.csvfile import frame_text, restore
from footprint.dataset import DATAPACKAGE, DatasetError, Problem
from footprint.exchange.export import CRS, GPKG_VERSION
from footprint.model import TABLES, columns

DESCRIPTOR_KEY = "datapackage"


def _frame(table: str, directory: Path) -> pd.DataFrame | gpd.GeoDataFrame:
    with (directory / f"{table}.csv").open(newline="", encoding="utf-8") as handle:
        frame = pd.DataFrame(list(csv.DictReader(handle)), columns=columns(table), dtype=object)
    frame = frame.map(lambda value: restore(value) if isinstance(value, str) else value)  # undo the export's escapes
    if table != "sites":
        return frame
    points = gpd.points_from_xy(pd.to_numeric(frame["lon"]), pd.to_numeric(frame["lat"]))
    return gpd.GeoDataFrame(frame, geometry=points, crs=CRS)


def export_workspace_gpkg(workspace: Any, path: Path | str, *, only_workspace: bool = False) -> Path:
    """Write the merged data (or only the workspace's part) as a GeoPackage at ``path``, atomically."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="footprint-workspace-") as folder:
        directory = workspace.export(Path(folder) / "data", only_workspace=only_workspace)
        descriptor = (directory / DATAPACKAGE).read_text(encoding="utf-8")
        staged = Path(folder) / "workspace.gpkg"
        for number, table in enumerate(TABLES):
            first = {"dataset_options": {"VERSION": GPKG_VERSION}, "dataset_metadata": {DESCRIPTOR_KEY: descriptor}}
            pyogrio.write_dataframe(_frame(table, directory), staged, layer=table, driver="GPKG", append=number > 0,
                                    **(first if number == 0 else {}))
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(staged.read_bytes())
        os.replace(temporary, path)
    return path


def _relabel(problems: list[Problem], name: str) -> list[Problem]:
    relabelled = []
    for problem in problems:
        table = problem.file.removesuffix(".csv")
        file = f"{name}, layer {table}" if table in TABLES else f"{name}, {problem.file}"
        relabelled.append(dataclasses.replace(problem, file=file))
    return relabelled


def import_workspace_gpkg(workspace: Any, path: Path | str, *, who: str) -> dict[str, int]:
    """Add the rows of a workspace GeoPackage that the workspace lacks; refused whole on any problem."""
    path = Path(path)
    try:
        layers = {layer for layer, _ in pyogrio.list_layers(path)}
        metadata = pyogrio.read_info(path, layer=next(iter(TABLES))).get("dataset_metadata") or {}
    except Exception as exc:  # not a GeoPackage, or unreadable
        raise DatasetError([Problem(path.name, f"cannot be read as a GeoPackage: {exc}")]) from None
    problems = [Problem(path.name, f"layer {table!r} is missing") for table in TABLES if table not in layers]
    if DESCRIPTOR_KEY not in metadata:
        problems.append(Problem(path.name, "has no data package descriptor in its metadata; export it from "
                                           "Footprint's workspace"))
    if problems:
        raise DatasetError(problems)
    with tempfile.TemporaryDirectory(prefix="footprint-workspace-") as folder:
        directory = Path(folder) / "data"
        directory.mkdir()
        (directory / DATAPACKAGE).write_text(metadata[DESCRIPTOR_KEY], encoding="utf-8")
        for table in TABLES:
            frame = pyogrio.read_dataframe(path, layer=table, read_geometry=False)
            missing = [c for c in columns(table) if c not in frame.columns]
            if missing:
                raise DatasetError([Problem(f"{path.name}, layer {table}", "required column is missing", column=c)
                                    for c in missing])
            frame = frame[columns(table)].astype(object).where(frame[columns(table)].notna(), "")
            (directory / f"{table}.csv").write_text(frame_text(frame), encoding="utf-8")
        try:
            return workspace.import_dir(directory, who=who)
        except DatasetError as exc:
            raise DatasetError(_relabel(exc.problems, path.name)) from None


def descriptor_of(path: Path | str) -> dict:
    """The data package descriptor kept in a workspace GeoPackage."""
    metadata = pyogrio.read_info(Path(path), layer=next(iter(TABLES))).get("dataset_metadata") or {}
    return json.loads(metadata[DESCRIPTOR_KEY])
