"""Server-rendered pages (Jinja2, autoescaped) over the same Python API as the REST routes.

Pages embed the data their drawings need as a JSON data block (escaped by
``tojson``); all behaviour lives in ``static/eventwire.js``, so the
Content-Security-Policy can forbid inline script entirely.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader
from starlette.templating import Jinja2Templates

from .. import __version__
from ..export.geo import country_name
from ..ontology import plover_type
from ..store.filters import EventFilter
from .charts import chart_data
from .deps import ACTOR_CODE_PATTERN, ID_PATTERN, Filter, Limit, Offset, Store, search_terms
from .render import article_blocks, article_marks, evidence_marks, segments, snippet
from .story_api import stories_of

HERE = Path(__file__).parent
STATIC = HERE / "static"
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=None)
def static_version(name: str) -> str:
    """Content hash of a static file, so a changed file gets a new URL (and caches stay correct)."""
    path = STATIC / name
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10] if path.is_file() else __version__


def static_url(name: str) -> str:
    return f"/static/{name}?v={static_version(name)}"


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """``?a=1&b=2`` from the current parameters with some changed (None removes one)."""
    merged = {**params, **changes}
    kept = {k: v for k, v in merged.items() if v not in (None, "")}
    return ("?" + urlencode(kept)) if kept else ""


def http_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: article metadata never becomes a javascript: link."""
    if url and url.lower().startswith(("http://", "https://")):
        return url
    return None


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=True,  # every template, whatever its extension
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        static_url=static_url, country_name=country_name, quad_names=QUAD_NAMES, plover_types=PLOVER_TYPES,
        query_string=query_string, version=__version__, http_url=http_url,
    )
    return env


templates = Jinja2Templates(env=_environment())


def render(request: Request, name: str, status: int = 200, headers: dict[str, str] | None = None, **context: Any) -> HTMLResponse:
    context.setdefault("params", dict(request.query_params))
    return templates.TemplateResponse(request, name, context, status_code=status, headers=headers)


def error_page(request: Request, status: int, code: str, text: str, headers: dict[str, str] | None = None) -> HTMLResponse:
    return render(request, "error.html", status=status, headers=headers, status_code=status, code=code, message=text,
                  params={})


def login_page(request: Request) -> HTMLResponse:
    path = request.url.path
    safe = path if path.startswith("/") and not path.startswith("//") else "/"
    return render(request, "login.html", status=401, params={}, next_path=safe)


def _filter_context(where: EventFilter) -> dict[str, Any]:
    return {"where": where, "filter_params": where.to_params()}


# --- pages ---------------------------------------------------------------------------------
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
        **_filter_context(where),
    )


@router.get("/events", response_class=HTMLResponse)
def events(request: Request, ew: Store, where: Filter, limit: Limit = 50, offset: Offset = 0):
    total = ew.count_events(where)
    rows = ew.events_page(where, limit=limit, offset=offset, order="date")
    return render(request, "events.html", rows=rows, total=total, limit=limit, offset=offset, **_filter_context(where))


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event(request: Request, ew: Store, event_id: Annotated[str, PathParam(pattern=ID_PATTERN)]):
    """Every mention with its sentence (trigger and arguments highlighted), coding and bases."""
    data = ew.event(event_id)
    ids = [e.get("article_id") for e in data.get("evidence", []) if e.get("article_id")]
    sources = ew.article_sources(ids)
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
def article(request: Request, ew: Store, article_id: Annotated[str, PathParam(pattern=ID_PATTERN)]):
    """The clean text with every event trigger highlighted and linked to its event."""
    row = ew.article(article_id)
    events = ew.events_with_data(EventFilter(article=row["id"]), limit=2000)
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
                  **_filter_context(where))


@router.get("/actors/{code}", response_class=HTMLResponse)
def actor(request: Request, ew: Store, code: Annotated[str, PathParam(pattern=ACTOR_CODE_PATTERN)], where: Filter):
    """One actor: counts, names as written, counterparts, the four drawings of its events, its events."""
    profile = ew.actor(code, where)
    mine = replace(where, party=profile["code"])
    return render(request, "actor.html", profile=profile, drawings=chart_data(ew, mine, query=where.to_params()),
                  rows=ew.events_page(mine, limit=50, order="-date"), **_filter_context(where))


@router.get("/places", response_class=HTMLResponse)
def places(request: Request, ew: Store, where: Filter, limit: Limit = 100, offset: Offset = 0):
    total, rows = ew.places(where, limit=limit, offset=offset)
    return render(request, "places.html", rows=rows, total=total, limit=limit, offset=offset,
                  drawings={"map": {"places": [{**p, "href": f"/places/{p['geonameid']}" if p.get("geonameid") else None} for p in rows]}},
                  **_filter_context(where))


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
        terms = search_terms(q)
        total, rows = ew.search(terms, limit=limit, offset=offset)
        for r in rows:
            r["snippet"] = snippet(r.pop("text"), terms)
            results.append(r)
    return render(request, "search.html", q=q, terms=terms, results=results, total=total, limit=limit, offset=offset)


__all__ = ["router", "error_page", "login_page"]
