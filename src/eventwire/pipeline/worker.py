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
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..clean import clean
from ..clean.html import MAX_HTML_CHARS
from ..dedup import signature, signature_bytes
from ..errors import Errors, EventwireError, message, problem
from ..model import Article, Count, Event, PlaceMention, Problem, RawDocument, to_dict

if TYPE_CHECKING:
    from ..across.stories import ArticleFeatures


@dataclass(frozen=True)
class DocumentLimits:
    """What one document may cost the stages; beyond each limit, one problem record (docs/security.md).

    Time and memory of parsing, coding and merging grow with a document's
    size, and some of it faster than linearly (one 100,000-word "sentence"
    gave thousands of mentions on one date to compare pairwise), so every
    document is held to these before it is parsed.
    """

    max_html_chars: int = MAX_HTML_CHARS
    """An HTML page longer than this is not extracted (E209)."""
    max_article_chars: int = 200_000
    """An article longer than this is stored but not coded (E204)."""
    max_sentence_chars: int = 3_000
    """A sentence (text up to . ! ? or a line end) longer than this is not parsed or coded (E205); the rest is."""
    max_sentences: int = 1_000
    """Only the first this many sentences of an article are coded (E206)."""
    max_events: int = 500
    """Only the first this many events of an article are kept (E207)."""


DEFAULT_LIMITS = DocumentLimits()
#: where a rough sentence ends: . ! ? (and closing quotes or brackets) before white space, or a line end
_ROUGH_END = re.compile(r"[.!?\u2026\u3002]+[\"'\u201d\u2019)\]]*(?=\s)|\n")
_NOT_NEWLINE = re.compile(r"[^\n]")


def rough_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each rough sentence of ``text``, blank ones left out: cheap, before any parse."""
    spans, start = [], 0
    for m in _ROUGH_END.finditer(text):
        if text[start:m.end()].strip():
            spans.append((start, m.end()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def article_problem(article: Article, code: str, where: str = "", **fmt: Any) -> Problem:
    """A problem about an article that was read: its input, and the article (and place in it) as locator."""
    locator = f"article {article.id[:12]}" + (f", {where}" if where else "")
    return problem(article.raw_ref or f"article {article.id}", code, locator=locator, **fmt)


def within_limits(article: Article, limits: DocumentLimits) -> tuple[Article | None, list[Problem]]:
    """The article as the event stages may see it, and the problems of the limits it broke.

    None: too long to code at all. Otherwise over-long sentences are blanked
    out and sentences beyond the limit cut off, keeping every offset of what
    is left (so evidence still points into the stored text)."""
    text = article.text
    if len(text) > limits.max_article_chars:
        return None, [article_problem(article, Errors.E204, chars=len(text), limit=limits.max_article_chars)]
    problems: list[Problem] = []
    spans = rough_sentences(text)
    if len(spans) > limits.max_sentences:
        problems.append(article_problem(article, Errors.E206, count=len(spans), limit=limits.max_sentences))
        spans = spans[: limits.max_sentences]
        text = text[: spans[-1][1]]
    long = [(a, b) for a, b in spans if b - a > limits.max_sentence_chars]
    if long:
        pieces, pos = [], 0
        for a, b in long:
            pieces += [text[pos:a], _NOT_NEWLINE.sub(" ", text[a:b])]
            pos = b
            problems.append(article_problem(article, Errors.E205, f"characters {a}-{b}", chars=b - a,
                                            limit=limits.max_sentence_chars))
        text = "".join(pieces) + text[pos:]
    return (replace(article, text=text) if text is not article.text else article), problems


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
    #: what went wrong or was left out on the way (E520, the per-document limits); stored with the batch
    problems: list[Problem] = field(default_factory=list)

    def extend(self, other: "StageOutput") -> None:
        self.events += other.events
        self.coded += other.coded
        self.entities.update(other.entities)
        self.features += other.features
        self.event_json += other.event_json
        self.figures += other.figures
        self.places += other.places
        self.problems += other.problems


class EventStages:
    """analyze -> code -> resolve for a batch of articles; models load once."""

    def __init__(self) -> None:
        from ..analyze import load_nlp
        from ..code import Coder

        self.nlp = load_nlp()
        self.coder = Coder(self.nlp)

    def run(self, articles: list[Article], limits: DocumentLimits = DEFAULT_LIMITS) -> StageOutput:
        """Events of the batch, with what the later stages and the store need beside them."""
        from ..analyze import analyze, skip_reason
        from ..resolve import resolve

        out = StageOutput()
        parsed: list[Article] = []
        for article in articles:
            if skip_reason(article) is not None:
                parsed.append(article)  # analyze records why it is skipped
                continue
            bounded, problems = within_limits(article, limits)
            out.problems += problems
            if bounded is None:
                out.coded.append((article.id, problems[0].reason, 0))
            else:
                parsed.append(bounded)
        for analysis in analyze(self.nlp, parsed):
            article_id = analysis.article.id
            if analysis.skipped:
                out.coded.append((article_id, analysis.skipped, 0))
                continue
            out.entities[article_id] = [(m.text, m.label) for m in analysis.mentions]
            resolution = resolve(analysis, self.coder.code_analysis(analysis))
            events = resolution.events
            if len(events) > limits.max_events:
                out.problems.append(article_problem(analysis.article, Errors.E207, count=len(events),
                                                    limit=limits.max_events))
                events = events[: limits.max_events]
            out.events.extend(events)
            out.figures.extend((article_id, index, count) for index, count in resolution.figures)
            out.places.extend(resolution.places)
            out.coded.append((article_id, None, len(events)))
        return out


def clean_chunk(
    items: list[RawDocument | Problem], default_date: str | None, limits: DocumentLimits = DEFAULT_LIMITS
) -> list[Cleaned]:
    """clean + MinHash signature for each raw document; reader problems pass through.

    A document that makes the cleaner fail is one problem (E203), not the end of the run."""
    out: list[Cleaned] = []
    for item in items:
        if isinstance(item, Problem):
            out.append(Cleaned(None, item.source, item))
            continue
        try:
            result = clean(item, default_date=default_date, max_html_chars=limits.max_html_chars)
            sig = signature_bytes(signature(result.text)) if isinstance(result, Article) else None
        except Exception as exc:  # noqa: BLE001 - one document, one problem; the run goes on
            result, sig = problem(item.source, Errors.E203, locator=item.locator, detail=_detail(exc)), None
        out.append(Cleaned(item.raw_ref, item.source, result, sig))
    return out


def _detail(exc: BaseException) -> str:
    return (f"{type(exc).__name__}: {exc}".splitlines() or [type(exc).__name__])[0][:200]


def _fatal(exc: BaseException) -> bool:
    """An error of the setup (a model not installed), not of one article: it stops the run."""
    from ..analyze import ModelMissing

    return isinstance(exc, (ModelMissing, EventwireError))


@lru_cache(maxsize=1)
def event_stages() -> EventStages:
    """analyze/code/resolve with their models, loaded once per process."""
    return EventStages()


def code_chunk(articles: list[Article], limits: DocumentLimits = DEFAULT_LIMITS) -> StageOutput:
    """analyze -> code -> resolve, then the story features, for one chunk of new articles.

    One article that makes a stage fail does not cost the chunk: the chunk is
    redone article by article and the failing one is stored uncoded with the
    reason and a problem record (E520), so the run goes on. Only a missing
    model (an error of the setup, not of an article) stops the run.
    """
    try:
        return _code(articles, limits)
    except Exception as exc:  # noqa: BLE001 - isolate the article that fails
        if _fatal(exc):
            raise
        if len(articles) == 1:
            return _failed(articles[0], exc)
    finally:
        give_back_memory()
    out = StageOutput()
    for article in articles:
        try:
            part = _code([article], limits)
        except Exception as exc:  # noqa: BLE001 - reported per article, the run goes on
            if _fatal(exc):
                raise
            part = _failed(article, exc)
        out.extend(part)
    give_back_memory()
    return out


def _failed(article: Article, exc: BaseException) -> StageOutput:
    """The output for an article the event stages failed on: uncoded, with E520 as reason and problem."""
    detail = _detail(exc)
    return StageOutput(coded=[(article.id, message(Errors.E520, detail=detail), 0)],
                       problems=[article_problem(article, Errors.E520, detail=detail)])


def _code(articles: list[Article], limits: DocumentLimits = DEFAULT_LIMITS) -> StageOutput:
    from ..across.stories import article_features

    out = event_stages().run(articles, limits)
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
