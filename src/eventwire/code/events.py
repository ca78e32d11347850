"""From a decided trigger to ``Event`` records: one per actor x recipient pair, each with its evidence."""

from __future__ import annotations

from .. import ontology
from ..model import Actor, Event, Evidence
from .found import Found


def participants(f: Found, reciprocal_cameo) -> list[tuple[list[Actor], list[Actor]]]:
    """The (actors, recipients) of each event of a trigger: one per dyad the syntax supports.

    One action is one event: "A and B attacked C" has two actors, "met with X and Y"
    two recipients, never one event per pairing of the nouns. A reciprocal act of two
    coordinated actors with no recipient ("Israel and Hezbollah exchanged fire") is two
    dyads, one each way. A recipient that is the actor itself ("the attack by Hamas")
    is left out.
    """
    actors, recipients = list(f.actors), list(f.recipients)
    reciprocal = f.trigger.reciprocal or (f.code is not None and f.code.code in reciprocal_cameo)
    if not recipients and reciprocal and len(actors) >= 2:
        return [([a], [b for b in actors if b is not a]) for a in actors[:2]]

    def same(a, r) -> bool:
        return a is r or (a.start is not None and (a.start, a.end) == (r.start, r.end))

    return [(actors, [r for r in recipients if not any(same(a, r) for a in actors)])]


def event_of(f: Found, actors: list[Actor], recipients: list[Actor], confidence: float, span, article_id,
             sentence_index) -> Event:
    """The event of a trigger, with offsets into the sentence ``span`` as its evidence (the first
    actor's and recipient's spans as its arguments)."""
    actor = actors[0] if actors else None
    recipient = recipients[0] if recipients else None
    code = f.code
    offset = span.start_char
    tok = f.tok
    start, end = tok.idx - offset, tok.idx - offset + len(tok)
    carrier = f.carrier
    if carrier is not None and not f.subject_of_carrier and 0 < tok.i - carrier.i <= 6:
        start = carrier.idx - offset  # "launched strikes", "held talks"
    acled = ontology.acled_for(f.event, f.mode, f.trigger.hints, actor.sector if actor else None,
                               recipient.sector if recipient else None)
    arguments = {}
    if actor is not None and actor.start is not None:
        arguments["actor"] = (actor.start - offset, actor.end - offset)
    if recipient is not None and recipient.start is not None:
        arguments["recipient"] = (recipient.start - offset, recipient.end - offset)
    context = [h for h in f.trigger.hints if h not in ("reciprocal",)]
    ev = Event(
        event=f.event,
        mode=f.mode,
        context=context,
        actor=[_clean_actor(a) for a in actors],
        recipient=[_clean_actor(r) for r in recipients],
        cameo=code.code,
        cameo_root=code.root,
        quad_class=code.quad_class,
        goldstein=code.goldstein,
        acled_type=acled[0] if acled else None,
        acled_subtype=acled[1] if acled else None,
        modality=f.modality,
        attribution=f.attribution.text if f.attribution is not None else None,
        attribution_anonymous=f.attribution is not None and not f.attribution.resolved,
        evidence=[Evidence(article_id, sentence_index, span.text, (start, end), arguments, f.rule, confidence)],
        confidence=confidence,
        salience=f.salience,
    )
    ev.id = ev.compute_id()
    return ev


def _clean_actor(actor: Actor) -> Actor:
    """The actor as stored: the coder's own roles ("person", "group", used for pronouns) dropped."""
    return Actor(text=actor.text, code=actor.code, sector=actor.sector, name=actor.name, wikidata=actor.wikidata,
                 resolved=actor.resolved, start=actor.start, end=actor.end,
                 role=actor.role if actor.role not in ("person", "group") else None)
