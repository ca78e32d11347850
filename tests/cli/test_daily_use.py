"""Fit for daily use (issue 18, the CLI and the Python API): no silent caps on listings, one-line
errors for bad option values, one code for a missing input, singular for 1, meaningful placeholders
in --help, tables that fit 120 columns, and articles that could not be coded counted and listed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.cli.common import plural
from eventwire.db import Eventwire

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)
ARTICLE = "Officials in the capital said on Monday that talks with the rebels would resume next week. " * 4
#: a count of one with a plural noun: "1 storylines", "1 sources"
ONE_PLURAL = re.compile(r"(?<![\d,.])1 (article|event|storyline|chapter|contradiction|source|mention|"
                        r"near-duplicate|skipped input|merged event)s\b")


def invoke(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def events_total(demo_store) -> int:
    with Eventwire(demo_store, read_only=True) as ew:
        return ew.count_events()


# --- 1. no silent caps ------------------------------------------------------------------------


def test_a_table_cut_at_its_limit_says_so_on_stderr(demo_store, events_total):
    assert events_total > 100  # the sample corpus has more events than a table shows
    result = invoke("events", "--db", str(demo_store))
    assert result.exit_code == 0
    assert result.stderr.strip() == f"showing 100 of {events_total:,}; --limit 0 for all"
    assert "100 events" in result.stdout
    whole = invoke("events", "--db", str(demo_store), "--limit", "0")
    assert whole.stderr == "" and f"{events_total} events" in whole.stdout


@pytest.mark.parametrize("flag", ["--jsonl", "--csv", "--json"])
def test_machine_formats_write_every_row_by_default(demo_store, events_total, flag):
    result = invoke("events", "--db", str(demo_store), flag)
    assert result.stderr == ""
    if flag == "--json":
        assert len(json.loads(result.stdout)) == events_total
    else:
        assert len(result.stdout.strip().splitlines()) == events_total + (flag == "--csv")


def test_an_explicit_limit_cuts_any_format_and_says_so(demo_store, events_total):
    result = invoke("events", "--db", str(demo_store), "--jsonl", "--limit", "5", "--offset", "10")
    assert len(result.stdout.splitlines()) == 5
    assert result.stderr.strip() == f"showing 11-15 of {events_total:,}; --limit 0 for all"


def test_the_python_api_returns_every_row_unless_limited(demo_store, events_total):
    with Eventwire(demo_store, read_only=True) as ew:
        assert len(ew.events()) == len(ew.events(limit=0)) == len(ew.events(limit=None)) == events_total
        first = ew.events(limit=10)
        assert len(first) == 10 and first.total == events_total
        rest = ew.events(limit=0, offset=events_total - 3)
        assert len(rest) == 3 and rest.total == events_total
        assert ew.articles(limit=2).total == len(ew.articles())
        assert ew.merged_events(limit=1).total == len(ew.merged_events())
        assert ew.stories(limit=1).total == len(ew.stories())
        assert ew.contradictions(limit=0).total == len(ew.contradictions())


def test_the_help_says_what_the_default_limit_is():
    text = " ".join(invoke("events", "--help", env={"COLUMNS": "200"}).stdout.split())
    assert "Default: 100 in a table, all in csv/tsv/json/jsonl" in text


# --- 2. bad option values -------------------------------------------------------------------------


@pytest.mark.parametrize("args, expected", [
    (["events", "--since", "2024-13-01"], "error: --since: '2024-13-01' is not a date; expected YYYY-MM-DD"),
    (["merged", "--until", "2024-02-30"], "error: --until: '2024-02-30' is not a date; expected YYYY-MM-DD"),
    (["articles", "--since", "August 8"], "error: --since: 'August 8' is not a date; expected YYYY-MM-DD"),
    (["stories", "--until", "2024-1-1"], "error: --until: '2024-1-1' is not a date; expected YYYY-MM-DD"),
    (["export", "-f", "csv", "--since", "2024-00-10"], "error: --since: '2024-00-10' is not a date"),
    (["explain", "Talks resumed.", "--date", "2024-13-01"], "error: --date: '2024-13-01' is not a date"),
    (["events", "--type", "ATTACK"], "error: --type: 'ATTACK' is not a PLOVER event type; one of AGREE, "),
    (["merged", "--type", "attack"], "error: --type: 'attack' is not a PLOVER event type"),
    (["export", "-f", "csv", "--type", "ATTACK"], "error: --type: 'ATTACK' is not a PLOVER event type"),
    (["events", "--modality", "maybe"], "error: --modality: 'maybe' is not a modality; one of asserted, negated"),
    (["export", "-f", "csv", "--modality", "maybe"], "error: --modality: 'maybe' is not a modality"),
    (["contradictions", "--kind", "toll"], "error: --kind: 'toll' is not a kind of contradiction; one of count"),
    (["events", "--since", "2024-09-01", "--until", "2024-08-01"], "error: --since: 2024-09-01 is after --until"),
], ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_a_bad_option_value_is_one_line_naming_the_option(demo_store, args, expected):
    result = runner.invoke(app, [*args, "--db", str(demo_store)] if args[0] != "explain" else args)
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(expected), result.output
    if "--type" in args:
        assert "ASSAULT" in lines[0] and "PROTEST" in lines[0]


def test_a_good_type_in_any_case_still_filters(demo_store):
    rows = json.loads(invoke("events", "--db", str(demo_store), "--type", "assault", "--json").stdout)
    assert rows and {r["event"] for r in rows} == {"ASSAULT"}


# --- 3. one code for a missing input ----------------------------------------------------------------


def test_code_and_ingest_report_a_missing_input_alike(tmp_path):
    missing = tmp_path / "missing.jsonl"
    coded = runner.invoke(app, ["code", str(missing)])
    ingested = runner.invoke(app, ["ingest", str(missing), "--db", str(tmp_path / "s.duckdb"), "-q"])
    assert coded.exit_code == ingested.exit_code == 1
    said = f"{missing}: file not found [E100]"
    assert coded.stderr.strip() == f"error: {said}"
    assert f"skipped {said}" in ingested.stderr


# --- 4. singular for 1 ------------------------------------------------------------------------------


def test_plural():
    assert [plural(n, "storyline") for n in (0, 1, 2)] == ["0 storylines", "1 storyline", "2 storylines"]
    assert plural(1, "analysis", "analyses") == "1 analysis" and plural(3, "analysis", "analyses") == "3 analyses"


def test_messages_say_1_in_the_singular(tmp_path, storied_store):
    (tmp_path / "a.txt").write_text("Talks to resume\n\n" + ARTICLE)
    db = str(tmp_path / "one.duckdb")
    outputs = [invoke("ingest", str(tmp_path / "a.txt"), "--db", db, "-q", "--workers", "1").output,
               invoke("articles", "--db", db).output]
    story = json.loads(invoke("stories", "--db", str(storied_store), "--json", "--min-articles", "1").stdout)
    for row in story:
        outputs.append(invoke("story", row["id"], "--db", str(storied_store)).output)
    outputs.append(invoke("contradictions", "--db", str(storied_store), "--limit", "1").output)
    text = "\n".join(outputs)
    assert "store now holds 1 article " in text
    assert not ONE_PLURAL.search(text), ONE_PLURAL.search(text).group()


# --- 5. placeholders in --help --------------------------------------------------------------------


@pytest.mark.parametrize("name", COMMANDS)
def test_help_shows_meaningful_placeholders_and_none_for_flags(name):
    text = invoke(name, "--help", env={"COLUMNS": "220"}).stdout
    for placeholder in ("<bool>", "<str>", "<int", "<list", "<path>"):
        assert placeholder not in text, f"{name} --help shows {placeholder}"
    assert re.search(r"--help\s+Show this message", text)  # a flag: no placeholder at all


def test_value_options_name_what_they_take():
    text = invoke("events", "--help", env={"COLUMNS": "220"}).stdout
    for option, metavar in [("--since", "YYYY-MM-DD"), ("--type", "TYPE"), ("--limit", "N"), ("--db", "FILE|URL"),
                            ("--actor", "CODE|TEXT"), ("--country", "ISO3")]:
        assert re.search(rf"{option}\s+{re.escape(metavar)}\s", text), option
    assert re.search(r"--csv\s+Shortcut", text)  # a flag: no placeholder at all


# --- 6. tables that fit -------------------------------------------------------------------------------


@pytest.mark.parametrize("name, numbers", [("events", False), ("merged", True), ("stories", True),
                                           ("articles", False), ("contradictions", False)])
def test_a_table_fits_120_columns_without_cutting_ids_or_dates(demo_store, name, numbers):
    result = invoke(name, "--db", str(demo_store), "--limit", "20", env={"COLUMNS": "120"})
    rows = json.loads(invoke(name, "--db", str(demo_store), "--limit", "20", "--json").stdout)
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 120
    assert rows
    for row in rows:
        assert row["id"][:12] in result.stdout
        for key in ("date", "published", "start_day"):
            if row.get(key):
                assert f" {row[key]} " in result.stdout
    if name == "events":
        assert all(row["cameo"] in result.stdout for row in rows if row["cameo"])
        assert re.search(r"│ \d{3}\d?\s+│", result.stdout)  # the CAMEO column has room for its codes
    if numbers:  # counts are right-aligned: padding before the digits, one space after
        assert re.search(r"│\s{2,}\d+ │", result.stdout)


def test_a_narrow_table_drops_text_columns_before_cutting_ids(demo_store):
    result = invoke("events", "--db", str(demo_store), "--limit", "5", env={"COLUMNS": "100"})
    assert max(len(line) for line in result.stdout.splitlines()) <= 100
    ids = [r["id"][:12] for r in json.loads(invoke("events", "--db", str(demo_store), "--limit", "5", "--json").stdout)]
    assert all(i in result.stdout for i in ids)
    assert "actor text" not in result.stdout  # dropped, not squeezed


# --- 7. the README --------------------------------------------------------------------------------


def test_the_readme_says_each_thing_once_and_runs_on_the_bundled_examples(demo_store):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "../shared" not in text
    assert text.count("--engine dask --scheduler") == 1
    assert text.count("uses all cores by default") == 1
    assert "eventwire ingest examples/articles" in text and '["examples/articles"]' in text
    for command in ("show", "story"):  # the ids in the examples are the sample corpus's own
        example = re.search(rf"^eventwire {command} ([0-9a-f]{{6}}) ", text, re.M).group(1)
        assert invoke(command, example, "--db", str(demo_store)).exit_code == 0


# --- 8. articles that could not be coded ----------------------------------------------------------


class _FailingStages:
    def run(self, articles, limits=None):
        raise RuntimeError("the coder broke")


def test_articles_that_could_not_be_coded_are_counted_listed_and_fail_the_run(tmp_path, monkeypatch):
    monkeypatch.setattr("eventwire.pipeline.worker.event_stages", lambda: _FailingStages())
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Talks to resume\n\n" + ARTICLE)
    (src / "b.txt").write_text("Border clash\n\n" + "Troops exchanged fire across the border on Sunday, the army said. " * 4)
    db = str(tmp_path / "s.duckdb")
    result = runner.invoke(app, ["ingest", str(src), "--db", db, "-q", "--workers", "1"])
    assert result.exit_code == 1
    assert re.search(r"articles that could not be coded\s+2\b", result.stdout)
    assert re.search(r"articles coded\s+0\b", result.stdout)
    assert "error: no article could be coded (2 failures; see `eventwire problems`)" in result.stderr
    summary = json.loads(runner.invoke(app, ["ingest", str(src / "a.txt"), "--db", str(tmp_path / "t.duckdb"), "-q",
                                             "--workers", "1", "--json"]).stdout)
    assert summary["coded"] == 0 and summary["not_coded"] == 1
    problems = json.loads(invoke("problems", "--db", db, "--json").stdout)
    assert sorted(p["code"] for p in problems) == ["E520", "E520"]
    assert all("the coder broke" in p["reason"] for p in problems)


def test_a_run_that_codes_its_articles_counts_them(tmp_path):
    (tmp_path / "a.txt").write_text("Talks to resume\n\n" + ARTICLE)
    result = invoke("ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "s.duckdb"), "-q", "--workers", "1",
                    "--json")
    summary = json.loads(result.stdout)
    assert result.exit_code == 0 and summary["coded"] == 1 and summary["not_coded"] == 0
