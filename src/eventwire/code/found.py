"""What the coder keeps about a sentence while coding it: candidates and triggers on their way to events."""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import ontology
from ..model import Actor, Event
from .lexicon import Trigger


@dataclass
class Candidate:
    """One possible trigger and what became of it (for ``explain``)."""

    token: str
    start: int
    end: int
    trigger: str | None
    decision: str  # "event" or "rejected"
    reason: str
    events: list[Event] = field(default_factory=list)


@dataclass
class SentenceResult:
    events: list[Event]
    candidates: list[Candidate]


@dataclass
class Found:
    """A trigger on its way to becoming events: its code, arguments and status.

    Each step of the coder fills its part: triggers (1) the trigger and
    ``dropped``, carriers (2) ``carrier`` to ``theme_of``, reading (3) actors to
    salience, composition (4) ``wrapped_by`` and the wrapper's code, decision (5)
    ``attribution`` and the candidate's events.
    """

    tok: object  # the trigger token (the noun, for nouns carried by a light verb)
    trigger: Trigger
    cand: Candidate
    carrier: object | None = None  # light verb or event predicate that carries a noun
    recipient_carrier: bool = False  # "Russia faces sanctions": the carrier's subject is hit
    subject_of_carrier: bool = False  # "clashes erupted", "an air strike killed five"
    own_actors_only: bool = False  # the actor only from the noun's own phrase
    position: object | None = None  # the noun phrase that stands in the clause for a noun trigger
    theme_of: object | None = None  # the verb whose object this noun is ("condemned the strike")
    code: ontology.CameoCode | None = None
    event: str = ""
    mode: str | None = None
    rule: str = ""
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    modality: str = "asserted"
    penalty: float = 0.0
    salience: float = 1.0
    attribution: Actor | None = None
    wrapped_by: Found | None = None
    dropped: str | None = None  # why it gives no event
    #: a noun with no carrier whose own phrase names no participant ("the ceasefire", "sanctions official")
    in_passing: bool = False
    #: argument phrases left out because they name no agent ("the bill"), for ``explain``
    not_agents: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.code = self.trigger.cameo
        self.event, self.mode, self.rule = self.trigger.event, self.trigger.mode, self.trigger.rule

    @property
    def anchor(self):
        """The token that places the event in the clause structure."""
        return self.carrier if self.carrier is not None else self.tok
