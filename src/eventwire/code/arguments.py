"""Who did it and to whom: actors and recipients from a dependency parse.

Subjects give actors (the agent of a passive; the object of "urged X to ..."
for the urged act), objects and prepositional objects give recipients,
coordination gives several, pronouns and definite descriptions ("the group")
go to the last compatible actor of the text. Everything is resolved through
the actor knowledge base; what it does not know is kept with its text.
"""

from __future__ import annotations

from dataclasses import replace

from ..actors import ActorResolver
from ..analyze.words import reported_speech_verbs
from ..model import Actor, Event
from .lexicon import grammar

SUBJECT_DEPS = ("nsubj", "csubj")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
QUANTITIES = {"thousands", "hundreds", "dozens", "scores", "tens", "millions", "some", "many", "most", "groups",
              "crowds", "number", "group", "hundred", "thousand", "dozen", "majority", "all", "several", "members",
              "member", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "each", "both"}
#: "X-led attack": the leader is the actor (not "X-backed", where X only sponsors)
LED_BY = {"lead", "led", "command", "commanded", "direct", "directed", "spearhead", "spearheaded"}
NP_DEPS = {"compound", "amod", "det", "poss", "case", "nmod", "flat", "nummod", "quantmod", "npadvmod"}
RELATIVE = {"who", "which", "that", "whom"}
# verbs whose object is the subject of their "to" clause: "urged Israel to protect civilians"
OBJECT_CONTROL = {"urge", "ask", "call", "force", "allow", "order", "invite", "encourage", "help", "press",
                  "persuade", "tell", "push", "pressure", "implore", "beg", "instruct", "permit", "compel",
                  "enable", "warn", "advise", "challenge", "lead", "prompt", "expect", "want", "need", "oblige"}


def np_span(tok):
    """The noun phrase headed by ``tok`` without relative clauses or trailing prepositions."""
    tokens = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for child in t.children:
            if child.dep_ in NP_DEPS:
                tokens.append(child)
                stack.append(child)
    lo = min(t.i for t in tokens)
    hi = max(t.i for t in tokens)
    doc = tok.doc
    while lo < hi and (doc[lo].is_punct or doc[lo].dep_ == "case"):
        lo += 1
    while hi > lo and doc[hi].is_punct:
        hi -= 1
    return doc[lo : hi + 1]


def conjuncts(tok) -> list:
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            out.extend(conjuncts(child))
    return out


def headline_passive(tok) -> bool:
    """A participle used as a passive without its auxiliary, as headlines do ("Curfew Imposed in Capital")."""
    if tok.tag_ != "VBN" or tok.dep_ != "ROOT" or child(tok, "nsubj") is None:
        return False
    if any(c.dep_ in ("aux", "auxpass", "dobj") for c in tok.children):
        return False
    last = tok.sent[-1] if hasattr(tok, "sent") else tok.doc[-1]
    return last.text not in (".", "!", "?", '"', "”")  # headlines have no final stop


def child(tok, *deps):
    return next((c for c in tok.children if c.dep_ in deps), None)


def pobj_of(prep):
    return next((g for g in prep.children if g.dep_ == "pobj"), None) if prep is not None else None


class ArgumentFinder:
    """Actor and recipient extraction for one sentence's triggers."""

    def __init__(self, resolver: ActorResolver) -> None:
        self.resolver = resolver
        self.g = grammar()
        self._sector_cache: dict[tuple[int, str], str | None] = {}
        self._found: dict[tuple[str, str | None], list[Actor]] = {}
        self._resolved: dict[tuple[str, str | None], Actor] = {}
        self._spans: dict[int, object] = {}

    def new_text(self) -> None:
        """Forget cached lookups; called once per article, so a phrase is resolved once per text."""
        self._sector_cache.clear()
        self._found.clear()
        self._resolved.clear()
        self._spans.clear()

    def find(self, text: str, date) -> list[Actor]:
        key = (text, date)
        if key not in self._found:
            self._found[key] = self.resolver.find(text, date)
        return [replace(a) for a in self._found[key]]

    def resolve(self, text: str, date) -> Actor:
        key = (text, date)
        if key not in self._resolved:
            self._resolved[key] = self.resolver.resolve(text, date)
        return replace(self._resolved[key])

    def span(self, tok):
        """``np_span`` of a token, computed once per text."""
        key = id(tok.doc) * 100_003 + tok.i
        found = self._spans.get(key)
        if found is None:
            found = self._spans[key] = np_span(tok)
        return found

    def remember(self, span, events: list[Event], date, context: list[Actor]) -> None:
        """Keep a sentence's actors for pronouns and "the group" in later sentences (the last 20)."""
        for ent in span.ents:
            if ent.label_ in ("GPE", "ORG", "PERSON", "NORP"):
                actor = self.resolve(ent.text, date)
                if actor.resolved:
                    actor.role = actor.role or ("person" if ent.label_ == "PERSON" else None)
                    context.append(actor)
        for ev in events:
            context.extend(a for a in ev.recipient if a.resolved)
        for ev in events:
            context.extend(a for a in ev.actor if a.resolved)
        del context[:-20]

    # --- noun phrases to actors ---------------------------------------------------------
    def actors_of(self, tok, date, context, role: str) -> list[Actor]:
        out: list[Actor] = []
        for head in conjuncts(tok):
            head = self._quantity_head(head)
            if head.lower_ in RELATIVE and head.head.dep_ == "relcl":
                head = head.head.head  # "the army, which shelled ..." -> the army
            span = self.span(head)
            text = span.text
            low = text.lower()
            if head.pos_ == "PRON" or low in self.g["anaphors"]["group"] or low in self.g["anaphors"]["government"]:
                actor = self._same_sentence_antecedent(head, date, context) if head.pos_ == "PRON" else None
                actor = actor or self.coref(head.lower_, low, context)
                if actor is not None:
                    out.append(Actor(text=text, code=actor.code, sector=actor.sector, name=actor.name,
                                     wikidata=actor.wikidata, resolved=True, role=actor.role,
                                     start=head.idx, end=head.idx + len(head)))
                    continue
                if head.pos_ == "PRON":
                    if head.lower_ not in ("it", "there", "this", "that", "which", "what") and head.dep_ != "expl":
                        # kept with its text, unresolved, rather than dropped: "they stormed the building"
                        out.append(Actor(text=text, resolved=False, start=head.idx, end=head.idx + len(head)))
                    continue
            named = [a for a in self.find(text, date) if a.resolved]
            if len({a.code for a in named}) > 1 and not any(a.role for a in named):
                # "Israeli and Hamas negotiators": one actor per named side, sharing the head's sector
                sector = self.resolve(head.text, None).sector
                for a in named:
                    a.sector = a.sector or sector
                    a.start, a.end = span.start_char + a.start, span.start_char + a.end
                out.extend(named)
                continue
            actor = self.resolve(text, date)
            actor.start, actor.end = span.start_char, span.end_char
            if not actor.resolved:
                inner = self._named_inside(head, date, context, role)
                if inner:
                    out.extend(inner)
                    continue
            if head.pos_ in ("NOUN", "PROPN", "NUM", "X") or actor.resolved or actor.sector:
                out.append(actor)  # unresolved actors are kept with their text, never dropped
        return out

    def _same_sentence_antecedent(self, pron, date, context) -> Actor | None:
        """'Iran said it was ready': the subject of a verb above the pronoun, when it names an actor."""
        person = pron.lower_ in self.g["pronouns"]["person"]
        node = pron.head
        for _ in range(6):
            subj = child(node, "nsubj")
            if subj is not None and subj.i != pron.i and subj.i < pron.i and subj.pos_ != "PRON":
                text = self.span(subj).text
                low = text.lower()
                if low in self.g["anaphors"]["group"] or low in self.g["anaphors"]["government"]:
                    actor = self.coref(subj.lower_, low, context)  # "The group said it ..."
                    actor = replace(actor) if actor is not None else self.resolve(text, date)
                else:
                    actor = self.resolve(text, date)
                if actor.resolved and (actor.role is not None) == person:
                    actor.start, actor.end = pron.idx, pron.idx + len(pron)
                    actor.text = pron.text
                    return actor
            if node.head.i == node.i:
                break
            node = node.head
        return None

    def _quantity_head(self, head):
        """'thousands of students' -> students; 'members of the group' -> the group."""
        if head.lower_ in QUANTITIES or head.lemma_.lower() in QUANTITIES:
            pobj = pobj_of(next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None))
            if pobj is not None:
                return pobj
        return head

    def _named_inside(self, head, date, context, role) -> list[Actor]:
        """'leaders including el-Sisi', 'the office of Netanyahu', 'Gaza's ministry': the named parts."""
        named = [c for c in head.children if c.dep_ == "prep" and c.lower_ in ("including", "like", "of", "from")]
        named += [c for c in head.children if c.dep_ == "appos"]
        inner: list[Actor] = []
        for n in named:
            target = pobj_of(n) if n.dep_ == "prep" else n
            if target is None:
                continue
            found = [a for a in self.actors_of(target, date, context, role) if a.resolved]
            if found and n.lower_ == "of" and head.lemma_.lower() not in self.resolver.sectors:
                continue  # "the release of prisoners", not an actor phrase
            inner.extend(found)
        if inner:
            return inner
        poss = child(head, "poss")
        if poss is not None and role == "recipient":
            owners = [a for a in self.actors_of(poss, date, context, role) if a.resolved]
            if owners:
                return owners
        return []

    def coref(self, pronoun: str, phrase: str, context: list[Actor]) -> Actor | None:
        """The last earlier actor compatible with a pronoun or a definite description."""
        g = self.g
        if phrase in g["anaphors"]["government"]:
            def fits(a: Actor) -> bool:
                return a.sector in ("GOV", "MIL", "COP", "JUD", "LEG") or (a.sector is None and not a.role)
        elif phrase in g["anaphors"]["group"]:
            def fits(a: Actor) -> bool:
                return a.sector in ("REB", "OPP", "PTY", "IGO", "NGO", "UAF")
        elif pronoun in g["pronouns"]["person"]:
            def fits(a: Actor) -> bool:
                return a.role not in (None, "group")
        else:
            def fits(a: Actor) -> bool:
                return a.role in (None, "group")
        return next((a for a in reversed(context) if fits(a)), None)

    def sector_of(self, tok, date) -> str | None:
        """The sector a subject phrase names (for the lexicon's subj= conditions)."""
        if tok is None:
            return None
        key = (tok.i, tok.doc.text[:40])
        if key not in self._sector_cache:
            head = self._quantity_head(tok)
            actor = self.resolve(self.span(head).text, date)
            self._sector_cache[key] = actor.sector
        return self._sector_cache[key]

    def code_of(self, tok, date) -> str | None:
        """The actor code a phrase names (for obj= conditions: IGO, NGO, a country)."""
        if tok is None:
            return None
        return self.resolve(self.span(self._quantity_head(tok)).text, date).code

    # --- verbs: subject, passive, recipients -----------------------------------------------
    def subject(self, tok):
        """(actor token, passive recipient token) for a verb, inheriting from governing verbs."""
        node, came_from = tok, None
        for _ in range(4):
            subj = child(node, *SUBJECT_DEPS)
            passive = child(node, *PASSIVE_SUBJECT_DEPS)
            if passive is None and subj is not None and headline_passive(node):
                subj, passive = None, subj  # "Dozens Arrested in Capital"
            if passive is not None:
                if node.i != tok.i and came_from == "xcomp":
                    return passive, None  # "Blinken is set to travel", "Iran was forced to retreat"
                return pobj_of(child(node, "agent")), passive
            if subj is not None:
                return subj, None
            head = node.head
            if node.dep_ == "xcomp" and head.lemma_.lower() in OBJECT_CONTROL:
                obj = child(head, "dobj")
                if obj is None:
                    on = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in ("on", "upon")), None)
                    obj = pobj_of(on)
                if obj is not None:
                    return obj, None
            if node.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN") and head.i != node.i:
                # headline "Egypt to host talks", "a convoy carrying aid": the noun acts;
                # "civilians killed in the strike": the noun is hit
                if node.tag_ == "VBN":
                    return None, head
                if self.resolver.is_known(self.span(head).text) or head.pos_ == "PROPN" or \
                        self.resolve(self.span(head).text, None).sector:
                    return head, None
                # "approved a plan to take control": the one who approved acts
                came_from, node = "xcomp", head.head if head.head.i != head.i else head
                if node.i == head.i:
                    break
                continue
            if node.dep_ == "pcomp" and head.dep_ == "prep" and head.lower_ in ("of", "for", "on", "from"):
                verb = head.head
                obj = child(verb, "dobj")
                if obj is not None:
                    return obj, None  # "accused Hamas of refusing": Hamas refuses
            if node.dep_ == "relcl" and head.i != node.i:
                return head, None
            if node.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acomp") and head.i != node.i:
                if node.dep_ == "ccomp" and head.lemma_.lower() in reported_speech_verbs():
                    break  # the reporter is not the actor of what is reported
                came_from, node = node.dep_, head
                continue
            break
        return None, None

    def subject_actors(self, verb, date, context, role: str = "actor") -> list[Actor]:
        """The actors a verb's subject names, in ``role`` (none when it has no subject)."""
        subj, _ = self.subject(verb)
        return self.actors_of(subj, date, context, role) if subj is not None else []

    def recipients(self, tok, trigger, date, context, deep: bool = True) -> list[Actor]:
        found: list[Actor] = []
        for c in tok.children:
            if c.dep_ in ("dobj", "dative") and "dobj" in trigger.recipients:
                found.extend(self.actors_of(c, date, context, "recipient"))
            elif c.dep_ in ("prep", "agent") and c.lower_ in trigger.recipients:
                for pobj in (g for g in c.children if g.dep_ == "pobj"):
                    found.extend(self.actors_of(pobj, date, context, "recipient"))
        if deep and not any(a.resolved for a in found):
            # "strikes on targets in Gaza", "accused X of": look one level deeper for a named actor or place
            for c in tok.children:
                if c.dep_ in ("dobj", "dative") or (c.dep_ == "prep" and child(c, "pcomp") is None):
                    for g in c.subtree:
                        if g.dep_ == "pobj" and g.head.lower_ in ("in", "on", "at", "against", "from", "for", "with", "to", "of", "inside", "into", "across", "by"):
                            extra = [a for a in self.actors_of(g, date, context, "recipient") if a.resolved]
                            if extra:
                                return extra
        return found

    # --- nouns: who did it -----------------------------------------------------------------
    def noun_actors(self, tok, date, context) -> list[Actor]:
        for c in tok.children:
            if c.dep_ == "poss" and c.pos_ == "PRON":
                governed = self.governing_subject(tok, date, context)  # "Israel intensifying its strikes"
                if governed:
                    return governed
            if c.dep_ == "amod" and c.lemma_.lower() in LED_BY and c.i < tok.i:
                # "the Hamas-led attack", "a Saudi-led offensive": who leads it is who does it
                leader = next((g for g in c.children if g.dep_ in ("npadvmod", "compound", "amod", "nmod")), None)
                found = [a for a in self.actors_of(leader, date, context, "actor") if a.resolved] if leader is not None else []
                if found:
                    return found
            found = self._modifier_actors(c, tok, date, context)
            if found:
                return found
            if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from"):
                pobj = pobj_of(c)
                if pobj is not None and (c.lower_ == "by" or self.resolver.is_known(np_span(pobj).text)):
                    return self.actors_of(pobj, date, context, "actor")
        # "a Russian missile strike", "an Israeli air strike": the modifier of a compound
        for c in tok.children:
            if c.dep_ == "compound":
                for g in c.children:
                    if g.dep_ in ("amod", "compound", "poss"):
                        found = [a for a in self.actors_of(g, date, context, "actor") if a.resolved]
                        if found:
                            return found
        return self.governing_subject(tok, date, context)

    def own_noun_actors(self, tok, date, context) -> list[Actor]:
        """A noun's actor from its own phrase only: "Israeli strikes", "Hamas's attack", "an attack by rebels"."""
        for c in tok.children:
            found = self._modifier_actors(c, tok, date, context)
            if found:
                return found
            if c.dep_ in ("prep", "agent") and c.lower_ in ("by", "from"):
                pobj = pobj_of(c)
                if pobj is not None:
                    found = self.actors_of(pobj, date, context, "actor")
                    if c.lower_ == "by" or any(a.resolved for a in found):
                        return found
        return []

    def _modifier_actors(self, c, tok, date, context) -> list[Actor]:
        """The actors a modifier before the noun names ("Israeli", "Hamas's"), if it names any."""
        if c.dep_ in ("amod", "compound", "poss", "nmod") and c.i < tok.i:
            return [a for a in self.actors_of(c, date, context, "actor") if a.resolved or a.code]
        return []

    def governing_subject(self, tok, date, context) -> list[Actor]:
        head = tok.head
        for _ in range(3):
            if head.pos_ in ("NOUN", "PROPN") and head.i != tok.i and head.lower_ not in QUANTITIES \
                    and head.lemma_.lower() not in QUANTITIES:
                return []  # "the collapse of the talks": not the subject's talks
            if head.pos_ in ("VERB", "AUX"):
                agent_obj = pobj_of(child(head, "agent"))
                if agent_obj is not None:
                    return self.actors_of(agent_obj, date, context, "actor")
                subj, _ = self.subject(head)
                if subj is not None and subj.i != tok.i:
                    return self.actors_of(subj, date, context, "actor")
                break
            if head.head.i == head.i:
                break
            head = head.head
        return []
