"""Word lists about reported speech, kept below the stages that read them (words.yaml).

The coder and the sources stage both ask "is this a reporting verb?"; the
vocabulary has one home here so the two answers are written side by side,
with the reason they differ.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..rules import read_rules

HERE = Path(__file__).parent


@lru_cache(maxsize=1)
def _lists() -> dict[str, frozenset[str]]:
    data = read_rules(HERE / "words.yaml", ("reported_speech_verbs", "source_verbs"))
    return {name: frozenset(str(w).lower() for w in words) for name, words in data.items()}


def reported_speech_verbs() -> frozenset[str]:
    """Verbs whose complement is reported speech (the coder's reporting verbs)."""
    return _lists()["reported_speech_verbs"]


def source_verbs() -> frozenset[str]:
    """Verbs whose subject is the source of a claim (the sources stage's reporting verbs)."""
    return _lists()["source_verbs"]
