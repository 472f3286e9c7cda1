"""The ACLED reader: a user's export checked row by row, cached as Parquet, filtered by period and distance."""

from __future__ import annotations

import csv
import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.acled_scale import write_synthetic_acled
from footprint.acled import REQUIRED, AcledError, configured_path, counts_by_type, load_acled, read_acled_csv

AB101 = pd.DataFrame({"site_id": ["ner-ab101"], "lat": [13.4815], "lon": [2.1836]})
GAO = pd.DataFrame({"site_id": ["mli-gao"], "lat": [16.2484], "lon": [-0.0055]})


def _row(event_id: str, **changes: str) -> dict[str, str]:
    row = {
        "event_id_cnty": event_id, "event_date": "2024-05-10", "time_precision": "1", "event_type": "Battles",
        "sub_event_type": "Armed clash", "actor1": "Synthetic actor A", "actor2": "", "country": "Niger",
        "iso": "562", "latitude": "13.50", "longitude": "2.20", "geo_precision": "1", "fatalities": "2",
        "source": "Synthetic source", "notes": "Synthetic, with a comma, and\na line break.",
        "admin1": "Niamey",
    }
    return {**row, **changes}


def _write(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> Path:
    header = header or [*REQUIRED, "admin1"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


ROWS = [
    _row("NIG1"),
    _row("NIG2", event_date="15 May 2024", event_type="Explosions/Remote violence",
         sub_event_type="Air/drone strike", latitude="13.9", longitude="2.6"),  # about 60 km from AB101
    _row("NIG3", event_date="2024-13-01"),  # row 3: no month 13
    _row("NIG4", latitude="95"),  # row 4
    _row("NIG5", time_precision="4"),  # row 5
    _row("NIG6", fatalities="-1"),  # row 6
    _row(""),  # row 7: no id
    _row("NIG1", event_date="2024-05-11"),  # row 8: repeats row 1's id
    _row("MLI1", event_date="2024-04-30", country="Mali", iso="466", latitude="16.25", longitude="0.0"),
    _row("NIG9", iso="Niger"),  # row 10
    _row("NIG10", event_date="2023-01-02", fatalities="0", event_type="Protests"),
]


def test_bad_rows_are_left_out_and_named_by_row_field_and_value(tmp_path: Path) -> None:
    events = read_acled_csv(_write(tmp_path / "export.csv", ROWS))
    assert list(events.frame["event_id_cnty"]) == ["NIG10", "MLI1", "NIG1", "NIG2"]  # oldest first
    assert events.rows_read == 11 and events.rows_refused == 7
    assert [str(p) for p in events.problems] == [
        "export.csv, row 3, field event_date, value '2024-13-01': not a date (ACLED writes YYYY-MM-DD or "
        "'15 May 2024')",
        "export.csv, row 4, field latitude, value '95': must be a number from -90 to 90",
        "export.csv, row 5, field time_precision, value '4': must be 1, 2 or 3",
        "export.csv, row 6, field fatalities, value '-1': must be a whole number, 0 or more",
        "export.csv, row 7, field event_id_cnty, value '': an event id is required",
        "export.csv, row 8, field event_id_cnty, value 'NIG1': repeats an earlier row's event id",
        "export.csv, row 10, field iso, value 'Niger': must be ACLED's numeric ISO 3166 country code",
    ]
    frame = events.frame
    assert frame["event_date"].dtype.kind == "M" and frame["latitude"].dtype == float
    assert frame["fatalities"].dtype == "int64" and frame["time_precision"].tolist() == [1, 1, 1, 1]
    assert frame.loc[frame["event_id_cnty"] == "NIG2", "event_date"].iloc[0] == pd.Timestamp("2024-05-15")
    assert frame.loc[0, "notes"] == "Synthetic, with a comma, and\na line break."
    assert frame["admin1"].iloc[0] == "Niamey"


def test_files_that_cannot_be_used_are_refused_whole(tmp_path: Path) -> None:
    lacking = _write(tmp_path / "lacking.csv", ROWS[:1], header=[c for c in REQUIRED if c not in ("iso", "notes")])
    with pytest.raises(AcledError, match=r"lacking.csv: not an ACLED export; missing column\(s\) iso, notes"):
        read_acled_csv(lacking)
    with pytest.raises(AcledError, match=r"gone.csv: no such file"):
        load_acled(tmp_path / "gone.csv", tmp_path / "cache")
    (tmp_path / "latin1.csv").write_bytes("event_id_cnty,notes\nA,caf\xe9\n".encode("latin-1"))
    with pytest.raises(AcledError, match=r"latin1.csv: cannot be read as UTF-8 CSV"):
        read_acled_csv(tmp_path / "latin1.csv")
    only_bad = _write(tmp_path / "bad.csv", [_row("X1", latitude="north")])
    with pytest.raises(AcledError, match=r"bad.csv: no usable row among 1; first: bad.csv, row 1, field latitude"):
        read_acled_csv(only_bad)


def test_the_cache_is_used_until_the_file_changes(tmp_path: Path) -> None:
    path = _write(tmp_path / "export.csv", ROWS)
    cache = tmp_path / "cache"
    first = load_acled(path, cache)
    assert not first.from_cache and len(list(cache.glob("*.parquet"))) == 1
    again = load_acled(path, cache)
    assert again.from_cache
    pd.testing.assert_frame_equal(again.frame, first.frame)
    assert again.problems == first.problems and again.rows_refused == 7
    _write(path, [*ROWS, _row("NIG11")])
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000_000))
    changed = load_acled(path, cache)
    assert not changed.from_cache and "NIG11" in set(changed.frame["event_id_cnty"])


def test_period_and_distance_filters(tmp_path: Path) -> None:
    events = read_acled_csv(_write(tmp_path / "export.csv", ROWS))
    may = events.between(dt.date(2024, 5, 1), dt.date(2024, 5, 15))
    assert list(may["event_id_cnty"]) == ["NIG1", "NIG2"]  # both ends included
    near = events.near(AB101, 50, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert list(near["event_id_cnty"]) == ["NIG1"]
    assert near["distance_km"].iloc[0] == pytest.approx(2.7, abs=0.05)  # 2.06 km north, 1.77 km east
    wider = events.near(pd.concat([AB101, GAO]), 100, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert dict(zip(wider["event_id_cnty"], wider["site_id"], strict=True)) == {
        "MLI1": "mli-gao", "NIG1": "ner-ab101", "NIG2": "ner-ab101"}
    with pytest.raises(ValueError, match="positive"):
        events.near(AB101, 0, dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def test_counts_by_type_per_month(tmp_path: Path) -> None:
    events = read_acled_csv(_write(tmp_path / "export.csv", ROWS))
    counts = counts_by_type(events.frame)
    assert counts.to_dict("records") == [
        {"period": pd.Timestamp("2023-01-01"), "event_type": "Protests", "events": 1, "fatalities": 0},
        {"period": pd.Timestamp("2024-04-01"), "event_type": "Battles", "events": 1, "fatalities": 2},
        {"period": pd.Timestamp("2024-05-01"), "event_type": "Battles", "events": 1, "fatalities": 2},
        {"period": pd.Timestamp("2024-05-01"), "event_type": "Explosions/Remote violence", "events": 1,
         "fatalities": 2},
    ]
    assert counts_by_type(events.frame.iloc[:0]).empty


def test_the_benchmarks_synthetic_file_reads_cleanly(tmp_path: Path) -> None:
    events = load_acled(write_synthetic_acled(tmp_path / "synthetic.csv", 3000), tmp_path / "cache")
    assert len(events) == 3000 and events.rows_refused == 0
    assert set(events.frame["notes"].str.contains("not a real report")) == {True}
    near = events.near(AB101, 25, dt.date(2018, 1, 1), dt.date(2024, 12, 31))
    assert len(near) > 10 and near["distance_km"].max() <= 25


def test_the_path_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("FOOTPRINT_ACLED", raising=False)
    assert configured_path() is None
    monkeypatch.setenv("FOOTPRINT_ACLED", str(tmp_path / "x.csv"))
    assert configured_path() == tmp_path / "x.csv"


def test_map_layer_escapes_every_acled_field(tmp_path: Path) -> None:
    import json

    import folium

    from footprint.acled import TYPE_COLOURS, map_layer, map_payload

    hostile = '<img src=x onerror=alert(1)></script>"'
    rows = [_row("NIG1", notes=hostile, actor1=hostile, source="<b>src</b>"), _row("NIG2", event_type="<i>odd</i>")]
    events = read_acled_csv(_write(tmp_path / "export.csv", rows))
    near = events.near(AB101, 50, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    payload = map_payload(near, {"ner-ab101": "Air Base 101"})
    assert payload["total"] == payload["shown"] == 2
    assert payload["colours"][:6] == list(TYPE_COLOURS.values()) and payload["types"][-1] == "<i>odd</i>"
    popup = next(e[3] for e in payload["events"] if "Battles" in e[3])
    assert "<img" not in popup and "&lt;img src=x onerror=alert(1)&gt;&lt;/script&gt;&quot;" in popup
    assert "time_precision 1: day known" in popup and "geo_precision 1: town" in popup
    assert "2.7 km from Air Base 101" in popup and "ACLED NIG1" in popup
    fmap = folium.Map(tiles=None)
    group = folium.FeatureGroup(name="layers").add_to(fmap)
    group.add_child(map_layer(near, {"ner-ab101": "Air Base 101"}))
    page = fmap.get_root().render()
    script = page[page.index("footprintAcled("):]
    assert "</script>\"" not in script.split(".addTo(")[0]
    start = script.index("(") + 1
    document = json.loads(script[start:script.index(").addTo(")].replace("<\\/", "</"))
    assert document["unclusterAt"] == 9 and len(document["events"]) == 2


def test_event_counts_chart_stacks_types_per_month(tmp_path: Path) -> None:
    from footprint.acled import TYPE_COLOURS
    from footprint.charts import event_counts

    counts = counts_by_type(read_acled_csv(_write(tmp_path / "export.csv", ROWS)).frame)
    spec = event_counts(counts, colours=TYPE_COLOURS, title="Events within 50 km").to_dict()
    assert spec["mark"]["type"] == "bar" and spec["encoding"]["y"]["stack"] == "zero"
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Battles", "Explosions/Remote violence", "Protests"]
