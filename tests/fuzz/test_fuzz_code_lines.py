"""Hostile `eventwire code` input: one output object per line, in order, never a crash."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.code import Coder
from eventwire.pipeline.lines import code_jsonl

SCALE = max(1, int(os.environ.get("EVENTWIRE_FUZZ_SCALE", "1")))

SENTENCES = [
    "Israel and Hezbollah exchanged fire across the border on Saturday.",
    "Hamas accused Israel of violating the truce, according to officials.",
    "Police arrested dozens of protesters in Tbilisi.",
    "\u202eReversed text with a ceasefire\u202c and 400 targets struck.",
    "Over 37,000 were killed, the ministry said on July 25th.",
]

field_values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=80), st.sampled_from(SENTENCES), st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
dates = st.one_of(
    st.none(), st.sampled_from(["2024-08-08", "2024-02-30", "2024-13-01", "0000-00-00", "9999-12-31", "2024-8-8", ""]),
    st.text(max_size=12), st.integers(),
)


@st.composite
def lines(draw) -> str:
    kind = draw(st.sampled_from(["record", "record", "record", "raw", "json-other"]))
    if kind == "raw":
        return draw(st.text(max_size=200)).replace("\n", " ")
    if kind == "json-other":
        return json.dumps(draw(field_values))
    record = {}
    if draw(st.booleans()):
        record["id"] = draw(field_values)
    if draw(st.integers(0, 9)):
        record["text"] = draw(st.one_of(st.sampled_from(SENTENCES), st.text(max_size=300), field_values))
    if draw(st.booleans()):
        record["date"] = draw(dates)
    return json.dumps(record)


@pytest.fixture(scope="module")
def coder(nlp):
    return Coder(nlp)


@given(batch=st.lists(lines(), min_size=1, max_size=8))
@settings(max_examples=60 * SCALE, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_every_line_gets_one_answer_in_order(coder, batch):
    out = list(code_jsonl(iter(line + "\n" for line in batch), coder=coder))
    assert len(out) == len(batch)
    for line, result in zip(batch, out):
        assert isinstance(result["events"], list)
        json.dumps(result)  # serialisable
        if "error" in result:
            assert result["error"]["code"].startswith("E5") and result["events"] == []
        else:
            record = json.loads(line)
            assert result["id"] == record.get("id")


def test_huge_and_deeply_nested_lines(coder):
    nested = "[" * 100_000 + "]" * 100_000
    long_text = json.dumps({"id": "long", "text": "Talks resumed in Doha. " * 1_500})
    out = list(code_jsonl(iter([nested, long_text, ""]), coder=coder))
    assert [r.get("error", {}).get("code") for r in out] == ["E500", None, "E503"]
    assert out[1]["id"] == "long"
