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
from ..analyze import TITLE_INDEX
from ..analyze.words import reported_speech_verbs
from ..model import Actor
from .arguments import TITLE_MARK, ArgumentFinder, child, headline_passive
from .events import event_of, participants
from .found import Found
from .modality import attribution, open_question


def headline_like(span) -> bool:
    """A line without a final stop, as headlines are ("Denmark Arrests 20 in Regional Crackdown")."""
    if span.doc.user_data.get(TITLE_MARK):
        return True
    last = next((t for t in reversed(span) if not t.is_space), None)
    return last is not None and last.text not in (".", "!", "?", '"', "”", "’", "'", ":", ";", "…") and len(span) <= 30


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
        headline = sentence_index == TITLE_INDEX or headline_like(span)
        reason = self._no_event(f, headline)
        if reason is None and not headline:
            reason = self._state(f)  # a headline's present tense reports an event
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
        for actors, recipients in participants(f, self.g["reciprocal_cameo"]):
            cand.events.append(event_of(f, actors, recipients, score, span, article_id, sentence_index))
        cand.decision = "event"
        cand.reason = _coded(f)

    def fold_outcomes(self, found: list[Found]) -> None:
        """'Dozens were killed when a gunman opened fire': the killing is the outcome of the attack told
        beside it, one event; its victims become the attack's recipients."""
        outcomes = self.g["outcome_verbs"]
        attacks = [f for f in found if f.dropped is None and f.event == "ASSAULT" and f.actors]
        for f in found:
            if f.dropped is not None or f.event != "ASSAULT" or f.actors or f.trigger.kind != "verb" \
                    or f.tok.lemma_.lower() not in outcomes:
                continue
            if child(f.tok, "nsubjpass", "auxpass") is None and not headline_passive(f.tok):
                continue
            attack = next((a for a in attacks if a is not f and a.tok.sent.start == f.tok.sent.start), None)
            if attack is None:
                self._fold_means(f, found)
                continue
            known = {(r.start, r.end) for r in attack.recipients}
            attack.recipients.extend(r for r in f.recipients if (r.start, r.end) not in known)
            f.dropped = f"the outcome of the attack '{attack.tok.text}' told beside it (one event)"

    @staticmethod
    def _fold_means(outcome: Found, found: list[Found]) -> None:
        """'12 were killed when shells hit the market': with no attacker named, the attack told in the
        clause beside the killing is how it was done, not a second event; the killing takes its mode."""
        for f in found:
            if f is outcome or f.dropped is not None or f.event != "ASSAULT" or f.actors:
                continue
            a, o = f.anchor, outcome.tok
            if not ((a.dep_ == "advcl" and a.head.i == o.i) or (o.dep_ == "advcl" and o.head.i == a.i)):
                continue
            # the weapon may be the attack's subject ("when artillery shells struck"): its mode is the means
            means = [f] + [w for w in found if w.dropped is None and w.event == "ASSAULT" and not w.actors
                           and w.tok.head.i == a.i and w.tok.dep_ in ("nsubj", "nsubjpass")]
            for m in means:
                if m is not f:
                    m.dropped = f"the means of the killing '{outcome.tok.text}' told beside it (one event)"
            moded = next((m for m in means if m.mode is not None), None)
            if outcome.mode is None and moded is not None:
                outcome.mode, outcome.code = moded.mode, moded.code
            f.dropped = f"how the killing '{outcome.tok.text}' told beside it was done (one event)"
            return

    def fold_wrapped(self, found: list[Found]) -> None:
        """An event wrapped by a coded wrapper is part of the wrapper's event, not one of its own:
        "urged Israel to allow aid" is one REQUEST, "refused to release" one REJECT. A wrapper that
        only says the act is planned ("plans to meet") gives way to the act (future). A noun that
        a coded verb is about ("condemned Israel's strikes") is that verb's topic, not an event."""
        by_token = {f.tok.i: f for f in found}
        by_token.update({f.anchor.i: f for f in found if f.cand.events})
        passing = [f for f in found if f.cand.events and f.trigger.kind == "noun" and f.in_passing
                   and (f.position or f.tok).dep_ != "ROOT"]
        if any(f.cand.events and f not in passing for f in found):
            for f in passing:
                f.cand.events = []
                f.cand.decision = "rejected"
                f.cand.reason = (f"'{f.tok.text}' is mentioned in passing: a noun event needs a predicate of its own "
                                 "('launched strikes', 'clashes erupted') or its own participants ('Israeli strikes "
                                 "on Gaza'), unless the sentence reports nothing else")
        for f in found:
            outer = f.wrapped_by
            if f.cand.events and outer is not None and outer.cand.events and outer.tok.pos_ != "NOUN" \
                    and outer.tok.lemma_.lower() in self.g["transparent_wrappers"]:
                # ("approved a plan to occupy" is a decision: the noun stays the event)
                outer.cand.events = []
                outer.cand.decision = "rejected"
                outer.cand.reason = f"'{outer.tok.text}' only says '{f.tok.text}' is planned: that act is the event"
                continue
            theme = by_token.get(f.theme_of.i) if f.theme_of is not None else None
            if f.cand.events and theme is not None and theme.cand.events and theme is not f:
                f.cand.events = []
                f.cand.decision = "rejected"
                f.cand.reason = (f"'{f.tok.text}' is what the {theme.event} event of '{theme.tok.text}' is about, "
                                 "not an event of its own")
                continue
            if f.cand.events and outer is not None and outer.cand.events:
                f.cand.events = []
                f.cand.decision = "rejected"
                f.cand.reason = (f"part of the {outer.event} event of '{outer.tok.text}' (what it is about), "
                                 "not an event of its own")

    def _no_event(self, f: Found, headline: bool = False) -> str | None:
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
        if f.trigger.kind == "verb" and f.wrapped_by is None and f.tok.dep_ == "acl" and f.tok.head.pos_ == "NOUN" \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in f.tok.children):
            return (f"'{f.tok.text}' names the purpose of '{f.tok.head.text}' ('the right to sue', 'efforts to "
                    "rescue'), not a reported act")
        question = open_question(f.anchor)
        if question is not None:
            return f"'{f.tok.text}' is inside an open question ('{question.text} ...'), not a reported act"
        if not f.actors and not f.recipients and not headline and f.modality in self.g["unrealised_modalities"]:
            return (f"'{f.tok.text}' is {f.modality} and names no one who would do it or undergo it "
                    "('the summit should be canceled')")
        verbless = f.trigger.kind == "noun" and (f.position or f.tok).dep_ == "ROOT"  # "Protests against taxes."
        if not f.actors and not f.recipients and not headline and not verbless and not self._agentless_act(f):
            # (a headline names its event tersely: "Mass shooting at music festival")
            return "no one does it and no one undergoes it (no agent among its arguments)"
        return None

    def _state(self, f: Found) -> str | None:
        """'opposes the bill', 'is concerned about', 'routinely seeks', 'has long distrusted', a photo
        caption ('A man is evacuated from the festival'): a state, a habit or a scene, not a reported event."""
        if f.trigger.kind != "verb" or f.wrapped_by is not None:
            return None
        g, tok = self.g, f.tok
        lemma = tok.lemma_.lower()
        verb = tok
        if tok.pos_ == "ADJ":
            if lemma not in g["adjective_triggers"]:
                return None  # "ready to", "willing to" announce an intent
            verb = tok.head if tok.dep_ in ("acomp", "attr") else next(
                (c for c in tok.children if c.dep_ in ("cop", "aux") and c.lemma_.lower() in g["state_copulas"]), tok)
        aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        habit = next((c for c in tok.children if c.dep_ == "advmod" and c.lower_ in g["habitual_adverbs"]), None)
        if habit is None:  # "meets every six months"
            habit = next((c for c in tok.children if c.dep_ in ("npadvmod", "advmod", "prep", "dobj")
                          and any(d.dep_ == "det" and d.lower_ in ("every", "each") for d in c.subtree)), None)
        perfect = any(a.lemma_.lower() == "have" for a in aux)
        if habit is not None and (verb.tag_ in ("VBZ", "VBP") or (perfect and lemma in g["stative_verbs"])):
            return f"a state or habit, not an event: '{tok.text}' with '{habit.text}'"
        present = verb.tag_ in ("VBZ", "VBP") and all(a.lemma_.lower() == "do" for a in aux)
        if tok.pos_ == "ADJ" and present and (verb is tok or verb.lemma_.lower() in g["state_copulas"]):
            return f"a state, not an event: '{verb.text} {tok.text}' (an attitude in the present)"
        if present and lemma in g["stative_verbs"] and verb is tok and len(f.trigger.words) == 1:
            return f"a state, not an event: '{tok.text}' in the simple present"
        if self._caption(f):
            return f"a scene, not a reported event: '{tok.text}' in the present with an indefinite subject (a caption)"
        return None

    def _caption(self, f: Found) -> bool:
        """'A police officer takes position behind a truck', 'An injured woman is helped at the hotel':
        a material act in the present of someone indefinite, as photo captions are written."""
        tok = f.tok
        if tok.pos_ != "VERB" or f.code is None or f.code.quad_class not in (2, 4):
            return False
        if tok.lemma_.lower() in self.g["unpictured_acts"] or any(t.ent_type_ in ("DATE", "TIME") for t in tok.sent):
            return False  # a killing, or a dated act, told in the present is a report in the historic present
        if not (tok.dep_ == "ROOT" or (tok.dep_ == "conj" and tok.head.dep_ == "ROOT")):
            return False
        aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
        present = (tok.tag_ in ("VBZ", "VBP") and not aux) or (
            tok.tag_ == "VBN" and [a.lower_ for a in aux] in (["is"], ["are"]))
        subj = child(tok, "nsubj", "nsubjpass")
        if not present or subj is None:
            return False
        return subj.lower_ in self.g["caption_subjects"] or any(
            c.dep_ == "det" and c.lower_ in ("a", "an") for c in subj.children)

    def _agentless_act(self, f: Found) -> bool:
        """A material act told in the passive without its agent is still news: "the missile was launched",
        "two were arrested"."""
        if f.event not in self.g["agentless_events"]:
            return False
        if f.subject_of_carrier:
            # "clashes erupted", "protests broke out"; "the ceasefire has held" tells of no new act
            if f.carrier is not None and f.carrier.lemma_.lower() in self.g["continuation_predicates"]:
                return f.event in self.g["continuing_events"]
            return f.carrier is not None and f.carrier.lemma_.lower() in self.g["occurrence_predicates"]
        if f.trigger.kind == "noun" and (f.position or f.tok).dep_ == "nsubj" and f.modality == "asserted" \
                and (f.position or f.tok).head.pos_ == "VERB":
            return True  # "the collapse of the talks angered the families": told as a fact that has effects
        anchor = f.carrier if f.carrier is not None else f.tok
        return anchor.tag_ == "VBN" and (child(anchor, "nsubjpass", "auxpass") is not None or headline_passive(anchor)
                                         or anchor.dep_ == "ROOT")

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
        anchor = f.anchor
        negation = next((c for c in anchor.children if c.dep_ == "neg"), None)
        if negation is not None and not any(c.dep_ == "aux" and c.lower_ in self.g["refusal_aux"]
                                            for c in anchor.children):
            return  # "did not offer a scenario": it did not happen, nobody refused
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
    if f.not_agents:
        reason += "; not agents, left out: " + ", ".join(f"'{t}'" for t in f.not_agents)
    return reason
