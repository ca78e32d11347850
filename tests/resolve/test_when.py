"""When: every family of time expression, tense, ranges, the unknown-date rule and background events."""

from __future__ import annotations

import pytest

from eventwire.model import Event, Evidence
from eventwire.resolve.when import date_event, find_time_expressions
from eventwire.resolve.when.periods import Period

PUBLISHED = "2024-08-08"  # a Thursday


def expressions(nlp, sentence: str, published: str | None = PUBLISHED):
    doc = nlp(sentence)
    return find_time_expressions(sentence, published, doc[:])


def only(nlp, sentence: str, published: str | None = PUBLISHED):
    found = expressions(nlp, sentence, published)
    assert len(found) == 1, [(e.text, e.value) for e in found]
    return found[0]


@pytest.mark.parametrize(
    "sentence, text, value, basis",
    [
        # weekdays: past tense = the last one on or before publication, future = the next one
        ("Hamas fired rockets on Saturday.", "Saturday", "2024-08-03", "relative"),
        ("The cabinet will meet on Saturday.", "Saturday", "2024-08-10", "relative"),
        ("Qatar hosted the talks on Thursday.", "Thursday", "2024-08-08", "relative"),
        ("The envoy is meeting both sides on Monday.", "Monday", "2024-08-12", "relative"),
        ("Talks collapsed last Friday.", "last Friday", "2024-08-02", "relative"),
        ("Fighting resumed Friday night.", "Friday night", "2024-08-02TNI", "relative"),
        # days, weeks, months, years relative to publication
        ("The ministry published the figures today.", "today", "2024-08-08", "relative"),
        ("Israel struck the camp yesterday.", "yesterday", "2024-08-07", "relative"),
        ("Negotiators return tomorrow.", "tomorrow", "2024-08-09", "relative"),
        ("Diplomats met in Doha last week.", "last week", "2024-W31", "relative"),
        ("The talks stalled over the weekend.", "the weekend", "2024-W31-WE", "relative"),
        ("Earlier this month, Egypt hosted a round of talks.", "Earlier this month", "2024-08", "relative"),
        ("The truce was signed last year.", "last year", "2023", "relative"),
        ("The army withdrew two weeks ago.", "two weeks ago", "2024-W30", "relative"),
        ("The border crossing closed three days ago.", "three days ago", "2024-08-05", "relative"),
        # dates without a year: the nearest occurrence in the clause's direction
        ("On July 25th, the prime minister backed the plan.", "July 25th", "2024-07-25", "relative"),
        ("The offer expires on Aug. 20.", "Aug. 20", "2024-08-20", "relative"),
        ("Hostages were taken on October 7th.", "October 7th", "2023-10-07", "relative"),
        ("The breakdown began in late July.", "late July", "2024-07", "relative"),
        ("Protests spread in March.", "March", "2024-03", "relative"),
        ("Elections will be held in January.", "January", "2025-01", "relative"),
        ("Aid deliveries fell last fall.", "last fall", "2023-FA", "relative"),
        ("Exports rose in the second quarter.", "the second quarter", "2024-Q2", "relative"),
        # absolute dates
        ("Talks have been ongoing since November 2023.", "November 2023", "2023-11", "explicit"),
        ("The conflict stems from the October 7, 2023, attack.", "October 7, 2023", "2023-10-07", "explicit"),
        ("The treaty was signed on 14 May 1948.", "14 May 1948", "1948-05-14", "explicit"),
        ("The report was filed on 2024-02-29.", "2024-02-29", "2024-02-29", "explicit"),
        ("The war began in 1967.", "1967", "1967", "explicit"),
        ("Sanctions were eased in the 1990s.", "the 1990s", "199", "explicit"),
        ("Output fell in the third quarter of 2023.", "the third quarter of 2023", "2023-Q3", "explicit"),
        ("Saturday, April 27 was quiet.", "Saturday, April 27", "2024-04-27", "relative"),
        # references are found but never date an event
        ("The crossing is currently closed.", "currently", "PRESENT_REF", "relative"),
    ],
)
def test_expression_families(nlp, sentence, text, value, basis):
    expr = only(nlp, sentence)
    assert (expr.text, expr.value, expr.basis) == (text, value, basis)


def test_ranges_keep_both_ends_and_share_the_year(nlp):
    expr = only(nlp, "Fighting raged between January 4 and February 7, 2024.")
    assert expr.kind == "range" and expr.value == "2024-01-04" and expr.end_period.value() == "2024-02-07"
    assert expr.basis == "explicit" and [p.text for p in expr.parts] == ["January 4", "February 7, 2024"]
    short = only(nlp, "The summit ran July 25-27.")
    assert (short.value, short.end_period.value()) == ("2024-07-25", "2024-07-27")
    winter = only(nlp, "Aid was blocked from December 20 to January 5, 2024.")
    assert (winter.value, winter.end_period.value()) == ("2023-12-20", "2024-01-05")


def test_ambiguous_words_are_not_dates(nlp):
    assert expressions(nlp, "Israel may release 2000 prisoners.") == []
    assert expressions(nlp, "Protesters march on the capital.") == []
    assert [e.value for e in expressions(nlp, "Its 1990 invasion of Kuwait was condemned.")] == ["1990"]


def test_a_year_earlier_takes_the_granularity_of_the_period_named_before(nlp):
    found = expressions(nlp, "Profit rose in the second quarter from a year earlier.")
    assert [e.value for e in found] == ["2024-Q2", "2023-Q2"]


def test_without_a_publication_date_relative_expressions_stay_unresolved(nlp):
    weekday = only(nlp, "Hamas fired rockets on Saturday.", published=None)
    assert weekday.period is None and weekday.value is None
    no_year = only(nlp, "On July 25th, the prime minister backed the plan.", published=None)
    assert no_year.value == "XXXX-07-25" and no_year.period.event_date() is None
    explicit = only(nlp, "The conflict stems from the October 7, 2023, attack.", published=None)
    assert explicit.value == "2023-10-07"


def test_period_values_and_bounds():
    week = Period("week", 2024, index=31)
    assert week.event_date() == ("2024-W31", "week")
    assert [d.isoformat() for d in Period("weekend", 2024, index=31).bounds()] == ["2024-08-03", "2024-08-04"]
    assert Period("quarter", 2024, index=3).event_date() == ("2024", "year")
    assert Period("season", 2023, index="WI").bounds()[1].isoformat() == "2024-02-29"
    assert Period("ref", ref="PAST_REF").event_date() is None


# --- events --------------------------------------------------------------------------------
def event_at(sentence: str, trigger: str, modality: str = "asserted") -> Event:
    start = sentence.index(trigger)
    return Event(event="ASSAULT", modality=modality,
                 evidence=[Evidence("a", 0, sentence, (start, start + len(trigger)))])


def dated(nlp, sentence: str, trigger: str, published: str | None = PUBLISHED, precision: str = "day",
          modality: str = "asserted") -> Event:
    span = nlp(sentence)[:]
    ev = event_at(sentence, trigger, modality)
    date_event(ev, span, find_time_expressions(sentence, published if precision == "day" else None, span),
               published, precision)
    return ev


def test_each_event_takes_the_date_of_its_own_clause(nlp):
    sentence = "Israel struck Rafah on Monday after Hamas fired rockets on Saturday."
    assert dated(nlp, sentence, "struck").date == "2024-08-05"
    assert dated(nlp, sentence, "fired").date == "2024-08-03"


def test_a_date_modifying_a_noun_trigger_dates_it(nlp):
    ev = dated(nlp, "The conflict stems from the October 7, 2023, attack on Israel.", "attack")
    assert (ev.date, ev.date_precision, ev.date_basis, ev.date_text) == ("2023-10-07", "day", "explicit",
                                                                         "October 7, 2023")


def test_background_events_are_historical_recent_ones_are_not(nlp):
    old = dated(nlp, "The conflict stems from the October 7, 2023, attack on Israel.", "attack")
    assert old.modality == "historical"
    recent = dated(nlp, "On July 25th, Israeli troops stormed the camp.", "stormed")
    assert recent.date == "2024-07-25" and recent.modality == "asserted"
    negated = dated(nlp, "In 2019, the army did not attack the town.", "attack", modality="negated")
    assert negated.date == "2019" and negated.modality == "negated"


def test_week_and_range_dates_on_events(nlp):
    weekend = dated(nlp, "The talks collapsed over the weekend.", "collapsed")
    assert (weekend.date, weekend.date_precision, weekend.date_basis) == ("2024-W31", "week", "relative")
    ranged = dated(nlp, "Troops shelled the city between January 4 and February 7.", "shelled")
    assert (ranged.date, ranged.date_end, ranged.date_precision) == ("2024-01-04", "2024-02-07", "day")


def test_publication_date_is_the_fallback_at_its_own_precision(nlp):
    ev = dated(nlp, "Israeli jets struck the camp.", "struck")
    assert (ev.date, ev.date_precision, ev.date_basis, ev.date_text) == (PUBLISHED, "day", "publication", None)
    monthly = dated(nlp, "Israeli jets struck the camp.", "struck", published="2024-08", precision="month")
    assert (monthly.date, monthly.date_precision) == ("2024-08", "month")


def test_unknown_date_is_never_invented(nlp):
    relative = dated(nlp, "Hamas fired rockets on Saturday.", "fired", published=None, precision="unknown")
    assert (relative.date, relative.date_precision, relative.date_basis) == (None, "unknown", "unknown")
    assert relative.date_text == "Saturday"
    bare = dated(nlp, "Israeli jets struck the camp.", "struck", published=None, precision="unknown")
    assert (bare.date, bare.date_basis) == (None, "unknown")
    explicit = dated(nlp, "Troops shelled the city on March 3, 2024.", "shelled", published=None, precision="unknown")
    assert (explicit.date, explicit.date_basis) == ("2024-03-03", "explicit")
    # a publication month is not enough to resolve "yesterday"
    coarse = dated(nlp, "Troops shelled the city yesterday.", "shelled", published="2024-08", precision="month")
    assert (coarse.date, coarse.date_basis, coarse.date_text) == (None, "unknown", "yesterday")


def test_references_do_not_date_events(nlp):
    ev = dated(nlp, "Troops are currently shelling the city.", "shelling")
    assert ev.date_basis == "publication"


def test_weekends_said_on_a_weekend(nlp):
    sunday = "2024-08-04"
    assert only(nlp, "The talks stalled over the weekend.", sunday).value == "2024-W31-WE"
    assert only(nlp, "The talks stalled last weekend.", sunday).value == "2024-W30-WE"
    assert only(nlp, "The talks resume next weekend.", sunday).value == "2024-W32-WE"


def test_holidays_and_nights(nlp):
    assert only(nlp, "Fighting paused over Christmas.").value == "2023-12-25"
    assert only(nlp, "The envoy will return by Christmas.").value == "2024-12-25"
    assert only(nlp, "Thanksgiving 2023 was quiet.").value == "2023-11-23"
    assert only(nlp, "Sirens sounded last night.").value == "2024-08-07TNI"
