"""The REST API: JSON routes under ``/api`` (mounted by ``create_app``), for the corpus and for stories.

Every route is a thin layer over ``eventwire.db.Eventwire`` (opened read-only
per request, see ``deps.py``) and asks through the same helpers as the pages
(``views.py``). Lists take the same event filter and ``limit``/``offset``
paging; bad parameters are 422 with a message, unknown ids 404, a store
locked by an ingest 503 with Retry-After. A merged event's mentions come with
their evidence sentence already split into highlighted segments, so a client
never has to apply character offsets itself (Python counts code points,
JavaScript UTF-16 units).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from ..export.geo import country_name
from .deps import (
    ACTOR_CODE_PATTERN,
    CODE_PATTERN,
    ID_PATTERN,
    TYPE_PATTERN,
    ContradictionKind,
    Filter,
    Limit,
    Offset,
    Store,
    StoryKind,
    date_range,
    page,
    page_of_more,
)
from .render import article_marks, locate_sentence
from .views import article_detail, event_detail, merged_detail, merged_rows, search_results, story_list

router = APIRouter()

ArticleId = Annotated[str, Path(pattern=ID_PATTERN, description="Article id, or a unique prefix of at least 6 hex digits.")]
EventIdPath = Annotated[str, Path(pattern=ID_PATTERN, description="Event id, or a unique prefix of at least 6 hex digits.")]
ActorCode = Annotated[str, Path(pattern=ACTOR_CODE_PATTERN, description="Actor code: ISO alpha-3 country or a group code (IGO).")]
GeonameId = Annotated[int, Path(ge=1, le=2**40, description="GeoNames id of the place.")]
Interval = Literal["day", "week", "month"]
SeriesBy = Literal["none", "dyad", "country", "actor", "type", "quad_class"]
EventOrder = Literal["ingest", "date", "-date"]


@router.get("/stats", summary="Corpus totals", tags=["corpus"])
def stats(ew: Store) -> dict[str, Any]:
    """Articles, events, near-duplicates, non-English articles and skipped inputs."""
    return ew.stats()


@router.get("/articles", summary="List articles", tags=["articles"])
def list_articles(
    ew: Store,
    limit: Limit = 50,
    offset: Offset = 0,
    source: Annotated[str | None, Query(max_length=200, description="Only this outlet.")] = None,
    language: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$", description="ISO 639-1 code, e.g. en.")] = None,
    since: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="Published on or after.")] = None,
    until: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}-\d{2}$", description="Published on or before.")] = None,
    duplicates: Annotated[bool | None, Query(description="true: only near-duplicates; false: only canonical articles.")] = None,
) -> dict[str, Any]:
    """Articles in ingest order (without their text; see /api/articles/{id})."""
    rows = ew.articles(source=source, language=language, since=since, until=until, duplicates=duplicates,
                       limit=limit + 1, offset=offset)
    return page_of_more(rows, limit, offset)


@router.get("/articles/{article_id}", summary="One article", tags=["articles"])
def get_article(ew: Store, article_id: ArticleId) -> dict[str, Any]:
    """Metadata, clean text, its events, and the character spans of their triggers in the text."""
    row, events = article_detail(ew, article_id)
    marks = article_marks(row["text"], row["id"], events)
    row["events"] = [{k: v for k, v in e.items() if k != "data"} for e in events]
    row["highlights"] = [
        {"start": m.start, "end": m.end, "event_ids": m.event_ids, "label": m.label} for m in sorted(marks, key=lambda m: m.start)
    ]
    return row


@router.get("/events", summary="List events", tags=["events"])
def list_events(
    ew: Store, where: Filter, limit: Limit = 50, offset: Offset = 0,
    order: Annotated[EventOrder, Query(description="ingest (default), date, or -date (newest first).")] = "ingest",
) -> dict[str, Any]:
    """Coded events with the event filter (date range, country, type, quad class, actor, recipient, article, modality)."""
    return page(ew.events_page(where, limit=limit, offset=offset, order=order), limit, offset, ew.count_events(where))


@router.get("/events/{event_id}", summary="One event", tags=["events"])
def get_event(ew: Store, event_id: EventIdPath) -> dict[str, Any]:
    """Every actor, the coding, date/place/count/source basis, and every evidence sentence with offsets."""
    data = event_detail(ew, event_id)
    for ev in data.get("evidence", []):
        article = ew.article(ev["article_id"]) if ev.get("article_id") else None
        ev["sentence_start"] = locate_sentence(article["text"], ev.get("sentence") or "") if article else None
    return data


@router.get("/actors", summary="List actors", tags=["actors"])
def list_actors(
    ew: Store, where: Filter, limit: Limit = 50, offset: Offset = 0,
    q: Annotated[str | None, Query(pattern=ACTOR_CODE_PATTERN, description="Codes starting with this.")] = None,
) -> dict[str, Any]:
    """Actor codes (countries and group codes) by number of events, as actor and as recipient."""
    total, rows = ew.actors(where, q=q, limit=limit, offset=offset)
    for r in rows:
        r["name"] = country_name(r["code"])
    return page(rows, limit, offset, total)


@router.get("/actors/{code}", summary="One actor", tags=["actors"])
def get_actor(ew: Store, code: ActorCode, where: Filter) -> dict[str, Any]:
    """Counts, first and last dates, names as written, counterparts and event types of one actor code."""
    profile = ew.actor(code, where)
    profile["name"] = country_name(profile["code"])
    for c in profile["counterparts"]:
        c["name"] = country_name(c["other"])
    return profile


@router.get("/dyads", summary="Who acts on whom", tags=["actors"])
def list_dyads(ew: Store, where: Filter, limit: Limit = 50) -> dict[str, Any]:
    """(actor, recipient) pairs by number of events, with Goldstein sums and conflict counts."""
    rows = ew.dyads(where, limit=limit)
    return page(rows, limit, 0)


@router.get("/places", summary="List event places", tags=["places"])
def list_places(ew: Store, where: Filter, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Places where events happened, with coordinates and event counts."""
    total, rows = ew.places(where, limit=limit, offset=offset)
    return page(rows, limit, offset, total)


@router.get("/places/{geonameid}", summary="One place", tags=["places"])
def get_place(ew: Store, geonameid: GeonameId) -> dict[str, Any]:
    """A place (by GeoNames id) with its event count and date range."""
    return ew.place(geonameid)


@router.get("/search", summary="Full-text search over articles", tags=["articles"])
def search(
    ew: Store,
    q: Annotated[str, Query(min_length=1, max_length=200, description='Words (all must occur); "quoted phrases" stay whole.')],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Articles whose title or text contain every word, best first, each with a snippet and match spans."""
    terms, total, rows = search_results(ew, q, limit=limit, offset=offset)
    items = []
    for r in rows:
        parts = r["snippet"]
        r["snippet"] = "".join(s.text for s in parts)
        spans, pos = [], 0
        for s in parts:
            if s.mark:
                spans.append([pos, pos + len(s.text)])
            pos += len(s.text)
        r["snippet_matches"] = spans
        items.append(r)
    result = page(items, limit, offset, total)
    result["terms"] = terms
    return result


@router.get("/timeseries", summary="Event counts and Goldstein sums over time", tags=["events"])
def timeseries(
    ew: Store, where: Filter,
    interval: Annotated[Interval, Query(description="day, week or month.")] = "month",
    by: Annotated[SeriesBy, Query(description="One series per dyad, country (of the place), actor, type or quad_class; none for one series.")] = "none",
    top: Annotated[int, Query(ge=1, le=50, description="Keep the largest series only.")] = 10,
) -> dict[str, Any]:
    """Per period: number of events and the sum of their Goldstein scores, zero-filled between the first and last period."""
    return ew.timeseries(where, interval=interval, by=by, top=top)


@router.get("/timeline", summary="Timeline points", tags=["events"])
def timeline(ew: Store, where: Filter, limit: Annotated[int, Query(ge=1, le=2000)] = 400) -> dict[str, Any]:
    """Single events with their number of sources when at most ``limit`` match, else counts per day and quad class."""
    return ew.timeline(where, limit=limit)


# --- stories, merged events, contradictions --------------------------------------------------
StoryId = Annotated[str, Path(pattern=ID_PATTERN, description="Story (storyline or chapter) id, or a unique prefix of at least 6 hex digits.")]
MergedId = Annotated[str, Path(pattern=ID_PATTERN, description="Merged event id, or a unique prefix of at least 6 hex digits.")]
Day = Annotated[date | None, Query(description="YYYY-MM-DD.")]
#: how many timeline rows one story answer carries at most
MAX_TIMELINE_ROWS = 5000


@router.get("/stories", summary="List storylines or chapters", tags=["stories"])
def list_stories(
    ew: Store,
    limit: Limit = 50,
    offset: Offset = 0,
    kind: Annotated[StoryKind, Query(description="storyline (default) or chapter.")] = "storyline",
    q: Annotated[str | None, Query(min_length=1, max_length=200, description="Words in the label (a plain substring).")] = None,
    since: Day = None,
    until: Day = None,
    parent: Annotated[str | None, Query(pattern=r"^[0-9a-f]{16}$", description="Only the chapters of this storyline.")] = None,
    min_articles: Annotated[int, Query(ge=1, le=1_000_000, description="At least this many articles.")] = 1,
) -> dict[str, Any]:
    """Stories, largest first: label, span, articles, sources, chapters and merged events.
    ``since``/``until`` keep the stories whose span overlaps the range."""
    _, total, rows = story_list(ew, kind=kind, q=q, since=since, until=until, parent=parent,
                                min_articles=min_articles, limit=limit, offset=offset)
    return page(rows, limit, offset, total)


@router.get("/stories/{story_id}", summary="One story", tags=["stories"])
def get_story(
    ew: Store,
    story_id: StoryId,
    limit: Annotated[int, Query(ge=1, le=MAX_TIMELINE_ROWS, description="Timeline rows to return.")] = 500,
    offset: Offset = 0,
    list_limit: Annotated[
        int, Query(ge=1, le=MAX_TIMELINE_ROWS, description="At most this many articles and contradictions (oldest first).")
    ] = 200,
) -> dict[str, Any]:
    """Label, span, chapters, articles, contradictions and its timeline: the merged events in date
    order (with Goldstein score and place), ``limit``/``offset`` rows of ``timeline_total``; the
    first ``list_limit`` articles of ``articles_total`` and contradictions of ``contradictions_total``
    (all of them: ``/api/contradictions?story=``)."""
    story = ew.story_detail(story_id, timeline_limit=limit, timeline_offset=offset, list_limit=list_limit)
    story["timeline_next_offset"] = offset + limit if offset + limit < story["timeline_total"] else None
    return story


@router.get("/merged-events", summary="List merged (real-world) events", tags=["stories"])
def list_merged_events(
    ew: Store,
    limit: Limit = 50,
    offset: Offset = 0,
    type: Annotated[str | None, Query(pattern=TYPE_PATTERN, description="PLOVER event type.")] = None,
    actor: Annotated[str | None, Query(min_length=1, max_length=100, description="Code or name on either side.")] = None,
    country: Annotated[str | None, Query(pattern=CODE_PATTERN, description="ISO alpha-3 of either side or of the place.")] = None,
    story: Annotated[str | None, Query(pattern=ID_PATTERN, description="Storyline or chapter id (or prefix).")] = None,
    since: Day = None,
    until: Day = None,
    min_sources: Annotated[int, Query(ge=1, le=10_000, description="Reported by at least this many outlets.")] = 1,
) -> dict[str, Any]:
    """Merged events in date order: one per real-world event, with its numbers of mentions, articles and sources."""
    start, end = date_range(since, until)
    rows = merged_rows(ew, event_type=type, actor=actor, country=country, story=story, since=start, until=end,
                       min_sources=min_sources, limit=limit, offset=offset)
    return page_of_more(rows, limit, offset)


@router.get("/merged-events/{merged_id}", summary="One merged event", tags=["stories"])
def get_merged_event(ew: Store, merged_id: MergedId) -> dict[str, Any]:
    """The merged event, every mention (sentence split into highlighted ``segments``, article, outlet),
    its contradictions and the stories it belongs to."""
    return merged_detail(ew, merged_id)


@router.get("/contradictions", summary="List contradictions", tags=["stories"])
def list_contradictions(
    ew: Store,
    limit: Limit = 50,
    offset: Offset = 0,
    kind: Annotated[ContradictionKind | None, Query(description="count, date or negation.")] = None,
    story: Annotated[str | None, Query(pattern=ID_PATTERN, description="Storyline or chapter id (or prefix).")] = None,
) -> dict[str, Any]:
    """Where sources disagree about one merged event: both sides with value, outlet, attribution and sentence."""
    rows = ew.contradictions(kind=kind, story=story, limit=limit + 1, offset=offset)
    return page_of_more(rows, limit, offset)
