"""ACLED's view of an article's events: who the sides are, one type per ACLED event, its fatalities.

The last resolve step. The coder reads one verb at a time; ACLED codes the
event a report describes, from all of it. So this step

1. completes every actor: a group's home country and ACLED type from the
   knowledge base, and a generic agent ("gunmen", "police", "residents") the
   country of the event's place (else the article's) when its text gives none;
2. gathers the events that report one ACLED event: the events of a sentence
   that share a side, and the sentences after it in the same paragraph that go
   on about it (a pronoun or "the militants" as actor, the police response to
   a protest, "the victim died", "1 fatality");
3. types that ACLED event from every event and sentence in it (acled.tsv:
   the means, a protest met by arrests or turned violent, two armed sides or
   one, only property hit, ...), and gives the type, the sides' inter codes
   and names and the fatalities to its lead event; the other events of it
   carry no ACLED type, so no ACLED event is written twice.

Events not asserted (planned, denied, hypothetical) are typed on their own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..actors import ActorResolver, default_resolver, norm
from ..model import Actor, Count, Event
from ..ontology import acled as A

#: PLOVER types that can report an ACLED event (verbal events never do)
ACLED_EVENTS = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE", "RETREAT", "AGREE", "CONCEDE", "COOPERATE",
                          "THREATEN", "AID"})
#: modes and hints read under another name (see read_event), and those the table does not read
MODE_KEYS = {"riot": "riot-mode", "explosives": "explosion"}
IGNORED_MODES = frozenset({"missile", "reciprocal"})
#: events an ACLED event is built from: reported as having happened (now or before)
TYPED = frozenset({"asserted", "historical"})
_PRONOUN = re.compile(r"^(?:he|she|they|it|we|them|who|which|the (?:\w+ ){0,2}\w+|these \w+|those \w+)$", re.IGNORECASE)
_HARM_WORDS = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|dead|died|deaths?|wound(?:ed|ing|s)?|injur(?:ed|ing|y|ies)|hurt|fatalit(?:y|ies)|"
    r"shot|stabbed|hacked|beat(?:en)?|assaulted|abduct(?:ed|ion)|kidnapp?(?:ed|ing)|raped|lynched|"
    r"murder(?:ed)?|massacred?|bod(?:y|ies)|victims?)\b", re.IGNORECASE)
#: "no casualties", "without injuries", "fatalities unknown": harm words that say nobody was hurt
_DENIED_BEFORE = re.compile(r"\b(?:no|without|not|nor|any|unknown|unclear)\b[^.;,]{0,20}$", re.IGNORECASE)
_DENIED_AFTER = re.compile(r"^[^.;,]{0,15}\b(?:unknown|unclear|not (?:known|reported))\b", re.IGNORECASE)
_KILL_TRIGGER = re.compile(r"\b(?:kill|murder|shot dead|shoot dead|gun(?:ned)? down|behead|lynch|execut|assassinat|slain|slay|"
                           r"massacr|stoned to death|hacked to death|beat(?:en)? to death|burn(?:ed|t)? (?:alive|to death)|died)",
                           re.IGNORECASE)
_TOTAL = re.compile(r"^(?:a total of |in total |at least )?\d+ (?:fatalit(?:y|ies)|deaths?|dead)$|\btoll\b|\btotal\b", re.IGNORECASE)
_BARE = re.compile(r"^(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)$", re.IGNORECASE)
_CLAIM = re.compile(r"\bclaim(?:s|ed|ing)?\b", re.IGNORECASE)
_RESTATED = re.compile(r"^(?:the|these|those|all|both)\b", re.IGNORECASE)
#: a headline-style passive: "Four police and one reservist killed", "Journalist attacked for ..."
_REDUCED_PASSIVE_AFTER = re.compile(r"^\s*(?:[,.;:)\]-]|$|by\b|in\b|at\b|on\b|during\b|after\b|when\b|while\b|near\b|"
                                    r"following\b|over\b|for\b|as\b|and\b|outside\b|inside\b)", re.IGNORECASE)
_AUXILIARY = re.compile(r"\b(?:was|were|is|are|been|being|be|has|have|had|got|get|gets)\s+(?:\w+\s+)?$", re.IGNORECASE)


@dataclass
class AcledEvent:
    """The events (and their sentences) that report one ACLED event, and how it was typed."""

    events: list[Event] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    lead: Event | None = None  # the event that carries the ACLED type
    reading: "Reading | None" = None
    row: A.AcledRow | None = None  # the row of acled.tsv that decided

    def explain(self) -> dict:
        """Why this ACLED event has its type (for ``eventwire explain``)."""
        def side(actor: Actor | None, kind: str) -> str:
            return f"{actor.text} ({kind})" if actor is not None else kind

        r = self.reading
        return {
            "sentences": self.sentences,
            "events": [f"{e.event}/{e.mode or '-'} '{_trigger_and_after(e).split(' ')[0]}'" for e in self.events],
            "lead": self.events.index(self.lead) if self.lead is not None else None,
            "acled_type": self.lead.acled_type if self.lead is not None else None,
            "acled_subtype": self.lead.acled_subtype if self.lead is not None else None,
            "rule": f"acled.tsv line {self.row.line}: {self.row.event} | {'&'.join(self.row.keys) or '*'} | "
                    f"{self.row.actor} | {self.row.target}" if self.row is not None else "no row applies",
            "keys": sorted(r.keys) if r else [],
            "actor": side(r.actor, r.actor_type) if r else None,
            "target": side(r.target, r.target_type) if r else None,
            "country": r.country if r else None,
            "inter": [self.lead.acled_inter1, self.lead.acled_inter2] if self.lead is not None else None,
            "fatalities": self.lead.fatalities if self.lead is not None else None,
        }

    def codes(self) -> set[tuple[str, str, str]]:
        return {side_key(a) for e in self.events for a in (*e.actor, *e.recipient) if a.code or a.text}


def side_key(actor: Actor) -> tuple[str, str, str]:
    """Who an actor is: a named one by its code and name, a generic one also by its sector and words
    (the police and the gunmen of one town share a country code, not an identity)."""
    return (actor.code or "", actor.sector or "", actor.name or ("" if actor.resolved else norm(actor.text)))


def _sentence_of(ev: Event) -> int | None:
    return ev.evidence[0].sentence_index if ev.evidence else None


def _reduced_passive(ev: Event) -> bool:
    """"Four police killed, two missing": the parse made the victims the actor of a participle with no
    auxiliary and no object; ACLED reads them as the side acted upon."""
    if ev.event != "ASSAULT" or not ev.actor or not ev.evidence:
        return False
    sentence = ev.evidence[0].sentence
    s, e = ev.evidence[0].trigger
    word = sentence[s:e]
    if not re.fullmatch(r"\w+(?:ed|en|shot|hurt)", word, re.IGNORECASE):
        return False
    if any(end > s for _, end in ev.evidence[0].arguments.values()):
        return False  # a side after the participle is its object: an active verb
    return bool(_REDUCED_PASSIVE_AFTER.match(sentence[e:])) and not _AUXILIARY.search(sentence[:s])


def _trigger_and_after(ev: Event) -> str:
    """The trigger and the three words after it ("shot dead", "burned him to death")."""
    if not ev.evidence:
        return ""
    s, e = ev.evidence[0].trigger
    after = ev.evidence[0].sentence[e:].split()[:3]
    return " ".join([ev.evidence[0].sentence[s:e], *after])


def complete_known_actors(events: Sequence[Event], resolver: ActorResolver | None = None) -> None:
    """Home country and ACLED type of the actors the knowledge base knows (a group's code gives its country)."""
    resolver = resolver or default_resolver()
    for ev in events:
        _own_actors(ev)
        for actor in (*ev.actor, *ev.recipient):
            resolver.complete(actor)


def _own_actors(ev: Event) -> None:
    """Give the event its own actor objects before filling them in: the coder may share one object
    between events (and its caches between articles), and what one event's place says must not leak."""
    ev.actor = [replace(a) for a in ev.actor]
    ev.recipient = [replace(a) for a in ev.recipient]


# --- 1. actors --------------------------------------------------------------------------------
def complete_actors(events: Sequence[Event], article_country: str | None, resolver: ActorResolver | None = None) -> None:
    """Home country and ACLED type for every actor; a generic agent gets the country of the event's place.

    A state sector word ("the soldiers", "police") takes the country of the last
    actor of that sector the article named ("Nigerian troops ... the soldiers")
    before the place's.
    """
    resolver = resolver or default_resolver()
    last_state: dict[str, str] = {}
    for ev in events:
        _own_actors(ev)
        place = event_country(ev) or article_country
        for actor in (*ev.actor, *ev.recipient):
            resolver.complete(actor)
            if actor.country and actor.sector and A.kind_of(actor.kind, actor.sector) == "state":
                last_state[actor.sector] = actor.country
            if actor.country or actor.code or not (actor.sector or actor.name):
                continue
            state = A.kind_of(actor.kind, actor.sector) == "state"
            country = (last_state.get(actor.sector or "") if state else None) or place
            if country:
                actor.country = actor.code = country
        for actor in (*ev.actor, *ev.recipient):
            actor.kind = A.kind_of(actor.kind, actor.sector) or ("state" if _names_a_state(actor, resolver) else None)


def _names_a_state(actor: Actor, resolver: ActorResolver) -> bool:
    """"Russia", "the Kremlin", "Israeli": a state acting as a whole (not "a Kenyan village")."""
    entry = resolver.index.get(norm(actor.text))
    return entry is not None and entry.kind in ("country", "demonym", "metonym") and bool(actor.code)


def event_country(ev: Event) -> str | None:
    """The country of the event's own place (not one guessed from its actor's country)."""
    loc = ev.location
    if loc is None or not loc.country or ev.location_basis == "actor_country":
        return None
    return loc.country


# --- 2. gathering -----------------------------------------------------------------------------
def _is_reference(actor: Actor) -> bool:
    """A pronoun or a definite description ("they", "the militants"): it goes on about someone named before."""
    return not actor.resolved and bool(_PRONOUN.match(actor.text.strip()))


def _sides(ev: Event) -> set[tuple[str, str, str]]:
    return {side_key(a) for a in (*ev.actor, *ev.recipient)}


def _joins(ev: Event, group: AcledEvent, same_sentence: bool) -> bool:
    """Whether an event reports the same ACLED event as the events gathered so far.

    In its sentence, unless another side acts in it; after it, in the same paragraph,
    when nobody new acts: no actor, a pronoun or "the militants", a number or a thing
    the parse took for one ("Four killed"), a side already in it, the same crowd, or
    the police answering a protest.
    """
    if not group.events:
        return True
    actor = ev.actor[0] if ev.actor and not _reduced_passive(ev) else None
    if actor is None or _is_reference(actor) or not (actor.sector or actor.kind or actor.resolved):
        return True
    if _sides(ev) & group.codes():
        return True
    kinds = {A.kind_of(a.kind, a.sector) for e in group.events if not _reduced_passive(e)
             for a in e.actor if a.sector or a.kind or a.resolved}
    kind = A.kind_of(actor.kind, actor.sector)
    if same_sentence and not kinds:
        return True  # "the battle ... police": nobody acted in it yet
    if any(e.event == "PROTEST" for e in group.events) and kind == "state":
        return True  # the police response to a protest is part of it
    if same_sentence and (kind in kinds or kind is None):
        return True
    if kind in kinds and kind in A.UNARMED and not actor.name:
        return True  # "Students held a demonstration. Students stoned vehicles.": the same crowd
    return False


def gather(events: Sequence[Event], paragraph_of: dict[int, int]) -> list[AcledEvent]:
    """The ACLED events of an article: events grouped by sentence and shared sides, within a paragraph."""
    groups: list[AcledEvent] = []
    current: AcledEvent | None = None
    last_sentence: int | None = None
    for ev in sorted(events, key=lambda e: (_sentence_of(e) or 0, e.evidence[0].trigger[0] if e.evidence else 0)):
        index = _sentence_of(ev)
        same_sentence = index == last_sentence
        same_paragraph = (current is not None and index is not None and last_sentence is not None
                          and paragraph_of.get(index) == paragraph_of.get(last_sentence))
        if current is not None and (same_sentence or same_paragraph) and _joins(ev, current, same_sentence):
            current.events.append(ev)
            if index not in current.sentences:
                current.sentences.append(index)
        else:
            current = AcledEvent([ev], [index])
            groups.append(current)
        last_sentence = index
    return groups


# --- 3. typing --------------------------------------------------------------------------------
@dataclass
class Reading:
    """What one ACLED event is: its keys, its two sides and their types."""

    keys: set[str]
    actor: Actor | None
    target: Actor | None
    actor_type: str
    target_type: str
    country: str | None


def _qualified_site(ev: Event, actor: Actor) -> str | None:
    """"raided a Kenyan village": the recipient the parse took is the country word of a civilian site,
    which stands for the site's people, not for the state. The site's noun, if so."""
    if not ev.evidence or actor.end is None or " " in actor.text.strip():
        return None
    after = ev.evidence[0].sentence[actor.end:].split()
    if not after or not actor.text[:1].isupper():
        return None
    word = after[0].strip(".,;:")
    return word if A.words().civilian_targets.fullmatch(word.lower()) else None


def _agent(actor: Actor, resolver: ActorResolver) -> bool:
    """A participant, not a place, a date or a thing written where an actor should be."""
    if actor.text.strip().lower() in ("who", "which", "that", "whom"):
        return False  # a relative pronoun the parse could not tie to its noun
    entry = resolver.index.get(norm(actor.text))
    if entry is not None and entry.kind in ("place", "metonym"):
        return False  # "Nairobi" as the target of an attack is the city
    if actor.sector or (actor.kind and actor.kind != "state"):
        return True
    # a country alone ("Russia") acts through its state; "a Kenyan village" is not a side
    return bool(actor.code and actor.resolved and entry is not None and entry.kind in ("country", "demonym", "group"))


_OBSERVED = re.compile(r"^(?:observ|record|heard|hear|regist|report|count|not(?:ed|ing)|detect|saw|see)", re.IGNORECASE)


_OBSERVED_BEFORE = re.compile(r"\b(?:observed|recorded|heard|registered|counted|noted|detected|saw)\b[^.;]{0,60}$", re.IGNORECASE)


def _observed(ev: Event) -> bool:
    """"The monitors observed 20 explosions": whoever saw it did not do it."""
    if _OBSERVED.match(_trigger_and_after(ev)) is not None:
        return True
    if not ev.evidence:
        return False
    start = ev.evidence[0].trigger[0]
    return _OBSERVED_BEFORE.search(ev.evidence[0].sentence[max(0, start - 80):start]) is not None


def _clash_trigger(ev: Event) -> bool:
    return bool(ev.evidence) and A.words().features["clash"].search(_trigger_and_after(ev)) is not None


def _ordered(group: AcledEvent) -> list[Event]:
    """Violent events first, then the most central; the rest in text order."""
    rank = {"ASSAULT": 0, "PROTEST": 1, "COERCE": 2}
    return sorted(group.events, key=lambda e: (rank.get(e.event, 3), -e.salience))


def _kind(actor: Actor | None) -> str | None:
    return A.kind_of(actor.kind, actor.sector, actor.code) if actor is not None else None


def read_event(group: AcledEvent, texts: dict[int, str], figures: list[tuple[int, Count]],
               article_country: str | None, resolver: ActorResolver | None = None) -> Reading:
    resolver = resolver or default_resolver()
    text = " ".join(texts.get(i, "") for i in group.sentences)
    keys = set(A.features_in(text))
    for ev in group.events:
        # a mode names what the verb says ("riot": torching, looting by civilians), a feature what the
        # text says; "explosives" is any bombing to the coder, an explosion of unknown means here
        keys.update(MODE_KEYS.get(k, k) for k in (ev.mode, *ev.context) if k and k not in IGNORED_MODES)
        if ev.event == "PROTEST" and ev.mode != "riot":
            keys.add("protest")
    ordered = _ordered(group)
    victims = [a for e in ordered if _reduced_passive(e) for a in (*e.actor, *e.recipient)]
    actor = next((a for e in ordered if not _observed(e) and not _reduced_passive(e) for a in e.actor
                  if _agent(a, resolver)), None)
    fighting = [a for e in ordered if e.event in ("ASSAULT", "PROTEST") and _clash_trigger(e)
                for a in (*e.actor, *e.recipient) if _agent(a, resolver)]
    if len({side_key(a) for a in fighting}) >= 2:
        # "clashes between Al Shabaab and a militia": the sides are whoever the clash names
        actor = fighting[0]
        ordered = [e for e in ordered if any(a is actor for a in (*e.actor, *e.recipient))] + \
            [e for e in ordered if not any(a is actor for a in (*e.actor, *e.recipient))]
    target = next((r for e in ordered if not _reduced_passive(e)
                   for r in (*e.recipient, *(e.actor if _clash_trigger(e) else ()))
                   if _agent(r, resolver) and r is not actor and (actor is None or side_key(r) != side_key(actor))
                   and _qualified_site(e, r) is None), None)
    if target is None and actor is not None:  # "Israel and Hezbollah exchanged fire": the other side of a reciprocal act
        target = next((a for e in ordered for a in e.actor if a is not actor and _agent(a, resolver)
                       and side_key(a) != side_key(actor)), None)
    if target is None:  # "Four police killed": the victims the parse took for the actor
        target = next((a for a in victims if _agent(a, resolver) and (actor is None or side_key(a) != side_key(actor))),
                      None)
    if target is None:  # "killing 5 policemen": the people a figure counts are the ones acted upon
        target = _counted(group, figures, actor, resolver)
    country = _vote(group, ordered, text, article_country, resolver)
    if actor is None:  # "2 soldiers were killed by a Taliban bomb": the attacker named anywhere in the report
        actor = _named_attacker(text, target, resolver)
    elif target is None and A.kind_of(actor.kind, actor.sector) in A.ARMED and "ASSAULT" in {e.event for e in ordered}:
        # "Police respond to ISWAP's attack; kill 16 of them": the other armed group named in the report
        other = _named_attacker(text, actor, resolver)
        if other is not None and (other.sector and other.sector != "GOV" or _is_group(other, resolver)):
            target = other
    actor_type = A.side_type(_kind(actor), actor.country if actor else None, country)
    target_type = A.side_type(_kind(target), target.country if target else None, country)
    things = " ".join(_qualified_site(e, r) or r.text for e in group.events if e.event in ("ASSAULT", "COERCE")
                      for r in e.recipient)
    if target is None:
        # "attacked a checkpoint", "attacked the village": the place attacked stands for its side
        if A.words().armed_targets.search(things) or A.words().attack_on_armed.search(text):
            target_type = "state"
        elif things and "clash" not in keys and A.words().civilian_targets.search(things):
            target_type = "civilians"
    if target_type == "identity militia" and target is not None and "clash" not in keys \
            and target.sector in ("AGR", "CVL") and "militia" not in target.text.lower():
        target_type = "civilians"  # "killed a Fulani pastoralist": a community's members are civilians when attacked
    if target_type == "state" and target is not None and target.sector in ("GOV", "LEG", "JUD", "ELI"):
        target_type = "civilians"  # an official attacked is a civilian; soldiers and police are not
    violent = "ASSAULT" in {e.event for e in group.events} or "clash" in keys
    if actor_type == "civilians" and actor is not None and _community(actor, resolver) and violent:
        actor_type = "identity militia"  # "the Pokot attacked": a community's armed men
    if target_type == "civilians" and target is not None and _community(target, resolver) and "clash" in keys \
            and actor_type == "identity militia":
        target_type = "identity militia"  # "Kikuyu and Luo communities clashed": two communal militias
    if any(_community(a, resolver) and a.sector != "AGR" for a in resolver.find(text)):
        keys.add("communal")  # "clashes between Kalenjin and Maasai"
    deaths = fatalities(group, texts, figures)
    if deaths:
        keys.add("killed")
    if deaths or _harmed(group, text, resolver):
        keys.add("harm")
    if "destroy" in keys or "loot" in keys or any(_thing(r.text) for e in group.events
                                                    if e.event in ("ASSAULT", "COERCE") for r in e.recipient):
        keys.add("property")
    return Reading(keys, actor, target, actor_type, target_type, country)


def _vote(group: AcledEvent, ordered: list[Event], text: str, article_country: str | None,
          resolver: ActorResolver) -> str | None:
    """The country the event happened in: its place's, the places written as participants', the
    article's, and the home countries of the named sides, counted together (one wrong place in a
    gazetteer is outvoted by the rest of the report)."""
    votes: Counter[str] = Counter()
    for c in map(event_country, ordered):
        if c:
            votes[c] += 2
            break
    place = _place_country(group, resolver)
    if place:
        votes[place] += 2
    if article_country:
        votes[article_country] += 1
    for a in resolver.find(text):
        if a.country and a.kind != "external" and (a.kind or a.sector):
            votes[a.country] += 1
    if not votes:
        return next((e.location.country for e in ordered if e.location is not None and e.location.country), None)
    return votes.most_common(1)[0][0]


_BY = re.compile(r"\bby\s+(?:an?\s+|the\s+)?(?:suspected\s+|presumed\s+|alleged\s+)?$", re.IGNORECASE)


def _named_attacker(text: str, target: Actor | None, resolver: ActorResolver) -> Actor | None:
    """An armed side named in the report ("by Taliban militants", "a Taliban-planted bomb"), not the target;
    one written after "by" first."""
    found = []
    for a in resolver.find(text):
        resolver.complete(a)
        kind = A.kind_of(a.kind, a.sector) or ("state" if _names_a_state(a, resolver) else None)
        if kind not in A.ARMED or not _agent(a, resolver) or (target is not None and side_key(a) == side_key(target)):
            continue
        if target is not None and a.sector == target.sector and (not a.code or not target.code or a.code == target.code) \
                and (a.name or "") == (target.name or ""):
            continue  # the same side written again ("police ... the police")
        a.kind = kind
        found.append((0 if _BY.search(text[max(0, (a.start or 0) - 30):a.start or 0]) else 1, a.start or 0, a))
    return min(found, key=lambda f: f[:2])[2] if found else None


def _thing(text: str) -> bool:
    """What was hit is a thing ("houses", "an ox", "the car"), judged by its last word ("cattle thieves" are people)."""
    words = re.findall(r"[\w'’-]+", text)
    return bool(words) and A.words().property.fullmatch(words[-1]) is not None


def _is_group(actor: Actor, resolver: ActorResolver) -> bool:
    return resolver.group(actor.code or "") is not None


def _place_country(group: AcledEvent, resolver: ActorResolver) -> str | None:
    """The country of a place written where a participant should be ("shelled Donetsk")."""
    for ev in group.events:
        for a in (*ev.recipient, *ev.actor):
            entry = resolver.index.get(norm(a.text))
            if entry is not None and entry.kind in ("place", "metonym") and a.code:
                return a.code
    return None


def _community(actor: Actor, resolver: ActorResolver) -> bool:
    """A community, or farmers and herders: when they fight, ACLED's communal (identity) militia."""
    if actor.sector == "AGR":
        return True
    entry = resolver.index.get(norm(actor.name)) if actor.name else None
    return entry is not None and entry.kind == "community"


def _counted(group: AcledEvent, figures: list[tuple[int, Count]], actor: Actor | None,
             resolver: ActorResolver) -> Actor | None:
    """The people a killed or wounded figure of the event counts ("5 policemen"), as an actor."""
    sentences = set(group.sentences)
    counts = [c for i, c in figures if i in sentences] + [c for e in group.events for c in e.counts]
    for count in counts:
        if count.kind not in ("killed", "injured", "abducted", "casualties") or not count.text:
            continue
        found = resolver.resolve(count.text)
        if found.sector or found.kind:
            found.kind = A.kind_of(found.kind, found.sector)
            if actor is None or side_key(found) != side_key(actor):
                return found
    return None


def _harmed(group: AcledEvent, text: str, resolver: ActorResolver) -> bool:
    """People were hurt: a figure of killed, injured or abducted, a person attacked, or words for it
    (unless what was attacked is only things: "killed an ox", "burned houses")."""
    things = False
    for ev in group.events:
        if any(c.kind in ("killed", "injured", "abducted", "casualties") and (c.number or 0) > 0 for c in ev.counts):
            return True
        for r in ev.recipient if ev.event == "ASSAULT" else ():
            if _thing(r.text):
                things = True
            elif _agent(r, resolver) and _kind(r) is not None:
                return True
    if things:
        return False
    for m in _HARM_WORDS.finditer(text):
        if not _DENIED_BEFORE.search(text[max(0, m.start() - 40):m.start()]) and not _DENIED_AFTER.search(text[m.end():]):
            return True
    return False


# --- fatalities -------------------------------------------------------------------------------
def fatalities(group: AcledEvent, texts: dict[int, str], figures: list[tuple[int, Count]]) -> int:
    """ACLED's fatalities of one ACLED event: its killed figures from every clause and sentence.

    Figures for different victims add up ("4 militiamen, 1 soldier and 1 policeman
    were killed" -> 6); one written again is counted once. A note's own statement
    of the coded figure wins ("Fatalities coded as 0"); a figure counted under
    another event is 0 here. One person killed with no number ("shot dead a
    shopkeeper", "the victim died") is 1.
    """
    text = " ".join(texts.get(i, "") for i in group.sentences)
    words = A.words()
    coded = words.coded_as.search(text)
    if coded:
        return int(next(g for g in coded.groups() if g is not None))
    if words.coded_elsewhere.search(text):
        return 0
    sentences = set(group.sentences)
    seen: dict[tuple[int, str], int] = {}
    for index, count in figures:
        if index in sentences and count.kind == "killed" and count.number is not None:
            seen[(index, count.text)] = count.number
    for ev in group.events:
        for count in ev.counts:
            if count.kind == "killed" and count.number is not None:
                seen.setdefault((_sentence_of(ev) or 0, count.text), count.number)
    claimed = {i for i in sentences if _CLAIM.search(texts.get(i, ""))}
    if any(i not in claimed for i, _ in seen) or _single_deaths(group, text):
        # a side's claim ("claims eight dead") gives way to what the report states itself
        seen = {k: n for k, n in seen.items() if k[0] not in claimed}
    numbers: list[int] = []
    said: set[str] = set()
    largest: dict[int, int] = {}
    for (index, written), n in sorted(seen.items(), key=lambda kv: (kv[0][0], _position(texts.get(kv[0][0], ""), kv[0][1]))):
        if n in numbers and (_RESTATED.match(written) or written.casefold() in said):
            continue  # the same victims again ("killed 3 people ... the three were buried")
        if _TOTAL.search(written):
            return n  # "2 fatalities", "a death toll of 12": the report's own total
        if _BARE.match(written) and n < largest.get(index, 0):
            continue  # "two deaths, one in Awendo and the other in Rongo": a part of the figure before it
        numbers.append(n)
        said.add(written.casefold())
        largest[index] = max(largest.get(index, 0), n)
    total = sum(numbers)
    if total == 0:
        total = _single_deaths(group, text)
    split = words.split.search(text)
    if split and total:
        total //= max(1, int(split.group(1)))
    return total


def _position(text: str, written: str) -> int:
    at = text.find(written)
    return at if at >= 0 else len(text)


def _single_deaths(group: AcledEvent, text: str) -> int:
    """How many people were killed one by one with no figure ("gunmen shot dead a shopkeeper",
    "the victim died", "a police officer was found dead"): each such death counts 1."""
    deaths = {m.start() for m in A.words().single_death.finditer(text)}
    victims = set()
    for ev in group.events:
        if ev.event != "ASSAULT" or not _KILL_TRIGGER.search(_trigger_and_after(ev)):
            continue
        for r in ev.recipient:
            if _one_person(r.text):
                victims.add(norm(r.text))
    return max(len(deaths), len(victims))


_PLURAL_WORDS = frozenset({"people", "police", "men", "women", "children", "personnel", "staff", "cattle",
                           "livestock", "militia", "military", "army", "forces", "group", "gang", "family", "community",
                           "crowd", "mob", "public", "population", "troops", "they", "them"})


_AGE = re.compile(r"\b\d+[- ](?:year|yr|month)s?[- ]old\b", re.IGNORECASE)


def _one_person(text: str) -> bool:
    """"a shopkeeper", "suspected robber", "a 5-year-old child": one person (not a group, not a thing)."""
    text = _AGE.sub("", text)
    words = re.findall(r"[\w'’-]+", text.lower())
    if not words or "and" in words or words[-1] in _PLURAL_WORDS or A.words().property.fullmatch(words[-1]):
        return False
    if words[0] in ("two", "three", "four", "five", "several", "many", "some", "dozens", "hundreds") or words[0].isdigit() and words[0] != "1":
        return False
    last = words[-1]
    if last.endswith("s") and not last.endswith(("ss", "us", "is")):
        return False
    return last not in ("it", "which", "who", "that", "this", "place", "area", "village", "town", "home", "house")


# --- the step ---------------------------------------------------------------------------------
def _side_name(actor: Actor | None, side: str, country: str | None, country_names: dict[str, str]) -> str | None:
    home = actor.country if actor is not None and actor.country else country
    own = actor.name if actor is not None and actor.name and actor.code and not (
        len(actor.code) == 3 and actor.code == actor.country) else None
    return A.side_name(side, country_names.get(home or "", home), actor.sector if actor else None, own)


def _inter(acled_type: str, subtype: str, reading: Reading, keys: set[str]) -> tuple[int, int, str, str]:
    """ACLED's two sides for the type: (inter1, inter2, side1 type, side2 type)."""
    actor, target = reading.actor_type, reading.target_type
    if acled_type == "Protests":
        police = actor if actor in ("state", "external") else target if target in ("state", "external") else "none"
        if subtype == "Excessive force against protesters":
            return A.inter_code(police) or 1, 6, police if police != "none" else "state", "protesters"
        if subtype == "Protest with intervention":
            return 6, A.inter_code(police) or 1, "protesters", police if police != "none" else "state"
        return 6, 0, "protesters", "none"
    if acled_type == "Riots":
        other = actor if actor in ("state", "external") else target
        if subtype == "Mob violence":
            other = target if target != "none" else "rioters" if "clash" in keys else "civilians"
            if other in ("protesters", "party"):
                other = "rioters"
            return 5, A.inter_code(other), "rioters", other
        if other in ("protesters", "party", "rioters"):
            other = "none"
        return 5, A.inter_code(other), "rioters", other
    if acled_type == "Battles":
        if "communal" in keys:  # two communities fighting: two communal militias
            actor = actor if actor in A.ARMED else "identity militia"
            target = target if target in A.ARMED else "identity militia"
        a = actor if actor in A.ARMED else "political militia"
        # a side not named: the state's forces when the one named fights them, else an unidentified group
        t = target if target in A.ARMED else "state" if a in ("rebel", "external") else "political militia"
        return A.inter_code(a), A.inter_code(t), a, t
    if acled_type == "Violence against civilians":
        a = actor if actor in A.ARMED else "political militia"
        return A.inter_code(a), 7, a, "civilians"
    if acled_type == "Explosions/Remote violence":
        a = actor if actor != "none" else "political militia"
        if a not in A.ARMED:
            a = "political militia"
        # a shelled town is no side: civilians when people were hurt, else nobody
        t = target if reading.target is not None or target in A.ARMED else "none"
        if t == "none" and "harm" in keys:
            t = "civilians"
        if t in ("protesters", "rioters", "party"):
            t = "civilians"
        return A.inter_code(a), A.inter_code(t), a, t
    # strategic developments: whoever acts, and whom it is done to
    if subtype == "Other" and "displacement" in keys and actor in ("none", "civilians"):
        return 7, 0, "civilians", "none"
    t = target
    if subtype == "Arrests" and t == "none":
        t = "civilians"
    return A.inter_code(actor), A.inter_code(t), actor, t


def _fits(side: str, found: str) -> bool:
    """Whether the side the table names is the one found (a crowd is its rioters or protesters)."""
    return side == found or (side in ("rioters", "protesters", "civilians") and found in A.UNARMED)


def type_event(group: AcledEvent, texts: dict[int, str], figures: list[tuple[int, Count]],
               article_country: str | None, country_names: dict[str, str] | None = None,
               resolver: ActorResolver | None = None) -> Event | None:
    """Type one ACLED event and give its lead event the type, sides and fatalities; returns the lead."""
    reading = read_event(group, texts, figures, article_country, resolver)
    group.reading = reading
    types = [e.event for e in group.events]
    found = A.acled_type(types, reading.keys, reading.actor_type, reading.target_type)
    for ev in group.events:
        ev.acled_type = ev.acled_subtype = None
        ev.acled_inter1 = ev.acled_inter2 = ev.fatalities = None
        ev.acled_actor1 = ev.acled_actor2 = None
    if found is None:
        return None
    acled_type, subtype, row = found
    group.row = row
    candidates = [e for e in group.events if row.event in ("*", e.event)]
    # the event the report leads with: of its first sentence, the violent or protest event, the most central
    lead = min(candidates, key=lambda e: (_sentence_of(e) or 0, e.event not in ("ASSAULT", "PROTEST"), -e.salience,
                                          group.events.index(e)))
    inter1, inter2, side1, side2 = _inter(acled_type, subtype, reading, reading.keys)
    names = country_names if country_names is not None else (resolver or default_resolver()).country_names
    sides = [(reading.actor, reading.actor_type), (reading.target, reading.target_type)]
    actor1 = next((a for a, t in sides if _fits(side1, t)), None)
    actor2 = next((a for a, t in sides if _fits(side2, t) and a is not actor1), None)
    lead.acled_type, lead.acled_subtype = acled_type, subtype
    lead.acled_inter1, lead.acled_inter2 = inter1, inter2
    lead.acled_actor1 = _side_name(actor1, side1, reading.country, names)
    lead.acled_actor2 = _side_name(actor2, side2, reading.country, names) if inter2 else None
    lead.fatalities = fatalities(group, texts, figures)
    group.lead = lead
    return lead


def type_alone(ev: Event, texts: dict[int, str], figures: list[tuple[int, Count]], article_country: str | None,
               country_names: dict[str, str] | None = None, resolver: ActorResolver | None = None) -> AcledEvent:
    """An event not reported as having happened (planned, denied, hypothetical), typed on its own."""
    group = AcledEvent([ev], [_sentence_of(ev)])
    type_event(group, texts, figures, article_country, country_names, resolver)
    return group


def main_country(places: Sequence[object]) -> str | None:
    """The country most of an article's places are in (for agents whose event has no place)."""
    counts = Counter(getattr(getattr(p, "place", None), "country", None) for p in places)
    counts.pop(None, None)
    return counts.most_common(1)[0][0] if counts else None


def acled_step(events: list[Event], texts: dict[int, str], paragraph_of: dict[int, int],
               figures: list[tuple[int, Count]], places: Sequence[object] = (),
               country_names: dict[str, str] | None = None, resolver: ActorResolver | None = None) -> list[AcledEvent]:
    """The ACLED reading of one article's events (see the module docstring); returns its ACLED events."""
    resolver = resolver or default_resolver()
    article_country = main_country(places)
    complete_actors(events, article_country, resolver)
    for ev in events:
        ev.acled_type = ev.acled_subtype = None
    typed = [e for e in events if e.event in ACLED_EVENTS and e.modality in TYPED]
    groups = gather(typed, paragraph_of)
    with_events = {_sentence_of(e) for e in typed}
    for group in groups:
        # the sentences around it in its paragraph that report no event of their own are about it
        # ("A civilian died in an explosion." before, "The victim died in hospital.", "1 fatality." after)
        indices = [i for i in group.sentences if i is not None]
        if indices:
            first, last = min(indices), max(indices)
            while first - 1 in texts and first - 1 not in with_events and paragraph_of.get(first - 1) == paragraph_of.get(first):
                first -= 1
                group.sentences.insert(0, first)
            while last + 1 in texts and last + 1 not in with_events and paragraph_of.get(last + 1) == paragraph_of.get(last):
                last += 1
                group.sentences.append(last)
        type_event(group, texts, figures, article_country, country_names, resolver)
    for ev in events:
        if ev.event in ACLED_EVENTS and ev.modality not in TYPED:
            groups.append(type_alone(ev, texts, figures, article_country, country_names, resolver))
    return groups


__all__ = ["ACLED_EVENTS", "AcledEvent", "acled_step", "complete_actors", "complete_known_actors", "fatalities", "gather", "read_event",
           "type_event"]
