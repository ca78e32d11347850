"""The resolve stage on coded text: dates, counts and sources on events, article figures, `eventwire code`."""

from __future__ import annotations

import json

import pytest

from eventwire.code import Coder
from eventwire.pipeline.lines import code_jsonl
from eventwire.resolve import STEPS, resolve_sentences

TEXT = (
    "Israeli strikes killed at least 12 people in Rafah on Monday, the health ministry said. "
    "A senior Israeli official said Hamas attacked a convoy near Khan Younis. "
    "About 300 protesters gathered outside the parliament, police said. "
    "The October 7, 2023 attack by Hamas killed approximately 1,200 people."
)


@pytest.fixture(scope="module")
def coder(nlp):
    return Coder(nlp)


def resolved(coder, text: str, date: str | None = "2024-08-08"):
    doc = coder.nlp(text)
    return resolve_sentences(coder.code_doc(doc, date=date), enumerate(doc.sents), date)


def by_trigger(events, word: str):
    hits = [e for e in events if e.evidence[0].sentence[slice(*e.evidence[0].trigger)].lower() == word]
    assert hits, f"no event with trigger {word!r}: the coder did not code it"
    return hits[0]


def test_events_get_date_counts_and_source(coder):
    result = resolved(coder, TEXT)
    strike = by_trigger(result.events, "strikes")
    assert (strike.date, strike.date_basis, strike.date_text) == ("2024-08-05", "relative", "Monday")
    assert [(c.kind, c.number, c.qualifier, c.source) for c in strike.counts] == [
        ("killed", 12, "at least", "the health ministry")]
    assert (strike.attribution, strike.attribution_anonymous) == ("the health ministry", False)


def test_the_coder_attribution_is_completed_with_anonymity(coder):
    attack = by_trigger(resolved(coder, TEXT).events, "attacked")
    assert attack.attribution == "A senior Israeli official" and attack.attribution_anonymous is True
    # no date of its own, and reported ("said Hamas attacked"): not the story's Monday, the publication date
    assert attack.date_basis == "publication"


def test_background_attack_is_historical_with_its_toll(coder):
    attack = by_trigger(resolved(coder, TEXT).events, "attack")
    assert (attack.date, attack.modality) == ("2023-10-07", "historical")
    assert [(c.kind, c.number, c.qualifier) for c in attack.counts] == [("killed", 1200, "approximately")]


def test_figures_without_an_event_are_kept_at_article_level(coder):
    result = resolved(coder, TEXT)
    protest = [(i, c) for i, c in result.figures if c.kind == "protesters"]
    assert [(i, c.number, c.qualifier, c.source, c.anonymous) for i, c in protest] == [
        (2, 300, "approximately", "police", False)]
    assert {c.kind for _, c in result.figures} == {"killed", "protesters"}


def test_undated_text_keeps_relative_dates_unknown(coder):
    strike = by_trigger(resolved(coder, TEXT, date=None).events, "strikes")
    assert (strike.date, strike.date_basis, strike.date_text) == (None, "unknown", "Monday")
    attack = by_trigger(resolved(coder, TEXT, date=None).events, "attack")
    assert (attack.date, attack.date_basis) == ("2023-10-07", "explicit")


def test_steps_are_pluggable(coder):
    seen = []

    def where_step(event, facts, article):
        seen.append((facts.index, article.published))

    doc = coder.nlp(TEXT)
    events = coder.code_doc(doc, date="2024-08-08")
    resolve_sentences(events, enumerate(doc.sents), "2024-08-08", steps=[*STEPS, where_step])
    assert len(seen) == len(events) and seen[0] == (0, "2024-08-08")


def test_code_jsonl_gives_the_new_fields(coder):
    lines = [json.dumps({"id": "x", "text": TEXT, "date": "2024-08-08"}), json.dumps({"id": "y", "text": TEXT})]
    dated, undated = code_jsonl(lines, coder)
    strike = next(e for e in dated["events"] if e["trigger"]["text"] == "strikes")
    for key in ("date", "date_precision", "date_basis", "date_text", "date_end", "counts", "attribution",
                "attribution_anonymous", "attribution_outlet"):
        assert key in strike
    assert strike["date"] == "2024-08-05" and strike["counts"][0]["qualifier"] == "at least"
    assert {"sentence_index": 2, "kind": "protesters", "number": 300, "qualifier": "approximately",
            "text": "About 300 protesters", "source": "police", "anonymous": False, "outlet": None} in dated["figures"]
    strike = next(e for e in undated["events"] if e["trigger"]["text"] == "strikes")
    assert (strike["date"], strike["date_basis"]) == (None, "unknown")
