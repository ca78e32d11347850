"""Rule-based event coder over spaCy dependency parses.

Every candidate trigger (a lexicon verb or noun) is either coded as an
``Event`` or rejected with a reason, so ``explain`` can answer "why no event
in this sentence?". Arguments come from the parse: subject -> actor (the
agent of a passive), object and prepositional objects -> recipients,
coordination -> several actors, reported speech -> attribution.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .. import ontology
from ..actors import ActorResolver, default_resolver
from ..model import Actor, Event, Evidence
from . import lexicon
from .lexicon import Trigger

HERE = Path(__file__).parent
SUBJECT_DEPS = ("nsubj", "csubj")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
QUANTITIES = {"thousands", "hundreds", "dozens", "scores", "tens", "millions", "some", "many", "most", "groups", "crowds"}
NP_DEPS = {"compound", "amod", "det", "poss", "case", "nmod", "flat", "nummod", "quantmod", "npadvmod", "punct"}


@lru_cache(maxsize=1)
def grammar() -> dict:
    with open(HERE / "patterns.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    for key, value in list(data.items()):
        if isinstance(value, list):
            data[key] = set(value)
    return data


@dataclass
class Candidate:
    """One possible trigger and what became of it (for ``explain``)."""

    token: str
    start: int
    end: int
    trigger: str | None
    decision: str  # "event" or "rejected"
    reason: str
    events: list[Event] = field(default_factory=list)


@dataclass
class SentenceResult:
    events: list[Event]
    candidates: list[Candidate]


def np_span(tok):
    """The noun phrase headed by ``tok`` without relative clauses or trailing preps."""
    tokens = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for child in t.children:
            if child.dep_ in NP_DEPS and child.dep_ != "punct":
                tokens.append(child)
                stack.append(child)
    lo = min(t.i for t in tokens)
    hi = max(t.i for t in tokens)
    doc = tok.doc
    while lo < hi and doc[lo].is_punct:
        lo += 1
    return doc[lo : hi + 1]


def conjuncts(tok) -> list:
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            out.extend(conjuncts(child))
    return out


class Coder:
    """Codes sentences into events; load once, reuse (the models are cached)."""

    def __init__(self, nlp=None, resolver: ActorResolver | None = None) -> None:
        if nlp is None:
            from ..analyze import load_nlp

            nlp = load_nlp()
        self.nlp = nlp
        self.resolver = resolver or default_resolver()
        self.verbs = lexicon.verbs()
        self.nouns = lexicon.nouns()
        self.g = grammar()

    # --- public API ----------------------------------------------------------------
    def code_text(self, text: str, date: str | None = None) -> list[Event]:
        return self.code_doc(self.nlp(text), date)

    def code_doc(self, doc, date: str | None = None) -> list[Event]:
        """Events of an already parsed text (use with ``nlp.pipe`` for batches)."""
        events: list[Event] = []
        context: list[Actor] = []
        for index, sent in enumerate(doc.sents):
            result = self.code_sentence(sent, date=date, sentence_index=index, context=context)
            events.extend(result.events)
        return events

    def code_analysis(self, analysis) -> list[Event]:
        """All events of one analysed article (headings give none)."""
        events: list[Event] = []
        context: list[Actor] = []
        date = analysis.article.published
        for sentence, span in analysis.sentence_spans():
            if sentence.is_heading:
                continue
            result = self.code_sentence(
                span, date=date, article_id=analysis.article.id, sentence_index=sentence.index, context=context
            )
            events.extend(result.events)
        return events

    def code_sentence(self, span, *, date=None, article_id=None, sentence_index=None, context=None) -> SentenceResult:
        context = context if context is not None else []
        candidates: list[Candidate] = []
        events: list[Event] = []
        for tok in span:
            trigger = None
            if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and tok.tag_.startswith("VB")):
                trigger = self._verb_trigger(tok)
                kind = "verb"
            elif tok.pos_ in ("NOUN", "PROPN"):
                trigger = self._noun_trigger(tok)
                kind = "noun"
            else:
                continue
            if trigger is None:
                if kind == "verb" and tok.pos_ == "VERB" and tok.lemma_.lower() not in self.g["reporting_verbs"]:
                    candidates.append(Candidate(tok.text, tok.idx - span.start_char, tok.idx - span.start_char + len(tok),
                                                None, "rejected", f"unknown verb '{tok.lemma_.lower()}' (not in the lexicon)"))
                continue
            cand = self._code_trigger(tok, trigger, span, date, article_id, sentence_index, context)
            candidates.append(cand)
            events.extend(cand.events)
        self._accusations_by_report(span, date, article_id, sentence_index, context, candidates, events)
        # remember actors for pronouns in later sentences
        for ev in events:
            for a in (*ev.actor, *ev.recipient):
                if a.resolved:
                    context.append(a)
        for tok in span:
            if tok.ent_type_ in ("GPE", "ORG", "PERSON", "NORP") and tok.ent_iob_ == "B":
                ent = next(e for e in span.ents if e.start == tok.i)
                actor = self.resolver.resolve(ent.text, date)
                if actor.resolved:
                    actor.role = actor.role or ("person" if ent.label_ == "PERSON" else None)
                    context.append(actor)
        del context[:-20]
        return SentenceResult(events, candidates)

    # --- triggers --------------------------------------------------------------------
    def _verb_trigger(self, tok) -> Trigger | None:
        lemma = tok.lemma_.lower()
        options = self.verbs.get(lemma)
        if not options:
            return None
        near = {c.lemma_.lower() for c in tok.children if c.dep_ in ("prt", "prep", "dobj", "acomp", "advmod", "xcomp", "npadvmod")}
        for c in tok.children:
            if c.dep_ == "prep":
                near.update(g.lemma_.lower() for g in c.children if g.dep_ == "pobj")
        best = None
        for t in options:
            if all(w in near for w in t.words[1:]):
                if len(t.words) > 1:
                    return t
                if best is None:
                    best = t
                elif "dobj" in t.recipients and any(c.dep_ == "dobj" for c in tok.children):
                    best = t if "dobj" not in best.recipients else best
        return best

    def _noun_trigger(self, tok) -> Trigger | None:
        options = self.nouns.get(tok.lemma_.lower()) or self.nouns.get(tok.text.lower())
        if not options:
            return None
        for t in options:
            if len(t.words) == 1:
                return t
            prev = tok.doc[tok.i - len(t.words) + 1 : tok.i + 1]
            if " ".join(w.lower_ for w in prev) == " ".join(t.words):
                return t
        return None

    # --- arguments ---------------------------------------------------------------------
    def _actor_from(self, tok, date, context, role: str) -> list[Actor]:
        out = []
        for head in conjuncts(tok):
            if head.lower_ in QUANTITIES:  # "thousands of students": the students
                of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                pobj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
                if pobj is not None:
                    head = pobj
            text = np_span(head).text
            low = text.lower()
            if head.pos_ == "PRON" or low in self.g["anaphors"]["group"] or low in self.g["anaphors"]["government"]:
                actor = self._coref(head.lower_, low, context)
                if actor is not None:
                    out.append(Actor(text=text, code=actor.code, sector=actor.sector, name=actor.name,
                                     wikidata=actor.wikidata, resolved=True, role=actor.role,
                                     start=head.idx, end=head.idx + len(head)))
                    continue
                if head.pos_ == "PRON":
                    continue
            span = np_span(head)
            named = [a for a in self.resolver.find(text, date) if a.resolved]
            if len({a.code for a in named}) > 1 and not any(a.role for a in named):
                # "Israeli and Hamas negotiators": one actor per named side, sharing the head's sector
                sector = self.resolver.resolve(head.text).sector
                for a in named:
                    a.sector = a.sector or sector
                    a.start, a.end = span.start_char + a.start, span.start_char + a.end
                out.extend(named)
                continue
            actor = self.resolver.resolve(text, date)
            actor.start, actor.end = span.start_char, span.end_char
            if not actor.resolved:
                # "various leaders, including Egyptian President el-Sisi": take the named ones
                named = [c for c in head.children if c.dep_ == "prep" and c.lower_ in ("including", "like")]
                named += [c for c in head.children if c.dep_ == "appos"]
                inner = []
                for n in named:
                    target = next((g for g in n.children if g.dep_ == "pobj"), n)
                    inner.extend(a for a in self._actor_from(target, date, context, role) if a.resolved)
                if inner:
                    out.extend(inner)
                    continue
                poss = [c for c in head.children if c.dep_ == "poss"]
                if poss and role == "recipient":
                    owners = self._actor_from(poss[0], date, context, role)
                    if any(a.resolved for a in owners):
                        out.extend(owners)
                        continue
            if head.pos_ in ("NOUN", "PROPN") or actor.resolved or actor.sector:
                out.append(actor)  # unresolved actors are kept with their text, never dropped
        return out

    def _coref(self, pronoun: str, phrase: str, context: list[Actor]) -> Actor | None:
        """The last earlier actor compatible with a pronoun or a definite description."""
        g = self.g
        if phrase in g["anaphors"]["government"]:
            def fits(a: Actor) -> bool:
                return a.sector in ("GOV", "MIL", "COP", "JUD", "LEG") or (a.sector is None and not a.role)
        elif phrase in g["anaphors"]["group"]:
            def fits(a: Actor) -> bool:
                return a.sector in ("REB", "OPP", "PTY", "IGO", "NGO")
        elif pronoun in g["pronouns"]["person"]:
            def fits(a: Actor) -> bool:
                return a.role not in (None, "group")
        else:
            def fits(a: Actor) -> bool:
                return a.role in (None, "group")
        return next((a for a in reversed(context) if fits(a)), None)

    def _subject(self, tok):
        """(actor token, passive recipient token) for a verb, inheriting the subject of governing verbs."""
        node = tok
        for _ in range(4):
            subj = next((c for c in node.children if c.dep_ in SUBJECT_DEPS), None)
            passive = next((c for c in node.children if c.dep_ in PASSIVE_SUBJECT_DEPS), None)
            agent = next((c for c in node.children if c.dep_ == "agent"), None)
            if passive is not None:
                agent_obj = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else None
                return agent_obj, passive
            if subj is not None:
                return subj, None
            if node.dep_ in ("xcomp", "conj", "advcl", "acl", "pcomp") and node.head is not node:
                node = node.head
                continue
            break
        return None, None

    def _recipients(self, tok, trigger: Trigger, date, context) -> list[Actor]:
        found: list[Actor] = []
        for child in tok.children:
            if child.dep_ in ("dobj", "dative") and "dobj" in trigger.recipients:
                found.extend(self._actor_from(child, date, context, "recipient"))
            elif child.dep_ in ("prep", "agent") and child.lower_ in trigger.recipients:
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    found.extend(self._actor_from(pobj, date, context, "recipient"))
        if not any(a.resolved for a in found):
            # "strikes on targets in Gaza", "accused X of": look one level deeper for a place or group
            for child in tok.children:
                if child.dep_ in ("dobj", "prep"):
                    for g in child.subtree:
                        if g.dep_ == "pobj" and g.head.lower_ in ("in", "on", "at", "against", "from", "for", "with", "to", "by"):
                            extra = [a for a in self._actor_from(g, date, context, "recipient") if a.resolved]
                            if extra:
                                found = extra
                                break
        return found

    # --- modality and attribution ----------------------------------------------------------
    def _modality(self, tok) -> tuple[str, float]:
        g = self.g
        node = tok
        for child in tok.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return "negated", 0.0
        for child in tok.children:
            if child.dep_ == "aux" and child.lower_ in g["future_aux"]:
                return "future", 0.0
            if child.dep_ == "aux" and child.lower_ in g["hypothetical_aux"]:
                return "hypothetical", -0.1
        for _ in range(3):
            if node.dep_ == "advcl" and any(c.lower_ in g["conditional_marks"] for c in node.children if c.dep_ == "mark"):
                return "conditional", -0.1
            if node.dep_ in ("xcomp", "ccomp") and node.head is not node:
                head = node.head
                lemma = head.lemma_.lower()
                if lemma in g["negating_heads"] or any(c.dep_ == "neg" for c in head.children):
                    return "negated", 0.0
                if lemma in g["future_heads"]:
                    return "future", 0.0
                node = head
                continue
            break
        return "asserted", 0.0

    def _attribution(self, tok, date, context) -> Actor | None:
        node = tok
        for _ in range(4):
            if node.dep_ in ("ccomp", "parataxis") or (node.dep_ == "ROOT" and node is not tok):
                head = node.head if node.dep_ != "ROOT" else node
                if head.lemma_.lower() in self.g["reporting_verbs"]:
                    subj = next((c for c in head.children if c.dep_ in SUBJECT_DEPS), None)
                    if subj is not None:
                        actors = self._actor_from(subj, date, context, "actor")
                        if actors:
                            return actors[0]
                    return Actor(text="(unnamed source)", resolved=False)
            if node.head is node:
                break
            node = node.head
        return None

    # --- coding one trigger -------------------------------------------------------------------
    def _code_trigger(self, tok, trigger: Trigger, span, date, article_id, sentence_index, context) -> Candidate:
        offset = span.start_char
        start, end = tok.idx - offset, tok.idx - offset + len(tok)
        cand = Candidate(tok.text, start, end, trigger.rule, "rejected", "")
        if trigger.kind == "verb":
            subj, passive = self._subject(tok)
            actors = self._actor_from(subj, date, context, "actor") if subj is not None else []
            recipients = self._recipients(tok, trigger, date, context)
            if passive is not None:
                moved = self._actor_from(passive, date, context, "recipient")
                if subj is None and recipients:
                    actors = moved  # "Israel's team has been recalled from Qatar"
                else:
                    recipients = moved + recipients
        else:
            if trigger.governors and tok.head.lemma_.lower() not in trigger.governors:
                cand.reason = f"'{tok.text}' is only mentioned (not governed by {'/'.join(sorted(trigger.governors)[:4])}...)"
                return cand
            actors = self._noun_actors(tok, date, context)
            recipients = self._recipients(tok, trigger, date, context)
        if tok.lemma_.lower() in self.g["reporting_verbs"] and trigger.cameo.root == "01":
            cand.reason = "reporting verb only (a statement, not coded)"
            return cand
        if not actors:
            cand.reason = "no actor found"
            return cand
        modality, penalty = self._modality(tok)
        if trigger.kind == "noun" and modality == "asserted" and tok.head.pos_ in ("VERB", "AUX"):
            modality, penalty = self._modality(tok.head)  # "Egypt will host talks": the talks are future
        confidence = 0.5 + 0.2 * any(a.resolved for a in actors) + 0.2 * any(a.resolved for a in recipients) + penalty
        if trigger.kind == "noun":
            confidence -= 0.1
        if confidence < self.g["threshold"]:
            cand.reason = f"below threshold {self.g['threshold']}"
            return cand
        pairs = self._pairs(actors, recipients, trigger)
        attribution = self._attribution(tok, date, context) if trigger.kind == "verb" else None
        for actor, recipient in pairs:
            ev = self._event(trigger, actor, recipient, modality, confidence, span, start, end, article_id,
                             sentence_index, attribution)
            cand.events.append(ev)
        cand.decision, cand.reason = "event", f"coded as {trigger.cameo.plover} by rule {trigger.rule}"
        if modality != "asserted":
            cand.reason += f" ({modality})"
        return cand

    def _noun_actors(self, tok, date, context) -> list[Actor]:
        for child in tok.children:
            if child.dep_ == "poss" and child.pos_ == "PRON":
                # "Israel intensifying its strikes": the subject of the governing verb first
                governed = self._governing_subject(tok, date, context)
                if governed:
                    return governed
            if child.dep_ in ("amod", "compound", "poss") and child.i < tok.i:
                found = [a for a in self._actor_from(child, date, context, "actor") if a.resolved or a.code]
                if found:
                    return found
            if child.dep_ == "prep" and child.lower_ == "by":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return self._actor_from(pobj, date, context, "actor")
        return self._governing_subject(tok, date, context)

    def _governing_subject(self, tok, date, context) -> list[Actor]:
        head = tok.head
        for _ in range(3):
            if head.pos_ in ("VERB", "AUX"):
                agent = next((c for c in head.children if c.dep_ == "agent"), None)
                if agent is not None:
                    pobj = next((g for g in agent.children if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        return self._actor_from(pobj, date, context, "actor")
                subj, _ = self._subject(head)
                if subj is not None:
                    return self._actor_from(subj, date, context, "actor")
                break
            if head.head is head:
                break
            head = head.head
        return []

    def _pairs(self, actors, recipients, trigger) -> list[tuple[Actor, Actor | None]]:
        reciprocal = (
            "subj-conj" in trigger.recipients
            or set(trigger.hints) & self.g["reciprocal_hints"]
            or trigger.cameo.code in self.g["reciprocal_cameo"]
        )
        if not recipients and reciprocal and len(actors) >= 2:
            return [(a, b) for a in actors for b in actors if a is not b]
        if not recipients:
            return [(a, None) for a in actors]
        return [(a, r) for a in actors for r in recipients]

    def _event(self, trigger, actor, recipient, modality, confidence, span, start, end, article_id,
               sentence_index, attribution) -> Event:
        code = trigger.cameo
        acled = ontology.acled_for(code.plover, code.plover_mode, trigger.hints)
        arguments = {}
        offset = span.start_char
        if actor.start is not None:
            arguments["actor"] = (actor.start - offset, actor.end - offset)
        if recipient is not None and recipient.start is not None:
            arguments["recipient"] = (recipient.start - offset, recipient.end - offset)
        ev = Event(
            event=code.plover,
            mode=code.plover_mode,
            context=[h for h in trigger.hints if h not in ("kill",)],
            actor=[_clean_actor(actor)],
            recipient=[_clean_actor(recipient)] if recipient is not None else [],
            cameo=code.code,
            cameo_root=code.root,
            quad_class=code.quad_class,
            goldstein=code.goldstein,
            acled_type=acled[0] if acled else None,
            acled_subtype=acled[1] if acled else None,
            modality=modality,
            attribution=attribution.text if attribution is not None else None,
            attribution_anonymous=attribution is not None and not attribution.resolved,
            evidence=[Evidence(article_id, sentence_index, span.text, (start, end), arguments, trigger.rule,
                               round(confidence, 3))],
            confidence=round(confidence, 3),
        )
        ev.id = ev.compute_id()
        return ev

    def _accusations_by_report(self, span, date, article_id, sentence_index, context, candidates, events) -> None:
        """'Israel said Hamas had failed to honour the truce' -> Israel ACCUSE Hamas."""
        g = self.g
        for tok in span:
            if tok.lemma_.lower() not in g["reporting_verbs"]:
                continue
            for comp in (c for c in tok.subtree if c.dep_ in ("ccomp", "pcomp", "xcomp") and c is not tok):
                if comp.lemma_.lower() not in g["accusation_complements"]:
                    continue
                subj, _ = self._subject(tok)
                target = next((c for c in comp.children if c.dep_ in SUBJECT_DEPS), None)
                if subj is None or target is None:
                    continue
                actors = self._actor_from(subj, date, context, "actor")
                targets = self._actor_from(target, date, context, "recipient")
                if not actors or not targets:
                    continue
                trigger = Trigger((tok.lemma_.lower(), comp.lemma_.lower()), ontology.cameo("112"), (), (), "report")
                offset = span.start_char
                start, end = comp.idx - offset, comp.idx - offset + len(comp)
                cand = Candidate(comp.text, start, end, trigger.rule, "event", "coded as ACCUSE by rule report:"
                                 f"{tok.lemma_.lower()}+{comp.lemma_.lower()}")
                for a in actors:
                    for r in targets:
                        ev = self._event(trigger, a, r, "asserted", 0.6, span, start, end, article_id, sentence_index, None)
                        cand.events.append(ev)
                candidates.append(cand)
                events.extend(cand.events)


def principal_event(events: list[Event]) -> Event | None:
    """The sentence's main event: asserted before modal ones, then the most confident, then the first."""
    if not events:
        return None
    ranked = sorted(enumerate(events), key=lambda ie: (ie[1].modality != "asserted", -ie[1].confidence, ie[0]))
    return ranked[0][1]


def _clean_actor(actor: Actor) -> Actor:
    return Actor(text=actor.text, code=actor.code, sector=actor.sector, name=actor.name, wikidata=actor.wikidata,
                 resolved=actor.resolved, start=actor.start, end=actor.end,
                 role=actor.role if actor.role not in ("person", "group") else None)
