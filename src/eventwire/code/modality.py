"""Modality (asserted, negated, future, hypothetical, conditional, historical) and attribution.

An event is only a fact when the sentence asserts it: "did not attack",
"will attack", "could attack", "if they attack", "refused to release" and
"urged them to release" are all marked, never silently coded as facts.
"""

from __future__ import annotations

import re

from ..analyze.words import reported_speech_verbs
from ..model import Actor
from .arguments import SUBJECT_DEPS, ArgumentFinder
from .found import Found
from .lexicon import grammar

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")
_LONG_AGO = {"year", "decade", "century", "years", "decades", "centuries"}


def background_cause(tok) -> bool:
    """An event named as the cause or context of the reported one: "following the attacks",
    "in response to the strike", "in the wake of the shooting", "in retaliation for the raid"."""
    g = grammar()
    node = tok
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    if node.dep_ == "dobj" and node.head.lower_ in g["background_preps"] and node.head.tag_ == "VBG":
        return True  # "following the attacks" parsed as a verb and its object
    if node.dep_ not in ("pobj", "pcomp"):
        return False
    prep = node.head
    if prep.lower_ in g["background_preps"]:
        return True
    # "in response to X": X hangs on "to", which hangs on "response", which hangs on "in"
    noun = prep.head
    return prep.dep_ == "prep" and noun.lemma_.lower() in g["background_frames"] and noun.dep_ == "pobj" \
        and noun.head.lower_ == "in"


def historical(tok, date: str | None) -> bool:
    """A past event told as background: "annexed Crimea in 2014", "two decades ago", "since ... invaded",
    "following the attacks"."""
    if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "since" for c in tok.children):
        return True
    if tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ == "since":
        return True
    if background_cause(tok):
        return True
    ref_year = int(date[:4]) if date else None
    for c in tok.children:
        if c.lower_ == "ago" and any(g.lemma_.lower() in _LONG_AGO or g.lower_ in _LONG_AGO for g in c.children):
            return True
        if c.dep_ == "prep" and c.lower_ in ("in", "during") and ref_year is not None:
            for g in c.children:
                if g.dep_ == "pobj" and g.ent_type_ == "DATE":
                    years = [int(y) for y in _YEAR.findall(" ".join(t.text for t in g.subtree))]
                    if years and max(years) < ref_year:
                        return True
    return False


def _reported_in_the_past(tok) -> bool:
    """The clause is what a past-tense reporting verb says ("said that ...", "declared that ...")."""
    node = tok
    while node.dep_ == "conj" and node.head.i != node.i:
        node = node.head
    if node.dep_ != "ccomp" or node.head.i == node.i:
        return False
    head = node.head
    return head.tag_ == "VBD" and head.lemma_.lower() in reported_speech_verbs()


def alternative_not_taken(tok) -> bool:
    """The act set aside for another: "rather than accept the invitation, he cancelled", "instead of
    meeting the delegation, the minister left"."""
    node = tok
    for _ in range(3):
        kids = {c.lower_ for c in node.children if c.dep_ in ("advmod", "mark", "cc")}
        if {"rather", "than"} <= kids:
            return True
        head = node.head
        if node.dep_ in ("pcomp", "pobj") and head.lower_ in ("of", "than") and (
                any(c.lower_ in ("instead", "rather") for c in head.children)
                or head.head.lower_ in ("instead", "rather")):
            return True
        if node.dep_ not in ("conj", "xcomp", "dobj", "pobj") or head.i == node.i:
            return False
        node = head
    return False


def modality(tok, date: str | None = None) -> tuple[str, float]:
    """(modality, confidence penalty) of the event whose trigger is ``tok``."""
    g = grammar()
    if alternative_not_taken(tok):
        return "negated", 0.0
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no"):
            return "negated", 0.0
        if c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(g.dep_ == "det" and g.lower_ == "no" for g in c.children):
            return "negated", 0.0  # "no aid was delivered"
        if c.dep_ == "aux" and c.lower_ == "to" and tok.dep_ == "ROOT":
            return "future", 0.0  # headline "Egypt to host talks"
    for c in tok.children:
        if c.dep_ == "aux" and c.lower_ in g["future_aux"]:
            return "future", 0.0
        if c.dep_ == "aux" and c.lower_ == "would" and _reported_in_the_past(tok):
            return "future", 0.0  # "Netanyahu declared that operations would persist": future in the past
        if c.dep_ == "aux" and c.lower_ in g["hypothetical_aux"]:
            return "hypothetical", -0.05
        if c.dep_ == "aux" and c.lower_ == "to" and tok.dep_ == "acl" and tok.head.pos_ in ("PROPN", "NOUN"):
            return "future", 0.0  # headline "Egypt to host talks"
    node = tok
    for _ in range(4):
        if node.dep_ == "advcl" and any(c.lower_ in g["conditional_marks"] for c in node.children if c.dep_ == "mark"):
            return "conditional", -0.05
        if node.dep_ in ("xcomp", "ccomp", "pcomp", "pobj", "dobj", "acl") and node.head.i != node.i:
            head = node.head
            if node.dep_ == "pobj" and head.dep_ == "prep":
                head = head.head
            lemma = head.lemma_.lower()
            if lemma in g["negating_heads"] or any(c.dep_ == "neg" for c in head.children):
                return "negated", 0.0
            if lemma in g["future_heads"]:
                return "future", 0.0
            if lemma in g["hypothetical_heads"]:
                return "hypothetical", 0.0
            if node.dep_ in ("dobj", "pobj"):
                break  # a noun's modality comes from its governing verb only
            node = head
            continue
        break
    if historical(tok, date):
        return "historical", 0.0
    return "asserted", 0.0


def open_question(tok):
    """The 'whether' or 'if' of an indirect question above a trigger ("discussed whether Trump should
    cancel", "could not determine if the crew knew it was firing"), or None."""
    node = tok
    for _ in range(5):
        mark = next((c for c in node.children if c.dep_ == "mark" and c.lower_ in ("whether", "if")), None)
        if mark is not None and (mark.lower_ == "whether" or node.dep_ in ("ccomp", "pcomp", "xcomp", "csubj")):
            return mark
        if node.dep_ not in ("ccomp", "xcomp", "conj", "pcomp", "pobj", "dobj", "acl", "relcl") or node.head.i == node.i:
            return None
        node = node.head
    return None


def trigger_modality(f: Found, date: str | None = None) -> tuple[str, float]:
    """Step 3b: (modality, confidence penalty) of a trigger's event.

    A noun the sentence does not mark itself ("the strikes") takes the modality
    of the verb that carries or governs it ("will not hold talks", "plans strikes").
    """
    found = modality(f.tok, date)
    if f.trigger.kind == "noun" and found[0] == "asserted":
        anchor = f.anchor if f.carrier is not None else f.tok.head
        if anchor.pos_ in ("VERB", "AUX") or anchor.tag_.startswith("VB"):
            found = modality(anchor, date)
    return found


def attribution(tok, finder: ArgumentFinder, date, context) -> Actor | None:
    """Who reports the event, when it sits in a reporting verb's complement."""
    node = tok
    for _ in range(5):
        if node.dep_ in ("ccomp", "parataxis") or (node.dep_ == "ROOT" and node.i != tok.i):
            head = node.head if node.dep_ != "ROOT" else node
            if head.lemma_.lower() in reported_speech_verbs():
                subj = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
                if subj is not None:
                    actors = finder.actors_of(subj, date, context, "actor")
                    if actors:
                        return actors[0]
                return Actor(text="(unnamed source)", resolved=False)
        if node.head.i == node.i:
            break
        node = node.head
    # "..., according to the health ministry"
    root = tok.sent.root if hasattr(tok, "sent") else None
    if root is not None:
        for c in root.children:
            if c.dep_ == "prep" and c.lower_ == "according":
                to = next((x for x in c.children if x.lower_ == "to"), None)
                pobj = next((x for x in to.children if x.dep_ == "pobj"), None) if to is not None else None
                if pobj is not None:
                    found = finder.actors_of(pobj, date, context, "actor")
                    if found:
                        return found[0]
    return None
