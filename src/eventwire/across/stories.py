"""The ``stories`` stage: articles (and through them, events) grouped into storylines.

Each article is described by a MiniLM embedding of its title and lead, its
named-entity counts, and its publication date. Two articles' content
similarity is a weighted sum of the two cosines. Storylines are
average-linkage clusters of it; each storyline is cut again, at a stricter
threshold and with a penalty that grows with the time between two articles,
into chapters: the bursts of one story separated by a gap or a change of
subject (December 2023 and July 2024 of one negotiation become two chapters
of one storyline, linked to each other). Weights and thresholds are in
``stories.yaml``.

Incremental and independent of how the input was split into runs: the
result is a function of the set of articles. Articles linked by any pair
above the storyline threshold form a *group* (connected component); average
linkage never joins articles across groups at that threshold, so a new batch
only reloads the stored groups its articles link to and reclusters them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ..model import Article, Story, stable_id
from ..rules import read_rules

HERE = Path(__file__).parent
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


@dataclass(frozen=True)
class StoryRules:
    lead_words: int
    embedding_weight: float
    entity_weight: float
    entity_labels: frozenset[str]
    storyline_threshold: float
    chapter_threshold: float
    grace_days: int
    penalty_per_day: float
    storyline_max_penalty: float
    chapter_max_penalty: float
    max_gap_days: int
    label_actors: int
    label_topic_words: int
    actor_labels: frozenset[str]
    place_labels: frozenset[str]
    ignored_words: frozenset[str]


@lru_cache(maxsize=1)
def default_rules() -> StoryRules:
    from spacy.lang.en.stop_words import STOP_WORDS

    d = read_rules(HERE / "stories.yaml", ("lead_words", "weights"))
    return StoryRules(
        lead_words=int(d["lead_words"]),
        embedding_weight=float(d["weights"]["embedding"]),
        entity_weight=float(d["weights"]["entities"]),
        entity_labels=frozenset(d["entity_labels"]),
        storyline_threshold=float(d["storyline_threshold"]),
        chapter_threshold=float(d["chapter_threshold"]),
        grace_days=int(d["time"]["grace_days"]),
        penalty_per_day=float(d["time"]["penalty_per_day"]),
        storyline_max_penalty=float(d["time"]["storyline_max_penalty"]),
        chapter_max_penalty=float(d["time"]["chapter_max_penalty"]),
        max_gap_days=int(d["time"]["max_gap_days"]),
        label_actors=int(d["label"]["actors"]),
        label_topic_words=int(d["label"]["topic_words"]),
        actor_labels=frozenset(d["label"]["actor_labels"]),
        place_labels=frozenset(d["label"]["place_labels"]),
        ignored_words=frozenset(STOP_WORDS) | frozenset(d["label"]["ignored_words"]),
    )


@dataclass
class ArticleFeatures:
    """What clustering knows of one (canonical) article; stored so later runs need not re-embed."""

    article_id: str
    embedding: np.ndarray  # (384,) float32, unit length
    #: entity key (casefolded text) -> [text as most often written, spaCy label, count]
    entities: dict[str, list[Any]] = field(default_factory=dict)
    published: str | None = None
    title: str | None = None
    source: str | None = None
    group: str | None = None  # stored group id; None for new articles

    @property
    def day(self) -> date | None:
        try:
            return date.fromisoformat(self.published[:10]) if self.published else None
        except ValueError:
            return None

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.published or "9999-99-99", self.article_id)


class StoryLookup(Protocol):
    """What the story stage reads from the store (``DuckDBStore`` implements it)."""

    def story_candidates(self, day_lo: str | None, day_hi: str | None) -> list[ArticleFeatures]:
        """Stored features of articles published in [day_lo, day_hi], and of undated ones."""

    def story_groups(self, groups: Sequence[str]) -> list[ArticleFeatures]:
        """Stored features of every article in the given groups."""


# --- features -----------------------------------------------------------------------
def lead_text(title: str | None, text: str, words: int) -> str:
    """Title plus the first words of the body: what the article is about."""
    body = " ".join(text.split()[:words])
    return f"{title}\n{body}" if title else body


def entity_bag(mentions: Iterable[tuple[str, str]], rules: StoryRules | None = None) -> dict[str, list[Any]]:
    """Count (text, label) entity mentions under a casefolded key."""
    rules = rules or default_rules()
    surface: dict[str, Counter[tuple[str, str]]] = {}
    for text, label in mentions:
        if label not in rules.entity_labels:
            continue
        text = " ".join(text.split())
        key = text.casefold()
        if key:
            surface.setdefault(key, Counter())[(text, label)] += 1
    return {
        key: [*forms.most_common(1)[0][0], sum(forms.values())]
        for key, forms in sorted(surface.items())
    }


def article_features(
    articles: Sequence[Article],
    entities: dict[str, list[tuple[str, str]]],
    embed: Any = None,
    rules: StoryRules | None = None,
) -> list[ArticleFeatures]:
    """Features of canonical articles (near-duplicates follow their original)."""
    rules = rules or default_rules()
    canonical = [a for a in articles if not a.duplicate_of]
    if not canonical:
        return []
    if embed is None:
        from .embed import embed
    vectors = embed([lead_text(a.title, a.text, rules.lead_words) for a in canonical])
    return [
        ArticleFeatures(a.id, np.asarray(vectors[i], dtype=np.float32), entity_bag(entities.get(a.id, []), rules),
                        a.published, a.title, a.source)
        for i, a in enumerate(canonical)
    ]


# --- similarity ------------------------------------------------------------------------
def _entity_matrix(items: Sequence[ArticleFeatures]) -> np.ndarray:
    vocab: dict[str, int] = {}
    for it in items:
        for key in it.entities:
            vocab.setdefault(key, len(vocab))
    m = np.zeros((len(items), max(len(vocab), 1)), dtype=np.float32)
    for i, it in enumerate(items):
        for key, (_, _, count) in it.entities.items():
            m[i, vocab[key]] = 1.0 + math.log(count)
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.clip(norms, 1e-9, None)


def content_similarity(left: Sequence[ArticleFeatures], right: Sequence[ArticleFeatures], rules: StoryRules) -> np.ndarray:
    """Pairwise similarity of two article lists by content (depends only on each pair)."""
    if not left or not right:
        return np.zeros((len(left), len(right)), dtype=np.float32)
    ents = _entity_matrix(list(left) + list(right))
    el, er = ents[: len(left)], ents[len(left) :]
    vl = np.stack([a.embedding for a in left])
    vr = np.stack([a.embedding for a in right])
    return rules.embedding_weight * (vl @ vr.T) + rules.entity_weight * (el @ er.T)


def day_gaps(left: Sequence[ArticleFeatures], right: Sequence[ArticleFeatures]) -> np.ndarray:
    """Days between publication dates (NaN where either is unknown)."""
    def ordinals(items: Sequence[ArticleFeatures]) -> np.ndarray:
        return np.array([it.day.toordinal() if it.day else np.nan for it in items], dtype=np.float64)

    return np.abs(ordinals(left)[:, None] - ordinals(right)[None, :])


def time_penalty(gaps: np.ndarray, max_penalty: float, rules: StoryRules) -> np.ndarray:
    """What a time gap takes off a similarity; a gap beyond ``max_gap_days`` forbids a link."""
    penalty = np.clip((gaps - rules.grace_days) * rules.penalty_per_day, 0.0, max_penalty)
    penalty = np.where(gaps > rules.max_gap_days, 10.0, penalty)
    return np.nan_to_num(penalty, nan=0.0).astype(np.float32)


def storyline_similarity(left: Sequence[ArticleFeatures], right: Sequence[ArticleFeatures], rules: StoryRules) -> np.ndarray:
    content = content_similarity(left, right, rules)
    return content - time_penalty(day_gaps(left, right), rules.storyline_max_penalty, rules)


# --- clustering ------------------------------------------------------------------------
@dataclass
class StoryCluster:
    """One storyline: its articles (in date order) and its chapters."""

    articles: list[ArticleFeatures]
    chapters: list[list[ArticleFeatures]]
    group: str


def _average_linkage(sim: np.ndarray, threshold: float) -> list[list[int]]:
    """Clusters whose average pairwise similarity stays >= threshold (index lists)."""
    n = len(sim)
    if n == 1:
        return [[0]]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = np.clip(1.0 - sim.astype(np.float64), 0.0, None)
    dist = (dist + dist.T) / 2
    np.fill_diagonal(dist, 0.0)
    labels = fcluster(linkage(squareform(dist, checks=False), "average"), 1.0 - threshold + 1e-9, "distance")
    out: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        out.setdefault(int(lab), []).append(i)
    return sorted(out.values(), key=lambda idx: idx[0])


def _components(sim: np.ndarray, threshold: float) -> list[list[int]]:
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    _, labels = connected_components(csr_matrix(sim >= threshold), directed=False)
    out: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        out.setdefault(int(lab), []).append(i)
    return sorted(out.values(), key=lambda idx: idx[0])


def group_id(items: Iterable[ArticleFeatures]) -> str:
    return stable_id("story-group", min(it.article_id for it in items))


def cluster_articles(items: Sequence[ArticleFeatures], rules: StoryRules | None = None) -> list[StoryCluster]:
    """Storylines and their chapters for a set of articles (the order given does not matter)."""
    rules = rules or default_rules()
    ordered = sorted(items, key=lambda it: it.sort_key)
    if not ordered:
        return []
    content = content_similarity(ordered, ordered, rules)
    gaps = day_gaps(ordered, ordered)
    sim = content - time_penalty(gaps, rules.storyline_max_penalty, rules)
    chapter_sim = content - time_penalty(gaps, rules.chapter_max_penalty, rules)
    clusters: list[StoryCluster] = []
    for comp in _components(sim, rules.storyline_threshold):
        members = [ordered[i] for i in comp]
        gid = group_id(members)
        for story_idx in _average_linkage(sim[np.ix_(comp, comp)], rules.storyline_threshold):
            story = [members[i] for i in story_idx]
            idx = [comp[i] for i in story_idx]
            chapters = _average_linkage(chapter_sim[np.ix_(idx, idx)], rules.chapter_threshold)
            clusters.append(StoryCluster(story, [[story[i] for i in ch] for ch in chapters], gid))
    return clusters


# --- labels ------------------------------------------------------------------------------
@lru_cache(maxsize=65536)  # labels of every regrouped story ask again for the same names
def _actor_name(text: str) -> tuple[str, bool]:
    """Canonical name of an entity via the actor knowledge base ("Israeli" -> "Israel")."""
    from ..actors import default_resolver

    actor = default_resolver().resolve(text)
    if actor.resolved and actor.name:
        return actor.name, True
    return text, False


def key_actors(items: Sequence[ArticleFeatures], rules: StoryRules) -> list[str]:
    """Most widely mentioned countries, organisations and people (by articles mentioning them)."""
    spread: Counter[str] = Counter()
    volume: Counter[str] = Counter()
    for it in items:
        names = {}
        for text, label, count in it.entities.values():
            if label in rules.actor_labels:
                name, known = _actor_name(text)
                if known or label in ("ORG", "PERSON"):
                    names[name] = names.get(name, 0) + int(count)
        for name, count in names.items():
            spread[name] += 1
            volume[name] += count
    ranked = sorted(spread, key=lambda n: (-spread[n], -volume[n], n))
    return ranked[: rules.label_actors]


def key_place(items: Sequence[ArticleFeatures], rules: StoryRules, exclude: Iterable[str]) -> str | None:
    """The place named in most articles that is not already a key actor."""
    skip = {e.casefold() for e in exclude}
    spread: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for it in items:
        seen = set()
        for text, label, count in it.entities.values():
            key = text.casefold()
            if label in rules.place_labels and key not in skip and _actor_name(text)[0].casefold() not in skip:
                seen.add(key)
                # prefer the form as written in running text over a dateline's capitals
                forms.setdefault(key, Counter())[text] += int(count) * (1 if text.isupper() else 10)
        spread.update(seen)
    if not spread:
        return None
    best = sorted(spread, key=lambda k: (-spread[k], k))[0]
    return forms[best].most_common(1)[0][0]


def topic_words(items: Sequence[ArticleFeatures], rules: StoryRules) -> list[str]:
    """Title words shared by most of the articles, names and stop words left out."""
    names = {w.casefold() for it in items for text, _, _ in it.entities.values() for w in _WORD.findall(text)}
    spread: Counter[str] = Counter()
    first: dict[str, int] = {}
    for rank, it in enumerate(items):
        words = {w.casefold().strip("'’-") for w in _WORD.findall(it.title or "")}
        for w in words:
            if len(w) > 2 and w not in rules.ignored_words and w not in names:
                spread[w] += 1
                first.setdefault(w, rank)
    ranked = sorted(spread, key=lambda w: (-spread[w], first[w], w))
    return ranked[: rules.label_topic_words]


def story_label(items: Sequence[ArticleFeatures], rules: StoryRules | None = None) -> str:
    """A readable label: key actors, topic words from the titles, and the main place."""
    rules = rules or default_rules()
    actors = key_actors(items, rules)
    words = topic_words(items, rules)
    place = key_place(items, rules, actors)
    label = " – ".join(actors) if actors else ""
    if words:
        label = f"{label}: {', '.join(words)}" if label else ", ".join(words)
    if place:
        label = f"{label} ({place})" if label else place
    return label or (items[0].title or "untitled story")


# --- stories from clusters -----------------------------------------------------------------
def _span(items: Sequence[ArticleFeatures]) -> tuple[str | None, str | None]:
    days = sorted(it.published[:10] for it in items if it.published)
    return (days[0], days[-1]) if days else (None, None)


def _story(kind: str, items: Sequence[ArticleFeatures], parent: str | None, rules: StoryRules) -> Story:
    ordered = sorted(items, key=lambda it: it.sort_key)
    start, end = _span(ordered)
    sources = {it.source for it in ordered if it.source}
    return Story(
        id=stable_id(kind, ordered[0].article_id), label=story_label(ordered, rules),
        article_ids=[it.article_id for it in ordered], start=start, end=end, kind=kind, parent_id=parent,
        num_articles=len(ordered), num_sources=len(sources) + sum(1 for it in ordered if not it.source),
    )


def stories_of(cluster: StoryCluster, rules: StoryRules | None = None) -> list[Story]:
    """The storyline and its chapters; chapters of one storyline link to each other."""
    rules = rules or default_rules()
    storyline = _story("storyline", cluster.articles, None, rules)
    chapters = [_story("chapter", ch, storyline.id, rules) for ch in cluster.chapters]
    chapters.sort(key=lambda s: (s.start or "9999", s.id))
    for ch in chapters:
        ch.linked_story_ids = [o.id for o in chapters if o.id != ch.id]
    return [storyline, *chapters]


@dataclass
class StoryMembership:
    article_id: str
    storyline_id: str
    chapter_id: str
    group: str


@dataclass
class StoryResult:
    """Stories to (re)write; everything stored under ``replaced_groups`` goes first."""

    stories: list[Story] = field(default_factory=list)
    memberships: list[StoryMembership] = field(default_factory=list)
    features: list[ArticleFeatures] = field(default_factory=list)  # new articles' features, to store
    replaced_groups: set[str] = field(default_factory=set)


def update_stories(
    new: Sequence[ArticleFeatures], lookup: StoryLookup | None = None, rules: StoryRules | None = None
) -> StoryResult:
    """Recluster the stored groups that the new articles link to, together with them."""
    rules = rules or default_rules()
    result = StoryResult(features=list(new))
    if not new:
        return result
    stored: list[ArticleFeatures] = []
    if lookup is not None:
        stored = _touched_groups(new, lookup, rules)
    new_ids = {it.article_id for it in new}
    everything = list(new) + [it for it in stored if it.article_id not in new_ids]
    result.replaced_groups = {it.group for it in stored if it.group}
    for cluster in cluster_articles(everything, rules):
        stories = stories_of(cluster, rules)
        result.stories.extend(stories)
        storyline = stories[0]
        for chapter in stories[1:]:
            for aid in chapter.article_ids:
                result.memberships.append(StoryMembership(aid, storyline.id, chapter.id, cluster.group))
    groups = {m.article_id: m.group for m in result.memberships}
    for it in result.features:
        it.group = groups.get(it.article_id)
    return result


def _touched_groups(new: Sequence[ArticleFeatures], lookup: StoryLookup, rules: StoryRules) -> list[ArticleFeatures]:
    days = [it.day for it in new if it.day]
    if days and all(it.day for it in new):
        lo = date.fromordinal(min(days).toordinal() - rules.max_gap_days).isoformat()
        hi = date.fromordinal(max(days).toordinal() + rules.max_gap_days).isoformat()
        candidates = lookup.story_candidates(lo, hi)
    else:
        candidates = lookup.story_candidates(None, None)  # an undated article may link to any
    if not candidates:
        return []
    touched: set[str] = set()
    step = 2048
    for lo_i in range(0, len(candidates), step):
        chunk = candidates[lo_i : lo_i + step]
        sim = storyline_similarity(list(new), chunk, rules)
        hit = np.any(sim >= rules.storyline_threshold, axis=0)
        touched.update(chunk[j].group for j in np.flatnonzero(hit) if chunk[j].group)
    if not touched:
        return []
    return lookup.story_groups(sorted(touched))
