"""The ``store`` stage: where articles, events and stories live.

``open_store`` picks the backend from the location: a file path is an
embedded DuckDB store (the default); ``postgresql://user@host:port/db`` (or
``postgres://``) is a shared PostgreSQL database with the same schema and
behaviour. Both share one implementation (``base.SQLStore``).
"""

from __future__ import annotations

import os

from ..errors import Errors, EventwireError
from .base import SQLStore
from .duckdb_store import DuckDBStore

DEFAULT_DB = "eventwire.duckdb"


def open_store(
    location: str | os.PathLike[str] | None = None, *, read_only: bool = False, lock_wait: float | None = None
) -> SQLStore:
    """The store at ``location``; ``lock_wait``: seconds a DuckDB store waits for a file another process holds."""
    loc = str(location or os.environ.get("EVENTWIRE_DB") or DEFAULT_DB)
    if loc.startswith(("postgresql://", "postgres://")):
        from .postgres_store import PostgresStore  # psycopg is only imported when asked for

        return PostgresStore(loc, read_only=read_only)
    if "://" in loc:
        raise EventwireError(
            Errors.E404, detail=f"store backend for {loc.split('://')[0]!r} (use a DuckDB file path or postgresql://...)"
        )
    return DuckDBStore(loc, read_only=read_only, lock_wait=lock_wait)


__all__ = ["DEFAULT_DB", "DuckDBStore", "SQLStore", "open_store"]
