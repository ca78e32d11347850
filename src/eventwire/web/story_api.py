"""REST routes for stories, merged events and contradictions (mounted under ``/api`` by ``create_app``).

Like every route they are thin layers over ``Eventwire``: lists take
filters and ``limit``/``offset``, bad parameters are 422, unknown ids 404.
A merged event's mentions come with their evidence sentence already split
into highlighted segments, so a client never has to apply character offsets
itself (Python counts code points, JavaScript UTF-16 units).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from ..db import Eventwire
from .deps import ID_PATTERN, BadParameter, Limit, Offset, Store, check_event_type, page, page_of_more
from .render import evidence_marks, segments

router = APIRouter()

StoryId = Annotated[str, Path(pattern=ID_PATTERN, description="Story (storyline or chapter) id, or a unique prefix of at least 6 hex digits.")]
MergedId = Annotated[str, Path(pattern=ID_PATTERN, description="Merged event id, or a unique prefix of at least 6 hex digits.")]
Day = Annotated[date | None, Query(description="YYYY-MM-DD.")]
StoryKind = Literal["storyline", "chapter"]
ContradictionKind = Literal["count", "date", "negation"]
#: how many timeline rows one story answer carries at most
MAX_TIMELINE_ROWS = 5000


def _dates(since: date | None, until: date | None) -> tuple[str | None, str | None]:
    if since and until and since > until:
        raise BadParameter("since", f"{since} is after until={until}")
    return (since.isoformat() if since else None, until.isoformat() if until else None)


def mention_segments(event: dict[str, Any]) -> list[dict[str, Any]]:
    """A mention's evidence sentence as ``[{text, role}]`` (role: trigger, actor, recipient, or null)."""
    evidence = (event.get("evidence") or [{}])[0]
    parts = segments(evidence.get("sentence") or "", evidence_marks(evidence))
    return [{"text": s.text, "role": s.mark.role if s.mark else None} for s in parts]


def merged_detail(ew: Eventwire, merged_id: str) -> dict[str, Any]:
    """A merged event, every mention with its highlighted sentence, and the stories it belongs to."""
    merged = ew.merged_event(merged_id)
    for m in merged["mentions"]:
        m["segments"] = mention_segments(m["event"])
    merged["stories"] = stories_of(ew, merged)
    return merged


def stories_of(ew: Eventwire, merged: dict[str, Any]) -> list[dict[str, Any]]:
    """The storylines (each with its chapters) a merged event's articles belong to."""
    memberships = ew.stories_of_articles(merged.get("article_ids") or [])
    storylines: dict[str, dict[str, Any]] = {}
    for info in memberships.values():
        line = storylines.setdefault(info["storyline_id"], {
            "id": info["storyline_id"], "label": info["storyline_label"], "chapters": {},
        })
        line["chapters"][info["chapter_id"]] = {"id": info["chapter_id"], "label": info["chapter_label"]}
    return [{**s, "chapters": list(s["chapters"].values())} for s in storylines.values()]


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
    start, end = _dates(since, until)
    total, rows = ew.stories_page(kind=kind, q=q, since=start, until=end, parent=parent,
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
    type: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3,12}$", description="PLOVER event type.")] = None,
    actor: Annotated[str | None, Query(min_length=1, max_length=100, description="Code or name on either side.")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO alpha-3 of either side or of the place.")] = None,
    story: Annotated[str | None, Query(pattern=ID_PATTERN, description="Storyline or chapter id (or prefix).")] = None,
    since: Day = None,
    until: Day = None,
    min_sources: Annotated[int, Query(ge=1, le=10_000, description="Reported by at least this many outlets.")] = 1,
) -> dict[str, Any]:
    """Merged events in date order: one per real-world event, with its numbers of mentions, articles and sources."""
    start, end = _dates(since, until)
    rows = ew.merged_events(event=check_event_type(type), actor=actor, country=country.upper() if country else None,
                            story=story, since=start, until=end, min_sources=min_sources,
                            limit=limit + 1, offset=offset)
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
