"""The embedded default store: one DuckDB file.

DuckDB lets one process write a file, and only while no other process has it
open. So that the web UI (one short read-only connection per request) keeps
answering while an ingest writes, a writer does not hold the file for the
whole run: the pipeline calls ``release()`` after each batch's transaction
and the next use reopens it. Opening waits (with backoff) while another
process holds the file, up to ``lock_wait`` seconds, then fails with E400.
Two ingests into one file are refused outright by ``IngestLock``.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from typing import IO, ClassVar

import duckdb

from ..errors import Errors, EventwireError
from .base import ARTICLE_COLUMNS, EVENT_COLUMNS, LIST_COLUMNS, SQLStore, event_row

__all__ = ["ARTICLE_COLUMNS", "DuckDBStore", "EVENT_COLUMNS", "IngestLock", "LIST_COLUMNS", "event_row"]

#: DuckDB's memory limit for a store opened for writing ($EVENTWIRE_DUCKDB_MEMORY overrides it)
DEFAULT_MEMORY_LIMIT = "512MB"
#: seconds to wait for a file another process holds ($EVENTWIRE_LOCK_WAIT overrides both)
WRITER_LOCK_WAIT = 60.0
READER_LOCK_WAIT = 3.0


def _translate(exc: BaseException, path: str) -> EventwireError:
    text = str(exc)
    low = text.lower()
    first = text.splitlines()[0] if text else type(exc).__name__
    if "lock" in low:
        return EventwireError(Errors.E400, detail=f"{path}: another eventwire process is using it ({first})")
    if "read-only" in low or "read only" in low or "permission denied" in low:
        return EventwireError(Errors.E401, detail=f"{path}: {first}")
    if "no space left" in low or "disk full" in low or "file too large" in low or "quota" in low:
        return EventwireError(Errors.E402, detail=f"{path}: {first}")
    return EventwireError(Errors.E401, detail=f"{path}: {first}")


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
            raise EventwireError(Errors.E404, detail=f"store {self.path} (run `eventwire ingest` first)")
        self.read_only = read_only
        wait = os.environ.get("EVENTWIRE_LOCK_WAIT")
        self.lock_wait = float(wait) if wait else (READER_LOCK_WAIT if read_only else WRITER_LOCK_WAIT)
        self._con: duckdb.DuckDBPyConnection | None = None
        self._connect()
        try:
            if not read_only:
                self._migrate()
            else:
                self._check_version()
        except BaseException:
            self.con.close()
            raise

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The connection, reopened on first use after ``release()``."""
        return self._con if self._con is not None else self._connect()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        # a writer's buffer cache would otherwise grow to 80% of RAM as the file grows;
        # beyond this limit DuckDB evicts pages and spills to disk, so an ingest stays flat
        config = {} if self.read_only else {"memory_limit": os.environ.get("EVENTWIRE_DUCKDB_MEMORY", DEFAULT_MEMORY_LIMIT)}
        deadline = time.monotonic() + self.lock_wait
        delay = 0.02
        while True:
            try:
                self._con = duckdb.connect(self.path, read_only=self.read_only, config=config)
                self._read_version = None  # another process may have migrated the file meanwhile
                return self._con
            except duckdb.Error as exc:
                if "lock" not in str(exc).lower() or time.monotonic() + delay > deadline:
                    raise _translate(exc, self.path) from exc
                time.sleep(delay)  # another process has the file for a moment (a page request, a batch)
                delay = min(delay * 2, 0.25)

    def schema_version(self) -> int:
        if not self.read_only:
            return super().schema_version()
        # read-only (every web request): one lookup instead of a catalog query first
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.CatalogException:
            return 0
        return int(row[0]) if row else 0

    def release(self) -> None:
        """Close the file until the next use, so other processes can open it meanwhile."""
        if self._con is not None and not getattr(self, "_in_transaction", False):
            self._con.close()
            self._con = None

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    def translate_error(self, exc: BaseException) -> EventwireError:
        return _translate(exc, self.path)


class IngestLock:
    """One ingest at a time per DuckDB file: an exclusive lock on ``FILE.ingest.lock``.

    The store itself is released between batches (for readers), so the file
    lock alone would let a second ingest slip in between two batches; this
    lock is held for the whole run and a second ingest is refused (E406).
    """

    def __init__(self, path: str) -> None:
        self.path = f"{path}.ingest.lock"
        self._fh: IO[str] | None = None

    def __enter__(self) -> "IngestLock":
        self._fh = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            self._fh.seek(0)
            holder = self._fh.read().strip() or "another process"
            self._fh.close()
            self._fh = None
            raise EventwireError(Errors.E406, path=self.path[: -len(".ingest.lock")], holder=holder) from exc
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(f"eventwire ingest, pid {os.getpid()}\n")
        self._fh.flush()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None
