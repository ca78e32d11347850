"""The store logic, written once for every backend (DuckDB, PostgreSQL).

Every ingest batch is written in one transaction, so a killed ingest loses at
most the batch in flight; ids are content hashes and inserts skip existing
rows, so rerunning completes the work without duplicates.

A backend subclass only says how to connect, how to name a few types in
DDL, how to take the write lock, and how to turn its errors into ours; the
SQL here (and in the mixins) is the portable subset both engines accept,
with ``?`` placeholders (the PostgreSQL connection rewrites them).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import Errors, EventwireError
from ..model import Article, Count, Event, PlaceMention, stable_id, to_dict
from .across import AcrossArticlesMixin, paged
from .explore import ExploreQueries
from .filters import EventFilter
from .schema import EVENT_COLUMNS, MIGRATIONS, SCHEMA_VERSION
from .story_views import StoryViews

if TYPE_CHECKING:
    from ..pipeline.batch import Batch

ARTICLE_COLUMNS = (
    "id", "url", "source", "title", "author", "published", "published_precision",
    "published_basis", "dateline_place", "language", "language_confidence", "format",
    "raw_ref", "text", "headings", "duplicate_of", "duplicate_similarity",
)
ARTICLE_TYPES = (
    "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "DATE", "VARCHAR",
    "VARCHAR", "VARCHAR", "VARCHAR", "DOUBLE", "VARCHAR",
    "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "DOUBLE",
)
EVENT_TYPES = (
    "VARCHAR", "VARCHAR", "INTEGER", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "INTEGER",
    "DOUBLE", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR",
    "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "DATE",
    "VARCHAR", "VARCHAR", "VARCHAR", "BIGINT", "DOUBLE", "DOUBLE",
    "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "DOUBLE",
)


def _version(row: Sequence[Any] | None) -> int:
    """The schema version in a ``meta`` row (0: none, or not a number: not an eventwire store)."""
    try:
        return int(row[0]) if row else 0
    except (TypeError, ValueError):
        return 0


def _joined(values: Iterable[str | None]) -> str | None:
    kept = [v for v in values if v]
    return "; ".join(dict.fromkeys(kept)) if kept else None


def event_row(ev: Event) -> list[Any]:
    """Flat columns of one event; several actors are joined with '; '."""
    first = ev.evidence[0] if ev.evidence else None
    loc = ev.location
    day = None
    if ev.date:
        parts = ev.date.split("-")
        if len(parts) == 2 and parts[0].isdigit() and parts[1][:1] == "W" and parts[1][1:].isdigit():
            day = date.fromisocalendar(int(parts[0]), int(parts[1][1:]), 1).isoformat()  # week: its Monday
        elif len(parts) >= 2 and parts[1].isdigit():
            day = f"{parts[0]}-{parts[1]}-{parts[2] if len(parts) > 2 and parts[2].isdigit() else '01'}"
        elif parts[0].isdigit():
            day = f"{parts[0]}-01-01"
    return [
        ev.id, first.article_id if first else None, first.sentence_index if first else None,
        ev.event, ev.mode, ev.cameo, ev.cameo_root, ev.quad_class, ev.goldstein, ev.acled_type,
        ev.acled_subtype, ev.modality, ev.attribution,
        _joined(a.text for a in ev.actor), _joined(a.code for a in ev.actor), _joined(a.sector for a in ev.actor),
        _joined(a.text for a in ev.recipient), _joined(a.code for a in ev.recipient),
        _joined(a.sector for a in ev.recipient),
        ev.date, day, ev.date_precision, ev.date_basis,
        loc.name if loc else None, loc.geonameid if loc else None, loc.latitude if loc else None,
        loc.longitude if loc else None, loc.country if loc else None, loc.admin1 if loc else None,
        ev.location_basis, first.sentence if first else None, ev.confidence,
    ]


FIGURE_COLUMNS = (
    "id", "article_id", "sentence_index", "kind", "number", "qualifier", "text", "source", "anonymous", "outlet",
)
FIGURE_TYPES = ("VARCHAR", "VARCHAR", "INTEGER", "VARCHAR", "BIGINT", "VARCHAR", "VARCHAR", "VARCHAR", "BOOLEAN", "VARCHAR")
PLACE_COLUMNS = (
    "id", "article_id", "sentence_index", "start_char", "end_char", "text", "name", "geonameid", "latitude",
    "longitude", "country", "admin1", "feature", "recogniser", "confidence",
)
PLACE_TYPES = (
    "VARCHAR", "VARCHAR", "INTEGER", "INTEGER", "INTEGER", "VARCHAR", "VARCHAR", "BIGINT", "DOUBLE", "DOUBLE",
    "VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "DOUBLE",
)


def figure_row(article_id: str, sentence_index: int, c: Count) -> list[Any]:
    return [
        stable_id(article_id, str(sentence_index), c.kind, c.text, str(c.number)), article_id, sentence_index,
        c.kind, c.number, c.qualifier, c.text, c.source, c.anonymous, c.outlet,
    ]


def place_row(m: PlaceMention) -> list[Any]:
    p = m.place
    return [
        stable_id(m.article_id or "", str(m.start), str(m.end)), m.article_id, m.sentence_index, m.start, m.end,
        m.text, p.name, p.geonameid, p.latitude, p.longitude, p.country, p.admin1, p.feature, m.recogniser,
        m.confidence,
    ]


#: columns shown when listing (the text is left out)
LIST_COLUMNS = tuple(c for c in ARTICLE_COLUMNS if c not in ("text", "headings"))


class Rows(list):
    """A listing's rows (a list of dicts) with ``total``, how many rows match in all: more than
    ``offset + len(rows)`` when the listing was cut at its limit."""

    total: int = 0


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class SQLStore(AcrossArticlesMixin, ExploreQueries, StoryViews):
    """Articles, events, stories and ingest runs; the backend supplies ``con``.

    ``con`` has ``execute(sql, params)`` returning a cursor-like object
    (``fetchone``/``fetchall``/``fetchmany``/``description``) and ``cursor()``.
    """

    backend: ClassVar[str] = "sql"
    #: only one ingest writes the store at a time (see ``BatchStore.sole_writer``)
    sole_writer: ClassVar[bool] = False
    #: the backend's own exception base class(es), translated by ``translate_error``
    errors: ClassVar[tuple[type[BaseException], ...]] = ()
    con: Any
    path: str  # where the store is, for messages (passwords never included)
    read_only: bool

    # --- backend hooks ---------------------------------------------------------------
    def translate_error(self, exc: BaseException) -> EventwireError:
        return EventwireError(Errors.E411, detail=f"{self.path}: {str(exc).splitlines()[0] if str(exc) else exc}")

    def foreign_tables(self) -> list[str]:
        """Tables of another program where eventwire finds no store of its own (see ``_check_version``);
        none by default: a PostgreSQL database may hold other programs' tables beside ours."""
        return []

    def sql_type(self, name: str) -> str:
        """A column type of our DDL and bulk inserts in this backend's spelling."""
        return name

    def ddl(self, sql: str) -> str:
        return sql

    def backend_setup(self, version: int) -> list[str]:
        """Extra statements a backend runs with migration ``version`` (compatibility functions)."""
        return []

    def lock_for_writing(self) -> None:
        """Serialise writers inside the current transaction (a no-op where one writer is the rule)."""

    def release(self) -> None:
        """Between batches: let other processes use the store (a no-op where they always can)."""

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Reads that need not keep other processes out (as they are, where readers are never kept out)."""
        yield

    # --- lifecycle -------------------------------------------------------------
    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "SQLStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        """The version in ``meta`` (0: no eventwire store here; a ``meta`` table of another program counts as none)."""
        ours = self.con.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'meta' "
            "AND table_schema = current_schema() AND column_name IN ('key', 'value')"
        ).fetchone()[0]
        if ours < 2:
            return 0
        return _version(self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone())

    def _check_version(self) -> None:
        """Refuse what this eventwire cannot read or must not write: a newer store (E403), another
        program's database (E409), an empty one or an older store opened read-only (E404, E410;
        opened for writing, an empty one becomes a store and an older one is migrated)."""
        found = self.schema_version()
        if found > SCHEMA_VERSION:
            raise EventwireError(Errors.E403, found=found, supported=SCHEMA_VERSION)
        if found == 0:
            others = self.foreign_tables()
            if others:
                shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
                raise EventwireError(Errors.E409, path=self.path, tables=shown)
            if self.read_only:
                raise EventwireError(Errors.E404, detail=f"store {self.path} has no eventwire tables "
                                     "(run `eventwire ingest` first)")
        elif found < SCHEMA_VERSION and self.read_only:
            raise EventwireError(Errors.E410, found=found, supported=SCHEMA_VERSION, path=self.path)
        self._read_version = found if self.read_only else None

    def version_read(self) -> int:
        """The schema version, looked up once per connection of a read-only store
        (nothing can migrate it meanwhile), every time for a writable one."""
        known = getattr(self, "_read_version", None)
        return known if known is not None else self.schema_version()

    def _migrate(self) -> None:
        with self.transaction():
            self._check_version()
            self.con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
            current = self.schema_version()
            for version, statements in MIGRATIONS:
                if version <= current:
                    continue
                for sql in [*statements, *self.backend_setup(version)]:
                    self.con.execute(self.ddl(sql))
                self.con.execute(
                    "INSERT INTO meta VALUES ('schema_version', ?) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [str(version)],
                )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction holding the writers' lock; re-entrant (an inner one joins it).

        Any failure, ours or the database's, rolls everything back.
        """
        if getattr(self, "_in_transaction", False):
            yield
            return
        self._in_transaction = True
        try:
            self.con.execute("BEGIN TRANSACTION")
            self.lock_for_writing()
            yield
            self.con.execute("COMMIT")
        except BaseException as exc:
            try:
                self.con.execute("ROLLBACK")
            except self.errors:
                pass
            if self.errors and isinstance(exc, self.errors):
                raise self.translate_error(exc) from exc
            raise
        finally:
            self._in_transaction = False

    # --- writing -----------------------------------------------------------------
    def existing_ids(self, ids: Sequence[str]) -> set[str]:
        if not ids:
            return set()
        rows = self.con.execute(
            "SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [list(ids)]
        ).fetchall()
        return {r[0] for r in rows}

    def canonical_signatures(self) -> Iterator[tuple[str, bytes]]:
        cur = self.con.execute(
            "SELECT id, signature FROM articles WHERE duplicate_of IS NULL AND signature IS NOT NULL ORDER BY seq"
        )
        while True:
            rows = cur.fetchmany(5000)
            if not rows:
                return
            yield from ((r[0], bytes(r[1])) for r in rows)

    def write_batch(self, batch: "Batch") -> int:
        """Write one batch atomically; returns how many articles were new.

        Events, merged events, stories and contradictions go in the same
        transaction as their articles, so a killed run never leaves an event
        without its article or a story half rewritten. ``batch.stages.coded``
        lists (article id, skip reason, number of events) for articles that
        went through the event stages; ``batch.stages.event_json`` (when it has
        one entry per event) holds each event already serialised by a worker.
        """
        articles, signatures, refs, problems = batch.articles, batch.signatures, batch.refs, batch.problems
        stages = batch.stages
        events, coded, figures, places = stages.events, stages.coded, stages.figures, stages.places
        event_json = stages.event_json if len(stages.event_json) == len(events) else None
        now = _now()
        with self.transaction():
            before = self._count("articles")
            next_seq = self._next_seq("articles")
            self._insert(
                "articles",
                ARTICLE_COLUMNS + ("signature", "seq", "ingested_at"),
                ARTICLE_TYPES + ("BLOB", "BIGINT", "TIMESTAMP"),
                [
                    [
                        a.id, a.url, a.source, a.title, a.author, a.published, a.published_precision,
                        a.published_basis, a.dateline_place, a.language, a.language_confidence,
                        a.format, a.raw_ref, a.text, json.dumps(a.headings), a.duplicate_of,
                        a.duplicate_similarity, signatures.get(a.id), next_seq + i, now,
                    ]
                    for i, a in enumerate(articles)
                ],
                conflict="(id)",
            )
            self._insert(
                "article_refs", ("article_id", "raw_ref"), ("VARCHAR", "VARCHAR"),
                [list(r) for r in refs if r[1]], conflict="",
            )
            self._insert(
                "problems",
                ("id", "source", "locator", "code", "reason", "seen_at"),
                ("VARCHAR",) * 5 + ("TIMESTAMP",),
                [
                    [stable_id(p.source, p.locator or "", p.code), p.source, p.locator, p.code, p.reason, now]
                    for p in problems
                ],
                conflict="(id)",
            )
            next_event_seq = self._next_seq("events")
            self._insert(
                "events",
                EVENT_COLUMNS + ("seq", "data"),
                EVENT_TYPES + ("BIGINT", "VARCHAR"),
                [
                    event_row(ev) + [
                        next_event_seq + i,
                        event_json[i] if event_json is not None else json.dumps(to_dict(ev), ensure_ascii=False),
                    ]
                    for i, ev in enumerate(events)
                ],
                conflict="(id)",
            )
            self._insert(
                "coded_articles", ("article_id", "skipped", "events"), ("VARCHAR", "VARCHAR", "INTEGER"),
                [list(c) for c in coded], conflict="(article_id)",
            )
            self._insert("figures", FIGURE_COLUMNS, FIGURE_TYPES, [figure_row(*f) for f in figures], conflict="(id)")
            self._insert("article_places", PLACE_COLUMNS, PLACE_TYPES, [place_row(p) for p in places], conflict="(id)")
            if batch.across is not None:
                self._write_merge(batch.across.merge, batch.across.contradictions)
                self._write_stories(batch.across.stories)
            added = self._count("articles") - before
        return added

    def _insert(
        self, table: str, columns: Sequence[str], types: Sequence[str], rows: list[list[Any]], *, conflict: str
    ) -> None:
        """Bulk insert by passing one list per column (executemany is ~250x slower)."""
        if not rows:
            return
        by_column = [list(col) for col in zip(*rows)]
        for i, t in enumerate(types):  # one Python type per list (PostgreSQL arrays need it)
            if t == "DOUBLE":
                by_column[i] = [float(v) if v is not None else None for v in by_column[i]]
        selects = ", ".join(
            f"unnest(?::VARCHAR[])::{t}" if t in ("DATE", "TIMESTAMP") else f"unnest(?::{self.sql_type(t)}[])"
            for t in types
        )
        if "TIMESTAMP" in types:
            for i, t in enumerate(types):
                if t == "TIMESTAMP":
                    by_column[i] = [v.isoformat(sep=" ") if v is not None else None for v in by_column[i]]
        self.con.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {selects} ON CONFLICT {conflict} DO NOTHING",
            by_column,
        )

    def _count(self, table: str) -> int:
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def _next_seq(self, table: str) -> int:
        return int(self.con.execute(f"SELECT coalesce(max(seq), 0) + 1 FROM {table}").fetchone()[0])

    def uncoded_articles(self, limit: int = 1000) -> list[Article]:
        """Canonical articles that have not been through the event stages yet."""
        rows = self._dicts(
            f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles a "
            "WHERE NOT EXISTS (SELECT 1 FROM coded_articles c WHERE c.article_id = a.id) "
            "ORDER BY seq LIMIT ?",
            [limit],
        )
        out = []
        for row in rows:
            row["headings"] = [tuple(h) for h in json.loads(row["headings"] or "[]")]
            out.append(Article(**row))
        return out

    def record_run(self, run_id: str, started: datetime, sources: list[str], summary: dict[str, Any]) -> None:
        self.con.execute(
            "INSERT INTO ingest_runs VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
            [run_id, started, _now(), json.dumps(sources), json.dumps(summary)],
        )

    # --- reading -----------------------------------------------------------------
    def query_articles(
        self,
        *,
        source: str | None = None,
        language: str | None = None,
        since: str | None = None,
        until: str | None = None,
        duplicates: bool | None = None,
        search: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> "Rows":
        where, params = [], []
        if source:
            where.append("source = ?")
            params.append(source)
        if language:
            where.append("language = ?")
            params.append(language)
        if since:
            where.append("published >= CAST(? AS DATE)")
            params.append(since)
        if until:
            where.append("published <= CAST(? AS DATE)")
            params.append(until)
        if duplicates is True:
            where.append("duplicate_of IS NOT NULL")
        elif duplicates is False:
            where.append("duplicate_of IS NULL")
        if search:
            where.append("(title ILIKE ? OR text ILIKE ?)")
            params += [f"%{search}%", f"%{search}%"]
        sql = f"SELECT {', '.join(LIST_COLUMNS)} FROM articles"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return self._listing(sql + " ORDER BY seq", params, limit, offset)

    def get_article(self, id_or_prefix: str) -> dict[str, Any] | None:
        """An article by id, or by an unambiguous id prefix (like git)."""
        row = self._by_id_or_prefix("articles", ", ".join(ARTICLE_COLUMNS), id_or_prefix)
        if row is None:
            return None
        row["headings"] = json.loads(row["headings"] or "[]")
        row["raw_refs"] = [
            r[0] for r in self.con.execute(
                "SELECT raw_ref FROM article_refs WHERE article_id = ? ORDER BY raw_ref", [row["id"]]
            ).fetchall()
        ]
        row["duplicates"] = [
            r[0] for r in self.con.execute(
                "SELECT id FROM articles WHERE duplicate_of = ? ORDER BY seq", [row["id"]]
            ).fetchall()
        ]
        row["figures"] = self._dicts(
            "SELECT sentence_index, kind, number, qualifier, text, source, anonymous, outlet FROM figures "
            "WHERE article_id = ? ORDER BY sentence_index, id", [row["id"]],
        )
        row["places"] = self._dicts(
            "SELECT sentence_index, start_char, end_char, text, name, geonameid, latitude, longitude, country, "
            "admin1, feature, recogniser FROM article_places WHERE article_id = ? ORDER BY start_char", [row["id"]],
        )
        return row

    def query_events(
        self,
        *,
        actor: str | None = None,
        recipient: str | None = None,
        country: str | None = None,
        event: str | None = None,
        quad_class: int | None = None,
        modality: str | None = None,
        since: str | None = None,
        until: str | None = None,
        article: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> "Rows":
        """Event mentions in ingest order, selected by the same ``EventFilter`` as the
        API, pages and exports: ``actor``/``recipient`` match a code exactly or the
        text as a substring; ``country`` matches either side's code or the event's
        location country."""
        cond, params = EventFilter(
            actor=actor, recipient=recipient, country=country, event=event, quad_class=quad_class,
            modality=modality, since=since, until=until, article=article,
        ).where()
        return self._listing(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE {cond} ORDER BY seq", params,
                             limit, offset)

    def get_event(self, id_or_prefix: str) -> dict[str, Any] | None:
        row = self._by_id_or_prefix("events", "data", id_or_prefix)
        return json.loads(row["data"]) if row is not None else None

    def problems(self) -> list[dict[str, Any]]:
        return self._dicts("SELECT source, locator, code, reason FROM problems ORDER BY source, locator", [])

    def stats(self) -> dict[str, Any]:
        total, dups, non_en = self.con.execute(
            "SELECT count(*), count(duplicate_of), count(*) FILTER (WHERE language IS DISTINCT FROM 'en') FROM articles"
        ).fetchone()
        per_source = dict(
            self.con.execute(
                "SELECT coalesce(source, '(unknown)'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC, 1"
            ).fetchall()
        )
        events = self._count("events")
        return {
            "articles": int(total),
            "events": events,
            **self.across_stats(),
            "duplicates": int(dups),
            "non_english": int(non_en),
            "problems": self._count("problems"),
            "per_source": per_source,
        }

    def _by_id_or_prefix(self, table: str, columns: str, id_or_prefix: str) -> dict[str, Any] | None:
        """The row with this id, else the one row whose id starts with it, like git (None: unknown or ambiguous)."""
        rows = self._dicts(f"SELECT {columns} FROM {table} WHERE id = ?", [id_or_prefix])
        if not rows:
            rows = self._dicts(
                f"SELECT {columns} FROM {table} WHERE starts_with(id, ?) ORDER BY id LIMIT 2", [id_or_prefix]
            )
        return rows[0] if len(rows) == 1 else None

    def _listing(self, sql: str, params: list[Any], limit: int | None, offset: int = 0) -> "Rows":
        """The rows of a listing query from ``offset`` on, at most ``limit`` (None or 0: all), with their
        ``total``: counted only when the limit cut the listing (or the offset passed its end)."""
        rows = Rows(self._dicts(*paged(sql, params, limit + 1 if limit else None, offset)))
        cut = bool(limit) and len(rows) > limit
        del rows[limit or len(rows):]
        rows.total = offset + len(rows)
        if cut or (offset and not rows):
            rows.total = int(self.con.execute(f"SELECT count(*) FROM ({sql}) AS listed", params).fetchone()[0])
        return rows

    def _dicts(self, sql: str, params: list[Any]) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params)
        cols = [d[0] for d in cur.description]
        out = []
        for row in cur.fetchall():
            d = dict(zip(cols, row))
            for k, v in d.items():
                if hasattr(v, "isoformat"):
                    d[k] = v.isoformat()
            out.append(d)
        return out
