"""Which store error is which: a busy, damaged, foreign, read-only or full store each has its own code.

DuckDB says what went wrong only in its message, so the message decides,
most specific first: "checksum ... in block" is a damaged file (E407), not a
lock (it contains "lock"); a file that is not a database at all is E408.
"""

from __future__ import annotations

from ..errors import Errors, EventwireError


def is_lock_error(text: str) -> bool:
    """Another process has the file (DuckDB: "Could not set lock ... Conflicting lock is held")."""
    low = text.lower()
    return "conflicting lock" in low or "could not set lock" in low


def is_disk_full(text: str) -> bool:
    low = text.lower()
    return "no space left" in low or "disk full" in low or "file too large" in low or "quota" in low


def translate_duckdb(exc: BaseException, path: str) -> EventwireError:
    """The EventwireError for an error DuckDB raised on the store at ``path``."""
    text = str(exc)
    low = text.lower()
    first = text.splitlines()[0] if text else type(exc).__name__
    if "corrupt" in low or "checksum" in low:
        return EventwireError(Errors.E407, detail=f"{path}: {first}")
    if "not a valid duckdb database file" in low or "not a duckdb" in low:
        return EventwireError(Errors.E408, path=path, detail=first)
    if is_lock_error(text):
        return EventwireError(Errors.E400, detail=f"{path}: another eventwire process is using it ({first})")
    if is_disk_full(text):
        return EventwireError(Errors.E402, detail=f"{path}: {first}")
    if "read-only" in low or "read only" in low or "permission denied" in low:
        return EventwireError(Errors.E401, detail=f"{path}: {first}")
    return EventwireError(Errors.E411, detail=f"{path}: {first}")
