"""Plain text and HTML: the whole file is one document (HTML is cleaned later, by ``clean``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..model import Problem, RawDocument
from .formats import XML_START
from .registry import reader

if TYPE_CHECKING:
    from . import ReadOptions

#: how an HTML page or fragment starts
HTML_START = (b"<!doctype html", b"<html", b"<head", b"<body", b"<div", b"<article", b"<p>", b"<!--")


def _is_html(head: bytes, data: bytes, ext: str) -> bool:
    """An HTML start, or XML that the feed reader (asked first) found to be XHTML."""
    return head.startswith(XML_START + HTML_START)


@reader("html", extensions=(".html", ".htm", ".xhtml"), sniff=_is_html, order=30)
def read_html(name: str, text: str, options: "ReadOptions") -> Iterator[RawDocument | Problem]:
    yield RawDocument(source=name, content=text, content_type="html", format="html")


@reader("text", extensions=(".txt", ".text", ".md"))
def read_text(name: str, text: str, options: "ReadOptions") -> Iterator[RawDocument | Problem]:
    yield RawDocument(source=name, content=text, content_type="text", format="stdin" if name == "<stdin>" else "txt")
