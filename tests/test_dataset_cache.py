"""Validated once per data version: later loads read the validated tables back, a changed file revalidates."""

from __future__ import annotations

import pytest

from footprint import dataset as dataset_module
from footprint.dataset import DatasetError, load_dataset, load_dataset_cached
from tests.conftest import set_cell


def test_second_load_skips_validation_and_a_change_revalidates(tiny_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = load_dataset_cached(tiny_copy, cache_dir=cache)
    assert first.sites.equals(load_dataset(tiny_copy).sites)

    def refuse(*args, **kwargs):
        raise AssertionError("validated again although nothing changed")

    monkeypatch.setattr(dataset_module, "load_dataset", refuse)
    again = load_dataset_cached(tiny_copy, cache_dir=cache)
    assert again.sites.equals(first.sites) and again.as_of == first.as_of
    monkeypatch.undo()

    set_cell(tiny_copy, "sites", 1, "name", "Renamed camp")
    changed = load_dataset_cached(tiny_copy, cache_dir=cache)
    assert "Renamed camp" in set(changed.sites["name"])
    assert len(list(cache.glob("*.pickle"))) == 1, "the old version's file is removed"


def test_bad_data_is_refused_and_not_cached(tiny_copy, tmp_path):
    cache = tmp_path / "cache"
    set_cell(tiny_copy, "sites", 1, "lat", "north")
    with pytest.raises(DatasetError, match=r"sites\.csv, row 1"):
        load_dataset_cached(tiny_copy, cache_dir=cache)
    assert not list(cache.glob("*.pickle"))


def test_an_unreadable_cache_file_is_replaced(tiny_copy, tmp_path):
    cache = tmp_path / "cache"
    load_dataset_cached(tiny_copy, cache_dir=cache)
    (file,) = cache.glob("*.pickle")
    file.write_bytes(b"not a pickle")
    assert len(load_dataset_cached(tiny_copy, cache_dir=cache).sites) == len(load_dataset(tiny_copy).sites)
