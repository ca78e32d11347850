"""Export conformance: what each format writes is exactly its documented field list.

docs/formats.md documents every format in tables whose cells name the fields in
backticks; these tests read those tables and compare them, in order and with
nothing more or less, with the header or keys each exporter writes, and with
the field lists of the formats themselves (GDELT's 61-column event table,
ACLED's export columns), written out in tests/export/conftest.py apart from
the exporters.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import duckdb
import pytest

from eventwire.db import Eventwire
from eventwire.export import export_events
from eventwire.export.acled import COLUMNS as ACLED_EXPORT_COLUMNS
from eventwire.export.gdelt import columns as gdelt_columns
from eventwire.export.tables import CSV_COLUMNS

FORMATS_MD = Path(__file__).resolve().parents[2] / "docs" / "formats.md"


def doc_table(heading: str) -> list[list[str]]:
    """The cells of the first table under the heading line that starts with ``heading`` (header row left out)."""
    lines = FORMATS_MD.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading))
    rows: list[list[str]] = []
    for line in lines[start + 1:]:
        if line.startswith("#"):
            break
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif rows:
            break
    assert len(rows) > 2, f"no table under {heading!r} in docs/formats.md"
    return rows[2:]  # past the header and the |---| line


def doc_fields(heading: str, column: int = 0) -> list[str]:
    """The field names a documented table gives in one column, in order (backticked names; a cell may give several)."""
    return [name for row in doc_table(heading) for name in re.findall(r"`([^`]+)`", row[column])]


def test_doc_reader_reads_tables_exactly():
    assert doc_fields("### PLOVER citation object")[:2] == ["url", "title"]
    assert doc_fields("## ACLED-style CSV")[-1] == "timestamp"


@pytest.fixture(scope="module")
def exported(located_store, tmp_path_factory):
    """Every format written once from the located test store (all modalities, so every event is there)."""
    folder = tmp_path_factory.mktemp("conformance")
    with Eventwire(located_store, read_only=True) as ew:
        for fmt, name in (("plover", "e.jsonl"), ("gdelt", "e.tsv"), ("acled", "e.csv"), ("csv", "flat.csv"),
                          ("parquet", "pq")):
            export_events(ew, fmt, folder / name, modality="any")
    return folder


def test_plover_record_fields_are_the_documented_ones_in_order(exported):
    documented = doc_fields("## PLOVER JSONL")
    records = [json.loads(line) for line in (exported / "e.jsonl").read_text().splitlines()]
    assert records
    for r in records:
        assert list(r) == [f for f in documented if f != "enddate" or "enddate" in r]
        assert list(r["cite_info"]) == doc_fields("### PLOVER citation object")
        assert list(r["text_info"]) == ["sequence"]
    actors = doc_fields("### PLOVER actor object")
    strike = next(r for r in records if r["event"] == ["ASSAULT"] and r["event_loc"])
    assert list(strike["actor"][0]) == [k for k in actors if k not in ("identifier_id", "office")]  # the two not known
    assert list(strike["event_loc"]) == doc_fields("### PLOVER location object")  # every key known for Gaza City
    for r in records:
        for actor in r["actor"] + r["recipient"]:
            assert set(actor) <= set(actors)


def test_plover_schema_names_the_documented_fields():
    schema = json.loads((Path(__file__).resolve().parents[2] / "src/eventwire/export/plover.schema.json").read_text())
    assert list(schema["properties"]) == doc_fields("## PLOVER JSONL")
    assert list(schema["$defs"]["actor"]["properties"]) == doc_fields("### PLOVER actor object")
    assert list(schema["$defs"]["location"]["properties"]) == doc_fields("### PLOVER location object")
    assert list(schema["properties"]["cite_info"]["properties"]) == doc_fields("### PLOVER citation object")


def test_gdelt_columns_are_the_documented_and_official_ones(exported, gdelt_official):
    official = [name for name, _ in gdelt_official]
    assert len(official) == 61
    assert doc_fields("## GDELT 2.0 event table", column=1) == official
    assert [name for name, _ in gdelt_columns()] == official
    assert [t for _, t in gdelt_columns()] == [t for _, t in gdelt_official]
    numbered = []
    for row in doc_table("## GDELT 2.0 event table"):
        first, _, last = row[0].partition("-")
        numbered += [int(n) for n in range(int(first), int(last or first) + 1)]
    assert numbered == list(range(1, 62))  # the documented numbers are the columns' places
    lines = (exported / "e.tsv").read_text().splitlines()
    assert lines and all(len(line.split("\t")) == 61 for line in lines)


def test_acled_header_is_acleds_export_columns(exported, acled_official):
    with (exported / "e.csv").open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header == acled_official
    assert list(ACLED_EXPORT_COLUMNS) == acled_official
    assert doc_fields("## ACLED-style CSV") == acled_official


def test_csv_header_is_the_documented_one(exported):
    documented = doc_fields("## CSV (`--format csv`)")
    with (exported / "flat.csv").open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header == documented == list(CSV_COLUMNS)
    assert "article_url" in header


def test_parquet_columns_are_the_csv_ones_and_data(exported):
    folder = exported / "pq"
    cols = duckdb.connect().sql(
        f"SELECT * FROM read_parquet('{folder}/*/*.parquet', hive_partitioning=true) LIMIT 0").columns
    assert cols == doc_fields("## CSV (`--format csv`)") + ["data", "month"]
