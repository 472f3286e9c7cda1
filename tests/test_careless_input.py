"""Careless and hostile files: seed paths, spreadsheet formulas, encodings, digits, huge numbers,
directories, error floods, oversized uploads and zip bombs each get one clear message."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from footprint import briefing
from footprint.archive import ArchiveError, check_zip
from footprint.cli import main
from footprint.csvfile import frame_text, neutralise, restore, rows_text
from footprint.dataset import MAX_PROBLEMS, DatasetError, SeedError, load_dataset, read_seed
from footprint.dates import DateError, parse_day, parse_partial
from footprint.exporters import TABLES
from footprint.textfile import MAX_ARTICLE_CHARS, TextFileError, decode, read_article
from footprint.workspace import Workspace
from tests.conftest import ROOT, TINY, read_table, set_cell, write_table


def _problems(directory: Path) -> list:
    with pytest.raises(DatasetError) as caught:
        load_dataset(directory)
    return caught.value.problems


def _only(problems, file: str, column: str | None = None):
    found = [p for p in problems if p.file == file and (column is None or p.column == column)]
    assert found, [str(p) for p in problems]
    return found[0]


# --- 4. seed_file reads only files inside seeds/ -----------------------------------------------------------


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    """A copy of the tiny data with a seeds/ folder beside it holding one good document."""
    import shutil

    target = tmp_path / "project" / "data"
    shutil.copytree(TINY, target)
    seeds = tmp_path / "project" / "seeds"
    seeds.mkdir()
    (seeds / "good.txt").write_text("Russian troops arrived at the base.\n", encoding="utf-8")
    (seeds / "folder").mkdir()
    (seeds / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    outside = tmp_path / "secret.txt"
    outside.write_text("server secret\n", encoding="utf-8")
    (seeds / "link.txt").symlink_to(outside)
    return target


@pytest.mark.parametrize(
    ("seed_file", "words"),
    [
        ("/etc/passwd", "inside seeds/"),
        ("../../../../../../etc/hostname", "no '..'"),
        ("../data/sources.csv", "no '..'"),
        ("link.txt", "outside seeds/"),
        ("folder", "not a file"),
        ("picture.png", "not UTF-8 text"),
        ("missing.txt", "no such file under seeds/"),
    ],
)
def test_seed_file_outside_seeds_or_not_text_is_refused_by_validation(seeded, seed_file, words):
    set_cell(seeded, "sources", 2, "seed_file", seed_file)
    problem = _only(_problems(seeded), "sources.csv", "seed_file")
    assert problem.row == 2
    assert words in problem.message
    # Nothing is read, so no file text can leak into the message.
    assert "server secret" not in str(problem) and "root:" not in str(problem)


def test_a_good_seed_file_loads_and_reads(seeded):
    set_cell(seeded, "sources", 2, "seed_file", "good.txt")
    load_dataset(seeded)
    assert read_seed("good.txt", (seeded.parent / "seeds",)).startswith("Russian troops")


@pytest.mark.parametrize("seed_file", ["/etc/passwd", "../README.md", "../footprint/__init__.py", "link.txt",
                                       "good.txt\x00.png", "", "sub\\..\\..\\x"])
def test_read_seed_never_reads_outside_seeds(seeded, seed_file):
    with pytest.raises(SeedError):
        read_seed(seed_file, (seeded.parent / "seeds",))


def test_workspace_import_refuses_a_seed_file_outside_seeds(tmp_path, capsys):
    import shutil

    incoming = tmp_path / "review"
    shutil.copytree(TINY, incoming)
    set_cell(incoming, "sources", 2, "seed_file", "/etc/passwd")
    store = tmp_path / "ws.sqlite"
    code = main(["workspace", "import", str(incoming), "--who", "tester", "--workspace", str(store),
                 "--data", str(TINY)])
    out = capsys.readouterr()
    assert code == 1
    assert "sources.csv, row 2" in out.out + out.err and "seed_file" in out.out + out.err
    assert Workspace(store, curated_dir=TINY).rows("sources") == []


# --- 5. spreadsheet formulas are neutralised in every CSV written ------------------------------------------

FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "@SUM(1+1)", "+1+1", "-2+3", "\t=1+1", "\r=1+1",
            "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_cells_are_neutralised_and_restored(value):
    safe = neutralise(value)
    assert safe.startswith("'") and restore(safe) == value


@pytest.mark.parametrize("value", ["-12.5", "-0.0055", "+3", "1e5", "Air Base 101", "", "'quoted'", "''=x", "'=x"])
def test_other_cells_round_trip(value):
    assert restore(neutralise(value)) == value


@pytest.mark.parametrize("value", ["-12.5", "-0.0055", "Air Base 101", "'quoted'"])
def test_numbers_and_plain_text_are_left_alone(value):
    assert neutralise(value) == value


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_rows_text_and_frame_text_neutralise_every_text_cell():
    import pandas as pd

    for text in (rows_text(["=a", "b"], [["=1+1", -3.5], ["@x", "ok"]]),
                 frame_text(pd.DataFrame({"=a": ["=1+1", "@x"], "b": [-3.5, "ok"]}))):
        cells = _cells(text)
        assert not any(cell.startswith(("=", "@")) for cell in cells), cells
        assert "-3.5" in cells


@pytest.fixture
def formula_data(tiny_copy: Path) -> Path:
    set_cell(tiny_copy, "sites", 1, "name", FORMULAS[0])
    set_cell(tiny_copy, "events", 1, "summary", "@SUM(1+1) reported")
    set_cell(tiny_copy, "events", 2, "force", "-2+3")
    set_cell(tiny_copy, "sources", 1, "title", "+1+1")
    load_dataset(tiny_copy)
    return tiny_copy


def _no_formula_cell(text: str) -> None:
    cells = _cells(text)
    bad = [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r")) or (c.startswith("-") and "+" in c)]
    assert not bad, bad


def test_cli_csv_output_neutralises_formulas(formula_data, capsys):
    for command in (["presence", "--as-of", "2024-05-15"], ["events", "--from", "2012-01-01", "--to", "2025-01-01"]):
        assert main([*command, "--format", "csv", "--data", str(formula_data)]) == 0
        text = capsys.readouterr().out
        _no_formula_cell(text)
        assert "'=HYPERLINK" in text or "'@SUM" in text


def test_page_downloads_neutralise_formulas(formula_data):
    from footprint.query import events_between, presence_at

    data = load_dataset(formula_data)
    _no_formula_cell(TABLES["csv"](presence_at(data, "2024-05-15")))
    _no_formula_cell(TABLES["csv"](events_between(data, "2012-01-01", "2025-01-01")))
    _no_formula_cell(TABLES["csv"](data.sources.reset_index(drop=True)))


def test_workspace_export_neutralises_and_reads_back_unchanged(formula_data, tmp_path):
    store = Workspace(tmp_path / "ws.sqlite", curated_dir=formula_data)
    out = tmp_path / "export"
    store.export(out)
    for table in ("sites", "events", "sources"):
        _no_formula_cell((out / f"{table}.csv").read_text(encoding="utf-8"))
    again = load_dataset(out)
    assert again.sites.loc["ner-ab101", "name"] == FORMULAS[0]
    assert again.sources.loc["src-one", "title"] == "+1+1"
    # Every row reads back equal to the one held, so importing the export adds nothing.
    assert sum(store.import_dir(out, who="tester").values()) == 0


def test_tables_disable_the_unescaped_csv_export():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


# --- 8. encodings: BOM, CRLF, legacy encodings -------------------------------------------------------------


def _rewrite(directory: Path, table: str, transform) -> None:
    path = directory / f"{table}.csv"
    path.write_bytes(transform(path.read_bytes()))


def test_excel_csv_utf8_with_bom_and_crlf_loads(tiny_copy):
    set_cell(tiny_copy, "sites", 2, "name", "Gao (Mali) — camp général")
    for table in ("sites", "sources", "deployments", "events"):
        _rewrite(tiny_copy, table, lambda data: b"\xef\xbb\xbf" + data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    data = load_dataset(tiny_copy)
    assert data.sites.loc["mli-gao", "name"] == "Gao (Mali) — camp général"
    assert list(data.sites.columns[:2]) == ["site_id", "name"]


def test_workspace_import_reads_a_bom_csv(tiny_copy, tmp_path):
    set_cell(tiny_copy, "events", 2, "event_id", "evt-new-one")
    for table in ("sites", "sources", "deployments", "events"):
        _rewrite(tiny_copy, table, lambda data: b"\xef\xbb\xbf" + data)
    store = Workspace(tmp_path / "ws.sqlite", curated_dir=TINY)
    counts = store.import_dir(tiny_copy, who="tester")
    assert counts["events"] == 1


def test_a_legacy_encoding_is_refused_with_its_name(tiny_copy):
    set_cell(tiny_copy, "sites", 2, "name", "Ménaka")
    _rewrite(tiny_copy, "sites", lambda data: data.decode("utf-8").encode("cp1252"))
    problem = _only(_problems(tiny_copy), "sites.csv")
    assert "not UTF-8" in problem.message and "line 3" in problem.message
    assert "looks like cp125" in problem.message  # a one-letter sample cannot tell cp1250 from cp1252


def test_utf16_with_bom_is_read():
    assert decode("site_id,name\n".encode("utf-16"), name="x.csv").text == "site_id,name\n"


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig"])
def test_an_article_in_another_encoding_keeps_its_accents(encoding):
    text = ("Les soldats français ont quitté la base de Ménaka, près de Gao, le 12 juin 2024, a annoncé "
            "l'état-major général des armées à Bamako.\r\n")
    decoded = read_article(text.encode(encoding))
    assert "Ménaka" in decoded.text and "\r" not in decoded.text and "\ufffd" not in decoded.text


def test_random_bytes_are_refused_not_read_as_garbage():
    with pytest.raises(TextFileError, match="text"):
        read_article(os.urandom(100_000))


def test_an_article_over_the_limit_is_refused_with_a_sentence():
    with pytest.raises(TextFileError, match="limit"):
        read_article("word " * (MAX_ARTICLE_CHARS // 4))
    with pytest.raises(TextFileError, match="limit"):
        read_article(b"a" * 3_000_000)


def test_cli_extract_reads_a_cp1252_article(tmp_path, capsys):
    path = tmp_path / "article.txt"
    path.write_bytes("Le 12 juin 2024, les soldats français ont quitté Gao (Mali).".encode("cp1252"))
    assert main(["extract", str(path), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "read as" in captured.err
    json.loads(captured.out)


# --- 7. ASCII digits only; huge integers; a directory for a file ----------------------------------------------


@pytest.mark.parametrize("text", ["２０２４-05-01", "٢٠٢٤", "2024-0５", "𝟚𝟘𝟚𝟜"])
def test_dates_accept_ascii_digits_only(text):
    with pytest.raises(DateError):
        parse_partial(text)
    with pytest.raises(DateError):
        parse_day(text)


def test_non_ascii_digits_in_a_date_are_a_validation_problem(tiny_copy):
    set_cell(tiny_copy, "events", 1, "date", "２０２４-05-02")
    problem = _only(_problems(tiny_copy), "events.csv", "date")
    assert problem.row == 1


def test_parse_day_wants_the_written_form():
    with pytest.raises(DateError):
        parse_day("20240501")


@pytest.mark.parametrize("column", ["personnel_min", "personnel_max"])
def test_a_huge_headcount_is_a_problem_not_an_overflow(tiny_copy, column):
    set_cell(tiny_copy, "deployments", 1, "personnel_min", "")
    set_cell(tiny_copy, "deployments", 1, column, "18446744073709551616")
    problem = _only(_problems(tiny_copy), "deployments.csv", column)
    assert problem.row == 1 and "less than or equal to" in problem.message


def test_a_huge_headcount_is_refused_by_validate_and_import(tiny_copy, tmp_path, capsys):
    set_cell(tiny_copy, "events", 1, "personnel", "18446744073709551616")
    assert main(["validate", str(tiny_copy)]) == 1
    assert "events.csv, row 1" in capsys.readouterr().out
    code = main(["workspace", "import", str(tiny_copy), "--who", "t", "--workspace", str(tmp_path / "w.sqlite"),
                 "--data", str(TINY)])
    assert code == 1


def test_a_table_that_is_a_directory_is_one_problem(tiny_copy, capsys):
    (tiny_copy / "sites.csv").unlink()
    (tiny_copy / "sites.csv").mkdir()
    problem = _only(_problems(tiny_copy), "sites.csv")
    assert "not a file" in problem.message
    assert main(["validate", str(tiny_copy)]) == 1


# --- 6. error lists stop with a count of the rest ----------------------------------------------------------


def test_blank_lines_are_not_rows(tiny_copy):
    _rewrite(tiny_copy, "events", lambda data: data + b"\n" * 2_000_000)
    assert len(load_dataset(tiny_copy).events) == 3


def test_a_flood_of_bad_rows_gives_a_bounded_list(tiny_copy):
    header, rows = read_table(tiny_copy, "events")
    write_table(tiny_copy, "events", header, rows)
    with (tiny_copy / "events.csv").open("a", encoding="utf-8") as handle:
        handle.write("x,y\n" * 100_000)
    problems = _problems(tiny_copy)
    assert len(problems) == MAX_PROBLEMS + 1
    assert "more problem(s)" in problems[-1].message
    assert str(100_000 - MAX_PROBLEMS) in problems[-1].message
    assert len(str(DatasetError(problems))) < 100_000


def test_a_long_problem_list_from_anywhere_is_capped():
    from footprint.dataset import Problem

    error = DatasetError([Problem("x.csv", "bad", row=n, line=n + 1) for n in range(5_000)])
    assert len(error.problems) == MAX_PROBLEMS + 1 and "4800 more" in error.problems[-1].message


# --- 6. templates are checked for their inflated size before opening -------------------------------------------


def _bomb(path: Path, inflated: int) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("ppt/media/image1.png", "w", force_zip64=True) as member:
            chunk = b"\0" * 1_048_576
            for _ in range(inflated // len(chunk)):
                member.write(chunk)
    return path


def test_a_zip_bomb_template_is_refused_before_it_is_opened(tmp_path, monkeypatch):
    bomb = _bomb(tmp_path / "bomb.pptx", 128 * 1_048_576)
    assert bomb.stat().st_size < 1_000_000
    opened = []
    monkeypatch.setattr(briefing, "Presentation", lambda *a, **k: opened.append(a) or (_ for _ in ()).throw(
        AssertionError("opened")))
    with pytest.raises(ValueError, match="inflates to"):
        briefing.plan_deck(load_dataset(TINY), dates=["2024-05-15"], template=bomb)
    assert opened == []


def test_check_zip_bounds(tmp_path):
    with pytest.raises(ArchiveError, match=r"not a \.pptx"):
        (tmp_path / "x.pptx").write_text("hello")
        check_zip(tmp_path / "x.pptx", kind=".pptx")
    small = _bomb(tmp_path / "small.pptx", 2 * 1_048_576)
    check_zip(small)
    with pytest.raises(ArchiveError, match="inflates"):
        check_zip(small, max_uncompressed=1_000_000)


def test_briefing_errors_do_not_name_server_paths(tmp_path):
    bogus = tmp_path / "template.pptx"
    with zipfile.ZipFile(bogus, "w") as archive:
        archive.writestr("hello.txt", "not a deck")
    with pytest.raises(ValueError) as caught:
        briefing.plan_deck(load_dataset(TINY), dates=["2024-05-15"], template=bogus)
    assert str(tmp_path) not in str(caught.value)


# --- 7, 13. production settings ------------------------------------------------------------------------------


def test_streamlit_hides_error_details_from_users():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"]["maxUploadSize"] <= 50
    assert "showErrorDetails" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_make_run_listens_on_localhost_only():
    dry = subprocess.run(["make", "-n", "run", "VENV=/nonexistent-venv"], cwd=ROOT, capture_output=True, text=True,
                         check=False)
    line = next(line for line in dry.stdout.splitlines() if "serve.py" in line)
    assert "--server.address 127.0.0.1" in line
    assert "HOST=0.0.0.0" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_textfile_and_csvfile_never_import_streamlit():
    code = "import sys, footprint.textfile, footprint.csvfile, footprint.archive; sys.exit('streamlit' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0


# --- control characters never reach the data (they are invalid in SVG and PPTX XML) -------------------------


@pytest.mark.parametrize(("table", "column"), [("sites", "name"), ("events", "summary"), ("sources", "title"),
                                               ("deployments", "force")])
@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x0b", "\x7f", "\x85"])
def test_control_characters_in_text_are_named(tiny_copy, table, column, character):
    set_cell(tiny_copy, table, 1, column, f"Air{character}Base")
    problem = _only(_problems(tiny_copy), f"{table}.csv", column)
    assert problem.row == 1 and f"U+{ord(character):04X}" in problem.message


def test_an_oversized_table_is_refused_before_it_is_read(tiny_copy, monkeypatch):
    from footprint import dataset

    monkeypatch.setattr(dataset, "MAX_TABLE_BYTES", 100)
    problem = _only(_problems(tiny_copy), "sites.csv")
    assert "larger than" in problem.message
