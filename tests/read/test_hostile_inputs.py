"""Inputs a red-team pass found that stopped a whole ingest: each is now one problem record (or read
correctly), the rest of the input goes on, and no file here is large on disk (they are made by the tests)."""

from __future__ import annotations

import gzip
import io
import json
import os
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.model import Problem, RawDocument
from eventwire.read import ReadOptions, read_file, read_sources
from eventwire.read.decode import decode_bytes
from eventwire.read.jsontext import BigNumber, NotJSON, loads

BODY = "Officials said on Tuesday that the two delegations would meet again in Cairo next week. " * 3
HUGE = "9" * 5000  # more digits than Python turns into an int (sys.get_int_max_str_digits)


def read(*paths, **kw):
    return list(read_sources([str(p) for p in paths], ReadOptions(**kw)))


def docs(items):
    return [i for i in items if isinstance(i, RawDocument)]


def problems(items):
    return [i for i in items if isinstance(i, Problem)]


# --- JSON -------------------------------------------------------------------------------------
def test_json_loader_refuses_nan_and_keeps_huge_numbers_apart():
    with pytest.raises(NotJSON):
        loads('{"id": NaN}')
    with pytest.raises(NotJSON):
        loads("[Infinity]")
    value = loads('{"n": %s, "f": 1e400, "ok": 12}' % HUGE)
    assert isinstance(value["n"], BigNumber) and isinstance(value["f"], BigNumber) and value["ok"] == 12
    assert "5000 digits" in value["n"].describe()


def test_a_5000_digit_number_costs_only_the_field_that_needs_it(tmp_path):
    lines = [
        '{"text": "%s", "title": "Big id", "id": %s}' % (BODY, HUGE),  # an unused field: the record is read
        '{"text": %s}' % HUGE,  # the text itself: that record is a problem
        json.dumps({"text": BODY + " Second.", "title": "fine"}),
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "b.json").write_text("[%s]" % ",".join(lines), encoding="utf-8")
    for name in ("a.jsonl", "b.json"):
        items = read(tmp_path / name)
        assert [d.meta.get("title") for d in docs(items)] == ["Big id", "fine"]
        [p] = problems(items)
        assert p.code == "E107" and "5000 digits" in p.reason


def test_nan_is_not_json(tmp_path):
    (tmp_path / "n.jsonl").write_text('{"text": "%s", "score": NaN}\n{"text": "%s"}\n' % (BODY, BODY + " Two."))
    items = read(tmp_path / "n.jsonl")
    assert len(docs(items)) == 1
    assert [(p.code, p.locator) for p in problems(items)] == [("E105", "line 1")]


def test_escaped_lone_surrogates_make_that_record_a_problem(tmp_path):
    lines = [
        '{"text": "%s bad \\ud800 here"}' % BODY,
        '{"text": "%s", "title": "odd \\udfff title"}' % BODY,
        json.dumps({"text": BODY + " Good one.", "title": "good"}),
    ]
    (tmp_path / "s.jsonl").write_text("\n".join(lines), encoding="utf-8")
    items = read(tmp_path / "s.jsonl")
    assert [d.meta["title"] for d in docs(items)] == ["good"]
    assert [(p.code, p.locator) for p in problems(items)] == [("E117", "line 1"), ("E117", "line 2")]
    assert "\\ud800" in problems(items)[0].reason


# --- feeds ------------------------------------------------------------------------------------
@pytest.mark.parametrize("ref", ["&#xD800;", "&#55296;", "&#x110000;", "&#99999999999999999999999;", "&#x0000DFFF;"])
def test_an_impossible_character_reference_costs_only_its_feed_item(tmp_path, ref):
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Bad {ref} title</title><description>{BODY} bad {ref} here</description></item>
<item><title>Good</title><description>{BODY}</description></item>
</channel></rss>"""
    (tmp_path / "f.rss").write_text(rss, encoding="utf-8")
    items = read(tmp_path / "f.rss")
    assert [d.meta["title"] for d in docs(items)] == ["Good"]
    assert [(p.code, p.locator) for p in problems(items)] == [("E117", "entry 1")]


# --- charsets ---------------------------------------------------------------------------------
LATIN = "Le ministre a déclaré que les négociations reprendront à Genève la semaine prochaine. " * 3


@pytest.mark.parametrize("charset", ["bogus", "x" * 300, "rot13", "base64", "unicode_escape", "utf-8\x00", ""])
def test_an_unknown_or_odd_declared_charset_falls_back_to_detection(charset):
    assert decode_bytes(LATIN.encode("latin-1"), declared=charset) == LATIN


def test_unicode_escape_cannot_smuggle_surrogates():
    data = ("\\ud800 " + LATIN).encode("latin-1")
    assert "\ud800" not in decode_bytes(data, declared="unicode_escape")


def make_warc(records, gz=True) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for uri, ctype, payload in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers))
    return buf.getvalue()


def test_a_warc_record_with_an_unknown_charset_is_read(tmp_path):
    page = f"<html><body><p>{LATIN}</p></body></html>".encode("latin-1")
    (tmp_path / "c.warc.gz").write_bytes(make_warc([
        ("https://x.example/a", "text/html; charset=bogus", page),
        ("https://x.example/b", "text/html; charset=utf-8", f"<p>{BODY}</p>".encode()),
    ]))
    items = read(tmp_path / "c.warc.gz")
    assert not problems(items)
    assert "Genève" in docs(items)[0].content and len(docs(items)) == 2


@contextmanager
def serving(body: bytes, content_type: str):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server name
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/article"
    finally:
        server.shutdown()
        server.server_close()


def test_an_http_answer_with_an_unknown_charset_is_read():
    page = f"<html><body><p>{LATIN}</p></body></html>".encode("latin-1")
    with serving(page, "text/html; charset=bogus") as url:
        [doc] = list(read_sources([url], ReadOptions(fetch_timeout=5)))
    assert isinstance(doc, RawDocument) and "Genève" in doc.content


# --- folders ----------------------------------------------------------------------------------
@contextmanager
def as_nobody():
    """Run the block without root's right to read anything (as uid 65534), so a mode of 000 counts."""
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


@pytest.fixture
def open_tmp():
    """A temporary folder anyone may enter (pytest's own is private to root, which ``as_nobody`` is not)."""
    import shutil
    import tempfile
    from pathlib import Path

    root = Path(tempfile.mkdtemp(prefix="eventwire-read-"))
    root.chmod(0o755)
    yield root
    for path in root.rglob("*"):
        if not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(root, ignore_errors=True)


def test_symlink_loops_long_targets_and_unreadable_archives_in_a_folder(open_tmp):
    folder = open_tmp / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(BODY)
    (folder / "loop").symlink_to(folder / "loop")  # ELOOP
    (folder / "ping").symlink_to(folder / "pong")
    (folder / "pong").symlink_to(folder / "ping")
    (folder / "long").symlink_to("x" * 300)  # ENAMETOOLONG
    (folder / "secret.txt.gz").write_bytes(gzip.compress(BODY.encode()))
    (folder / "secret.warc").write_bytes(make_warc([("https://x.example/a", "text/html", BODY.encode())], gz=False))
    (folder / "secret.warc.gz").write_bytes(make_warc([("https://x.example/a", "text/html", BODY.encode())]))
    (folder / "sub" / "later.txt").write_text(BODY + " Later.")
    locked = folder / "closed"
    locked.mkdir()
    (locked / "inside.txt").write_text(BODY)
    for name in ("secret.txt.gz", "secret.warc", "secret.warc.gz"):
        (folder / name).chmod(0)
    locked.chmod(0)
    for p in (folder, folder / "sub"):
        p.chmod(0o755)
    (folder / "good.txt").chmod(0o644)
    (folder / "sub" / "later.txt").chmod(0o644)
    try:
        with as_nobody():
            items = read(folder)
    finally:
        locked.chmod(0o755)
    found = {os.path.basename(p.source): p.code for p in problems(items)}
    assert found == {"loop": "E119", "ping": "E119", "pong": "E119", "long": "E119", "closed": "E113",
                     "secret.txt.gz": "E113", "secret.warc": "E113", "secret.warc.gz": "E113"}
    assert "symbolic links" in next(p.reason for p in problems(items) if p.source.endswith("loop"))
    assert "too long" in next(p.reason for p in problems(items) if p.source.endswith("long"))
    assert [os.path.basename(d.source) for d in docs(items)] == ["good.txt", "later.txt"]


def test_a_reader_that_fails_costs_only_its_file(tmp_path, monkeypatch):
    import eventwire.read.formats as formats

    (tmp_path / "a.jsonl").write_text(json.dumps({"text": BODY}))
    (tmp_path / "b.txt").write_text(BODY)

    def broken(*args, **kwargs):
        raise RuntimeError("a parser bug a hostile file found")

    monkeypatch.setattr(formats, "loads", broken)
    items = read(tmp_path)
    assert [(os.path.basename(p.source), p.code) for p in problems(items)] == [("a.jsonl", "E118")]
    assert [os.path.basename(d.source) for d in docs(items)] == ["b.txt"]


# --- WARC: bounded work per record -----------------------------------------------------------
def _gzip_stream(head: bytes, filler: bytes, inflated: int) -> bytes:
    """One gzip member: ``head`` then ``filler`` repeated to ``inflated`` bytes, compressed as it goes."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as gz:
        gz.write(head)
        block = filler * (1_000_000 // len(filler))
        for _ in range(inflated // len(block)):
            gz.write(block)
    return buf.getvalue()


def test_a_warc_gz_header_line_without_end_is_refused_quickly(tmp_path):
    data = _gzip_stream(b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://x.example/", b"a", 200_000_000)
    (tmp_path / "endless.warc.gz").write_bytes(data)
    assert len(data) < 500_000  # small on disk, 200 MB inflated, no line end
    started = time.monotonic()
    [p] = read(tmp_path / "endless.warc.gz", max_bytes=1_000_000)
    assert time.monotonic() - started < 10
    assert p.code in ("E109", "E115") and p.locator == "record 1"


def test_a_plain_warc_header_line_without_end_is_refused(tmp_path):
    (tmp_path / "endless.warc").write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nX-Long: " + b"a" * 3_000_000)
    [p] = read(tmp_path / "endless.warc")
    assert p.code == "E109" and "header line" in p.reason


def test_a_non_html_record_that_inflates_without_end_is_reported_not_inflated(tmp_path):
    good = make_warc([("https://x.example/a", "text/html", f"<p>{BODY}</p>".encode())])
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://x.example/big.bin\r\n"
            b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000002>\r\n"
            b"Content-Type: application/http; msgtype=response\r\nContent-Length: 400000100\r\n\r\n"
            b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n")
    bomb = _gzip_stream(head, b"\0", 400_000_000)
    (tmp_path / "bomb.warc.gz").write_bytes(good + bomb + good)
    assert (tmp_path / "bomb.warc.gz").stat().st_size < 1_000_000
    started = time.monotonic()
    items = read(tmp_path / "bomb.warc.gz", max_bytes=1_000_000)
    assert time.monotonic() - started < 20
    assert [d.locator for d in docs(items)] == ["record 1"]
    assert [(p.code, p.locator) for p in problems(items)] == [("E115", "record 2")]


def test_read_file_never_raises(tmp_path):
    path = tmp_path / "x.txt"
    path.symlink_to(path)
    [p] = list(read_file(path, ReadOptions()))
    assert p.code == "E119"
