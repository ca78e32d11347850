"""The REST API and the web UI in one FastAPI app: ``create_app(db_path, token=None)``.

Every route is a thin layer over ``eventwire.db.Eventwire`` (opened read-only
per request, see ``web/deps.py``). Lists take the same event filter and
``limit``/``offset`` paging; bad parameters are 422 with a message, unknown
ids 404, a store locked by an ingest 503 with Retry-After. The OpenAPI schema
is at ``/api/openapi.json`` (the interactive docs pages are off: they load
scripts from a CDN, which the offline, CSP-locked UI does not allow).
"""

from __future__ import annotations

import os
from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..errors import EventwireError, message
from ..export.geo import country_name
from . import pages, story_pages
from .cache import ResponseCache
from .deps import (
    ACTOR_CODE_PATTERN,
    ID_PATTERN,
    RETRY_AFTER_SECONDS,
    BadParameter,
    Filter,
    Limit,
    Offset,
    Store,
    StoreBusy,
    drop_blank_parameters,
    page,
    search_terms,
)
from .render import article_marks, locate_sentence, snippet
from .security import TokenGate, add_security_headers
from .story_api import router as stories_router

STATIC = os.path.join(os.path.dirname(__file__), "static")
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
    result = page(rows[:limit], limit, offset)
    result["next_offset"] = offset + limit if len(rows) > limit else None
    return result


def article_detail(ew, article_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """An article, its events (with the whole event JSON) and where each trigger is in its text."""
    row = ew.article(article_id)
    from ..store.filters import EventFilter

    events = ew.events_with_data(EventFilter(article=row["id"]), limit=2000)
    return row, events


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


def event_detail(ew, event_id: str) -> dict[str, Any]:
    """The whole event plus, per evidence item, its article's outlet/title/url and the sentence's place in it."""
    data = ew.event(event_id)
    ids = [e.get("article_id") for e in data.get("evidence", []) if e.get("article_id")]
    sources = ew.article_sources(ids)
    data["articles"] = [sources[i] for i in dict.fromkeys(ids) if i in sources]
    return data


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
    terms = search_terms(q)
    total, rows = ew.search(terms, limit=limit, offset=offset)
    items = []
    for r in rows:
        text = r.pop("text")
        parts = snippet(text, terms)
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


# --- the app ---------------------------------------------------------------------------------
def _is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


def _error(request: Request, status: int, code: str, text: str, details: list | None = None,
           headers: dict[str, str] | None = None):
    if _is_api(request):
        body: dict[str, Any] = {"error": {"code": code, "message": text}}
        if details:
            body["error"]["details"] = details
        return JSONResponse(body, status_code=status, headers=headers)
    return pages.error_page(request, status, code, text, headers=headers)


def _validation_details(exc: RequestValidationError) -> list[dict[str, str]]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
        out.append({"param": ".".join(loc) or "request", "message": str(err.get("msg", "invalid"))})
    return out


def create_app(db_path: str | os.PathLike[str], token: str | None = None, *, cache: bool = True) -> FastAPI:
    """The app serving ``/api/...`` (JSON) and the pages, reading the store at ``db_path``.

    ``cache``: answer repeated requests from memory while the store file is
    unchanged (``web/cache.py``)."""
    app = FastAPI(
        title="eventwire",
        version=__version__,
        description="Events coded from news articles: who did what to whom, when, where, with evidence.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.db_path = str(db_path)
    app.state.token = token
    app.include_router(router, prefix="/api")
    app.include_router(stories_router, prefix="/api")
    app.include_router(story_pages.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    gate = TokenGate(token) if token else None
    if cache:
        app.add_middleware(ResponseCache, db_path=str(db_path))  # inside the token check added next

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if gate and not request.url.path.startswith("/static/"):
            login = gate.login(request)
            if login is not None:
                return add_security_headers(login)
            if not gate.allowed(request):
                return add_security_headers(gate.refuse(request, pages.login_page))
        if not _is_api(request):
            drop_blank_parameters(request.scope)
        response = await call_next(request)
        if request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "public, max-age=86400")
        else:
            response.headers.setdefault("Cache-Control", "no-store")
        return add_security_headers(response)

    app.add_middleware(GZipMiddleware, minimum_size=2048)

    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError):
        details = _validation_details(exc)
        text = "; ".join(f"{d['param']}: {d['message']}" for d in details)
        return _error(request, 422, "E600", message("E600", detail=text), details)

    @app.exception_handler(BadParameter)
    async def on_bad_parameter(request: Request, exc: BadParameter):
        return _error(request, 422, "E600", message("E600", detail=str(exc)), [{"param": exc.name, "message": str(exc)}])

    @app.exception_handler(StoreBusy)
    async def on_busy(request: Request, exc: StoreBusy):
        return _error(request, 503, "E601", message("E601", seconds=RETRY_AFTER_SECONDS),
                      headers={"Retry-After": str(RETRY_AFTER_SECONDS)})

    @app.exception_handler(EventwireError)
    async def on_eventwire_error(request: Request, exc: EventwireError):
        status = 404 if exc.code == "E404" else 503 if exc.code in ("E400", "E403") else 500
        return _error(request, status, exc.code, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException):
        text = "not found" if exc.status_code == 404 else str(exc.detail)
        return _error(request, exc.status_code, "E404" if exc.status_code == 404 else f"HTTP{exc.status_code}", text)

    @app.exception_handler(Exception)
    async def on_crash(request: Request, exc: Exception):  # pragma: no cover - last resort
        return _error(request, 500, "E500", "internal error (see the server log)")

    return app
