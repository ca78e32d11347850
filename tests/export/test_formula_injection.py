"""CSV formula injection: a text cell that starts like a formula (= + - @, tab, carriage return) is
written with a ``'`` in front in every CSV eventwire writes (flat CSV, ACLED, listings), as spreadsheet
tools expect; numbers, and text that is just a number, are written as they are."""

from __future__ import annotations

import csv
from dataclasses import replace

import pytest

from eventwire.db import Eventwire
from eventwire.export import export_events
from eventwire.export.rows import spreadsheet_safe
from eventwire.pipeline.batch import Batch
from eventwire.pipeline.worker import StageOutput
from eventwire.store import DuckDBStore

FORMULAS = ['=HYPERLINK("https://evil.example","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_like_text_gets_a_quote(value):
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", [-10.0, 3, None, "-10.5", "+3", "1e-5", "Rebels", "", "a=b", "'quoted"])
def test_numbers_and_plain_text_are_left_alone(value):
    assert spreadsheet_safe(value) == value


@pytest.fixture
def formula_store(tmp_path, located_events):
    articles, events = located_events()
    articles[0] = replace(articles[0], source="=cmd|' /C calc'!A0", title="@SUM(1+1)")
    strike = events[0]
    strike.actor[0].text, strike.actor[0].name = "=1+2", "=1+2"
    strike.recipient[0].text = "+SUM(A1)"
    strike.acled_actor2 = "+SUM(A1)"  # the ACLED name of the side acted upon, as the resolve stage writes it
    strike.evidence[0].sentence = "-" + strike.evidence[0].sentence
    db = tmp_path / "f.duckdb"
    with DuckDBStore(db) as store:
        store.write_batch(Batch(articles, stages=StageOutput(events, [(a.id, None, 0) for a in articles])))
    return db


def _cells(path):
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    return rows, [v for r in rows for v in r.values()]


def test_csv_and_acled_exports_neutralise_formulas(formula_store, tmp_path):
    with Eventwire(formula_store, read_only=True) as ew:
        export_events(ew, "csv", tmp_path / "flat.csv")
        export_events(ew, "acled", tmp_path / "acled.csv")
    rows, cells = _cells(tmp_path / "flat.csv")
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r")) or (c.startswith("-") and not _number(c))]
    assert "'=cmd|' /C calc'!A0" in {r["article_source"] for r in rows}
    assert "'@SUM(1+1)" in {r["article_title"] for r in rows}
    assert "-10.0" in {r["goldstein"] for r in rows}  # numbers stay numbers
    rows, cells = _cells(tmp_path / "acled.csv")
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r")) or (c.startswith("-") and not _number(c))]
    strike = next(r for r in rows if r["event_type"] == "Explosions/Remote violence")
    assert strike["actor1"] == "'=1+2" and strike["actor2"] == "'+SUM(A1)" and strike["notes"].startswith("'-")
    assert "'=cmd|' /C calc'!A0" in strike["source"] or strike["source"].startswith("'=")


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
