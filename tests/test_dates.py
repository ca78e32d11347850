"""eventwire.dates: every date value an event can hold, read as the days it covers."""

from datetime import date

import pytest

from eventwire.dates import DateSpan, compare, event_span, first_day, format_date, last_day, overlaps, parse_date


@pytest.mark.parametrize("value, first, last, precision", [
    ("2024-07-25", date(2024, 7, 25), date(2024, 7, 25), "day"),
    ("2024-07-25T14:00", date(2024, 7, 25), date(2024, 7, 25), "day"),
    ("2024-W31", date(2024, 7, 29), date(2024, 8, 4), "week"),
    ("2024-W31-WE", date(2024, 8, 3), date(2024, 8, 4), "week"),
    ("2020-W53", date(2020, 12, 28), date(2021, 1, 3), "week"),  # a week across the new year
    ("2025-W01", date(2024, 12, 30), date(2025, 1, 5), "week"),  # ISO week 1 begins in the year before
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
    ("2023-12", date(2023, 12, 1), date(2023, 12, 31), "month"),
    ("2024", date(2024, 1, 1), date(2024, 12, 31), "year"),
])
def test_every_precision_reads_as_its_days(value, first, last, precision):
    assert parse_date(value) == DateSpan(first, last, precision)
    assert first_day(value) == first and last_day(value) == last


@pytest.mark.parametrize("value", [None, "", "2024-13", "2024-02-30", "2024-W54", "PAST_REF", "XXXX-07-25", "July"])
def test_what_is_not_a_date_value_is_none(value):
    assert parse_date(value) is None
    assert first_day(value) is None


def test_the_week_is_never_the_first_of_january():
    assert first_day("2024-W31") == date(2024, 7, 29)
    assert overlaps("2024-W31", "2024-08-02") is True
    assert overlaps("2024-W31", "2024-01-01") is False


def test_a_range_keeps_its_span():
    span = event_span("2020-04-27", "2020-04-29")
    assert (span.first, span.last, span.precision, span.days) == (date(2020, 4, 27), date(2020, 4, 29), "range", 3)
    assert event_span("2020-04-27", None) == DateSpan(date(2020, 4, 27), date(2020, 4, 27), "day")
    assert event_span("2020-04-27", "2020-04-20").last == date(2020, 4, 27)  # an end before the start is ignored


@pytest.mark.parametrize("a, b, expected", [
    ("2024-07-25", "2024-07-26", -1),
    ("2024-07-26", "2024-07-25", 1),
    ("2024-07-25", "2024-07", 0),
    ("2024-W31", "2024-08", 0),  # 29 July - 4 August meets August
    ("2024-W31", "2024-07-28", 1),
    ("2023", "2024-01-01", -1),
    ("2024-12-31", "2025-W01", 0),  # ISO week 1 of 2025 begins on 30 December 2024
    ("2024-07-25", None, None),
])
def test_compare(a, b, expected):
    assert compare(a, b) == expected


@pytest.mark.parametrize("precision, expected", [
    ("day", "2024-12-30"), ("week", "2025-W01"), ("month", "2024-12"), ("year", "2024"),
])
def test_format_date_writes_each_precision(precision, expected):
    assert format_date(date(2024, 12, 30), precision) == expected
    assert parse_date(expected).contains(date(2024, 12, 30))
