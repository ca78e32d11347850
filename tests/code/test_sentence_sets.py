"""Accuracy floors on the sentence sets we wrote (tests/code/data), one sentence per line.

dev_sentences.tsv was written before the lexicon and used to tune it;
fresh_sentences.tsv and blind_sentences.tsv were written afterwards and first
measured untouched (their first figures are in docs/benchmarks.md). The floors
guard against regressions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.code import Coder
from eventwire.code.salience import principal_event

DATA = Path(__file__).parent / "data"


def rows(name: str) -> list[tuple[str, str, str, str]]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            event, actor, recipient, sentence = line.split("\t")
            out.append((event, actor, recipient, sentence))
    return out


@pytest.fixture(scope="module")
def coder(nlp):
    return Coder(nlp)


@pytest.mark.parametrize("name, floor", [("dev_sentences.tsv", 0.95), ("fresh_sentences.tsv", 0.92),
                                         ("blind_sentences.tsv", 0.93)])
def test_principal_event_type_accuracy(coder, name, floor):
    data = rows(name)
    coded = coder.code_texts([(sentence, "2024-05-01") for *_, sentence in data])
    wrong = []
    for (event, actor, _, sentence), events in zip(data, coded):
        top = principal_event(events)
        if top is None or top.event != event:
            wrong.append((event, top.event if top else None, sentence))
        elif actor != "-":
            assert top.actor and top.actor[0].code == actor, (sentence, top.actor)
    accuracy = 1 - len(wrong) / len(data)
    assert accuracy >= floor, wrong


def test_every_plover_type_is_in_both_sets():
    from eventwire.ontology import PLOVER_TYPES

    for name in ("dev_sentences.tsv", "fresh_sentences.tsv", "blind_sentences.tsv"):
        assert {r[0] for r in rows(name)} == set(PLOVER_TYPES)
