"""Hostile input for the read and clean stages: nothing may raise.

Every reader and the cleaner get arbitrary bytes and Unicode (control
characters, bidi marks, very long lines, deep HTML, wrong JSON types, WARC
members that inflate without end); each input must end as documents or as
``Problem`` records naming the file, never as an exception.
"""

from __future__ import annotations

import gzip
import io
import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.clean import clean
from eventwire.model import Article, Problem, RawDocument
from eventwire.read import ReadOptions, read_file

EXTENSIONS = [".txt", ".html", ".json", ".jsonl", ".rss", ".xml", ".warc", ".warc.gz", ".gz", ".md", ""]
NASTY = ["\u202e", "\u200f", "\u0000", "\ufeff", "\x1b[31m", "\r", "\u2028", "💥", "ﷺ", "\t"]
#: tools/fuzz.py raises this to run the same properties with many more examples
SCALE = max(1, int(os.environ.get("EVENTWIRE_FUZZ_SCALE", "1")))

settings.register_profile("eventwire", deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
settings.load_profile("eventwire")


def examples(n: int) -> int:
    return n * SCALE

nasty_text = st.lists(
    st.one_of(st.text(min_size=0, max_size=40), st.sampled_from(NASTY), st.sampled_from(["<p>", "</div>", "{", "\"text\":", "\n\n", "Home » News »"])),
    max_size=30,
).map("".join)


def _read_all(path, max_bytes=200_000):
    out = list(read_file(path, ReadOptions(max_bytes=max_bytes)))
    for item in out:
        assert isinstance(item, (RawDocument, Problem))
        if isinstance(item, Problem):
            assert str(path) in item.source and item.code and item.reason
    return out


def _clean_all(items):
    for item in items:
        if isinstance(item, RawDocument):
            result = clean(item, default_date="2024-08-08")
            assert isinstance(result, (Article, Problem))
            if isinstance(result, Article):
                assert result.text.strip() and result.id


@given(data=st.binary(max_size=4000), ext=st.sampled_from(EXTENSIONS))
@settings(max_examples=examples(150))
def test_any_bytes_with_any_extension(tmp_path_factory, data, ext):
    path = tmp_path_factory.mktemp("fz") / f"input{ext}"
    path.write_bytes(data)
    _clean_all(_read_all(path))


@given(text=nasty_text, ext=st.sampled_from(EXTENSIONS), encoding=st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252"]))
@settings(max_examples=examples(150))
def test_any_unicode_in_any_encoding(tmp_path_factory, text, ext, encoding):
    path = tmp_path_factory.mktemp("fz") / f"input{ext}"
    path.write_bytes(text.encode(encoding, errors="replace"))
    _clean_all(_read_all(path))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=60),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(["text", "title", "url", "date", "author", "source", "x"]), children, max_size=6),
    max_leaves=20,
)


@given(records=st.lists(json_values, max_size=6))
@settings(max_examples=examples(150))
def test_json_and_jsonl_with_wrong_types(tmp_path_factory, records):
    folder = tmp_path_factory.mktemp("fz")
    (folder / "a.json").write_text(json.dumps(records), encoding="utf-8")
    (folder / "b.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    for name in ("a.json", "b.jsonl"):
        _clean_all(_read_all(folder / name))


@given(depth=st.integers(min_value=1, max_value=3000), tag=st.sampled_from(["div", "p", "span", "table", "b"]))
@settings(max_examples=examples(25))
def test_deeply_nested_html(tmp_path_factory, depth, tag):
    body = f"<{tag}>" * depth + "The ministers met in Geneva on Monday to discuss the ceasefire. " * 5 + f"</{tag}>" * (depth // 2)
    path = tmp_path_factory.mktemp("fz") / "deep.html"
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    _clean_all(_read_all(path, max_bytes=2_000_000))


def test_one_megabyte_single_line(tmp_path):
    path = tmp_path / "line.txt"
    path.write_text("Talks resumed in Doha " * 50_000, encoding="utf-8")  # ~1.1 MB, no newline
    _clean_all(_read_all(path, max_bytes=5_000_000))
    html = tmp_path / "line.html"
    html.write_text("<html><body><p>" + "x" * 1_000_000 + "</p></body></html>", encoding="utf-8")
    _clean_all(_read_all(html, max_bytes=5_000_000))


def _warc_record(payload: bytes, declared_length: int | None = None) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + payload
    length = declared_length if declared_length is not None else len(http)
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.org/a\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def test_warc_member_that_inflates_without_end_is_refused(tmp_path):
    bomb = io.BytesIO()
    with gzip.GzipFile(fileobj=bomb, mode="wb") as gz:
        gz.write(_warc_record(b"<html><body>" + b"A" * 3_000_000 + b"</body></html>"))
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(bomb.getvalue())
    assert len(bomb.getvalue()) < 30_000  # small on disk, 3 MB inflated
    items = _read_all(path, max_bytes=500_000)
    assert [p.code for p in items if isinstance(p, Problem)] == ["E115"]


@given(payload=st.binary(max_size=3000), lie=st.integers(min_value=0, max_value=5000), gz=st.booleans())
@settings(max_examples=examples(100))
def test_warc_with_lying_lengths_and_garbage(tmp_path_factory, payload, lie, gz):
    data = _warc_record(b"<html><body><p>" + payload + b"</p></body></html>", declared_length=lie) + _warc_record(b"<p>ok</p>")
    if gz:
        data = gzip.compress(data)
    path = tmp_path_factory.mktemp("fz") / ("x.warc.gz" if gz else "x.warc")
    path.write_bytes(data)
    _clean_all(_read_all(path))


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\u202e" * 500, "a", "<" * 10_000, "» » »\n" * 200])
def test_cleaner_on_degenerate_text(text):
    for kind in ("text", "html"):
        result = clean(RawDocument(source="x", content=text, content_type=kind, format="txt"))
        assert isinstance(result, (Article, Problem))


# --- what a red-team pass found beyond the strategies above: lone surrogates, huge numbers, NaN,
# impossible character references, edge dates and control characters in metadata --------------------
SPECIAL_LITERALS = ["NaN", "-Infinity", "9" * 5000, "-" + "1" * 4400, "1e400", '"\\ud800"', '"a\\udfffb"',
                    '"\\u0000\\u001b[2J"', '"9999-12-31"', '"0001-01-01"', '"\\u202e\\u2028"']
EDGE_DATES = ["9999-12-31", "0001-01-01", "0000-00-00", "10000-01-01", "1000-01-01", "2999-12-31", "3000-01-01",
              "Fri, 31 Dec 9999 23:59:59 +0000", "December 31, 9999", "-0001-01-01", "2024-02-30"]
CHAR_REFS = ["&#xD800;", "&#55296;", "&#xDFFF;", "&#x110000;", "&#0;", "&#99999999999999999999;", "&#x1b;", "&#x202e;"]


@st.composite
def hostile_json_record(draw) -> str:
    """A JSON object as text, some values written as literals Python's json would choke on."""
    fields = draw(st.lists(st.sampled_from(["text", "title", "url", "date", "author", "source", "x"]), unique=True,
                           max_size=6))
    parts = []
    for name in fields:
        if draw(st.booleans()):
            value = draw(st.sampled_from(SPECIAL_LITERALS))
        elif name == "date":
            value = json.dumps(draw(st.sampled_from(EDGE_DATES)))
        else:
            value = json.dumps(draw(st.one_of(nasty_text, st.just("The ministers met in Geneva on Monday. " * 4))))
        parts.append(f'"{name}": {value}')
    return "{" + ", ".join(parts) + "}"


@given(records=st.lists(hostile_json_record(), min_size=1, max_size=5))
@settings(max_examples=examples(100))
def test_json_with_surrogates_huge_numbers_nan_and_edge_dates(tmp_path_factory, records):
    folder = tmp_path_factory.mktemp("fz")
    (folder / "a.jsonl").write_text("\n".join(records), encoding="utf-8")
    (folder / "b.json").write_text("[" + ",".join(records) + "]", encoding="utf-8")
    for name in ("a.jsonl", "b.json"):
        items = _read_all(folder / name)
        assert len(items) >= 1
        _clean_all(items)
        for item in items:
            if isinstance(item, RawDocument):
                item.content.encode("utf-8")  # no lone surrogate got through
                for value in item.meta.values():
                    value.encode("utf-8")


@given(refs=st.lists(st.sampled_from(CHAR_REFS), min_size=1, max_size=4), text=nasty_text)
@settings(max_examples=examples(60))
def test_feeds_with_impossible_character_references(tmp_path_factory, refs, text):
    body = (text.replace("<", " ").replace("&", " ") + " The ministers met in Geneva on Monday. " * 3)
    items = "".join(f"<item><title>T{i} {ref}</title><description>{body} {ref}</description></item>"
                    for i, ref in enumerate(refs))
    path = tmp_path_factory.mktemp("fz") / "f.rss"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{items}</channel></rss>',
                    encoding="utf-8", errors="replace")
    found = _read_all(path)
    _clean_all(found)
    for item in found:
        if isinstance(item, RawDocument):
            item.content.encode("utf-8")


@given(date=st.one_of(st.sampled_from(EDGE_DATES), st.dates().map(str)), title=nasty_text, source=nasty_text)
@settings(max_examples=examples(150))
def test_cleaned_articles_have_valid_dates_and_plain_metadata(date, title, source):
    from datetime import date as Date

    doc = RawDocument(source="x", content="The ministers met in Geneva on Monday to talk. " * 5, content_type="text",
                      format="json", meta={"date": date, "title": title, "source": source})
    result = clean(doc)
    assert isinstance(result, (Article, Problem))
    if isinstance(result, Article):
        if result.published is not None:
            assert "1000-01-01" <= result.published <= "2999-12-31" and Date.fromisoformat(result.published)
        for value in (result.title, result.source):
            assert value is None or not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in value)
            assert value is None or value.encode("utf-8")
