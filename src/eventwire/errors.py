"""Every error and skip reason eventwire reports, with a stable code.

Like spaCy's ``errors.py``: the codes are attributes of one catalog,
``Errors``, so users can search for a code, code that reports one names it
(``Errors.E101``, never a bare string), and tests can assert on codes instead
of wording (a ``Code`` is the plain string "E101"). Use
``problem(source, Errors.E101, locator=..., **fmt)`` to build a ``Problem``.
tests/test_errors.py checks that every code is used and none has two meanings.
"""

from __future__ import annotations

from .model import Problem


class Code(str):
    """An error code ("E100") that carries its message template; compares and stores as the plain code."""

    template: str

    def __new__(cls, code: str, template: str) -> "Code":
        obj = super().__new__(cls, code)
        obj.template = template
        return obj

    def __reduce__(self) -> tuple:  # keep the template when a Problem crosses a process boundary
        return (Code, (str(self), self.template))


def _catalog(cls: type) -> type:
    """Turn every ``E123 = "template"`` attribute of the class into a ``Code``."""
    for name, value in list(vars(cls).items()):
        if len(name) == 4 and name[0] in "EW" and name[1:].isdigit():
            setattr(cls, name, Code(name, value))
    return cls


@_catalog
class Errors:
    """Every error and skip reason eventwire reports: ``Errors.E100`` is the code "E100"
    with its message template (``Errors.E100.template``)."""

    # --- reading (E1xx) ---
    E100 = "file not found"
    E101 = "empty file"
    E102 = "binary file (not text, HTML, JSON, feed or WARC)"
    E103 = "file too large: {size} bytes > limit {limit} bytes (raise --max-size)"
    E104 = "cannot decode text: {detail}"
    E105 = "malformed JSON: {detail}"
    E106 = "JSON record has no text field (looked for {fields})"
    E107 = "JSON value has the wrong type: {detail}"
    E108 = "malformed feed: {detail}"
    E109 = "malformed WARC record: {detail}"
    E110 = "unsupported file type: {detail}"
    E111 = "cannot fetch URL: {detail}"
    E112 = "no network: cannot fetch {url} ({detail})"
    E113 = "permission denied"
    E115 = "WARC member too large after decompression (limit {limit} bytes)"
    E116 = "empty record"
    E117 = "text is not valid Unicode: {detail}"
    E118 = "the reader failed on this input: {detail}"
    E119 = "cannot open: {detail}"
    # --- cleaning (E2xx) ---
    E200 = "no article text left after removing boilerplate"
    E201 = "article text too short to be a news article ({chars} characters)"
    E202 = "HTML extraction found no article body"
    E203 = "the cleaner failed on this document: {detail}"
    E204 = "article too long to code: {chars} characters > limit {limit} (stored, not coded)"
    E205 = "sentence too long to code: {chars} characters > limit {limit} (skipped)"
    E206 = "too many sentences to code: {count} > limit {limit} (the rest is not coded)"
    E207 = "too many events in one article: {count} > limit {limit} (the first {limit} kept)"
    E208 = "date out of the supported range: {detail}"
    E209 = "HTML page too large to extract: {chars} characters > limit {limit}"
    # --- skipped by the event stages (W3xx: stored, not coded) ---
    W300 = "not English ({language})"
    W301 = "near-duplicate of {article}"
    # --- store (E4xx) ---
    E400 = "store is locked by another process: {detail}"
    E401 = "store is read-only: {detail}"
    E402 = "disk full while writing the store: {detail}"
    E403 = "store schema version {found} is newer than this eventwire ({supported})"
    E404 = "not found: {detail}"
    E405 = "cannot connect to the PostgreSQL store {location}: {detail}"
    E406 = "{path} is being written by another ingest ({holder}); wait for it to finish, or ingest into another store"
    E407 = "store file is damaged: {detail} (restore it from a backup, or ingest again into a new store)"
    E408 = "{path} is not a DuckDB database file: {detail} (give another --db, or move the file away)"
    E409 = "{path} is a DuckDB database of another program (tables: {tables}); eventwire does not write into it: give another --db"
    E410 = "store schema version {found} is older than this eventwire ({supported}): run `eventwire migrate --db {path}` to upgrade it"
    E411 = "the store failed: {detail}"
    # --- coding (E5xx) ---
    E500 = "input line is not valid JSON: {detail}"
    E501 = "input line has no 'text' string"
    E502 = "invalid date {detail!r} (expected YYYY-MM-DD)"
    E503 = "empty input line"
    E504 = "input line is not valid UTF-8: {detail}"
    E505 = "input line has a value eventwire cannot use: {detail}"
    E510 = "the sentence-embedding model is not installed: {detail}"
    E520 = "the event stages failed on this article: {detail}"
    # --- REST API and web UI (E6xx) ---
    E600 = "invalid request parameter: {detail}"
    E601 = "the store is busy (another process is writing it); retry in {seconds} s"
    E602 = "authentication required: log in with ?token=... or send the token in the Authorization header"
    E604 = "internal error (see the server log)"
    E605 = "request for host {host} refused: this server answers only to loopback names (start it with --token, or with --host NAME to serve NAME)"
    # --- exports (E61x) ---
    E610 = "cannot export: {detail}"
    E611 = "cannot write the export to {path}: {detail}"
    E612 = "cannot write to standard output: {detail}"
    E613 = "cannot write {path}: {detail}"
    # --- engines (E7xx) ---
    E700 = "the Dask engine is not available: {detail}"
    E701 = "cannot reach the Dask scheduler {scheduler}: {detail}"
    E702 = "unknown engine {engine!r} (known: {known})"
    E703 = "a worker failed while running {task}: {detail}"
    E704 = "invalid --workers {workers}: give 1 or more"


def template(code: str) -> str:
    """The message template of a code (a ``Code`` or its plain string)."""
    found = getattr(Errors, str(code), None)
    if not isinstance(found, Code):
        raise KeyError(f"unknown error code {code!r}")
    return found.template


def message(code: str, **fmt: object) -> str:
    template_ = template(code)
    try:
        return template_.format(**fmt)
    except (KeyError, IndexError):
        return template_


def short_message(code: str) -> str:
    """The message without its details, for summaries ("malformed JSON")."""
    return template(code).split(":")[0].split(" (")[0].split(" {")[0]


def problem(source: str, code: str, locator: str | None = None, **fmt: object) -> Problem:
    return Problem(source=source, reason=message(code, **fmt), code=str(code), locator=locator)


class EventwireError(Exception):
    """An error to show the user as one clear line (the CLI prints it, exit 1)."""

    def __init__(self, code: str, **fmt: object) -> None:
        self.code = code
        self.fmt = fmt
        super().__init__(f"{message(code, **fmt)} [{code}]")

    def __reduce__(self) -> tuple:  # from a worker process (E510 there) it arrives whole, not as an unknown code
        return (_rebuilt, (type(self), str(self.code), self.fmt))


def _rebuilt(cls: type, code: str, fmt: dict[str, object]) -> EventwireError:
    return cls(code, **fmt)
