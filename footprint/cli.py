"""The command line: ``python -m footprint COMMAND ...``."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from footprint import query
from footprint.dataset import DEFAULT_DATA_DIR, DatasetError, load_dataset, load_dataset_cached
from footprint.dates import DateError, parse_day
from footprint.exporters import DATA, DECKS, SNAPSHOTS, TABLES, TIMELAPSES, Exporter, jsonable, table_json, table_text
from footprint.filters import Filters
from footprint.geography import REGIONS
from footprint.model import CONFIDENCES, EVENT_TYPES, ROLES, SITE_TYPES, Dataset
from footprint.textfile import TextFileError, read_article
from footprint.view import View


class UsageError(Exception):
    """Bad arguments, reported in one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print usage and exit 2 itself
        raise UsageError(message)



# A path or a URL: parsed as text, since a path type would fold postgresql:// into a file name.
STORE_HELP = ("the store: a file path, sqlite:///… or postgresql://… (default: FOOTPRINT_STORE, "
              "FOOTPRINT_WORKSPACE or workspace/footprint.sqlite)")

def _codes(values: list[str] | None) -> list[str] | None:
    """Accept both ``--actor USA RUS`` and ``--actor USA,RUS``."""
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _date(text: str):
    try:
        return parse_day(text)
    except DateError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA_DIR, help="data directory (default: data/)")


def _add_filters(parser: argparse.ArgumentParser, *, deployments: bool = True, formats: Sequence[str] = tuple(TABLES),
                 default: str | None = "table") -> None:
    parser.add_argument("--actor", nargs="+", metavar="ISO3", help="sending states, e.g. USA RUS")
    parser.add_argument("--force", nargs="+", metavar="NAME", help="named forces, e.g. 'Africa Corps'")
    parser.add_argument("--country", nargs="+", metavar="ISO3", help="host countries, e.g. NER MLI")
    if deployments:
        parser.add_argument("--site-type", nargs="+", choices=SITE_TYPES)
        parser.add_argument("--role", nargs="+", choices=ROLES)
        parser.add_argument("--min-confidence", choices=CONFIDENCES)
    help_text = None if default else "output format (default: from the file name)"
    parser.add_argument("--format", choices=formats, default=default, help=help_text)
    _add_data_option(parser)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m footprint", description="Foreign military presence: data and queries.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _add_query_commands(commands)
    _add_export_commands(commands)
    _add_data_commands(commands)
    _add_exchange_commands(commands)
    return parser


def _add_query_commands(commands) -> None:
    validate = commands.add_parser("validate", help="check a data directory and report every problem")
    validate.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DATA_DIR)

    presence = commands.add_parser("presence", help="forces present on a date")
    presence.add_argument("--as-of", type=_date, required=True, metavar="YYYY-MM-DD")
    _add_filters(presence)

    changes = commands.add_parser("changes", help="what arrived, departed and remained between two dates")
    changes.add_argument("--from", dest="start", type=_date, required=True, metavar="YYYY-MM-DD")
    changes.add_argument("--to", dest="end", type=_date, required=True, metavar="YYYY-MM-DD")
    _add_filters(changes)

    events = commands.add_parser("events", help="events in a period")
    events.add_argument("--from", dest="start", type=_date, required=True, metavar="YYYY-MM-DD")
    events.add_argument("--to", dest="end", type=_date, required=True, metavar="YYYY-MM-DD")
    events.add_argument("--event-type", nargs="+", choices=EVENT_TYPES)
    events.add_argument("--site", nargs="+", metavar="SITE_ID")
    _add_filters(events, deployments=False)

    history = commands.add_parser("site", help="one site's story: deployments, events and sources")
    history.add_argument("site_id")
    history.add_argument("--format", choices=tuple(TABLES), default="table")
    _add_data_option(history)


def _add_export_commands(commands) -> None:
    snapshot = commands.add_parser("snapshot", help="a map snapshot as PNG, SVG, PDF or a self-contained HTML file")
    when = snapshot.add_mutually_exclusive_group(required=True)
    when.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD")
    when.add_argument("--from", dest="start", type=_date, metavar="YYYY-MM-DD", help="with --to: a period")
    snapshot.add_argument("--to", dest="end", type=_date, metavar="YYYY-MM-DD")
    where = snapshot.add_mutually_exclusive_group()
    where.add_argument("--region", help=f"one of: {', '.join(REGIONS)}")
    where.add_argument("--bbox", type=_bbox, metavar="W,S,E,N", help="the map extent in degrees")
    snapshot.add_argument("--title", help="the title on the image (default: describes the date and filters)")
    snapshot.add_argument("--banner", help="handling text shown at top and bottom, e.g. UNCLASSIFIED")
    snapshot.add_argument("--preset", choices=("slide", "a4", "square"), default="slide")
    snapshot.add_argument("--dpi", type=int, default=200)
    snapshot.add_argument("-o", "--output", type=Path, required=True)
    _add_filters(snapshot, formats=tuple(SNAPSHOTS), default=None)

    timelapse = commands.add_parser("timelapse", help="month-by-month map as HTML with a slider, a GIF or an MP4")
    timelapse.add_argument("--from", dest="start", type=_date, required=True, metavar="YYYY-MM-DD")
    timelapse.add_argument("--to", dest="end", type=_date, required=True, metavar="YYYY-MM-DD")
    timelapse.add_argument("--step", choices=("month",), default="month")
    where = timelapse.add_mutually_exclusive_group()
    where.add_argument("--region", help=f"one of: {', '.join(REGIONS)}")
    where.add_argument("--bbox", type=_bbox, metavar="W,S,E,N")
    timelapse.add_argument("--title")
    timelapse.add_argument("--dpi", type=int, default=72, help="GIF and MP4 frame resolution")
    timelapse.add_argument("-o", "--output", type=Path, required=True, help="FILE.html, FILE.gif or FILE.mp4")
    _add_filters(timelapse, formats=tuple(TIMELAPSES), default=None)

    brief = commands.add_parser("brief", help="a briefing deck (PPTX, or a matching PDF) telling how a region changed")
    brief.add_argument("--dates", required=True, metavar="D1,D2,...", help="key dates, oldest first")
    where = brief.add_mutually_exclusive_group()
    where.add_argument("--region", help=f"one of: {', '.join(REGIONS)}")
    where.add_argument("--bbox", type=_bbox, metavar="W,S,E,N")
    brief.add_argument("--sites", metavar="ID,...", help="sites that get a dossier slide")
    brief.add_argument("--template", type=Path, help="a .pptx whose masters and layouts style the deck")
    brief.add_argument("--banner", help="handling text on every map, e.g. UNCLASSIFIED")
    brief.add_argument("-o", "--output", type=Path, required=True, help="FILE.pptx or FILE.pdf")
    brief.add_argument("--actor", nargs="+", metavar="ISO3")
    brief.add_argument("--country", nargs="+", metavar="ISO3")
    _add_data_option(brief)


def _add_data_commands(commands) -> None:
    datapackage = commands.add_parser("datapackage", help="rewrite datapackage.json from the data model")
    _add_data_option(datapackage)

    extract = commands.add_parser("extract", help="deployment claims in news articles (.txt or .html)")
    extract.add_argument("files", nargs="+", type=Path, metavar="FILE")
    extract.add_argument("--published", type=_date, metavar="YYYY-MM-DD",
                         help="publication date for relative dates, when the file has no 'published:' header")
    extract.add_argument("--format", choices=("json", "table"), default="table")
    _add_data_option(extract)

    store = commands.add_parser("workspace", help="export or import the workspace of reviewed additions")
    store_commands = store.add_subparsers(dest="workspace_command", required=True, parser_class=_Parser)
    export = store_commands.add_parser("export", help="write the data in data/ format (or as FILE.gpkg) for review")
    export.add_argument("directory", type=Path)
    export.add_argument("--only-workspace", action="store_true",
                        help="only the workspace's rows (plus the curated sites and sources they cite)")
    imported = store_commands.add_parser("import", help="validate a data/-format directory (or a .gpkg), then add "
                                                        "its new rows")
    imported.add_argument("directory", type=Path)
    imported.add_argument("--who", required=True, help="your name, for the change log")
    for sub in (export, imported):
        sub.add_argument("--workspace", default=None, help=STORE_HELP)
        _add_data_option(sub)

    commands.add_parser("basemap", help="rebuild static/basemap/: countries.geojson, countries-light.geojson and "
                                          "places.json")


def _add_exchange_commands(commands) -> None:
    export = commands.add_parser("export", help="the filtered data as GeoPackage, KML/KMZ, GeoParquet, a data "
                                                "package, GeoJSON or CSV")
    when = export.add_mutually_exclusive_group(required=True)
    when.add_argument("--as-of", type=_date, metavar="YYYY-MM-DD")
    when.add_argument("--from", dest="start", type=_date, metavar="YYYY-MM-DD", help="with --to: a period")
    export.add_argument("--to", dest="end", type=_date, metavar="YYYY-MM-DD")
    export.add_argument("--region", help=f"one of: {', '.join(REGIONS)}")
    export.add_argument("-o", "--output", type=Path, required=True)
    _add_filters(export, formats=tuple(DATA), default=None)

    sites = commands.add_parser("import-sites", help="add sites from GeoJSON, KML/KMZ or GeoPackage to the workspace")
    sites.add_argument("file", type=Path)
    sites.add_argument("--who", required=True, help="your name, for the change log")
    sites.add_argument("--source", nargs="+", default=[], metavar="SOURCE_ID",
                       help="sources for features that cite none")
    sites.add_argument("--add-as-new", nargs="+", type=int, default=[], metavar="FEATURE",
                       help="features to add as new sites although they look like known ones (default: merge)")
    sites.add_argument("--dry-run", action="store_true", help="check and show the plan; write nothing")
    sites.add_argument("--workspace", default=None, help=STORE_HELP)
    _add_data_option(sites)

    acled = commands.add_parser("acled", help="check an ACLED export and count its events near a site")
    acled.add_argument("file", type=Path, nargs="?", help="the export CSV (default: FOOTPRINT_ACLED)")
    acled.add_argument("--site", metavar="SITE_ID", help="count events near this site by month and type")
    acled.add_argument("--radius", type=float, default=50.0, metavar="KM")
    acled.add_argument("--cache", type=Path, default=None, help="cache folder (default: beside the workspace)")
    acled.add_argument("--format", choices=tuple(TABLES), default="table")
    _add_data_option(acled)


def _filters(args: argparse.Namespace) -> Filters:
    """The filter options a sub-command has, as one value; those it lacks keep everything."""
    return Filters.of(
        actors=_codes(getattr(args, "actor", None)), forces=getattr(args, "force", None),
        countries=_codes(getattr(args, "country", None)), region=getattr(args, "region", None),
        site_types=getattr(args, "site_type", None), roles=getattr(args, "role", None),
        min_confidence=getattr(args, "min_confidence", None),
    )


def _warn_after_as_of(dataset: Dataset, *dates) -> None:
    for day in dates:
        if day > dataset.as_of:
            print(
                f"warning: {day} is after the dataset's as-of date {dataset.as_of}; "
                "open deployments are shown as last known",
                file=sys.stderr,
            )


def _validate(args: argparse.Namespace) -> int:
    try:
        dataset = load_dataset(args.directory)
    except DatasetError as exc:
        print(exc, file=sys.stdout)
        return 1
    print(
        f"{args.directory}: valid. {len(dataset.sites)} sites, {len(dataset.deployments)} deployments, "
        f"{len(dataset.events)} events, {len(dataset.sources)} sources; as of {dataset.as_of}."
    )
    return 0


def _checked(args: argparse.Namespace) -> tuple[Dataset, Filters]:
    dataset = load_dataset_cached(args.data)
    filters = _filters(args)
    filters.check(dataset)
    return dataset, filters


def _presence(args: argparse.Namespace) -> int:
    dataset, filters = _checked(args)
    _warn_after_as_of(dataset, args.as_of)
    print(TABLES[args.format](query.presence_at(dataset, args.as_of, filters)))
    return 0


def _changes(args: argparse.Namespace) -> int:
    dataset, filters = _checked(args)
    _warn_after_as_of(dataset, args.start, args.end)
    print(TABLES[args.format](query.changes(dataset, args.start, args.end, filters)))
    return 0


def _events(args: argparse.Namespace) -> int:
    dataset, filters = _checked(args)
    print(TABLES[args.format](query.events_between(dataset, args.start, args.end, filters,
                                                   event_types=args.event_type, sites=args.site)))
    return 0


def _site(args: argparse.Namespace) -> int:
    history = query.site_history(load_dataset_cached(args.data), args.site_id)
    parts = (("Deployments", history.deployments), ("Events", history.events), ("Sources", history.sources))
    if args.format == "json":
        document = {"site": {k: jsonable(v) for k, v in history.site.items()}}
        document.update((title.lower(), json.loads(table_json(frame))) for title, frame in parts)
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    site = history.site
    print(f"{site['name']} ({site['site_id']}), {site['host_iso3']}, {site['site_type']}")
    for title, frame in parts:
        print(f"\n{title}\n{TABLES[args.format](frame)}")
    return 0


def _workspace(args: argparse.Namespace) -> int:
    from footprint.exchange.workspace_file import export_workspace_gpkg, import_workspace_gpkg
    from footprint.workspace import Workspace

    store = Workspace(args.workspace, curated_dir=args.data)
    as_gpkg = args.directory.suffix.lower() == ".gpkg"  # the workspace through a GeoPackage
    if args.workspace_command == "export":
        if as_gpkg:
            written = export_workspace_gpkg(store, args.directory, only_workspace=args.only_workspace)
        else:
            written = store.export(args.directory, only_workspace=args.only_workspace)
        print(f"wrote {written}")
    else:
        if as_gpkg:
            counts = import_workspace_gpkg(store, args.directory, who=args.who)
        else:
            counts = store.import_dir(args.directory, who=args.who)
        # In team mode an import is a proposal: it joins the shared data only when a reviewer approves it.
        done = "proposed for review" if store.team() else "imported"
        print(f"{done}: " + ", ".join(f"{n} {table}" for table, n in counts.items()))
    return 0


def _basemap(args: argparse.Namespace) -> int:
    from footprint.geography import write_basemap, write_light_basemap
    from footprint.mapping import BASEMAP_FILE, LIGHT_BASEMAP_FILE, PLACES_FILE
    from footprint.places import write_places

    write_basemap(BASEMAP_FILE)
    write_light_basemap(LIGHT_BASEMAP_FILE)
    write_places(PLACES_FILE)
    for path in (BASEMAP_FILE, LIGHT_BASEMAP_FILE, PLACES_FILE):
        print(f"wrote {path.relative_to(path.parents[2])}")
    return 0


def _datapackage(args: argparse.Namespace) -> int:
    from footprint.dataset import read_metadata, write_datapackage

    write_datapackage(args.data, read_metadata(args.data))
    print(f"wrote {args.data / 'datapackage.json'}")
    return 0


def _bbox(text: str) -> tuple[float, float, float, float]:
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not W,S,E,N in degrees") from None
    return west, south, east, north


def _view_from_args(args: argparse.Namespace, dataset: Dataset) -> View:
    if args.start and not args.end:
        raise UsageError("--from needs --to")
    if args.end and not args.start:
        raise UsageError("--to needs --from")
    if args.start and args.start > args.end:
        raise UsageError(f"--from {args.start} is after --to {args.end}")
    filters = _filters(args)
    filters.check(dataset)
    return View.of(filters, as_of=getattr(args, "as_of", None) or args.end,
                   period=(args.start, args.end) if args.start else None)


def _write_output(path: Path, content: bytes) -> None:
    from footprint.dataset import write_atomic_bytes

    write_atomic_bytes(path, content)
    print(f"wrote {path} ({len(content) / 1024:,.0f} KB)")


def _suffix(args: argparse.Namespace, table: dict[str, Exporter]) -> Exporter:
    fmt = getattr(args, "format", None) or args.output.suffix.lstrip(".").lower()
    if fmt not in table:
        names = ", ".join(f".{suffix}" for suffix in table)
        raise UsageError(f"cannot tell the format from {args.output.name!r}; name it {names} or pass --format")
    return table[fmt]


def _snapshot(args: argparse.Namespace) -> int:
    from footprint.render import check_bbox

    exporter = _suffix(args, SNAPSHOTS)
    dataset = load_dataset_cached(args.data)
    view = _view_from_args(args, dataset)
    try:
        bbox = check_bbox(args.bbox) if args.bbox else None
        events = view.events(dataset) if exporter.suffix == "html" else None
        content = exporter.write(dataset, view, bbox=bbox, title=args.title, banner=args.banner, preset=args.preset,
                                 dpi=args.dpi, events=events)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    _write_output(args.output, content)
    return 0


def _report(fraction: float, label: str) -> None:
    print(f"\r{fraction:4.0%} {label}", end="", file=sys.stderr, flush=True)


def _timelapse(args: argparse.Namespace) -> int:
    from footprint.render import check_bbox
    from footprint.timelapse import frame_dates

    exporter = _suffix(args, TIMELAPSES)
    dataset = load_dataset_cached(args.data)
    view = _view_from_args(args, dataset)
    try:
        days = frame_dates(args.start, args.end, step=args.step)
        bbox = check_bbox(args.bbox) if args.bbox else None
        content = exporter.write(dataset, view, days, title=args.title, bbox=bbox, dpi=args.dpi,
                                 progress=_report if exporter.reports_progress else None)
    except ValueError as exc:  # the renderer's word on dpi and the like
        raise UsageError(str(exc)) from None
    if exporter.reports_progress:
        print(file=sys.stderr)
    _write_output(args.output, content)
    return 0


def _brief(args: argparse.Namespace) -> int:
    from footprint.briefing import plan_deck

    exporter = _suffix(args, DECKS)
    try:
        dates = [parse_day(part) for part in args.dates.split(",") if part.strip()]
    except DateError as exc:
        raise UsageError(f"--dates: {exc}") from None
    if args.template is not None and not args.template.is_file():
        raise UsageError(f"no template at {args.template}")
    dataset = load_dataset_cached(args.data)
    filters = _filters(args)
    filters.check(dataset)
    try:
        plan = plan_deck(dataset, dates=dates, filters=filters, bbox=args.bbox,
                         sites=_codes([args.sites]) if args.sites else None, template=args.template,
                         banner=args.banner)
        content = exporter.write(plan)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    _write_output(args.output, content)
    return 0


def _export(args: argparse.Namespace) -> int:
    from footprint.dataset import write_atomic_bytes
    from footprint.exchange.export import csv_metadata
    from footprint.exchange.selection import select_view

    name = args.output.name.lower()
    fmt = args.format or next((key for key, exporter in sorted(DATA.items(), key=lambda item: -len(item[1].suffix))
                               if name.endswith(f".{exporter.suffix}")), None)
    if fmt is None:
        names = ", ".join(f".{exporter.suffix}" for exporter in DATA.values())
        raise UsageError(f"cannot tell the format from {args.output.name!r}; name it {names} or pass --format")
    dataset = load_dataset(args.data)
    selection = select_view(dataset, _view_from_args(args, dataset))
    _write_output(args.output, DATA[fmt].write(selection))
    if fmt == "csv":  # CSV has no metadata of its own: a CSV on the Web metadata file sits beside it
        sidecar = args.output.with_name(args.output.name + "-metadata.json")
        write_atomic_bytes(sidecar, csv_metadata(selection, args.output.name))
        print(f"wrote {sidecar}")
    print(f"{len(selection.sites)} sites, {len(selection.deployments)} deployments, {len(selection.events)} events, "
          f"{len(selection.sources)} sources; {selection.metadata['filters']}")
    return 0


def _import_sites(args: argparse.Namespace) -> int:
    from footprint.exchange.site_import import SiteImportError, apply_site_import, describe, plan_site_import
    from footprint.workspace import Workspace

    try:
        content = args.file.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read {args.file}: {exc.strerror}") from None
    store = Workspace(args.workspace, curated_dir=args.data)
    held = [row["site_id"] for row in store.rows("sites")]
    try:
        plan = plan_site_import(content, args.file.name, store.merged(), source_ids=args.source,
                                workspace_site_ids=held)
    except SiteImportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(describe(plan))
    if args.dry_run:
        print("dry run: nothing written")
        return 0
    result = apply_site_import(store, plan, who=args.who, add_as_new=args.add_as_new)
    print(f"added {len(result.added)}, merged {len(result.merged)}, "
          f"left out {len(result.kept)} duplicate(s) of curated sites")
    return 0


def _acled(args: argparse.Namespace) -> int:
    from footprint.acled import ACLED_ENV, AcledError, configured_path, counts_by_type, load_acled
    from footprint.workspace import default_path

    path = args.file or configured_path()
    if path is None:
        raise UsageError(f"name the ACLED export CSV, or set {ACLED_ENV}")
    try:
        events = load_acled(path, args.cache or default_path().parent / "acled-cache")
    except AcledError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    first, last = events.frame["event_date"].min().date(), events.frame["event_date"].max().date()
    print(f"{events.file}: {len(events):,} events from {first} to {last}, {events.rows_refused:,} row(s) left out"
          + (" (from the cache)" if events.from_cache else ""), file=sys.stderr)
    for problem in events.problems[:20]:
        print(f"  - {problem}", file=sys.stderr)
    if args.site is None:
        return 0
    dataset = load_dataset(args.data)
    if args.site not in dataset.sites.index:
        raise UsageError(f"unknown site {args.site!r}")
    near = events.near(dataset.sites.loc[[args.site], ["site_id", "lat", "lon"]], args.radius, first, last)
    print(f"{len(near):,} events within {args.radius:g} km of {dataset.sites.at[args.site, 'name']}", file=sys.stderr)
    counts = counts_by_type(near)
    counts["period"] = counts["period"].dt.strftime("%Y-%m")
    print(TABLES[args.format](counts.rename(columns={"period": "month"})))
    return 0


def _extract(args: argparse.Namespace) -> int:
    from footprint.extract import Gazetteer, extract_claims, parse_article

    gazetteer = Gazetteer.from_data_dir(args.data)
    documents = []
    for path in args.files:
        try:
            decoded = read_article(path.read_bytes(), name=str(path))
        except OSError as exc:
            raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
        except TextFileError as exc:
            raise UsageError(str(exc)) from None
        if decoded.legacy:
            print(f"warning: {path} is not UTF-8; read as {decoded.encoding}", file=sys.stderr)
        raw = decoded.text
        article = parse_article(raw)
        published = article.published or args.published
        claims = extract_claims(article.text, published=published, url=article.url, gazetteer=gazetteer)
        documents.append({
            "file": str(path), "url": article.url, "published": published.isoformat() if published else None,
            "claims": [claim.as_dict() for claim in claims],
        })
    if args.format == "json":
        print(json.dumps(documents if len(documents) > 1 else documents[0], indent=2, ensure_ascii=False))
        return 0
    for document in documents:
        print(f"{document['file']} (published {document['published'] or 'unknown'}): "
              f"{len(document['claims'])} claim(s)")
        if document["claims"]:
            frame = pd.DataFrame(document["claims"])[
                ["actor", "force", "host_country", "site", "event", "date", "personnel", "confidence", "evidence"]
            ]
            frame["evidence"] = frame["evidence"].str.slice(0, 80)
            frame["personnel"] = frame["personnel"].astype("Int64")
            print(table_text(frame))
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": _validate, "presence": _presence, "changes": _changes, "events": _events, "site": _site,
    "datapackage": _datapackage, "snapshot": _snapshot, "timelapse": _timelapse, "brief": _brief,
    "extract": _extract, "workspace": _workspace, "basemap": _basemap,
    "export": _export, "import-sites": _import_sites, "acled": _acled,
}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return HANDLERS[args.command](args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (query.QueryError, DateError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DatasetError as exc:
        print(f"error: the data does not validate; run 'python -m footprint validate'. {exc}", file=sys.stderr)
        return 1
    except (PermissionError, ConnectionError) as exc:  # a role that may not write; a store that cannot be opened
        print(f"error: {exc}", file=sys.stderr)
        return 1
