"""Rule-based event coder over spaCy dependency parses.

Every candidate trigger (a lexicon verb or noun) is either coded as an
``Event`` or rejected with a reason, so ``explain`` can answer "why no event
in this sentence?". The steps for one sentence:

1. triggers (``triggers.py``): lexicon verbs (with their particles and
   objects: "pull out", "suspend talks") and nouns (with their modifiers and
   governing verbs: "trade deal", "signed a deal");
2. light verbs hand their subject to the noun they carry ("Israel launched
   strikes"), event predicates hand their clause ("clashes erupted");
3. arguments: actors and recipients (``arguments.py``), modality and
   attribution (``modality.py``);
4. composition (``compose.py``): a wrapper takes its type from the event it wraps ("refused to
   release" is REJECT, "vowed to retaliate" THREATEN, "urged Israel to allow
   aid" REQUEST) and the wrapped event is marked (negated, future,
   hypothetical);
5. decision: confidence, refusals ("will not lift the ban"), self-announced
   threats, actor x recipient pairs; salience (``salience.py``) says how
   central each event is, for the principal event.
"""

from __future__ import annotations

from .. import ontology
from ..actors import ActorResolver, default_resolver
from ..model import Actor, Event, Evidence
from .arguments import ArgumentFinder, child, headline_passive, pobj_of
from .compose import Composer
from .found import Candidate, Found, SentenceResult
from .lexicon import Trigger, grammar
from .modality import attribution, modality
from .salience import principal_event, salience
from .triggers import PARTICIPLE_MODIFIER_DEPS, TriggerFinder, misparsed_verb

LIGHT_OBJECT_DEPS = ("dobj", "nsubjpass", "attr", "oprd", "dative")
LIGHT_OBJECT_PREPS = {"in", "to", "into", "under", "on", "for", "of", "by"}
IMPACT_TYPES = {"ASSAULT", "COERCE", "PROTEST", "SANCTION", "AID"}


class Coder:
    """Codes sentences into events; load once, reuse (the models are cached)."""

    def __init__(self, nlp=None, resolver: ActorResolver | None = None) -> None:
        if nlp is None:
            from ..analyze import load_nlp

            nlp = load_nlp()
        self.nlp = nlp
        self.resolver = resolver or default_resolver()
        self.g = grammar()
        self.args = ArgumentFinder(self.resolver)
        self.triggers = TriggerFinder(self.g, self.args)
        self.composer = Composer(self.g, self.args, self._arguments)
        self.nouns = self.triggers.nouns
        self.compose_words = self.composer.compose_words

    # --- public API ----------------------------------------------------------------
    def parse(self, texts, batch_size: int = 64):
        """spaCy docs for texts, headlines in Title Case re-cased first (see ``analyze.pipe_docs``)."""
        from ..analyze import pipe_docs

        return pipe_docs(self.nlp, texts, batch_size=batch_size)

    def code_text(self, text: str, date: str | None = None) -> list[Event]:
        """Events of a text; paragraphs (blank-line separated) are parsed apart, like articles."""
        from ..analyze import paragraph_texts

        events: list[Event] = []
        context: list[Actor] = []
        index = 0
        self.args.new_text()
        for doc in self.parse(paragraph_texts(text)):
            for sent in doc.sents:
                events.extend(self.code_sentence(sent, date=date, sentence_index=index, context=context).events)
                index += 1
        return events

    def code_texts(self, items: list[tuple[str, str | None]], batch_size: int = 64) -> list[list[Event]]:
        """Events of many (text, date) pairs, parsed in batches; one list per text, in input order."""
        from ..analyze import paragraph_texts

        paragraphs = [paragraph_texts(text) for text, _ in items]
        docs = iter(self.parse((p for paras in paragraphs for p in paras), batch_size=batch_size))
        out: list[list[Event]] = []
        for (_, date), paras in zip(items, paragraphs):
            events: list[Event] = []
            context: list[Actor] = []
            self.args.new_text()
            index = 0
            for _ in paras:
                for sent in next(docs).sents:
                    events.extend(self.code_sentence(sent, date=date, sentence_index=index, context=context).events)
                    index += 1
            out.append(events)
        return out

    def code_doc(self, doc, date: str | None = None) -> list[Event]:
        """Events of an already parsed text (use with ``parse`` for batches)."""
        events: list[Event] = []
        context: list[Actor] = []
        self.args.new_text()
        for index, sent in enumerate(doc.sents):
            events.extend(self.code_sentence(sent, date=date, sentence_index=index, context=context).events)
        return events

    def code_analysis(self, analysis) -> list[Event]:
        """All events of one analysed article (headings give none)."""
        events: list[Event] = []
        context: list[Actor] = []
        date = analysis.article.published
        self.args.new_text()
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
        found, candidates = self._triggers(span, date)
        self._carry(found, date, span, candidates)
        by_token = {f.tok.i: f for f in found}
        for f in found:
            if f.dropped is None:
                self._arguments(f, date, context)
        self.composer.compose(found, by_token, span, date, context, candidates)
        events: list[Event] = []
        for f in found:
            self._decide(f, span, date, article_id, sentence_index, context)
            events.extend(f.cand.events)
        self._accusations_by_report(span, date, article_id, sentence_index, context, candidates, events)
        self._remember(span, events, date, context)
        return SentenceResult(events, candidates)

    # --- 1. triggers ---------------------------------------------------------------------
    def _triggers(self, span, date) -> tuple[list[Found], list[Candidate]]:
        found: list[Found] = []
        candidates: list[Candidate] = []
        offset = span.start_char
        for tok in span:
            kind = self.triggers.kind(tok)
            if kind is None:
                continue
            trigger = self.triggers.verb_trigger(tok, date) if kind == "verb" else self.triggers.noun_trigger(tok)
            start, end = tok.idx - offset, tok.idx - offset + len(tok)
            if trigger is None:
                lemma = tok.lemma_.lower()
                if kind == "verb" and tok.pos_ == "VERB" and lemma not in self.g["reporting_verbs"] \
                        and lemma not in self.compose_words and lemma not in self.g["light_verbs"] \
                        and lemma not in self.g["event_predicates"] and lemma not in self.g["recipient_light_verbs"]:
                    candidates.append(Candidate(tok.text, start, end, None, "rejected",
                                                f"unknown verb '{lemma}' (not in the lexicon)"))
                continue
            cand = Candidate(tok.text, start, end, trigger.rule, "rejected", "")
            candidates.append(cand)
            f = Found(tok, trigger, cand)
            if not trigger.is_event:
                f.dropped = f"not an event: '{' '.join(trigger.words)}' (lexicon pattern)"
            elif kind == "verb" and tok.dep_ in PARTICIPLE_MODIFIER_DEPS and not misparsed_verb(tok):
                f.dropped = f"'{tok.text}' only modifies a noun (\"{tok.head.text}\")"
            found.append(f)
        return found, candidates

    # --- 2. light verbs and event predicates ---------------------------------------------------
    def _carry(self, found: list[Found], date, span=None, candidates=None) -> None:
        nouns = {f.tok.i: f for f in found if f.trigger.kind == "noun" and f.trigger.is_event}
        mentions = {f.tok.i for f in found if f.trigger.kind == "noun" and not f.trigger.is_event}
        for noun in nouns.values():
            head = noun.tok.head
            if noun.tok.dep_ == "compound" and head.i in mentions:
                noun.dropped = f"'{noun.tok.text}' is part of '{head.text}', which is not an event"
        verbs = {f.tok.i: f for f in found if f.trigger.kind == "verb"}
        g = self.g
        for tok_i, noun in nouns.items():
            tok = noun.tok
            node = tok
            while node.dep_ == "conj" and node.head.i in nouns:
                node = node.head  # "strikes and raids": both carried by the same verb
            for _ in range(3):
                head = node.head
                if node.dep_ == "compound" and head.i not in nouns and head.pos_ in ("NOUN", "PROPN"):
                    node = head  # "an aid convoy reached the city": the convoy's clause is the aid's
                elif node.dep_ == "pobj" and head.lower_ in ("of", "from") and head.head.pos_ in ("NOUN", "PROPN", "NUM") \
                        and head.head.i not in nouns and head.head.lemma_.lower() not in g["frame_nouns"]:
                    node = head.head  # "a wave of arrests swept the country", "the toll from the attack rose"
                else:
                    break
            noun.position = node
            dep, head = node.dep_, node.head
            if dep == "pobj" and head.lower_ == "of" and head.head.i in nouns and head.head.i != tok.i:
                noun.theme_of = head.head  # "the collapse of the talks"
                continue
            if dep == "pobj" and head.dep_ == "prep" and head.lower_ in LIGHT_OBJECT_PREPS:
                prep, head = head, head.head
            elif dep in LIGHT_OBJECT_DEPS or dep in ("nsubj",):
                prep = None
            else:
                continue
            if head.pos_ not in ("VERB", "AUX") and not head.tag_.startswith("VB"):
                continue
            lemma = head.lemma_.lower()
            verb = verbs.get(head.i)
            specific = verb is not None and verb.trigger.is_event and (len(verb.trigger.words) > 1 or verb.trigger.conditions)
            if dep == "nsubj":
                if lemma in g["ending_predicates"] and noun.event == "ASSAULT" and child(head, "dobj") is None:
                    # "the fighting stopped": a truce in practice
                    noun.code, noun.event, noun.mode = ontology.cameo("0871"), "RETREAT", "ceasefire"
                    noun.rule = f"{noun.trigger.rule}+{lemma}"
                    noun.carrier, noun.subject_of_carrier = head, True
                elif lemma in g["event_predicates"]:
                    noun.carrier, noun.subject_of_carrier = head, True
                else:
                    continue
                if verb is not None and verb.dropped is None:
                    verb.dropped = f"the event is the noun '{tok.text}' (its subject)"
                continue
            passive = child(head, "nsubjpass") is not None or headline_passive(head) or (
                head.dep_ == "acl" and head.tag_ == "VBN")
            if dep == "pobj" and prep is not None and prep.lower_ in ("by", "in") and passive:
                # "the site was hit by a cyber attack", "five were killed in an air strike"
                if verb is not None and verb.dropped is None and (lemma in g["event_predicates"] or verb.event == noun.event):
                    noun.carrier, noun.subject_of_carrier = head, True
                    verb.dropped = f"the event is the noun '{tok.text}'"
                continue
            if specific and verb.dropped is None and not (noun.trigger.modifiers and lemma in g["light_verbs"]):
                noun.theme_of = head  # "declared a ceasefire": the verb's own pattern is more specific
                continue
            if lemma in g["recipient_light_verbs"] and (prep is None or prep.lower_ in ("under", "from")):
                noun.carrier, noun.recipient_carrier = head, True
            elif lemma in g["light_verbs"] and (prep is None or prep.lower_ in LIGHT_OBJECT_PREPS):
                noun.carrier = head
            elif lemma in self.compose_words and self.compose_words[lemma] != "accusation":
                if self.compose_words[lemma] == "request":
                    noun.own_actors_only = True  # "demanded the release of": the requester does not release
                continue  # a wrapper: composition decides
            elif verb is not None and verb.trigger.is_event:
                noun.theme_of = head
                continue
            else:
                continue
            if verb is not None and verb.dropped is None:
                verb.dropped = f"light verb: the event is the noun '{tok.text}'"
            elif verb is None and candidates is not None and noun.carrier is not None and not noun.subject_of_carrier:
                start = head.idx - span.start_char
                candidates.append(Candidate(head.text, start, start + len(head), None, "rejected",
                                            f"light verb: the event is the noun '{tok.text}'"))

    # --- 3. arguments ---------------------------------------------------------------------
    def _arguments(self, f: Found, date, context) -> None:
        tok, t = f.tok, f.trigger
        if t.kind == "verb":
            subj, passive = self.args.subject(tok)
            actors = self.args.actors_of(subj, date, context, "actor") if subj is not None else []
            recipients = self.args.recipients(tok, t, date, context, deep=not (t.reciprocal and len(actors) >= 2))
            if passive is not None:
                moved = self.args.actors_of(passive, date, context, "recipient")
                if subj is None and tok.lemma_.lower() in self.g["self_moving_verbs"] and any(a.resolved for a in moved):
                    actors = moved  # "Israel's team has been recalled from Qatar": Israel recalls
                else:
                    recipients = moved + recipients
            if actors and len(recipients) > 1:
                # "Israel recalled its ambassador from Turkey": the actor's own people are not the recipient
                own = {a.code for a in actors if a.code}
                others = [r for r in recipients if r.code not in own]
                if others:
                    recipients = others
        else:
            recipients = self.args.recipients(tok, t, date, context)
            carrier = f.carrier
            if carrier is not None and f.recipient_carrier:
                subj, _ = self.args.subject(carrier)
                hit = self.args.actors_of(subj, date, context, "recipient") if subj is not None else []
                recipients = hit + self.args.recipients(tok, t, date, context, deep=False)
                actors = self._own_noun_actors(tok, date, context)
                if not actors:
                    src = next((c for c in carrier.children if c.dep_ in ("prep", "agent") and c.lower_ in ("from", "by")), None)
                    actors = self.args.actors_of(pobj_of(src), date, context, "actor") if pobj_of(src) is not None else []
            elif carrier is not None and f.subject_of_carrier:
                actors = self._own_noun_actors(tok, date, context)
                obj = child(carrier, "dobj", "nsubjpass")
                if obj is not None and not recipients and f.event in IMPACT_TYPES:
                    recipients = self.args.actors_of(obj, date, context, "recipient")  # "an air strike killed five"
            elif carrier is not None:
                # "Egypt to host Gaza talks": the light verb's subject first, then the noun's own modifiers
                subj, _ = self.args.subject(carrier)
                actors = self.args.actors_of(subj, date, context, "actor") if subj is not None else []
                if not any(a.resolved for a in actors):
                    actors = self._own_noun_actors(tok, date, context) or actors
                if not recipients:
                    extra = Trigger(t.words, t.cameo, t.event, t.mode, (), tuple(p for p in t.recipients if p != "dobj"), "verb")
                    deep = not (t.reciprocal and len(actors) >= 2)
                    recipients = self.args.recipients(carrier, extra, date, context, deep=deep)
            elif f.theme_of is not None or f.own_actors_only:
                actors = self._own_noun_actors(tok, date, context)
            else:
                actors = self.args.noun_actors(tok, date, context)
        f.actors, f.recipients = actors, recipients
        if t.kind == "noun" and actors and any(o.conditions for o in self.nouns.get(t.words[-1], ())):
            better = self.triggers.noun_trigger(tok, sector=actors[0].sector)
            if better is not None and better is not t and better.is_event:
                f.trigger, f.code, f.event, f.mode, f.rule = better, better.cameo, better.event, better.mode, better.rule
        f.modality, f.penalty = modality(tok, date)
        if t.kind == "noun" and f.modality == "asserted":
            anchor = f.anchor if f.carrier is not None else tok.head
            if anchor.pos_ in ("VERB", "AUX") or anchor.tag_.startswith("VB"):
                f.modality, f.penalty = modality(anchor, date)
        f.salience = salience(f.anchor if f.carrier is not None or f.position is None else f.position)
        if f.theme_of is not None:
            f.salience = round(f.salience * self.g["wrapped_salience"], 4)

    def _own_noun_actors(self, tok, date, context) -> list[Actor]:
        """A noun's actor from its own phrase only: "Israeli strikes", "Hamas's attack", "an attack by rebels"."""
        for c in tok.children:
            if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i < tok.i:
                found = [a for a in self.args.actors_of(c, date, context, "actor") if a.resolved or a.code]
                if found:
                    return found
            if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from"):
                pobj = pobj_of(c)
                if pobj is not None:
                    found = self.args.actors_of(pobj, date, context, "actor")
                    if c.lower_ == "by" or any(a.resolved for a in found):
                        return found
        return []

    # --- 5. decision -----------------------------------------------------------------------------
    def _decide(self, f: Found, span, date, article_id, sentence_index, context) -> None:
        cand = f.cand
        if f.dropped is not None:
            cand.reason = f.dropped
            return
        if f.trigger.kind == "verb" and f.tok.lemma_.lower() in self.g["reporting_verbs"] and f.code.root == "01":
            cand.reason = "reporting verb only (a statement, not coded)"
            return
        if f.theme_of is not None and not f.actors:
            cand.reason = f"'{f.tok.text}' is what '{f.theme_of.text}' is about, not a separate event (no actor of its own)"
            return
        if not f.actors and not f.recipients and f.trigger.kind == "noun" and f.salience < 0.5 and f.carrier is None:
            cand.reason = "no actor found (a noun mentioned in passing)"
            return
        confidence = (0.45 if f.trigger.kind == "verb" or f.carrier is not None else 0.4)
        if any(a.resolved for a in f.actors):
            confidence += 0.2
        elif f.actors:
            confidence += 0.05
        else:
            confidence -= 0.1
        if any(a.resolved for a in f.recipients):
            confidence += 0.1
        confidence += 0.3 * min(f.salience, 1.0) - 0.1 + f.penalty  # central events are likelier the news
        confidence = round(min(confidence, 0.95), 3)
        if confidence < self.g["threshold"]:
            cand.reason = f"below threshold {self.g['threshold']} (confidence {confidence})"
            return
        if f.attribution is None and (f.trigger.kind == "verb" or f.carrier is not None):
            f.attribution = attribution(f.anchor, self.args, date, context)
        self._own_threat(f)
        self._refusal(f)
        for actor, recipient in self._pairs(f):
            cand.events.append(self._event(f, actor, recipient, confidence, span, article_id, sentence_index))
        cand.decision = "event"
        cand.reason = f"coded as {f.event} (CAMEO {f.code.code}) by rule {f.rule}"
        if not f.actors:
            cand.reason += ", actor unknown"
        if f.modality != "asserted":
            cand.reason += f" ({f.modality})"
        if f.wrapped_by is not None:
            cand.reason += f", inside '{f.wrapped_by.tok.text}'"

    def _own_threat(self, f: Found) -> None:
        """'Turkey said it could suspend relations': a side announcing its own possible hostile act threatens."""
        if f.wrapped_by is not None or f.modality not in ("future", "hypothetical", "conditional"):
            return
        if f.event not in self.g["compose"]["threat"]["map"] or f.event in ("THREATEN", "REJECT"):
            return
        source, actors = f.attribution, [a for a in f.actors if a.code]
        if source is None or not source.code or not actors or actors[0].code != source.code:
            return
        code_name = self.g["compose"]["threat"]["map"][f.event][0]
        f.code, f.event = ontology.cameo(code_name), "THREATEN"
        f.mode = f.code.plover_mode if f.code.plover == "THREATEN" else None
        f.rule = f"{f.rule}+own-threat"

    def _refusal(self, f: Found) -> None:
        """'Israel will not release the prisoners': not doing a cooperative act one is asked for is a refusal."""
        if f.modality != "negated" or f.wrapped_by is not None or not f.actors:
            return
        mapping = self.g["compose"]["refusal"]["map"]
        if f.event not in mapping or f.event in ("REQUEST",) or f.event not in self.g["refusable"]:
            return
        code_name = mapping[f.event][0]
        f.code, f.event = ontology.cameo(code_name), "REJECT"
        f.mode = f.code.plover_mode
        f.modality, f.rule = "asserted", f"{f.rule}+negated"

    def _pairs(self, f: Found) -> list[tuple[Actor | None, Actor | None]]:
        actors, recipients = f.actors, f.recipients
        reciprocal = f.trigger.reciprocal or (f.code is not None and f.code.code in self.g["reciprocal_cameo"])
        if not recipients and reciprocal and len(actors) >= 2:
            return [(a, b) for a in actors for b in actors if a is not b]
        if not actors:
            actors = [None]
        if not recipients:
            return [(a, None) for a in actors]
        def same(a, r) -> bool:
            return a is not None and (a is r or (a.start is not None and (a.start, a.end) == (r.start, r.end)))

        pairs = [(a, r) for a in actors for r in recipients if not same(a, r)]
        # the only recipient found was the actor itself ("the attack by Hamas"): no recipient, not no event
        return pairs or [(a, None) for a in actors]

    def _event(self, f: Found, actor, recipient, confidence, span, article_id, sentence_index) -> Event:
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
            actor=[_clean_actor(actor)] if actor is not None else [],
            recipient=[_clean_actor(recipient)] if recipient is not None else [],
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

    # --- reported accusations and memory --------------------------------------------------------
    def _accusations_by_report(self, span, date, article_id, sentence_index, context, candidates, events) -> None:
        """'Israel said Hamas had failed to honour the truce' -> Israel ACCUSE Hamas."""
        g = self.g
        for tok in span:
            if tok.lemma_.lower() not in g["reporting_verbs"]:
                continue
            for comp in (c for c in tok.subtree if c.dep_ in ("ccomp", "pcomp", "xcomp") and c.i != tok.i):
                if comp.lemma_.lower() not in g["accusation_complements"]:
                    continue
                subj, _ = self.args.subject(tok)
                target = next((c for c in comp.children if c.dep_ in ("nsubj", "csubj")), None)
                if subj is None or target is None:
                    continue
                actors = self.args.actors_of(subj, date, context, "actor")
                targets = self.args.actors_of(target, date, context, "recipient")
                if not actors or not targets:
                    continue
                trigger = Trigger((tok.lemma_.lower(), comp.lemma_.lower()), ontology.cameo("112"), "ACCUSE", "allege",
                                  (), (), "report")
                offset = span.start_char
                start, end = comp.idx - offset, comp.idx - offset + len(comp)
                cand = Candidate(comp.text, start, end, trigger.rule, "event",
                                 f"coded as ACCUSE by rule report:{tok.lemma_.lower()}+{comp.lemma_.lower()}")
                f = Found(comp, trigger, cand)
                f.actors, f.recipients, f.salience = actors, targets, salience(tok)
                confidence = round(min(0.45 + 0.2 * any(a.resolved for a in actors) + 0.1 * any(
                    r.resolved for r in targets) + 0.3 * f.salience - 0.1, 0.95), 3)
                for a in actors:
                    for r in targets:
                        cand.events.append(self._event(f, a, r, confidence, span, article_id, sentence_index))
                candidates.append(cand)
                events.extend(cand.events)
                # the broken promise is what the accusation is about, not the news itself
                for ev in events:
                    if ev.evidence and ev.evidence[0].trigger == (start, end) and ev.event != "ACCUSE":
                        ev.salience = round(ev.salience * self.g["wrapped_salience"], 4)

    def _remember(self, span, events, date, context) -> None:
        """Keep this sentence's actors for pronouns and "the group" in later sentences."""
        for ent in span.ents:
            if ent.label_ in ("GPE", "ORG", "PERSON", "NORP"):
                actor = self.args.resolve(ent.text, date)
                if actor.resolved:
                    actor.role = actor.role or ("person" if ent.label_ == "PERSON" else None)
                    context.append(actor)
        for ev in events:
            context.extend(a for a in ev.recipient if a.resolved)
        for ev in events:
            context.extend(a for a in ev.actor if a.resolved)
        del context[:-20]


def _clean_actor(actor: Actor) -> Actor:
    return Actor(text=actor.text, code=actor.code, sector=actor.sector, name=actor.name, wikidata=actor.wikidata,
                 resolved=actor.resolved, start=actor.start, end=actor.end,
                 role=actor.role if actor.role not in ("person", "group") else None)


__all__ = ["Candidate", "Coder", "SentenceResult", "principal_event"]
