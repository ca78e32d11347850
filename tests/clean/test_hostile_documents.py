"""Documents that cost the cleaner without bound, or carried dates and metadata later stages could not take."""

from __future__ import annotations

import time

import pytest

from eventwire.clean import clean
from eventwire.clean.dates import EARLIEST, LATEST, parse_date
from eventwire.clean.html import MAX_TAG_CHARS, tame_tags
from eventwire.model import Article, Problem, RawDocument

BODY = "The ministers met in Geneva on Monday to discuss the ceasefire and the release of prisoners. " * 6


def test_an_element_with_200000_attributes_is_extracted_in_bounded_time():
    attrs = " ".join(f'a{i}="{i}"' for i in range(200_000))
    html = f"<html><head><title>Talks</title></head><body><div {attrs}><p>{BODY}</p></div></body></html>"
    started = time.monotonic()
    result = clean(RawDocument(source="attrs.html", content=html, content_type="html", format="html"))
    assert time.monotonic() - started < 10  # libxml2 alone took minutes
    assert isinstance(result, Article) and "Geneva" in result.text


def test_only_overlong_tags_lose_their_attributes():
    normal = '<a href="https://x.example/a" class="link">text</a>'
    assert tame_tags(normal * 1000) == normal * 1000
    long = "<div " + "x=1 " * MAX_TAG_CHARS + ">kept</div>"
    assert tame_tags(long) == "<div>kept</div>"
    started = time.monotonic()
    tame_tags("<" + "a" * 2_000_000 + " <b " + "c" * 2_000_000)  # no backtracking on unclosed tags
    assert time.monotonic() - started < 2


def test_an_html_page_over_the_size_limit_is_a_problem():
    page = f"<html><body><p>{BODY}</p></body></html>"
    result = clean(RawDocument(source="big.html", content=page, content_type="html", format="html"),
                   max_html_chars=len(page) - 1)
    assert isinstance(result, Problem) and result.code == "E209"


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "Fri, 31 Dec 9999 23:59:59 +0000", "December 31, 9999",
                                   "0999-12-31", "3000-01-01"])
def test_publication_dates_outside_the_supported_range_count_as_unknown(value):
    assert parse_date(value) is None


def test_dates_at_the_ends_of_the_range_are_kept_as_four_digit_years():
    assert parse_date(EARLIEST.isoformat()) == "1000-01-01" and parse_date(LATEST.isoformat()) == "2999-12-31"
    assert parse_date("January 2, 1000") == "1000-01-02"


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01"])
def test_an_article_dated_at_the_edge_of_the_calendar_is_undated(date):
    doc = RawDocument(source="d.json", content=BODY, content_type="text", format="json", meta={"date": date})
    result = clean(doc)
    assert isinstance(result, Article) and result.published is None and result.published_basis == "unknown"


def test_metadata_loses_control_characters_and_is_bounded():
    meta = {"title": "Bad\x1b[31m title\nwith a line\x00", "source": "Outlet\x9b2J", "author": "x" * 10_000}
    result = clean(RawDocument(source="m.json", content=BODY, content_type="text", format="json", meta=meta))
    assert isinstance(result, Article)
    assert result.title == "Bad [31m title with a line" and result.source == "Outlet 2J"
    assert len(result.author) == 2000


def test_a_lone_surrogate_anywhere_makes_the_document_a_problem():
    for meta, content in (({"title": "odd \udc80"}, BODY), ({}, BODY + " \ud800")):
        result = clean(RawDocument(source="s.json", content=content, content_type="text", format="json", meta=meta))
        assert isinstance(result, Problem) and result.code == "E117"
