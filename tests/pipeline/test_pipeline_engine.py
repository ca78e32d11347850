"""How the pipeline uses executors: no pool for small runs, clear errors, one bad article costs only itself."""

from __future__ import annotations

import pytest

from eventwire.errors import EventwireError
from eventwire.model import Article
from eventwire.pipeline import POOL_THRESHOLD, IngestOptions, choose_executor
from eventwire.pipeline.engine import InlineExecutor, LocalExecutor


def test_small_runs_stay_in_process_and_large_ones_get_a_pool():
    small = choose_executor(IngestOptions(workers=2), POOL_THRESHOLD - 1)
    assert isinstance(small, InlineExecutor)
    large = choose_executor(IngestOptions(workers=2), POOL_THRESHOLD)
    try:
        assert isinstance(large, LocalExecutor) and large.workers == 2
    finally:
        large.close()
    assert isinstance(choose_executor(IngestOptions(workers=1), 10 * POOL_THRESHOLD), InlineExecutor)


def test_bad_engine_options_fail_before_any_work(tmp_path):
    from eventwire.db import Eventwire

    with Eventwire(tmp_path / "s.duckdb") as ew:
        for kwargs, code in (({"engine": "spark"}, "E702"), ({"scheduler": "tcp://127.0.0.1:8786"}, "E702"),
                             ({"workers": 0}, "E704")):
            with pytest.raises(EventwireError) as info:
                ew.ingest([str(tmp_path)], **kwargs)
            assert info.value.code == code
        assert ew.stats()["articles"] == 0


def test_an_article_that_breaks_a_stage_is_skipped_with_its_reason(monkeypatch):
    """The chunk is redone article by article; the others keep their events."""
    from eventwire.pipeline import worker
    from eventwire.pipeline.worker import StageOutput

    texts = [
        "Rebels attacked an army base near the capital on Monday, officials said.",
        "Protesters marched through the city centre on Tuesday, police said.",
    ]
    articles = [Article(id=Article.make_id(t), text=t, title=f"T{i}", language="en", published="2024-05-0%d" % (i + 1))
                for i, t in enumerate(texts)]

    class Breaks:
        def run(self, batch, limits=None):
            if any(a.id == articles[0].id for a in batch):
                raise ValueError("odd input")
            return StageOutput(coded=[(a.id, None, 0) for a in batch])

    monkeypatch.setattr(worker, "event_stages", lambda: Breaks())
    monkeypatch.setattr("eventwire.across.stories.article_features", lambda arts, entities: [])
    coded = worker.code_chunk(articles)
    by_id = dict((a, (reason, n)) for a, reason, n in coded.coded)
    assert by_id[articles[1].id] == (None, 0)
    reason, n = by_id[articles[0].id]
    assert n == 0 and "E520" not in reason and "odd input" in reason and reason.startswith("the event stages failed")
