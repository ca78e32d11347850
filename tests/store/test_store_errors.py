"""Each way a store can be unusable has its own code and message: damaged (E407), not a database
(E408), another program's database (E409), an older schema (migrated, or E410 naming the command),
busy (E400), read-only (E401); and the CLI and the web say so in one line, never with a traceback
or "locked by another process" for what is not a lock."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eventwire.cli import app as cli
from eventwire.errors import EventwireError
from eventwire.pipeline.batch import Batch
from eventwire.pipeline.worker import StageOutput
from eventwire.store import DuckDBStore, open_store
from eventwire.store.schema import MIGRATIONS, SCHEMA_VERSION
from eventwire.web.app import create_app

LOCAL = "http://127.0.0.1"
ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def small_store(path: Path, located_events) -> Path:
    articles, events = located_events()
    with DuckDBStore(path) as store:
        store.write_batch(Batch(articles, stages=StageOutput(events, [(a.id, None, 0) for a in articles])))
    return path


def code_of(path: Path, *, read_only: bool) -> str:
    with pytest.raises(EventwireError) as info:
        store = open_store(path, read_only=read_only)
        try:
            store.stats()
            store.query_articles(limit=None)
        except store.errors as exc:
            raise store.translate_error(exc) from exc
        finally:
            store.close()
    return info.value.code


def test_a_damaged_store_is_e407_not_a_lock(tmp_path, located_events):
    path = small_store(tmp_path / "damaged.duckdb", located_events)
    data = bytearray(path.read_bytes())
    for offset in range(12288, len(data), 4096):  # past the file headers: every data page damaged
        data[offset + 64 : offset + 192] = b"\xa5" * 128
    path.write_bytes(bytes(data))
    assert code_of(path, read_only=True) == "E407"
    started = time.monotonic()
    assert code_of(path, read_only=False) == "E407"
    assert time.monotonic() - started < 10  # not 60 s of waiting for a "lock"
    result = runner.invoke(cli, ["articles", "--db", str(path)])
    assert result.exit_code == 1 and "E407" in result.output and "Traceback" not in result.output
    client = TestClient(create_app(path, cache=False), base_url=LOCAL, raise_server_exceptions=False)
    r = client.get("/api/stats")
    assert r.status_code == 500 and r.json()["error"]["code"] == "E407"  # not 503 (busy) forever


@pytest.mark.parametrize("content", [b"", b"not a database " * 1000])
def test_a_file_that_is_not_a_database_is_e408(tmp_path, content):
    path = tmp_path / "odd.duckdb"
    path.write_bytes(content)
    assert code_of(path, read_only=True) == "E408"
    assert code_of(path, read_only=False) == "E408"
    assert path.read_bytes() == content  # left as it was


def test_another_programs_duckdb_file_is_e409_and_left_alone(tmp_path):
    path = tmp_path / "theirs.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE articles (x INTEGER)")
    con.execute("CREATE TABLE meta (k VARCHAR)")
    con.execute("INSERT INTO articles VALUES (1)")
    con.close()
    for read_only in (True, False):
        assert code_of(path, read_only=read_only) == "E409"
    con = duckdb.connect(str(path), read_only=True)
    tables = sorted(r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall())
    con.close()
    assert tables == ["articles", "meta"]
    result = runner.invoke(cli, ["ingest", "--db", str(path), str(tmp_path / "nothing.txt")])
    assert result.exit_code == 1 and "E409" in result.output and "articles, meta" in result.output


def _older_store(path: Path, version: int) -> None:
    """A store as an eventwire of schema ``version`` left it, with one article."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    for number, statements in MIGRATIONS:
        if number <= version:
            for sql in statements:
                con.execute(sql)
    con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [str(version)])
    con.execute("INSERT INTO articles (id, text, seq, ingested_at) VALUES ('abc123', 'Old text.', 1, now())")
    con.close()


def test_an_older_store_is_refused_read_only_with_the_command_and_migrated_for_writing(tmp_path):
    path = tmp_path / "old.duckdb"
    _older_store(path, 3)
    assert code_of(path, read_only=True) == "E410"
    result = runner.invoke(cli, ["articles", "--db", str(path)])
    assert result.exit_code == 1 and "E410" in result.output and "eventwire migrate" in result.output
    client = TestClient(create_app(path, cache=False), base_url=LOCAL, raise_server_exceptions=False)
    r = client.get("/api/stats")
    assert r.status_code == 500 and "eventwire migrate" in r.json()["error"]["message"]
    result = runner.invoke(cli, ["migrate", "--db", str(path)])
    assert result.exit_code == 0 and f"schema version {SCHEMA_VERSION}" in result.output
    with open_store(path, read_only=True) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert [a["id"] for a in store.query_articles()] == ["abc123"]  # nothing lost


def test_serve_migrates_an_older_store_before_serving(tmp_path):
    from eventwire.cli.serve import _ready

    path = tmp_path / "old.duckdb"
    _older_store(path, 4)
    _ready(str(path))
    with open_store(path, read_only=True) as store:
        assert store.schema_version() == SCHEMA_VERSION and store.stats()["articles"] == 1


HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(60)
"""


def test_a_store_held_by_another_process_is_e400_after_the_wait(tmp_path, located_events, monkeypatch):
    path = small_store(tmp_path / "held.duckdb", located_events)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        monkeypatch.setenv("EVENTWIRE_LOCK_WAIT", "0.5")
        assert code_of(path, read_only=False) == "E400"
        assert code_of(path, read_only=True) == "E400"
    finally:
        holder.kill()
        holder.wait()


@contextmanager
def as_nobody():
    if os.geteuid() != 0:
        yield
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_a_store_in_a_folder_nobody_may_write_is_e401(located_events):
    root = Path(tempfile.mkdtemp(prefix="eventwire-ro-"))
    try:
        path = small_store(root / "ro.duckdb", located_events)
        path.chmod(0o444)
        root.chmod(0o555)
        with as_nobody():
            assert code_of(path, read_only=False) == "E401"
            with open_store(path, read_only=True) as store:  # reading it is fine
                assert store.stats()["articles"] == 3
    finally:
        root.chmod(0o755)
        shutil.rmtree(root, ignore_errors=True)
