"""The ``code`` stage: sentences to events (PLOVER, CAMEO, ACLED), with evidence.

``Coder`` runs the steps (coder.py): triggers (triggers.py, lexicon.py),
light verbs and arguments (arguments.py, modality.py), wrappers
(compose.py) and the principal event (salience.py); batch.py is the
``eventwire code`` / ``explain`` interface.
"""

from .coder import Coder
from .found import Candidate, SentenceResult
from .lexicon import Trigger
from .salience import principal_event

__all__ = ["Candidate", "Coder", "SentenceResult", "Trigger", "principal_event"]
