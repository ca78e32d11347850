"""A whole ingest of the sample corpus gives the same store on PostgreSQL as on DuckDB,
and the REST API serves a PostgreSQL store like a DuckDB file."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.db import Eventwire

LOCAL = "http://127.0.0.1"  # a server without a token answers loopback names only

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"

QUERIES = {
    "articles": "SELECT id, duplicate_of, language, published, seq FROM articles ORDER BY id",
    "events": "SELECT id, seq, data FROM events ORDER BY id",
    "merged": "SELECT id, grp, data FROM merged_events ORDER BY id",
    "links": "SELECT * FROM event_links ORDER BY event_id",
    "stories": "SELECT id, grp, data FROM stories ORDER BY id",
    "story_articles": "SELECT * FROM story_articles ORDER BY article_id",
    "contradictions": "SELECT id, data FROM contradictions ORDER BY id",
}


def _snapshot(location: str) -> tuple[dict, dict]:
    with Eventwire(location) as ew:
        ew.ingest([str(EXAMPLES)], workers=1)
        tables = {k: ew.store.con.execute(sql).fetchall() for k, sql in QUERIES.items()}
        api = {"stories": ew.stories(), "merged": ew.merged_events(limit=None), "stats": ew.stats()}
    return tables, api


@pytest.mark.slow
@pytest.mark.skipif(not EXAMPLES.exists(), reason="examples/articles not present")
def test_sample_corpus_on_postgresql_equals_duckdb(tmp_path, pg_location):
    duck_tables, duck_api = _snapshot(str(tmp_path / "s.duckdb"))
    pg_tables, pg_api = _snapshot(pg_location)
    for name, rows in duck_tables.items():
        assert pg_tables[name] == rows, name
    assert pg_api == duck_api
    assert duck_api["stats"]["storylines"] >= 3 and duck_api["stats"]["events"] > 100

    from fastapi.testclient import TestClient

    from eventwire.web.app import create_app

    with TestClient(create_app(pg_location), base_url=LOCAL) as client:
        stories = client.get("/api/stories").json()
        assert stories and client.get("/").status_code == 200
        assert client.get("/api/events", params={"limit": 5}).status_code == 200
