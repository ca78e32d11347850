"""Step 5, decision: does a read and composed trigger become events, and how sure are we?

A trigger gives no event when an earlier step dropped it, when it is a bare
reporting verb, a theme with no actor of its own, or a noun mentioned in
passing; else its confidence (weights in patterns.yaml ``confidence``) must
reach the threshold. A kept trigger may still be recoded: a side announcing
its own possible hostile act threatens ("Turkey said it could suspend
relations"), and not doing a cooperative act is a refusal ("will not lift the
ban").

Input: a ``Found`` after steps 1-4. Output: its candidate decided (events and
reason, for ``explain``).
"""

from __future__ import annotations

from .. import ontology
from ..analyze.words import reported_speech_verbs
from ..model import Actor
from .arguments import ArgumentFinder
from .events import event_of, pairs
from .found import Found
from .modality import attribution


def confidence(f: Found, weights: dict) -> float:
    """How sure the coder is of a trigger's event: base, actor, named recipient, salience, modality penalty."""
    w = weights
    score = w["verb"] if f.trigger.kind == "verb" or f.carrier is not None else w["noun"]
    if any(a.resolved for a in f.actors):
        score += w["named_actor"]
    elif f.actors:
        score += w["unnamed_actor"]
    else:
        score += w["no_actor"]
    if any(a.resolved for a in f.recipients):
        score += w["named_recipient"]
    score += w["salience"] * min(f.salience, 1.0) + w["offset"] + f.penalty  # central events are likelier the news
    return round(min(score, w["cap"]), 3)


def report_confidence(actors: list[Actor], targets: list[Actor], salience: float, weights: dict) -> float:
    """Confidence of an accusation by report: the verb base and ``confidence``'s terms.

    Kept apart from ``confidence``: an unresolved actor adds ``reported_unnamed_actor``,
    and the terms are summed in another order (floats: the last digit, and so the
    rounding, may differ), so each stays as it was measured.
    """
    w = weights
    named = w["named_actor"] if any(a.resolved for a in actors) else w["reported_unnamed_actor"]
    named_target = w["named_recipient"] if any(r.resolved for r in targets) else 0.0
    return round(min(w["verb"] + named + named_target + w["salience"] * salience + w["offset"], w["cap"]), 3)


class Decider:
    """Decides every trigger of a sentence: events with their confidence, or the reason for none."""

    def __init__(self, grammar: dict, args: ArgumentFinder) -> None:
        self.g = grammar
        self.args = args
        self.weights = grammar["confidence"]
        self.threshold = grammar["threshold"]

    def decide(self, f: Found, span, date, article_id, sentence_index, context: list[Actor]) -> None:
        cand = f.cand
        reason = self._no_event(f)
        if reason is not None:
            cand.reason = reason
            return
        score = confidence(f, self.weights)
        if score < self.threshold:
            cand.reason = f"below threshold {self.threshold} (confidence {score})"
            return
        if f.attribution is None and (f.trigger.kind == "verb" or f.carrier is not None):
            f.attribution = attribution(f.anchor, self.args, date, context)
        self._own_threat(f)
        self._refusal(f)
        for actor, recipient in pairs(f, self.g["reciprocal_cameo"]):
            cand.events.append(event_of(f, actor, recipient, score, span, article_id, sentence_index))
        cand.decision = "event"
        cand.reason = _coded(f)

    def _no_event(self, f: Found) -> str | None:
        """Why a trigger gives no event whatever its confidence, if it gives none."""
        if f.dropped is not None:
            return f.dropped
        if f.trigger.kind == "verb" and f.tok.lemma_.lower() in reported_speech_verbs() and f.code.root == "01":
            return "reporting verb only (a statement, not coded)"
        if f.theme_of is not None and not f.actors:
            return f"'{f.tok.text}' is what '{f.theme_of.text}' is about, not a separate event (no actor of its own)"
        if not f.actors and not f.recipients and f.trigger.kind == "noun" \
                and f.salience < self.g["passing_mention_salience"] and f.carrier is None:
            return "no actor found (a noun mentioned in passing)"
        return None

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


def _coded(f: Found) -> str:
    """The ``explain`` line of a trigger that gave events."""
    reason = f"coded as {f.event} (CAMEO {f.code.code}) by rule {f.rule}"
    if not f.actors:
        reason += ", actor unknown"
    if f.modality != "asserted":
        reason += f" ({f.modality})"
    if f.wrapped_by is not None:
        reason += f", inside '{f.wrapped_by.tok.text}'"
    return reason
