"""A smaller ECB+ check (4 topics) with the benchmark's code; skipped without ../shared/data.

A regression floor just under what this subset scores (storylines 0.860,
chapters 0.962 on 2026-11-24); the full figures come from benchmarks/stories.py.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _benchmark():
    spec = importlib.util.spec_from_file_location("stories_benchmark", ROOT / "benchmarks" / "stories.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bcubed_scores_a_known_clustering():
    bench = _benchmark()
    assert bench.bcubed(["a", "a", "b", "b"], ["x", "x", "y", "y"]) == (1.0, 1.0, 1.0)
    p, r, f = bench.bcubed(["a", "a", "a", "a"], ["x", "x", "y", "y"])
    assert (p, r) == (0.5, 1.0) and abs(f - 2 / 3) < 1e-9


@pytest.mark.slow
def test_four_ecb_topics_cluster_into_their_topics_and_subtopics(shared_data):
    folder = shared_data / "story-clustering" / "ECB+"
    if not folder.exists():
        pytest.skip(f"{folder} is absent")
    bench = _benchmark()
    docs = bench.read_ecb(folder, ["1", "16", "33", "41"])
    assert len(docs) == 89 and not any(d["text"].startswith("http") for d in docs)
    storyline, chapter, _ = bench.cluster_documents(docs)
    names = [d["name"] for d in docs]
    topic_f1 = bench.bcubed([storyline[n] for n in names], [d["topic"] for d in docs])[2]
    sub_f1 = bench.bcubed([chapter[n] for n in names], [d["subtopic"] for d in docs])[2]
    assert topic_f1 >= 0.85
    assert sub_f1 >= 0.9
