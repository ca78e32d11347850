"""Step 2, carriers: light verbs and event predicates hand their clause to the noun they carry.

"Israel launched strikes on Gaza" is one event, the strikes, with the light
verb's subject as actor; "clashes erupted" and "an air strike killed five"
predicate the noun event of their subject; "condemned the strike" keeps the
strike as what the condemnation is about (``theme_of``). A verb that only
carries a noun is dropped, so each event is coded once.

Input: the sentence's triggers (``Found``) from step 1. Output: the same
triggers with ``carrier``, ``theme_of`` and ``position`` set where they apply,
carrier verbs dropped with a reason, and a rejected candidate for a carrier
verb that is not in the lexicon (for ``explain``).
"""

from __future__ import annotations

from .. import ontology
from .arguments import child, headline_passive
from .found import Candidate, Found
from .lexicon import compose_words
from .triggers import _stems

LIGHT_OBJECT_DEPS = ("dobj", "nsubjpass", "attr", "oprd", "dative")
LIGHT_OBJECT_PREPS = {"in", "to", "into", "under", "on", "for", "of", "by"}


def _verbless_predicate(tok) -> bool:
    """'Sebei tribesmen from Uganda attack Kenyan civilians': in a sentence parsed without any verb, a
    trigger word right after a noun phrase is its predicate, misread as a modifier of the object."""
    sent = tok.sent
    if any(t.pos_ in ("VERB", "AUX") for t in sent):
        return False
    before = tok.doc[tok.i - 1] if tok.i > sent.start else None
    return before is not None and before.pos_ in ("NOUN", "PROPN") and tok.tag_ in ("NN", "NNS", "VBZ", "VBP")


class Carriers:
    """Finds the verb that carries each noun trigger, and what that makes of the verb."""

    def __init__(self, grammar: dict) -> None:
        self.g = grammar
        self.compose_words = compose_words()

    def carry(self, found: list[Found], span, candidates: list[Candidate]) -> None:
        nouns = {f.tok.i: f for f in found if f.trigger.kind == "noun" and f.trigger.is_event}
        mentions = {f.tok.i for f in found if f.trigger.kind == "noun" and not f.trigger.is_event}
        for noun in nouns.values():
            head = noun.tok.head
            if noun.tok.dep_ == "compound" and head.i in mentions:
                noun.dropped = f"'{noun.tok.text}' is part of '{head.text}', which is not an event"
            elif noun.tok.dep_ in ("compound", "amod") and head.pos_ == "NOUN" and head.i not in nouns \
                    and head.lemma_.lower() in self.g["agent_nouns"] and not _verbless_predicate(noun.tok):
                noun.dropped = f"'{noun.tok.text}' names what '{head.text}' does ('sanctions official'), not an event"
        verbs = {f.tok.i: f for f in found if f.trigger.kind == "verb"}
        for noun in nouns.values():
            noun.position = self._position(noun.tok, nouns)
            self._attach(noun, nouns, verbs, span, candidates)

    def _lemma(self, verb) -> str:
        """The verb's lemma, or a stem of its form that the grammar knows when the lemmatizer
        got it wrong ("staged" -> "stag")."""
        g = self.g
        lemma = verb.lemma_.lower()
        known = (g["light_verbs"], g["event_predicates"], g["recipient_light_verbs"], g["ending_predicates"])
        if any(lemma in k for k in known) or lemma in self.compose_words:
            return lemma
        for stem in _stems(verb.lower_):
            if any(stem in k for k in known):
                return stem
        return lemma

    def _position(self, tok, nouns: dict[int, Found]):
        """The phrase that stands for a noun trigger in its clause."""
        node = tok
        while node.dep_ == "conj" and node.head.i in nouns:
            node = node.head  # "strikes and raids": both carried by the same verb
        for _ in range(3):
            head = node.head
            if node.dep_ == "compound" and head.i not in nouns and head.pos_ in ("NOUN", "PROPN"):
                node = head  # "an aid convoy reached the city": the convoy's clause is the aid's
            elif node.dep_ == "pobj" and head.lower_ in ("of", "from") and head.head.pos_ in ("NOUN", "PROPN", "NUM") \
                    and head.head.i not in nouns and head.head.lemma_.lower() not in self.g["frame_nouns"]:
                node = head.head  # "a wave of arrests swept the country", "the toll from the attack rose"
            else:
                break
        return node

    def _attach(self, noun: Found, nouns: dict[int, Found], verbs: dict[int, Found], span,
                candidates: list[Candidate]) -> None:
        """The verb above the noun's phrase: a subject's predicate, an object's light verb, or neither."""
        dep, head = noun.position.dep_, noun.position.head
        if dep == "pobj" and head.lower_ == "of" and head.head.i in nouns and head.head.i != noun.tok.i:
            noun.theme_of = head.head  # "the collapse of the talks"
            return
        if dep == "pobj" and head.dep_ == "prep" and head.lower_ in LIGHT_OBJECT_PREPS:
            prep, head = head, head.head
        elif dep in LIGHT_OBJECT_DEPS or dep in ("nsubj",):
            prep = None
        else:
            return
        if head.pos_ not in ("VERB", "AUX") and not head.tag_.startswith("VB"):
            return
        verb = verbs.get(head.i)
        if dep == "nsubj":
            self._subject_of(noun, head, verb)
        else:
            self._object_of(noun, dep, head, prep, verb, span, candidates)

    def _subject_of(self, noun: Found, head, verb: Found | None) -> None:
        """'clashes erupted', 'the fighting stopped': the verb predicates the noun event."""
        g = self.g
        lemma = self._lemma(head)
        if lemma in g["ending_predicates"] and noun.event == "ASSAULT" and child(head, "dobj") is None:
            # "the fighting stopped": a truce in practice
            noun.code, noun.event, noun.mode = ontology.cameo("0871"), "RETREAT", "ceasefire"
            noun.rule = f"{noun.trigger.rule}+{lemma}"
            noun.carrier, noun.subject_of_carrier = head, True
        elif lemma in g["event_predicates"]:
            noun.carrier, noun.subject_of_carrier = head, True
        else:
            return
        if verb is not None and verb.dropped is None:
            verb.dropped = f"the event is the noun '{noun.tok.text}' (its subject)"

    def _object_of(self, noun: Found, dep: str, head, prep, verb: Found | None, span,
                   candidates: list[Candidate]) -> None:
        """The noun is the verb's object (or prepositional object): a light verb carries it, or it is a theme."""
        g = self.g
        lemma = self._lemma(head)
        passive = child(head, "nsubjpass") is not None or headline_passive(head) or (
            head.dep_ == "acl" and head.tag_ == "VBN")
        if dep == "pobj" and prep is not None and prep.lower_ in ("by", "in", "during") and passive:
            # "the site was hit by a cyber attack", "five were killed in an air strike", "... during shelling"
            if verb is not None and verb.dropped is None and (lemma in g["event_predicates"] or verb.event == noun.event):
                noun.carrier, noun.subject_of_carrier = head, True
                verb.dropped = f"the event is the noun '{noun.tok.text}'"
            return
        if not self._carried(noun, head, prep, lemma, verb):
            return
        if verb is not None and verb.dropped is None:
            verb.dropped = f"light verb: the event is the noun '{noun.tok.text}'"
        elif verb is None and noun.carrier is not None and not noun.subject_of_carrier:
            start = head.idx - span.start_char
            candidates.append(Candidate(head.text, start, start + len(head), None, "rejected",
                                        f"light verb: the event is the noun '{noun.tok.text}'"))

    def _carried(self, noun: Found, head, prep, lemma: str, verb: Found | None) -> bool:
        """Whether ``head`` carries the noun as a light verb; else it may make the noun its theme."""
        g = self.g
        specific = verb is not None and verb.trigger.is_event and (len(verb.trigger.words) > 1 or verb.trigger.conditions)
        if specific and verb.dropped is None and not (noun.trigger.modifiers and lemma in g["light_verbs"]):
            noun.theme_of = head  # "declared a ceasefire": the verb's own pattern is more specific
            return False
        if lemma in g["recipient_light_verbs"] and (prep is None or prep.lower_ in ("under", "from")):
            noun.carrier, noun.recipient_carrier = head, True
            return True
        if lemma in g["light_verbs"] and (prep is None or prep.lower_ in LIGHT_OBJECT_PREPS):
            noun.carrier = head
            return True
        if lemma in self.compose_words and self.compose_words[lemma] != "accusation":
            if self.compose_words[lemma] == "request":
                noun.own_actors_only = True  # "demanded the release of": the requester does not release
            return False  # a wrapper: composition decides
        if verb is not None and verb.trigger.is_event:
            noun.theme_of = head
        return False
