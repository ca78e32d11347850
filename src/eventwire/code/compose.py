"""Composition: wrapper words that take their event type from the event they wrap.

"Hamas refused to release the hostages" is a REJECT (the release is kept,
negated), "Iran vowed to retaliate" a THREATEN, "Egypt urged Israel to allow
aid" a REQUEST, "agreed to the demands" a CONCEDE: the wrapper classes and
their maps are in patterns.yaml (``compose``). A wrapper that is not itself in
the lexicon ("ready to", "willingness to") becomes an event of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from .. import ontology
from .arguments import ArgumentFinder
from .found import Candidate, Found
from .lexicon import Trigger
from .modality import modality
from .salience import salience
from .triggers import PARTICLES, PREPOSITIONS


class Composer:
    """Finds wrapper words and recodes them by the event they wrap."""

    def __init__(self, grammar: dict, args: ArgumentFinder, arguments: Callable[[Found, object, list], None]) -> None:
        self.g = grammar
        self.args = args
        self.arguments = arguments  # the coder's argument finder for a trigger that was dropped
        self.compose_words = {w: name for name, spec in grammar["compose"].items() for w in spec["words"]}

    def compose(self, found: list[Found], by_token: dict, span, date, context, candidates) -> None:
        by_anchor: dict[int, Found] = {}
        for f in found:
            if f.dropped is None and f.trigger.is_event:
                by_anchor.setdefault(f.anchor.i, f)
                by_anchor.setdefault(f.tok.i, f)
        offset = span.start_char
        adjective_only = self.g["compose_adjectives"]
        clause_only = self.g["compose_clause_only"]
        for tok in span:
            lemma = tok.lemma_.lower()
            cls = self.compose_words.get(lemma)
            if cls is None or (lemma in adjective_only and tok.pos_ != "ADJ"):
                continue
            inner = self.wrapped_event(tok, by_anchor, clauses_only=lemma in clause_only)
            if inner is None and lemma in clause_only and tok.pos_ == "NOUN":
                inner = self._purpose_of(tok, by_anchor)  # "a plan for the occupation of Gaza City"
            if inner is None or inner.wrapped_by is not None or inner.tok.i == tok.i:
                continue
            if lemma in self.g["reporting_verbs"] and inner.anchor.i < tok.i:
                continue  # "Washington will send aid, the Pentagon announced": an attribution, not a promise
            if cls == "request" and lemma in self.g["reporting_verbs"] and inner.anchor.dep_ == "ccomp":
                continue  # "told Netanyahu that ... would not": a report; "told Israel to stop": a request
            spec = self.g["compose"][cls]
            mapping = spec["map"]
            code_name, event = mapping.get(inner.event) or mapping.get("*") or [None, None]
            if cls == "intent" and inner.modality == "negated" and event == "THREATEN":
                code_name, event = "035", "CONCEDE"  # "promised that police will not beat protesters"
            outer = by_token.get(tok.i)
            if outer is not None and outer.dropped is not None and not outer.trigger.is_event:
                continue
            if outer is not None and outer.trigger.kind == "verb" and any(
                    w not in PREPOSITIONS and w not in PARTICLES for w in outer.trigger.words[1:]):
                continue  # a pattern naming its object ("reject accusations", "call for a ceasefire") says it all
            if code_name == "keep":
                if outer is not None:
                    inner.wrapped_by = outer
                    inner.salience = round(min(inner.salience, outer.salience) * self.g["wrapped_salience"], 4)
                continue
            if code_name is None:
                continue
            if cls == "request" and tok.lemma_.lower() in self.g["demand_words"] and code_name.startswith("02"):
                code_name = "10" + code_name[2:]
            code = ontology.cameo(code_name)
            if outer is None:
                start, end = tok.idx - offset, tok.idx - offset + len(tok)
                trigger = Trigger((tok.lemma_.lower(),), code, event, code.plover_mode if code.plover == event else None,
                                  (), ("dobj", "to", "with", "on", "against"), "verb" if tok.pos_ != "NOUN" else "noun")
                cand = Candidate(tok.text, start, end, f"compose:{cls}", "rejected", "")
                candidates.append(cand)
                outer = Found(tok, trigger, cand)
                self._wrapper_arguments(outer, date, context)
                found.append(outer)
                by_token[tok.i] = outer
            elif outer.dropped is not None:
                outer.dropped = None
                if not outer.actors and not outer.recipients:
                    self.arguments(outer, date, context)
            outer.code, outer.event = code, event
            outer.mode = code.plover_mode if code.plover == event else None
            outer.rule = f"{outer.trigger.rule}+{inner.trigger.rule}"
            inner.wrapped_by = outer
            inner.salience = round(min(inner.salience, outer.salience) * self.g["wrapped_salience"], 4)
            if not outer.recipients and inner.recipients and cls in ("request", "threat", "refusal"):
                outer.recipients = list(inner.recipients)
            if cls == "request" and inner.actors and not outer.recipients:
                outer.recipients = [a for a in inner.actors if a.resolved]

    @staticmethod
    def _purpose_of(tok, by_anchor: dict) -> Found | None:
        """The event a plan or decision is for: its "for" object."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "for":
                for g in c.children:
                    if g.dep_ in ("pobj", "pcomp") and g.i in by_anchor:
                        return by_anchor[g.i]
        return None

    def wrapped_event(self, tok, by_anchor: dict, clauses_only: bool = False) -> Found | None:
        """The event a wrapper word governs: its "to" clause, "that" clause, object or "of/for/to" object."""
        for c in tok.children:
            if c.dep_ in ("xcomp", "ccomp", "acl") and c.i in by_anchor:
                return by_anchor[c.i]
        if clauses_only:
            return None
        for c in tok.children:
            if c.dep_ in ("xcomp", "ccomp", "acl", "acomp"):
                # "vowed to keep attacking", "ready to resume talks"
                for g in c.children:
                    if g.dep_ in ("xcomp", "dobj", "ccomp") and g.i in by_anchor:
                        return by_anchor[g.i]
                if c.dep_ == "acomp":
                    return self.wrapped_event(c, by_anchor)
        for c in tok.children:
            if c.dep_ in ("dobj", "attr", "nsubjpass") and c.i in by_anchor:
                return by_anchor[c.i]
            if c.dep_ == "prep" and c.lower_ in ("to", "for", "of", "on", "against", "with", "into", "over"):
                for g in c.children:
                    if g.dep_ in ("pobj", "pcomp") and g.i in by_anchor:
                        return by_anchor[g.i]
            if c.dep_ == "dobj":
                # "accused Israel of attacking", "urged Hamas to accept": through the object
                for g in c.children:
                    if g.dep_ == "prep" and g.lower_ in ("of", "for", "to"):
                        for x in g.children:
                            if x.dep_ in ("pobj", "pcomp") and x.i in by_anchor:
                                return by_anchor[x.i]
        return None

    def _wrapper_arguments(self, f: Found, date, context) -> None:
        tok = f.tok
        if tok.pos_ == "NOUN":
            f.actors = self.args.noun_actors(tok, date, context)
        else:
            node = tok
            if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "amod", "attr") and tok.head.i != tok.i:
                node = tok.head  # "Iran was ready to ...": the subject of "was"
            subj, _ = self.args.subject(node)
            f.actors = self.args.actors_of(subj, date, context, "actor") if subj is not None else []
        f.recipients = []
        f.modality, f.penalty = modality(tok if tok.pos_ != "ADJ" else tok.head, date)
        f.salience = salience(tok if tok.pos_ != "ADJ" else tok.head)
