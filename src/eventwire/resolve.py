"""The ``resolve`` stage: anchor each coded event in time and place, attach
its figures and the source of the claim.

It only combines the answers of ``when``, ``where``, ``counts`` and
``sources`` for each event's own sentence; the knowledge lives there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .counts import find_counts
from .model import Article, Event, Place
from .sources import attribute
from .when import resolve_event_date
from .where import ArticleContext, Gazetteer, Toponym, event_location, find_toponyms, resolve_toponyms

PLACE_LABELS = ("GPE", "LOC", "FAC")


@dataclass
class SentenceFacts:
    """What the resolver needs to know about one sentence."""

    text: str
    start: int = 0  # offset of the sentence in the article text
    dates: list[tuple[int, int]] = field(default_factory=list)  # spaCy DATE spans, sentence offsets
    tense: str | None = None


class Resolver:
    """Fills date, location, counts and attribution of events."""

    def __init__(self) -> None:
        self.gazetteer = Gazetteer.load()

    def article_places(
        self, article: Article | None, ents: Sequence[tuple[int, int, str]], text: str, events: Sequence[Event]
    ) -> tuple[list[Toponym], Place | None]:
        """Every place of the article, resolved with the article as context, and the dateline place."""
        place_ents = [e for e in ents if e[2] in PLACE_LABELS]
        toponyms = find_toponyms(text, place_ents)
        countries: Counter[str] = Counter(
            a.code for ev in events for a in (*ev.actor, *ev.recipient) if a.code and len(a.code) == 3
        )
        context = ArticleContext(countries=countries, dateline=article.dateline_place if article else None, places=[])
        toponyms = resolve_toponyms(toponyms, context)
        dateline = None
        if article and article.dateline_place:
            candidates = self.gazetteer.candidates(article.dateline_place)
            dateline = candidates[0] if candidates else None
        return toponyms, dateline

    def resolve_event(
        self,
        ev: Event,
        sentence: SentenceFacts,
        pub_date: str | None,
        toponyms: Sequence[Toponym],
        dateline: Place | None,
    ) -> Event:
        evidence = ev.evidence[0]
        when = resolve_event_date(
            sentence.text, pub_date, trigger=evidence.trigger, tense=sentence.tense, spacy_dates=sentence.dates
        )
        ev.date, ev.date_precision, ev.date_basis, ev.date_text = when.date, when.precision, when.basis, when.text
        local = [
            Toponym(t.text, t.start - sentence.start, t.end - sentence.start, t.place, t.candidates)
            for t in toponyms
            if t.start >= sentence.start and t.end <= sentence.start + len(sentence.text)
        ]
        actor_countries = [a.code for a in (*ev.actor, *ev.recipient) if a.code and len(a.code) == 3]
        ev.location, ev.location_basis = event_location(sentence.text, local, evidence.trigger, dateline, actor_countries)
        if not ev.counts:
            ev.counts = find_counts(sentence.text)
        claim = attribute(sentence.text, evidence.trigger)
        if claim is not None:
            for count in ev.counts:
                if count.source is None:
                    count.source, count.anonymous = claim.source, claim.anonymous
            if not ev.attribution:
                ev.attribution, ev.attribution_anonymous = claim.source, claim.anonymous
        return ev
