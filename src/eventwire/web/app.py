"""The REST API and the web UI in one FastAPI app: ``create_app(db_path, token=None)``.

This module only builds the app: it mounts the JSON routes (``api.py``, under
``/api``), the pages (``pages.py``) and the static files, and turns every
error into the same answer for both, JSON under ``/api`` and a page elsewhere:
bad parameters are 422 with a message, unknown ids 404, a store locked by an
ingest 503 with Retry-After. The OpenAPI schema is at ``/api/openapi.json``
(the interactive docs pages are off: they load scripts from a CDN, which the
offline, CSP-locked UI does not allow).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..errors import Errors, EventwireError, message
from . import api, pages
from .cache import ResponseCache
from .deps import RETRY_AFTER_SECONDS, BadParameter, StoreBusy, drop_blank_parameters
from .html import STATIC, error_page, login_page
from .security import HostCheck, TokenGate, add_security_headers, host_name


def _is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


def _error(request: Request, status: int, code: str, text: str, details: list | None = None,
           headers: dict[str, str] | None = None):
    if _is_api(request):
        body: dict[str, Any] = {"error": {"code": code, "message": text}}
        if details:
            body["error"]["details"] = details
        return JSONResponse(body, status_code=status, headers=headers)
    return error_page(request, status, code, text, headers=headers)


def _validation_details(exc: RequestValidationError) -> list[dict[str, str]]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
        out.append({"param": ".".join(loc) or "request", "message": str(err.get("msg", "invalid"))})
    return out


def create_app(
    db_path: str | os.PathLike[str], token: str | None = None, *, cache: bool = True, hosts: Iterable[str] = ()
) -> FastAPI:
    """The app serving ``/api/...`` (JSON) and the pages, reading the store at ``db_path``.

    ``cache``: answer repeated requests from memory while the store file is
    unchanged (``web/cache.py``). Without a ``token``, only requests for a
    loopback name, an IP address or one of ``hosts`` are answered (E605):
    no web page can read the server through DNS rebinding."""
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
    app.include_router(api.router, prefix="/api")
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    gate = TokenGate(token) if token else None
    host_check = None if token else HostCheck(hosts)
    if cache:
        app.add_middleware(ResponseCache, db_path=str(db_path))  # inside the token check added next

    @app.middleware("http")
    async def guard(request: Request, call_next):
        if host_check is not None and not host_check.allowed(request.headers.get("host")):
            host = repr(host_name(request.headers.get("host"))[:100])
            return add_security_headers(_error(request, 400, Errors.E605, message(Errors.E605, host=host)))
        if gate and not request.url.path.startswith("/static/"):
            login = gate.login(request)
            if login is not None:
                return add_security_headers(login)
            if not gate.allowed(request):
                return add_security_headers(gate.refuse(request, login_page))
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
        return _error(request, 422, Errors.E600, message(Errors.E600, detail=text), details)

    @app.exception_handler(BadParameter)
    async def on_bad_parameter(request: Request, exc: BadParameter):
        return _error(request, 422, Errors.E600, message(Errors.E600, detail=str(exc)), [{"param": exc.name, "message": str(exc)}])

    @app.exception_handler(StoreBusy)
    async def on_busy(request: Request, exc: StoreBusy):
        return _error(request, 503, Errors.E601, message(Errors.E601, seconds=RETRY_AFTER_SECONDS),
                      headers={"Retry-After": str(RETRY_AFTER_SECONDS)})

    @app.exception_handler(EventwireError)
    async def on_eventwire_error(request: Request, exc: EventwireError):
        # busy (E400) is worth a retry; a damaged, foreign, older or newer store is not
        status = 404 if exc.code == Errors.E404 else 503 if exc.code == Errors.E400 else 500
        return _error(request, status, exc.code, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, exc: StarletteHTTPException):
        text = "not found" if exc.status_code == 404 else str(exc.detail)
        return _error(request, exc.status_code, Errors.E404 if exc.status_code == 404 else f"HTTP{exc.status_code}", text)

    @app.exception_handler(Exception)
    async def on_crash(request: Request, exc: Exception):  # pragma: no cover - last resort
        return _error(request, 500, Errors.E604, message(Errors.E604))

    return app
