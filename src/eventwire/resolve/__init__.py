"""The ``resolve`` stage: when, how many and according to whom, for every coded event.

For each sentence the resolver reads its time expressions (``when``), its
attributions (``sources``) and its figures (``counts``) once; then each step
in ``STEPS`` completes the events of that sentence from those facts. A step
is a function ``(event, facts, article) -> None``. Places (``where``) need
the whole article (every place it names disambiguates the others), so they
are located once per article after the sentence steps. Every figure and every
place is also returned at article level, so figures in sentences without an
event, and places for the map, are kept.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..model import Article, Count, Event, PlaceMention
from .counts import Figure, find_counts
from .sources import Attribution, SourceMemory, attribution_at, find_attributions
from .when import NarrativeTime, TimeExpression, date_event, find_time_expressions
from .when.tense import governing_verb, head_token, tokens_in

#: pronouns the coder may leave as an attribution; the sources step names them when it can
PRONOUNS = {"he", "she", "they", "it", "we", "i"}


@dataclass
class ArticleDates:
    """The publication date an article's events are resolved against."""

    published: str | None
    precision: str = "day"
    narrative: NarrativeTime = field(default_factory=NarrativeTime)

    @property
    def anchor(self) -> str | None:
        """The date relative expressions count from: only a publication day will do."""
        return self.published if self.published and self.precision == "day" else None

    @property
    def fallback(self) -> str | None:
        """The publication date written at its own precision (2024-08-08, 2024-08, 2024)."""
        if not self.published:
            return None
        return {"month": self.published[:7], "year": self.published[:4]}.get(self.precision, self.published)


@dataclass
class SentenceFacts:
    """What the resolver read in one sentence, shared by every event of it."""

    index: int
    span: object  # spaCy Span
    expressions: list[TimeExpression] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    #: doc indices of the triggers (and their clause verbs) of all events of the sentence
    event_tokens: set[int] = field(default_factory=set)


@dataclass
class Resolution:
    """The resolved events, every figure of the article as (sentence index, Count), and every place it names."""

    events: list[Event]
    figures: list[tuple[int, Count]] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    #: the ACLED events read from the article (resolve/acled.py), each with why it has its type
    acled: list = field(default_factory=list)


Step = Callable[[Event, SentenceFacts, ArticleDates], None]


def _trigger(event: Event) -> tuple[int, int]:
    evidence = event.evidence[0] if event.evidence else None
    return evidence.trigger if evidence else (0, 0)


def _trigger_token(event: Event, span):
    tokens = tokens_in(span, *_trigger(event))
    return head_token(tokens) if tokens else None


def date_step(event: Event, facts: SentenceFacts, article: ArticleDates) -> None:
    """when: the expression governing the trigger, else the publication date, else unknown."""
    date_event(event, facts.span, facts.expressions, article.fallback, article.precision, article.narrative,
               facts.index)


def attribution_step(event: Event, facts: SentenceFacts, article: ArticleDates) -> None:
    """according to whom: complete the coder's attribution, or give one when it has none."""
    trigger = _trigger_token(event, facts.span)
    start, end = _trigger(event)
    found = attribution_at(facts.attributions, start, end, exclude_token=trigger.i if trigger is not None else None)
    if found is None:
        return
    own = event.attribution
    if own is None or own == "(unnamed source)" or own.lower() in PRONOUNS:
        event.attribution = found.source
        event.attribution_anonymous, event.attribution_outlet = found.anonymous, found.outlet
    elif own.lower() in found.source.lower() or found.source.lower() in own.lower():
        event.attribution_anonymous, event.attribution_outlet = found.anonymous, found.outlet


def _ties(event: Event, span) -> set[int]:
    """The trigger token and the verb of its clause."""
    trigger = _trigger_token(event, span)
    if trigger is None:
        return set()
    clause = trigger if trigger.pos_ in ("VERB", "AUX") else governing_verb(trigger)
    return {trigger.i} | ({clause.i} if clause is not None else set())


def counts_step(event: Event, facts: SentenceFacts, article: ArticleDates) -> None:
    """how many: the figures tied to the trigger's clause; else the sentence's untied figures fitting the event."""
    if not facts.figures:
        return
    ties = _ties(event, facts.span)
    chosen = [f for f in facts.figures if f.anchors & ties]
    if not chosen:
        chosen = [f for f in facts.figures if f.fits(event.event) and not f.anchors & facts.event_tokens]
    have = {(c.kind, c.number, c.text) for c in event.counts}
    for f in chosen:
        if (f.count.kind, f.count.number, f.count.text) not in have:
            event.counts.append(f.count)


STEPS: list[Step] = [date_step, attribution_step, counts_step]


def read_sentence(index: int, span, article: ArticleDates, memory: SourceMemory) -> SentenceFacts:
    expressions = find_time_expressions(span.text, article.anchor, span)
    attributions = find_attributions(span, memory)
    figures = find_counts(span, attributions, exclude=[(e.start, e.end) for e in expressions])
    return SentenceFacts(index, span, expressions, attributions, figures)


def resolve_sentences(
    events: list[Event],
    sentences: Iterable[tuple[int, object]],
    published: str | None,
    published_precision: str = "day",
    steps: list[Step] | None = None,
) -> Resolution:
    """Resolve the events of one text given its (sentence index, spaCy Span) pairs in order."""
    article = ArticleDates(published, published_precision if published else "unknown")
    steps = STEPS if steps is None else steps
    by_sentence: dict[int | None, list[Event]] = defaultdict(list)
    for ev in events:
        by_sentence[ev.evidence[0].sentence_index if ev.evidence else None].append(ev)
    memory = SourceMemory()
    figures: list[tuple[int, Count]] = []
    seen: set[int] = set()
    for index, span in sentences:
        facts = read_sentence(index, span, article, memory)
        article.narrative.note_sentence(index, span.text, facts.expressions, article.fallback)
        figures.extend((index, f.count) for f in facts.figures)
        for ev in by_sentence.get(index, []):
            facts.event_tokens |= _ties(ev, span)
        for ev in by_sentence.get(index, []):
            for step in steps:
                step(ev, facts, article)
        seen.add(index)
    for index, orphans in by_sentence.items():  # events whose sentence was not given: publication date only
        if index not in seen:
            for ev in orphans:
                date_event(ev, None, [], article.fallback, article.precision)
    return Resolution(events, figures)


def resolve(analysis, events: list[Event], steps: list[Step] | None = None, *, places: bool = True) -> Resolution:
    """The resolve stage for one analysed article (its title, then its sentences; headings are
    not read): when, how many, according to whom per sentence, then where for the whole article."""
    from .where import locate_events, places_in

    from .acled import acled_step, complete_known_actors

    article = analysis.article
    pairs = list(analysis.coded_spans())
    resolution = resolve_sentences(events, iter(pairs), article.published, article.published_precision, steps)
    if places:
        resolution.places = places_in(analysis)
        complete_known_actors(resolution.events)  # a group's home country, for the actor-country fallback
        locate_events(resolution.events, analysis, resolution.places)
    texts = {index: span.text for index, span in pairs}
    resolution.acled = acled_step(resolution.events, texts, paragraphs_of(analysis), resolution.figures,
                                  resolution.places)
    return resolution


def paragraphs_of(analysis) -> dict[int, int]:
    """Sentence index -> paragraph number (an ACLED event is never read across paragraphs)."""
    out, index = {}, 0
    for number, para in enumerate(analysis.paragraphs):
        for _ in para.doc.sents:
            out[index] = number
            index += 1
    return out


def resolve_dates(events: list[Event], article: Article | None) -> list[Event]:
    """Publication date as the fallback date of undated events (unknown without one)."""
    published = article.published if article else None
    for ev in events:
        if ev.date is None:
            if published:
                ev.date, ev.date_precision, ev.date_basis = published, article.published_precision, "publication"
            else:
                ev.date, ev.date_precision, ev.date_basis = None, "unknown", "unknown"
    return events
