"""Step 4, composition: wrapper words that take their event type from the event they wrap.

"Hamas refused to release the hostages" is a REJECT (the release is kept,
negated), "Iran vowed to retaliate" a THREATEN, "Egypt urged Israel to allow
aid" a REQUEST, "agreed to the demands" a CONCEDE: the wrapper classes and
their maps are in patterns.yaml (``compose``). A wrapper that is not itself in
the lexicon ("ready to", "willingness to") becomes an event of its own.

Input: the sentence's read triggers (steps 1-3). Output: wrappers recoded
and linked to what they wrap (``wrapped_by``), new wrapper triggers added to
the triggers and candidates.
"""

from __future__ import annotations

from .. import ontology
from ..analyze.words import reported_speech_verbs
from .arguments import ArgumentFinder
from .found import Candidate, Found
from .lexicon import Trigger, compose_words
from .modality import attribution, modality
from .reading import TriggerReader
from .salience import salience
from .triggers import PARTICLES, PREPOSITIONS


class Composer:
    """Finds wrapper words and recodes them by the event they wrap."""

    def __init__(self, grammar: dict, args: ArgumentFinder, reader: TriggerReader) -> None:
        self.g = grammar
        self.args = args
        self.reader = reader  # reads a wrapper that was dropped before composition revived it
        self.compose_words = compose_words()

    def compose(self, found: list[Found], span, date, context, candidates: list[Candidate]) -> None:
        by_token = {f.tok.i: f for f in found}
        by_anchor: dict[int, Found] = {}
        for f in found:
            if f.dropped is None and f.trigger.is_event:
                by_anchor.setdefault(f.anchor.i, f)
                by_anchor.setdefault(f.tok.i, f)
        for tok in span:
            lemma = tok.lemma_.lower()
            cls = self.compose_words.get(lemma)
            if cls is None or (lemma in self.g["compose_adjectives"] and tok.pos_ != "ADJ"):
                continue
            inner = self._inner(tok, cls, by_anchor)
            if inner is None:
                continue
            code_name, event = self._code_name(tok, cls, inner)
            outer = by_token.get(tok.i)
            if outer is not None and outer.dropped is not None and not outer.trigger.is_event:
                continue
            if outer is not None and outer.trigger.kind == "verb" and any(
                    w not in PREPOSITIONS and w not in PARTICLES for w in outer.trigger.words[1:]):
                continue  # a pattern naming its object ("reject accusations", "call for a ceasefire") says it all
            if code_name == "keep":
                if outer is not None:
                    self._wrap(inner, outer)
                continue
            if code_name is None:
                continue
            code = ontology.cameo(code_name)
            if outer is None:
                outer = self._new_wrapper(tok, cls, code, event, span, date, context)
                candidates.append(outer.cand)
                found.append(outer)
                by_token[tok.i] = outer
            elif outer.dropped is not None:
                outer.dropped = None
                if not outer.actors and not outer.recipients:
                    self.reader.read(outer, date, context)
            self._recode(outer, inner, cls, code, event)

    def obligations(self, found: list[Found], date, context) -> None:
        """'Reed said Trump should cancel the meeting' is Reed's REQUEST to Trump: an act someone
        says another must or should do is a request (what is asked is not an event of its own)."""
        mapping = self.g["compose"]["request"]["map"]
        for f in found:
            if f.dropped is not None or not f.trigger.is_event or f.wrapped_by is not None or f.event == "REQUEST":
                continue
            anchor = f.anchor
            imperative = _imperative(anchor)
            if not imperative and not any(c.dep_ == "aux" and c.lower_ in self.g["deontic_aux"] for c in anchor.children):
                continue
            speaker = attribution(anchor, self.args, date, context)
            if (speaker is None or speaker.text == "(unnamed source)") and imperative:
                speaker = self.args.last_speaker  # "'Cancel the meeting. Now,' Schumer tweeted"
            if speaker is None or not speaker.text or speaker.text == "(unnamed source)":
                continue
            if any(a.code and a.code == speaker.code and a.name == speaker.name for a in f.actors):
                continue  # "we must respond": one's own duty, not a request
            code_name = (mapping.get(f.event) or mapping["*"])[0]
            if any(c.dep_ == "aux" and c.lower_ in self.g["demand_words"] for c in anchor.children):
                code_name = "10" + code_name[2:]  # "must": a demand, not an appeal
            f.code, f.event = ontology.cameo(code_name), "REQUEST"
            f.mode = f.code.plover_mode if f.code.plover == "REQUEST" else None
            f.rule = f"{f.rule}+{'imperative' if imperative else 'should'}"
            f.recipients = [] if imperative else [a for a in f.actors]
            f.actors = [speaker]
            f.modality, f.penalty = "asserted", 0.0
            f.attribution = speaker

    def _inner(self, tok, cls: str, by_anchor: dict[int, Found]) -> Found | None:
        """The event a wrapper word wraps, unless it is taken or the word only reports it."""
        lemma = tok.lemma_.lower()
        clause_only = self.g["compose_clause_only"]
        inner = self.wrapped_event(tok, by_anchor, clauses_only=lemma in clause_only)
        if inner is None and lemma in clause_only and tok.pos_ == "NOUN":
            inner = self._purpose_of(tok, by_anchor)  # "a plan for the occupation of Gaza City"
        if inner is None or inner.wrapped_by is not None or inner.tok.i == tok.i:
            return None
        reporting = reported_speech_verbs()
        if lemma in reporting and inner.anchor.i < tok.i:
            return None  # "Washington will send aid, the Pentagon announced": an attribution, not a promise
        if cls == "request" and lemma in reporting and inner.anchor.dep_ == "ccomp":
            return None  # "told Netanyahu that ... would not": a report; "told Israel to stop": a request
        return inner

    def _code_name(self, tok, cls: str, inner: Found) -> tuple[str | None, str | None]:
        """(CAMEO code name, event type) of a wrapper of ``inner``: "keep" keeps the wrapper's own."""
        mapping = self.g["compose"][cls]["map"]
        code_name, event = mapping.get(inner.event) or mapping.get("*") or [None, None]
        if cls == "intent" and inner.modality == "negated" and event == "THREATEN":
            code_name, event = "035", "CONCEDE"  # "promised that police will not beat protesters"
        if cls == "request" and code_name is not None and tok.lemma_.lower() in self.g["demand_words"] \
                and code_name.startswith("02"):
            code_name = "10" + code_name[2:]  # a demand, not an appeal
        return code_name, event

    def _new_wrapper(self, tok, cls: str, code, event: str, span, date, context) -> Found:
        """A wrapper word that is no trigger of its own ("ready to", "willingness to") as a new trigger."""
        offset = span.start_char
        start, end = tok.idx - offset, tok.idx - offset + len(tok)
        trigger = Trigger((tok.lemma_.lower(),), code, event, code.plover_mode if code.plover == event else None,
                          (), ("dobj", "to", "with", "on", "against"), "verb" if tok.pos_ != "NOUN" else "noun")
        outer = Found(tok, trigger, Candidate(tok.text, start, end, f"compose:{cls}", "rejected", ""))
        self._wrapper_arguments(outer, date, context)
        return outer

    def _recode(self, outer: Found, inner: Found, cls: str, code, event: str) -> None:
        """The wrapper takes the code its wrapped event gives it; requests and threats are aimed at its recipients."""
        outer.code, outer.event = code, event
        outer.mode = code.plover_mode if code.plover == event else None
        outer.rule = f"{outer.trigger.rule}+{inner.trigger.rule}"
        self._wrap(inner, outer)
        own = {(a.code, a.name, a.text) for a in outer.actors}
        others = [a for a in inner.actors if a.resolved and (a.code, a.name, a.text) not in own]
        if not outer.recipients and cls == "refusal" and others and inner.tok.i < outer.tok.i + 4 \
                and inner.trigger.kind == "noun":
            outer.recipients = others  # "rejected Obama's veto": the one whose act is rejected
        elif not outer.recipients and inner.recipients and cls in ("request", "threat", "refusal"):
            outer.recipients = list(inner.recipients)
        if cls == "request" and inner.actors and not outer.recipients:
            outer.recipients = [a for a in inner.actors if a.resolved]

    def _wrap(self, inner: Found, outer: Found) -> None:
        """The wrapped event is part of the wrapper's news: it keeps a share of the lesser salience."""
        inner.wrapped_by = outer
        inner.salience = round(min(inner.salience, outer.salience) * self.g["wrapped_salience"], 4)

    @staticmethod
    def _purpose_of(tok, by_anchor: dict) -> Found | None:
        """The event a plan or decision is for: its "for" object."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "for":
                inner = _object_event(c, by_anchor)
                if inner is not None:
                    return inner
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
                inner = _object_event(c, by_anchor)
                if inner is not None:
                    return inner
            if c.dep_ == "dobj":
                # "accused Israel of attacking", "urged Hamas to accept": through the object
                for g in c.children:
                    if g.dep_ == "prep" and g.lower_ in ("of", "for", "to"):
                        inner = _object_event(g, by_anchor)
                        if inner is not None:
                            return inner
        return None

    def _wrapper_arguments(self, f: Found, date, context) -> None:
        """Read a wrapper that is no lexicon trigger ("ready to", "willingness to"): its subject acts."""
        tok = f.tok
        if tok.pos_ == "NOUN":
            f.actors = self.args.noun_actors(tok, date, context)
        else:
            node = tok
            if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "amod", "attr") and tok.head.i != tok.i:
                node = tok.head  # "Iran was ready to ...": the subject of "was"
            f.actors = self.args.subject_actors(node, date, context)
        f.recipients = []
        f.modality, f.penalty = modality(tok if tok.pos_ != "ADJ" else tok.head, date)
        f.salience = salience(tok if tok.pos_ != "ADJ" else tok.head)


QUOTES = {'"', "“", "”", "‘", "’", "'"}


def _imperative(verb) -> bool:
    """A command in a quote: a bare verb that heads its sentence with no subject ("Cancel the meeting")."""
    if verb.tag_ != "VB" or verb.dep_ not in ("ROOT", "ccomp", "xcomp", "parataxis") or child_of(verb, "nsubj", "nsubjpass", "aux"):
        return False
    if verb.dep_ != "ROOT" and verb.head.lemma_.lower() not in reported_speech_verbs():
        return False
    before = verb.doc[verb.i - 1] if verb.i > verb.sent.start else None
    if before is not None and before.dep_ in ("advmod", "intj") and before.i > verb.sent.start:
        before = verb.doc[before.i - 1]  # "Now cancel it", "Please cancel it"
    quoted = any(t.text in QUOTES for t in verb.sent)  # a command someone gives, not a page's "Sign up"
    return quoted and (before is None or before.text in QUOTES or before.text in (":", "—", "-"))


def child_of(tok, *deps):
    return next((c for c in tok.children if c.dep_ in deps), None)


def _object_event(prep, by_anchor: dict) -> Found | None:
    """The event a preposition's object (or clause) is: "to the demands", "of attacking"."""
    for g in prep.children:
        if g.dep_ in ("pobj", "pcomp") and g.i in by_anchor:
            return by_anchor[g.i]
    return None
