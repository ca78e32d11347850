"""Flat exports: CSV (one row per event) and Parquet partitioned by month.

Both carry the store's flat event columns plus the article's outlet, URL,
title and publication date (``article_url`` among them: an exported event
can always be traced to its report). The CSV writes CAMEO codes as text
(``'020``, see ``text_code``), as a CSV has no types. Parquet also keeps the
whole event as JSON (``data``) so nothing is lost, and is written through an in-memory DuckDB
(``COPY ... PARTITION_BY (month)``), one folder per month (``month=2024-05``;
events without a date go to ``month=unknown``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any

import duckdb

from ..store.schema import EVENT_COLUMNS
from .registry import exporter
from .rows import Row, SourceIndex, csv_writer

ARTICLE_FIELDS = ("article_source", "article_url", "article_title", "article_published")
CSV_COLUMNS = EVENT_COLUMNS + ARTICLE_FIELDS
#: DuckDB types of the Parquet columns (everything not listed is VARCHAR)
TYPES = {
    "sentence_index": "INTEGER", "quad_class": "INTEGER", "goldstein": "DOUBLE", "day": "DATE",
    "geonameid": "BIGINT", "latitude": "DOUBLE", "longitude": "DOUBLE", "confidence": "DOUBLE",
    "article_published": "DATE",
}
PARQUET_COLUMNS = CSV_COLUMNS + ("data",)
#: codes whose leading zeros are part of them ("020"): written as text in the CSV (``text_code``)
TEXT_CODES = ("cameo", "cameo_root")
#: what marks a code cell as text: a spreadsheet's text prefix, which no CSV reader takes for a number
TEXT_MARK = "'"
BATCH = 20000


def text_code(value: Any) -> str:
    """A code written so that every CSV reader keeps it as text with its leading zeros: ``'020``.
    Quoting is not enough (pandas' ``read_csv`` turns a quoted "020" into the number 20); the
    mark is the spreadsheet text prefix (strip it with ``.str.lstrip("'")``). Empty stays empty."""
    return "" if value in (None, "") else TEXT_MARK + str(value)


def csv_values(row: Row) -> list[Any]:
    """The CSV cells of one event: CSV_COLUMNS, unknown values empty, codes as text."""
    return [text_code(row.get(c)) if c in TEXT_CODES else ("" if row.get(c) is None else row.get(c))
            for c in CSV_COLUMNS]


@exporter("csv", suffix=".csv", description="", title="CSV", order=50)
def write_csv(rows, out: IO[str], sources: SourceIndex | None = None) -> tuple[int, int]:
    """One row per event under a header; none is skipped (modality is a column). Returns (written, 0).
    Text cells a spreadsheet would run as a formula get a ``'`` in front (``rows.spreadsheet_safe``)."""
    writer = csv_writer(out)
    writer.writerow(CSV_COLUMNS)
    written = 0
    for row in rows:
        writer.writerow(csv_values(row))
        written += 1
    return written, 0


def _values(row: Row) -> list[Any]:
    values = [row.get(c) for c in CSV_COLUMNS]
    return values + [json.dumps(row["data"], ensure_ascii=False)]


@exporter("parquet", suffix=".parquet", description="folder, by month", title="Parquet", folder=True, order=40)
def write_parquet(rows, folder: Path, sources: SourceIndex | None = None) -> tuple[int, int]:
    """Write ``folder/month=YYYY-MM/*.parquet``; returns (written, 0)."""
    con = duckdb.connect()
    try:
        types = [TYPES.get(c, "VARCHAR") for c in PARQUET_COLUMNS]
        con.execute(
            "CREATE TABLE export (" + ", ".join(f'"{c}" {t}' for c, t in zip(PARQUET_COLUMNS, types)) + ")"
        )
        selects = ", ".join(
            f"unnest(?::VARCHAR[])::{t}" if t == "DATE" else f"unnest(?::{t}[])" for t in types
        )
        written = 0
        batch: list[list[Any]] = []

        def flush() -> None:
            if batch:
                con.execute(f"INSERT INTO export SELECT {selects}", [list(col) for col in zip(*batch)])
                batch.clear()

        for row in rows:
            batch.append(_values(row))
            written += 1
            if len(batch) >= BATCH:
                flush()
        flush()
        folder.mkdir(parents=True, exist_ok=True)
        con.execute(
            "COPY (SELECT *, coalesce(strftime(day, '%Y-%m'), 'unknown') AS month FROM export ORDER BY day, id) "
            f"TO '{_sql_path(folder)}' (FORMAT parquet, PARTITION_BY (month), OVERWRITE_OR_IGNORE true)"
        )
        return written, 0
    finally:
        con.close()


def _sql_path(path: Path) -> str:
    """COPY takes no parameter for its target: quote the path as an SQL string literal."""
    return str(path).replace("'", "''")
