"""Whole ingests of hostile input: the bad record is one problem record, the good ones in the same batch
are stored, the run finishes, and nothing already stored is lost or stored twice (row counts)."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest

from eventwire.db import Eventwire
from eventwire.errors import EventwireError
from eventwire.pipeline.worker import DocumentLimits

HUGE = "9" * 5000
ACTORS = ["Rebel fighters", "The army", "Police", "Protesters", "The government", "Militants", "Troops", "Officials"]
VERBS = ["attacked", "shelled", "arrested", "condemned", "met", "criticised", "blockaded", "raided"]
TARGETS = ["a base", "the border post", "dozens of people", "the ministry", "envoys", "a convoy", "the town hall"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SOURCES = ["officials said", "residents said", "a spokesman said", "witnesses said", "the ministry said"]


def article(i: int, extra: str = "") -> str:
    """A distinct article (none is a near-duplicate of another): sentences drawn with seed ``i``."""
    import random

    rng = random.Random(i)
    sentences = [f"{rng.choice(ACTORS)} {rng.choice(VERBS)} {rng.choice(TARGETS)} in Town{rng.randrange(10**6)} "
                 f"on {rng.choice(DAYS)}, {rng.choice(SOURCES)}." for _ in range(6)]
    return " ".join(sentences) + extra


def counts(db: Path) -> dict[str, int]:
    with Eventwire(db, read_only=True) as ew:
        con = ew.store.con
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("articles", "events", "problems", "coded_articles")}


@pytest.fixture
def seeded(tmp_path) -> Path:
    """A store that already holds two articles (which must stay as they are)."""
    db = tmp_path / "s.duckdb"
    (tmp_path / "before.jsonl").write_text("\n".join(json.dumps({"text": article(i), "date": "2024-05-06"})
                                                     for i in (100, 101)), encoding="utf-8")
    with Eventwire(db) as ew:
        ew.ingest([str(tmp_path / "before.jsonl")], workers=1)
    return db


def ingest(db: Path, *paths: Path, **options):
    with Eventwire(db) as ew:
        return ew.ingest([str(p) for p in paths], workers=1, **options)


def test_huge_numbers_and_lone_surrogates_cost_only_their_records(tmp_path, seeded):
    before = counts(seeded)
    lines = [
        '{"text": "%s", "date": "2024-05-06", "views": %s}' % (article(1), HUGE),  # stored: unused field
        '{"text": %s}' % HUGE,  # E107
        '{"text": "%s \\ud800", "date": "2024-05-06"}' % article(2),  # E117
        '{"text": "%s", "title": "bad \\udfff"}' % article(3),  # E117
        json.dumps({"text": article(4), "date": "2024-05-06"}),  # stored
    ]
    (tmp_path / "mixed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    summary = ingest(seeded, tmp_path / "mixed.jsonl")
    assert summary.new_articles == 2
    assert sorted(p.code for p in summary.problems) == ["E107", "E117", "E117"]
    after = counts(seeded)
    assert after["articles"] == before["articles"] + 2 and after["problems"] == before["problems"] + 3
    again = ingest(seeded, tmp_path / "mixed.jsonl")  # nothing twice
    assert again.new_articles == 0 and counts(seeded) == after


def test_a_surrogate_reference_in_rss_costs_only_its_item(tmp_path, seeded):
    items = "".join(f"<item><title>T{i}</title><pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate>"
                    f"<description>{article(i, ' &#xD800;' if i == 11 else '')}</description></item>"
                    for i in (10, 11, 12))
    (tmp_path / "f.rss").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
                                    f"{items}</channel></rss>", encoding="utf-8")
    summary = ingest(seeded, tmp_path / "f.rss")
    assert summary.new_articles == 2 and [(p.code, p.locator) for p in summary.problems] == [("E117", "entry 2")]


def test_dates_at_the_edges_of_the_calendar(tmp_path, seeded):
    before = counts(seeded)
    (tmp_path / "edges.jsonl").write_text("\n".join(json.dumps({"text": article(i), "date": day}) for i, day in (
        (20, "9999-12-31"), (21, "0001-01-01"), (22, "9998-11-30"), (23, "2999-12-31"), (24, "1000-01-01"))),
        encoding="utf-8")
    summary = ingest(seeded, tmp_path / "edges.jsonl")
    assert summary.new_articles == 5 and not summary.problems
    with Eventwire(seeded, read_only=True) as ew:
        published = sorted(str(r["published"]) for r in ew.articles(limit=None))
        days = [r["day"] for r in ew.events(limit=None) if r["day"]]
    assert published.count("None") == 3 and "2999-12-31" in published and "1000-01-01" in published
    assert days and all(date.fromisoformat(str(d)) for d in days)  # "0999-12-28" for "on Monday" of 1000-01-01
    assert counts(seeded)["articles"] == before["articles"] + 5
    with pytest.raises(EventwireError) as info:
        ingest(seeded, tmp_path / "edges.jsonl", date="9999-12-31")
    assert info.value.code == "E208"


@pytest.fixture
def breaks_on(monkeypatch):
    """Make the event stages fail on articles whose text contains a marker word."""
    import eventwire.resolve as resolve

    real = resolve.resolve

    def failing(analysis, events, *args, **kwargs):
        if "BREAKME" in analysis.article.text:
            raise ValueError("a stage failed on odd input")
        return real(analysis, events, *args, **kwargs)

    monkeypatch.setattr(resolve, "resolve", failing)


def test_a_failing_article_alone_in_its_ingest_is_e520_and_counted(tmp_path, seeded, breaks_on):
    (tmp_path / "one.txt").write_text(article(30, " BREAKME"), encoding="utf-8")
    summary = ingest(seeded, tmp_path / "one.txt", date="2024-05-06")
    assert summary.new_articles == 1 and summary.skipped == 1
    assert [p.code for p in summary.problems] == ["E520"]
    assert summary.to_dict()["skipped_by_reason"] == {"E520 the event stages failed on this article": 1}
    with Eventwire(seeded, read_only=True) as ew:
        [row] = ew.store.con.execute(
            "SELECT c.skipped FROM coded_articles c JOIN articles a ON a.id = c.article_id WHERE a.text LIKE '%BREAKME%'"
        ).fetchall()
        assert "a stage failed on odd input" in row[0]
        assert [p["code"] for p in ew.problems()] == ["E520"]


def test_the_33rd_new_article_failing_costs_only_itself(tmp_path, seeded, breaks_on):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        (folder / f"{i:02d}.txt").write_text(article(200 + i, " BREAKME" if i == 32 else ""), encoding="utf-8")
    summary = ingest(seeded, folder, date="2024-05-06")
    assert summary.new_articles == 40 and [p.code for p in summary.problems] == ["E520"]
    with Eventwire(seeded, read_only=True) as ew:
        coded = ew.store.con.execute("SELECT count(*) FROM coded_articles WHERE skipped IS NULL").fetchone()[0]
    assert coded == 2 + 39


def test_per_document_limits_are_problem_records_and_the_rest_is_coded(tmp_path, seeded):
    long_sentence = " ".join(["word"] * 800) + "."
    texts = {
        "long-article": " ".join(article(400 + n) for n in range(12)),
        "long-sentence": f"{article(41)}\n\n{long_sentence}\n\nThe army shelled the village on Tuesday, residents said.",
        "many-sentences": article(42) + " " + " ".join(f"Police arrested {n} protesters." for n in range(1, 40)),
        "many-events": article(43) + " " + " ".join(f"Rebels attacked village {n}." for n in range(1, 20)),
    }
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    limits = DocumentLimits(max_article_chars=len(texts["long-article"]) - 1, max_sentence_chars=2000,
                            max_sentences=20, max_events=5)
    summary = ingest(seeded, *(tmp_path / f"{n}.txt" for n in texts), date="2024-05-06", limits=limits)
    assert summary.new_articles == 4
    found = {(Path(p.source).stem, p.code) for p in summary.problems}
    assert {("long-article", "E204"), ("long-sentence", "E205"), ("many-sentences", "E206"),
            ("many-events", "E207")} <= found
    assert {code for name, code in found if name == "long-article"} == {"E204"}
    by_file = {name for name, _ in found}
    with Eventwire(seeded, read_only=True) as ew:
        per_article = dict(ew.store.con.execute(
            "SELECT a.raw_ref, count(e.id) FROM articles a LEFT JOIN events e ON e.article_id = a.id GROUP BY 1"
        ).fetchall())
        stored = {Path(p["source"]).stem for p in ew.problems()}
    per_file = {Path(ref).stem: n for ref, n in per_article.items() if ref}
    assert per_file["long-article"] == 0  # stored, not coded
    assert per_file["long-sentence"] >= 1  # the sentence after the long one is coded
    assert per_file["many-events"] == 5
    assert set(by_file) <= stored


def test_a_100000_word_sentence_is_bounded(tmp_path, seeded):
    words = " ".join(f"attacked{i % 50} Israel Hamas on Monday" for i in range(20_000))  # 100,000 words, no full stop
    other = " ".join(f"shelled{i % 50} Egypt Qatar on Tuesday" for i in range(20_000))
    (tmp_path / "endless.txt").write_text(f"{article(50)}\n\n{words}", encoding="utf-8")
    started = time.monotonic()
    summary = ingest(seeded, tmp_path / "endless.txt", date="2024-05-06")
    assert time.monotonic() - started < 120
    assert summary.new_articles == 1 and [p.code for p in summary.problems] == ["E204"]
    limits = DocumentLimits(max_article_chars=1_000_000)  # with room for it, the sentence itself is left out
    (tmp_path / "endless2.txt").write_text(f"{article(51)}\n\n{other}", encoding="utf-8")
    started = time.monotonic()
    summary = ingest(seeded, tmp_path / "endless2.txt", date="2024-05-06", limits=limits)
    assert time.monotonic() - started < 120
    assert summary.new_articles == 1 and [p.code for p in summary.problems] == ["E205"] and summary.events >= 1
