"""What one store transaction holds, and what the pipeline needs from a store.

The pipeline hands the store one ``Batch`` per transaction; ``BatchStore`` is
the typed contract the pipeline (and the across-article stages through their
own lookups) relies on. ``eventwire.store`` implements it for DuckDB and
PostgreSQL; the pipeline never imports a backend.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from ..across.merge import MergeLookup, MergeResult
from ..across.stories import StoryLookup, StoryResult
from ..model import Article, Contradiction, Problem
from .worker import StageOutput


@dataclass
class AcrossArticles:
    """What the across-article stages (merge, contradictions, stories) made of one batch."""

    merge: MergeResult
    contradictions: list[Contradiction]
    stories: StoryResult


@dataclass
class Batch:
    """Everything one store transaction writes: articles, their stage output, the across-article results."""

    articles: Sequence[Article]
    #: MinHash signature bytes per canonical article id
    signatures: dict[str, bytes] = field(default_factory=dict)
    #: (article id, raw input reference) for every input that gave an article
    refs: Sequence[tuple[str, str]] = ()
    problems: Sequence[Problem] = ()
    stages: StageOutput = field(default_factory=StageOutput)
    across: AcrossArticles | None = None


class BatchStore(MergeLookup, StoryLookup, Protocol):
    """The store as the pipeline sees it (``eventwire.store.SQLStore`` implements it)."""

    #: only this ingest writes the store (DuckDB, one ingest per file): what the across-article stages
    #: read cannot change before the batch is written, so it may be read outside the write transaction
    sole_writer: bool

    def reading(self) -> AbstractContextManager[None]:
        """Reads that need not keep others out (DuckDB: a read-only connection, readers come in meanwhile)."""

    def existing_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of these article ids are already stored."""

    def canonical_signatures(self) -> Iterator[tuple[str, bytes]]:
        """(article id, MinHash signature) of every stored canonical article, in ingest order."""

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction (under the writers' lock where the backend has one)."""

    def write_batch(self, batch: Batch) -> int:
        """Write one batch atomically; returns how many articles were new."""

    def release(self) -> None:
        """Let readers in between batches (a no-op where the backend allows concurrent readers)."""

    def record_run(self, run_id: str, started: datetime, sources: list[str], summary: dict[str, Any]) -> None:
        """Keep what one ingest run did."""
