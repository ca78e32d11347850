"""According to whom: named, anonymous and outlet sources, and the scope each covers."""

from __future__ import annotations

import pytest

from eventwire.resolve.sources import SourceMemory, attribution_at, find_attributions


def attributions(nlp, text: str, memory: SourceMemory | None = None):
    memory = memory or SourceMemory()
    return [a for sent in nlp(text).sents for a in find_attributions(sent, memory)]


@pytest.mark.parametrize(
    "sentence, source, anonymous, outlet",
    [
        ("Over 37,000 people were killed, according to the Gaza health ministry.", "the Gaza health ministry",
         False, None),
        ("Israel said Hamas had broken the truce.", "Israel", False, None),
        ("Officials said the crossing would reopen.", "Officials", True, None),
        ("A senior Israeli official said the talks had not collapsed.", "A senior Israeli official", True, None),
        ("A source familiar with the talks told CNN that Hamas rejected the offer.",
         "A source familiar with the talks", True, "CNN"),
        ("A source familiar with the talks, who spoke to CNN, described the positions as rigid.",
         "A source familiar with the talks", True, "CNN"),
        ("Two sources familiar with the matter confirmed the pause to Reuters.",
         "Two sources familiar with the matter", True, "Reuters"),
        ("According to a statement from Netanyahu's office, the decision came after a dead end.",
         "Netanyahu's office", False, None),
        ("Officials speaking on condition of anonymity said the convoy was hit.", "Officials", True, None),
        ("Witnesses told the BBC that soldiers fired on the crowd.", "Witnesses", True, "BBC"),
        # outlets known to clean/outlets.tsv (not only those listed in sources.yaml)
        ("A senior official told the Daily Mirror that the deal was off.", "A senior official", True, "Daily Mirror"),
        ("Two residents told Taipei Times that the blast shook the market.", "Two residents", True, "Taipei Times"),
        ("Saleh al-Arouri, the deputy head of the political bureau, said talks were over.", "Saleh al-Arouri",
         False, None),
    ],
)
def test_sources(nlp, sentence, source, anonymous, outlet):
    found = attributions(nlp, sentence)
    assert found, sentence
    first = found[0]
    assert (first.source, first.anonymous, first.outlet) == (source, anonymous, outlet)


def test_citing_sources_take_the_outlet_that_reports_them(nlp):
    found = attributions(nlp, "Reuters reported, citing two security sources, that the convoy was hit.")
    cited = next(a for a in found if a.cue == "citing")
    assert (cited.source, cited.anonymous, cited.outlet) == ("two security sources", True, "Reuters")


def test_an_aside_limits_according_to(nlp):
    text = ("The prisoners – numbering over 7,000, according to the Prisoner Society – outnumber the "
            "remaining 128 hostages.")
    [a] = attributions(nlp, text)
    assert a.source == "the Prisoner Society"
    assert attribution_at([a], text.index("7,000")) is a
    assert attribution_at([a], text.index("128")) is None


def test_the_innermost_attribution_wins(nlp):
    text = "Hamas said Israel killed 12 people, while the army said it struck 30 targets."
    found = attributions(nlp, text)
    assert attribution_at(found, text.index("12")).source == "Hamas"
    assert attribution_at(found, text.index("30")).source == "the army"


def test_pronouns_take_the_last_named_source(nlp):
    memory = SourceMemory()
    attributions(nlp, "Prime Minister Benjamin Netanyahu said the war would go on.", memory)
    [a] = attributions(nlp, "He said the army would enter Rafah.", memory)
    assert (a.source, a.anonymous) == ("Prime Minister Benjamin Netanyahu", False)
    assert attributions(nlp, "She said nothing more.", SourceMemory()) == []


def test_citing_a_reason_is_not_a_source(nlp):
    found = attributions(nlp, "The United States suspended the pact, with the State Department citing the crackdown.")
    assert all(a.cue != "citing" for a in found)


@pytest.mark.parametrize(
    "text, source",
    [
        ("The paper reported the strike, citing Health Ministry figures.", "Health Ministry"),
        ("According to the ministry's statement, 12 people died.", "the ministry"),
        ("According to figures released by the UN, 40 people died.", "the UN"),
        ("The ministry said the road was closed. According to its statement, 12 people died.", "The ministry"),
    ],
)
def test_documents_are_attributed_to_whoever_issued_them(nlp, text, source):
    assert attributions(nlp, text)[-1].source == source
