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

from ..model import Article, Event, Story, stable_id
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
    shared_event_weight: float = 0.0
    anchor_weight: float = 0.0
    label_types: int = 2
    type_words: dict[str, str] = field(default_factory=dict)
    never_named: frozenset[str] = frozenset()  # platforms, weekdays, months: never a label's actor or place


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
        shared_event_weight=float(d["weights"].get("shared_event", 0.0)),
        anchor_weight=float(d["weights"].get("anchors", 0.0)),
        label_types=int(d["label"].get("types", 2)),
        type_words={str(k): str(v) for k, v in d["label"].get("type_words", {}).items()},
        never_named=frozenset(_key(w) for w in d["label"].get("never_named", ())),
    )


def _key(text: str) -> str:
    return " ".join(_WORD.findall(re.sub(r"^the\s+", "", (text or "").strip(), flags=re.IGNORECASE).casefold()))


@dataclass(frozen=True)
class EventBrief:
    """What a storyline needs of one event mention of an article: which merged event it
    belongs to, and the coded actors, type and place a label can be built from."""

    event_id: str
    merged_id: str
    event: str
    actors: tuple[str, ...] = ()  # canonical names of coded actors and recipients (no outlets)
    specific: tuple[str, ...] = ()  # those that are a person, organisation or armed group, not a state
    place: str | None = None
    town: bool = False  # the place is a town-level place, not a country or province
    historical: bool = False  # background: never a label, never an anchor


def brief(ev: Event, merged_id: str) -> EventBrief:
    actors = tuple(dict.fromkeys(
        a.name for a in (*ev.actor, *ev.recipient) if a.code and a.name and a.sector != "MED"
    ))
    from .merge import default_rules as merge_rules, identity

    rules = merge_rules()
    sentence = ev.evidence[0].sentence if ev.evidence else ""
    specific = tuple(dict.fromkeys(
        a.name for a in (*ev.actor, *ev.recipient)
        if a.code and a.name and a.sector != "MED" and (identity(a, sentence, rules) or ("",))[0] == "named"
    ))
    loc = ev.location
    place = loc.name if loc is not None and ev.location_basis != "dateline" else None
    town = bool(place) and loc.feature not in ("country", "admin1", "admin2", "region", "continent")
    return EventBrief(ev.id, merged_id, ev.event, actors, specific, place, town, ev.modality == "historical")


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
    #: the article's event mentions (not stored with the features: read from the merge stage)
    events: list[EventBrief] = field(default_factory=list)

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

    def story_events(self, article_ids: Sequence[str]) -> dict[str, list[EventBrief]]:
        """The stored event mentions of the given (canonical) articles, with their merged events."""


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


def _anchor_set(item: ArticleFeatures) -> frozenset[str]:
    """The specific actors and town-level places of an article's current (not background) events."""
    out = set()
    for e in item.events:
        if not e.historical:
            out.update(f"actor:{a}" for a in e.specific)
            if e.town and e.place:
                out.add(f"place:{e.place}")
    return frozenset(out)


def _incidence(sets: Sequence[frozenset[str]], vocab: dict[str, int]) -> tuple[list[int], list[int]]:
    """(row, column) pairs of a 0/1 matrix: item i has key vocab[k] (keys added to vocab)."""
    rows, cols = [], []
    for i, keys in enumerate(sets):
        for k in keys:
            rows.append(i)
            cols.append(vocab.setdefault(k, len(vocab)))
    return rows, cols


def event_links(left: Sequence[ArticleFeatures], right: Sequence[ArticleFeatures], rules: StoryRules) -> np.ndarray:
    """What two articles' events add to their similarity: a merged event they both report,
    and the share of specific actors and places their current events have in common."""
    out = np.zeros((len(left), len(right)), dtype=np.float32)
    if not any(a.events for a in left) or not any(b.events for b in right):
        return out
    from scipy.sparse import csr_matrix

    def product(sets_l: list[frozenset[str]], sets_r: list[frozenset[str]]) -> np.ndarray:
        vocab: dict[str, int] = {}
        rl, cl = _incidence(sets_l, vocab)
        rr, cr = _incidence(sets_r, vocab)
        width = max(len(vocab), 1)
        ml = csr_matrix((np.ones(len(rl), dtype=np.float32), (rl, cl)), shape=(len(sets_l), width))
        mr = csr_matrix((np.ones(len(rr), dtype=np.float32), (rr, cr)), shape=(len(sets_r), width))
        return np.asarray((ml @ mr.T).todense(), dtype=np.float32)

    merged_l = [frozenset(e.merged_id for e in it.events) for it in left]
    merged_r = [frozenset(e.merged_id for e in it.events) for it in right]
    out += rules.shared_event_weight * (product(merged_l, merged_r) > 0)
    anchors_l = [_anchor_set(it) for it in left]
    anchors_r = [_anchor_set(it) for it in right]
    inter = product(anchors_l, anchors_r)
    sizes_l = np.array([len(a) for a in anchors_l], dtype=np.float32)
    sizes_r = np.array([len(a) for a in anchors_r], dtype=np.float32)
    union = sizes_l[:, None] + sizes_r[None, :] - inter
    out += rules.anchor_weight * np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    same = np.array([a.article_id for a in left])[:, None] == np.array([b.article_id for b in right])[None, :]
    out[same] = 0.0  # an article is not linked to itself
    return out


def day_gaps(left: Sequence[ArticleFeatures], right: Sequence[ArticleFeatures]) -> np.ndarray:
    """Days between publication dates: NaN where both are unknown, infinite where only one is."""
    def ordinals(items: Sequence[ArticleFeatures]) -> np.ndarray:
        return np.array([it.day.toordinal() if it.day else np.nan for it in items], dtype=np.float64)

    lo, ro = ordinals(left)[:, None], ordinals(right)[None, :]
    gaps = np.abs(lo - ro)
    return np.where(np.isnan(lo) != np.isnan(ro), np.inf, gaps)


def time_penalty(gaps: np.ndarray, max_penalty: float, rules: StoryRules) -> np.ndarray:
    """What a time gap takes off a similarity; a gap beyond ``max_gap_days`` forbids a link. An undated
    article beside a dated one may be of any time: half the largest penalty. Two undated ones: none."""
    penalty = np.clip((gaps - rules.grace_days) * rules.penalty_per_day, 0.0, max_penalty)
    penalty = np.where(gaps > rules.max_gap_days, 10.0, penalty)
    penalty = np.where(np.isinf(gaps), max_penalty / 2, penalty)
    return np.nan_to_num(penalty, nan=0.0).astype(np.float32)


def storyline_similarity(left: Sequence[ArticleFeatures], right: Sequence[ArticleFeatures], rules: StoryRules) -> np.ndarray:
    """Content similarity, plus what the articles' events share, less a capped time decay."""
    content = content_similarity(left, right, rules) + event_links(left, right, rules)
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
    # shared events and actors tie articles into one storyline; chapters are its bursts in time
    sim = content + event_links(ordered, ordered, rules) - time_penalty(gaps, rules.storyline_max_penalty, rules)
    chapter_sim = content - time_penalty(gaps, rules.chapter_max_penalty, rules)
    clusters: list[StoryCluster] = []
    for comp in _components(sim, rules.storyline_threshold):
        members = [ordered[i] for i in comp]
        gid = group_id(members)
        for story_idx in _average_linkage(sim[np.ix_(comp, comp)], rules.storyline_threshold):
            story = [members[i] for i in story_idx]
            idx = [comp[i] for i in story_idx]
            chapters = _average_linkage(chapter_sim[np.ix_(idx, idx)], rules.chapter_threshold)
            chapters = contiguous([[story[i] for i in ch] for ch in chapters])
            clusters.append(StoryCluster(story, chapters, gid))
    return clusters


def contiguous(chapters: list[list[ArticleFeatures]]) -> list[list[ArticleFeatures]]:
    """Chapters that follow each other in time: two whose publication spans overlap become one
    (a reader going through the story by date never comes back to a chapter already left)."""
    def span(ch: list[ArticleFeatures]) -> tuple[date, date] | None:
        ds = [it.day for it in ch if it.day]
        return (min(ds), max(ds)) if ds else None

    merged = [list(ch) for ch in chapters]
    changed = True
    while changed:
        changed = False
        for i in range(len(merged)):
            for j in range(i + 1, len(merged)):
                si, sj = span(merged[i]), span(merged[j])
                if si and sj and si[0] <= sj[1] and sj[0] <= si[1]:
                    merged[i].extend(merged.pop(j))
                    changed = True
                    break
            if changed:
                break
    for ch in merged:
        ch.sort(key=lambda it: it.sort_key)
    return sorted(merged, key=lambda ch: ch[0].sort_key)


# --- labels ------------------------------------------------------------------------------
@lru_cache(maxsize=65536)  # labels of every regrouped story ask again for the same names
def _actor_name(text: str) -> tuple[str, bool]:
    """Canonical name of an entity via the actor knowledge base ("Israeli" -> "Israel")."""
    from ..actors import default_resolver

    actor = default_resolver().resolve(text)
    if actor.resolved and actor.name:
        return actor.name, True
    return text, False


def _nameable(name: str, rules: StoryRules) -> bool:
    """A label never names an outlet (clean/outlets.tsv), a platform, a weekday or a month."""
    from ..clean.outlets import is_outlet_name

    key = _key(name)
    return bool(key) and key not in rules.never_named and not is_outlet_name(name)


def key_actors(items: Sequence[ArticleFeatures], rules: StoryRules) -> list[str]:
    """The storyline's main actors: the coded actors of its current events named in most
    articles; without coded actors, the most widely mentioned named entities."""
    spread: Counter[str] = Counter()
    volume: Counter[str] = Counter()
    for it in items:
        names: Counter[str] = Counter(a for e in it.events if not e.historical for a in e.actors
                                      if _nameable(a, rules))
        for name, count in names.items():
            spread[name] += 1
            volume[name] += count
    if not spread:
        for it in items:
            names = {}
            for text, label, count in it.entities.values():
                if label in rules.actor_labels and _nameable(text, rules):
                    name, known = _actor_name(text)
                    if (known or label in ("ORG", "PERSON")) and _nameable(name, rules):
                        names[name] = names.get(name, 0) + int(count)
            for name, count in names.items():
                spread[name] += 1
                volume[name] += count
    ranked = sorted(spread, key=lambda n: (-spread[n], -volume[n], n))
    return ranked[: rules.label_actors]


def key_types(items: Sequence[ArticleFeatures], rules: StoryRules) -> list[str]:
    """What happens in the storyline: the event types of its current events in most articles, as words."""
    spread: Counter[str] = Counter()
    volume: Counter[str] = Counter()
    for it in items:
        types = Counter(e.event for e in it.events if not e.historical)
        for t, count in types.items():
            spread[t] += 1
            volume[t] += count
    ranked = sorted(spread, key=lambda t: (-spread[t], -volume[t], t))
    return [rules.type_words.get(t, t.lower()) for t in ranked[: rules.label_types]]


def key_place(items: Sequence[ArticleFeatures], rules: StoryRules, exclude: Iterable[str]) -> str | None:
    """Where the storyline happens: the place of its current events in most articles (a town
    before a province or country), else the place entity named in most articles; never one
    of the key actors."""
    skip = {_key(e) for e in exclude}
    spread: Counter[str] = Counter()
    town: dict[str, bool] = {}
    for it in items:
        seen = {(e.place, e.town) for e in it.events if not e.historical and e.place}
        for place, is_town in seen:
            if _key(place) not in skip and _nameable(place, rules):
                spread[place] += 1
                town[place] = town.get(place, False) or is_town
    if spread:
        return sorted(spread, key=lambda p: (not town[p], -spread[p], p))[0]
    forms: dict[str, Counter[str]] = {}
    for it in items:
        seen = set()
        for text, label, count in it.entities.values():
            key = text.casefold()
            if label in rules.place_labels and _key(text) not in skip and _key(_actor_name(text)[0]) not in skip \
                    and _nameable(text, rules):
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
            if len(w) > 2 and w not in rules.ignored_words and w not in names and _nameable(w, rules):
                spread[w] += 1
                first.setdefault(w, rank)
    ranked = sorted(spread, key=lambda w: (-spread[w], first[w], w))
    return ranked[: rules.label_topic_words]


def story_label(items: Sequence[ArticleFeatures], rules: StoryRules | None = None) -> str:
    """A readable label: key actors, what happens (event types, else title words), and the main place.

    Built from the coded events when the articles have them ("Israel – Hamas: talks,
    attacks (Doha)"); outlets, platforms and weekdays never appear."""
    rules = rules or default_rules()
    actors = key_actors(items, rules)
    words = key_types(items, rules) or topic_words(items, rules)
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
    unknown = any(not it.source for it in ordered)  # articles of unknown outlet are one "unknown" source
    return Story(
        id=stable_id(kind, ordered[0].article_id), label=story_label(ordered, rules),
        article_ids=[it.article_id for it in ordered], start=start, end=end, kind=kind, parent_id=parent,
        num_articles=len(ordered), num_sources=len(sources) + (1 if unknown else 0),
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


def events_of_merge(merge: Any) -> dict[str, list[EventBrief]]:
    """Per canonical article, the briefs of its mentions that a merge result (re)grouped."""
    out: dict[str, list[EventBrief]] = {}
    if merge is None:
        return out
    for merged_id, members in merge.members.items():
        for m in members:
            out.setdefault(m.article_key, []).append(brief(m.event, merged_id))
    return out


def _with_events(items: Sequence[ArticleFeatures], stored: dict[str, list[EventBrief]],
                 fresh: dict[str, list[EventBrief]]) -> None:
    """Give each article its events: the stored ones, replaced by those the merge just regrouped."""
    for it in items:
        now = {e.event_id: e for e in stored.get(it.article_id, [])}
        now.update((e.event_id, e) for e in fresh.get(it.article_id, []))
        it.events = sorted(now.values(), key=lambda e: e.event_id)


def update_stories(
    new: Sequence[ArticleFeatures], lookup: StoryLookup | None = None, rules: StoryRules | None = None,
    merge: Any = None,
) -> StoryResult:
    """Recluster the stored groups that the new articles link to, together with them.

    ``merge`` (the batch's ``MergeResult``) tells which merged events the new
    articles report: articles that report one event, or share its specific
    actors and places, belong together."""
    rules = rules or default_rules()
    result = StoryResult(features=list(new))
    if not new:
        return result
    fresh = events_of_merge(merge)
    _with_events(new, {}, fresh)
    stored: list[ArticleFeatures] = []
    if lookup is not None:
        stored = _touched_groups(new, lookup, rules, fresh)
        if stored and hasattr(lookup, "story_events"):
            _with_events(stored, lookup.story_events(sorted({it.article_id for it in stored})), fresh)
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


def _touched_groups(new: Sequence[ArticleFeatures], lookup: StoryLookup, rules: StoryRules,
                    fresh: dict[str, list[EventBrief]] | None = None) -> list[ArticleFeatures]:
    days = [it.day for it in new if it.day]
    if days and all(it.day for it in new):
        lo = date.fromordinal(min(days).toordinal() - rules.max_gap_days).isoformat()
        hi = date.fromordinal(max(days).toordinal() + rules.max_gap_days).isoformat()
        candidates = lookup.story_candidates(lo, hi)
    else:
        candidates = lookup.story_candidates(None, None)  # an undated article may link to any
    if not candidates:
        return []
    _with_events(candidates, {}, fresh or {})  # a stored article whose event a new one reports is linked
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
