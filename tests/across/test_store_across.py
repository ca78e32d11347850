"""The across-article tables are written in the batch transaction and read back intact."""

from __future__ import annotations

import numpy as np
import pytest
from story_helpers import actor, article, mention

from eventwire.db import Eventwire
from eventwire.errors import EventwireError
from eventwire.pipeline import across_articles
from eventwire.pipeline.batch import Batch
from eventwire.pipeline.worker import StageOutput

ISR, PSE = actor("Israel", "ISR"), actor("Gaza", "PSE")
A = article("Israeli jets struck targets in Gaza overnight, the army said. " * 3, "one.example", "2024-05-08",
            title="Jets strike Gaza")
B = article("The Israeli military carried out strikes on Gaza, residents said. " * 3, "two.example", "2024-05-08",
            title="Strikes on Gaza")


@pytest.fixture(autouse=True)
def fake_embeddings(monkeypatch):
    """Fixed vectors: both articles point the same way (no model needed here)."""
    monkeypatch.setattr("eventwire.across.embed.embed", lambda texts: np.tile(np.eye(1, 384, dtype=np.float32), (len(texts), 1)))


def _write(ew: Eventwire, art, ev):
    across = across_articles(ew.store, [art], [ev], {art.id: [("Israel", "GPE"), ("Gaza", "GPE")]})
    ew.store.write_batch(Batch([art], stages=StageOutput([ev]), across=across))


def test_a_failure_while_writing_stories_leaves_nothing_of_the_batch(store_location, monkeypatch):
    m1 = mention(A, "Israeli jets struck targets in Gaza on Tuesday.", actors=[ISR], recipients=[PSE], date="2024-05-07")
    m2 = mention(B, "The Israeli military carried out strikes on Gaza on Tuesday.", actors=[ISR], recipients=[PSE],
                 date="2024-05-07")
    with Eventwire(store_location) as ew:
        _write(ew, A, m1)
        before = ew.stats()
        assert (before["merged_events"], before["storylines"]) == (1, 1)

        def broken(self, stories):
            raise EventwireError("E402", detail="simulated disk full")

        with monkeypatch.context() as patch:
            patch.setattr(type(ew.store), "_write_stories", broken)
            with pytest.raises(EventwireError):
                _write(ew, B, m2)
        assert ew.stats() == before  # no article, event, merged event or story of the failed batch
        (merged,) = ew.merged_events()
        assert merged["num_mentions"] == 1
        _write(ew, B, m2)  # rerunning completes the work
        (merged,) = ew.merged_events()
        assert (merged["num_mentions"], merged["num_sources"]) == (2, 2)
        (story,) = ew.stories()
        assert story["num_articles"] == 2 and story["num_events"] == 1
        full = ew.story(story["id"][:6])
        assert [a["id"] for a in full["articles"]] == sorted([A.id, B.id])
        assert full["timeline"][0]["id"] == merged["id"]
        assert full["chapters"] and full["chapters"][0]["parent_id"] == story["id"]


def test_unknown_ids_are_clear_errors(store_location):
    with Eventwire(store_location) as ew:
        for call in (ew.story, ew.merged_event):
            with pytest.raises(EventwireError) as info:
                call("nope")
            assert info.value.code == "E404"
