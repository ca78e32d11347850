"""What every command shares: listings have the same output options, and every command that
opens the store reports a store error in one line with exit status 1."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from eventwire.cli import app

runner = CliRunner()
LISTINGS = ["articles", "problems", "events", "stories", "merged", "contradictions"]
STORE_COMMANDS = [[name] for name in LISTINGS] + [
    ["show", "abc"], ["event", "abc"], ["story", "abc"], ["merged-event", "abc"], ["export", "-f", "csv"], ["serve"],
]


@pytest.mark.parametrize("name", LISTINGS)
def test_listings_share_the_output_options(name):
    text = runner.invoke(app, [name, "--help"], env={"COLUMNS": "200"}).output
    assert "<table|csv|tsv|json|jsonl>" in text
    for option in ("--format", "-f", "--csv", "--tsv", "--json", "--jsonl,--nl"):
        assert option in text


@pytest.mark.parametrize("args", STORE_COMMANDS, ids=lambda a: a[0])
def test_a_missing_store_is_a_one_line_error(args, tmp_path):
    missing = tmp_path / "none.duckdb"
    result = runner.invoke(app, [*args, "--db", str(missing)])
    assert result.exit_code == 1
    assert " ".join(result.output.split()) == f"error: not found: store {missing} (run `eventwire ingest` first) [E404]"


def test_a_shortcut_flag_wins_over_format(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Talks to resume\n\n" + "Officials said on Monday that talks with the rebels would resume. " * 4)
    db = str(tmp_path / "s.duckdb")
    assert runner.invoke(app, ["ingest", str(src), "--db", db, "-q", "--workers", "1"]).exit_code == 0
    result = runner.invoke(app, ["articles", "--db", db, "--format", "csv", "--json"])
    assert json.loads(result.output)[0]["title"] == "Talks to resume"
