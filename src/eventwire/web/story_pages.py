"""Story pages: the storylines overview (home), one story with its four drawings, merged events,
contradictions. Server-rendered like every page; evidence for a clicked timeline point is
fetched by ``static/eventwire.js`` from ``/api/merged-events/{id}``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse

from .charts import MAX_TIMELINE_EVENTS
from .deps import ID_PATTERN, BadParameter, Filter, Limit, Offset, Store, check_event_type
from .pages import _filter_context, render
from .story_api import ContradictionKind, StoryKind, merged_detail
from .story_charts import story_chart_data

router = APIRouter(include_in_schema=False)
#: articles and contradictions a story page lists (the rest: JSON and the contradictions page)
LIST_LIMIT = 100
StoryPath = Annotated[str, PathParam(pattern=ID_PATTERN)]
Day = Annotated[date | None, Query()]


def _range(since: date | None, until: date | None) -> tuple[str | None, str | None]:
    if since and until and since > until:
        raise BadParameter("since", f"{since} is after until={until}")
    return (since.isoformat() if since else None, until.isoformat() if until else None)


def _story_list(request: Request, ew, *, home: bool, kind: str, q: str, since: date | None,
                until: date | None, limit: int, offset: int) -> HTMLResponse:
    start, end = _range(since, until)
    total, rows = ew.stories_page(kind=kind, q=q or None, since=start, until=end, limit=limit, offset=offset)
    return render(request, "stories.html", home=home, stats=ew.stats() if home else None, rows=rows, total=total,
                  kind=kind, q=q, since=start or "", until=end or "", limit=limit, offset=offset)


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
def story(request: Request, ew: Store, story_id: StoryPath, where: Filter):
    """One story: timeline, actor network, map and trend of its merged events; chapters, contradictions, articles."""
    data = ew.story_page(story_id, where, max_points=MAX_TIMELINE_EVENTS, list_limit=LIST_LIMIT)
    chapter_labels = {c["id"]: c["label"] for c in data["chapters"]}
    return render(request, "story.html", story=data, drawings=story_chart_data(data),
                  chapter_labels=chapter_labels, list_limit=LIST_LIMIT, **_filter_context(where))


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
    start, end = _range(since, until)
    story_row = ew.story_header(story) if story else None
    rows = ew.merged_events(event=check_event_type(type), actor=actor or None,
                            country=country.upper() if country else None, story=story, since=start, until=end,
                            min_sources=min_sources, limit=limit + 1, offset=offset)
    form = {"story": story or "", "type": (type or "").upper(), "country": (country or "").upper(),
            "actor": actor or "", "since": start or "", "until": end or "", "min_sources": min_sources}
    return render(request, "merged_list.html", rows=rows[:limit], more=len(rows) > limit, limit=limit,
                  offset=offset, form=form, story=story_row)


@router.get("/merged/{merged_id}", response_class=HTMLResponse)
def merged_event(request: Request, ew: Store, merged_id: StoryPath):
    """One real-world event: every mention with its highlighted sentence, contradictions, stories."""
    return render(request, "merged_event.html", merged=merged_detail(ew, merged_id))


@router.get("/contradictions", response_class=HTMLResponse)
def contradictions(request: Request, ew: Store, limit: Limit = 50, offset: Offset = 0,
                   kind: Annotated[ContradictionKind | None, Query()] = None,
                   story: Annotated[str | None, Query(pattern=ID_PATTERN)] = None):
    rows = ew.contradictions(kind=kind, story=story, limit=limit + 1, offset=offset)
    return render(request, "contradictions.html", rows=rows[:limit], more=len(rows) > limit, limit=limit,
                  offset=offset, kind=kind or "", story=story or "")
