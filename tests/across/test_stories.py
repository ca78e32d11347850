"""Storylines: clustering rules on made-up vectors, labels, and the sample corpus end to end."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
import yaml

from eventwire.across.stories import (
    ArticleFeatures,
    cluster_articles,
    default_rules,
    entity_bag,
    stories_of,
    story_label,
)
from eventwire.db import Eventwire

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
STORYLINES = ("ceasefire", "protests", "border", "election", "aid")


def unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype(np.float32)


def make_items(seed: int = 0) -> list[ArticleFeatures]:
    """Two topics; topic "talks" runs in December 2023 and again in July 2024."""
    rng = np.random.default_rng(seed)
    centres = {"talks": rng.normal(size=384), "quake": rng.normal(size=384)}
    items = []
    dates = {"talks": ["2023-12-01", "2023-12-03", "2023-12-05", "2024-07-20", "2024-07-22", "2024-07-25"],
             "quake": ["2024-03-01", "2024-03-02", "2024-03-04"]}
    for topic, days in dates.items():
        for i, day in enumerate(days):
            vec = unit(centres[topic] + rng.normal(scale=1.0, size=384))  # cosine about 0.5 within a topic
            ents = entity_bag([("Israel", "GPE"), ("Hamas", "ORG"), ("Doha", "GPE")] if topic == "talks"
                              else [("Chile", "GPE"), ("Santiago", "GPE")])
            items.append(ArticleFeatures(f"{topic}{i}", vec, ents, day, f"{topic.title()} update {i}", f"site{i % 2}"))
    return items


def summary(clusters):
    return sorted((sorted(a.article_id for a in c.articles), sorted(sorted(a.article_id for a in ch) for ch in c.chapters))
                  for c in clusters)


def test_a_story_resumed_after_months_is_one_storyline_with_linked_chapters():
    clusters = cluster_articles(make_items())
    assert len(clusters) == 2
    talks = next(c for c in clusters if c.articles[0].article_id.startswith("talks"))
    assert len(talks.articles) == 6
    assert [sorted(a.article_id for a in ch) for ch in talks.chapters] == [
        ["talks0", "talks1", "talks2"], ["talks3", "talks4", "talks5"]]
    storyline, *chapters = stories_of(talks)
    assert storyline.kind == "storyline" and (storyline.start, storyline.end) == ("2023-12-01", "2024-07-25")
    assert [c.parent_id for c in chapters] == [storyline.id, storyline.id]
    assert chapters[0].linked_story_ids == [chapters[1].id]
    assert storyline.num_sources == 2


def test_clustering_depends_on_the_set_not_the_order():
    items = make_items()
    expected = summary(cluster_articles(items))
    for seed in range(4):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        assert summary(cluster_articles(shuffled)) == expected


def test_label_names_key_actors_topic_words_and_place():
    rules = default_rules()
    items = []
    for i, title in enumerate(["Ceasefire talks resume in Doha", "Mediators push ceasefire talks",
                               "Ceasefire talks stall over hostages"]):
        ents = entity_bag([("Israel", "GPE"), ("Israeli", "NORP"), ("Hamas", "ORG"), ("Hamas", "ORG"), ("Doha", "GPE")],
                          rules)
        items.append(ArticleFeatures(f"a{i}", unit(np.ones(384)), ents, "2024-07-0" + str(i + 1), title))
    label = story_label(items, rules)
    assert label.startswith("Hamas – Israel") or label.startswith("Israel – Hamas")
    assert "ceasefire" in label and "talks" in label
    assert label.endswith("(Doha)")


# --- the sample corpus, end to end ------------------------------------------------------------
def _storyline_of_text() -> dict[str, str]:
    """First body sentence of every sample article -> its storyline (from examples/source)."""
    out = {}
    for name in STORYLINES:
        for item in yaml.safe_load((EXAMPLES / "source" / f"{name}.yaml").read_text(encoding="utf-8")):
            out[item["body"].strip().split(". ")[0][:60]] = name
    return out


def _snapshot(ew: Eventwire) -> dict:
    merged = {(m["id"], m["num_mentions"], m["num_articles"], m["num_sources"]) for m in ew.merged_events(limit=None)}
    links = sorted(ew.store.con.execute("SELECT event_id, merged_id FROM event_links").fetchall())
    stories = sorted(ew.store.con.execute(
        "SELECT s.id, s.kind, s.label, s.num_articles, s.num_sources, string_agg(sa.article_id, ',' ORDER BY sa.article_id) "
        "FROM stories s JOIN story_articles sa ON sa.storyline_id = s.id OR sa.chapter_id = s.id "
        "GROUP BY s.id, s.kind, s.label, s.num_articles, s.num_sources").fetchall())
    contradictions = sorted((c["id"], c["kind"], c["summary"]) for c in ew.contradictions(limit=None))
    return {"merged": merged, "links": links, "stories": stories, "contradictions": contradictions}


def _inputs() -> list[str]:
    return sorted(str(p) for p in (EXAMPLES / "articles").rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample corpus ingested at once, in two runs, and in batches of 4 articles."""
    tmp = tmp_path_factory.mktemp("sample")
    inputs = _inputs()
    half = len(inputs) // 2
    with Eventwire(tmp / "all.duckdb") as ew:
        first = ew.ingest(inputs)
        again = ew.ingest(inputs)
        whole = _snapshot(ew)
        whole_events = ew.stats()["events"]
        story_rows = ew.stories(min_articles=2, limit=None)
        stories = [ew.story(r["id"]) for r in story_rows]
        texts = {a["id"]: ew.article(a["id"])["text"] for a in ew.articles(limit=None)}
    with Eventwire(tmp / "halves.duckdb") as ew:
        ew.ingest(inputs[:half])
        ew.ingest(inputs[half:])
        halves = _snapshot(ew)
    with Eventwire(tmp / "small.duckdb") as ew:
        ew.ingest(inputs, batch_size=4)
        small = _snapshot(ew)
    return {"first": first, "again": again, "whole": whole, "halves": halves, "small": small, "stories": stories,
            "texts": texts, "events": whole_events}


@pytest.mark.slow
def test_sample_corpus_yields_its_five_storylines(sample):
    by_text = _storyline_of_text()
    stories = sample["stories"]
    assert len(stories) == 5
    seen = set()
    for story in stories:
        names = set()
        for a in story["articles"]:
            text = sample["texts"][a["id"]]
            names |= {name for start, name in by_text.items() if start[:50] in text}
        assert len(names) == 1, (story["label"], names)
        seen |= names
        # a timeline of merged events in date order
        days = [e["day"] for e in story["timeline"] if e["day"]]
        assert len(days) >= 5 and days == sorted(days)
        assert story["start"] <= story["end"]
    assert seen == set(STORYLINES)
    labels = " | ".join(s["label"] for s in stories)
    for actor in ("Israel", "Hamas", "Georgia", "Venezuela", "Armenia", "Azerbaijan", "Sudan"):
        assert actor in labels


@pytest.mark.slow
def test_near_duplicates_do_not_raise_num_sources(sample):
    stories = {s["label"].split(":")[0]: s for s in sample["stories"]}
    ceasefire = next(s for k, s in stories.items() if "Hamas" in k)
    copy_of = next(a for a in ceasefire["articles"] if a["near_duplicates"])
    # the Doha article was re-published by another outlet; neither the story nor its events count that site
    sources = {a["source"] for a in ceasefire["articles"]}
    assert ceasefire["num_sources"] == len(sources)
    assert copy_of["id"] in {a["id"] for a in ceasefire["articles"]}
    for event in ceasefire["timeline"]:
        assert event["num_sources"] <= event["num_articles"] <= event["num_mentions"]


@pytest.mark.slow
def test_reingest_adds_no_mentions(sample):
    assert sample["first"].events == sample["events"] > 100
    assert sample["again"].new_articles == 0 and sample["again"].events == 0
    assert sample["again"].merged_events == 0 and sample["again"].storylines == 0


@pytest.mark.slow
def test_two_halves_and_small_batches_give_the_same_events_and_stories(sample):
    whole = sample["whole"]
    assert whole["merged"] and whole["stories"] and whole["links"]
    for other in ("halves", "small"):
        for key in ("merged", "links", "stories", "contradictions"):
            assert sample[other][key] == whole[key], (other, key)


@pytest.mark.slow
def test_the_el_fasher_shelling_merges_across_its_two_sources(sample):
    aid = next(s for s in sample["stories"] if "Sudan" in s["label"])
    # its sentence is the first mention's: the body's "... in El Fasher on Sunday" or a title naming the shelling
    shelling = [e for e in aid["timeline"] if e["event"] == "ASSAULT" and e["sentence"]
                and ("El Fasher on Sunday" in e["sentence"] or "Shelling of El Fasher" in e["sentence"])]
    assert shelling and shelling[0]["num_sources"] == 2


@pytest.mark.slow
def test_the_two_seeds_are_one_storyline_in_two_linked_chapters(seeds, tmp_path):
    """December 2023 (undated page, --date given) and August 2024: one negotiation, a gap between."""
    with Eventwire(tmp_path / "seeds.duckdb") as ew:
        ew.ingest([str(seeds)], date="2023-12-02")
        (storyline,) = ew.stories(min_articles=1)
        story = ew.story(storyline["id"])
    assert (story["start"], story["end"]) == ("2023-12-02", "2024-08-08")
    assert len(story["chapters"]) == 2
    assert "Israel" in story["label"]


@pytest.mark.slow
def test_el_fasher_toll_dispute_is_flagged_once_counts_are_resolved(sample):
    """ad04 (at least 12 killed, Sunday) vs ad05 (31 killed, Saturday): needs counts and
    explicit dates from the resolve stage; until those land, only the merge is checked above."""
    disputes = [c for c in sample["whole"]["contradictions"] if c[1] == "count"]
    if not disputes:
        pytest.skip("resolve fills no counts yet (the when/counts stage has not landed)")
    assert any("12" in c[2] and "31" in c[2] for c in disputes)
