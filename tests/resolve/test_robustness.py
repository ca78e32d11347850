"""Odd input never crashes the resolver: random text built from the grammar's own words."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.model import Event, Evidence
from eventwire.resolve import resolve_sentences

WORDS = [
    "on", "Saturday", "last", "next", "week", "weekend", "the", "between", "and", "to", "-", "July", "25th", "31",
    "February", "29", "2023", "1999", "0", "00", "9999", "late", "early", "mid", "quarter", "fourth", "first",
    "half", "fall", "winter", "ago", "years", "a", "year", "earlier", "Christmas", "nineteen", "ninety", "two",
    "thousand", "over", "approximately", "dozens", "1,200", "37,000", "1.2", "million", "killed", "wounded",
    "hostages", "according", "said", "officials", "CNN", "told", "–", "(", ")", ",", ".", "W53", "Q5", "13/45/2024",
    "2024-13-40", "Feb.", "30", "may", "March", "tonight", "yesterday", "numbering", "he", "its", "statement",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=30),
       published=st.sampled_from([None, "2024-08-08", "2020-02-29", "2024-12-31", "2021-01-01"]))
def test_random_sentences_resolve_without_errors(nlp, words, published):
    text = " ".join(words)
    doc = nlp(text)
    events = [Event(event="ASSAULT", evidence=[Evidence("a", i, s.text, (0, min(3, len(s.text))))])
              for i, s in enumerate(doc.sents)]
    result = resolve_sentences(events, enumerate(doc.sents), published)
    for ev in result.events:
        assert ev.date_basis in ("explicit", "relative", "publication", "unknown")
        assert (ev.date is None) == (ev.date_basis == "unknown")
    for _, count in result.figures:
        assert count.number is None or count.number >= 0
