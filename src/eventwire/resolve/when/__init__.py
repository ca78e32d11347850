"""When: time expressions of a sentence and the date of each event.

``find_time_expressions`` finds and normalises every time expression of a
sentence against the publication date (TimeML-style values); ``date_event``
picks the expression that governs an event's trigger and sets the event's
date fields. The grammar lives in ``rules.yaml``.
"""

from .anchor import EventDate, NarrativeTime, date_event, date_reason, decide_date, governing_expression, is_background
from .expressions import TimeExpression, find_time_expressions
from .periods import Period

__all__ = [
    "EventDate", "NarrativeTime", "Period", "TimeExpression", "date_event", "date_reason", "decide_date", "find_time_expressions",
    "governing_expression", "is_background",
]
