"""Issue 4's must-show on the two seed articles: dates, background, figures with qualifiers and sources.

Events are found by trigger word; if the coder stops coding one, the test
names the missing trigger.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.analyze import analyze
from eventwire.clean import clean
from eventwire.cli import app
from eventwire.code import Coder
from eventwire.db import Eventwire
from eventwire.read import ReadOptions, read_sources
from eventwire.resolve import resolve
from eventwire.resolve.sources import find_attributions

SEED_002 = "002_0c9f3efe62544fc7.txt"
SEED_000 = "000_107bc7c712261691.txt"


def analysis_000(nlp, seeds: Path):
    raw = next(r for r in read_sources([str(seeds / SEED_000)], ReadOptions()))
    [analysis] = list(analyze(nlp, [clean(raw, default_date="2023-12-04")]))
    return analysis


def resolved_seed(nlp, path: Path, date: str | None = None):
    raw = next(r for r in read_sources([str(path)], ReadOptions()))
    [analysis] = list(analyze(nlp, [clean(raw, default_date=date)]))
    return resolve(analysis, Coder(nlp).code_analysis(analysis))


def event(events, trigger: str, sentence_part: str):
    for ev in events:
        e = ev.evidence[0]
        if e.sentence[slice(*e.trigger)] == trigger and sentence_part in e.sentence:
            return ev
    pytest.fail(f"the coder gave no event with trigger {trigger!r} in the sentence with {sentence_part!r}")


@pytest.fixture(scope="module")
def seed_002(nlp, seeds):
    return resolved_seed(nlp, seeds / SEED_002)


def test_seed_002_event_dates(seed_002):
    events = seed_002.events
    support = event(events, "affirmed", "July 25th")
    assert (support.date, support.date_basis, support.date_text) == ("2024-07-25", "relative", "July 25th")
    blame = event(events, "blamed", "Trump")
    assert (blame.date, blame.date_precision) == ("2024-07-27", "day")
    cease = event(events, "ceased", "Hamas ceased all engagement")
    assert cease.date == "2024-07-31"
    today = event(events, "approving a plan", "security cabinet")
    assert today.date == "2024-08-08"


def test_seed_002_october_7_is_historical(seed_002):
    attack = event(seed_002.events, "attack", "October 7, 2023")
    assert (attack.date, attack.date_basis, attack.modality) == ("2023-10-07", "explicit", "historical")
    assert ("killed", 1200, "approximately") in [(c.kind, c.number, c.qualifier) for c in attack.counts]


def test_seed_002_figures_with_sources_and_qualifiers(seed_002):
    figures = [c for _, c in seed_002.figures]
    deaths = next(c for c in figures if c.number == 37000)
    assert (deaths.kind, deaths.qualifier, deaths.source) == ("killed", "over", "the Gaza health Ministry")
    prisoners = next(c for c in figures if c.number == 7000)
    assert (prisoners.kind, prisoners.qualifier, prisoners.source) == ("prisoners", "over",
                                                                       "the Palestinian prisoner Society")
    hostages = next(c for c in figures if c.number == 128)
    assert (hostages.kind, hostages.qualifier, hostages.text) == ("hostages", "approximately",
                                                                  "approximately 128 hostages")
    assert hostages.source is None  # the Society's figure is the aside's, not the hostages'


def test_seed_000_dates_only_with_a_publication_date(nlp, seeds):
    undated = resolved_seed(nlp, seeds / SEED_000)
    assert undated.events and all(ev.date is None and ev.date_basis == "unknown" for ev in undated.events)
    saturday = event(undated.events, "operations", "on Saturday")
    assert saturday.date_text == "Saturday"
    dated = resolved_seed(nlp, seeds / SEED_000, date="2023-12-04")
    saturday = event(dated.events, "operations", "on Saturday")
    assert (saturday.date, saturday.date_basis) == ("2023-12-02", "relative")
    assert {ev.date_basis for ev in dated.events} <= {"relative", "publication"}
    # "who spoke to CNN" is not an event (talking to the press); the attribution is still read
    cnn = next(span for _, span in analysis_000(nlp, seeds).sentence_spans() if "CNN" in span.text)
    source = next(a for a in find_attributions(cnn) if a.outlet == "CNN")
    assert (source.source, source.anonymous) == ("A source familiar with the talks", True)
    targets = next(c for _, c in dated.figures if c.kind == "targets")
    assert (targets.number, targets.qualifier, targets.source) == (400, "over", "The Israel Defense Forces")


@pytest.mark.slow
def test_seed_dates_reach_the_store_and_the_events_command(seeds, tmp_path):
    db = tmp_path / "s.duckdb"
    with Eventwire(db) as ew:
        ew.ingest([str(seeds)])
        rows = ew.events(limit=None)
        historical = ew.events(modality="historical")
        stored = ew.event(historical[0]["id"])
    assert historical and historical[0]["date"] == "2023-10-07"
    assert stored["date_text"] == "October 7, 2023" and stored["counts"]
    by_basis = {r["date_basis"] for r in rows}
    assert {"relative", "explicit", "publication", "unknown"} <= by_basis
    assert any(r["date"] == "2024-07-25" and r["date_precision"] == "day" for r in rows)
    result = CliRunner().invoke(app, ["events", "--db", str(db), "--json", "--since", "2024-07-26",
                                      "--until", "2024-07-31"], catch_exceptions=False)
    listed = json.loads(result.output)
    assert {r["date"] for r in listed} == {"2024-07-27", "2024-07-31"}
