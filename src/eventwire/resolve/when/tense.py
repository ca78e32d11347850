"""Which way a date without a year points: the tense of the clause it sits in.

"On Saturday" in "Hamas fired rockets on Saturday" is the Saturday before
publication; in "the cabinet will meet on Saturday" the one after. The clause
is found by walking up the dependency parse from the expression to its verb.
"""

from __future__ import annotations

from .grammar import rules

PAST, UNKNOWN, FUTURE = -1, 0, 1


def tokens_in(span, start: int, end: int) -> list:
    """Tokens of a spaCy span that overlap [start, end) (offsets into the span's text)."""
    base = span.start_char
    return [t for t in span if t.idx - base < end and t.idx - base + len(t) > start]


def head_token(tokens: list):
    """The token of a multi-token expression whose head lies outside it."""
    inside = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in inside or t.head.i == t.i:
            return t
    return tokens[0] if tokens else None


def governing_verb(token, limit: int = 6):
    """The nearest verb above ``token`` (itself excluded), or None."""
    node = token
    for _ in range(limit):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def verb_direction(verb, depth: int = 0) -> int:
    """PAST, FUTURE or UNKNOWN for a verb, from its auxiliaries, tag and governing verb."""
    t = rules().tense
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in t["future_aux"] for a in auxes):
        return FUTURE
    if verb.lemma_.lower() in t["future_participles"] and verb.tag_ == "VBN":
        return FUTURE  # "the vote is scheduled for Monday" (not "a ceasefire agreed in September")
    if any(a.tag_ in t["past_tags"] for a in auxes) or verb.tag_ in t["past_tags"]:
        if verb.lemma_.lower() in t["future_heads"] and any(c.dep_ == "xcomp" for c in verb.children):
            return FUTURE  # "was expected to vote on Monday"
        return PAST
    if verb.tag_ == "VB" or verb.tag_ == "VBG":
        if verb.tag_ == "VB" and verb.dep_ in ("acl", "relcl") and any(a.lower_ == "to" for a in auxes):
            return FUTURE  # "guidelines to be published in early November"
        if verb.dep_ in ("xcomp", "ccomp", "advcl", "conj") and depth < 3 and verb.head.i != verb.i:
            head = verb.head
            if head.lemma_.lower() in t["future_heads"]:
                return FUTURE
            if head.pos_ in ("VERB", "AUX"):
                return verb_direction(head, depth + 1)
        if any(a.tag_ in t["present_tags"] for a in auxes):
            return FUTURE  # "is meeting on Monday"
        return UNKNOWN
    return UNKNOWN  # a plain present ("follows Tuesday's move") is mostly a past event in news


def direction(span, start: int, end: int) -> int:
    """Tense direction of the clause holding the expression at [start, end) of ``span``."""
    if span is None:
        return UNKNOWN
    head = head_token(tokens_in(span, start, end))
    if head is None:
        return UNKNOWN
    t = rules().tense
    if head.head.lower_ in t["deadline_preps"] and head.dep_ == "pobj":
        return UNKNOWN  # "extended the offer to Nov. 20": a deadline, whatever the tense
    verb = head if head.pos_ in ("VERB", "AUX") else governing_verb(head)
    node = head
    while node is not None:  # "payable Dec. 7", "effective Dec. 7": a term, not the clause's time
        if node.lemma_.lower() in t["deadline_words"]:
            return UNKNOWN
        if (verb is not None and node.i == verb.i) or node.head.i == node.i:
            break
        node = node.head
    return verb_direction(verb) if verb is not None else UNKNOWN
