"""What runs in a worker: the per-chunk stage tasks, picklable and model-caching.

The pipeline cuts its stream into chunks and hands each to an executor
(in-process, a local process pool, or Dask workers). These functions are
module-level so every executor can ship them by reference, and the models
they need (spaCy, the coder's tables, MiniLM) are loaded once per worker
process and kept there, so a chunk pays only for its own work.

They are pure with respect to their input: the same chunk gives the same
result on any worker, which is what makes results independent of the
engine and the number of workers. Order-dependent and store-dependent work
(near-duplicate decisions, merging, stories, the store transaction) stays
in the parent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .clean import clean
from .dedup import signature, signature_bytes
from .errors import message
from .model import Article, Count, Event, PlaceMention, Problem, RawDocument, to_dict

if TYPE_CHECKING:
    from .pipeline import EventStages
    from .stories import ArticleFeatures


@dataclass
class Cleaned:
    """One input document after the clean stage, with its MinHash signature."""

    raw_ref: str | None  # None for a reader problem (nothing was read)
    source: str  # the input it came from (for progress reporting)
    result: Article | Problem
    signature: bytes | None = None


@dataclass
class Coded:
    """The event stages' output for one chunk of new articles."""

    events: list[Event] = field(default_factory=list)
    #: (article id, skip reason or None, number of events) per article
    coded: list[tuple[str, str | None, int]] = field(default_factory=list)
    #: story features (embedding + entity counts) of the canonical articles
    features: list["ArticleFeatures"] = field(default_factory=list)
    #: each event as the JSON the store keeps, made here to spare the ingest process
    event_json: list[str] = field(default_factory=list)
    #: every figure read, as (article id, sentence index, Count), and every place named
    figures: list[tuple[str, int, Count]] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)


def clean_chunk(items: list[RawDocument | Problem], default_date: str | None) -> list[Cleaned]:
    """clean + MinHash signature for each raw document; reader problems pass through."""
    out: list[Cleaned] = []
    for item in items:
        if isinstance(item, Problem):
            out.append(Cleaned(None, item.source, item))
            continue
        result = clean(item, default_date=default_date)
        sig = signature_bytes(signature(result.text)) if isinstance(result, Article) else None
        out.append(Cleaned(item.raw_ref, item.source, result, sig))
    return out


@lru_cache(maxsize=1)
def event_stages() -> "EventStages":
    """analyze/code/resolve with their models, loaded once per process."""
    from .pipeline import EventStages

    return EventStages()


def code_chunk(articles: list[Article]) -> Coded:
    """analyze -> code -> resolve, then the story features, for one chunk of new articles.

    One article that makes a stage fail does not cost the chunk: the chunk is
    redone article by article and the failing one is recorded as skipped
    with the reason (E520), so the run goes on.
    """
    try:
        return _code(articles)
    except Exception:  # noqa: BLE001 - isolate the article that fails
        if len(articles) == 1:
            raise
    finally:
        give_back_memory()
    out = Coded()
    for article in articles:
        try:
            part = _code([article])
        except Exception as exc:  # noqa: BLE001 - reported per article, the run goes on
            detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
            out.coded.append((article.id, message("E520", detail=detail), 0))
            continue
        out.events += part.events
        out.coded += part.coded
        out.features += part.features
        out.event_json += part.event_json
        out.figures += part.figures
        out.places += part.places
    return out


def _code(articles: list[Article]) -> Coded:
    from .stories import article_features

    batch = event_stages().run(articles)
    event_json = [json.dumps(to_dict(ev), ensure_ascii=False) for ev in batch.events]
    return Coded(batch.events, batch.coded, article_features(articles, batch.entities), event_json,
                 batch.figures, batch.places)


@lru_cache(maxsize=1)
def _libc() -> Any:
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:  # not glibc
        return None


def give_back_memory() -> None:
    """Return freed heap pages to the OS (glibc keeps them otherwise: parsing and embedding
    allocate and free large blocks, and a long-running worker's RSS creeps up by
    hundreds of MB without this; it costs about a millisecond)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


def warm_up() -> bool:
    """Load the models of this process now (a pool calls it once per worker)."""
    event_stages()
    from .embed import default_embedder

    default_embedder()
    return True
