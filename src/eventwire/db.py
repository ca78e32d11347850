"""The Python API. The CLI, REST API and web UI are thin layers over this.

    from eventwire.db import Eventwire
    with Eventwire("news.duckdb") as ew:
        summary = ew.ingest(["articles/"], date="2024-08-08")
        for row in ew.articles(source="example.org"):
            ...
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .errors import Errors, EventwireError
from .model import Problem, RawDocument
from .pipeline import IngestOptions, IngestSummary, ingest
from .pipeline.worker import DocumentLimits
from .read import JsonFields, ReadOptions
from .store import open_store
from .store.base import Rows
from .store.filters import EventFilter


def _one(row: dict[str, Any] | None, kind: str, key: Any, why: str = "unknown or ambiguous id") -> dict[str, Any]:
    """``row``, or the E404 error of a look-up that found nothing (or, by an id prefix, several rows)."""
    if row is None:
        raise EventwireError(Errors.E404, detail=f"{kind} {key!r} ({why})")
    return row


class Eventwire:
    """An eventwire store opened for use (DuckDB file by default)."""

    def __init__(
        self, db: str | os.PathLike[str] | None = None, *, read_only: bool = False, lock_wait: float | None = None
    ) -> None:
        """``lock_wait``: seconds to wait while another process holds a DuckDB store (default: 20 reading,
        60 writing, or $EVENTWIRE_LOCK_WAIT)."""
        self.store = open_store(db, read_only=read_only, lock_wait=lock_wait)

    @property
    def path(self) -> str:
        return self.store.path

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Eventwire":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self,
        sources: Iterable[str],
        *,
        date: str | None = None,
        max_bytes: int | None = None,
        json_fields: JsonFields | None = None,
        batch_size: int | None = None,
        workers: int | None = None,
        engine: str = "local",
        scheduler: str | None = None,
        on_document: Callable[[RawDocument | Problem], None] | None = None,
        on_problem: Callable[[Problem], None] | None = None,
        limits: DocumentLimits | None = None,
    ) -> IngestSummary:
        """Read, clean, deduplicate, code and store articles; safe to repeat.

        ``workers``: processes for the stage work (None: all cores; 1: this
        process only). ``engine="dask"`` runs it on a Dask cluster instead:
        the one at ``scheduler`` (``tcp://host:8786``), or a local cluster.
        The results are the same whatever the engine and worker count.
        ``limits``: what one document may cost (``DocumentLimits``; each
        limit crossed is a problem record).
        """
        if self.store.read_only:
            raise EventwireError(Errors.E401, detail=f"{self.path} was opened read-only")
        read = ReadOptions()
        if max_bytes is not None:
            read.max_bytes = max_bytes
        if json_fields is not None:
            read.json_fields = json_fields
        options = IngestOptions(default_date=date, read=read, workers=workers, engine=engine, scheduler=scheduler)
        if limits is not None:
            options.limits = limits
        if batch_size:
            options.batch_size = batch_size
        if self.store.backend != "duckdb":
            return ingest(self.store, sources, options, on_document=on_document, on_problem=on_problem)
        from .store.duckdb_store import IngestLock

        with IngestLock(self.path):  # the store is released between batches; no second ingest slips in
            return ingest(self.store, sources, options, on_document=on_document, on_problem=on_problem)

    def articles(self, **filters: Any) -> Rows:
        """Articles in ingest order; filters: source, language, since, until, duplicates, search, limit, offset.

        Like every listing here: every matching row unless ``limit`` is given (None or 0: all), and
        ``.total`` on the list says how many match in all (more than were returned when the limit cut it)."""
        return self.store.query_articles(**filters)

    def article(self, article_id: str) -> dict[str, Any]:
        """One article with its clean text; accepts a unique id prefix."""
        return _one(self.store.get_article(article_id), "article", article_id)

    def events(self, **filters: Any) -> Rows:
        """Coded event mentions; filters: actor, recipient, country, event, quad_class,
        modality, since, until, article, limit (default: all), offset."""
        return self.store.query_events(**filters)

    def event(self, event_id: str) -> dict[str, Any]:
        """One event with all its actors and its evidence; accepts a unique id prefix."""
        return _one(self.store.get_event(event_id), "event", event_id)

    # --- exploring: used by the REST API, the web UI and exports -------------------------
    def count_events(self, where: EventFilter | None = None) -> int:
        """How many events match a filter."""
        return self.store.count_events(where)

    def events_page(
        self, where: EventFilter | None = None, *, limit: int = 50, offset: int = 0, order: str = "ingest"
    ) -> list[dict[str, Any]]:
        """One page of event rows; ``order`` is ingest, date or -date."""
        return self.store.events_page(where, limit=limit, offset=offset, order=order)

    def events_with_data(self, where: EventFilter, *, limit: int = 1000) -> list[dict[str, Any]]:
        """Event rows with the whole event JSON under ``data`` (for evidence views)."""
        return self.store.events_with_data(where, limit=limit)

    def iter_events(self, where: EventFilter | None = None) -> Iterator[dict[str, Any]]:
        """Stream every matching event with its JSON and its article's metadata (for exports)."""
        return self.store.iter_events(where)

    def merged_ids(self, event_ids: list[str]) -> dict[str, str]:
        """The merged event id of each event id (one real-world event per merged id)."""
        return self.store.merged_ids(event_ids)

    def article_sources(self, article_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Outlet, url, title and date per article id."""
        return self.store.article_sources(article_ids)

    def timeseries(
        self, where: EventFilter | None = None, *, interval: str = "month", by: str = "none", top: int = 10
    ) -> dict[str, Any]:
        """Event counts and Goldstein sums per day/week/month, by dyad, country, actor, type or quad class."""
        return self.store.timeseries(where, interval=interval, by=by, top=top)

    def actors(
        self, where: EventFilter | None = None, *, q: str | None = None, limit: int = 50, offset: int = 0
    ) -> tuple[int, list[dict[str, Any]]]:
        """(total, page) of actor codes with event counts as actor and as recipient."""
        return self.store.actors(where, q=q, limit=limit, offset=offset)

    def actor(self, code: str, where: EventFilter | None = None) -> dict[str, Any]:
        """One actor code's profile: counts, dates, names as written, counterparts, event types."""
        return _one(self.store.actor_profile(code, where), "actor", code, "no events with this code")

    def dyads(self, where: EventFilter | None = None, *, limit: int = 50) -> list[dict[str, Any]]:
        """Most frequent (actor, recipient) pairs with event counts and Goldstein sums."""
        return self.store.dyads(where, limit=limit)

    def counts_by(self, column: str, where: EventFilter | None = None) -> list[dict[str, Any]]:
        """Events per event type, quad class or modality."""
        return self.store.counts_by(column, where)

    def timeline(self, where: EventFilter | None = None, *, limit: int = 400) -> dict[str, Any]:
        """Timeline points: single events (with source counts) when few match, else daily counts."""
        return self.store.timeline_points(where, limit=limit)

    def places(
        self, where: EventFilter | None = None, *, limit: int = 100, offset: int = 0
    ) -> tuple[int, list[dict[str, Any]]]:
        """(total, page) of event places with coordinates and event counts."""
        return self.store.places(where, limit=limit, offset=offset)

    def place(self, geonameid: int) -> dict[str, Any]:
        return _one(self.store.place(geonameid), "place", geonameid, "no events there")

    def search(self, terms: list[str], *, limit: int = 20, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
        """(total, page) of articles containing every term, best first, with their text."""
        return self.store.search_articles(terms, limit=limit, offset=offset)
    def stories(self, **filters: Any) -> Rows:
        """Storylines (or chapters: ``kind="chapter"``), largest first; filters: kind,
        min_articles, search (in the label), since, until, parent, limit (default: all), offset."""
        return self.store.query_stories(**filters)

    def story(self, story_id: str) -> dict[str, Any]:
        """One storyline or chapter: label, span, chapters, articles and its timeline
        (merged events in date order); accepts a unique id prefix."""
        return _one(self.store.get_story(story_id), "story", story_id)

    def merged_events(self, **filters: Any) -> Rows:
        """Merged events (one per real-world event) in date order; filters: event, actor,
        country, story, since, until, min_sources, limit (default: all), offset."""
        return self.store.query_merged_events(**filters)

    def merged_event(self, merged_id: str) -> dict[str, Any]:
        """One merged event with every mention (sentence, article, source) and its
        contradictions; accepts a unique id prefix."""
        return _one(self.store.get_merged_event(merged_id), "merged event", merged_id)

    def contradictions(self, **filters: Any) -> Rows:
        """Disagreements between sources (count, date, negation), each with both sides;
        filters: kind, story, limit (default: all), offset."""
        return self.store.query_contradictions(**filters)

    # --- story views: used by the REST API and the web UI ----------------------------------
    def story_detail(self, story_id: str, *, timeline_limit: int | None = None, timeline_offset: int = 0,
                     list_limit: int | None = None) -> dict[str, Any]:
        """``story()``'s keys plus contradictions, per merged event its Goldstein score and place,
        and the totals of the lists the limits cut; one pass, fast on large stores."""
        row = self.store.story_detail(story_id, timeline_limit=timeline_limit, timeline_offset=timeline_offset,
                                      list_limit=list_limit)
        return _one(row, "story", story_id)

    def story_page(self, story_id: str, where: EventFilter | None = None, *, max_points: int = 400,
                   list_limit: int = 200) -> dict[str, Any]:
        """What a story page shows: ``story_detail`` without timeline rows, plus ``drawings``
        (aggregates of the merged events the filter keeps: per-day cells, points, dyads, places)."""
        row = self.store.story_page(story_id, where, max_points=max_points, list_limit=list_limit)
        return _one(row, "story", story_id)

    def story_header(self, story_id: str) -> dict[str, Any]:
        """One story's label, kind, span and counts (not its contents)."""
        return _one(self.store.story_header(story_id), "story", story_id)

    def stories_page(self, **filters: Any) -> tuple[int, list[dict[str, Any]]]:
        """(total, page) of storylines or chapters, largest first, with chapter and merged-event
        counts; filters: kind, q (in the label), since, until, parent, min_articles, limit, offset."""
        return self.store.stories_page(**filters)

    def stories_of_articles(self, article_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Storyline and chapter (ids and labels) of each canonical article id."""
        return self.store.stories_of_articles(article_ids)

    def merged_of_event(self, event_id: str) -> dict[str, Any] | None:
        """The merged event a mention belongs to, with its contradictions but not its mentions
        (None before merging ran)."""
        merged_id = self.store.merged_id_of_event(event_id)
        return self.store.merged_summary(merged_id) if merged_id else None

    def merged_id_of_event(self, event_id: str) -> str | None:
        """The merged event a mention was merged into, if merging has run."""
        return self.store.merged_id_of_event(event_id)

    def canonical_article(self, article_id: str) -> str:
        """A near-duplicate's original article id, else the id itself."""
        return self.store.canonical_article(article_id)

    def problems(self) -> list[dict[str, Any]]:
        return self.store.problems()

    def stats(self) -> dict[str, Any]:
        return self.store.stats()
