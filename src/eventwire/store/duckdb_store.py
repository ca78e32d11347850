"""The embedded default store: one DuckDB file.

DuckDB lets one process write a file, and only while no other process has it
open. So that the web UI (one short read-only connection per request) keeps
answering while an ingest writes, a writer does not hold the file for the
whole run: the pipeline calls ``release()`` after each batch's transaction
and the next use reopens it. Opening waits (with backoff) while another
process holds the file, up to ``lock_wait`` seconds, then fails with E400.
Two ingests into one file are refused outright by ``IngestLock``.

Readers would otherwise never leave a writer a gap: with a few clients
reloading pages, some read-only connection is always open, and DuckDB's
file lock admits no writer while any is. So a writer first takes the
``Turnstile`` (``FILE.turn``), and every reader passes it before opening:
once a writer waits, new readers wait behind it, the ones inside finish
their request, and the writer gets the file.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, ClassVar

import duckdb

from ..errors import Errors, EventwireError
from .base import ARTICLE_COLUMNS, EVENT_COLUMNS, LIST_COLUMNS, SQLStore, _version, event_row
from .errors import is_lock_error, translate_duckdb

__all__ = ["ARTICLE_COLUMNS", "DuckDBStore", "EVENT_COLUMNS", "IngestLock", "LIST_COLUMNS", "event_row"]

#: DuckDB's memory limit for a store opened for writing ($EVENTWIRE_DUCKDB_MEMORY overrides it)
DEFAULT_MEMORY_LIMIT = "512MB"
#: seconds to wait for a file another process holds ($EVENTWIRE_LOCK_WAIT overrides both)
WRITER_LOCK_WAIT = 60.0
#: a reader waits out a writer's turn: the requests already inside finish, then the batch is written
#: (about a second on a store of a million mentions, more on a machine that is busy with other work)
READER_LOCK_WAIT = 20.0


def default_lock_wait(read_only: bool) -> float:
    """Seconds to wait for a file another process holds: $EVENTWIRE_LOCK_WAIT, else the default of readers or writers."""
    wait = os.environ.get("EVENTWIRE_LOCK_WAIT")
    return float(wait) if wait else (READER_LOCK_WAIT if read_only else WRITER_LOCK_WAIT)


#: how often a waiting reader or writer looks again
TURN_POLL = 0.01


class Turnstile:
    """``FILE.turn``: writers before readers.

    A writer holds an exclusive ``flock`` on it from before it opens the
    store until it lets the store go (``release``); a reader takes a shared
    lock and drops it at once before it opens the store, so it waits while a
    writer holds or waits for the turnstile... and a writer waits at most for
    the requests already inside. A reader where no writer ever was (no
    ``.turn`` file, or a folder it cannot write) passes without waiting.
    """

    def __init__(self, store_path: str) -> None:
        self.path = f"{store_path}.turn"
        self._held: IO[bytes] | None = None

    def hold(self, deadline: float) -> bool:
        """Take the turnstile for a writer; False when another writer kept it past ``deadline``."""
        if self._held is not None:
            return True
        try:
            fh = open(self.path, "ab")  # noqa: SIM115 - kept open while held
        except OSError:  # a folder nobody may write: opening the store for writing will say so (E401)
            return True
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._held = fh
                return True
            except OSError:
                if time.monotonic() > deadline:
                    fh.close()
                    return False
                time.sleep(TURN_POLL)

    def let_go(self) -> None:
        if self._held is not None:
            fcntl.flock(self._held, fcntl.LOCK_UN)
            self._held.close()
            self._held = None

    def busy(self) -> bool:
        """A writer holds (or waits for) the store right now."""
        return not self.pass_through(0.0)

    def pass_through(self, deadline: float) -> bool:
        """Wait, as a reader, until no writer holds the turnstile; False when one still does at ``deadline``."""
        try:
            fh = open(self.path, "rb")  # noqa: SIM115
        except OSError:  # no writer has been here (or none can be: a read-only folder)
            return True
        with fh:
            while True:
                try:
                    fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
                    fcntl.flock(fh, fcntl.LOCK_UN)
                    return True
                except OSError:
                    if time.monotonic() > deadline:
                        return False
                    time.sleep(TURN_POLL)


class DuckDBStore(SQLStore):
    """The store in a DuckDB file."""

    backend: ClassVar[str] = "duckdb"
    errors: ClassVar[tuple[type[BaseException], ...]] = (duckdb.Error,)
    #: ``IngestLock`` admits one ingest per file
    sole_writer: ClassVar[bool] = True

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False, lock_wait: float | None = None) -> None:
        self.path = str(path)
        if not read_only:
            parent = Path(self.path).parent
            if not parent.exists():
                parent.mkdir(parents=True, exist_ok=True)
        elif not Path(self.path).exists():
            raise EventwireError(Errors.E404, detail=f"store {self.path} (run `eventwire ingest` first)")
        self.read_only = read_only
        self.lock_wait = lock_wait if lock_wait is not None else default_lock_wait(read_only)
        self._con: duckdb.DuckDBPyConnection | None = None
        self._turnstile = Turnstile(self.path)
        self._connect()
        try:
            if not read_only:
                self._migrate()
            else:
                self._check_version()
        except BaseException:
            self.close()
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
        if not self.read_only and not self._turnstile.hold(deadline):
            raise EventwireError(Errors.E400, detail=f"{self.path}: another writer keeps it ({self._turnstile.path})")
        while True:
            if self.read_only and not self._turnstile.pass_through(deadline):
                raise EventwireError(Errors.E400, detail=f"{self.path}: a writer has it (waited {self.lock_wait:g} s)")
            try:
                self._con = duckdb.connect(self.path, read_only=self.read_only, config=config)
                self._read_version = None  # another process may have migrated the file meanwhile
                return self._con
            except duckdb.Error as exc:
                if not is_lock_error(str(exc)) or time.monotonic() + delay > deadline:
                    self._turnstile.let_go()
                    raise translate_duckdb(exc, self.path) from exc
                time.sleep(delay)  # another process has the file for a moment (a page request, a batch)
                delay = min(delay * 2, 0.25)

    def schema_version(self) -> int:
        if not self.read_only:
            return super().schema_version()
        # read-only (every web request): one lookup instead of a catalog query first
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except (duckdb.CatalogException, duckdb.BinderException):  # no meta table, or another program's
            return 0
        return _version(row)

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Read through a read-only connection, as the web UI does: other readers are not kept out.

        A writer's reads that take long (merge and stories load the stored groups a batch touches:
        seconds on a store of a million mentions) would otherwise keep every request waiting."""
        if self.read_only or getattr(self, "_in_transaction", False):
            yield
            return
        self.release()
        self.read_only = True
        try:
            yield
        finally:
            self.release()
            self.read_only = False

    def release(self) -> None:
        """Close the file until the next use, so other processes can open it meanwhile."""
        if self._con is not None and not getattr(self, "_in_transaction", False):
            self._con.close()
            self._con = None
            self._turnstile.let_go()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
        self._turnstile.let_go()

    def translate_error(self, exc: BaseException) -> EventwireError:
        return translate_duckdb(exc, self.path)

    def foreign_tables(self) -> list[str]:
        """A DuckDB file is one program's database: tables in it that eventwire did not make."""
        rows = self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1"
        ).fetchall()
        return [r[0] for r in rows]


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
