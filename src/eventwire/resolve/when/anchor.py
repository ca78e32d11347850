"""The date of an event: the time expression that governs its trigger.

Candidates are the sentence's time expressions (vague references like "now"
never date an event). They are ranked by how closely the parse ties them to
the trigger:

0. attached to the trigger itself, or the trigger hangs on the expression
   ("struck Gaza on Monday", "the October 7, 2023, attack");
1. attached to the verb of the trigger's clause ("launched strikes on Monday");
2. attached to a verb that governs that clause ("On August 4th, when an
   official stated ...", "said on Monday that ...");
3. anywhere else in the sentence, nearest first.

Without a candidate the event takes the publication date (basis
"publication"); without that, its date is unknown. A relative expression in
an article without a publication date leaves the date unknown too: nothing is
invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from ...dates import compare
from ...model import Event
from .expressions import TimeExpression
from .grammar import rules
from .periods import parse_iso_date
from .tense import PAST, governing_verb, head_token, tokens_in, verb_direction


@dataclass
class EventDate:
    """What ``date_event`` decided, for ``explain`` and tests."""

    date: str | None
    precision: str
    basis: str
    text: str | None = None
    end: str | None = None
    expression: TimeExpression | None = None
    tier: int | None = None


def _ancestors(token, limit: int = 12) -> list:
    out, node = [], token
    for _ in range(limit):
        if node.head.i == node.i:
            break
        node = node.head
        out.append(node)
    return out


def _reaches(start, target_i: int) -> bool:
    """Whether ``start`` reaches token ``target_i`` going up without passing another verb."""
    for node in _ancestors(start):
        if node.i == target_i:
            return True
        if node.pos_ in ("VERB", "AUX"):
            return False
    return False


def _tier(expr_head, trigger) -> int:
    if _reaches(expr_head, trigger.i) or _reaches(trigger, expr_head.i):
        return 0
    trigger_verb = trigger if trigger.pos_ in ("VERB", "AUX") else governing_verb(trigger)
    expr_verb = expr_head if expr_head.pos_ in ("VERB", "AUX") else governing_verb(expr_head)
    if trigger_verb is not None and expr_verb is not None:
        if expr_verb.i == trigger_verb.i:
            return 1
        if any(a.i == expr_verb.i for a in _ancestors(trigger_verb)):
            return 2
    return 3


def dating_candidates(expressions: list[TimeExpression]) -> list[TimeExpression]:
    """Expressions that can date an event: not references, not decades; unresolved ones stay (they mean unknown)."""
    return [e for e in expressions if not e.is_reference and not e.elaborates
            and (e.period is None or e.period.event_date() is not None)]


def governing_expression(span, trigger: tuple[int, int], expressions: list[TimeExpression]) \
        -> tuple[TimeExpression | None, int | None]:
    """The expression that dates the event whose trigger is at ``trigger`` (offsets into the sentence)."""
    candidates = dating_candidates(expressions)
    if not candidates:
        return None, None
    trigger_tokens = tokens_in(span, *trigger) if span is not None else []
    trigger_head = head_token(trigger_tokens) if trigger_tokens else None
    ranked = []
    for expr in candidates:
        distance = min(abs(expr.start - trigger[0]), abs(expr.end - trigger[1]))
        tier = 3
        if trigger_head is not None:
            expr_tokens = tokens_in(span, expr.start, expr.end)
            expr_head = head_token(expr_tokens) if expr_tokens else None
            if expr_head is not None:
                tier = _tier(expr_head, trigger_head)
        ranked.append((tier, distance, expr))
    tier, _, best = min(ranked, key=lambda r: (r[0], r[1]))
    return best, tier


def publication_fallback(published: str | None, published_precision: str) -> EventDate:
    if published:
        return EventDate(published, published_precision if published_precision != "unknown" else "day", "publication")
    return EventDate(None, "unknown", "unknown")


def decide_date(span, trigger: tuple[int, int], expressions: list[TimeExpression], published: str | None,
                published_precision: str = "day") -> EventDate:
    expr, tier = governing_expression(span, trigger, expressions)
    if expr is None:
        return publication_fallback(published, published_precision)
    if expr.period is None or expr.period.event_date() is None:
        return EventDate(None, "unknown", "unknown", expr.text, expression=expr, tier=tier)
    value, precision = expr.period.event_date()
    end = expr.end_period.event_date()[0] if expr.end_period and expr.end_period.event_date() else None
    return EventDate(value, precision, expr.basis, expr.text, end, expr, tier)


def is_background(expr: TimeExpression | None, published: str | None) -> bool:
    """Whether an expression's period ended well before publication (rules.yaml: historical_after_days)."""
    anchor = parse_iso_date(published)
    if expr is None or expr.period is None or anchor is None:
        return False
    bounds = (expr.end_period or expr.period).bounds()
    if bounds is None:
        return False
    return bounds[1] < anchor - timedelta(days=rules().historical_after_days)


def not_after_publication(decided: EventDate, published: str | None) -> EventDate:
    """An event reported as having happened is never dated after its article: a yearless
    expression read as upcoming ("in September", "on 29 April" in an article of 28 April) takes
    its most recent past reading instead."""
    expr = decided.expression
    if expr is None or expr.past is None or compare(decided.date, published) != 1:
        return decided
    reading = expr.past.period.event_date() if expr.past.period is not None else None
    if reading is None:
        return decided
    end_period = expr.past.end_period
    end = end_period.event_date()[0] if end_period is not None and end_period.event_date() else None
    return EventDate(reading[0], reading[1], decided.basis, decided.text, end, expr.past, decided.tier)


@dataclass
class NarrativeTime:
    """When the article's story is: the date of the last event its own words dated.

    News tells an incident over several sentences and dates it once ("A gunman opened fire on
    Wednesday ... Rogers was injured during the attack"): an asserted past-tense event without a
    time expression of its own takes the date of the last dated asserted event, when that was at
    most ``WINDOW`` sentences before, instead of the publication date.
    """

    WINDOW = 3
    decided: EventDate | None = None
    sentence_index: int | None = None

    def remember(self, event: Event, decided: EventDate, sentence_index: int | None, published: str | None) -> None:
        """Keep the date of an asserted event dated by its own words, at day or week precision
        and not background (the story's present, not its history)."""
        if sentence_index is None or decided.date is None or decided.basis not in ("explicit", "relative"):
            return
        if event.modality == "asserted" and decided.precision in ("day", "week") \
                and not is_background(decided.expression, published):
            self.decided, self.sentence_index = decided, sentence_index

    def note_sentence(self, sentence_index: int, text: str, expressions: list[TimeExpression],
                      published: str | None) -> None:
        """A sentence that is only a date ("25 February." before an incident note) dates the story."""
        candidates = dating_candidates(expressions)
        if len(candidates) != 1 or candidates[0].period is None:
            return
        expr = candidates[0]
        rest = sum(ch.isalnum() for ch in text[: expr.start] + text[expr.end :])
        if rest > 3 or expr.period.event_date() is None:
            return
        value, precision = expr.period.event_date()
        if precision in ("day", "week") and not is_background(expr, published):
            self.decided = EventDate(value, precision, expr.basis, expr.text, None, expr, None)
            self.sentence_index = sentence_index

    def carried(self, sentence_index: int | None) -> EventDate | None:
        if self.decided is None or sentence_index is None or self.sentence_index is None:
            return None
        if not 0 < sentence_index - self.sentence_index <= self.WINDOW:
            return None
        d = self.decided
        return EventDate(d.date, d.precision, d.basis, None, d.end, None, None)


def _past_tense(span, trigger: tuple[int, int]) -> bool:
    """A past-tense clause told by the article itself: not a reported one ("the army said its
    aircraft had struck ..."), whose time the story's date does not give."""
    tokens = tokens_in(span, *trigger) if span is not None else []
    head = head_token(tokens) if tokens else None
    if head is None:
        return False
    verb = head if head.pos_ in ("VERB", "AUX") else governing_verb(head)
    if verb is None or verb.dep_ == "ccomp":
        return False
    return verb_direction(verb) == PAST


def date_event(event: Event, span, expressions: list[TimeExpression], published: str | None,
               published_precision: str = "day", narrative: NarrativeTime | None = None,
               sentence_index: int | None = None) -> EventDate:
    """Set the event's date fields from its own clause or sentence, else from the story's time
    (``narrative``), else the publication date; mark reported background as historical; an
    asserted or historical event is never dated after publication."""
    evidence = event.evidence[0] if event.evidence else None
    trigger = evidence.trigger if evidence else (0, 0)
    decided = decide_date(span, trigger, expressions, published, published_precision)
    if event.modality in ("asserted", "historical") and published_precision == "day":
        decided = not_after_publication(decided, published)
    if narrative is not None:
        if decided.basis == "publication" and event.modality == "asserted" and _past_tense(span, trigger):
            decided = narrative.carried(sentence_index) or decided
        elif decided.tier == 3 and event.modality == "asserted" and narrative.carried(sentence_index):
            # the sentence's only date hangs on something else ("to call for elections in April 2019")
            # after a sentence that dated the story ("25 February."): the story's date
            decided = narrative.carried(sentence_index)
        else:
            narrative.remember(event, decided, sentence_index, published)
    if event.modality == "historical" and decided.basis == "publication":
        # background ("following the attacks") without a date of its own happened some time
        # before the article: its publication date would be a wrong date, not a vague one
        decided = EventDate(None, "unknown", "unknown")
    event.date, event.date_precision, event.date_basis = decided.date, decided.precision, decided.basis
    event.date_text, event.date_end = decided.text, decided.end
    if event.modality == "asserted" and is_background(decided.expression, published):
        event.modality = "historical"
    return decided



def date_reason(event: Event) -> str:
    """Why the event has its date, in words (for ``eventwire explain``)."""
    span = f"{event.date} to {event.date_end}" if event.date_end else str(event.date)
    if event.date_basis in ("explicit", "relative") and not event.date_text:
        return f"{span} ({event.date_precision}): no date of its own; the story's date from an earlier sentence"
    if event.date_basis == "explicit":
        return f"{span} ({event.date_precision}): the text's own date {event.date_text!r}"
    if event.date_basis == "relative":
        return (f"{span} ({event.date_precision}): {event.date_text!r} read against the publication date "
                "(a day or month without a year: the most recent past one, the next one only for a future "
                "event; a reported event is never dated after its article)")
    if event.date_basis == "publication":
        return f"{span} ({event.date_precision}): the publication date (no time expression governs it)"
    if event.modality == "historical":
        return "unknown: background with no date of its own (not the publication date)"
    return "unknown: no date in the text and no publication date"
