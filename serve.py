"""Start the dashboard: ``streamlit run app.py`` in this process, warmed up.

    python serve.py [streamlit run's options]      e.g. --server.address 127.0.0.1 --server.port 8501

Every argument goes to ``streamlit run app.py`` unchanged. Once Streamlit is up, a background thread
imports what the first page (the map) needs and loads the validated data into its disk cache, work that
otherwise falls on the first visitor's run (that run takes 1.8 s CPU on the real data, 0.7 s once warm:
benchmarks/map_scale_results.md). It starts only after the server is up, so the first answer is not
delayed, and a warm-up that fails is logged and changes nothing else.
"""

from __future__ import annotations

import ast
import importlib
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
APP = ROOT / "app.py"
FIRST_PAGE = ROOT / "pages" / "map.py"  # app.py's default page
SERVER_WAIT_S = 120


def first_page_modules(files: tuple[Path, ...] = (APP, FIRST_PAGE)) -> list[str]:
    """The modules ``files`` import at their top level, following ``pages.*`` helpers into their own files.

    Leaves out streamlit's and its components' modules and ``pages.*`` itself: a component module imported
    outside a script run is never registered with the server (``declare_component`` registers only under
    one), so its frame would never load.
    """
    names: set[str] = set()
    todo, seen = list(files), set()
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for node in ast.parse(path.read_text(encoding="utf-8"), filename=str(path)).body:
            if isinstance(node, ast.Import):
                imported = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == "pages":
                imported = [f"pages.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported = [node.module]
            else:
                continue
            for name in imported:
                top = name.split(".")[0]
                if top == "pages":
                    todo.append(ROOT.joinpath(*name.split(".")).with_suffix(".py"))
                elif not top.startswith("streamlit"):
                    names.add(name)
    return sorted(names)


def _server_started(timeout_s: float = SERVER_WAIT_S) -> bool:
    from streamlit.runtime import Runtime, RuntimeState

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if Runtime.exists() and Runtime.instance().state is not RuntimeState.INITIAL:
            return True
        time.sleep(0.05)
    return False


def warm() -> None:
    """Import the first page's modules, then load (validating once, into its disk cache) the configured data.

    Raises what those imports or ``load_dataset_cached`` raise (``DatasetError`` for bad data).
    """
    for name in first_page_modules():
        importlib.import_module(name)
    from footprint.dataset import configured_data_dir, load_dataset_cached

    load_dataset_cached(configured_data_dir())


def warm_up() -> None:
    """``warm()`` once the server has started, on the calling thread; logs the outcome and never raises."""
    # Streamlit's own format and level (--logger.level), in the server's log.
    from streamlit.logger import get_logger

    log = get_logger("footprint.serve")
    try:
        if not _server_started():
            log.warning("warm-up skipped: the server did not start within %s s", SERVER_WAIT_S)
            return
        started = time.thread_time()
        warm()
        log.info("warmed up in %.2f s CPU", time.thread_time() - started)
    except Exception:
        # The visitor's own run does the same work again and shows any data error on the page.
        log.exception("warm-up failed; the server runs on without it")


def main(argv: list[str] | None = None) -> None:
    from streamlit.web import cli

    threading.Thread(target=warm_up, name="footprint-warm-up", daemon=True).start()
    # What the `streamlit` command itself does, with `run app.py` in front of the arguments.
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
