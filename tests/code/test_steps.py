"""The coder's steps as seams: weights are data, the reporting verbs have one home, one loop codes every text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from eventwire.analyze import analyze, bare_article
from eventwire.analyze import words as analyze_words
from eventwire.code import Coder, lexicon
from eventwire.code.decision import confidence, report_confidence
from eventwire.code.found import Candidate, Found
from eventwire.model import Actor
from eventwire.resolve.sources import cues

CODE = Path(lexicon.__file__).parent


@pytest.fixture(scope="module")
def coder(nlp):
    return Coder(nlp)


def test_confidence_weights_and_threshold_are_data():
    g = lexicon.grammar()
    assert {"verb", "noun", "named_actor", "unnamed_actor", "no_actor", "named_recipient", "salience", "offset",
            "cap", "reported_unnamed_actor"} <= set(g["confidence"])
    assert isinstance(g["threshold"], float)
    verb = lexicon.verbs()["attack"][-1]
    f = Found(object(), verb, Candidate("attacked", 0, 8, verb.rule, "rejected", ""))
    f.actors, f.salience = [Actor(text="Israel", code="ISR", resolved=True)], 1.0
    assert confidence(f, g["confidence"]) == 0.85  # 0.45 + 0.2 + 0.3 - 0.1
    doubled = {**g["confidence"], "named_actor": 0.4}
    assert confidence(f, doubled) == 0.95  # the cap, read from the same table
    named, unnamed = [Actor(text="Israel", code="ISR", resolved=True)], [Actor(text="the group")]
    assert report_confidence(named, named, 1.0, g["confidence"]) == 0.95
    assert report_confidence(unnamed, named, 1.0, g["confidence"]) == 0.75  # an unnamed reporter adds nothing


def test_reporting_verbs_live_in_analyze_only():
    for path in (CODE / "patterns.yaml", CODE.parent / "resolve" / "sources.yaml"):
        assert "reporting_verbs" not in yaml.safe_load(path.read_text(encoding="utf-8")), path
    assert cues().reporting_verbs == analyze_words.source_verbs()
    speech = analyze_words.reported_speech_verbs()
    assert {"say", "announce", "believe"} <= speech and "warn" not in speech  # "warn" is a threat wrapper


def test_every_entry_point_codes_a_text_the_same_way(coder):
    text = "Iran Vows to Retaliate Against Israel\n\nThe group said it would not attend the talks."
    by_text = coder.code_text(text, date="2024-08-08")
    assert by_text
    assert coder.code_texts([(text, "2024-08-08")]) == [by_text]
    article = bare_article(text, "2024-08-08")
    by_analysis = coder.code_analysis(next(analyze(coder.nlp, [article])))
    assert [(e.event, e.cameo, e.confidence) for e in by_analysis] == [(e.event, e.cameo, e.confidence) for e in by_text]
    one = "Egypt urged Israel to allow aid into Gaza."
    assert coder.code_doc(next(iter(coder.parse([one]))), date="2024-08-08") == coder.code_text(one, date="2024-08-08")
