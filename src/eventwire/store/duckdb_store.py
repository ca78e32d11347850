"""The embedded default store: one DuckDB file.

DuckDB lets one process write a file (and only while no other process has it
open), so there is no write lock to take: the file lock is the lock.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

import duckdb

from ..errors import EventwireError
from .base import ARTICLE_COLUMNS, EVENT_COLUMNS, LIST_COLUMNS, SQLStore, event_row

__all__ = ["ARTICLE_COLUMNS", "DuckDBStore", "EVENT_COLUMNS", "LIST_COLUMNS", "event_row"]

#: DuckDB's memory limit for a store opened for writing ($EVENTWIRE_DUCKDB_MEMORY overrides it)
DEFAULT_MEMORY_LIMIT = "512MB"


def _translate(exc: BaseException, path: str) -> EventwireError:
    text = str(exc)
    low = text.lower()
    first = text.splitlines()[0] if text else type(exc).__name__
    if "lock" in low:
        return EventwireError("E400", detail=f"{path}: another eventwire process is using it ({first})")
    if "read-only" in low or "read only" in low or "permission denied" in low:
        return EventwireError("E401", detail=f"{path}: {first}")
    if "no space left" in low or "disk full" in low:
        return EventwireError("E402", detail=f"{path}: {first}")
    return EventwireError("E401", detail=f"{path}: {first}")


class DuckDBStore(SQLStore):
    """The store in a DuckDB file."""

    backend: ClassVar[str] = "duckdb"
    errors: ClassVar[tuple[type[BaseException], ...]] = (duckdb.Error,)

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = str(path)
        if not read_only:
            parent = Path(self.path).parent
            if not parent.exists():
                parent.mkdir(parents=True, exist_ok=True)
        elif not Path(self.path).exists():
            raise EventwireError("E404", detail=f"store {self.path} (run `eventwire ingest` first)")
        try:
            # a writer's buffer cache would otherwise grow to 80% of RAM as the file grows;
            # beyond this limit DuckDB evicts pages and spills to disk, so an ingest stays flat
            config = {} if read_only else {"memory_limit": os.environ.get("EVENTWIRE_DUCKDB_MEMORY", DEFAULT_MEMORY_LIMIT)}
            self.con = duckdb.connect(self.path, read_only=read_only, config=config)
        except duckdb.Error as exc:
            raise _translate(exc, self.path) from exc
        self.read_only = read_only
        try:
            if not read_only:
                self._migrate()
            else:
                self._check_version()
        except BaseException:
            self.con.close()
            raise

    def translate_error(self, exc: BaseException) -> EventwireError:
        return _translate(exc, self.path)
