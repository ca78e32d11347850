"""Accuracy floors and exact checks on the sentence sets we wrote (tests/code/data), one sentence per line.

dev_sentences.tsv was written before the lexicon and used to tune it.
fresh_sentences.tsv and blind_sentences.tsv were written afterwards and run
once untouched; those first runs (0.838 and 0.852, docs/benchmarks.md) are the
held-out figures. The coder was then fixed against what they showed, so none
of the three sets is held out any more: the floors below only guard against
regressions (each is a little under the set's score when it was set), and the
actor and recipient columns, where a row names one, are checked row by row.
heldout_sentences.tsv is the one held-out set (see its test).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.code import Coder
from eventwire.code.salience import principal_event

DATA = Path(__file__).parent / "data"
SETS = ("dev_sentences.tsv", "fresh_sentences.tsv", "blind_sentences.tsv")
HELD_OUT = "heldout_sentences.tsv"

#: rows whose recipient the coder misses today, with what it gives instead ({sentence: codes}).
#: Exact: a new miss fails, and so does a miss that was fixed (take it out of this list).
RECIPIENT_MISSES = {
    "The United States announced $300 million in military aid for Ukraine on Friday.": [],
}


def rows(name: str) -> list[tuple[str, str, str, str]]:
    out = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            event, actor, recipient, sentence = line.split("\t")
            out.append((event, actor, recipient, sentence))
    return out


@pytest.fixture(scope="module")
def coded(nlp):
    """Each set's rows with the principal event the coder gives each sentence (coded once per module)."""
    coder = Coder(nlp)
    out = {}
    for name in (*SETS, HELD_OUT):
        data = rows(name)
        events = coder.code_texts([(sentence, "2024-05-01") for *_, sentence in data])
        out[name] = [(row, principal_event(evs)) for row, evs in zip(data, events)]
    return out


@pytest.mark.parametrize("name, floor", [("dev_sentences.tsv", 0.95), ("fresh_sentences.tsv", 0.92),
                                         ("blind_sentences.tsv", 0.93)])
def test_principal_event_type_accuracy(coded, name, floor):
    """Regression floors (scores when last set: dev 0.975, fresh 0.956, blind 0.961); not held-out figures."""
    wrong = [(event, top.event if top else None, sentence)
             for (event, _, _, sentence), top in coded[name] if top is None or top.event != event]
    accuracy = 1 - len(wrong) / len(coded[name])
    assert accuracy >= floor, wrong


@pytest.mark.parametrize("name", SETS)
def test_actor_of_every_row_that_names_one(coded, name):
    """Every row that names an actor (66 dev rows) and whose type is right gets exactly that actor first."""
    wrong = [(actor, [a.code for a in top.actor], sentence) for (event, actor, _, sentence), top in coded[name]
             if actor != "-" and top is not None and top.event == event
             and (not top.actor or top.actor[0].code != actor)]
    assert wrong == []


def test_recipient_of_every_row_that_names_one(coded):
    """The recipient column (16 dev rows name one): the principal event's first recipient must be it,
    except the rows listed in RECIPIENT_MISSES, which must miss exactly as listed.

    Mutation this catches (planted, seen failing while the type floors passed): the recipient of
    "accuse" and "accuse of" in code/verbs.tsv changed from ``dobj`` to ``of``."""
    checked, misses = 0, {}
    for name in SETS:
        for (_, _, recipient, sentence), top in coded[name]:
            if recipient == "-":
                continue
            checked += 1
            got = [a.code for a in top.recipient] if top else None
            if not got or got[0] != recipient:
                misses[sentence] = got
    assert checked >= 16
    assert misses == RECIPIENT_MISSES
    assert 1 - len(misses) / checked >= 0.93  # 15/16 today


def test_held_out_set_keeps_near_its_first_run(coded):
    """heldout_sentences.tsv (48 rows, written and frozen on 2026-12-05 before its first run and
    before any rule change) scored on that first run: type 47/48 = 0.979, actor 28/29, recipient
    10/13. The floors sit a little below; the messages give counts only, never the rows, so that
    nobody tunes on them (a set somebody fixed rules from is no longer held out: rename it)."""
    ok = actors = actors_ok = recipients = recipients_ok = 0
    for (event, actor, recipient, _), top in coded[HELD_OUT]:
        ok += top is not None and top.event == event
        if actor != "-":
            actors += 1
            actors_ok += bool(top is not None and top.actor and top.actor[0].code == actor)
        if recipient != "-":
            recipients += 1
            recipients_ok += bool(top is not None and top.recipient and top.recipient[0].code == recipient)
    assert (len(coded[HELD_OUT]), actors, recipients) == (48, 29, 13)
    assert ok >= 45, f"type {ok}/48"
    assert actors_ok >= 26, f"actor {actors_ok}/29"
    assert recipients_ok >= 9, f"recipient {recipients_ok}/13"


def test_every_plover_type_is_in_every_set():
    from eventwire.ontology import PLOVER_TYPES

    for name in (*SETS, HELD_OUT):
        assert {r[0] for r in rows(name)} == set(PLOVER_TYPES)
