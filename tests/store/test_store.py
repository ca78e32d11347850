"""The store on both backends (DuckDB, PostgreSQL): schema versions, idempotent batches, filters, clear errors."""

from __future__ import annotations

import time

import duckdb
import pytest

from eventwire.errors import EventwireError
from eventwire.model import Article, Problem
from eventwire.pipeline.batch import Batch
from eventwire.pipeline.worker import StageOutput
from eventwire.store import open_store
from eventwire.store.schema import SCHEMA_VERSION


def make_article(i: int, **kw) -> Article:
    text = f"Article number {i}. " + "Officials met in the capital to discuss the ceasefire. " * 3
    return Article(id=Article.make_id(text), text=text, title=f"Title {i}", language="en", **kw)


def test_new_store_is_migrated_to_current_version(store_location):
    with open_store(store_location) as store:
        assert store.schema_version() == SCHEMA_VERSION


def test_write_batch_is_idempotent(store_location):
    arts = [make_article(i, source="a.example", published="2024-08-0%d" % (i + 1)) for i in range(5)]
    with open_store(store_location) as store:
        assert store.write_batch(Batch(arts, refs=[(a.id, "f.txt") for a in arts], problems=[Problem("x.bin", "binary", "E102")])) == 5
        assert store.write_batch(Batch(arts, refs=[(a.id, "f.txt") for a in arts], problems=[Problem("x.bin", "binary", "E102")])) == 0
        stats = store.stats()
    assert stats["articles"] == 5
    assert stats["problems"] == 1
    assert stats["per_source"] == {"a.example": 5}


def test_reopen_keeps_content_and_filters_work(store_location):
    path = store_location
    arts = [make_article(i, source="a" if i % 2 else "b", published=f"2024-08-0{i + 1}") for i in range(6)]
    arts[1].duplicate_of = arts[0].id
    with open_store(path) as store:
        store.write_batch(Batch(arts))
    with open_store(path, read_only=True) as store:
        assert len(store.query_articles(source="a")) == 3
        assert [r["published"] for r in store.query_articles(since="2024-08-05")] == ["2024-08-05", "2024-08-06"]
        assert [r["id"] for r in store.query_articles(duplicates=True)] == [arts[1].id]
        assert len(store.query_articles(duplicates=False)) == 5
        assert len(store.query_articles(search="number 3")) == 1
        assert len(store.query_articles(limit=2, offset=5)) == 1
        row = store.get_article(arts[0].id[:10])
        assert row["id"] == arts[0].id and row["duplicates"] == [arts[1].id]
        assert row["text"] == arts[0].text


def test_listings_return_every_row_unless_limited_and_count_what_a_limit_cut(store_location):
    arts = [make_article(i, source="a" if i % 2 else "b") for i in range(7)]
    with open_store(store_location) as store:
        store.write_batch(Batch(arts))
        assert len(store.query_articles()) == 7  # no silent cap
        assert len(store.query_articles(limit=0)) == 7
        page = store.query_articles(limit=3)
        assert len(page) == 3 and page.total == 7
        page = store.query_articles(source="a", limit=2, offset=1)
        assert len(page) == 2 and page.total == 3
        rest = store.query_articles(offset=5)  # an offset without a limit: the rows after it
        assert [r["id"] for r in rest] == [a.id for a in arts[5:]] and rest.total == 7
        assert store.query_articles(limit=3, offset=20).total == 7
        assert store.query_articles(source="b", limit=10).total == 4


def test_filters_are_parameterised(store_location):
    with open_store(store_location) as store:
        store.write_batch(Batch([make_article(1, source="a")]))
        assert store.query_articles(source="a' OR '1'='1") == []
        assert store.query_articles(search="'; DROP TABLE articles; --") == []
        assert store.stats()["articles"] == 1


def test_read_only_store_must_exist(tmp_path):
    with pytest.raises(EventwireError) as info:
        open_store(tmp_path / "missing.duckdb", read_only=True)
    assert info.value.code == "E404"


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "s.duckdb"
    with open_store(path):
        pass
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    con.close()
    with pytest.raises(EventwireError) as info:
        open_store(path)
    assert info.value.code == "E403"


def test_not_a_database_gives_clear_error(tmp_path):
    path = tmp_path / "s.duckdb"
    path.write_text("this is not a database")
    with pytest.raises(EventwireError) as info:
        open_store(path)
    assert str(path) in str(info.value)


def _event(article_id: str, idx: int, event: str, actor: str, recipient: str, date: str | None):
    from eventwire.model import Actor, Event, Evidence

    ev = Event(
        event=event,
        actor=[Actor(text=actor.title(), code=actor, resolved=True)],
        recipient=[Actor(text=recipient.title(), code=recipient, resolved=True)],
        quad_class=4 if event == "ASSAULT" else 1,
        date=date,
        date_precision="day" if date and len(date) == 10 else "month",
        evidence=[Evidence(article_id, idx, f"sentence {idx}", (0, 8), rule="test", confidence=0.9)],
    )
    ev.id = ev.compute_id()
    return ev


def test_events_are_stored_with_their_article_and_filtered(store_location):
    a = make_article(1, source="a")
    events = [
        _event(a.id, 0, "ASSAULT", "ISR", "PSE", "2024-07-25"),
        _event(a.id, 1, "CONSULT", "USA", "EGY", "2024-07"),
        _event(a.id, 2, "ACCUSE", "PSE", "ISR", None),
    ]
    with open_store(store_location) as store:
        store.write_batch(Batch([a], stages=StageOutput(events, [(a.id, None, 3)])))
        store.write_batch(Batch([a], stages=StageOutput(events, [(a.id, None, 3)])))
        assert store.stats()["events"] == 3
        assert [e["event"] for e in store.query_events(actor="ISR")] == ["ASSAULT"]
        assert [e["event"] for e in store.query_events(country="EGY")] == ["CONSULT"]
        assert [e["event"] for e in store.query_events(quad_class=4)] == ["ASSAULT"]
        assert [e["event"] for e in store.query_events(since="2024-07-01", until="2024-07-20")] == ["CONSULT"]
        assert len(store.query_events(article=a.id[:6])) == 3
        assert store.query_events(actor="ISR' OR 1=1 --") == []
        assert [e["event"] for e in store.query_events(recipient="eg")] == ["CONSULT"]  # a text fragment, any case
        assert store.query_events(actor="_s%") == []  # the fragment is text, not a LIKE pattern
        full = store.get_event(events[0].id)
        assert full["actor"][0]["code"] == "ISR" and full["evidence"][0]["rule"] == "test"
        assert store.uncoded_articles() == []


# --- both backends, same answers --------------------------------------------------------------
def test_newer_schema_is_refused_on_postgresql(pg_location):
    with open_store(pg_location) as store:
        store.con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(EventwireError) as info:
        open_store(pg_location)
    assert info.value.code == "E403"


def test_read_only_postgresql_store_must_have_tables_and_refuses_writes(pg_location):
    with pytest.raises(EventwireError) as info:
        open_store(pg_location, read_only=True)
    assert info.value.code == "E404"
    open_store(pg_location).close()
    with open_store(pg_location, read_only=True) as store:
        with pytest.raises(EventwireError) as info:
            store.write_batch(Batch([make_article(1)]))
    assert info.value.code == "E401"


def test_unreachable_postgresql_is_a_clear_error():
    with pytest.raises(EventwireError) as info:
        open_store("postgresql://someone:secret@127.0.0.1:1/nowhere")
    assert info.value.code == "E405"
    assert "secret" not in str(info.value) and "127.0.0.1:1" in str(info.value)


def test_placeholders_inside_string_literals_are_kept():
    from eventwire.store.postgres_store import to_pyformat

    assert to_pyformat("SELECT coalesce(a, '?') || ? FROM t WHERE b LIKE '%x' AND c = ?") == (
        "SELECT coalesce(a, '?') || %s FROM t WHERE b LIKE '%%x' AND c = %s"
    )
    assert to_pyformat("SELECT 'it''s ?', ?") == "SELECT 'it''s ?', %s"


def _everything(location: str, located_events) -> dict:
    """Every query of the store API on the located test data (see conftest)."""
    from eventwire.store.filters import EventFilter

    articles, events = located_events()
    with open_store(location) as store:
        store.write_batch(Batch(
            articles, {a.id: a.id.encode() * 8 for a in articles}, [(a.id, f"{a.id}.txt") for a in articles],
            [Problem("x.bin", "binary", "E102")], StageOutput(events, [(a.id, None, 0) for a in articles]),
        ))
        gaza = EventFilter(country="PSE")
        return {
            "stats": store.stats(),
            "articles": store.query_articles(limit=None),
            "article": store.get_article(articles[0].id[:8]),
            "events": store.query_events(limit=None),
            "event": store.get_event(events[0].id),
            "count": store.count_events(gaza),
            "page": store.events_page(EventFilter(quad_class=4), order="-date"),
            "with_data": store.events_with_data(EventFilter(actor="isr")),
            "iter": list(store.iter_events()),
            "sources": store.article_sources([a.id for a in articles]),
            "timeseries": store.timeseries(interval="week", by="dyad"),
            "actors": store.actors(q="G"),
            "actor": store.actor_profile("GEO"),
            "dyads": store.dyads(),
            "counts": store.counts_by("event"),
            "timeline": store.timeline_points(),
            "places": store.places(),
            "place": store.place(281133),
            "search": store.search_articles(["gaza", "house"]),
            "signatures": sorted(store.canonical_signatures()),
            "problems": store.problems(),
        }


def test_both_backends_return_identical_values(tmp_path, pg_location, located_events):
    duck = _everything(str(tmp_path / "s.duckdb"), located_events)
    pg = _everything(pg_location, located_events)
    for key, value in duck.items():
        if key == "iter":  # ingested_at differs between the two runs
            strip = lambda rows: [{k: v for k, v in r.items() if k != "article_ingested_at"} for r in rows]  # noqa: E731
            assert strip(pg[key]) == strip(value)
            assert all(type(a) is type(b) for r, s in zip(value, pg[key]) for a, b in zip(r.values(), s.values()))
            continue
        assert pg[key] == value, key
        assert repr(pg[key]) == repr(value), key  # same Python types too (no Decimal, no memoryview)


_WRITER = """
import sys, time
from pathlib import Path
from eventwire.model import Article
from eventwire.pipeline.batch import Batch
from eventwire.store import open_store
location, first, go = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
with open_store(location) as store:
    while not go.exists():  # start writing together with the other writer
        time.sleep(0.01)
    for b in range(40):
        arts = []
        for i in range(first + b * 5, first + b * 5 + 8):  # overlaps the other writer and the next batch
            text = f"Article number {i}. " + "Officials met in the capital to discuss the ceasefire. " * 3
            arts.append(Article(id=Article.make_id(text), text=text, title=f"Title {i}", language="en"))
        store.write_batch(Batch(arts, refs=[(a.id, f"w{first}-{b}.txt") for a in arts]))
"""


def test_concurrent_ingests_into_one_postgresql_database(pg_location, tmp_path):
    """Two writers at once: every article once, seq numbers unique (the advisory lock serialises batches)."""
    import subprocess
    import sys

    open_store(pg_location).close()  # migrate once, as the first ingest would
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", _WRITER, pg_location, str(first), str(go)]) for first in (0, 100)]
    time.sleep(0.5)
    go.touch()
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    with open_store(pg_location, read_only=True) as store:
        rows = store.con.execute("SELECT id, seq FROM articles").fetchall()
    assert len(rows) == 303  # articles 0..302, each once
    assert len({seq for _, seq in rows}) == len(rows)
