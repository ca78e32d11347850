"""Step 3a, roles: the actor and recipients of one trigger, from where it stands in the clause.

A verb takes its subject as actor and its objects as recipients; a noun
takes them from its carrier (step 2) when it has one: the light verb's
subject ("Israel launched strikes"), the hit subject of "Russia faces
sanctions", the object an event predicate hits ("an air strike killed
five"); else from its own phrase ("Israeli strikes", "an attack by rebels").
The parse-level work (phrases to actors, subjects, objects) is
``ArgumentFinder``'s; this module decides which of it applies.

Input: a ``Found`` after steps 1-2. Output: its ``actors`` and
``recipients``, and for a noun whose lexicon rows depend on the actor's
sector, the row that fits the actor.
"""

from __future__ import annotations

from ..model import Actor
from .arguments import ArgumentFinder, child, pobj_of
from .found import Found
from .lexicon import Trigger
from .triggers import TriggerFinder

#: event types whose predicate's object is hit ("an air strike killed five")
IMPACT_TYPES = {"ASSAULT", "COERCE", "PROTEST", "SANCTION", "AID"}

ActorsAndRecipients = tuple[list[Actor], list[Actor]]


class Roles:
    """Actor and recipients of each trigger of a sentence."""

    def __init__(self, args: ArgumentFinder, triggers: TriggerFinder, grammar: dict) -> None:
        self.args = args
        self.triggers = triggers
        self.g = grammar

    def assign(self, f: Found, date, context: list[Actor]) -> None:
        self.args.not_agents = []
        if f.trigger.kind == "verb":
            f.actors, f.recipients = self._of_verb(f, date, context)
        else:
            f.actors, f.recipients = self._of_noun(f, date, context)
            self._fit_sector(f)
        f.not_agents = list(dict.fromkeys(self.args.not_agents))

    # --- verbs ------------------------------------------------------------------------
    def _of_verb(self, f: Found, date, context) -> ActorsAndRecipients:
        tok, t, args = f.tok, f.trigger, self.args
        subj, passive = args.subject(tok)
        actors = args.actors_of(subj, date, context, "actor") if subj is not None else []
        recipients = args.recipients(tok, t, date, context, deep=not (t.reciprocal and len(actors) >= 2))
        if passive is not None:
            moved = args.actors_of(passive, date, context, "recipient")
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
        return actors, recipients

    # --- nouns ------------------------------------------------------------------------
    def _of_noun(self, f: Found, date, context) -> ActorsAndRecipients:
        tok, args = f.tok, self.args
        recipients = args.recipients(tok, f.trigger, date, context)
        if f.carrier is None:
            own = args.own_noun_actors(tok, date, context)
            phrase = f.position if f.position is not None and f.position.i != tok.i else (
                tok.head if tok.dep_ == "compound" else None)
            if not own and phrase is not None and phrase.pos_ in ("NOUN", "PROPN"):
                own = args.own_noun_actors(phrase, date, context)  # "the Chinese government's aid package"
            if not own:
                sides, others = self._between(tok, date, context)
                if sides:  # "negotiations between the administration and Boko Haram"
                    f.in_passing = False
                    return sides, others
            # no verb carries it: it is reported only if its own phrase names who does it or to whom
            f.in_passing = not own and not recipients
            if f.theme_of is not None or f.own_actors_only:
                return own, recipients
            return args.noun_actors(tok, date, context), recipients
        if f.recipient_carrier:
            return self._of_hit_subject(f, date, context)
        if f.subject_of_carrier:
            return self._of_predicated(f, recipients, date, context)
        return self._of_light_verb(f, recipients, date, context)

    def _of_hit_subject(self, f: Found, date, context) -> ActorsAndRecipients:
        """'Russia faces new sanctions from the EU': the carrier's subject is hit, "from"/"by" acts."""
        tok, carrier, args = f.tok, f.carrier, self.args
        hit = args.subject_actors(carrier, date, context, "recipient")
        recipients = hit + args.recipients(tok, f.trigger, date, context, deep=False)
        actors = args.own_noun_actors(tok, date, context)
        if not actors:
            src = next((c for c in carrier.children if c.dep_ in ("prep", "agent") and c.lower_ in ("from", "by")), None)
            actors = args.actors_of(pobj_of(src), date, context, "actor") if pobj_of(src) is not None else []
        return actors, recipients

    def _between(self, tok, date, context) -> ActorsAndRecipients:
        """'clashes between police and protesters', 'talks between X and Y': the first side acts on the others."""
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("between", "among"):
                pobj = pobj_of(c)
                sides = self.args.actors_of(pobj, date, context, "actor") if pobj is not None else []
                if len(sides) >= 2:
                    return sides[:1], sides[1:]
        return [], []

    def _of_predicated(self, f: Found, recipients: list[Actor], date, context) -> ActorsAndRecipients:
        """'Clashes erupted', 'an air strike killed five': the noun's own actor, the predicate's object hit."""
        actors = self.args.own_noun_actors(f.tok, date, context)
        if not actors and not recipients:
            actors, recipients = self._between(f.tok, date, context)
            if not actors:
                actors, recipients = self._between(f.carrier, date, context)  # "clashes erupted between ..."
        obj = child(f.carrier, "dobj", "nsubjpass")
        if obj is None and f.carrier.dep_ == "acl" and f.carrier.tag_ == "VBN" and f.carrier.head.pos_ in ("NOUN", "PROPN"):
            obj = f.carrier.head  # "2 herders killed in a raid": the noun the participle tells of is hit
        if obj is not None and not recipients and f.event in IMPACT_TYPES:
            recipients = self.args.actors_of(obj, date, context, "recipient")  # "an air strike killed five"
        return actors, recipients

    def _of_light_verb(self, f: Found, recipients: list[Actor], date, context) -> ActorsAndRecipients:
        """'Egypt to host Gaza talks': the light verb's subject first, then the noun's own modifiers."""
        tok, t, carrier, args = f.tok, f.trigger, f.carrier, self.args
        actors = args.subject_actors(carrier, date, context)
        if not any(a.resolved for a in actors):
            actors = args.own_noun_actors(tok, date, context) or actors
        if not recipients:
            # the light verb's prepositional objects, as the noun's row names them ("held talks with Qatar")
            extra = Trigger(t.words, t.cameo, t.event, t.mode, (), tuple(p for p in t.recipients if p != "dobj"), "verb")
            deep = not (t.reciprocal and len(actors) >= 2)
            recipients = args.recipients(carrier, extra, date, context, deep=deep)
        return actors, recipients

    def _fit_sector(self, f: Found) -> None:
        """A noun whose rows depend on who acts ("strike" by workers or by an army) takes the row of its actor."""
        t, actors = f.trigger, f.actors
        if not actors or not any(o.conditions for o in self.triggers.nouns.get(t.words[-1], ())):
            return
        better = self.triggers.noun_trigger(f.tok, sector=actors[0].sector)
        if better is not None and better is not t and better.is_event:
            f.trigger, f.code, f.event, f.mode, f.rule = better, better.cameo, better.event, better.mode, better.rule
