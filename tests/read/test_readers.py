"""Every reader, format sniffing, and every bad-input case."""

from __future__ import annotations

import gzip
import io
import json
import sys

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.model import Problem, RawDocument
from eventwire.read import JsonFields, ReadOptions, list_inputs, read_sources

BODY = "Officials said on Tuesday that the two delegations would meet again in Cairo next week. " * 3
PAGE = f"<!DOCTYPE html><html><head><title>T</title></head><body><nav>Home</nav><p>{BODY}</p></body></html>"


def read(*paths, **kw):
    return list(read_sources([str(p) for p in paths], ReadOptions(**kw)))


def docs(items):
    return [i for i in items if isinstance(i, RawDocument)]


def problems(items):
    return [i for i in items if isinstance(i, Problem)]


def make_warc(records, gz=True) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for uri, ctype, payload in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers))
    return buf.getvalue()


def test_plain_text(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    [doc] = read(tmp_path / "a.txt")
    assert (doc.content_type, doc.format, doc.content) == ("text", "txt", BODY)


def test_html_and_mislabelled_html(tmp_path):
    (tmp_path / "a.html").write_text(PAGE)
    (tmp_path / "b.txt").write_text(PAGE)
    a, b = read(tmp_path / "a.html", tmp_path / "b.txt")
    assert a.content_type == b.content_type == "html"


def test_jsonl_with_custom_fields_and_a_bad_line(tmp_path):
    lines = [
        json.dumps({"body": BODY, "headline": "H1", "link": "https://x.example/1", "when": "2024-08-08"}),
        "{not json",
        json.dumps({"headline": "no body"}),
        json.dumps({"body": 42}),
        json.dumps(["a", "list"]),
        json.dumps({"body": "<p>" + BODY + "</p><p>more</p>"}),
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n")
    fields = JsonFields(text="body", title="headline", url="link", date="when")
    items = read(tmp_path / "a.jsonl", json_fields=fields)
    good = docs(items)
    assert good[0].meta == {"title": "H1", "url": "https://x.example/1", "date": "2024-08-08"}
    assert good[0].locator == "line 1" and good[1].content_type == "html"
    codes = [(p.locator, p.code) for p in problems(items)]
    assert codes == [("line 2", "E105"), ("line 3", "E106"), ("line 4", "E107"), ("line 5", "E107")]


def test_json_object_list_and_wrapper(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"text": BODY, "title": "T"}))
    (tmp_path / "many.json").write_text(json.dumps([{"text": BODY}, {"text": BODY + " 2"}]))
    (tmp_path / "wrapped.json").write_text(json.dumps({"articles": [{"text": BODY + " 3"}]}))
    (tmp_path / "broken.json").write_text('[{"text": "abc"')
    items = read(tmp_path)
    assert len(docs(items)) == 4
    [bad] = problems(items)
    assert bad.source.endswith("broken.json") and bad.code == "E105"


RSS = f"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Feed Title</title><item><title>One</title><link>https://x.example/1</link>
<pubDate>Thu, 08 Aug 2024 10:00:00 GMT</pubDate><description>short</description>
<content:encoded><![CDATA[<p>{BODY}</p><p>Second paragraph.</p>]]></content:encoded></item>
<item><title>Two</title><link>https://x.example/2</link><source url="https://y.example/rss">Other Outlet</source><description>{BODY}</description></item>
</channel></rss>"""


def test_rss_entries(tmp_path):
    (tmp_path / "f.rss").write_text(RSS)
    one, two = read(tmp_path / "f.rss")
    assert one.meta["date"] == "2024-08-08T10:00:00" and one.meta["source"] == "Feed Title"
    assert "Second paragraph" in one.content and one.locator == "entry 1"
    assert two.meta["source"] == "Other Outlet"


def test_atom_feed(tmp_path):
    atom = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
    <entry><title>E</title><link href="https://x.example/e"/><updated>2024-03-01T00:00:00Z</updated>
    <summary>{BODY}</summary></entry></feed>"""
    (tmp_path / "f.xml").write_text(atom)
    [doc] = read(tmp_path / "f.xml")
    assert doc.meta["url"] == "https://x.example/e" and doc.meta["date"].startswith("2024-03-01")


def test_malformed_feed(tmp_path):
    (tmp_path / "f.rss").write_text("<rss><channel><item><title>x</ti")
    [p] = read(tmp_path / "f.rss")
    assert p.code == "E108"


def test_warc_gz_only_html_responses(tmp_path):
    data = make_warc([
        ("https://x.example/a", "text/html; charset=utf-8", PAGE.encode()),
        ("https://x.example/img.png", "image/png", b"\x89PNG...."),
        ("https://x.example/b", "text/html", PAGE.replace("Cairo", "Doha").encode()),
    ])
    (tmp_path / "c.warc.gz").write_bytes(data)
    (tmp_path / "plain.warc").write_bytes(make_warc([("https://x.example/c", "text/html", PAGE.encode())], gz=False))
    items = read(tmp_path)
    urls = [d.meta["url"] for d in docs(items)]
    assert urls == ["https://x.example/a", "https://x.example/b", "https://x.example/c"]
    assert [d.locator for d in docs(items)][:2] == ["record 1", "record 3"]


def test_warc_record_over_the_limit_is_refused_without_inflating_it(tmp_path):
    bomb = b"<html><body>" + b"A" * 3_000_000 + b"</body></html>"
    (tmp_path / "bomb.warc.gz").write_bytes(make_warc([("https://x.example/a", "text/html", bomb)]))
    assert (tmp_path / "bomb.warc.gz").stat().st_size < 100_000
    [p] = read(tmp_path / "bomb.warc.gz", max_bytes=1_000_000)
    assert p.code == "E115" and p.locator == "record 1"


def test_truncated_warc(tmp_path):
    data = make_warc([("https://x.example/a", "text/html", PAGE.encode())])
    (tmp_path / "t.warc.gz").write_bytes(data[:60])
    [p] = read(tmp_path / "t.warc.gz")
    assert p.code == "E109"


def test_gzipped_text(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(BODY.encode()))
    [doc] = read(tmp_path / "a.txt.gz")
    assert doc.content == BODY


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("empty.txt", b"", "E101"),
        ("blank.txt", b"  \n\n ", "E101"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, "E102"),
        ("exe.html", b"\x7fELF" + b"\x00" * 500, "E102"),
        ("nul.txt", b"abc\x00def" * 100, "E102"),
        ("bad.gz", b"\x1f\x8b\x08\x00garbage", "E104"),
    ],
)
def test_bad_files(tmp_path, name, data, code):
    (tmp_path / name).write_bytes(data)
    [p] = read(tmp_path / name)
    assert p.code == code and p.source.endswith(name)


def test_missing_and_too_large(tmp_path):
    (tmp_path / "big.txt").write_text("x" * 5000)
    missing, big = read(tmp_path / "nope.txt", tmp_path / "big.txt", max_bytes=1000)
    assert missing.code == "E100"
    assert big.code == "E103" and "5000" in big.reason


def test_permission_denied(tmp_path, monkeypatch):
    from pathlib import Path

    path = tmp_path / "secret.txt"
    path.write_text(BODY)

    def denied(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)  # root may read anything, so simulate it
    [p] = read(path)
    assert p.code == "E113" and p.source.endswith("secret.txt")


def test_encodings(tmp_path):
    text = "Le ministre a déclaré que les négociations reprendront à Genève. " * 3
    (tmp_path / "latin1.txt").write_bytes(text.encode("latin-1"))
    (tmp_path / "cp1252.txt").write_bytes(("“Quoted” — " + text).encode("cp1252"))
    (tmp_path / "utf16.txt").write_bytes(text.encode("utf-16"))
    page = f'<html><head><meta charset="utf-8"></head><body><p>{text}</p></body></html>'
    (tmp_path / "misdeclared.html").write_bytes(page.encode("latin-1"))
    got = {d.source.rsplit("/", 1)[1]: d.content for d in docs(read(tmp_path))}
    assert "déclaré" in got["latin1.txt"] and "négociations" in got["utf16.txt"]
    assert "“Quoted” —" in got["cp1252.txt"]
    assert "déclaré" in got["misdeclared.html"]


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BODY.encode())))
    [doc] = list(read_sources(["-"]))
    assert doc.source == "<stdin>" and doc.content == BODY


def test_directory_order_skips_hidden_and_is_lazy(tmp_path):
    for name in ("b.txt", "a.txt", ".hidden.txt", "sub/c.txt", ".git/x.txt"):
        path = tmp_path / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(BODY + name)
    names = [d.source.replace(str(tmp_path) + "/", "") for d in read(tmp_path)]
    assert names == ["a.txt", "b.txt", "sub/c.txt"]
    assert list(list_inputs([str(tmp_path)])) == [str(tmp_path / n) for n in names]
    stream = read_sources([str(tmp_path)])
    first = next(stream)  # a generator: nothing beyond the first file has been read
    assert first.source.endswith("a.txt")


def test_url_without_network_is_a_clear_problem():
    [p] = list(read_sources(["http://127.0.0.1:9/article"], ReadOptions(fetch_timeout=2)))
    assert p.code in ("E112", "E111") and "127.0.0.1" in str(p)


def test_seeds_give_two_text_documents(seeds):
    items = list(read_sources([str(seeds)]))
    assert [d.format for d in items] == ["txt", "txt"]
