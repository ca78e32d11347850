"""Publication dates from metadata and datelines, normalised to YYYY-MM-DD.

Only complete dates are accepted; a date without a year is not guessed.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_ORDINAL = re.compile(r"(\d)(st|nd|rd|th)\b")
_FORMATS = ("%B %d, %Y", "%B %d %Y", "%b %d, %Y", "%b %d %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d", "%d.%m.%Y")


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return datetime(y, m, d).strftime("%Y-%m-%d")
    except ValueError:
        return None


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
            return parsed.strftime("%Y-%m-%d")
    except (TypeError, ValueError, IndexError):
        pass
    cleaned = _ORDINAL.sub(r"\1", value).replace("Sept.", "Sep").replace("Sept ", "Sep ")
    for fmt in _FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).strftime("%Y-%m-%d")
        except ValueError:
            continue
    return None
