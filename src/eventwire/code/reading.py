"""Step 3, reading a trigger: who does it to whom (roles.py), whether the sentence asserts it
(modality.py) and how central it is (salience.py).

One object does the three in order, so composition (compose.py) reads a
wrapper it revives exactly as the coder reads every trigger.
"""

from __future__ import annotations

from ..model import Actor
from .found import Found
from .modality import trigger_modality
from .roles import Roles
from .salience import trigger_salience


class TriggerReader:
    """Fills a trigger's actors, recipients, modality, penalty and salience."""

    def __init__(self, roles: Roles) -> None:
        self.roles = roles

    def read(self, f: Found, date, context: list[Actor]) -> None:
        self.roles.assign(f, date, context)
        f.modality, f.penalty = trigger_modality(f, date)
        f.salience = trigger_salience(f)
