"""Input formats are a registry: a reader registered from outside the package claims its
content (before any extension) and its extensions, and its documents are ingested like any other."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eventwire.db import Eventwire
from eventwire.model import RawDocument
from eventwire.read import ReadOptions, read_sources, reader, readers, sniff
from eventwire.read.registry import unregister_reader

BODY = "Officials said on Tuesday that the two delegations would meet again in Cairo next week. " * 3


@pytest.fixture()
def memo_format():
    """A format defined here, as a new module in eventwire/read/ would define it: "MEMO: title", a blank line, text."""

    def is_memo(head: bytes, data: bytes, ext: str) -> bool:
        return head.startswith(b"memo:")

    @reader("memo", extensions=(".memo",), sniff=is_memo, order=5)
    def read_memo(name: str, text: str, options: ReadOptions) -> Iterator[RawDocument]:
        first, _, body = text.partition("\n\n")
        title = first.split(":", 1)[1].strip() if first.lower().startswith("memo:") else None
        yield RawDocument(source=name, content=body or text, content_type="text", format="memo",
                          meta={"title": title} if title else {})

    yield read_memo
    unregister_reader("memo")


def test_built_in_readers_and_sniffing_order():
    assert [r.name for r in readers()] == ["warc", "feed", "html", "jsonl", "json", "text"]
    assert sniff(b"<html><body>x</body></html>", ".txt") == "html"
    assert sniff(b'{"text": "a"}\n{"text": "b"}\n', ".json") == "json"
    assert sniff(b'{"text": "a"}\n{"text": "b"}\n', "") == "jsonl"
    assert sniff(b'{"text": "a"}', ".html") == "json"  # JSON content wins over an HTML extension
    assert sniff(b"plain words", ".rss") == "feed"
    assert sniff(b"plain words", ".csv") == "text"


def test_a_registered_reader_claims_content_and_extension(memo_format, tmp_path):
    (tmp_path / "a.txt").write_text("MEMO: Talks resume\n\n" + BODY)  # content beats the .txt extension
    (tmp_path / "b.memo").write_text(BODY)  # the extension, when the content says nothing
    (tmp_path / "c.txt").write_text(BODY)
    a, b, c = read_sources([str(tmp_path)])
    assert (a.format, a.meta, a.content) == ("memo", {"title": "Talks resume"}, BODY)
    assert (b.format, b.content) == ("memo", BODY)
    assert c.format == "txt"
    assert sniff(b"memo: x\n\ny", ".json") == "memo"


def test_a_registered_reader_is_ingested(memo_format, tmp_path):
    (tmp_path / "in.memo").write_text("MEMO: Talks resume\n\n" + BODY)
    with Eventwire(tmp_path / "s.duckdb") as ew:
        assert ew.ingest([str(tmp_path / "in.memo")], workers=1).new_articles == 1
        [article] = ew.articles()
    assert (article["format"], article["title"]) == ("memo", "Talks resume")


def test_an_unregistered_reader_is_gone(memo_format, tmp_path):
    unregister_reader("memo")
    assert sniff(b"memo: x\n\ny", "") == "text"
    with pytest.raises(ValueError):  # names and extensions are unique
        reader("text")(lambda name, text, options: iter(()))
