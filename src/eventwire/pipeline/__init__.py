"""The flow from sources to the store, one batch at a time.

read -> clean -> dedup -> analyze -> code -> resolve -> merge -> stories ->
store. Each stage is a function from its own module; this file only passes
the data model along and decides batching, so memory stays bounded and a
killed run loses at most the batch in flight. The per-chunk stage work runs
on an executor (``eventwire.pipeline.engine``, tasks in ``eventwire.pipeline.worker``); the
order- and store-dependent steps run here, in input order.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime, timezone
from itertools import chain, islice
from typing import Any, TypeVar

from ..across.contradictions import find_contradictions
from ..across.merge import ArticleInfo, merge_events
from ..across.stories import ArticleFeatures, article_features, update_stories
from ..clean.dates import EARLIEST, LATEST, in_supported_range
from ..dedup import NearDuplicateIndex, mark_duplicates
from ..errors import Errors, EventwireError, short_message
from ..model import Article, Event, Problem, RawDocument
from ..read import ReadOptions, read_sources
from .batch import AcrossArticles, Batch, BatchStore
from .engine import Executor, InlineExecutor, Pending, check_engine, default_workers, make_executor
from .worker import DEFAULT_LIMITS, Cleaned, DocumentLimits, StageOutput, clean_chunk, code_chunk, give_back_memory

T = TypeVar("T")

DEFAULT_BATCH_SIZE = 256
#: documents per clean task and articles per event-stage task; fixed (not
#: derived from the number of workers) so results never depend on it
DEFAULT_CHUNK_SIZE = 32
#: a run with fewer documents than this stays in this process (no pool)
POOL_THRESHOLD = 96


@dataclass
class IngestOptions:
    """Knobs of one ingest run (the CLI's options map onto these)."""

    default_date: str | None = None  # --date: publication date when none is found
    read: ReadOptions = field(default_factory=ReadOptions)
    batch_size: int = DEFAULT_BATCH_SIZE
    dedup_threshold: float | None = None
    events: bool = True  # run the event stages (analyze, code, resolve)
    workers: int | None = None  # --workers: None = all cores, 1 = in this process
    engine: str = "local"  # --engine: local (process pool) or dask
    scheduler: str | None = None  # --scheduler: a Dask scheduler address
    chunk_size: int = DEFAULT_CHUNK_SIZE
    pool_threshold: int = POOL_THRESHOLD  # fewer documents than this: no pool
    limits: DocumentLimits = DEFAULT_LIMITS  # what one document may cost (docs/security.md)


#: problems that leave a whole article stored without events: the event stages failed on it, or it is too long
NOT_CODED = frozenset({Errors.E204, Errors.E520})


@dataclass
class IngestSummary:
    """What one ingest run did; printed by the CLI and saved with the run."""

    documents: int = 0  # documents found in the inputs (articles read)
    new_articles: int = 0
    events: int = 0
    coded: int = 0  # articles the event stages went through (with or without events)
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
        """Problem records of this run: inputs skipped, and articles (or parts of them) stored but not coded."""
        return len(self.problems)

    @property
    def not_coded(self) -> int:
        """Articles stored without events because coding them failed (``NOT_CODED``)."""
        return sum(1 for p in self.problems if p.code in NOT_CODED)

    def problems_by_code(self) -> Counter[str]:
        return Counter(p.code for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "new_articles": self.new_articles,
            "events": self.events,
            "coded": self.coded,
            "not_coded": self.not_coded,
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


def choose_executor(options: IngestOptions, documents_ahead: int) -> Executor:
    """The executor for this run: a pool only when there is enough work to pay for it.

    ``documents_ahead`` is how many documents were read ahead (at most
    ``options.pool_threshold``): a run smaller than that stays in this process,
    because starting workers and loading their models costs more than it
    saves. ``--engine dask`` always uses Dask: the user asked for it.
    """
    check_engine(options.engine, options.workers, options.scheduler)
    if options.engine == "dask":
        return make_executor("dask", options.workers, options.scheduler)
    workers = options.workers or default_workers()
    if workers <= 1 or documents_ahead < options.pool_threshold:
        return InlineExecutor()
    return make_executor("local", workers)


def ingest(
    store: BatchStore,
    sources: Iterable[str],
    options: IngestOptions | None = None,
    *,
    on_document: Callable[[RawDocument | Problem], None] | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    executor: Executor | None = None,
) -> IngestSummary:
    """Read, clean, deduplicate, code and store every article found in ``sources``.

    Idempotent: identical content is stored once however often it is seen.
    Chunks of documents go to ``executor`` (chosen from ``options`` when not
    given); the results are the same whatever runs them.
    """
    options = options or IngestOptions()
    summary = IngestSummary()
    started = time.perf_counter()
    started_at = datetime.now(timezone.utc).replace(tzinfo=None)
    sources = list(sources)
    check_engine(options.engine, options.workers, options.scheduler)
    if options.default_date is not None and not in_supported_range(options.default_date):
        raise EventwireError(Errors.E208, detail=f"--date {options.default_date} (a publication date is "
                             f"YYYY-MM-DD from {EARLIEST} to {LATEST})")
    index = NearDuplicateIndex(options.dedup_threshold or NearDuplicateIndex().threshold)
    index.load(store.canonical_signatures())
    store.release()  # reading ahead and cleaning the first documents need no store: readers may come in

    def counted(stream: Iterable[RawDocument | Problem]) -> Iterator[RawDocument | Problem]:
        for item in stream:
            if on_document is not None:
                on_document(item)
            yield item

    stream = counted(read_sources(sources, options.read))
    ahead = list(islice(stream, options.pool_threshold))  # enough work for a pool?
    own = executor is None
    executor = executor or choose_executor(options, len(ahead))
    try:
        runner = _BatchRunner(store, index, summary, on_problem, executor, options)
        cleaned = _cleaned(executor, chain(ahead, stream), options)
        for batch in batched(cleaned, options.batch_size):
            runner.add(batch)
        runner.drain()
    finally:
        if own:
            executor.close()

    summary.seconds = time.perf_counter() - started
    store.record_run(uuid.uuid4().hex, started_at, sources, summary.to_dict())
    return summary


def _result(pending: Pending, task: str) -> Any:
    """A task's result; a worker process that died becomes one clear error."""
    try:
        return pending.result()
    except BrokenProcessPool as exc:
        raise EventwireError(Errors.E703, task=task, detail=str(exc) or "a worker process ended abruptly") from exc


def _cleaned(executor: Executor, items: Iterable[RawDocument | Problem], options: IngestOptions) -> Iterator[Cleaned]:
    """Cleaned documents in input order; at most a few chunks in flight (flat memory)."""
    window: deque[Pending] = deque()
    depth = 2 * max(1, executor.workers)
    for chunk in batched(items, options.chunk_size):
        window.append(executor.submit(clean_chunk, chunk, options.default_date, options.limits))
        if len(window) >= depth:
            yield from _result(window.popleft(), "clean")
    while window:
        yield from _result(window.popleft(), "clean")


@dataclass
class _Batch:
    """One batch between its acceptance (ids, near-duplicates) and its store transaction."""

    new: list[Article]
    signatures: dict[str, bytes]
    refs: list[tuple[str, str]]
    problems: list[Problem]
    coding: list[Pending] = field(default_factory=list)


class _BatchRunner:
    """Keeps the workers busy: a batch is coded while the one before it is stored.

    Accepting a batch (existing ids, near-duplicate decisions) happens in
    input order in this process; its new articles then go to the workers in
    chunks, and only after the next batch's chunks are submitted does the
    parent wait for them, merge, cluster stories and write the transaction.
    Ids of accepted but not yet stored batches count as stored, so the
    result is exactly that of one batch after the other.
    """

    def __init__(
        self, store: BatchStore, index: NearDuplicateIndex, summary: IngestSummary,
        on_problem: Callable[[Problem], None] | None, executor: Executor, options: IngestOptions,
    ) -> None:
        self.store, self.index, self.summary, self.on_problem = store, index, summary, on_problem
        self.executor, self.options = executor, options
        self.waiting: deque[_Batch] = deque()
        self.in_flight: set[str] = set()

    def add(self, batch: list[Cleaned]) -> None:
        accepted = self._accept(batch)
        self.store.release()  # while the workers code, readers (the web UI) may open the store
        if self.options.events:
            accepted.coding = [
                self.executor.submit(code_chunk, chunk, self.options.limits)
                for chunk in batched(accepted.new, self.options.chunk_size)
            ]
        self.waiting.append(accepted)
        while len(self.waiting) > 1:
            self._finish(self.waiting.popleft())

    def drain(self) -> None:
        while self.waiting:
            self._finish(self.waiting.popleft())

    def _accept(self, batch: list[Cleaned]) -> _Batch:
        summary = self.summary
        problems: list[Problem] = []
        fresh: dict[str, Article] = {}
        signatures: dict[str, bytes] = {}
        refs: list[tuple[str, str]] = []
        for item in batch:
            result = item.result
            if isinstance(result, Problem):
                problems.append(result)
                if self.on_problem is not None:
                    self.on_problem(result)
                continue
            summary.documents += 1
            refs.append((result.id, item.raw_ref or result.raw_ref or ""))
            if result.id not in fresh:
                fresh[result.id] = result
                if item.signature is not None:
                    signatures[result.id] = item.signature
            else:
                summary.already_stored += 1
        stored = self.store.existing_ids([i for i in fresh if i not in self.in_flight])
        stored |= self.in_flight & fresh.keys()
        summary.already_stored += len(stored)
        new = [a for a in fresh.values() if a.id not in stored]
        signatures = mark_duplicates(new, self.index, signatures)
        for article in new:
            summary.per_source[article.source or "(unknown)"] += 1
            if article.duplicate_of:
                summary.duplicates += 1
            if not article.is_english:
                summary.non_english.append(f"{article.language or '?'}: {article.raw_ref}")
        self.in_flight.update(a.id for a in new)
        return _Batch(new, signatures, refs, problems)

    def _finish(self, batch: _Batch) -> None:
        summary = self.summary
        stages = StageOutput()
        for pending in batch.coding:
            stages.extend(_result(pending, "the event stages"))
        if len(stages.event_json) != len(stages.events):
            stages.event_json = []
        problems = [*batch.problems, *stages.problems]  # the stages' own (E520, limits) are stored with the batch
        if self.on_problem is not None:
            for stage_problem in stages.problems:
                self.on_problem(stage_problem)

        def compute_across() -> AcrossArticles | None:
            if not self.options.events:
                return None
            return across_articles(self.store, batch.new, stages.events, features=stages.features)

        if self.store.sole_writer:
            # nobody else writes (DuckDB: one ingest per file): the across-article stages read the groups
            # they rewrite without holding the file, and the web UI is kept waiting only for the write
            with self.store.reading():
                across = compute_across()
            with self.store.transaction():
                summary.new_articles += self.store.write_batch(
                    Batch(batch.new, batch.signatures, batch.refs, problems, stages, across)
                )
        else:
            # they read the groups they rewrite under the writers' lock (PostgreSQL), in the batch's
            # transaction, so a concurrent ingest cannot rewrite them in between
            with self.store.transaction():
                across = compute_across()
                summary.new_articles += self.store.write_batch(
                    Batch(batch.new, batch.signatures, batch.refs, problems, stages, across)
                )
        if across is not None:
            summary.record_across(across)
        summary.events += len(stages.events)
        summary.coded += sum(1 for _, reason, _ in stages.coded if reason is None)
        summary.problems.extend(problems)
        self.in_flight.difference_update(a.id for a in batch.new)
        self.store.release()
        give_back_memory()


def across_articles(
    store: BatchStore,
    articles: list[Article],
    events: list[Event],
    entities: dict[str, list[tuple[str, str]]] | None = None,
    *,
    features: list[ArticleFeatures] | None = None,
) -> AcrossArticles:
    """merge -> contradictions -> stories for one batch, against what the store holds.

    ``features`` are the story features computed in the workers; without
    them they are computed here from ``entities``.
    """
    infos = {a.id: ArticleInfo(a.id, a.source, a.published, a.duplicate_of) for a in articles}
    merge = merge_events(events, infos, store)
    contradictions = [
        c for merged in merge.merged for c in find_contradictions(merged, merge.members[merged.id])
    ]
    if features is None:
        features = article_features(articles, entities or {})
    stories = update_stories(features, store, merge=merge)
    return AcrossArticles(merge, contradictions, stories)
