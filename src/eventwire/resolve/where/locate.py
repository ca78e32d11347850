"""Where each event happened: ``locate_events(events, analysis, places)``.

The location is, in order of preference, a place in the event's clause (a
locative phrase hanging on the trigger or its verb: "in Jabalya", "during
her visit to Dubai"; a passive subject that is a place: "the Jabalya camp was
hit"; or, for material events, the recipient when it is a place: "struck
Gaza"), then a place elsewhere in the sentence, then the article's dateline,
then the actor's (or recipient's) country. ``event.location_basis`` says
which: "clause", "sentence", "dateline", "actor_country" or "unknown".
Among several places at one level the most specific wins (a camp over its
city, a city over its country), then the nearest to the trigger.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ...analyze import Analysis
from ...model import Event, Place, PlaceMention
from ...rules import read_rules
from .gazetteer import feature_rank
from .places import PlaceFinder, default_finder

HERE = Path(__file__).parent
VERBS = ("VERB", "AUX")
#: recognisers whose mentions are not places where something happens ("Egyptian President")
NOT_LOCATIONS = ("demonym",)


@lru_cache(maxsize=1)
def rules() -> dict:
    data = read_rules(HERE / "locate.yaml")
    return {k: set(v) for k, v in data.items()}


def _tokens_at(span, start: int, end: int) -> list:
    """Tokens of a sentence span overlapping [start, end) (offsets into the sentence)."""
    base = span.start_char
    return [t for t in span if t.idx - base < end and t.idx - base + len(t.text) > start]


def _head_of(tokens: list):
    """The token of a phrase whose head lies outside it."""
    ids = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in ids or t.head.i == t.i:
            return t
    return tokens[0]


def _clause_root(trigger):
    """The verb whose clause the trigger belongs to (the trigger itself when it is a verb)."""
    tok = trigger
    while tok.pos_ not in VERBS and tok.head.i != tok.i:
        tok = tok.head
    return tok if tok.pos_ in VERBS else trigger


def _path_to(tok, root) -> list | None:
    """Tokens from ``tok`` up to ``root`` (exclusive), or None when ``root`` is not an ancestor
    or the way crosses into another clause."""
    path = []
    boundaries = rules()["clause_boundaries"]
    while tok.i != root.i:
        if tok.dep_ in boundaries and tok.pos_ in VERBS:
            return None
        path.append(tok)
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return path


def _overlaps(a: tuple[int, int] | None, start: int, end: int) -> bool:
    return a is not None and a[0] < end and start < a[1]


class EventLocator:
    def __init__(self, finder: PlaceFinder | None = None) -> None:
        self.finder = finder or default_finder()
        self.r = rules()

    def _clause_place(self, event: Event, span, mentions: list[PlaceMention]) -> PlaceMention | None:
        evidence = event.evidence[0]
        trigger_tokens = _tokens_at(span, *evidence.trigger)
        if not trigger_tokens:
            return None
        trigger = _head_of(trigger_tokens)
        root = _clause_root(trigger)
        recipient = evidence.arguments.get("recipient")
        best: tuple | None = None
        for mention in mentions:
            tokens = _tokens_at(span, mention.place.start, mention.place.end)
            if not tokens:
                continue
            head = _head_of(tokens)
            path = _path_to(head, root)
            if path is None and root is not trigger:
                path = _path_to(head, trigger)
            if path is None:
                continue
            role = self._role(head, mention)
            if role is None:
                continue
            if role == "recipient" and not (_overlaps(recipient, mention.place.start, mention.place.end)
                                            and event.event in self.r["place_recipient_events"]):
                continue
            key = (feature_rank(mention.place.feature), len(path), mention.start)
            if best is None or key < best[0]:
                best = (key, mention)
        return best[1] if best else None

    def _role(self, head, mention: PlaceMention) -> str | None:
        """How a place takes part in its clause: "locative" (where), "recipient" (a direct object)
        or None (a participant: subject, possessor, modifier of a person)."""
        if head.dep_ == "pobj" and head.head.lower_ in self.r["locative_prepositions"]:
            return "locative"
        if head.dep_ == "nsubjpass":
            return "locative"  # "the camp was hit"
        if head.dep_ == "nsubj" and head.head.pos_ == "AUX" and mention.place.feature not in ("country",):
            return "locative"  # "the camp was particularly hard hit" (parsed as a copula)
        if head.dep_ in ("dobj", "pobj", "conj", "appos"):
            return "recipient"
        return None

    def _sentence_place(self, event: Event, span, mentions: list[PlaceMention]) -> PlaceMention | None:
        """A place written as a location somewhere else in the sentence ("... in Gaza, officials said")."""
        evidence = event.evidence[0]
        actor = evidence.arguments.get("actor")
        usable = []
        for m in mentions:
            tokens = _tokens_at(span, m.place.start, m.place.end) if span is not None else []
            if not tokens or _overlaps(actor, m.place.start, m.place.end):
                continue
            if self._role(_head_of(tokens), m) == "locative":
                usable.append(m)
        if not usable:
            return None
        return min(usable, key=lambda m: (feature_rank(m.place.feature),
                                          abs(m.place.start - evidence.trigger[0])))

    def _actor_country(self, event: Event) -> Place | None:
        sides = [event.recipient, event.actor] if event.event in self.r["place_recipient_events"] else [
            event.actor, event.recipient]
        for side in sides:
            for actor in side:
                code = actor.country or actor.code  # a group's home country, not its own code (HAMAS -> PSE)
                if code and code not in self.r["not_countries"]:
                    place = self.finder.country_place(code)
                    if place is not None:
                        place.text = actor.text
                        return place
        return None

    def locate(self, events: list[Event], analysis: Analysis | None, places: list[PlaceMention]) -> None:
        spans = {s.index: span for s, span in analysis.sentence_spans()} if analysis is not None else {}
        by_sentence: dict[int, list[PlaceMention]] = {}
        for mention in places:
            if mention.recogniser not in NOT_LOCATIONS:
                by_sentence.setdefault(mention.sentence_index, []).append(mention)
        dateline = None
        if analysis is not None and analysis.article.dateline_place:
            dateline = self.finder.resolve_name(analysis.article.dateline_place, places)
        for event in events:
            event.location, event.location_basis = self._locate_one(event, spans, by_sentence, dateline)

    def _locate_one(self, event, spans, by_sentence, dateline):
        evidence = event.evidence[0] if event.evidence else None
        if evidence is not None and evidence.sentence_index in spans:
            mentions = by_sentence.get(evidence.sentence_index, [])
            if mentions:
                found = self._clause_place(event, spans[evidence.sentence_index], mentions)
                if found is not None:
                    return _copy(found.place), "clause"
                found = self._sentence_place(event, spans[evidence.sentence_index], mentions)
                if found is not None:
                    return _copy(found.place), "sentence"
        if dateline is not None:
            return dateline, "dateline"
        place = self._actor_country(event)
        if place is not None:
            return place, "actor_country"
        return None, "unknown"


def _copy(place: Place) -> Place:
    return Place(**vars(place))


@lru_cache(maxsize=1)
def default_locator() -> EventLocator:
    return EventLocator()


def locate_events(events: list[Event], analysis: Analysis | None, places: list[PlaceMention],
                  locator: EventLocator | None = None) -> None:
    """Set ``location`` and ``location_basis`` on every event (see the module docstring)."""
    (locator or default_locator()).locate(events, analysis, places)


__all__ = ["EventLocator", "default_locator", "locate_events"]
