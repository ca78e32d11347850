"""Rule-based event coder over spaCy dependency parses.

Every candidate trigger (a lexicon verb or noun) is either coded as an
``Event`` or rejected with a reason, so ``explain`` can answer "why no event
in this sentence?". The steps for one sentence:

1. triggers: lexicon verbs (with their particles and objects: "pull out",
   "suspend talks") and nouns (with their modifiers and governing verbs:
   "trade deal", "signed a deal");
2. light verbs hand their subject to the noun they carry ("Israel launched
   strikes"), event predicates hand their clause ("clashes erupted");
3. arguments: actors and recipients (``arguments.py``), modality and
   attribution (``modality.py``);
4. composition: a wrapper takes its type from the event it wraps ("refused to
   release" is REJECT, "vowed to retaliate" THREATEN, "urged Israel to allow
   aid" REQUEST) and the wrapped event is marked (negated, future,
   hypothetical);
5. salience: how central each event is, for the principal event.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import ontology
from ..actors import ActorResolver, default_resolver
from ..model import Actor, Event, Evidence
from . import lexicon
from .arguments import ArgumentFinder, child, headline_passive, pobj_of
from .lexicon import Trigger, grammar
from .modality import attribution, modality
from .salience import principal_event, salience

LIGHT_OBJECT_DEPS = ("dobj", "nsubjpass", "attr", "oprd", "dative")
LIGHT_OBJECT_PREPS = {"in", "to", "into", "under", "on", "for", "of", "by"}
VERB_CHILD_DEPS = ("prt", "prep", "dobj", "acomp", "advmod", "xcomp", "npadvmod", "attr", "oprd", "dative",
                   "nsubjpass", "ccomp")
NOUN_MODIFIER_DEPS = ("compound", "amod", "nmod", "npadvmod", "nummod", "poss")
PARTICIPLE_MODIFIER_DEPS = ("amod", "compound")
NAME_LABELS = ("PERSON", "GPE", "NORP", "LOC", "FAC")
PREPOSITIONS = {"from", "of", "to", "with", "on", "for", "into", "against", "in", "at", "by", "under", "over", "toward",
                "towards", "about", "through", "between", "among", "across", "around", "near", "along", "behind",
                "upon", "within", "amid", "during", "via", "inside", "onto", "out"}
IMPACT_TYPES = {"ASSAULT", "COERCE", "PROTEST", "SANCTION", "AID"}
PARTICLES = {"up", "down", "off", "out", "back", "away", "in", "on", "over", "upon"}


def _stems(word: str) -> list[str]:
    """Candidate lemmas of an inflected verb form, for words the lemmatizer gets wrong."""
    out = []
    for suffix, repl in (("tted", "t"), ("dded", "d"), ("pped", "p"), ("lled", "l"), ("ied", "y"), ("ed", ""),
                         ("ed", "e"), ("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            out.append(word[: len(word) - len(suffix)] + repl)
    return out


def misparsed_verb(tok) -> bool:
    """A finite verb the parser hung on a noun, as happens in headlines ("Army Reinforces Positions")."""
    return tok.pos_ == "VERB" and tok.dep_ in PARTICIPLE_MODIFIER_DEPS and (
        tok.tag_ in ("VBZ", "VBP", "VBD") or any(c.dep_ == "nsubj" for c in tok.children))


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


@dataclass
class Found:
    """A trigger on its way to becoming events: its code, arguments and status."""

    tok: object  # the trigger token (the noun, for nouns carried by a light verb)
    trigger: Trigger
    cand: Candidate
    carrier: object | None = None  # light verb or event predicate that carries a noun
    recipient_carrier: bool = False  # "Russia faces sanctions": the carrier's subject is hit
    subject_of_carrier: bool = False  # "clashes erupted", "an air strike killed five"
    own_actors_only: bool = False  # the actor only from the noun's own phrase
    position: object | None = None  # the noun phrase that stands in the clause for a noun trigger
    theme_of: object | None = None  # the verb whose object this noun is ("condemned the strike")
    code: ontology.CameoCode | None = None
    event: str = ""
    mode: str | None = None
    rule: str = ""
    actors: list[Actor] = field(default_factory=list)
    recipients: list[Actor] = field(default_factory=list)
    modality: str = "asserted"
    penalty: float = 0.0
    salience: float = 1.0
    attribution: Actor | None = None
    wrapped_by: Found | None = None
    dropped: str | None = None  # why it gives no event

    def __post_init__(self) -> None:
        self.code = self.trigger.cameo
        self.event, self.mode, self.rule = self.trigger.event, self.trigger.mode, self.trigger.rule

    @property
    def anchor(self):
        """The token that places the event in the clause structure."""
        return self.carrier if self.carrier is not None else self.tok


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
        self.args = ArgumentFinder(self.resolver)
        self.compose_words = {w: name for name, spec in self.g["compose"].items() for w in spec["words"]}

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
        self._compose(found, by_token, span, date, context, candidates)
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
            kind = self._kind(tok)
            if kind is None:
                continue
            trigger = self._verb_trigger(tok, date) if kind == "verb" else self._noun_trigger(tok)
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

    def _kind(self, tok) -> str | None:
        if tok.pos_ == "VERB" or (tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "ROOT" and tok.tag_.startswith("VB")):
            return "verb"
        if tok.pos_ == "AUX" and tok.lemma_.lower() in self.verbs:
            return "verb"
        if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "ROOT", "xcomp") and tok.lemma_.lower() in self.g["adjective_triggers"]:
            return "verb"  # predicative adjectives of the lexicon: "was deeply concerned about"
        if tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and not tok.ent_type_):
            return "noun"
        return None

    def _near(self, tok) -> set[str]:
        """Lemmas of the verb's particles, prepositions, objects and complements (not their modifiers)."""
        from .arguments import QUANTITIES

        near = set()

        def add(t) -> None:
            near.add(t.lemma_.lower())
            near.add(t.lower_)
            if t.lower_ in QUANTITIES or t.lemma_.lower() in QUANTITIES:
                of = pobj_of(next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None))
                if of is not None:  # "sent thousands of soldiers"
                    add(of)

        if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN"):
            add(tok.head)  # "Social media platforms suspended in ...": the noun is the object
        if headline_passive(tok):
            add(child(tok, "nsubj"))
        if misparsed_verb(tok):
            add(tok.head)  # "Army Reinforces Positions": the noun it was hung on is its object
        for c in tok.children:
            if c.dep_ in VERB_CHILD_DEPS:
                add(c)
                if c.dep_ == "prep":
                    for p in c.children:
                        if p.dep_ == "prep":  # "walk out of the talks", "pull back from"
                            near.add(p.lower_)
                            for g in p.children:
                                if g.dep_ in ("pobj", "pcomp"):
                                    near.add(f"{p.lower_}>{g.lemma_.lower()}")
                    for g in c.children:
                        if g.dep_ in ("pobj", "pcomp"):
                            # "withdraw from the treaty": prepositional objects count only with their preposition
                            near.add(f"{c.lower_}>{g.lemma_.lower()}")
                            near.add(f"{c.lower_}>{g.lower_}")
                            if g.lower_ in QUANTITIES or g.lemma_.lower() in QUANTITIES:
                                of = pobj_of(next((x for x in g.children if x.dep_ == "prep" and x.lower_ == "of"), None))
                                if of is not None:
                                    near.add(f"{c.lower_}>{of.lemma_.lower()}")
                elif c.dep_ in ("dobj", "nsubjpass", "xcomp", "ccomp", "attr"):
                    # "lay down arms", "stop fighting", "let inspectors back in"
                    for x in c.children:
                        if x.dep_ in ("prt", "dobj") or (x.dep_ == "nsubj" and c.dep_ in ("ccomp", "xcomp")):
                            add(x)
        return near

    def _verb_trigger(self, tok, date) -> Trigger | None:
        options = None
        doc = tok.doc
        if tok.i >= 2 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_:
            options = self.verbs.get(f"{doc[tok.i - 2].lower_}-{tok.lemma_.lower()}")  # "test-fired"
        options = options or self.verbs.get(tok.lemma_.lower()) or self.verbs.get(tok.lower_)
        if not options:
            for stem in _stems(tok.lower_):  # the lemmatizer misses rarer verbs ("readmitted" -> "readmitte")
                options = self.verbs.get(stem)
                if options:
                    break
        if not options:
            return None
        near = self._near(tok)
        best, best_fit = None, -1
        for t in options:
            if not self._words_match(t.words[1:], near):
                continue
            if t.conditions and not self._conditions_hold(t, tok, date):
                continue
            if len(t.words) > 1 or t.conditions:
                return t  # most specific first (lexicon order)
            fit = self._recipient_fit(t, tok)
            if fit > best_fit:
                best, best_fit = t, fit
        return best

    def _words_match(self, words: tuple[str, ...], near: set[str]) -> bool:
        """A pattern's extra words against the verb's arguments; "from @x" needs x under "from"."""
        i = 0
        while i < len(words):
            word = words[i]
            nxt = words[i + 1] if i + 1 < len(words) else None
            if word in PREPOSITIONS and nxt is not None and any(k.startswith(word + ">") for k in near):
                members = lexicon.word_class(nxt[1:]) if nxt.startswith("@") else {nxt}
                if not any(f"{word}>{m}" in near for m in members):
                    return False
                i += 2
                continue
            if not self._word_in(word, near):
                return False
            i += 1
        return True

    def _word_in(self, word: str, near: set[str]) -> bool:
        if word.startswith("@"):
            return bool(lexicon.word_class(word[1:]) & near)
        return word in near

    def _recipient_fit(self, t: Trigger, tok) -> int:
        """How many of the verb's argument slots the trigger's recipient spec expects."""
        fit = 0
        for c in tok.children:
            if c.dep_ in ("dobj", "dative") and "dobj" in t.recipients:
                fit += 1
            elif c.dep_ == "prep" and c.lower_ in t.recipients:
                fit += 1
        return fit

    def _conditions_hold(self, t: Trigger, tok, date) -> bool:
        groups = self.g["sector_groups"]
        for cond in t.conditions:
            if cond == "intrans":
                if child(tok, "dobj") is not None:
                    return False
            elif cond == "noxcomp":
                if child(tok, "xcomp", "ccomp") is not None:
                    return False
            elif cond == "req":
                if not self._recipient_fit(t, tok):
                    return False
            elif cond == "notacl":
                if tok.dep_ in ("acl", "amod"):
                    return False  # "hostages held in Gaza" describes, it does not report
            elif cond.startswith("obj!="):
                unwanted = set()
                for name in cond.split("=", 1)[1].split("|"):
                    unwanted |= groups.get(name, {name})
                objects = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
                objects += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
                if any(self.args.sector_of(o, date) in unwanted for o in objects):
                    return False
            elif cond.startswith("obj="):
                wanted = set()
                for name in cond.split("=", 1)[1].split("|"):
                    wanted |= groups.get(name, {name})
                objects = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
                objects += [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
                if not any(self.args.sector_of(o, date) in wanted or self.args.code_of(o, date) in wanted
                           for o in objects):
                    return False
            elif cond.startswith("subj"):
                negate = cond.startswith("subj!=")
                wanted = set()
                for name in cond.split("=", 1)[1].split("|"):
                    wanted |= groups.get(name, {name})
                subj, _ = self.args.subject(tok)
                sector = self.args.sector_of(subj, date)
                if (sector in wanted) == negate:
                    return False
        return True

    def _noun_trigger(self, tok, sector: str | None = None) -> Trigger | None:
        options = self.nouns.get(tok.lemma_.lower()) or self.nouns.get(tok.lower_)
        if not options:
            return None
        governor = self._governor(tok)
        mods = None
        groups = self.g["sector_groups"]
        for t in options:
            if t.conditions:
                wanted = set()
                for cond in t.conditions:
                    for name in cond.split("=", 1)[-1].split("|"):
                        wanted |= groups.get(name, {name})
                if sector not in wanted:
                    continue
            if len(t.words) > 1 or "-" in t.words[0]:
                if not self._text_ends_with(tok, " ".join(t.words)):
                    continue
            if t.governors and governor not in t.governors:
                continue
            if t.modifiers:
                mods = mods if mods is not None else self._modifiers(tok)
                if not (t.modifiers & mods):
                    continue
            return t
        return None

    def _text_ends_with(self, tok, phrase: str) -> bool:
        width = len(phrase.split()) + phrase.count("-") * 2 + 2
        start = max(tok.i - width, tok.sent.start if hasattr(tok, "sent") else 0)
        text = tok.doc[start : tok.i + 1].text.lower().replace(" - ", "-").replace("\n", " ")
        text = " " + " ".join(text.split())
        return text.endswith(" " + phrase) or text.endswith(" " + phrase + "s") or text.endswith("-" + phrase)

    def _modifiers(self, tok) -> set[str]:
        mods: set[str] = set()
        for c in tok.children:
            if c.dep_ in NOUN_MODIFIER_DEPS:
                mods.add(c.lemma_.lower())
                mods.add(c.lower_)
                sub = "".join(t.text_with_ws for t in c.subtree).lower().strip()
                mods.add(sub.replace(" - ", "-").replace(" ", "-"))
                for g in c.children:
                    if g.dep_ in ("compound", "amod"):
                        mods.add(g.lemma_.lower())
            elif c.dep_ == "prep" and c.lower_ in ("of", "on", "for", "with", "in"):
                pobj = pobj_of(c)
                if pobj is not None:
                    mods.add(pobj.lemma_.lower())
        return mods

    def _governor(self, tok) -> str | None:
        """Lemma of the verb that governs a noun (as subject, object or prepositional object)."""
        node = tok
        for _ in range(4):
            head = node.head
            if node.dep_ == "conj" and head.i != node.i:
                node = head
            elif node.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in ("NOUN", "PROPN") \
                    and head.head.lemma_.lower() not in self.nouns:
                node = head.head  # "initialled the text of a peace agreement"
            else:
                break
        dep, head = node.dep_, node.head
        if dep == "pobj" and head.dep_ == "prep":
            head = head.head
        elif dep not in ("dobj", "nsubj", "nsubjpass", "attr", "oprd", "dative", "appos", "npadvmod", "conj"):
            return None
        if head.pos_ not in ("VERB", "AUX", "ADJ") and not head.tag_.startswith("VB"):
            return None
        lemma = head.lemma_.lower()
        prt = child(head, "prt")
        if prt is not None and f"{lemma} {prt.lower_}" in self._multiword_governors:
            return f"{lemma} {prt.lower_}"
        return lemma

    @property
    def _multiword_governors(self) -> set[str]:
        return {"call off", "break down", "carry out", "step up", "set up", "hand down", "take place", "go ahead"}

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
                        and head.head.i not in nouns:
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
            better = self._noun_trigger(tok, sector=actors[0].sector)
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

    # --- 4. composition ------------------------------------------------------------------------
    def _compose(self, found: list[Found], by_token: dict, span, date, context, candidates) -> None:
        by_anchor: dict[int, Found] = {}
        for f in found:
            if f.dropped is None and f.trigger.is_event:
                by_anchor.setdefault(f.anchor.i, f)
                by_anchor.setdefault(f.tok.i, f)
        offset = span.start_char
        adjective_only = self.g["compose_adjectives"]
        clause_only = self.g["compose_clause_only"]
        for tok in span:
            lemma = tok.lemma_.lower()
            cls = self.compose_words.get(lemma)
            if cls is None or (lemma in adjective_only and tok.pos_ != "ADJ"):
                continue
            inner = self._wrapped_event(tok, by_anchor, clauses_only=lemma in clause_only)
            if inner is None or inner.wrapped_by is not None or inner.tok.i == tok.i:
                continue
            if lemma in self.g["reporting_verbs"] and inner.anchor.i < tok.i:
                continue  # "Washington will send aid, the Pentagon announced": an attribution, not a promise
            if cls == "request" and lemma in self.g["reporting_verbs"] and inner.anchor.dep_ == "ccomp":
                continue  # "told Netanyahu that ... would not": a report; "told Israel to stop": a request
            spec = self.g["compose"][cls]
            mapping = spec["map"]
            code_name, event = mapping.get(inner.event) or mapping.get("*") or [None, None]
            if cls == "intent" and inner.modality == "negated" and event == "THREATEN":
                code_name, event = "035", "CONCEDE"  # "promised that police will not beat protesters"
            outer = by_token.get(tok.i)
            if outer is not None and outer.dropped is not None and not outer.trigger.is_event:
                continue
            if outer is not None and outer.trigger.kind == "verb" and any(
                    w not in PREPOSITIONS and w not in PARTICLES for w in outer.trigger.words[1:]):
                continue  # a pattern naming its object ("reject accusations", "call for a ceasefire") says it all
            if code_name == "keep":
                if outer is not None:
                    inner.wrapped_by = outer
                    inner.salience = round(min(inner.salience, outer.salience) * self.g["wrapped_salience"], 4)
                continue
            if code_name is None:
                continue
            if cls == "request" and tok.lemma_.lower() in self.g["demand_words"] and code_name.startswith("02"):
                code_name = "10" + code_name[2:]
            code = ontology.cameo(code_name)
            if outer is None:
                start, end = tok.idx - offset, tok.idx - offset + len(tok)
                trigger = Trigger((tok.lemma_.lower(),), code, event, code.plover_mode if code.plover == event else None,
                                  (), ("dobj", "to", "with", "on", "against"), "verb" if tok.pos_ != "NOUN" else "noun")
                cand = Candidate(tok.text, start, end, f"compose:{cls}", "rejected", "")
                candidates.append(cand)
                outer = Found(tok, trigger, cand)
                self._wrapper_arguments(outer, date, context)
                found.append(outer)
                by_token[tok.i] = outer
            elif outer.dropped is not None:
                outer.dropped = None
                if not outer.actors and not outer.recipients:
                    self._arguments(outer, date, context)
            outer.code, outer.event = code, event
            outer.mode = code.plover_mode if code.plover == event else None
            outer.rule = f"{outer.trigger.rule}+{inner.trigger.rule}"
            inner.wrapped_by = outer
            inner.salience = round(min(inner.salience, outer.salience) * self.g["wrapped_salience"], 4)
            if not outer.recipients and inner.recipients and cls in ("request", "threat", "refusal"):
                outer.recipients = list(inner.recipients)
            if cls == "request" and inner.actors and not outer.recipients:
                outer.recipients = [a for a in inner.actors if a.resolved]

    def _wrapped_event(self, tok, by_anchor: dict, clauses_only: bool = False) -> Found | None:
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
                    return self._wrapped_event(c, by_anchor)
        for c in tok.children:
            if c.dep_ in ("dobj", "attr", "nsubjpass") and c.i in by_anchor:
                return by_anchor[c.i]
            if c.dep_ == "prep" and c.lower_ in ("to", "for", "of", "on", "against", "with", "into", "over"):
                for g in c.children:
                    if g.dep_ in ("pobj", "pcomp") and g.i in by_anchor:
                        return by_anchor[g.i]
            if c.dep_ == "dobj":
                # "accused Israel of attacking", "urged Hamas to accept": through the object
                for g in c.children:
                    if g.dep_ == "prep" and g.lower_ in ("of", "for", "to"):
                        for x in g.children:
                            if x.dep_ in ("pobj", "pcomp") and x.i in by_anchor:
                                return by_anchor[x.i]
        return None

    def _wrapper_arguments(self, f: Found, date, context) -> None:
        tok = f.tok
        if tok.pos_ == "NOUN":
            f.actors = self.args.noun_actors(tok, date, context)
        else:
            node = tok
            if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "amod", "attr") and tok.head.i != tok.i:
                node = tok.head  # "Iran was ready to ...": the subject of "was"
            subj, _ = self.args.subject(node)
            f.actors = self.args.actors_of(subj, date, context, "actor") if subj is not None else []
        f.recipients = []
        f.modality, f.penalty = modality(tok if tok.pos_ != "ADJ" else tok.head, date)
        f.salience = salience(tok if tok.pos_ != "ADJ" else tok.head)

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

        return [(a, r) for a in actors for r in recipients if not same(a, r)]

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
