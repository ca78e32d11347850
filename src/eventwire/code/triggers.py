"""Step 1, finding triggers: which lexicon row a verb or noun of the parse matches, if any.

A verb matches the most specific row whose extra words are among its
particles, prepositions and objects ("suspend @talks", "withdraw from
@organisations") and whose conditions hold (the subject's sector, no direct
object, ...); a noun matches the first row whose multiword form, governing
verb and modifiers fit ("trade agreement" signed, "strikes" with "air").
"""

from __future__ import annotations

import re

from ..analyze.words import reported_speech_verbs
from . import lexicon
from .arguments import QUANTITIES, ArgumentFinder, child, headline, headline_passive, pobj_of
from .found import Candidate, Found
from .lexicon import Trigger

VERB_CHILD_DEPS = ("prt", "prep", "dobj", "acomp", "advmod", "xcomp", "npadvmod", "attr", "oprd", "dative",
                   "nsubjpass", "ccomp")
NOUN_MODIFIER_DEPS = ("compound", "amod", "nmod", "npadvmod", "nummod", "poss")
PARTICIPLE_MODIFIER_DEPS = ("amod", "compound")
PREPOSITIONS = {"from", "of", "to", "with", "on", "for", "into", "against", "in", "at", "by", "under", "over", "toward",
                "towards", "about", "through", "between", "among", "across", "around", "near", "along", "behind",
                "upon", "within", "amid", "during", "via", "inside", "onto", "out"}
PARTICLES = {"up", "down", "off", "out", "back", "away", "in", "on", "over", "upon"}
MULTIWORD_GOVERNORS = {"call off", "break down", "carry out", "step up", "set up", "hand down", "take place", "go ahead"}

#: marks the lemma of a verb among a trigger's arguments
VERB_MARK = "verb:"


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


def described(tok) -> bool:
    """A past participle that describes its noun ("a hospital supported by the charity", "comments
    released on Wednesday" keeps its day and stays an act)."""
    if tok.dep_ != "acl" or tok.tag_ != "VBN" or tok.head.pos_ not in ("NOUN", "PROPN", "PRON", "NUM"):
        return False
    if any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in tok.children):
        return False  # "hearing that they have released": a clause the parser hung on a noun
    if headline(tok):
        return False  # headlines tell their events in participles ("Girls Released by Boko Haram")
    head = tok.head
    if (head.pos_ == "NUM" or any(c.dep_ == "nummod" for c in head.children)) and head.left_edge.i == tok.sent.start:
        return False  # a count opening the sentence: "2 herders killed in a raid" is told without its "were"
    root = tok.sent.root
    if root.i == tok.head.i or root.pos_ not in ("VERB", "AUX"):
        return False  # no other verb tells the sentence: the parser hung its predicate on a noun
    return not any(c.ent_type_ in ("DATE", "TIME") for c in tok.subtree if c.i != tok.i)


def gerund_subject(tok) -> bool:
    """A gerund that is the subject of its clause and has no subject or object of its own
    ("Shelling by the army left 12 dead"): a name of an event, like a noun."""
    return tok.tag_ == "VBG" and tok.dep_ in ("nsubj", "csubj", "nsubjpass") \
        and not any(c.dep_ in ("nsubj", "dobj", "aux") for c in tok.children)


def _named_sectors(cond: str, groups: dict[str, set[str]]) -> set[str]:
    """The sectors (or codes) a condition such as ``obj=GOV|MIL`` (or a bare ``GOV|MIL``) names,
    sector groups expanded."""
    out: set[str] = set()
    for name in cond.split("=", 1)[-1].split("|"):
        out |= groups.get(name, {name})
    return out


def _objects(tok) -> list:
    """A verb's objects: direct and dative objects, then the objects of its prepositions."""
    out = [c for c in tok.children if c.dep_ in ("dobj", "dative")]
    return out + [g for c in tok.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]


class TriggerFinder:
    """Matches tokens of a parse against the verb and noun lexicons."""

    def __init__(self, grammar: dict, args: ArgumentFinder) -> None:
        self.g = grammar
        self.args = args
        self.verbs = lexicon.verbs()
        self.nouns = lexicon.nouns()
        self.idioms = {lemma: [re.compile(p, re.IGNORECASE) for p in patterns]
                       for lemma, patterns in grammar.get("idioms", {}).items()}

    def candidates(self, span, date) -> tuple[list[Found], list[Candidate]]:
        """Every trigger of a sentence (dropped with a reason when it cannot be an event) and its candidates.

        A verb of no lexicon row is a rejected candidate too ("unknown verb"), unless the
        coder knows it otherwise (reporting, wrapper, light and predicate verbs).
        """
        found: list[Found] = []
        candidates: list[Candidate] = []
        offset = span.start_char
        for tok in span:
            kind = self.kind(tok)
            if kind is None:
                continue
            trigger = self.verb_trigger(tok, date) if kind == "verb" else self.noun_trigger(tok)
            start, end = tok.idx - offset, tok.idx - offset + len(tok)
            if trigger is None:
                lemma = tok.lemma_.lower()
                if kind == "verb" and tok.pos_ == "VERB" and not self._known_otherwise(lemma):
                    candidates.append(Candidate(tok.text, start, end, None, "rejected",
                                                f"unknown verb '{lemma}' (not in the lexicon)"))
                continue
            cand = Candidate(tok.text, start, end, trigger.rule, "rejected", "")
            candidates.append(cand)
            f = Found(tok, trigger, cand)
            idiom = self.idiom(tok, trigger, span)
            if not trigger.is_event:
                f.dropped = f"not an event: '{' '.join(trigger.words)}' (lexicon pattern)"
            elif idiom is not None:
                f.dropped = f"an idiom, not an event: '{idiom}'"
            elif kind == "verb" and tok.dep_ in PARTICIPLE_MODIFIER_DEPS and not misparsed_verb(tok):
                f.dropped = f"'{tok.text}' only modifies a noun (\"{tok.head.text}\")"
            elif kind == "verb" and described(tok):
                f.dropped = (f"'{tok.text}' describes \"{tok.head.text}\" (a participle: 'a hospital supported by "
                             "the charity'), not a reported act")
            found.append(f)
        return found, candidates

    def idiom(self, tok, trigger: Trigger, span) -> str | None:
        """The idiom a trigger word is part of ("hit them where it hurts"), if any (patterns.yaml ``idioms``)."""
        patterns = self.idioms.get(trigger.words[-1] if trigger.kind == "noun" else trigger.words[0])
        if not patterns:
            return None
        text, offset = span.text, tok.idx - span.start_char
        for pattern in patterns:
            for m in pattern.finditer(text):
                if m.start() <= offset < m.end():
                    return m.group()
        return None

    def _known_otherwise(self, lemma: str) -> bool:
        """A verb the coder uses although no lexicon row has it: reporting, wrapper, light and predicate verbs."""
        g = self.g
        return lemma in reported_speech_verbs() or lemma in lexicon.compose_words() or lemma in g["light_verbs"] \
            or lemma in g["event_predicates"] or lemma in g["recipient_light_verbs"]

    def kind(self, tok) -> str | None:
        if gerund_subject(tok) and tok.lower_ in self.nouns:
            return "noun"  # "Fighting between the clans left 46 dead": the gerund names the event
        if tok.pos_ == "VERB" or (tok.pos_ in ("NOUN", "PROPN") and tok.dep_ == "ROOT" and tok.tag_.startswith("VB")):
            return "verb"
        if tok.pos_ == "AUX" and tok.lemma_.lower() in self.verbs:
            return "verb"
        if tok.pos_ == "ADJ" and tok.dep_ in ("acomp", "ROOT", "xcomp") and tok.lemma_.lower() in self.g["adjective_triggers"]:
            return "verb"  # predicative adjectives of the lexicon: "was deeply concerned about"
        if tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and not tok.ent_type_):
            return "noun"
        return None

    def near(self, tok) -> set[str]:
        """Lemmas of the verb's particles, prepositions, objects and complements (not their modifiers)."""
        near = set()

        def add(t) -> None:
            near.add(t.lemma_.lower())
            near.add(t.lower_)
            if t.pos_ in ("VERB", "AUX"):
                near.add(VERB_MARK + t.lemma_.lower())  # a clause, not a thing: classes of things skip it
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
            if c.dep_ == "prep" and all(g.ent_type_ in ("DATE", "TIME") for g in c.children if g.dep_ == "pobj") \
                    and any(g.dep_ == "pobj" for g in c.children):
                continue  # "fired the chief on Monday": "on" a day is no target
            if c.dep_ in ("advcl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children):
                near.add("for")  # "called for Britain to stay": "for" marks the clause
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

    def verb_trigger(self, tok, date) -> Trigger | None:
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
        near = self.near(tok)
        best, best_fit = None, -1
        for t in options:
            if not self._words_match(t.words[1:], near):
                continue
            if t.conditions and not self._conditions_hold(t, tok, date):
                continue
            if len(t.words) > 1 or t.conditions:
                return t  # most specific first (lexicon order)
            fit = self.recipient_fit(t, tok)
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
            # "denied aid" names a thing; "denied supplying drones" a clause (a denial, not a blockade)
            return any(w in near and VERB_MARK + w not in near for w in lexicon.word_class(word[1:]))
        return word in near

    def recipient_fit(self, t: Trigger, tok) -> int:
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
                if not self.recipient_fit(t, tok):
                    return False
            elif cond == "notacl":
                if tok.dep_ in ("acl", "amod"):
                    return False  # "hostages held in Gaza" describes, it does not report
            elif cond in ("patient=agent", "patient=thing"):
                patient = self.args.patient(tok)
                # a number counts people ("the 21 were freed")
                agent = patient is not None and (self.args.is_agent(patient) or patient.like_num)
                if patient is None or agent != (cond == "patient=agent"):
                    return False
            elif cond in ("alone", "notalone"):
                subj, _ = self.args.subject(tok)
                together = bool(self.recipient_fit(t, tok)) or (subj is not None and child(subj, "conj") is not None)
                if together == (cond == "alone"):
                    return False  # "spoke on the Senate floor": to no one
            elif cond == "participle":
                if tok.tag_ != "VBN" or child(tok, "aux", "auxpass", "nsubj", "nsubjpass") is not None:
                    return False  # "Asked to comment, the army said": the reporter's question
            elif cond == "ccomp":
                clause = child(tok, "ccomp")
                if clause is None or child(clause, "nsubj", "nsubjpass", "expl", "mark") is None:
                    return False  # "agreed that this is right" is an opinion; "agreed to resign" is not
            elif cond == "complement":
                obj = child(tok, "dobj")
                if child(tok, "oprd") is None and not (obj is not None and child(obj, "oprd", "appos") is not None):
                    return False  # "called the indictment a political trial": naming
            elif cond.startswith("obj!="):
                unwanted = _named_sectors(cond, groups)
                if any(self.args.sector_of(o, date) in unwanted for o in _objects(tok)):
                    return False
            elif cond.startswith("obj="):
                wanted = _named_sectors(cond, groups)
                if not any(self.args.sector_of(o, date) in wanted or self.args.code_of(o, date) in wanted
                           for o in _objects(tok)):
                    return False
            elif cond.startswith("subj"):
                negate = cond.startswith("subj!=")
                wanted = _named_sectors(cond, groups)
                subj, _ = self.args.subject(tok)
                sector = self.args.sector_of(subj, date)
                if (sector in wanted) == negate:
                    return False
        return True

    def noun_trigger(self, tok, sector: str | None = None) -> Trigger | None:
        if tok.tag_ == "VBG":  # a gerund subject: "Shelling" is the noun "shelling", not "shell"
            options = self.nouns.get(tok.lower_)
        else:
            options = self.nouns.get(tok.lemma_.lower()) or self.nouns.get(tok.lower_)
        if not options:
            return None
        governor = self.governor(tok)
        mods = None
        groups = self.g["sector_groups"]
        for t in options:
            if t.conditions:
                wanted = set().union(*(_named_sectors(cond, groups) for cond in t.conditions))
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

    def governor(self, tok) -> str | None:
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
        if prt is not None and f"{lemma} {prt.lower_}" in MULTIWORD_GOVERNORS:
            return f"{lemma} {prt.lower_}"
        return lemma

