"""The CLI: help everywhere, exit codes, shared output formats, documentation."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)
ARTICLE = "Officials in the capital said on Monday that talks with the rebels would resume next week. " * 4


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_top_level_help_lists_every_command():
    result = invoke("--help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name):
    result = invoke(name, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output and len(result.output) > 200


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented(name):
    doc = (ROOT / "docs" / "cli.md").read_text()
    assert re.search(rf"^## `eventwire {name}", doc, re.M), f"docs/cli.md lacks a section for {name}"


@pytest.fixture()
def store(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Talks to resume\n\n" + ARTICLE)
    (src / "b.txt").write_text("Border clash\n\n" + "Troops exchanged fire across the border on Sunday, the army said. " * 4)
    (src / "broken.html").write_bytes(b"\x00\x01\x02" * 500)
    db = tmp_path / "s.duckdb"
    result = invoke("ingest", str(src), "--db", str(db), "-q")
    assert result.exit_code == 0, result.output
    return db, result


def test_ingest_prints_summary_and_names_bad_files(store):
    _, result = store
    assert "articles read" in result.output
    assert "broken.html" in result.output
    assert "E102" in result.output


def test_ingest_strict_and_nothing_read_exit_codes(tmp_path, store):
    db, _ = store
    src = tmp_path / "in"
    assert invoke("ingest", str(src), "--db", str(db), "-q", "--strict").exit_code == 3
    empty = tmp_path / "only-bad"
    empty.mkdir()
    (empty / "x.txt").write_text("")
    assert invoke("ingest", str(empty), "--db", str(db), "-q").exit_code == 1
    assert invoke("ingest", str(tmp_path / "missing"), "--db", str(db), "-q").exit_code == 1


def test_ingest_rejects_bad_date(tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path), "--date", "August 8"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_articles_formats(store):
    db, _ = store
    as_json = json.loads(invoke("articles", "--db", str(db), "--json").output)
    assert len(as_json) == 2 and {"id", "title", "published"} <= set(as_json[0])
    lines = invoke("articles", "--db", str(db), "--format", "jsonl").output.strip().splitlines()
    assert [json.loads(line)["id"] for line in lines] == [r["id"] for r in as_json]
    rows = list(csv.DictReader(io.StringIO(invoke("articles", "--db", str(db), "--csv").output)))
    assert [r["id"] for r in rows] == [r["id"] for r in as_json]
    tsv = invoke("articles", "--db", str(db), "--tsv").output.splitlines()
    assert tsv[0].split("\t")[0] == "id" and len(tsv) == 3
    table = invoke("articles", "--db", str(db)).output
    assert "2 articles" in table


def test_show_by_prefix_and_unknown_id(store):
    db, _ = store
    first = json.loads(invoke("articles", "--db", str(db), "--json").output)[0]
    shown = invoke("show", first["id"][:8], "--db", str(db), "--json")
    assert json.loads(shown.output)["text"].startswith(("Officials", "Troops"))
    missing = runner.invoke(app, ["show", "zzzz", "--db", str(db)])
    assert missing.exit_code == 1
    assert "E404" in missing.output


def test_problems_lists_skipped_inputs(store):
    db, _ = store
    rows = json.loads(invoke("problems", "--db", str(db), "--json").output)
    assert [Path(r["source"]).name for r in rows] == ["broken.html"]


def test_missing_store_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["articles", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "none.duckdb" in result.output
