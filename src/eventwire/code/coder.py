"""Rule-based event coder over spaCy dependency parses.

Every candidate trigger (a lexicon verb or noun) is either coded as an
``Event`` or rejected with a reason, so ``explain`` can answer "why no event
in this sentence?". ``Coder.code_sentence`` runs the steps for one sentence,
each a module of its own that fills in the triggers (``found.Found``):

1. triggers (``triggers.py``, lexicon in ``lexicon.py``): lexicon verbs (with
   their particles and objects: "pull out", "suspend talks") and nouns (with
   their modifiers and governing verbs: "trade deal", "signed a deal");
2. carriers (``carriers.py``): light verbs hand their subject to the noun
   they carry ("Israel launched strikes"), event predicates hand their
   clause ("clashes erupted");
3. reading (``reading.py``): actors and recipients (``roles.py`` over
   ``arguments.py``), modality (``modality.py``) and salience (``salience.py``);
4. composition (``compose.py``): a wrapper takes its type from the event it
   wraps ("refused to release" is REJECT, "vowed to retaliate" THREATEN,
   "urged Israel to allow aid" REQUEST) and the wrapped event is marked;
5. decision (``decision.py``, events in ``events.py``): confidence and
   threshold, refusals ("will not lift the ban"), self-announced threats,
   actor x recipient pairs;
6. accusations by report (``accusations.py``): "Israel said Hamas had failed
   to honour the truce".

The sentence's actors are then remembered for pronouns in later sentences.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..actors import ActorResolver, default_resolver
from ..model import Event
from .accusations import ReportedAccusations
from .arguments import ArgumentFinder
from .carriers import Carriers
from .compose import Composer
from .decision import Decider
from .found import Candidate, SentenceResult
from .lexicon import grammar
from .reading import TriggerReader
from .roles import Roles
from .salience import principal_event
from .triggers import TriggerFinder


class Coder:
    """Codes sentences into events; load once, reuse (the models are cached)."""

    def __init__(self, nlp=None, resolver: ActorResolver | None = None) -> None:
        if nlp is None:
            from ..analyze import load_nlp

            nlp = load_nlp()
        self.nlp = nlp
        self.resolver = resolver or default_resolver()
        g = grammar()
        self.args = ArgumentFinder(self.resolver)
        self.triggers = TriggerFinder(g, self.args)
        self.carriers = Carriers(g)
        self.reader = TriggerReader(Roles(self.args, self.triggers, g))
        self.composer = Composer(g, self.args, self.reader)
        self.decider = Decider(g, self.args)
        self.accusations = ReportedAccusations(g, self.args)

    # --- texts -----------------------------------------------------------------------------
    def parse(self, texts, batch_size: int = 64):
        """spaCy docs for texts, headlines in Title Case re-cased first (see ``analyze.pipe_docs``)."""
        from ..analyze import pipe_docs

        return pipe_docs(self.nlp, texts, batch_size=batch_size)

    def code_text(self, text: str, date: str | None = None) -> list[Event]:
        """Events of a text; paragraphs (blank-line separated) are parsed apart, like articles."""
        from ..analyze import paragraph_texts

        docs = self.parse(paragraph_texts(text))
        return self.code_sentences(enumerate(sent for doc in docs for sent in doc.sents), date)

    def code_texts(self, items: list[tuple[str, str | None]], batch_size: int = 64) -> list[list[Event]]:
        """Events of many (text, date) pairs, parsed in batches; one list per text, in input order."""
        from ..analyze import paragraph_texts

        paragraphs = [paragraph_texts(text) for text, _ in items]
        docs = iter(self.parse((p for paras in paragraphs for p in paras), batch_size=batch_size))
        return [self.code_sentences(enumerate(sent for _ in paras for sent in next(docs).sents), date)
                for (_, date), paras in zip(items, paragraphs)]

    def code_doc(self, doc, date: str | None = None) -> list[Event]:
        """Events of an already parsed text (use with ``parse`` for batches)."""
        return self.code_sentences(enumerate(doc.sents), date)

    def code_analysis(self, analysis) -> list[Event]:
        """All events of one analysed article: its title first (sentence index -1), then its
        sentences (section headings give none)."""
        return self.code_sentences(analysis.coded_spans(), analysis.article.published, analysis.article.id)

    def code_sentences(self, sentences: Iterable[tuple[int, object]], date: str | None = None,
                       article_id: str | None = None) -> list[Event]:
        """Events of one text's sentences, given as (sentence index, spaCy span) in order.

        The text's actors carry from sentence to sentence (pronouns, "the group"),
        so a text is coded in one call, never a sentence at a time.
        """
        self.args.new_text()
        context: list = []
        events: list[Event] = []
        for index, span in sentences:
            result = self.code_sentence(span, date=date, article_id=article_id, sentence_index=index, context=context)
            events.extend(result.events)
        return events

    # --- one sentence ---------------------------------------------------------------------
    def code_sentence(self, span, *, date=None, article_id=None, sentence_index=None, context=None) -> SentenceResult:
        context = context if context is not None else []
        found, candidates = self.triggers.candidates(span, date)
        self.carriers.carry(found, span, candidates)
        for f in found:
            if f.dropped is None:
                self.reader.read(f, date, context)
        self.composer.compose(found, span, date, context, candidates)
        self.composer.obligations(found, date, context)
        self.decider.fold_outcomes(found)
        for f in found:
            self.decider.decide(f, span, date, article_id, sentence_index, context)
        self.decider.fold_wrapped(found)
        events: list[Event] = [ev for f in found for ev in f.cand.events]
        self.accusations.add(span, date, article_id, sentence_index, context, candidates, events)
        self.args.remember(span, events, date, context)
        return SentenceResult(events, candidates)


__all__ = ["Candidate", "Coder", "SentenceResult", "principal_event"]
