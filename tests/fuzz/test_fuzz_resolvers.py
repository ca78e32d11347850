"""Hostile text for the date, figure, source and place resolvers: nothing may raise.

The resolvers see whatever the cleaner let through: control characters, bidi
marks, digits in odd places, dates that do not exist, numbers too large for
any count, and place-like words in every script.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from eventwire.analyze import analyze, bare_article
from eventwire.code import Coder
from eventwire.resolve import resolve
from eventwire.resolve.when import find_time_expressions

SCALE = max(1, int(os.environ.get("EVENTWIRE_FUZZ_SCALE", "1")))
FRAGMENTS = [
    "on Saturday", "July 25th", "late July", "between January 4 and February 7", "February 30, 2023",
    "the 99th of Smarch", "in 10000 BC", "1e400", "99999999999999999999999 people were killed",
    "over 37,000", "dozens", "according to", "a source familiar with the talks told CNN", "officials said",
    "in Jabalya", "Rafah", "Georgia", "Dubai", "Gaza City", "قطاع غزة", "Москва", "東京",
    "\u202e", "\u200f", "\u0000", "\x1b[0m", "\x9b", "\u2028", "\t", "\n\n", "—", "’", "Q4 2024", "2024-W53", "last week",
    "on December 31, 9999", "in the year 1", "0001-01-01", "a year earlier", "next year",
    "Israel struck", "Hamas said", "protesters gathered", "were arrested", "the army shelled",
]
texts = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=25).map(" ".join)
# the publication dates the pipeline can pass on: clean keeps 1000-01-01 .. 2999-12-31 (9999-12-31 stays for
# find_time_expressions, which `eventwire code` once reached with it)
published = st.one_of(st.none(), st.sampled_from(["2024-08-08", "2024-02-29", "1900-01-01", "9999-12-31",
                                                  "1000-01-01", "1000-01-06", "2999-12-31", "2999-12-25"]))


@pytest.fixture(scope="module")
def coder(nlp):
    return Coder(nlp)


@given(text=texts, date=published)
@example(text="July 25th", date="9999-12-31")  # found by tools/fuzz.py: the next July is in year 10000
@settings(max_examples=200 * SCALE, deadline=None)
def test_time_expressions_of_any_text(text, date):
    for expr in find_time_expressions(text, date):
        assert 0 <= expr.start <= expr.end <= len(text)


@given(text=texts, date=published)
@settings(max_examples=40 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_the_whole_resolve_stage_on_any_text(coder, text, date):
    """analyze -> code -> resolve (dates, counts, sources, places) as the pipeline runs it."""
    [analysis] = list(analyze(coder.nlp, [bare_article(text, date)]))
    resolution = resolve(analysis, coder.code_analysis(analysis))
    for ev in resolution.events:
        assert ev.date_basis in ("explicit", "relative", "publication", "unknown")
        if date is None:
            assert ev.date_basis != "relative"  # nothing is invented without a publication date
        if ev.location is not None and ev.location.latitude is not None:
            assert -90 <= ev.location.latitude <= 90 and -180 <= ev.location.longitude <= 180
    for _, count in resolution.figures:
        assert count.number is None or count.number >= 0
    for place in resolution.places:
        assert 0 <= place.start <= place.end <= len(text)
