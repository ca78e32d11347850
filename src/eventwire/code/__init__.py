"""The ``code`` stage: sentences to events (PLOVER, CAMEO, ACLED), with evidence.

``Coder`` (coder.py) runs the steps, one module each: triggers
(triggers.py, lexicon.py), carriers (carriers.py), reading (reading.py:
roles.py over arguments.py, modality.py, salience.py), composition
(compose.py), decision (decision.py, events.py) and accusations by report
(accusations.py). The knowledge is data: verbs.tsv, nouns.tsv and
patterns.yaml (with the confidence weights); the reporting verbs are in
analyze/words.yaml. ``pipeline/lines.py`` is the ``eventwire code`` /
``explain`` interface.
"""

from .coder import Coder
from .found import Candidate, SentenceResult
from .lexicon import Trigger
from .salience import principal_event

__all__ = ["Candidate", "Coder", "SentenceResult", "Trigger", "principal_event"]
