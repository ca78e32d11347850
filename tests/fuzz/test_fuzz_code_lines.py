"""Hostile `eventwire code` input: one output object per line, in order, never a crash, always strict
JSON in UTF-8 (lone surrogates, NaN, 5,000-digit numbers, edge dates, control characters, bytes that
are not UTF-8)."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from eventwire.code import Coder
from eventwire.pipeline.lines import code_jsonl
from eventwire.read.jsontext import loads

SCALE = max(1, int(os.environ.get("EVENTWIRE_FUZZ_SCALE", "1")))

SENTENCES = [
    "Israel and Hezbollah exchanged fire across the border on Saturday.",
    "Hamas accused Israel of violating the truce, according to officials.",
    "Police arrested dozens of protesters in Tbilisi.",
    "\u202eReversed text with a ceasefire\u202c and 400 targets struck.",
    "Over 37,000 were killed, the ministry said on July 25th.",
]

#: every error an input line may get
LINE_ERRORS = {"E500", "E501", "E502", "E503", "E504", "E505", "E208", "E520"}
#: Unicode that breaks things downstream: lone surrogates, control characters, bidi marks, separators
NASTY = ["\ud800", "\udfff", "\udc80x", "\x00", "\x1b[31m", "\x9b", "\u202e", "\u2028", "\ufeff", "\r", "\t"]
nasty_text = st.lists(st.one_of(st.text(max_size=20), st.sampled_from(NASTY + SENTENCES)), max_size=6).map("".join)
#: JSON number literals Python cannot hold as they are (written as text: json.dumps cannot make them)
BIG = st.sampled_from(["9" * 5000, "-" + "1" * 4301, "1e400", "-1e400", "1" * 4300, "0." + "5" * 5000])

field_values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=80), nasty_text, st.sampled_from(SENTENCES), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
dates = st.one_of(
    st.none(), st.sampled_from(["2024-08-08", "2024-02-30", "2024-13-01", "0000-00-00", "9999-12-31", "2024-8-8", "",
                                "0001-01-01", "1000-01-01", "2999-12-31", "3000-01-01", "1999-12-31\x00"]),
    st.text(max_size=12), st.integers(), nasty_text,
)


@st.composite
def lines(draw) -> str | bytes:
    kind = draw(st.sampled_from(["record", "record", "record", "raw", "json-other", "big", "bytes"]))
    if kind == "raw":
        return draw(st.text(max_size=200)).replace("\n", " ")
    if kind == "json-other":
        return json.dumps(draw(field_values))
    if kind == "bytes":  # not UTF-8 (or by chance it is)
        return draw(st.binary(max_size=80)).replace(b"\n", b" ")
    record = {}
    if draw(st.booleans()):
        record["id"] = draw(field_values)
    if draw(st.integers(0, 9)):
        record["text"] = draw(st.one_of(st.sampled_from(SENTENCES), st.text(max_size=300), nasty_text, field_values))
    if draw(st.booleans()):
        record["date"] = draw(dates)
    line = json.dumps(record)
    if kind == "big":  # a huge number in a field, as a literal
        field = draw(st.sampled_from(["id", "text", "date", "extra"]))
        line = line[:-1] + (", " if record else "") + f'"{field}": {draw(BIG)}' + "}"
    return line


@pytest.fixture(scope="module")
def coder(nlp):
    return Coder(nlp)


@given(batch=st.lists(lines(), min_size=1, max_size=8))
@example(batch=['{"id": NaN, "text": "Police arrested dozens of protesters in Tbilisi."}'])  # was printed as NaN
@example(batch=['{"id": "\\ud800", "text": "x"}', b"\xff\xfe", '{"id": %s, "text": "x"}' % ("9" * 5000)])
@example(batch=['{"text": "Israel and Hezbollah exchanged fire.", "extra": %s}' % ("9" * 5000)])  # found by Hypothesis
@settings(max_examples=60 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_every_line_gets_one_answer_in_order(coder, batch):
    out = list(code_jsonl(iter(line + ("\n" if isinstance(line, str) else b"\n") for line in batch), coder=coder))
    assert len(out) == len(batch)
    for line, result in zip(batch, out):
        assert isinstance(result["events"], list)
        # strict JSON (no NaN), and UTF-8 encodable (no lone surrogate): what `eventwire code` writes
        assert json.loads(json.dumps(result, allow_nan=False, ensure_ascii=False).encode("utf-8")) == result
        if "error" in result:
            assert result["error"]["code"] in LINE_ERRORS and result["events"] == []
        else:
            record = loads(line)  # as `eventwire code` reads it: a 5,000-digit number in another field is no error
            assert result["id"] == record.get("id")


def test_huge_and_deeply_nested_lines(coder):
    nested = "[" * 100_000 + "]" * 100_000
    long_text = json.dumps({"id": "long", "text": "Talks resumed in Doha. " * 1_500})
    out = list(code_jsonl(iter([nested, long_text, ""]), coder=coder))
    assert [r.get("error", {}).get("code") for r in out] == ["E500", None, "E503"]
    assert out[1]["id"] == "long"
