"""Dates without a year, ranges, restatements and the rule that a reported event is never dated after its article."""

from __future__ import annotations

import pytest

from eventwire.code import Coder
from eventwire.model import Event, Evidence
from eventwire.resolve import resolve_sentences
from eventwire.resolve.when import NarrativeTime, date_event, find_time_expressions


@pytest.fixture(scope="module")
def coder(nlp):
    return Coder(nlp)


def values(nlp, sentence: str, published: str):
    doc = nlp(sentence)
    return [(e.text, e.value, e.end_period.value() if e.end_period else None, e.elaborates)
            for e in find_time_expressions(sentence, published, doc[:])]


def events(coder, text: str, published: str):
    doc = coder.nlp(text)
    return resolve_sentences(coder.code_doc(doc, date=published), enumerate(doc.sents), published).events


def dated(coder, text: str, published: str, trigger: str):
    for ev in events(coder, text, published):
        if ev.evidence[0].sentence[slice(*ev.evidence[0].trigger)].lower() == trigger:
            return ev
    raise AssertionError(f"no event with trigger {trigger!r}")


# day and month without a year: the most recent past one for a past clause, the next one for a
# future clause; the publication day itself counts as past (same day), and the year turns back
@pytest.mark.parametrize("sentence, published, value", [
    ("Gunmen attacked the market on 2 January.", "2020-01-02", "2020-01-02"),        # same day
    ("Gunmen attacked the market on January 2.", "2020-01-02", "2020-01-02"),
    ("Gunmen attacked the market on 30 December.", "2020-01-02", "2019-12-30"),      # year boundary
    ("Gunmen attacked the market on 3 January.", "2020-01-02", "2019-01-03"),        # a day after: last year's
    ("Gunmen attacked the market on 29 April.", "2020-04-28", "2019-04-29"),
    ("The council will meet on 5 January.", "2020-01-02", "2020-01-05"),             # future: the next one
    ("The council will meet on 1 January.", "2020-01-02", "2021-01-01"),             # future across the year
    ("The council will meet on 2 January.", "2020-01-02", "2020-01-02"),             # future, same day
    ("Talks resumed on 31 December.", "2020-12-31", "2020-12-31"),
])
def test_day_and_month_without_a_year(nlp, sentence, published, value):
    found = values(nlp, sentence, published)
    assert [v[1] for v in found] == [value]


# the same rule on whole events (coder + resolve): the date an event reported in an article gets,
# on the publication day itself and across the turn of the year
@pytest.mark.parametrize("sentence, published, trigger, value, modality", [
    # same day: "August 8" in an article of 8 August 2024 is that day, in every position
    ("Israeli strikes killed 10 people in Gaza on August 8.", "2024-08-08", "strikes", "2024-08-08", "asserted"),
    ("Israeli strikes killed 10 people in Gaza on 8 August.", "2024-08-08", "strikes", "2024-08-08", "asserted"),
    ("On August 8, Israeli strikes killed 10 people in Gaza.", "2024-08-08", "strikes", "2024-08-08", "asserted"),
    ("Hamas said Israeli strikes on August 8 killed 10 people.", "2024-08-08", "strikes", "2024-08-08", "asserted"),
    ("The August 8 strike killed 10 people.", "2024-08-08", "strike", "2024-08-08", "asserted"),
    ("Gunmen attacked a police post on Tuesday, December 31.", "2024-12-31", "attacked", "2024-12-31", "asserted"),
    # the day after publication is last year's (a background event)
    ("Gunmen attacked a police post on 9 August.", "2024-08-08", "attacked", "2023-08-09", "historical"),
    # year boundary: December in a January article is last December; January in a December
    # article is this January (a past clause), a future clause looks ahead into the next year
    ("Gunmen attacked a police post on December 31.", "2025-01-01", "attacked", "2024-12-31", "asserted"),
    ("Gunmen attacked a police post on 31 December.", "2025-01-02", "attacked", "2024-12-31", "asserted"),
    ("Gunmen attacked a police post on Tuesday, December 31.", "2025-01-02", "attacked", "2024-12-31", "asserted"),
    ("Gunmen attacked a police post on Wednesday.", "2025-01-01", "attacked", "2025-01-01", "asserted"),
    ("Gunmen attacked a police post on January 1.", "2024-12-31", "attacked", "2024-01-01", "historical"),
    ("The ministers will meet on January 3.", "2024-12-30", "meet", "2025-01-03", "future"),
    ("The ministers will meet on December 30.", "2025-01-02", "meet", "2025-12-30", "future"),
])
def test_event_dates_on_the_publication_day_and_across_the_year(coder, sentence, published, trigger, value,
                                                                  modality):
    """Mutation this catches: ``at(y) <= anchor`` made ``at(y) < anchor`` in ``normalise._nearest_year``
    ("August 8" in an article of 8 August 2024 became 2023-08-08)."""
    ev = dated(coder, sentence, published, trigger)
    assert (ev.date, ev.date_precision, ev.date_basis, ev.modality) == (value, "day", "relative", modality)


def test_a_participle_of_agreement_is_a_past_act(nlp):
    # "agreed" is not "scheduled": the ceasefire was last September, not next
    assert values(nlp, "A ceasefire agreed in September collapsed.", "2020-01-15")[0][1] == "2019-09"
    assert values(nlp, "A vote scheduled for September was postponed.", "2020-01-15")[0][1] == "2020-09"


def event_at(nlp, sentence: str, trigger: str, published: str, modality: str = "asserted",
             narrative: NarrativeTime | None = None, index: int = 0) -> Event:
    """An event whose trigger is ``trigger`` in ``sentence``, dated by the when stage alone."""
    doc = nlp(sentence)
    start = sentence.index(trigger)
    ev = Event("ASSAULT", modality=modality,
               evidence=[Evidence(None, index, sentence, (start, start + len(trigger)))])
    date_event(ev, doc[:], find_time_expressions(sentence, published, doc[:]), published, "day", narrative, index)
    return ev


def test_a_reported_event_is_never_dated_after_its_article(nlp):
    # a future clause reads "on Monday" as the next Monday; an event the coder reports as having
    # happened (asserted) takes the last one
    text = "They will attack the base on Monday."
    assert event_at(nlp, text, "attack", "2020-01-15", "future").date == "2020-01-20"
    assert event_at(nlp, text, "attack", "2020-01-15").date == "2020-01-13"
    # "in September" read as the next September for a future clause, the last one for a reported event
    text = "The rebels will sign the ceasefire in September."
    assert event_at(nlp, text, "sign", "2020-01-15", "future").date == "2020-09"
    assert event_at(nlp, text, "sign", "2020-01-15").date == "2019-09"
    # a date with its year written stays as written
    assert event_at(nlp, "The rebels will sign it on 3 May 2020.", "sign", "2020-01-15").date == "2020-05-03"


def test_the_story_date_carries_to_the_next_sentences(nlp):
    story = NarrativeTime()
    first = event_at(nlp, "A gunman opened fire at a baseball practice on Wednesday.", "opened", "2017-06-15",
                     narrative=story, index=0)
    assert first.date == "2017-06-14"
    wounded = event_at(nlp, "A police officer was wounded in the shooting.", "wounded", "2017-06-15",
                       narrative=story, index=1)
    assert (wounded.date, wounded.date_basis, wounded.date_text) == ("2017-06-14", "relative", None)
    # present tense, or too far from the dated sentence: the publication date
    says = event_at(nlp, "The senator says the country must heal.", "says", "2017-06-15", narrative=story, index=2)
    assert (says.date, says.date_basis) == ("2017-06-15", "publication")
    later = event_at(nlp, "Police arrested a man.", "arrested", "2017-06-15", narrative=story, index=5)
    assert (later.date, later.date_basis) == ("2017-06-15", "publication")


def test_background_without_a_date_is_not_dated_by_publication(nlp):
    ev = event_at(nlp, "Following the attacks, the army deployed troops.", "attacks", "2020-01-15", "historical")
    assert (ev.date, ev.date_precision, ev.date_basis) == (None, "unknown", "unknown")
    dated = event_at(nlp, "Following the attacks of 2015, the army deployed troops.", "attacks", "2020-01-15",
                     "historical")
    assert (dated.date, dated.modality) == ("2015", "historical")


@pytest.mark.parametrize("sentence, published, start, end", [
    ("Fighting took place from 27 to 29 April.", "2020-04-28", "2020-04-27", "2020-04-29"),
    ("Fighting took place on 27-29 April.", "2020-04-28", "2020-04-27", "2020-04-29"),
    ("Fighting took place between 30 December and 2 January.", "2020-01-05", "2019-12-30", "2020-01-02"),
    ("Fighting took place from 28 December to 3 January.", "2020-01-02", "2019-12-28", "2020-01-03"),
])
def test_ranges_keep_their_span(coder, sentence, published, start, end):
    ev = dated(coder, sentence, published, "fighting")
    assert (ev.date, ev.date_end, ev.date_precision) == (start, end, "day")


def test_a_bracketed_range_restates_the_date_before_it(nlp, coder):
    text = "Around 28 April 2020 (from 27-29 April), gunmen attacked a village, killing two civilians."
    assert values(nlp, text, "2020-04-28") == [
        ("28 April 2020", "2020-04-28", None, False), ("27-29 April", "2020-04-27", "2020-04-29", True)]
    ev = dated(coder, text, "2020-04-28", "attacked")
    assert (ev.date, ev.date_end, ev.date_basis, ev.modality) == ("2020-04-28", None, "explicit", "asserted")
    # the restatement takes its year from the date it restates, not from publication
    assert values(nlp, "On 3 March 2022 (between 3 - 4 March), farmers clashed.", "2024-06-01")[1][1:3] == (
        "2022-03-03", "2022-03-04")


def test_days_before_another_event_are_not_counted_from_publication(nlp):
    # "two days before the election" is anchored on the election, which the text dates itself
    found = values(nlp, "On 6 November, two days before the election, the director announced a review.",
                   "2016-11-13")
    assert [(text, value) for text, value, _, _ in found] == [("6 November", "2016-11-06")]
    assert values(nlp, "The border closed two days before.", "2016-11-13")[0][1] == "2016-11-11"


def test_a_date_only_sentence_dates_the_story(nlp):
    from eventwire.resolve import resolve_sentences
    story = NarrativeTime()
    doc = nlp("25 February.")
    story.note_sentence(0, doc.text, find_time_expressions(doc.text, "2019-03-01", doc[:]), "2019-03-01")
    # the next sentence's only date hangs on "elections", not on the barricading
    ev = event_at(nlp, "Rioters barricaded a road to call for fair elections in April 2019.", "barricaded",
                  "2019-03-01", narrative=story, index=1)
    assert (ev.date, ev.date_text) == ("2019-02-25", None)  # the story's date, not its own
    assert resolve_sentences([], [], "2019-03-01").events == []
