"""The ``store`` stage: where articles (and later events and stories) live.

``open_store`` picks the backend from the location: a file path is an
embedded DuckDB store (the default).
"""

from __future__ import annotations

import os

from ..errors import EventwireError
from .duckdb_store import DuckDBStore

DEFAULT_DB = "eventwire.duckdb"


def open_store(location: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> DuckDBStore:
    loc = str(location or os.environ.get("EVENTWIRE_DB") or DEFAULT_DB)
    if "://" in loc:
        raise EventwireError("E404", detail=f"store backend for {loc.split('://')[0]!r} (only DuckDB files are supported)")
    return DuckDBStore(loc, read_only=read_only)


__all__ = ["DEFAULT_DB", "DuckDBStore", "open_store"]
