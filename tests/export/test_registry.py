"""Export formats are a registry: a format registered from outside the package is listed by the
CLI (choices and help, generated from the registry) and exports end to end, like a built-in one."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.db import Eventwire
from eventwire.export import export_events, exporter, exporters, get_exporter
from eventwire.export.registry import unregister_exporter
from eventwire.export.rows import write_records
from eventwire.store.filters import EventFilter

runner = CliRunner()
WIDE = {"COLUMNS": "250"}


@pytest.fixture()
def ids_format():
    """A format defined here, as a new module in eventwire/export/ would define it."""

    @exporter("ids", suffix=".txt", description="one event id a line", title="a list of event ids", order=60)
    def write_ids(rows, out, sources):
        return write_records(rows, sources, lambda row, _: row["id"], lambda event_id: out.write(event_id + "\n"))

    yield write_ids
    unregister_exporter("ids")


def test_built_in_formats_in_their_order():
    assert [e.name for e in exporters()] == ["plover", "gdelt", "acled", "parquet", "csv"]
    assert [e.name for e in exporters() if e.asserted_only] == ["plover", "gdelt", "acled"]
    assert [e.name for e in exporters() if e.folder] == ["parquet"]
    with pytest.raises(ValueError):
        get_exporter("xml")


def test_cli_help_is_generated_from_the_registry():
    text = runner.invoke(app, ["export", "--help"], env=WIDE).output
    assert "<plover|gdelt|acled|parquet|csv>" in text
    assert "plover (JSONL), gdelt (61-column TSV), acled (CSV), parquet (folder, by month) or csv." in text
    assert "Default: asserted for plover/gdelt/acled, any for parquet/csv." in text
    assert "File to write (a folder for parquet). Default: stdout." in text
    assert "Export events as PLOVER JSONL, a GDELT 2.0 event table, ACLED-style CSV, Parquet or CSV." in text


def test_a_registered_format_is_listed_and_exports_end_to_end(ids_format, located_store, tmp_path):
    text = runner.invoke(app, ["export", "--help"], env=WIDE).output
    assert "<plover|gdelt|acled|parquet|csv|ids>" in text
    assert "csv or ids (one event id a line)." in text
    assert "any for parquet/csv/ids" in text
    assert "Parquet, CSV or a list of event ids." in runner.invoke(app, ["--help"], env=WIDE).output

    out = tmp_path / "events.txt"
    result = runner.invoke(app, ["export", "-f", "IDS", "--out", str(out), "--db", str(located_store)])
    assert result.exit_code == 0, result.output
    with Eventwire(located_store, read_only=True) as ew:
        every = [r["id"] for r in ew.iter_events(EventFilter())]  # not asserted-only: every modality
        assert export_events(ew, "ids", tmp_path / "again.txt").written == len(every)
    assert out.read_text().split() == every
    assert f"exported {len(every)} events as ids to {out}" in " ".join(result.output.split())


def test_an_unregistered_format_is_gone(ids_format):
    unregister_exporter("ids")
    assert "ids" not in runner.invoke(app, ["export", "--help"], env=WIDE).output
    assert runner.invoke(app, ["export", "-f", "ids"]).exit_code == 2
