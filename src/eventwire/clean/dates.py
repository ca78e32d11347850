"""Publication dates from metadata and datelines, normalised to YYYY-MM-DD.

Only complete dates are accepted; a date without a year is not guessed. Only
dates from ``EARLIEST`` to ``LATEST`` count as publication dates: a page
dated 9999-12-31 or 0001-01-01 is taken as undated, because later stages
reckon days before and after the publication date (relative dates, the
windows of merging and stories) and would step outside the calendar.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

#: the publication dates eventwire accepts (the years between leave any relative date room)
EARLIEST = date(1000, 1, 1)
LATEST = date(2999, 12, 31)

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_ORDINAL = re.compile(r"(\d)(st|nd|rd|th)\b")
_FORMATS = ("%B %d, %Y", "%B %d %Y", "%b %d, %Y", "%b %d %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%d.%m.%Y")


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return _in_range(date(y, m, d))
    except ValueError:
        return None


def _in_range(day: date) -> str | None:
    """YYYY-MM-DD (``isoformat``: year 1 is "0001", where strftime gives "1"), or None outside the range."""
    return day.isoformat() if EARLIEST <= day <= LATEST else None


def in_supported_range(value: str) -> bool:
    """A YYYY-MM-DD date (as ``--date`` takes it) that may be a publication date."""
    return parse_date(value) == value


def parse_date(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    m = _ISO.match(value)
    if m:
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    try:
        parsed = parsedate_to_datetime(value)
        if parsed is not None:
            return _in_range(parsed.date())
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    cleaned = _ORDINAL.sub(r"\1", value).replace("Sept.", "Sep").replace("Sept ", "Sep ")
    for fmt in _FORMATS:
        try:
            return _in_range(datetime.strptime(cleaned, fmt).date())
        except ValueError:
            continue
    return None
