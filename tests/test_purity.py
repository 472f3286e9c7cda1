"""The core stays pure: importing footprint never loads streamlit or pyplot (which would pick a global
backend), and only footprint.mapping loads folium."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import footprint
from tests.conftest import ROOT

MODULES = sorted(m.name for m in pkgutil.walk_packages(footprint.__path__, "footprint.") if m.name != "footprint.__main__")


def _loaded_after_importing(modules: list[str]) -> set[str]:
    """Which of streamlit, pyplot and folium a fresh interpreter holds after importing ``modules``."""
    code = (f"import importlib, sys\nfor name in {modules!r}:\n    importlib.import_module(name)\n"
            "print(' '.join(m for m in ('streamlit', 'matplotlib.pyplot', 'folium') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_every_module_is_found():
    assert {"footprint.query", "footprint.mapping", "footprint.briefing.plan", "footprint.exporters"} <= set(MODULES)


def test_no_module_but_mapping_loads_folium_and_none_loads_streamlit_or_pyplot():
    assert _loaded_after_importing([m for m in MODULES if m != "footprint.mapping"]) == set()


def test_mapping_loads_folium_but_not_streamlit_or_pyplot():
    assert _loaded_after_importing(["footprint.mapping"]) == {"folium"}


def _cached_presence_loads(modules: tuple[str, ...]) -> set[str]:
    """Which of ``modules`` a fresh ``presence`` command holds once the validated data is cached."""
    code = ("import sys\nfrom footprint.cli import main\nmain(['presence', '--as-of', '2024-05-15', '--format', 'csv'])\n"
            f"print(' '.join(m for m in {modules!r} if m in sys.modules), file=sys.stderr)")
    runs = [subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
            for _ in range(2)]  # the first may validate the data (a code or data change) and fill the cache
    assert runs[1].stdout == runs[0].stdout and runs[1].stdout.count("\n") > 1
    return set(runs[1].stderr.split())


def test_command_line_leaves_the_outline_libraries_until_outlines_are_needed():
    """geopandas and shapely took a third of a cold ``presence``; names, regions and queries need neither."""
    assert _cached_presence_loads(("geopandas", "shapely")) == set()


def test_a_cached_load_leaves_the_row_models_and_pydantic_alone():
    """Row validation (pydantic and the row models) is for data not yet validated: a query command that finds
    its validated tables cached imports neither, as they were a sixth of a cold ``presence``."""
    assert _cached_presence_loads(("pydantic", "footprint.rows")) == set()


def test_the_row_models_stay_reachable_from_the_model():
    from footprint import model, rows

    assert model.TABLES is rows.TABLES and model.Site is rows.Site and model.columns is rows.columns
    assert model.columns("sites")[0] == "site_id"
