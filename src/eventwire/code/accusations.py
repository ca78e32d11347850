"""Step 6, accusations by report: "Israel said Hamas had failed to honour the truce" is Israel ACCUSE Hamas.

A reporting verb whose complement says another actor failed or broke
something (patterns.yaml ``accusation_complements``) accuses that actor,
although no accusation word is in the sentence.

Input: a sentence and the events steps 1-5 coded in it. Output: an ACCUSE
candidate with its events for each such report (added to the candidates and
the events); the broken promise's own events lose salience, since the news
is the accusation.
"""

from __future__ import annotations

from .. import ontology
from ..analyze.words import reported_speech_verbs
from ..model import Actor, Event
from .arguments import ArgumentFinder
from .decision import report_confidence
from .events import event_of
from .found import Candidate, Found
from .lexicon import Trigger
from .salience import salience


class ReportedAccusations:
    """Finds accusations made by reporting another actor's failure."""

    def __init__(self, grammar: dict, args: ArgumentFinder) -> None:
        self.g = grammar
        self.args = args

    def add(self, span, date, article_id, sentence_index, context: list[Actor], candidates: list[Candidate],
            events: list[Event]) -> None:
        g = self.g
        reporting = reported_speech_verbs()
        for tok in span:
            if tok.lemma_.lower() not in reporting:
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
                self._accuse(tok, comp, actors, targets, span, article_id, sentence_index, candidates, events)

    def _accuse(self, tok, comp, actors: list[Actor], targets: list[Actor], span, article_id, sentence_index,
                candidates: list[Candidate], events: list[Event]) -> None:
        trigger = Trigger((tok.lemma_.lower(), comp.lemma_.lower()), ontology.cameo("112"), "ACCUSE", "allege",
                          (), (), "report")
        offset = span.start_char
        start, end = comp.idx - offset, comp.idx - offset + len(comp)
        cand = Candidate(comp.text, start, end, trigger.rule, "event",
                         f"coded as ACCUSE by rule report:{tok.lemma_.lower()}+{comp.lemma_.lower()}")
        f = Found(comp, trigger, cand)
        f.actors, f.recipients, f.salience = actors, targets, salience(tok)
        confidence = report_confidence(actors, targets, f.salience, self.g["confidence"])
        cand.events.append(event_of(f, actors, targets, confidence, span, article_id, sentence_index))
        candidates.append(cand)
        events.extend(cand.events)
        # the broken promise is what the accusation is about, not the news itself
        for ev in events:
            if ev.evidence and ev.evidence[0].trigger == (start, end) and ev.event != "ACCUSE":
                ev.salience = round(ev.salience * self.g["wrapped_salience"], 4)
