"""Loading and validating a data directory into a Dataset.

Validation never stops at the first problem: ``load_dataset`` raises one
``DatasetError`` that lists every problem, each naming file, row, column and value.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import re
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from footprint import geography
from footprint.csvfile import restore
from footprint.dates import DateError, parse_partial
from footprint.model import ID_COLUMN, Dataset
from footprint.textfile import TextFileError, decode

# The row models (and pydantic) are imported where rows are validated: a load that finds its validated tables
# cached, as every query command's does, needs neither.
if TYPE_CHECKING:
    from footprint.rows import Row

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# The dashboard's data folder can be pointed elsewhere, e.g. at a reviewed export.
DATA_DIR_ENV = "FOOTPRINT_DATA"


def configured_data_dir() -> Path:
    """The folder the dashboard serves: ``$FOOTPRINT_DATA`` if set, else ``data/``."""
    return Path(os.environ.get(DATA_DIR_ENV, DEFAULT_DATA_DIR))
DATAPACKAGE = "datapackage.json"
# A list longer than this helps no one and can take the memory of a server: the rest are counted.
MAX_PROBLEMS = 200
MAX_SEED_BYTES = 5_000_000
# Far above the synthetic world of benchmarks/map_scale.py (200,000 events); a bound so that no file given to
# validate or workspace import can take the server's memory.
MAX_TABLE_BYTES = 256_000_000


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data. ``row`` counts data rows from 1; ``line`` is the file line."""

    file: str
    message: str
    row: int | None = None
    line: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row} (line {self.line})"
        if self.column is not None:
            where += f", column {self.column}"
        if self.value is not None:
            where += f", value {self.value!r}"
        return f"{where}: {self.message}"


class DatasetError(Exception):
    """The data did not validate; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        if len(problems) > MAX_PROBLEMS + 1:
            rest = len(problems) - MAX_PROBLEMS
            problems = [*problems[:MAX_PROBLEMS], Problem(problems[MAX_PROBLEMS].file,
                                                          f"... and {rest} more problem(s), not listed")]
        self.problems = problems
        lines = "\n".join(f"  - {problem}" for problem in problems)
        super().__init__(f"{len(problems)} problem(s) in the data:\n{lines}")


@dataclass
class _RawRow:
    number: int
    line: int
    values: dict[str, str]


class _Collector:
    def __init__(self) -> None:
        self._listed: list[Problem] = []
        self.unlisted = 0

    @property
    def problems(self) -> list[Problem]:
        if not self.unlisted:
            return self._listed
        file = self._listed[-1].file
        return [*self._listed, Problem(file, f"... and {self.unlisted} more problem(s), not listed")]

    def add(self, file: str, message: str, row: _RawRow | None = None, column: str | None = None) -> None:
        if len(self._listed) >= MAX_PROBLEMS:
            self.unlisted += 1
            return
        value = row.values.get(column) if row is not None and column is not None else None
        self._listed.append(
            Problem(
                file=file,
                message=message,
                row=row.number if row else None,
                line=row.line if row else None,
                column=column,
                value=value,
            )
        )


def _read_csv(path: Path, table: str, out: _Collector) -> tuple[list[_RawRow], bool] | None:
    """The file's data rows, and whether its text holds no control character; None when it cannot be read."""
    from footprint.rows import columns, holds_control_character

    name = path.name
    if not path.exists():
        out.add(name, "file is missing")
        return None
    expected = columns(table)
    rows: list[_RawRow] = []
    try:
        if not path.is_file():
            out.add(name, "is not a file (a directory?); it must be a CSV file")
            return None
        if path.stat().st_size > MAX_TABLE_BYTES:
            out.add(name, f"is larger than {MAX_TABLE_BYTES // 1_000_000} MB; split the data or check the file")
            return None
        text = decode(path.read_bytes(), name="the file", binary_check=False).text
    except TextFileError as exc:
        out.add(name, str(exc))
        return None
    except OSError as exc:
        out.add(name, f"cannot be read: {exc.strerror or exc}")
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            out.add(name, "file is empty; it needs a header row")
            return None
        header = [h.strip() for h in header]
        missing = [c for c in expected if c not in header]
        unknown = [c for c in header if c not in expected]
        for column in missing:
            out.add(name, "required column is missing from the header", column=column)
        for column in unknown:
            out.add(name, f"unknown column (expected: {', '.join(expected)})", column=column)
        duplicated = [c for c, n in Counter(header).items() if n > 1]
        for column in duplicated:
            out.add(name, "column appears more than once in the header", column=column)
        if missing or unknown or duplicated:
            return None
        number = 0
        for record in reader:
            if not record or all(not value.strip() for value in record):
                continue  # blank lines, as spreadsheets leave them, are not rows
            number += 1
            raw = _RawRow(number, reader.line_num, {})
            if len(record) != len(header):
                out.add(name, f"has {len(record)} fields but the header has {len(header)}", row=raw)
                continue
            # Only a cell starting with an apostrophe can hold a neutralised formula: restore the others as read.
            raw.values = {column: restore(value) if value[:1] == "'" else value
                          for column, value in zip(header, record, strict=True)}
            rows.append(raw)
    except csv.Error as exc:
        out.add(name, f"is not valid CSV near line {reader.line_num}: {exc}")
        return None
    return rows, not holds_control_character(text)


def _validate_rows(file: str, model: type[Row], rows: list[_RawRow], out: _Collector, *,
                   clean: bool = False) -> list[tuple[_RawRow, Row]]:
    """Each row that validates, with its model; every error noted. ``clean``: the file holds no control
    character, so the models need not search each cell for one."""
    from pydantic import ValidationError

    from footprint.rows import NO_CONTROL_CHARACTERS

    context = {NO_CONTROL_CHARACTERS: True} if clean else None
    valid: list[tuple[_RawRow, Row]] = []
    for raw in rows:
        # An empty or blank cell is a missing value.
        cleaned = {k: v for k, v in raw.values.items() if v and not v.isspace()}
        try:
            valid.append((raw, model.model_validate(cleaned, context=context)))
        except ValidationError as exc:
            for error in exc.errors():
                column = str(error["loc"][0]) if error["loc"] else None
                message = error["msg"]
                if column == "source_ids" and error["type"] in ("missing", "too_short"):
                    message = "the row cites no source; every record needs at least one"
                elif error["type"] == "missing":
                    message = "a value is required"
                out.add(file, message, row=raw, column=column)
    return valid


def _check_date(file: str, raw: _RawRow, column: str, precision_column: str, out: _Collector):
    text = raw.values.get(column, "").strip()
    precision = raw.values.get(precision_column, "").strip()
    if not text and not precision:
        return None
    if not text:
        out.add(file, f"{precision_column} is set but {column} is empty", row=raw, column=column)
        return None
    if not precision:
        out.add(file, f"{column} is set but {precision_column} is empty", row=raw, column=precision_column)
        return None
    try:
        return parse_partial(text, precision)
    except DateError as exc:
        out.add(file, str(exc), row=raw, column=column)
        return None


def _check_ids(file: str, id_column: str, rows: list[tuple[_RawRow, Row]], out: _Collector) -> None:
    seen: dict[str, int] = {}
    for raw, row in rows:
        value = getattr(row, id_column)
        if value in seen:
            out.add(file, f"duplicate id; row {seen[value]} has it already", row=raw, column=id_column)
        else:
            seen[value] = raw.number


def _check_refs(file: str, rows, column: str, known: set[str], target: str, out: _Collector) -> None:
    for raw, row in rows:
        value = getattr(row, column)
        values = value if isinstance(value, tuple) else (value,)
        for ref in values:
            if ref is not None and ref not in known:
                out.add(file, f"{ref!r} is not an id in {target}", row=raw, column=column)


# An outlet written like "20 Minutes (Reuters)": the agency belongs in original_agency.
_AGENCY_IN_OUTLET = re.compile(
    r"\((?:[^)]*\b)?(Reuters|AFP|AP|Associated Press|Agence France-Presse|Anadolu|dpa|EFE|Xinhua|TASS)\b[^)]*\)"
)


def _check_agency(raw: _RawRow, source: Any, out: _Collector) -> None:
    if _AGENCY_IN_OUTLET.search(source.outlet):
        out.add("sources.csv", "name the outlet alone and put the wire agency in original_agency", raw, "outlet")
    if source.original_agency and source.original_agency.casefold() == source.outlet.casefold():
        out.add("sources.csv", "the outlet wrote this itself; original_agency is for a copy of another's report",
                raw, "original_agency")


def _check_foreign(rows: list[tuple[_RawRow, Row]], hosts: dict[str, str], out: _Collector) -> None:
    """Refuse a deployment at home: the sending state is its host, or the host is its own overseas territory."""
    for raw, dep in rows:
        host = hosts.get(dep.site_id)
        if host is None or not geography.home_territory(dep.actor_iso3, host):
            continue
        if host == dep.actor_iso3:
            message = f"the sending state is the host of site {dep.site_id!r}; only forces abroad are recorded"
        else:
            message = (f"{host} is an overseas territory of {dep.actor_iso3} (site {dep.site_id!r}); a state's own "
                       "territories are not foreign to it")
        out.add("deployments.csv", message, row=raw, column="actor_iso3")


SEEDS_DIR = DEFAULT_DATA_DIR.parent / "seeds"


def _seed_dirs(directory: Path) -> tuple[Path, ...]:
    # An exported copy of the data may live anywhere; the project's own seeds/ still backs it.
    return (directory.parent / "seeds", SEEDS_DIR)


class SeedError(ValueError):
    """A ``seed_file`` that names no readable text file inside ``seeds/``."""


def read_seed(seed_file: str, seeds_dirs: tuple[Path, ...] = (SEEDS_DIR,)) -> str:
    """The text of a seed document. Only regular UTF-8 text files inside a seeds directory are read,
    with every symlink resolved; anything else raises SeedError saying why."""
    relative = Path(seed_file)
    unsafe = relative.is_absolute() or ".." in relative.parts or any(ch in seed_file for ch in "\\\x00")
    if not seed_file.strip() or unsafe:
        raise SeedError("must be a file name inside seeds/ (no absolute path, no '..')")
    for folder in seeds_dirs:
        root = folder.resolve()
        candidate = (folder / relative).resolve()
        if not candidate.is_relative_to(root):
            raise SeedError("points outside seeds/ (through a symbolic link)")
        if not candidate.exists():
            continue
        if not candidate.is_file():
            raise SeedError("is not a file under seeds/")
        if candidate.stat().st_size > MAX_SEED_BYTES:
            raise SeedError(f"is larger than {MAX_SEED_BYTES // 1_000_000} MB; a seed document is a text file")
        try:
            return decode(candidate.read_bytes(), name=f"seeds/{seed_file}").text
        except TextFileError as exc:
            raise SeedError(str(exc)) from None
        except OSError as exc:
            raise SeedError(f"cannot be read: {exc.strerror or exc}") from None
    raise SeedError("no such file under seeds/")


def read_metadata(directory: Path) -> dict[str, Any]:
    """The datapackage descriptor of a data directory."""
    with (directory / DATAPACKAGE).open(encoding="utf-8") as handle:
        return json.load(handle)


def load_dataset(directory: Path | str = DEFAULT_DATA_DIR, *, check_geography: bool = True) -> Dataset:
    """Read and validate every table in ``directory``; raise DatasetError listing all problems."""
    directory = Path(directory)
    out = _Collector()
    if not directory.is_dir():
        raise DatasetError([Problem(str(directory), "is not a directory")])
    metadata, as_of = _read_as_of(directory, out)
    validated = _read_tables(directory, out)
    source_ids = {row.source_id for _, row in validated.get("sources", [])}
    site_ids = {row.site_id for _, row in validated.get("sites", [])}
    _check_sources(validated.get("sources", []), directory, out)
    if "sites" in validated:
        _check_sites(validated["sites"], source_ids, check_geography, out)
    spans: dict[str, list[tuple[Any, Any]]] = {
        "deployments": _check_deployments(validated, as_of, source_ids, site_ids, out),
        "events": _check_events(validated, as_of, source_ids, site_ids, out),
    }
    if out.problems:
        raise DatasetError(out.problems)
    assert as_of is not None
    return _build(validated, spans, as_of, metadata)


def _read_as_of(directory: Path, out: _Collector) -> tuple[dict[str, Any], dt.date | None]:
    """The datapackage descriptor and its as-of date (None, with a problem noted, when either is missing)."""
    as_of: dt.date | None = None
    metadata: dict[str, Any] = {}
    try:
        metadata = read_metadata(directory)
        as_of = dt.date.fromisoformat(str(metadata["as_of"]))
    except FileNotFoundError:
        out.add(DATAPACKAGE, "file is missing")
    except (json.JSONDecodeError, KeyError, ValueError) as exc:
        out.add(DATAPACKAGE, f"needs a valid 'as_of' date (YYYY-MM-DD): {exc}")
    return metadata, as_of


def _read_tables(directory: Path, out: _Collector) -> dict[str, list[tuple[_RawRow, Row]]]:
    """Each readable table's rows, each with its validated model; unique ids checked."""
    from footprint.rows import TABLES

    validated: dict[str, list[tuple[_RawRow, Row]]] = {}
    for table, model in TABLES.items():
        read = _read_csv(directory / f"{table}.csv", table, out)
        if read is not None:
            rows, clean = read
            validated[table] = _validate_rows(f"{table}.csv", model, rows, out, clean=clean)
            _check_ids(f"{table}.csv", ID_COLUMN[table], validated[table], out)
    return validated


def _check_sources(sources: list[tuple[_RawRow, Row]], directory: Path, out: _Collector) -> None:
    """Published dates parse, seed files can be read, wire copies name their agency."""
    for raw, source in sources:
        if source.published:
            try:
                parse_partial(source.published)
            except DateError as exc:
                out.add("sources.csv", str(exc), row=raw, column="published")
        if source.seed_file:
            try:
                read_seed(source.seed_file, _seed_dirs(directory))
            except SeedError as exc:
                out.add("sources.csv", str(exc), row=raw, column="seed_file")
        _check_agency(raw, source, out)


def _check_sites(sites: list[tuple[_RawRow, Row]], source_ids: set[str], check_geography: bool,
                 out: _Collector) -> None:
    """Sources exist; each site lies in its host (and, in contested land, says so); country rows agree."""
    _check_refs("sites.csv", sites, "source_ids", source_ids, "sources.csv", out)
    if check_geography:
        _check_site_geography(sites, out)
    for raw, site in sites:
        if (site.site_type == "country") != (site.location_precision == "country"):
            out.add(
                "sites.csv",
                "a country-level row has site_type country and location_precision country, both or neither",
                row=raw,
                column="location_precision",
            )


def _check_site_geography(sites: list[tuple[_RawRow, Row]], out: _Collector) -> None:
    for raw, site in sites:
        distance = geography.distance_outside(site.host_iso3, site.lat, site.lon)
        if distance is None:
            out.add("sites.csv", "no country outline for this host code", row=raw, column="host_iso3")
        elif distance > geography.BORDER_TOLERANCE_DEGREES:
            out.add(
                "sites.csv",
                f"lat/lon ({site.lat}, {site.lon}) lies {distance:.2f} degrees outside {site.host_iso3}",
                row=raw,
                column="lat",
            )
        territory = geography.contested_territory(site.host_iso3, site.lat, site.lon)
        if territory and not site.disputed:
            out.add(
                "sites.csv",
                f"lies in {territory}, a contested territory: disputed must be true, with a note saying why",
                row=raw,
                column="disputed",
            )


def _check_deployments(validated: dict[str, list[tuple[_RawRow, Row]]], as_of: dt.date | None,
                       source_ids: set[str], site_ids: set[str], out: _Collector) -> list[tuple[Any, Any]]:
    """Dates, order, as-of bound, headcount range, references and foreignness; each row's (start, end) span."""
    spans: list[tuple[Any, Any]] = []
    for raw, dep in validated.get("deployments", []):
        file = "deployments.csv"
        start = _check_date(file, raw, "start_date", "start_precision", out)
        end = _check_date(file, raw, "end_date", "end_precision", out)
        if start and end and end.latest < start.earliest:
            out.add(file, f"ends before it starts ({dep.start_date})", row=raw, column="end_date")
        if as_of and end and end.earliest > as_of:
            out.add(file, f"ends after the dataset's as-of date {as_of}", row=raw, column="end_date")
        if as_of and start and start.earliest > as_of:
            out.add(file, f"starts after the dataset's as-of date {as_of}", row=raw, column="start_date")
        if dep.personnel_min is not None and dep.personnel_max is not None and dep.personnel_min > dep.personnel_max:
            message = f"personnel_min is above personnel_max ({dep.personnel_max})"
            out.add(file, message, row=raw, column="personnel_min")
        spans.append((start, end))
    if "deployments" in validated:
        _check_refs("deployments.csv", validated["deployments"], "site_id", site_ids, "sites.csv", out)
        hosts = {row.site_id: row.host_iso3 for _, row in validated.get("sites", [])}
        _check_foreign(validated["deployments"], hosts, out)
        _check_refs("deployments.csv", validated["deployments"], "source_ids", source_ids, "sources.csv", out)
    return spans


def _check_events(validated: dict[str, list[tuple[_RawRow, Row]]], as_of: dt.date | None,
                  source_ids: set[str], site_ids: set[str], out: _Collector) -> list[tuple[Any, Any]]:
    """Dates, as-of bound and references; each row's (date, None) span."""
    spans: list[tuple[Any, Any]] = []
    for raw, _event in validated.get("events", []):
        date = _check_date("events.csv", raw, "date", "date_precision", out)
        if as_of and date and date.earliest > as_of:
            out.add("events.csv", f"lies after the dataset's as-of date {as_of}", row=raw, column="date")
        spans.append((date, None))
    if "events" in validated:
        _check_refs("events.csv", validated["events"], "site_id", site_ids, "sites.csv", out)
        _check_refs("events.csv", validated["events"], "source_ids", source_ids, "sources.csv", out)
    return spans


def _frame(table: str, rows: list[tuple[_RawRow, Row]]) -> pd.DataFrame:
    from footprint.rows import columns

    names = columns(table)
    # Column by column: a third of the time of a frame built from one dict per row.
    frame = pd.DataFrame({name: [getattr(row, name) for _, row in rows] for name in names}, columns=names)
    for column in ("personnel_min", "personnel_max", "personnel"):
        if column in frame:
            frame[column] = frame[column].astype("Int64")
    return frame


def _days(values) -> pd.Series:
    return pd.Series(pd.to_datetime(values), dtype="datetime64[ns]")


def _build(validated, spans, as_of: dt.date, metadata: dict[str, Any]) -> Dataset:
    sites = _frame("sites", validated["sites"])
    sources = _frame("sources", validated["sources"])
    deployments = _frame("deployments", validated["deployments"])
    events = _frame("events", validated["events"])
    starts = [s for s, _ in spans["deployments"]]
    ends = [e for _, e in spans["deployments"]]
    deployments["start_earliest"] = _days([s.earliest for s in starts])
    deployments["start_latest"] = _days([s.latest for s in starts])
    deployments["end_earliest"] = _days([e.earliest if e else None for e in ends])
    deployments["end_latest"] = _days([e.latest if e else None for e in ends])
    dates = [d for d, _ in spans["events"]]
    events["date_earliest"] = _days([d.earliest for d in dates])
    events["date_latest"] = _days([d.latest for d in dates])
    return Dataset(
        sites=sites.set_index("site_id", drop=False),
        deployments=deployments,
        events=events,
        sources=sources.set_index("source_id", drop=False),
        as_of=as_of,
        metadata=metadata,
    )


# --- writing ---------------------------------------------------------------


def datapackage_descriptor(metadata: dict[str, Any]) -> dict[str, Any]:
    """The full datapackage.json: ``metadata`` plus resources derived from the row models."""
    from footprint.rows import TABLES, table_schema

    descriptor = {k: v for k, v in metadata.items() if k != "resources"}
    descriptor["resources"] = [
        {
            "name": table,
            "path": f"{table}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": table_schema(table),
        }
        for table in TABLES
    ]
    descriptor["resources"].append(
        {
            "name": "countries",
            "path": geography.COUNTRIES_FILE.name,
            "format": "topojson",
            "mediatype": "application/json",
            "description": "Natural Earth 1:50m admin-0 country outlines (public domain) as TopoJSON, "
            "from the npm package world-atlas; rebuilt by scripts/refresh_countries.sh.",
            "licenses": [{"name": "ISC", "path": "countries-50m.LICENSE", "title": "world-atlas packaging"}],
        }
    )
    return descriptor


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one step, so a crash leaves the old file or the new one."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def write_atomic_bytes(path: Path, content: bytes) -> None:
    """Replace ``path`` with ``content`` in one step (an export is never left half-written)."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.tmp")
    with temporary.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def write_datapackage(directory: Path, metadata: dict[str, Any]) -> None:
    """Write ``datapackage.json`` for ``directory`` from ``metadata`` and the row models."""
    text = json.dumps(datapackage_descriptor(metadata), indent=2, ensure_ascii=False) + "\n"
    write_atomic(Path(directory) / DATAPACKAGE, text)


# --- validated once per data version ------------------------------------------------------------

CACHE_DIR = Path(__file__).resolve().parent.parent / ".cache" / "datasets"
CACHE_FILES_KEPT = 8
# Loads in one process take turns: a server warming up (serve.py) and its first visitor would otherwise both
# validate the same new data (0.9 s CPU on the real data) when its cache file is missing.
_CACHE_LOCK = threading.Lock()
# The code that decides what a valid dataset is: a change to any of these invalidates every cached load.
_VALIDATING_CODE = ("dataset.py", "model.py", "rows.py", "dates.py", "geography.py", "csvfile.py", "textfile.py")


def _tree_digest(digest, folder: Path) -> None:
    """Fold every file under ``folder`` (relative name and bytes) into ``digest``; no folder, nothing."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(f"{path.relative_to(folder).as_posix()}\0{path.stat().st_size}\0".encode())
            digest.update(path.read_bytes())


def data_version(directory: Path | str = DEFAULT_DATA_DIR) -> str:
    """A digest of what a validated load depends on: the data files' names and contents, the seed documents
    sources cite (they must exist and read), the validating code and the versions of the libraries that
    build and store the tables. Contents, not modification times: a copy that keeps old times, or a file
    rewritten within the same clock tick, still gets a version of its own (hashing data/ takes milliseconds)."""
    import hashlib

    import numpy
    import pyarrow

    directory = Path(directory)
    digest = hashlib.sha256(f"{pd.__version__}\0{numpy.__version__}\0{pyarrow.__version__}\0".encode())
    package = Path(__file__).resolve().parent
    for name in _VALIDATING_CODE:
        digest.update((package / name).read_bytes())
    for path in sorted(directory.iterdir()):
        if path.is_file():
            digest.update(f"{path.name}\0{path.stat().st_size}\0".encode())
            digest.update(path.read_bytes())
    for seeds in dict.fromkeys(folder.resolve() for folder in _seed_dirs(directory)):
        digest.update(f"\0seeds {seeds}\0".encode())
        _tree_digest(digest, seeds)
    return digest.hexdigest()[:24]


def load_dataset_cached(directory: Path | str = DEFAULT_DATA_DIR, *, cache_dir: Path = CACHE_DIR) -> Dataset:
    """``load_dataset``, but validated once per ``data_version``: later loads read the validated tables back.

    The cache is the project's own folder (``.cache/datasets``), written atomically, each file naming the
    version it holds; a file that cannot be read, or holds another version, is ignored and replaced.
    Raises ``DatasetError`` as ``load_dataset`` does.

    Why pickle: the files are written only here, into a git-ignored folder beside the code, named by a digest
    of the data and of the code; nothing from data or users is ever unpickled (the data stay CSV, validated
    on every change), and whoever can write that folder can write the code next to it. Pickle gives back the
    frames exactly (tuple cells, nullable integers, string dtypes, indexes) in about 10 ms without importing
    pydantic; an Arrow file would need each list cell and dtype rebuilt, i.e. a second description of the tables.
    """
    with _CACHE_LOCK:
        return _load_dataset_cached(Path(directory), cache_dir)


def _load_dataset_cached(directory: Path, cache_dir: Path) -> Dataset:
    import hashlib
    import pickle

    directory = directory.resolve()
    place = hashlib.sha256(str(directory).encode()).hexdigest()[:12]
    version = data_version(directory)
    target = cache_dir / f"{place}-{version}.pickle"
    if target.exists():
        try:
            # Written by this function, into the project's own folder, as the data files are.
            with target.open("rb") as handle:
                held, dataset = pickle.load(handle)
            if held == version and isinstance(dataset, Dataset):
                return dataset
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError,
                IndexError, KeyError, MemoryError):
            pass
    dataset = load_dataset(directory)
    with contextlib.suppress(OSError):
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temporary.write_bytes(pickle.dumps((version, dataset), protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(target)
        for stale in cache_dir.glob(f"{place}-*.pickle"):
            if stale != target:
                stale.unlink(missing_ok=True)
        # Other data folders (test copies, exports) each leave one file: keep the most recent few.
        kept = sorted(cache_dir.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in kept[CACHE_FILES_KEPT:]:
            stale.unlink(missing_ok=True)
    return dataset
