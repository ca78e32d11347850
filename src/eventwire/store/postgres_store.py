"""A shared store on a PostgreSQL server, for teams that ingest into one database.

Same schema and same SQL as the DuckDB store (``base.py``); this file only
connects, rewrites ``?`` placeholders, spells two types the PostgreSQL way
(BLOB -> BYTEA, DOUBLE -> DOUBLE PRECISION), creates the handful of DuckDB
functions our SQL uses as small SQL functions (``string_split``,
``list_contains``, ``contains``, ``any_value``, ``round(double, int)``) in
the first migration, and serialises writers with an advisory lock so several
ingests into one database never interleave their ``seq`` numbers or their
group rewrites. Values come back as the DuckDB store returns them (numeric ->
int or float, bytea -> bytes).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.adapt import Loader

from ..errors import Errors, EventwireError
from .base import SQLStore

#: the key of the advisory lock every writer takes inside its transaction
WRITE_LOCK_KEY = 0x6576_656E_7477  # "eventw"
SCHEMES = ("postgresql://", "postgres://")

#: DuckDB built-ins our SQL uses, as PostgreSQL functions (created with migration 1)
COMPAT_FUNCTIONS = [
    "CREATE OR REPLACE FUNCTION string_split(s text, sep text) RETURNS text[] "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT string_to_array(s, sep) $$",
    "CREATE OR REPLACE FUNCTION list_contains(items text[], item text) RETURNS boolean "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT item = ANY(items) $$",
    "CREATE OR REPLACE FUNCTION contains(s text, part text) RETURNS boolean "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT strpos(s, part) > 0 $$",
    "CREATE OR REPLACE FUNCTION round(v double precision, digits integer) RETURNS double precision "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT round(v::numeric, digits)::double precision $$",
    "CREATE OR REPLACE FUNCTION eventwire_first(a anyelement, b anyelement) RETURNS anyelement "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT a $$",
    "CREATE OR REPLACE AGGREGATE any_value(anyelement) (SFUNC = eventwire_first, STYPE = anyelement)",
]

_QUOTED_OR_MARK = re.compile(r"'(?:[^']|'')*'|\?")


def is_postgres_location(location: str) -> bool:
    return location.startswith(SCHEMES)


def redact(location: str) -> str:
    """The location without its password, for messages and ``path``."""
    parts = urlsplit(location)
    if parts.password is None:
        return location
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


@lru_cache(maxsize=1024)
def to_pyformat(sql: str) -> str:
    """``?`` placeholders (outside string literals) -> ``%s``; a literal ``%`` -> ``%%``."""
    sql = sql.replace("%", "%%")
    return _QUOTED_OR_MARK.sub(lambda m: "%s" if m.group(0) == "?" else m.group(0), sql)


class _NumericLoader(Loader):
    """numeric -> int when integral in form (sum of bigints), else float (averages), as DuckDB gives."""

    def load(self, data: Any) -> int | float:
        text = bytes(data).decode("ascii")
        if "." in text or "e" in text.lower() or text in ("NaN", "Infinity", "-Infinity"):
            return float(text)
        return int(text)


class _Cursor:
    """A psycopg cursor that takes ``?`` placeholders like DuckDB's."""

    def __init__(self, cursor: psycopg.Cursor) -> None:
        self._cursor = cursor

    def execute(self, sql: str, params: list[Any] | tuple[Any, ...] | None = None) -> "_Cursor":
        if params is None:
            self._cursor.execute(sql)
        else:
            self._cursor.execute(to_pyformat(sql), params)
        return self

    @property
    def description(self) -> Any:
        return self._cursor.description

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    def fetchmany(self, size: int) -> list[Any]:
        return self._cursor.fetchmany(size)

    def close(self) -> None:
        self._cursor.close()


class _Connection:
    """The slice of DuckDB's connection API the store uses, over psycopg."""

    def __init__(self, raw: psycopg.Connection) -> None:
        self.raw = raw
        self._cursors = 0

    def execute(self, sql: str, params: list[Any] | tuple[Any, ...] | None = None) -> _Cursor:
        return _Cursor(self.raw.cursor()).execute(sql, params)

    def cursor(self) -> _Cursor:
        """A server-side cursor: ``fetchmany`` streams, so an export of millions of rows stays small."""
        self._cursors += 1
        return _Cursor(self.raw.cursor(name=f"eventwire_{self._cursors}", withhold=True))

    def close(self) -> None:
        self.raw.close()


class PostgresStore(SQLStore):
    """The store in a PostgreSQL database (``postgresql://user@host:port/db``)."""

    backend: ClassVar[str] = "postgresql"
    errors: ClassVar[tuple[type[BaseException], ...]] = (psycopg.Error,)

    def __init__(self, location: str, *, read_only: bool = False, connect_timeout: int = 10) -> None:
        self.path = redact(location)
        try:
            raw = psycopg.connect(location, autocommit=True, connect_timeout=connect_timeout)
        except psycopg.Error as exc:
            raise EventwireError(Errors.E405, location=self.path, detail=_first_line(exc)) from exc
        raw.adapters.register_loader("numeric", _NumericLoader)
        raw.execute("SET TIME ZONE 'UTC'")
        self.con = _Connection(raw)
        self.read_only = read_only
        try:
            if read_only:
                raw.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
                if self.schema_version() == 0:
                    raise EventwireError(Errors.E404, detail=f"store {self.path} has no eventwire tables (run `eventwire ingest` first)")
                self._check_version()
            else:
                self._migrate()
        except BaseException:
            raw.close()
            raise

    def translate_error(self, exc: BaseException) -> EventwireError:
        text = _first_line(exc)
        if isinstance(exc, psycopg.errors.ReadOnlySqlTransaction):
            return EventwireError(Errors.E401, detail=f"{self.path}: {text}")
        if isinstance(exc, psycopg.errors.DiskFull):
            return EventwireError(Errors.E402, detail=f"{self.path}: {text}")
        if isinstance(exc, psycopg.OperationalError):
            return EventwireError(Errors.E405, location=self.path, detail=text)
        return EventwireError(Errors.E411, detail=f"{self.path}: {text}")

    def sql_type(self, name: str) -> str:
        return {"BLOB": "BYTEA", "DOUBLE": "DOUBLE PRECISION"}.get(name, name)

    def ddl(self, sql: str) -> str:
        return re.sub(r"\bBLOB\b", "BYTEA", sql)

    def backend_setup(self, version: int) -> list[str]:
        return COMPAT_FUNCTIONS if version == 1 else []

    def lock_for_writing(self) -> None:
        # held until COMMIT/ROLLBACK: one writer at a time computes seq numbers and rewrites groups
        self.con.execute("SELECT pg_advisory_xact_lock(?)", [WRITE_LOCK_KEY])


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
