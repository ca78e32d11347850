"""A cache of whole answers, valid for as long as the store file is unchanged.

A team looking at one store asks for the same story pages, lists and charts
again and again, and each answer is a set of queries over up to millions of
mentions. The store only changes when an ingest writes it, and every write
changes the DuckDB file or its write-ahead log, so an answer stays right for
as long as their size and modification time are the same: the cache is
emptied as soon as they change (checked on every request, one ``stat`` each).

While an ingest writes a batch (it holds the store's turnstile, see
``store/duckdb_store.py``), requests cannot open the store; a request the
cache can answer is answered from it, with the store as it was before the
batch (the last committed state, one batch old at most), instead of waiting;
the cache is emptied when the writer lets go and the files show the change.

Only successful ``GET`` answers of a known length up to ``max_body`` bytes are
kept, least recently used first out once ``max_bytes`` is reached. The
middleware sits inside the token check, so a request must be let in before
it can be answered from the cache. A PostgreSQL store has no file to watch:
it gets no cache (other clients may write it at any time).
"""

from __future__ import annotations

import os
from collections import OrderedDict
from typing import Any

from ..store.duckdb_store import Turnstile

Fingerprint = tuple[int, ...]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_BODY = 2 * 1024 * 1024


def store_fingerprint(path: str) -> Fingerprint | None:
    """Size and modification time of the store file and its write-ahead log; None when unreadable."""
    out: list[int] = []
    for name in (path, path + ".wal"):
        try:
            st = os.stat(name)
        except FileNotFoundError:
            out += [-1, -1]
            continue
        except OSError:
            return None
        out += [st.st_size, st.st_mtime_ns]
    return tuple(out)


class ResponseCache:
    """ASGI middleware: answer a repeated ``GET`` from memory while the store is unchanged."""

    def __init__(self, app: Any, db_path: str, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 max_body: int = DEFAULT_MAX_BODY) -> None:
        self.app = app
        self.path = str(db_path)
        self.enabled = "://" not in self.path  # a PostgreSQL URL: nothing to watch
        self.max_bytes = max_bytes
        self.max_body = max_body
        self.entries: OrderedDict[tuple[str, bytes], tuple[dict[str, Any], bytes]] = OrderedDict()
        self.size = 0
        self.fingerprint: Fingerprint | None = None
        self.turnstile = Turnstile(self.path)
        self.hits = 0
        self.misses = 0

    def clear(self) -> None:
        self.entries.clear()
        self.size = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if not self.enabled or scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        fingerprint = store_fingerprint(self.path)
        if fingerprint is None:
            await self.app(scope, receive, send)
            return
        writing = fingerprint != self.fingerprint and self.turnstile.busy()
        if fingerprint != self.fingerprint and not writing:
            self.clear()
            self.fingerprint = fingerprint
        key = (scope["path"], scope.get("query_string", b""))
        entry = self.entries.get(key)
        if entry is not None:
            self.hits += 1
            self.entries.move_to_end(key)
            start, body = entry
            # a fresh message each time: outer middleware adds headers to the list it is given
            await send({**start, "headers": list(start["headers"])})
            await send({"type": "http.response.body", "body": body, "more_body": False})
            return
        self.misses += 1
        if writing:  # answered after the batch: not kept with the fingerprint of before it
            await self.app(scope, receive, send)
            return
        await self._answer_and_keep(scope, receive, send, key, fingerprint)

    async def _answer_and_keep(self, scope, receive, send, key, fingerprint) -> None:
        start: dict[str, Any] | None = None
        chunks: list[bytes] = []
        keep = True

        async def capture(message: dict[str, Any]) -> None:
            nonlocal start, keep
            if message["type"] == "http.response.start":
                start = {**message, "headers": list(message.get("headers") or [])}
                headers = dict(message.get("headers") or [])
                length = headers.get(b"content-length")
                keep = (message["status"] == 200 and length is not None and int(length) <= self.max_body
                        and b"set-cookie" not in headers)
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        if keep and start is not None and fingerprint == self.fingerprint:
            body = b"".join(chunks)
            previous = self.entries.pop(key, None)  # two requests for it may have missed at once
            if previous is not None:
                self.size -= len(previous[1])
            self.entries[key] = (start, body)
            self.size += len(body)
            while self.size > self.max_bytes and self.entries:
                _, (_, old) = self.entries.popitem(last=False)
                self.size -= len(old)
