"""Rendering pages: the Jinja2 environment (autoescaped) and what every template can use.

Pages embed the data their drawings need as a JSON data block (escaped by
``tojson``); all behaviour lives in ``static/eventwire.js``, so the
Content-Security-Policy can forbid inline script entirely. The vocabularies
the templates and the drawings name (PLOVER types, quad classes) come from
the ontology, so the UI never keeps a copy of its own.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader
from starlette.templating import Jinja2Templates

from .. import __version__
from ..export.geo import country_name
from ..ontology import PLOVER_TYPES, QUAD_NAMES

HERE = Path(__file__).parent
STATIC = HERE / "static"


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
