"""Server-rendered pages (Jinja2, see ``html.py``), asking through the same helpers as the REST routes.

The storylines overview is the home page; story pages draw a story's merged
events, and the evidence for a clicked timeline point is fetched by
``static/eventwire.js`` from ``/api/merged-events/{id}``. The other pages show
every event mention: overview, events, articles, actors, places, search.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse

from ..ontology import plover_type
from ..store.filters import EventFilter
from .charts import MAX_TIMELINE_EVENTS, chart_data
from .deps import (
    ACTOR_CODE_PATTERN,
    ID_PATTERN,
    ContradictionKind,
    Filter,
    Limit,
    Offset,
    Store,
    StoryKind,
    date_range,
)
from .html import render
from .render import article_blocks, article_marks, evidence_marks, segments
from .story_charts import story_chart_data
from .views import (
    article_detail,
    event_detail,
    filter_context,
    merged_detail,
    merged_rows,
    search_results,
    stories_of,
    story_list,
)

router = APIRouter(include_in_schema=False)
#: articles and contradictions a story page lists (the rest: JSON and the contradictions page)
LIST_LIMIT = 100
IdPath = Annotated[str, PathParam(pattern=ID_PATTERN)]
Day = Annotated[date | None, Query()]


# --- stories, merged events, contradictions ----------------------------------------------------
def _story_list(request: Request, ew, *, home: bool, kind: str, q: str, since: date | None,
                until: date | None, limit: int, offset: int) -> HTMLResponse:
    where, total, rows = story_list(ew, kind=kind, q=q, since=since, until=until, limit=limit, offset=offset)
    return render(request, "stories.html", home=home, stats=ew.stats() if home else None, rows=rows, total=total,
                  kind=kind, q=q, since=where.since or "", until=where.until or "", limit=limit, offset=offset)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, ew: Store, limit: Limit = 50, offset: Offset = 0,
         q: Annotated[str, Query(max_length=200)] = "", since: Day = None, until: Day = None):
    """The storylines overview: totals, then every storyline with its span, articles, sources and events."""
    return _story_list(request, ew, home=True, kind="storyline", q=q, since=since, until=until, limit=limit, offset=offset)


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, ew: Store, limit: Limit = 50, offset: Offset = 0,
            kind: Annotated[StoryKind, Query()] = "storyline", q: Annotated[str, Query(max_length=200)] = "",
            since: Day = None, until: Day = None):
    return _story_list(request, ew, home=False, kind=kind, q=q, since=since, until=until, limit=limit, offset=offset)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, ew: Store, story_id: IdPath, where: Filter):
    """One story: timeline, actor network, map and trend of its merged events; chapters, contradictions, articles."""
    data = ew.story_page(story_id, where, max_points=MAX_TIMELINE_EVENTS, list_limit=LIST_LIMIT)
    chapter_labels = {c["id"]: c["label"] for c in data["chapters"]}
    return render(request, "story.html", story=data, drawings=story_chart_data(data),
                  chapter_labels=chapter_labels, list_limit=LIST_LIMIT, **filter_context(where))


@router.get("/merged", response_class=HTMLResponse)
def merged_list(
    request: Request, ew: Store, limit: Limit = 50, offset: Offset = 0,
    story: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
    type: Annotated[str | None, Query(pattern=r"^[A-Za-z]{0,12}$")] = None,
    country: Annotated[str | None, Query(pattern=r"^([A-Za-z]{3})?$")] = None,
    actor: Annotated[str | None, Query(max_length=100)] = None,
    since: Day = None, until: Day = None,
    min_sources: Annotated[int, Query(ge=1, le=10_000)] = 1,
):
    """Merged events in date order with the filters of ``/api/merged-events``."""
    start, end = date_range(since, until)
    story_row = ew.story_header(story) if story else None
    rows = merged_rows(ew, event_type=type, actor=actor, country=country, story=story, since=start, until=end,
                       min_sources=min_sources, limit=limit, offset=offset)
    form = {"story": story or "", "type": (type or "").upper(), "country": (country or "").upper(),
            "actor": actor or "", "since": start or "", "until": end or "", "min_sources": min_sources}
    return render(request, "merged_list.html", rows=rows[:limit], more=len(rows) > limit, limit=limit,
                  offset=offset, form=form, story=story_row)


@router.get("/merged/{merged_id}", response_class=HTMLResponse)
def merged_event(request: Request, ew: Store, merged_id: IdPath):
    """One real-world event: every mention with its highlighted sentence, contradictions, stories."""
    return render(request, "merged_event.html", merged=merged_detail(ew, merged_id))


@router.get("/contradictions", response_class=HTMLResponse)
def contradictions(request: Request, ew: Store, limit: Limit = 50, offset: Offset = 0,
                   kind: Annotated[ContradictionKind | None, Query()] = None,
                   story: Annotated[str | None, Query(pattern=ID_PATTERN)] = None):
    rows = ew.contradictions(kind=kind, story=story, limit=limit + 1, offset=offset)
    return render(request, "contradictions.html", rows=rows[:limit], more=len(rows) > limit, limit=limit,
                  offset=offset, kind=kind or "", story=story or "")


# --- every event mention ---------------------------------------------------------------------
@router.get("/overview", response_class=HTMLResponse)
def overview(request: Request, ew: Store, where: Filter):
    """Every event at once: totals, the four drawings for the filtered events, top dyads, latest articles."""
    stats = ew.stats()
    drawings = chart_data(ew, where)
    return render(
        request, "overview.html",
        stats=stats, total=drawings["timeline"]["total"], drawings=drawings,
        dyads=drawings["dyads"][:10], types=ew.counts_by("event", where),
        latest=ew.articles(limit=8, offset=max(0, stats["articles"] - 8))[::-1],
        **filter_context(where),
    )


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, ew: Store, where: Filter, limit: Limit = 50, offset: Offset = 0):
    total = ew.count_events(where)
    rows = ew.events_page(where, limit=limit, offset=offset, order="date")
    return render(request, "events.html", rows=rows, total=total, limit=limit, offset=offset, **filter_context(where))


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event(request: Request, ew: Store, event_id: IdPath):
    """Every mention with its sentence (trigger and arguments highlighted), coding and bases."""
    data = event_detail(ew, event_id)
    sources = {a["id"]: a for a in data["articles"]}
    mentions = []
    for ev in data.get("evidence", []):
        mentions.append({
            "evidence": ev,
            "article": sources.get(ev.get("article_id") or ""),
            "segments": segments(ev.get("sentence") or "", evidence_marks(ev)),
        })
    outlets = {(m["article"] or {}).get("source") or (m["article"] or {}).get("id") for m in mentions}
    try:
        definition = plover_type(data["event"]).definition
    except KeyError:
        definition = ""
    merged = ew.merged_of_event(data["id"])
    if merged:
        merged["stories"] = stories_of(ew, merged)
    return render(request, "event.html", ev=data, mentions=mentions, num_sources=len(outlets - {None}),
                  definition=definition, merged=merged)


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request, ew: Store, limit: Limit = 50, offset: Offset = 0):
    rows = ew.articles(limit=limit + 1, offset=offset)
    return render(request, "articles.html", rows=rows[:limit], more=len(rows) > limit, limit=limit, offset=offset)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, ew: Store, article_id: IdPath):
    """The clean text with every event trigger highlighted and linked to its event."""
    row, events = article_detail(ew, article_id)
    marks = article_marks(row["text"], row["id"], events)
    placed = {i for m in marks for i in m.event_ids}
    canonical = ew.canonical_article(row["id"])
    story = ew.stories_of_articles([canonical]).get(canonical)
    return render(request, "article.html", article=row, blocks=article_blocks(row["text"], row["headings"], marks),
                  events=events, unplaced=[e for e in events if e["id"] not in placed], story=story)


@router.get("/actors", response_class=HTMLResponse)
def actors(request: Request, ew: Store, where: Filter, limit: Limit = 100, offset: Offset = 0,
           q: Annotated[str | None, Query(pattern=ACTOR_CODE_PATTERN)] = None):
    total, rows = ew.actors(where, q=q, limit=limit, offset=offset)
    return render(request, "actors.html", rows=rows, total=total, limit=limit, offset=offset, q=q or "",
                  **filter_context(where))


@router.get("/actors/{code}", response_class=HTMLResponse)
def actor(request: Request, ew: Store, code: Annotated[str, PathParam(pattern=ACTOR_CODE_PATTERN)], where: Filter):
    """One actor: counts, names as written, counterparts, the four drawings of its events, its events."""
    profile = ew.actor(code, where)
    mine = replace(where, party=profile["code"])
    return render(request, "actor.html", profile=profile, drawings=chart_data(ew, mine, query=where.to_params()),
                  rows=ew.events_page(mine, limit=50, order="-date"), **filter_context(where))


@router.get("/places", response_class=HTMLResponse)
def places(request: Request, ew: Store, where: Filter, limit: Limit = 100, offset: Offset = 0):
    total, rows = ew.places(where, limit=limit, offset=offset)
    return render(request, "places.html", rows=rows, total=total, limit=limit, offset=offset,
                  drawings={"map": {"places": [{**p, "href": f"/places/{p['geonameid']}" if p.get("geonameid") else None} for p in rows]}},
                  **filter_context(where))


@router.get("/places/{geonameid}", response_class=HTMLResponse)
def place(request: Request, ew: Store, geonameid: Annotated[int, PathParam(ge=1, le=2**40)]):
    info = ew.place(geonameid)
    where = EventFilter(place=geonameid)
    return render(request, "place.html", place=info, rows=ew.events_page(where, limit=200, order="date"),
                  drawings=chart_data(ew, where))


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, ew: Store, q: Annotated[str, Query(max_length=200)] = "",
           limit: Annotated[int, Query(ge=1, le=100)] = 20, offset: Offset = 0):
    results, total, terms = [], 0, []
    if q.strip():
        terms, total, results = search_results(ew, q, limit=limit, offset=offset)
    return render(request, "search.html", q=q, terms=terms, results=results, total=total, limit=limit, offset=offset)


__all__ = ["router"]
