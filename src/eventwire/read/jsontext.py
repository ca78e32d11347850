"""JSON as eventwire accepts it: strict about what JSON is, tolerant of values it cannot use.

Python's ``json`` accepts ``NaN`` and ``Infinity`` (not JSON: a record with
them could never be written back as JSON), raises a bare ``ValueError`` on an
integer of more than 4,300 digits (one such value would stop a whole run),
turns ``1e400`` into ``inf``, and lets an escaped lone surrogate (``"\\ud800"``)
through into text that no UTF-8 file, database or terminal can take.

``loads`` refuses NaN and Infinity (``JSONDecodeError``-like ``ValueError``)
and returns a ``BigNumber`` for a number Python cannot hold as it is, so the
record stays readable and only a field that needs that value is refused.
``unusable`` names what in a value cannot be used (a lone surrogate, a
``BigNumber``) so the caller can turn it into one problem record.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

#: Python's own limit on converting digit strings to int (sys.get_int_max_str_digits)
MAX_DIGITS = 4300
_SURROGATE = re.compile("[\ud800-\udfff]")


class BigNumber:
    """A JSON number too large (or too long) for Python: kept as its text, never used as a value."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"BigNumber({len(self.text)} characters)"

    def describe(self) -> str:
        digits = sum(ch.isdigit() for ch in self.text)
        return f"a number with {digits} digits" if digits > MAX_DIGITS else f"a number out of range ({self.text[:20]})"


class NotJSON(ValueError):
    """A constant JSON does not have (NaN, Infinity)."""


def _int(text: str) -> int | BigNumber:
    return BigNumber(text) if len(text) > MAX_DIGITS else int(text)


def _float(text: str) -> float | BigNumber:
    value = float(text)
    return value if math.isfinite(value) else BigNumber(text)


def _constant(name: str) -> Any:
    raise NotJSON(f"{name} is not a JSON value")


def loads(text: str | bytes) -> Any:
    """``json.loads`` as above: NaN/Infinity refused (``NotJSON``), huge numbers as ``BigNumber``."""
    return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)


def lone_surrogate(text: str) -> str | None:
    """The first lone surrogate of ``text`` as ``\\udXXX``, or None."""
    m = _SURROGATE.search(text)
    return f"a lone surrogate \\u{ord(m.group()):04x}" if m else None


def unusable(value: Any, name: str, *, numbers: bool = True, depth: int = 0) -> str | None:
    """What in ``value`` (the field ``name``) cannot be used or written back, or None.

    ``numbers=False``: only text counts (a ``BigNumber`` in a field that is
    skipped unless it holds text does no harm)."""
    if isinstance(value, str):
        found = lone_surrogate(value)
        return f"{found} in {name!r}" if found else None
    if isinstance(value, BigNumber):
        return f"{name!r} is {value.describe()}" if numbers else None
    if depth > 50:
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            found = (unusable(key, f"{name} key", numbers=numbers, depth=depth + 1)
                     or unusable(item, name, numbers=numbers, depth=depth + 1))
            if found:
                return found
    elif isinstance(value, list):
        for item in value:
            found = unusable(item, name, numbers=numbers, depth=depth + 1)
            if found:
                return found
    return None
