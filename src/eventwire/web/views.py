"""What the pages and the REST routes show, asked of the store once for both (Datasette's habit).

A page and its JSON twin call the same helper here and differ only in how
they present the answer (a template or a JSON envelope), so an HTML view and
an API answer with the same parameters can never select different rows.
Parameter parsing (filters, date ranges, paging) is in ``deps.py``.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from ..db import Eventwire
from ..store.filters import EventFilter, StoryFilter
from .deps import check_event_type, date_range, search_terms
from .render import evidence_marks, segments, snippet


def filter_context(where: EventFilter) -> dict[str, Any]:
    """The current event filter for a page's filter form and for links that keep it."""
    return {"where": where, "filter_params": where.to_params()}


# --- articles and event mentions ------------------------------------------------------------
def article_detail(ew: Eventwire, article_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """An article and its events (with the whole event JSON, to place each trigger in its text)."""
    row = ew.article(article_id)
    events = ew.events_with_data(EventFilter(article=row["id"]), limit=2000)
    return row, events


def event_detail(ew: Eventwire, event_id: str) -> dict[str, Any]:
    """The whole event plus, per evidence item, its article's outlet/title/url and the sentence's place in it."""
    data = ew.event(event_id)
    ids = [e.get("article_id") for e in data.get("evidence", []) if e.get("article_id")]
    sources = ew.article_sources(ids)
    data["articles"] = [sources[i] for i in dict.fromkeys(ids) if i in sources]
    return data


def search_results(ew: Eventwire, q: str, *, limit: int, offset: int) -> tuple[list[str], int, list[dict[str, Any]]]:
    """(terms, total, page) of articles containing every term, each with its ``snippet`` as segments."""
    terms = search_terms(q)
    total, rows = ew.search(terms, limit=limit, offset=offset)
    for r in rows:
        r["snippet"] = snippet(r.pop("text"), terms)
    return terms, total, rows


# --- stories and merged events ----------------------------------------------------------------
def story_list(
    ew: Eventwire, *, kind: str, q: str | None, since: date | None, until: date | None, parent: str | None = None,
    min_articles: int = 1, limit: int, offset: int,
) -> tuple[StoryFilter, int, list[dict[str, Any]]]:
    """The filter the parameters make, and (total, page) of the stories it keeps, largest first."""
    start, end = date_range(since, until)
    where = StoryFilter(kind=kind, q=q or None, since=start, until=end, parent=parent, min_articles=min_articles)
    total, rows = ew.stories_page(**asdict(where), limit=limit, offset=offset)
    return where, total, rows


def merged_rows(
    ew: Eventwire, *, event_type: str | None, actor: str | None, country: str | None, story: str | None,
    since: str | None, until: str | None, min_sources: int, limit: int, offset: int,
) -> list[dict[str, Any]]:
    """Up to ``limit + 1`` merged events in date order (one more than a page: is there a next one?)."""
    return ew.merged_events(event=check_event_type(event_type), actor=actor or None,
                            country=country.upper() if country else None, story=story, since=since, until=until,
                            min_sources=min_sources, limit=limit + 1, offset=offset)


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
