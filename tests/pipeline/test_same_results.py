"""The engine and the worker count change where the work runs, never what it gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.pipeline import IngestOptions, ingest
from eventwire.store import open_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "articles"

#: everything the run produces, in a fixed order (timestamps left out)
SNAPSHOT = {
    "articles": "SELECT id, duplicate_of, duplicate_similarity, language, published, seq, signature FROM articles ORDER BY id",
    "events": "SELECT id, seq, data FROM events ORDER BY id",
    "coded": "SELECT * FROM coded_articles ORDER BY article_id",
    "merged": "SELECT id, grp, data FROM merged_events ORDER BY id",
    "links": "SELECT * FROM event_links ORDER BY event_id",
    "stories": "SELECT id, grp, data FROM stories ORDER BY id",
    "story_articles": "SELECT * FROM story_articles ORDER BY article_id",
    "features": "SELECT article_id, embedding, entities, grp FROM article_features ORDER BY article_id",
    "contradictions": "SELECT id, data FROM contradictions ORDER BY id",
}


def run(db: Path, **options) -> dict[str, list]:
    with open_store(db) as store:
        summary = ingest(store, [str(EXAMPLES)], IngestOptions(**options))
        assert summary.events > 100 and summary.storylines >= 3
        return {name: [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
                       for row in store.con.execute(sql).fetchall()] for name, sql in SNAPSHOT.items()}


@pytest.fixture(scope="module")
def in_process(tmp_path_factory) -> dict[str, list]:
    return run(tmp_path_factory.mktemp("inline") / "s.duckdb", workers=1)


@pytest.mark.slow
@pytest.mark.skipif(not EXAMPLES.exists(), reason="examples/articles not present")
def test_two_local_workers_give_identical_results(in_process, tmp_path):
    pooled = run(tmp_path / "s.duckdb", workers=2, pool_threshold=0)  # force the pool on a small corpus
    for table, rows in in_process.items():
        assert pooled[table] == rows, table


@pytest.mark.slow
@pytest.mark.skipif(not EXAMPLES.exists(), reason="examples/articles not present")
def test_dask_local_cluster_gives_identical_results(in_process, tmp_path):
    pytest.importorskip("distributed")
    on_dask = run(tmp_path / "s.duckdb", engine="dask", workers=2)
    for table, rows in in_process.items():
        assert on_dask[table] == rows, table


@pytest.mark.skipif(not EXAMPLES.exists(), reason="examples/articles not present")
def test_smaller_chunks_and_batches_keep_events_and_merges(in_process, tmp_path):
    """Chunk and batch sizes only change when things are committed, not the events or merges."""
    small = run(tmp_path / "s.duckdb", workers=1, batch_size=7, chunk_size=3)
    for table in ("events", "coded", "merged", "links", "contradictions"):
        strip = (lambda r: (r[0], r[2])) if table == "events" else (lambda r: r)  # seq follows batch order
        assert sorted(map(strip, small[table])) == sorted(map(strip, in_process[table])), table
