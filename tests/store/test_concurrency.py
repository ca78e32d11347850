"""DuckDB's one-writer rule, designed for: readers keep being served while an ingest
writes, a second ingest is refused with a clear message, and a full disk is a clear
error that leaves the store as it was."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from eventwire.db import Eventwire
from eventwire.web.app import create_app

LOCAL = "http://127.0.0.1"  # a server without a token answers loopback names only

ROOT = Path(__file__).resolve().parents[2]
TOPICS = [
    ("Armenian and Azerbaijani troops exchanged fire near the border village of {v} on {d}, officials said.",
     "The defence ministry in Baku accused Armenia of shelling positions near {v}."),
    ("Police detained {n} protesters in Tbilisi on {d} after a rally outside parliament.",
     "The interior ministry said the protesters had blocked the main avenue near {v}."),
    ("A UN convoy carrying food crossed into Darfur from Chad on {d}, aid officials said.",
     "The World Food Programme said {n} trucks reached {v} despite heavy rain."),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def corpus(folder: Path, n: int, start: int = 0) -> Path:
    """``n`` distinct short articles (different places and numbers, so none is a near-duplicate);
    corpora with different ``start`` numbers share none."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        first, second = TOPICS[i % len(TOPICS)]
        fill = {"v": f"Village{i}", "d": DAYS[i % 5], "n": 10 + i}
        text = (f"Report number {i} from the region\n\n{first.format(**fill)}\n\n{second.format(**fill)}\n\n"
                f"Residents of Village{i} said {i * 7 % 97} families had left and {i * 13 % 89} had returned.")
        (folder / f"{i:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def ingest_process(db: Path, source: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "eventwire.cli", "ingest", str(source), "--db", str(db), "-q", "--workers", "1",
         "--batch-size", "8", "--date", "2024-05-06", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )


def wait_for(predicate, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def test_the_web_ui_keeps_answering_while_an_ingest_writes(tmp_path):
    db = tmp_path / "live.duckdb"
    with Eventwire(db) as ew:
        ew.ingest([str(corpus(tmp_path / "first", 6))], date="2024-05-06", workers=1)
    client = TestClient(create_app(db), raise_server_exceptions=False, base_url=LOCAL)
    writer = ingest_process(db, corpus(tmp_path / "more", 120))
    statuses: list[int] = []
    try:
        while writer.poll() is None:
            for url in ("/api/stats", "/api/events?limit=5", "/", "/events"):
                statuses.append(client.get(url).status_code)
    finally:
        out, err = writer.communicate(timeout=300)
    assert writer.returncode == 0, err
    assert len(statuses) >= 20, "the ingest ended before the server was asked anything"
    assert set(statuses) == {200}, f"{statuses.count(503)} busy answers, others {set(statuses) - {200, 503}}"
    with Eventwire(db, read_only=True) as ew:
        assert ew.stats()["articles"] == 120  # the first six were there already


def _serve(db: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    import socket

    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "eventwire.cli", "serve", "--db", str(db), "--port", str(port), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/api/stats", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError(f"eventwire serve did not start: {proc.stdout.read()}")


def test_an_ingest_gets_its_turn_while_six_clients_reload_the_overview(tmp_path):
    """Overlapping read-only connections never left the writer a gap (E400 after 60 s): readers now
    wait while a writer waits, so the ingest finishes, and the clients are answered throughout."""
    import httpx

    db = tmp_path / "busy.duckdb"
    with Eventwire(db) as ew:
        ew.ingest([str(corpus(tmp_path / "first", 8))], date="2024-05-06", workers=1)
    server, url = _serve(db, "--no-cache")  # no answer cache: every reload opens the store
    stop = threading.Event()
    statuses: list[int] = []

    def reload() -> None:
        with httpx.Client(base_url=url, timeout=60) as http:
            while not stop.is_set():
                statuses.append(http.get("/overview").status_code)

    clients = [threading.Thread(target=reload) for _ in range(6)]
    try:
        for t in clients:
            t.start()
        wait_for(lambda: len(statuses) >= 12)
        writer = ingest_process(db, corpus(tmp_path / "more", 30, start=8), "--batch-size", "6")
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err[-2000:]
        stop.set()
        for t in clients:
            t.join(timeout=120)
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
    assert len(statuses) >= 30
    assert set(statuses) == {200}, f"{statuses.count(503)} busy answers, others {set(statuses) - {200, 503}}"
    with Eventwire(db, read_only=True) as ew:
        assert ew.stats()["articles"] == 38  # nothing lost, nothing twice


def test_a_second_ingest_into_the_same_store_is_refused(tmp_path):
    db = tmp_path / "one.duckdb"
    first = ingest_process(db, corpus(tmp_path / "a", 80))
    wait_for(lambda: db.exists() and Path(f"{db}.ingest.lock").exists())
    time.sleep(1.0)
    second = ingest_process(db, corpus(tmp_path / "b", 3))
    _, err = second.communicate(timeout=300)
    first.communicate(timeout=300)
    assert first.returncode == 0
    assert second.returncode == 1 and "E406" in err and "another ingest" in err and "Traceback" not in err
    with Eventwire(db, read_only=True) as ew:
        assert ew.stats()["articles"] == 80


FILL_THE_DISK = textwrap.dedent("""
    import resource, signal, sys
    from eventwire.db import Eventwire
    from eventwire.errors import EventwireError
    from eventwire.pipeline.worker import warm_up
    from eventwire.clean.language import detect_language

    warm_up()  # the models load (and write their temp files) before the disk is "full"
    detect_language("The ministers met in Geneva on Monday to talk about the ceasefire.")
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
    limit = int(sys.argv[2])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        with Eventwire(sys.argv[1]) as ew:
            ew.ingest([sys.argv[3]], workers=1, batch_size=64)
    except EventwireError as exc:
        print(exc)
        sys.exit(1)
""")


@pytest.mark.slow
def test_a_full_disk_is_a_clear_error_and_the_store_keeps_what_it_had(tmp_path):
    """A file size limit (RLIMIT_FSIZE) stands in for a full disk: writes past it fail with EFBIG."""
    db = tmp_path / "small.duckdb"
    with Eventwire(db) as ew:
        ew.ingest([str(corpus(tmp_path / "first", 5))], date="2024-05-06", workers=1)
        before = sorted(r["id"] for r in ew.articles(limit=None))
    limit = 256 * 1024  # the write-ahead log of one batch of 64 articles is larger
    proc = subprocess.run([sys.executable, "-c", FILL_THE_DISK, str(db), str(limit), str(corpus(tmp_path / "more", 300))],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "E402" in proc.stdout and str(db) in proc.stdout
    with Eventwire(db, read_only=True) as ew:  # opens, and holds no partial batch
        after = sorted(r["id"] for r in ew.articles(limit=None))
        orphans = ew.store.con.execute(
            "SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = e.article_id)"
        ).fetchone()[0]
    assert set(before) <= set(after) and (len(after) - len(before)) % 64 == 0  # whole batches only
    assert orphans == 0
