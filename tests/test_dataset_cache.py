"""Validated once per data version: later loads read the validated tables back, a changed file revalidates."""

from __future__ import annotations

import os

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


def test_a_change_that_keeps_size_and_modification_time_is_never_served_stale(tiny_copy, tmp_path):
    cache = tmp_path / "cache"
    sites = tiny_copy / "sites.csv"
    first = load_dataset_cached(tiny_copy, cache_dir=cache)
    name = first.sites["name"].iloc[0]
    stat = sites.stat()
    text = sites.read_text(encoding="utf-8")
    renamed = name[::-1] if name[::-1] != name else name.upper()
    sites.write_text(text.replace(name, renamed, 1), encoding="utf-8")
    os.utime(sites, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as a copy that keeps times would
    assert sites.stat().st_size == stat.st_size and sites.stat().st_mtime_ns == stat.st_mtime_ns
    assert renamed in set(load_dataset_cached(tiny_copy, cache_dir=cache).sites["name"])


def test_a_cache_file_holding_another_version_is_ignored(tiny_copy, tmp_path):
    cache = tmp_path / "cache"
    load_dataset_cached(tiny_copy, cache_dir=cache)
    (old,) = cache.glob("*.pickle")
    held = old.read_bytes()
    set_cell(tiny_copy, "sites", 1, "name", "Renamed camp")
    version = dataset_module.data_version(tiny_copy)
    # The old tables put under the new version's name (a copied or misplaced file): read, found out, replaced.
    old.with_name(f"{old.name.split('-')[0]}-{version}.pickle").write_bytes(held)
    assert "Renamed camp" in set(load_dataset_cached(tiny_copy, cache_dir=cache).sites["name"])


@pytest.mark.parametrize("damage", [b"", b"not a pickle", "truncated"])
def test_a_damaged_cache_file_is_ignored_and_rewritten(tiny_copy, tmp_path, damage):
    cache = tmp_path / "cache"
    expected = load_dataset(tiny_copy)
    load_dataset_cached(tiny_copy, cache_dir=cache)
    (file,) = cache.glob("*.pickle")
    whole = file.read_bytes()
    file.write_bytes(whole[: len(whole) // 2] if damage == "truncated" else damage)
    assert load_dataset_cached(tiny_copy, cache_dir=cache).deployments.equals(expected.deployments)
    assert file.read_bytes() != (whole[: len(whole) // 2] if damage == "truncated" else damage)
    assert load_dataset_cached(tiny_copy, cache_dir=cache).deployments.equals(expected.deployments)


def test_a_seed_document_that_goes_missing_is_reported_not_served_from_the_cache(tiny_copy, tmp_path):
    cache = tmp_path / "cache"
    seed = tiny_copy.parent / "seeds" / "fixture-article.txt"
    seed.parent.mkdir()
    seed.write_text("Troops arrived at the base, the wire said.\n", encoding="utf-8")
    set_cell(tiny_copy, "sources", 1, "seed_file", seed.name)
    assert load_dataset_cached(tiny_copy, cache_dir=cache).sources["seed_file"].iloc[0] == seed.name
    seed.unlink()
    with pytest.raises(DatasetError, match=r"sources\.csv, row 1.*seed_file"):
        load_dataset_cached(tiny_copy, cache_dir=cache)


def test_a_cache_that_cannot_be_written_still_loads(tiny_copy, tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    assert load_dataset_cached(tiny_copy, cache_dir=blocked / "cache").sites.equals(load_dataset(tiny_copy).sites)
