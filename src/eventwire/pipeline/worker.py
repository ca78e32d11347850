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

from ..clean import clean
from ..dedup import signature, signature_bytes
from ..errors import Errors, message
from ..model import Article, Count, Event, PlaceMention, Problem, RawDocument, to_dict

if TYPE_CHECKING:
    from ..across.stories import ArticleFeatures


@dataclass
class Cleaned:
    """One input document after the clean stage, with its MinHash signature."""

    raw_ref: str | None  # None for a reader problem (nothing was read)
    source: str  # the input it came from (for progress reporting)
    result: Article | Problem
    signature: bytes | None = None


@dataclass
class StageOutput:
    """What the event stages (analyze -> code -> resolve, story features) made of some articles.

    One type from the worker's chunk to the store's batch: chunks are put
    together with ``extend``.
    """

    events: list[Event] = field(default_factory=list)
    #: (article id, skip reason or None, number of events) per article that went through
    coded: list[tuple[str, str | None, int]] = field(default_factory=list)
    #: named entities (text, label) per analysed article, for the story features
    entities: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    #: story features (embedding + entity counts) of the canonical articles
    features: list["ArticleFeatures"] = field(default_factory=list)
    #: each event as the JSON the store keeps, made here to spare the ingest process
    event_json: list[str] = field(default_factory=list)
    #: every figure read, as (article id, sentence index, Count), and every place named
    figures: list[tuple[str, int, Count]] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)

    def extend(self, other: "StageOutput") -> None:
        self.events += other.events
        self.coded += other.coded
        self.entities.update(other.entities)
        self.features += other.features
        self.event_json += other.event_json
        self.figures += other.figures
        self.places += other.places


class EventStages:
    """analyze -> code -> resolve for a batch of articles; models load once."""

    def __init__(self) -> None:
        from ..analyze import load_nlp
        from ..code import Coder

        self.nlp = load_nlp()
        self.coder = Coder(self.nlp)

    def run(self, articles: list[Article]) -> StageOutput:
        """Events of the batch, with what the later stages and the store need beside them."""
        from ..analyze import analyze
        from ..resolve import resolve

        out = StageOutput()
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
def event_stages() -> EventStages:
    """analyze/code/resolve with their models, loaded once per process."""
    return EventStages()


def code_chunk(articles: list[Article]) -> StageOutput:
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
    out = StageOutput()
    for article in articles:
        try:
            part = _code([article])
        except Exception as exc:  # noqa: BLE001 - reported per article, the run goes on
            detail = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
            out.coded.append((article.id, message(Errors.E520, detail=detail), 0))
            continue
        out.extend(part)
    return out


def _code(articles: list[Article]) -> StageOutput:
    from ..across.stories import article_features

    out = event_stages().run(articles)
    out.event_json = [json.dumps(to_dict(ev), ensure_ascii=False) for ev in out.events]
    out.features = article_features(articles, out.entities)
    out.entities = {}  # used up; not shipped back to the ingest process
    return out


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
    from ..across.embed import default_embedder

    default_embedder()
    return True
