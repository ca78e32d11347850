"""Request parameters shared by the REST API and the pages: the store, filters, date ranges, paging, search words.

The store is opened read-only for each request and closed after it, because
DuckDB lets one process write a file only while no other process holds it:
a server that kept the file open would lock out ``eventwire ingest``. While
an ingest holds the file (or waits for it), a request waits, in the event
loop, up to the readers' lock wait; one that still cannot get in gets a 503
with Retry-After instead of a traceback.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl, urlencode

from fastapi import Depends, Query, Request
from starlette.concurrency import run_in_threadpool

from ..db import Eventwire
from ..errors import Errors, EventwireError
from ..model import ContradictionKind, Modality
from ..ontology import plover_type
from ..store.duckdb_store import Turnstile, default_lock_wait
from ..store.filters import EventFilter

RETRY_AFTER_SECONDS = 2
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
ID_PATTERN = r"^[0-9a-f]{6,64}$"
CODE_PATTERN = r"^[A-Za-z]{3}$"
ACTOR_CODE_PATTERN = r"^[A-Za-z]{2,12}$"
TYPE_PATTERN = r"^[A-Za-z]{3,12}$"
StoryKind = Literal["storyline", "chapter"]


class StoreBusy(Exception):
    """The store file is locked by a writer (an ingest); try again shortly."""


class BadParameter(Exception):
    """A parameter that passed type checks but makes no sense (since after until, unknown type)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name


#: how often a request waiting for a writer looks again
WAIT_POLL = 0.02


async def _open_when_no_writer(path: str) -> Eventwire:
    """The store, opened read-only once no writer has it or waits for it.

    The waiting happens here, in the event loop, never in a worker thread: a
    thread waiting for the writer while a request already inside needs a
    thread to finish and let go of the file would keep the writer, and so
    every request, waiting until they time out (the pool has 40 threads, and
    50 clients are enough). Each attempt to open does not wait (``lock_wait=0``).
    """
    deadline = time.monotonic() + default_lock_wait(read_only=True)
    turnstile = Turnstile(path) if "://" not in path else None
    while True:
        if turnstile is not None and turnstile.busy():
            if time.monotonic() > deadline:
                raise StoreBusy(f"{path}: a writer has it")
            await asyncio.sleep(WAIT_POLL)
            continue
        try:
            return await run_in_threadpool(Eventwire, path, read_only=True, lock_wait=0)
        except EventwireError as exc:
            if exc.code != Errors.E400:
                raise
            if time.monotonic() > deadline:
                raise StoreBusy(str(exc)) from exc
            await asyncio.sleep(WAIT_POLL)


async def open_store(request: Request) -> AsyncIterator[Eventwire]:
    """One read-only store per request, closed when the response is done."""
    ew = await _open_when_no_writer(str(request.app.state.db_path))
    try:
        yield ew
    except ew.store.errors as exc:  # a damaged page met while reading: the store's own code (E407, ...)
        raise ew.store.translate_error(exc) from exc
    finally:
        ew.close()


Store = Annotated[Eventwire, Depends(open_store)]


def event_filter(
    since: Annotated[date | None, Query(description="Event date on or after (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Query(description="Event date on or before (YYYY-MM-DD).")] = None,
    country: Annotated[
        str | None, Query(pattern=CODE_PATTERN, description="ISO 3166 alpha-3 code of either side or of the place.")
    ] = None,
    type: Annotated[
        str | None, Query(pattern=TYPE_PATTERN, description="PLOVER event type, e.g. ASSAULT.")
    ] = None,
    quad_class: Annotated[int | None, Query(ge=1, le=4, description="1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict.")] = None,
    actor: Annotated[str | None, Query(min_length=1, max_length=100, description="Actor code (ISR) or text fragment.")] = None,
    recipient: Annotated[str | None, Query(min_length=1, max_length=100, description="Recipient code or text fragment.")] = None,
    article: Annotated[str | None, Query(pattern=ID_PATTERN, description="Article id or a prefix of at least 6 hex digits.")] = None,
    modality: Annotated[Modality | None, Query(description="Only events with this modality.")] = None,
    story: Annotated[
        str | None, Query(pattern=ID_PATTERN, description="Storyline or chapter id (or a prefix): mentions in its articles.")
    ] = None,
) -> EventFilter:
    """The event filter every list, chart and time series accepts."""
    start, end = date_range(since, until)
    return EventFilter(
        since=start, until=end,
        country=country.upper() if country else None, event=check_event_type(type),
        quad_class=quad_class, actor=actor, recipient=recipient, article=article, modality=modality, story=story,
    )


def date_range(since: date | None, until: date | None) -> tuple[str | None, str | None]:
    """``since``/``until`` as YYYY-MM-DD (None when not given), or a 422 when the range is backwards."""
    if since and until and since > until:
        raise BadParameter("since", f"{since} is after until={until}")
    return (since.isoformat() if since else None, until.isoformat() if until else None)


def check_event_type(value: str | None) -> str | None:
    """The PLOVER type in upper case, or a 422 naming the parameter."""
    if not value:
        return None
    try:
        plover_type(value.upper())
    except KeyError:
        raise BadParameter("type", f"{value!r} is not a PLOVER event type") from None
    return value.upper()


Filter = Annotated[EventFilter, Depends(event_filter)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Rows per page (1-{MAX_LIMIT}).")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]


def search_terms(q: str) -> list[str]:
    """Words of a search (quoted phrases kept whole); at most 8 terms."""
    terms = [a or b for a, b in re.findall(r'"([^"]+)"|(\S+)', q)]
    terms = [t.strip() for t in terms if t.strip()]
    if not terms:
        raise BadParameter("q", "give at least one word to search for")
    if len(terms) > 8:
        raise BadParameter("q", "at most 8 words or phrases")
    return terms


def drop_blank_parameters(scope: dict[str, Any]) -> None:
    """Remove ``name=`` parameters from a page request: a filter form sends every field, filled or
    not, and a blank field means "no filter", not a bad value (the JSON API stays strict)."""
    raw = scope.get("query_string") or b""
    if not raw:
        return
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if v.strip()]
    if len(kept) != len(pairs):
        scope["query_string"] = urlencode(kept).encode("latin-1")


def page(items: list[Any], limit: int, offset: int, total: int | None = None) -> dict[str, Any]:
    """The envelope every API list returns (``next_offset`` is None on the last page)."""
    out: dict[str, Any] = {"limit": limit, "offset": offset, "count": len(items)}
    if total is not None:
        out["total"] = total
        out["next_offset"] = offset + len(items) if offset + len(items) < total else None
    out["items"] = items
    return out


def page_of_more(rows: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """The envelope for a list fetched with ``limit + 1`` rows (its total is not counted)."""
    result = page(rows[:limit], limit, offset)
    result["next_offset"] = offset + limit if len(rows) > limit else None
    return result
