"""A deterministic synthetic world: 2,000 sites, 20,000 deployments, 200,000 events (made up, for timing only)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

from footprint.geography import OVERSEAS_TERRITORIES, contested_territory, countries
from footprint.model import columns

ACTORS = ["USA", "RUS", "FRA", "CHN", "TUR", "DEU", "ITA", "JPN", "GBR", "ARE", "BEL", "SWE", "EST", "ESP", "IND"]
FORCES = ["", "Wagner Group", "Africa Corps", "Operation Barkhane", "MISIN", "Task Force Takuba"]
ROLES = ["training", "counterterrorism", "logistics", "isr_drones", "air_defense", "advisory"]
AS_OF = dt.date(2025, 12, 31)


def _write(path: Path, table: str, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns(table), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def build(directory: Path, *, sites: int = 2_000, deployments: int = 20_000, events: int = 200_000) -> Path:
    """Write the synthetic tables into ``directory`` (idempotent: same seed, same files)."""
    rng = random.Random(20240515)
    directory.mkdir(parents=True, exist_ok=True)
    shapes = countries()
    african = shapes[shapes.geometry.centroid.y.between(-35, 37) & shapes.geometry.centroid.x.between(-18, 52)]
    territories = set().union(*OVERSEAS_TERRITORIES.values())  # never foreign to their own state: left out
    anchors = [(row.iso3, row.geometry.representative_point()) for row in african.itertuples()
               if row.iso3 not in territories]
    sources = [
        {"source_id": f"src-synthetic-{i:04d}", "outlet": "Synthetic Wire", "title": f"Synthetic report {i}",
         "published": "2024-01-01", "url": f"https://example.org/synthetic/{i}", "seed_file": "", "note": "synthetic",
         "kind": "wire", "original_agency": ""}
        for i in range(500)
    ]
    site_rows = []
    for i in range(sites):
        iso3, point = anchors[i % len(anchors)]
        site_rows.append({
            "site_id": f"syn-site-{i:05d}", "name": f"Synthetic site {i}", "aliases": "", "site_type": "camp",
            "host_iso3": iso3, "lat": round(point.y + rng.uniform(-0.05, 0.05), 4),
            "lon": round(point.x + rng.uniform(-0.05, 0.05), 4), "location_precision": "approximate",
            "notes": "synthetic", "source_ids": sources[i % 500]["source_id"],
        })
        territory = contested_territory(iso3, site_rows[-1]["lat"], site_rows[-1]["lon"])
        site_rows[-1].update(disputed="true" if territory else "false",
                             notes=f"synthetic, in {territory}" if territory else "synthetic")
    start_day = dt.date(2012, 1, 1)
    span = (AS_OF - start_day).days
    deployment_rows = []
    for i in range(deployments):
        start = start_day + dt.timedelta(days=rng.randrange(span))
        end = start + dt.timedelta(days=rng.randrange(60, 3000))
        open_ended = end > AS_OF
        low = rng.choice([None, rng.randrange(10, 2000)])
        deployment_rows.append({
            "deployment_id": f"syn-dep-{i:06d}", "actor_iso3": rng.choice(ACTORS), "force": rng.choice(FORCES),
            "force_kind": "national_military", "site_id": site_rows[rng.randrange(sites)]["site_id"],
            "start_date": start.isoformat(), "start_precision": "day",
            "end_date": "" if open_ended else end.isoformat(), "end_precision": "" if open_ended else "day",
            "personnel_min": "" if low is None else low, "personnel_max": "" if low is None else low + 50,
            "role": ";".join(rng.sample(ROLES, 2)), "confidence": rng.choice(["high", "medium", "low"]),
            "status_note": "synthetic", "source_ids": sources[i % 500]["source_id"],
        })
    event_rows = []
    for i in range(events):
        site = site_rows[rng.randrange(sites)]
        day = start_day + dt.timedelta(days=rng.randrange(span))
        event_rows.append({
            "event_id": f"syn-evt-{i:07d}", "date": day.isoformat(), "date_precision": "day",
            "actor_iso3": rng.choice(ACTORS), "force": "", "host_iso3": site["host_iso3"], "site_id": site["site_id"],
            "event_type": rng.choice(["arrival", "presence_reported", "withdrawal_completed"]),
            "summary": f"Synthetic event {i}.", "personnel": "", "source_ids": sources[i % 500]["source_id"],
        })
    _write(directory / "sources.csv", "sources", sources)
    _write(directory / "sites.csv", "sites", site_rows)
    _write(directory / "deployments.csv", "deployments", deployment_rows)
    _write(directory / "events.csv", "events", event_rows)
    (directory / "datapackage.json").write_text(json.dumps({"name": "synthetic", "as_of": AS_OF.isoformat()}))
    return directory
