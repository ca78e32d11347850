"""How many: kinds of figures, qualifiers kept apart from numbers, and what is not a count."""

from __future__ import annotations

import pytest

from eventwire.resolve.counts import find_counts, parse_number, plover_field
from eventwire.resolve.sources import SourceMemory, find_attributions
from eventwire.resolve.when import find_time_expressions


def figures(nlp, text: str):
    out = []
    for sent in nlp(text).sents:
        dates = [(e.start, e.end) for e in find_time_expressions(sent.text, "2024-08-08", sent)]
        out.extend(f.count for f in find_counts(sent, find_attributions(sent, SourceMemory()), dates))
    return out


def one(nlp, text: str):
    found = figures(nlp, text)
    assert len(found) == 1, [(c.kind, c.number, c.text) for c in found]
    return found[0]


@pytest.mark.parametrize(
    "sentence, kind, number, qualifier",
    [
        ("The Israel Defense Forces struck over 400 targets in Gaza.", "targets", 400, "over"),
        ("Hamas still holds approximately 128 hostages.", "hostages", 128, "approximately"),
        ("At least 12 people were killed in the blast.", "killed", 12, "at least"),
        ("More than 2,000 people were displaced by the fighting.", "displaced", 2000, "over"),
        ("Police arrested dozens of protesters in Tbilisi.", "arrested", 24, "dozens"),
        ("The flooding displaced 1.2 million residents.", "displaced", 1_200_000, None),
        ("Twelve soldiers were wounded in the ambush.", "injured", 12, None),
        ("Gunmen abducted twenty-five students from the school.", "abducted", 25, None),
        ("Israel released 30 Palestinian prisoners.", "prisoners", 30, None),
        ("Thousands of students protested against the government.", "protesters", 2000, "thousands"),
        ("Nearly 300 demonstrators gathered outside parliament.", "protesters", 300, "nearly"),
        ("Up to 50 rockets were fired at the town.", "projectiles", 50, "up to"),
        ("The army deployed a dozen troops to the border.", "troops", 12, "approximately"),
        ("The attack resulted in numerous casualties.", "casualties", None, "numerous"),
        ("The death toll rose to 37,000.", "killed", 37000, None),
        ("The strike caused the deaths of some 40 civilians.", "killed", 40, "approximately"),
        ("Hezbollah confirmed the loss of one of its fighters.", "killed", 1, None),
        ("Fewer than 10 people were injured.", "injured", 10, "under"),
    ],
)
def test_kinds_numbers_and_qualifiers(nlp, sentence, kind, number, qualifier):
    c = one(nlp, sentence)
    assert (c.kind, c.number, c.qualifier) == (kind, number, qualifier)


def test_the_written_text_keeps_the_qualifier(nlp):
    assert one(nlp, "The strike killed over 400 people.").text == "over 400 people"
    assert one(nlp, "Hamas still holds approximately 128 hostages.").text == "approximately 128 hostages"


@pytest.mark.parametrize(
    "sentence",
    [
        "The army struck targets within the first 24 hours.",
        "Qatar pledged $5 million in aid.",
        "Prices rose 30 percent in July.",
        "The war began in 1967.",
        "The enclave's 2.3 million residents face hunger.",
        "Talks entered their third round.",
        "No one was hurt.",
    ],
)
def test_measures_dates_and_uncounted_nouns_are_not_figures(nlp, sentence):
    assert figures(nlp, sentence) == []


def test_several_figures_in_one_sentence(nlp):
    found = figures(nlp, "At least 12 people were killed and more than 30 wounded, officials said.")
    assert [(c.kind, c.number, c.qualifier, c.source, c.anonymous) for c in found] == [
        ("killed", 12, "at least", "officials", True),
        ("injured", 30, "over", "officials", True),
    ]


def test_parse_number():
    assert parse_number("37,000") == (37000, None)
    assert parse_number("1.2 million") == (1_200_000, None)
    assert parse_number("two hundred and fifty") == (250, None)
    assert parse_number("tens of thousands") == (20000, "tens of thousands")
    assert parse_number("a dozen") == (12, "approximately")
    assert parse_number("banana") == (None, None)


def test_plover_size_fields():
    fields = (plover_field("killed"), plover_field("injured"), plover_field("arrested"))
    assert fields == ("dead", "injured", "arrested")
    assert plover_field("hostages") is None


def test_members_counted_apart_from_a_groups_size(nlp):
    c = one(nlp, "Militants killed at least seventeen members of the community.")
    assert (c.kind, c.number, c.qualifier) == ("killed", 17, "at least")
    assert figures(nlp, "A 15-member delegation arrived in the capital.") == []


def test_dead_and_injured_in_one_phrase(nlp):
    found = figures(nlp, "The clashes left 46 dead and 35 injured.")
    assert [(c.kind, c.number) for c in found] == [("killed", 46), ("injured", 35)]


def test_one_fatality(nlp):
    assert [(c.kind, c.number) for c in figures(nlp, "1 fatality.")] == [("killed", 1)]
