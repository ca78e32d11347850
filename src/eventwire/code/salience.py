"""Which event a sentence is about: salience of triggers and the principal event.

A sentence often mentions several events ("After talks collapsed, Israel
launched strikes on Gaza"); users and evaluations want the one the sentence
reports. Salience starts at 1 for the main clause and shrinks with every
dependency between the trigger and the root (patterns.yaml ``salience``):
background clauses and phrases ("after", "amid", "following"), relative
clauses and modifiers count least; the complement of a reporting verb ("X
said Y attacked Z") counts as the main clause, since the report itself is
not coded.
"""

from __future__ import annotations

from ..analyze.words import reported_speech_verbs
from ..model import Event
from .found import Found
from .lexicon import grammar

BACKGROUND_WEIGHT = 0.35


def salience(tok) -> float:
    g = grammar()
    weights = g["salience"]
    background = g["background_marks"]
    reporting = reported_speech_verbs()
    score, node = 1.0, tok
    for _ in range(12):
        if node.dep_ == "ROOT" or node.head.i == node.i:
            break
        dep, head = node.dep_, node.head
        weight = weights.get(dep, weights["*"])
        if dep == "pobj" and head.lower_ in background:
            weight = BACKGROUND_WEIGHT
        elif dep == "advcl" and any(c.dep_ == "mark" and c.lower_ in background for c in node.children):
            weight = BACKGROUND_WEIGHT
        elif dep in ("ccomp", "parataxis") and head.lemma_.lower() in reporting:
            weight = 1.0
        elif dep == "conj" and head.lemma_.lower() in reporting:
            weight = 0.9
        score *= weight
        node = head
    return round(score, 4)


def trigger_salience(f: Found) -> float:
    """Step 3c: a trigger's salience, from the phrase that stands for it in the clause.

    A noun counts where its carrier or its phrase stands ("launched strikes",
    "a wave of arrests swept"); a theme ("condemned the strike") keeps only
    the wrapped share, since the news is the verb's.
    """
    score = salience(f.anchor if f.carrier is not None or f.position is None else f.position)
    if f.theme_of is not None:
        score = round(score * grammar()["wrapped_salience"], 4)
    return score


def rank(ev: Event) -> float:
    """Principal-event score: salience first; facts, named actors and confidence break ties."""
    asserted = 1.0 if ev.modality == "asserted" else 0.85
    named = 0.05 if any(a.resolved for a in ev.actor) else 0.0
    return ev.salience * asserted + named + 0.05 * ev.confidence


def principal_event(events: list[Event]) -> Event | None:
    """The principal event of a text: the best-ranked event of its first sentence that has one.

    A headline or lead sentence states what an article is about, so an
    earlier sentence wins over a later one; within a sentence, ``rank``.
    """
    if not events:
        return None
    first = min((e.evidence[0].sentence_index or 0) if e.evidence else 0 for e in events)
    in_first = [e for e in events if ((e.evidence[0].sentence_index or 0) if e.evidence else 0) == first]
    ranked = sorted(enumerate(in_first), key=lambda ie: (-rank(ie[1]), ie[0]))
    return ranked[0][1]


def sentence_principal(events: list[Event]) -> Event | None:
    """The best-ranked event among ``events`` regardless of sentence."""
    if not events:
        return None
    return sorted(enumerate(events), key=lambda ie: (-rank(ie[1]), ie[0]))[0][1]
