"""The ``code`` stage: sentences to events (PLOVER, CAMEO, ACLED), with evidence."""

from .coder import Candidate, Coder, SentenceResult
from .lexicon import Trigger

__all__ = ["Candidate", "Coder", "SentenceResult", "Trigger"]
