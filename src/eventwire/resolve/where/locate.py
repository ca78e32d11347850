"""Where each event happened: ``locate_events(events, analysis, places)``.

The location is, in order of preference, a place in the event's clause (a
locative phrase hanging on the trigger or its verb: "in Jabalya", "during
her visit to Dubai"; a passive subject that is a place: "the Jabalya camp was
hit"; or, for material events, the recipient when it is a place: "struck
Gaza"), then a place elsewhere in the sentence, then, for a material event, the scene of the story (the place of a nearby
sentence), then the article's dateline. ``event.location_basis`` says which:
"clause", "sentence", "scene", "dateline" or "unknown". An actor's country is
never taken for the place (it used to be: "actor_country"), and a place's
``precision`` (1 town, 2 near it or its district, 3 province or coarser) says
how exactly the point is the place.
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
    return {k: list(v) if k in ("scene_offsets", "scene_max_sentences") else set(v) for k, v in data.items()}


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


def _containers_in(span, mentions: list[PlaceMention]) -> set[int]:
    """Mentions that only say where another mention is: "Diffa" in "Kindjandi (Gueskerou, Diffa)",
    "Kharkiv" in "near Izium, Kharkiv" (an apposition, directly or through another)."""
    heads: dict[int, PlaceMention] = {}
    for m in mentions:
        tokens = _tokens_at(span, m.place.start, m.place.end)
        if tokens:
            heads[_head_of(tokens).i] = m
    out: set[int] = set()
    for i, m in heads.items():
        node = span.doc[i]
        while node.dep_ in ("appos", "npadvmod") and node.head.i != node.i:
            node = node.head
            if node.i in heads:
                out.add(id(m))
                break
    return out


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
        found = self._place_in_clause(event, span, mentions, trigger, root)
        # "attacked Kindjandi, killing two civilians": a participle or coordinated verb tells the
        # story of the clause it hangs on, and takes that clause's place
        for _ in range(2):
            if found is not None or root.dep_ not in ("advcl", "xcomp", "conj") or root.head.i == root.i:
                break
            trigger = root.head
            root = _clause_root(trigger)
            found = self._place_in_clause(event, span, mentions, trigger, root)
        return found

    def _place_in_clause(self, event: Event, span, mentions: list[PlaceMention], trigger, root) -> PlaceMention | None:
        evidence = event.evidence[0]
        recipient = evidence.arguments.get("recipient")
        best: tuple | None = None
        held = _containers_in(span, mentions)
        for mention in mentions:
            tokens = _tokens_at(span, mention.place.start, mention.place.end)
            if not tokens or id(mention) in held:
                continue
            head = _head_of(tokens)
            path = _path_to(head, root)
            if path is None and root is not trigger:
                path = _path_to(head, trigger)
            if path is None:
                continue
            role = self._role(head, mention, material=self._happening(event))
            if role is None:
                continue
            if role == "origin":
                continue
            if role == "recipient" and not (event.event in self.r["place_recipient_events"] and (
                    _overlaps(recipient, mention.place.start, mention.place.end)
                    or self._happening(event) and sum(t.dep_ not in ("compound", "appos") for t in path) <= 1)):
                continue  # "shelled Avdiivka", "attacked Kindjandi": the object of a material act
            key = (feature_rank(mention.place.feature), len(path), mention.start)
            if best is None or key < best[0]:
                best = (key, mention)
        return best[1] if best else None

    def _reported(self, event: Event, spans) -> bool:
        """An event in a reported clause ("the army said its aircraft had struck positions east of
        the city") is the speaker's, not the report's own incident: no scene for it."""
        evidence = event.evidence[0] if event.evidence else None
        span = spans.get(evidence.sentence_index) if evidence is not None else None
        tokens = _tokens_at(span, *evidence.trigger) if span is not None else []
        return bool(tokens) and _clause_root(_head_of(tokens)).dep_ == "ccomp"

    def _happening(self, event: Event) -> bool:
        """Something that takes place somewhere: a material act (quad class 2 or 4) or a protest, a
        mobilisation, a retreat (place_recipient_events), as opposed to words."""
        return event.quad_class in (2, 4) or event.event in self.r["place_recipient_events"]

    def _role(self, head, mention: PlaceMention, material: bool = False) -> str | None:
        """How a place takes part in its clause: "locative" (where), "recipient" (a direct object)
        or None (a participant: subject, possessor, modifier of a person)."""
        compound = False
        for _ in range(4):  # "Herat city" in "in the Shidai area of PD8, Herat city": the area's role
            if head.dep_ in ("appos", "compound") and head.head.i != head.i:
                compound = compound or head.dep_ == "compound"
                head = head.head  # "attacked a Mandera police post": the post's role
            elif head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.pos_ in ("NOUN", "PROPN") \
                    and head.head.head.dep_ == "pobj":
                head = head.head.head  # "in the village of Tokoro", "in the limits of Qalat city"
            else:
                break
        if head.dep_ == "pobj" and (head.head.lower_ in self.r["locative_prepositions"] or (
                material and head.head.lower_ in self.r["material_prepositions"])):
            return "locative"
        if head.dep_ == "nsubjpass":
            return "locative"  # "the camp was hit"
        if head.dep_ == "nsubj" and head.head.pos_ == "AUX" and mention.place.feature not in ("country",):
            return "locative"  # "the camp was particularly hard hit" (parsed as a copula)
        if compound and head.dep_ in ("nsubj", "nsubjpass"):
            return "origin"  # "Embu residents protest", "Muranga residents held a demonstration"
        if head.dep_ in ("dobj", "pobj", "conj", "appos"):
            if head.dep_ == "pobj" and head.head.lower_ in ("of", "from") and head.head.head.dep_ in (
                    "nsubj", "nsubjpass"):
                return "origin"  # "residents of Ngecha village demonstrated"
            return "recipient"
        return None

    def _same_story(self, head, trigger_tokens: list) -> bool:
        """Whether a place's clause tells the event's story: the trigger's clause, a clause above it
        ("In Khan Younis, officials said the sides agreed"), or one hanging on it as a participle,
        infinitive or coordinated verb ("clashed ..., killing 2 soldiers, in Puli Alam"); not a
        relative or reported clause about something else ("indicted a girl who was filmed in the
        West Bank", "said a tank in Israel had fired")."""
        if not trigger_tokens:
            return True
        root = _clause_root(_head_of(trigger_tokens))
        verb = head if head.pos_ in VERBS else None
        node = head
        while verb is None and node.head.i != node.i:
            node = node.head
            if node.pos_ in VERBS:
                verb = node
        if verb is None or verb.i == root.i:
            return True
        if any(a.i == verb.i for a in root.ancestors):
            return True
        node = verb
        while node.i != root.i:
            if node.pos_ in VERBS and node.dep_ not in self.r["story_clauses"]:
                return False
            if node.head.i == node.i:
                return False  # not below the trigger's clause either: another sentence part
            node = node.head
        return True

    def _sentence_place(self, event: Event, span, mentions: list[PlaceMention]) -> PlaceMention | None:
        """A place written as a location somewhere else in the sentence ("... in Gaza, officials said")."""
        evidence = event.evidence[0]
        actor = evidence.arguments.get("actor")
        trigger_tokens = _tokens_at(span, *evidence.trigger) if span is not None else []
        usable = []
        held = _containers_in(span, mentions) if span is not None else set()
        for m in mentions:
            tokens = _tokens_at(span, m.place.start, m.place.end) if span is not None else []
            if not tokens or _overlaps(actor, m.place.start, m.place.end) or id(m) in held:
                continue
            head = _head_of(tokens)
            if self._role(head, m, material=self._happening(event)) == "locative" and (self._happening(event)
                                                       or self._same_story(head, trigger_tokens)):
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

    def _scenes(self, spans, by_sentence) -> dict[int, PlaceMention]:
        """Per sentence, the place written there as where something happens ("in Kabul city",
        "near Izium"): the most specific, then the first."""
        out: dict[int, PlaceMention] = {}
        for index, mentions in by_sentence.items():
            span = spans.get(index)
            if span is None:
                continue
            usable = [m for m in mentions if (tokens := _tokens_at(span, m.place.start, m.place.end))
                      and self._role(_head_of(tokens), m) == "locative"]
            if usable:
                out[index] = min(usable, key=lambda m: (feature_rank(m.place.feature), m.start))
        return out

    def locate(self, events: list[Event], analysis: Analysis | None, places: list[PlaceMention]) -> None:
        spans = {s.index: span for s, span in analysis.sentence_spans()} if analysis is not None else {}
        by_sentence: dict[int, list[PlaceMention]] = {}
        for mention in places:
            if mention.recogniser not in NOT_LOCATIONS:
                by_sentence.setdefault(mention.sentence_index, []).append(mention)
        dateline = None
        if analysis is not None and analysis.article.dateline_place:
            dateline = self.finder.resolve_name(analysis.article.dateline_place, places)
        short = len(spans) <= max(self.r["scene_max_sentences"])
        scenes = self._scenes(spans, by_sentence) if short else {}
        for event in events:
            event.location, event.location_basis = self._locate_one(event, spans, by_sentence, dateline, {})
            if event.location is not None and event.location_basis in ("clause", "sentence"):
                self._near(event, spans)
                evidence = event.evidence[0] if event.evidence else None
                if short and evidence is not None and self._happening(event) and event.location.start is not None:
                    # the place a happening in this sentence took place is the sentence's scene too
                    for m in by_sentence.get(evidence.sentence_index, []):
                        if m.place.start == event.location.start and m.place.end == event.location.end:
                            scenes.setdefault(evidence.sentence_index, m)
        if scenes:
            for event in events:
                if event.location_basis in ("unknown", "dateline") and not self._reported(event, spans):
                    found = self._scene_place(event, scenes)
                    if found is not None:
                        event.location, event.location_basis = _copy(found.place), "scene"

    def _near(self, event: Event, spans) -> None:
        """"near Izium", "outside Kabul": near the place, not at it (precision 2 at best)."""
        place = event.location
        evidence = event.evidence[0] if event.evidence else None
        span = spans.get(evidence.sentence_index) if evidence is not None else None
        if span is None or place.start is None or not place.precision or place.precision > 1:
            return
        tokens = _tokens_at(span, place.start, place.end)
        if not tokens:
            return
        head = _head_of(tokens)
        if head.dep_ == "pobj" and head.head.lower_ in self.r["near_prepositions"]:
            place.precision = 2

    def _origin_place(self, event: Event, spans, by_sentence) -> PlaceMention | None:
        """For a material event, where its participants are from, when nothing else places it:
        "residents of Ngecha village demonstrated"."""
        evidence = event.evidence[0] if event.evidence else None
        if evidence is None or not self._happening(event) or evidence.sentence_index not in spans:
            return None
        span = spans[evidence.sentence_index]
        for m in by_sentence.get(evidence.sentence_index, []):
            tokens = _tokens_at(span, m.place.start, m.place.end)
            if tokens and self._role(_head_of(tokens), m) == "origin":
                return m
        return None

    def _scene_place(self, event: Event, scenes: dict[int, PlaceMention]) -> PlaceMention | None:
        """A material event (a clash, a strike, a protest, an arrest) whose sentence names no place
        happened where the story is: the place of a nearby sentence, the nearest before it first
        ("Gunmen attacked the village of X ... Two people were killed.")."""
        evidence = event.evidence[0] if event.evidence else None
        if evidence is None or evidence.sentence_index is None or not self._happening(event):
            return None
        index = evidence.sentence_index
        for offset in self.r["scene_offsets"]:
            found = scenes.get(index + offset)
            if found is not None:
                return found
        return None

    def _locate_one(self, event, spans, by_sentence, dateline, scenes=None):
        """Clause, sentence, the story's scene, the dateline; else unknown. An actor's country is
        never taken for the place: "Nigerian troops" fight in Niger too."""
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
        found = self._origin_place(event, spans, by_sentence)
        if found is not None:
            return _copy(found.place), "sentence"
        found = self._scene_place(event, scenes or {})
        if found is not None:
            return _copy(found.place), "scene"
        if dateline is not None:
            return dateline, "dateline"
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


__all__ = ["EventLocator", "default_locator", "locate_events", "place_reason"]


BASIS_WORDS = {
    "clause": "named in the event's own clause",
    "sentence": "named as a location elsewhere in its sentence",
    "scene": "no place in its sentence; the place of the incident a nearby sentence of this short report names",
    "dateline": "the article's dateline",
}
PRECISION_WORDS = {1: "the town or site itself", 2: "near the town, or its district",
                   3: "only its province or a coarser area"}


def place_reason(event: Event) -> str:
    """Why the event has its place, in words (for ``eventwire explain``)."""
    place = event.location
    if place is None:
        return "unknown: no place written where the event happened (an actor's country is not taken for it)"
    what = f"{place.name} ({place.country or '?'}, {place.feature or '?'}"
    if place.admin1:
        what += f", {place.admin1}"
    what += f"; precision {place.precision}: {PRECISION_WORDS.get(place.precision or 3, '')})"
    if place.geonameid is None and place.text and place.precision and place.precision > 1:
        what += "; the gazetteer does not know it: placed at the division or town its context names"
    if place.feature == "country":
        what += "; country level: the country's centre, not the place"
    return f"{what}: {BASIS_WORDS.get(event.location_basis, event.location_basis)}"
