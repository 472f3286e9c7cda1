"""data/datapackage.json describes the tables exactly as the row models define them."""

from __future__ import annotations

import json

from footprint.dataset import datapackage_descriptor, read_metadata
from footprint.model import TABLES, columns
from tests.conftest import DATA


def test_datapackage_is_in_sync_with_the_model():
    on_disk = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    assert on_disk == datapackage_descriptor(read_metadata(DATA)), "run: python -m footprint datapackage"


def test_every_column_is_documented():
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] not in TABLES:
            continue
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == columns(resource["name"])
        assert all(f["description"] for f in fields), resource["name"]


def test_csv_headers_follow_the_model_order():
    for table in TABLES:
        header = (DATA / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == columns(table)


def test_metadata_names_as_of_coverage_and_licence():
    metadata = read_metadata(DATA)
    assert metadata["as_of"] and metadata["coverage"]["temporal"]["end"] == metadata["as_of"]
    assert metadata["licenses"][0]["name"]
