"""The flow from sources to the store, one batch at a time.

read -> clean -> dedup -> analyze -> code -> resolve -> merge -> stories ->
store. Each stage is a function from its own module; this file only passes
the data model along and decides batching, so memory stays bounded and a
killed run loses at most the batch in flight.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import islice
from typing import Any, TypeVar

from .clean import clean
from .dedup import NearDuplicateIndex, mark_duplicates
from .errors import short_message
from .contradictions import find_contradictions
from .merge import ArticleInfo, MergeResult, merge_events
from .model import Article, Contradiction, Count, Event, PlaceMention, Problem, RawDocument
from .read import ReadOptions, read_sources
from .stories import StoryResult, article_features, update_stories

T = TypeVar("T")

DEFAULT_BATCH_SIZE = 256


@dataclass
class IngestOptions:
    """Knobs of one ingest run (the CLI's options map onto these)."""

    default_date: str | None = None  # --date: publication date when none is found
    read: ReadOptions = field(default_factory=ReadOptions)
    batch_size: int = DEFAULT_BATCH_SIZE
    dedup_threshold: float | None = None
    events: bool = True  # run the event stages (analyze, code, resolve)


@dataclass
class IngestSummary:
    """What one ingest run did; printed by the CLI and saved with the run."""

    documents: int = 0  # documents found in the inputs (articles read)
    new_articles: int = 0
    events: int = 0
    already_stored: int = 0  # identical content seen before (re-ingest): nothing added
    duplicates: int = 0  # near-duplicates of a canonical article (stored, linked)
    non_english: list[str] = field(default_factory=list)  # "lang: raw_ref"
    problems: list[Problem] = field(default_factory=list)
    per_source: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    #: per recomputed group, what its latest rewrite produced (a later batch
    #: may rewrite a group again, so counts are kept per group, not summed)
    merged_by_group: dict[str, int] = field(default_factory=dict)
    stories_by_group: dict[str, int] = field(default_factory=dict)
    contradictions_by_group: dict[str, int] = field(default_factory=dict)

    @property
    def merged_events(self) -> int:
        """Merged events created or updated by this run."""
        return sum(self.merged_by_group.values())

    @property
    def storylines(self) -> int:
        """Storylines created or updated by this run."""
        return sum(self.stories_by_group.values())

    @property
    def contradictions(self) -> int:
        """Contradictions among the merged events this run created or updated."""
        return sum(self.contradictions_by_group.values())

    def record_across(self, across: "AcrossArticles") -> None:
        for by_group, replaced in (
            (self.merged_by_group, across.merge.replaced_groups),
            (self.contradictions_by_group, across.merge.replaced_groups),
            (self.stories_by_group, across.stories.replaced_groups),
        ):
            for group in replaced:
                by_group.pop(group, None)
        merged_group = {link.merged_id: link.group for link in across.merge.links}
        for group in set(merged_group.values()):
            self.merged_by_group[group] = 0
            self.contradictions_by_group[group] = 0
        for merged in across.merge.merged:
            self.merged_by_group[merged_group[merged.id]] += 1
        for c in across.contradictions:
            self.contradictions_by_group[merged_group[c.merged_event_id]] += 1
        storyline_group = {m.storyline_id: m.group for m in across.stories.memberships}
        for group in set(storyline_group.values()):
            self.stories_by_group[group] = 0
        for story in across.stories.stories:
            if story.kind == "storyline":
                self.stories_by_group[storyline_group[story.id]] += 1

    @property
    def skipped(self) -> int:
        return len(self.problems)

    def problems_by_code(self) -> Counter[str]:
        return Counter(p.code for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "new_articles": self.new_articles,
            "events": self.events,
            "already_stored": self.already_stored,
            "duplicates": self.duplicates,
            "non_english": len(self.non_english),
            "skipped": self.skipped,
            "skipped_by_reason": {
                f"{code} {short_message(code)}": n for code, n in sorted(self.problems_by_code().items())
            },
            "merged_events": self.merged_events,
            "storylines": self.storylines,
            "contradictions": self.contradictions,
            "per_source": dict(self.per_source.most_common()),
            "seconds": round(self.seconds, 3),
        }


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def clean_stage(
    items: Iterable[RawDocument | Problem], default_date: str | None
) -> Iterator[tuple[RawDocument | None, Article | Problem]]:
    """Clean every raw document; problems from the reader pass straight through."""
    for item in items:
        if isinstance(item, Problem):
            yield None, item
        else:
            yield item, clean(item, default_date=default_date)


def ingest(
    store: Any,
    sources: Iterable[str],
    options: IngestOptions | None = None,
    *,
    on_document: Callable[[RawDocument | Problem], None] | None = None,
    on_problem: Callable[[Problem], None] | None = None,
) -> IngestSummary:
    """Read, clean, deduplicate and store every article found in ``sources``.

    Idempotent: identical content is stored once however often it is seen.
    """
    options = options or IngestOptions()
    summary = IngestSummary()
    started = time.perf_counter()
    started_at = datetime.now(timezone.utc).replace(tzinfo=None)
    sources = list(sources)
    index = NearDuplicateIndex(options.dedup_threshold or NearDuplicateIndex().threshold)
    stages = EventStages() if options.events else None
    index.load(store.canonical_signatures())

    def counted(stream: Iterable[RawDocument | Problem]) -> Iterator[RawDocument | Problem]:
        for item in stream:
            if on_document is not None:
                on_document(item)
            yield item

    stream = clean_stage(counted(read_sources(sources, options.read)), options.default_date)
    for batch in batched(stream, options.batch_size):
        _store_batch(store, batch, index, summary, on_problem, stages)

    summary.seconds = time.perf_counter() - started
    store.record_run(uuid.uuid4().hex, started_at, sources, summary.to_dict())
    return summary


def _store_batch(
    store: Any,
    batch: list[tuple[RawDocument | None, Article | Problem]],
    index: NearDuplicateIndex,
    summary: IngestSummary,
    on_problem: Callable[[Problem], None] | None,
    stages: "EventStages | None" = None,
) -> None:
    problems: list[Problem] = []
    fresh: dict[str, Article] = {}
    refs: list[tuple[str, str]] = []
    for raw, result in batch:
        if isinstance(result, Problem):
            problems.append(result)
            if on_problem is not None:
                on_problem(result)
            continue
        summary.documents += 1
        refs.append((result.id, raw.raw_ref if raw else result.raw_ref or ""))
        if result.id not in fresh:
            fresh[result.id] = result
        else:
            summary.already_stored += 1
    stored = store.existing_ids(list(fresh))
    summary.already_stored += len(stored)
    new = [a for a in fresh.values() if a.id not in stored]
    signatures = mark_duplicates(new, index)
    for article in new:
        summary.per_source[article.source or "(unknown)"] += 1
        if article.duplicate_of:
            summary.duplicates += 1
        if not article.is_english:
            summary.non_english.append(f"{article.language or '?'}: {article.raw_ref}")
    batch = stages.run(new) if stages is not None else CodedBatch()
    events = batch.events
    across = across_articles(store, new, events, batch.entities) if stages is not None else None
    summary.new_articles += store.write_batch(
        new, signatures, refs, problems, events=events, coded=batch.coded, figures=batch.figures,
        places=batch.places, **(across.store_arguments() if across else {}),
    )
    if across is not None:
        summary.record_across(across)
    summary.events += len(events)
    summary.problems.extend(problems)


class EventStages:
    """analyze -> code -> resolve for a batch of articles; models load once."""

    def __init__(self) -> None:
        from .analyze import load_nlp
        from .code import Coder

        self.nlp = load_nlp()
        self.coder = Coder(self.nlp)

    def run(self, articles: list[Article]) -> "CodedBatch":
        """Events of the batch, with what the later stages and the store need beside them."""
        from .analyze import analyze
        from .resolve import resolve

        out = CodedBatch()
        for analysis in analyze(self.nlp, articles):
            article_id = analysis.article.id
            if analysis.skipped:
                out.coded.append((article_id, analysis.skipped, 0))
                continue
            out.entities[article_id] = [(m.text, m.label) for m in analysis.mentions]
            resolution = resolve(analysis, self.coder.code_analysis(analysis))
            out.events.extend(resolution.events)
            out.figures.extend((article_id, index, count) for index, count in resolution.figures)
            out.places.extend(resolution.places)
            out.coded.append((article_id, None, len(resolution.events)))
        return out


@dataclass
class CodedBatch:
    """What analyze -> code -> resolve made of a batch of articles."""

    events: list[Event] = field(default_factory=list)
    #: (article id, skip reason or None, number of events) per article that went through
    coded: list[tuple[str, str | None, int]] = field(default_factory=list)
    #: named entities (text, label) per analysed article, for the story stage
    entities: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    #: every figure read, as (article id, sentence index, Count)
    figures: list[tuple[str, int, Count]] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)


@dataclass
class AcrossArticles:
    """What the across-article stages made of one batch, for the store to write."""

    merge: MergeResult
    contradictions: list[Contradiction]
    stories: StoryResult

    def store_arguments(self) -> dict[str, Any]:
        return {"merge": self.merge, "contradictions": self.contradictions, "stories": self.stories}


def across_articles(
    store: Any, articles: list[Article], events: list[Event], entities: dict[str, list[tuple[str, str]]]
) -> AcrossArticles:
    """merge -> contradictions -> stories for one batch, against what the store holds."""
    infos = {a.id: ArticleInfo(a.id, a.source, a.published, a.duplicate_of) for a in articles}
    merge = merge_events(events, infos, store)
    contradictions = [
        c for merged in merge.merged for c in find_contradictions(merged, merge.members[merged.id])
    ]
    stories = update_stories(article_features(articles, entities), store)
    return AcrossArticles(merge, contradictions, stories)
