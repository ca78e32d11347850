"""The DuckDB store: schema versions, idempotent batches, filters, clear errors."""

from __future__ import annotations

import duckdb
import pytest

from eventwire.errors import EventwireError
from eventwire.model import Article, Problem
from eventwire.store import open_store
from eventwire.store.schema import SCHEMA_VERSION


def make_article(i: int, **kw) -> Article:
    text = f"Article number {i}. " + "Officials met in the capital to discuss the ceasefire. " * 3
    return Article(id=Article.make_id(text), text=text, title=f"Title {i}", language="en", **kw)


def test_new_store_is_migrated_to_current_version(tmp_path):
    with open_store(tmp_path / "s.duckdb") as store:
        assert store.schema_version() == SCHEMA_VERSION


def test_write_batch_is_idempotent(tmp_path):
    arts = [make_article(i, source="a.example", published="2024-08-0%d" % (i + 1)) for i in range(5)]
    with open_store(tmp_path / "s.duckdb") as store:
        assert store.write_batch(arts, {}, [(a.id, "f.txt") for a in arts], [Problem("x.bin", "binary", "E102")]) == 5
        assert store.write_batch(arts, {}, [(a.id, "f.txt") for a in arts], [Problem("x.bin", "binary", "E102")]) == 0
        stats = store.stats()
    assert stats["articles"] == 5
    assert stats["problems"] == 1
    assert stats["per_source"] == {"a.example": 5}


def test_reopen_keeps_content_and_filters_work(tmp_path):
    path = tmp_path / "s.duckdb"
    arts = [make_article(i, source="a" if i % 2 else "b", published=f"2024-08-0{i + 1}") for i in range(6)]
    arts[1].duplicate_of = arts[0].id
    with open_store(path) as store:
        store.write_batch(arts, {}, [], [])
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


def test_filters_are_parameterised(tmp_path):
    with open_store(tmp_path / "s.duckdb") as store:
        store.write_batch([make_article(1, source="a")], {}, [], [])
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


def test_events_are_stored_with_their_article_and_filtered(tmp_path):
    a = make_article(1, source="a")
    events = [
        _event(a.id, 0, "ASSAULT", "ISR", "PSE", "2024-07-25"),
        _event(a.id, 1, "CONSULT", "USA", "EGY", "2024-07"),
        _event(a.id, 2, "ACCUSE", "PSE", "ISR", None),
    ]
    with open_store(tmp_path / "s.duckdb") as store:
        store.write_batch([a], {}, [], [], events=events, coded=[(a.id, None, 3)])
        store.write_batch([a], {}, [], [], events=events, coded=[(a.id, None, 3)])
        assert store.stats()["events"] == 3
        assert [e["event"] for e in store.query_events(actor="ISR")] == ["ASSAULT"]
        assert [e["event"] for e in store.query_events(country="EGY")] == ["CONSULT"]
        assert [e["event"] for e in store.query_events(quad_class=4)] == ["ASSAULT"]
        assert [e["event"] for e in store.query_events(since="2024-07-01", until="2024-07-20")] == ["CONSULT"]
        assert len(store.query_events(article=a.id[:6])) == 3
        assert store.query_events(actor="ISR' OR 1=1 --") == []
        full = store.get_event(events[0].id)
        assert full["actor"][0]["code"] == "ISR" and full["evidence"][0]["rule"] == "test"
        assert store.uncoded_articles() == []
