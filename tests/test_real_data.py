"""Checks on the curated dataset in data/: it validates, is big enough, and tells the known story."""

from __future__ import annotations

import pytest

from footprint.dataset import load_dataset
from footprint.geography import REGIONS
from footprint.query import changes, events_between, presence_at
from tests.conftest import DATA, ROOT


@pytest.fixture(scope="module")
def data():
    return load_dataset(DATA)


def test_coverage_minimums(data):
    assert len(data.sites) >= 30
    assert len(data.deployments) >= 60
    assert len(data.events) >= 100
    assert len(data.sources) >= 60


def test_every_source_is_cited_and_every_row_cites_one(data):
    cited = set()
    for frame in (data.sites, data.deployments, data.events):
        assert frame["source_ids"].map(len).min() >= 1
        cited |= {i for ids in frame["source_ids"] for i in ids}
    assert set(data.sources.index) == cited


def test_seed_is_indexed_and_cited(data):
    seeds = data.sources[data.sources["seed_file"].notna()]
    assert list(seeds["seed_file"]) == ["000_0da0d9e10c6fc568.txt"]
    index = (ROOT / "seeds" / "index.csv").read_text(encoding="utf-8")
    assert "000_0da0d9e10c6fc568.txt" in index
    seed_id = seeds.index[0]
    russians = data.deployments[data.deployments["source_ids"].map(lambda ids: seed_id in ids)]
    assert set(russians["actor_iso3"]) == {"RUS"}


def _actors_at(data, day, site_id):
    present = presence_at(data, day)
    return set(present.loc[present["site_id"] == site_id, "actor_iso3"])


def test_usa_and_russia_share_air_base_101_in_may_2024(data):
    assert {"USA", "RUS"} <= _actors_at(data, "2024-05-15", "ner-air-base-101")
    assert "USA" in _actors_at(data, "2024-05-15", "ner-air-base-201")


def test_usa_has_left_both_niger_air_bases_by_september_2024(data):
    assert "USA" not in _actors_at(data, "2024-09-01", "ner-air-base-101")
    assert "USA" not in _actors_at(data, "2024-09-01", "ner-air-base-201")


@pytest.mark.parametrize(
    ("day", "actor", "host", "present"),
    [
        ("2023-06-01", "FRA", "NER", True),
        ("2024-03-01", "FRA", "NER", False),
        ("2025-03-01", "FRA", "TCD", False),
        ("2024-06-01", "FRA", "TCD", True),
        ("2022-01-01", "FRA", "MLI", True),
        ("2022-09-01", "FRA", "MLI", False),
        ("2022-06-01", "RUS", "MLI", True),
        ("2022-06-01", "FRA", "BFA", True),
        ("2023-06-01", "FRA", "BFA", False),
        ("2024-06-01", "RUS", "BFA", True),
        ("2020-01-01", "CHN", "DJI", True),
        ("2020-01-01", "USA", "DJI", True),
        ("2020-06-01", "TUR", "LBY", True),
        ("2020-06-01", "RUS", "LBY", True),
        ("2020-06-01", "RUS", "CAF", True),
        ("2020-06-01", "TUR", "SOM", True),
    ],
)
def test_who_was_in_which_country(data, day, actor, host, present):
    rows = presence_at(data, day, actors=[actor], countries=[host])
    assert (len(rows) > 0) is present


def test_france_leaves_niger_and_chad_between_2023_and_2025(data):
    table = changes(data, "2023-07-01", "2025-03-01", actors=["FRA"])
    departed_hosts = set(table.loc[table["change"] == "departed", "host_iso3"])
    assert {"NER", "TCD"} <= departed_hosts
    assert not set(table.loc[table["change"] != "departed", "host_iso3"]) & {"NER", "TCD"}


def test_wagner_gives_way_to_africa_corps_in_mali(data):
    forces = set(data.deployments.loc[data.deployments["actor_iso3"] == "RUS", "force"].dropna())
    assert {"Wagner Group", "Africa Corps"} <= forces
    assert len(presence_at(data, "2025-09-01", countries=["MLI"], forces=["Africa Corps"])) > 0


def test_key_withdrawals_are_events(data):
    niger_2024 = events_between(data, "2024-01-01", "2024-12-31", countries=["NER"], actors=["USA"])
    assert {"agreement_ended", "withdrawal_completed"} <= set(niger_2024["event_type"])


# --- the world outside Africa -----------------------------------------------------------------
# Each row was checked against the notes of the sources its deployment cites (see data/sources.csv):
# (day, sending state, site, present on that day).
WORLD_FACTS = [
    ("2020-06-01", "RUS", "syr-hmeimim", True),
    ("2014-06-01", "RUS", "syr-hmeimim", False),
    ("2020-06-01", "RUS", "syr-tartus", True),
    ("2020-06-01", "RUS", "arm-gyumri", True),
    ("2020-06-01", "RUS", "tjk-201st-base-dushanbe", True),
    ("2020-06-01", "RUS", "kgz-kant", True),
    ("2021-06-01", "RUS", "aze-stepanakert", True),
    ("2024-09-01", "RUS", "aze-stepanakert", False),
    ("2012-06-01", "RUS", "ukr-sevastopol", True),
    ("2019-06-01", "RUS", "ukr-sevastopol", True),
    ("2020-06-01", "RUS", "mda-tiraspol", True),
    ("2020-06-01", "RUS", "geo-tskhinvali", True),
    ("2020-06-01", "RUS", "geo-gudauta", True),
    ("2020-06-01", "RUS", "blr-vileyka", True),
    ("2022-06-01", "RUS", "aze-aghdam-monitoring-centre", True),
    ("2020-06-01", "USA", "afg-bagram", True),
    ("2021-09-01", "USA", "afg-bagram", False),
    ("2013-06-01", "USA", "kgz-manas", True),
    ("2015-01-01", "USA", "kgz-manas", False),
    ("2020-06-01", "USA", "qat-al-udeid", True),
    ("2020-11-25", "USA", "bhr-nsa-bahrain", True),
    ("2020-06-01", "USA", "tur-incirlik", True),
    ("2021-06-01", "USA", "deu-ramstein", True),
    ("2020-06-01", "USA", "jpn-okinawa-kadena", True),
    ("2020-06-01", "USA", "kor-camp-humphreys", True),
    ("2019-06-01", "USA", "kor-yongsan", False),
    ("2025-04-15", "USA", "iot-diego-garcia", True),
    ("2014-11-01", "USA", "hnd-soto-cano", True),
    ("2025-02-15", "USA", "cub-guantanamo-bay", True),
    ("2020-06-01", "USA", "rou-deveselu", True),
    ("2020-06-01", "USA", "aus-darwin", True),
    ("2020-06-01", "USA", "pol-redzikowo", True),
    ("2020-06-01", "USA", "syr-al-tanf", True),
    ("2020-06-01", "FRA", "are-al-dhafra", True),
    ("2020-06-01", "FRA", "are-mina-zayed-french-naval-base", True),
    ("2020-06-01", "FRA", "jor-prince-hassan-h5", True),
    ("2020-06-01", "FRA", "est-tapa", True),
    ("2020-06-01", "GBR", "cyp-akrotiri", True),
    ("2020-06-01", "TUR", "qat-tariq-bin-ziyad", True),
    ("2024-06-01", "CHN", "khm-ream", True),
    ("2016-06-01", "DEU", "tur-incirlik", True),
    ("2018-01-01", "DEU", "tur-incirlik", False),
    ("2020-06-01", "ESP", "tur-incirlik", True)
]


@pytest.mark.parametrize(("day", "actor", "site_id", "present"), WORLD_FACTS,
                         ids=[f"{actor}-{site}-{day}" for day, actor, site, _ in WORLD_FACTS])
def test_who_was_at_which_site_outside_africa(data, day, actor, site_id, present):
    assert data.sites.at[site_id, "host_iso3"] not in REGIONS["africa"].countries
    assert (actor in _actors_at(data, day, site_id)) is present


def test_the_world_table_holds_at_least_thirty_facts_outside_africa():
    assert len(WORLD_FACTS) >= 30
    assert len({site for _, _, site, _ in WORLD_FACTS}) >= 25


def test_world_coverage_minimums(data):
    assert len(data.sites) >= 300
    assert data.sites["host_iso3"].nunique() >= 60
    assert len(data.deployments) >= 450
    assert len(data.events) >= 600


def test_russia_in_2020_is_in_syria_armenia_tajikistan_and_kyrgyzstan(data):
    hosts = set(presence_at(data, "2020-06-01", actors=["RUS"])["host_iso3"])
    assert {"SYR", "ARM", "TJK", "KGZ"} <= hosts


def test_the_usa_leaves_afghanistan_in_2021(data):
    moves = changes(data, "2021-01-01", "2022-01-01", actors=["USA"])
    left = moves[(moves["change"] == "departed") & (moves["host_iso3"] == "AFG")]
    assert not left.empty
    assert presence_at(data, "2021-09-15", actors=["USA"], countries=["AFG"]).empty


def test_every_source_says_its_kind(data):
    assert data.sources["kind"].notna().all()
    assert set(data.sources["kind"]) <= {"official", "wire", "major_outlet", "regional_press", "aggregator",
                                         "state_affiliated"}
