"""Who did it and to whom: actors and recipients from a dependency parse.

Subjects give actors (the agent of a passive; the object of "urged X to ..."
for the urged act), objects and prepositional objects give recipients,
coordination gives several, pronouns and definite descriptions ("the group")
go to the last compatible actor of the text. Everything is resolved through
the actor knowledge base; what it does not know is kept with its text.
"""

from __future__ import annotations

from dataclasses import replace

from ..actors import ActorResolver, norm
from ..analyze.words import reported_speech_verbs, source_verbs
from ..model import Actor, Event
from .lexicon import grammar, nouns

SUBJECT_DEPS = ("nsubj", "csubj")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
QUANTITIES = {"thousands", "hundreds", "dozens", "scores", "tens", "millions", "some", "many", "most", "groups",
              "crowds", "number", "group", "hundred", "thousand", "dozen", "majority", "all", "several", "members", "none",
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
    while hi > lo and (doc[hi].is_punct or doc[hi].dep_ == "case"):
        hi -= 1  # "Carter's" as an owner is Carter
    return doc[lo : hi + 1]


def conjuncts(tok) -> list:
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON"):
            out.extend(conjuncts(child))
    return out


def headline_passive(tok) -> bool:
    """A participle used as a passive without its auxiliary, as headlines do ("Curfew Imposed in Capital"),
    or as the second of two passives sharing one ("one was killed and two others injured")."""
    if tok.tag_ != "VBN" or child(tok, "nsubj") is None:
        return False
    if any(c.dep_ in ("aux", "auxpass", "dobj") for c in tok.children):
        return False
    if tok.dep_ == "conj":
        return tok.head.tag_ == "VBN" and child(tok.head, "auxpass") is not None
    return tok.dep_ == "ROOT" and headline(tok)


#: set on the parse of an article's title (``analyze``), which is parsed with a full stop added
TITLE_MARK = "is_title"


def headline(tok) -> bool:
    """Whether a token is in a headline: the article's title, or a line without a final stop
    ("Curfew Imposed in Capital")."""
    if tok.doc.user_data.get(TITLE_MARK):
        return True
    last = tok.sent[-1] if hasattr(tok, "sent") else tok.doc[-1]
    return last.text not in (".", "!", "?", '"', "”", "’", "'")  # headlines have no final stop


def expletive(pron) -> bool:
    """'It' that refers to nothing: "it is my joy to welcome you", "it takes two-thirds to override"."""
    if pron.lower_ != "it" or pron.dep_ not in ("nsubj", "expl"):
        return pron.dep_ == "expl"
    verb = pron.head
    return any(c.dep_ in ("xcomp", "ccomp", "csubj") and c.i > pron.i for c in verb.children) and \
        verb.lemma_.lower() in ("be", "take", "seem", "appear", "remain", "make", "become", "mean")


def shared_object(verb):
    """The direct object a verb shares with the later verbs it is coordinated with
    ("pushing, kicking and slapping the soldiers"), if it has none of its own."""
    if verb.pos_ != "VERB":
        return None
    first = verb
    while first.dep_ == "conj" and first.head.pos_ == "VERB" and first.head.i != first.i:
        first = first.head
    group = [first]
    stack = [first]
    while stack:
        node = stack.pop()
        for c in node.children:
            if c.dep_ == "conj" and c.pos_ == "VERB":
                group.append(c)
                stack.append(c)
    for other in sorted(group, key=lambda t: t.i):
        if other.i > verb.i:
            obj = child(other, "dobj")
            if obj is not None:
                return obj
            if child(other, "nsubj", "nsubjpass") is not None:
                return None
    return None


def child(tok, *deps):
    return next((c for c in tok.children if c.dep_ in deps), None)


def pobj_of(prep):
    return next((g for g in prep.children if g.dep_ == "pobj"), None) if prep is not None else None


#: entity labels that name agents, and labels that never do
AGENT_ENTITIES = {"PERSON", "ORG", "NORP", "GPE"}
NOT_AGENT_ENTITIES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "LAW", "WORK_OF_ART",
                      "EVENT", "PRODUCT", "LANGUAGE"}
_DASHES = {"-", "--", "—", "–", "―", "(", ":"}


def dateline(tok) -> bool:
    """A word of a dateline ("CAIRO —", "SEOUL/UNITED NATIONS, Aug 30 (Reuters) -"): the place of
    the reporting at the start of a sentence, in capitals, before a dash or a bracket."""
    sent = tok.sent
    if tok.i - sent.start > 8 or not (tok.text.isupper() and len(tok.text) > 1):
        return False
    for t in sent.doc[tok.i + 1 : min(sent.end, tok.i + 10)]:
        if t.text in _DASHES:
            return all(x.text.isupper() or not x.is_alpha or x.ent_type_ == "DATE" or x.like_num
                       for x in sent.doc[sent.start : t.i])
    return False


class ArgumentFinder:
    """Actor and recipient extraction for one sentence's triggers."""

    def __init__(self, resolver: ActorResolver) -> None:
        self.resolver = resolver
        self.g = grammar()
        #: phrases left out of the last arguments read because they name no agent (for ``explain``)
        self.not_agents: list[str] = []
        self.anaphors = set().union(*self.g["anaphors"].values())
        self.last_speaker: Actor | None = None
        self.event_nouns = frozenset(nouns())
        self.abstract = self.g["object_classes"]["abstract"] | self.g["object_classes"]["legislation"] \
            | self.g["object_classes"]["agreement"] | self.g["object_classes"]["weapons"]
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
        self.last_speaker = None

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
        """Keep a sentence's agents for pronouns and "the group" in later sentences (the last 20).

        The named people, organisations and states come in text order (a person the knowledge
        base does not know is kept with their name), then the events' recipients, then their
        actors: the last one kept is the likeliest antecedent (the subject of the last sentence).
        """
        named: dict[str, Actor] = {}
        for ent in span.ents:
            if ent.label_ not in ("GPE", "ORG", "PERSON", "NORP") or dateline(ent.root):
                continue
            actor = self.resolve(ent.text, date)
            if actor.resolved:
                actor.role = actor.role or ("person" if ent.label_ == "PERSON" else None)
            elif (ent.label_ == "PERSON" and len(ent) > 1) or ent.label_ == "ORG":
                actor.name = ent.text  # "Evan Mawarire", unknown to the knowledge base, is still someone
                actor.role = "person" if ent.label_ == "PERSON" else None
            else:
                continue
            named[ent.text] = actor
        first = self.g["pronouns"]["first"]

        def known(a: Actor) -> Actor | None:
            """The participant as remembered: a named one with its name, else one the text describes."""
            for text, actor in named.items():
                if text in a.text:
                    return actor
            if (a.resolved or a.sector or a.name) and a.text.lower() not in first:
                return a
            return None

        recipients = [known(a) for ev in events for a in ev.recipient]
        actors = [known(a) for ev in events for a in ev.actor]
        taking_part = {id(a) for a in recipients + actors if a is not None}
        context.extend(a for a in named.values() if id(a) not in taking_part)
        context.extend(a for a in recipients if a is not None)
        context.extend(a for a in actors if a is not None)
        del context[:-20]

    # --- noun phrases to actors ---------------------------------------------------------
    def actors_of(self, tok, date, context, role: str) -> list[Actor]:
        """The agents a noun phrase names (with its coordinated phrases).

        Actors and recipients are agents: people, organisations, states, groups,
        sectors. A phrase that names a thing ("the bill", "the accusations",
        "Carter's assessment") gives the agent that owns it, if it names one
        ("Carter"), else nothing; datelines, dates and numbers give nothing.
        What was left out is kept in ``not_agents`` for ``explain``.
        """
        out: list[Actor] = []
        for head in conjuncts(tok):
            head = self._quantity_head(head)
            if head.lower_ in RELATIVE and head.head.dep_ == "relcl":
                head = head.head.head  # "the army, which shelled ..." -> the army
            span = self.span(head)
            text = span.text
            low = text.lower()
            if head.pos_ == "PRON" and head.lower_ in self.g["pronouns"]["first"]:
                # "we reiterate our calls," the editor said: the speaker
                speaker = self.speaker(head, date, context)
                if speaker is not None:
                    out.append(Actor(text=text, code=speaker.code, sector=speaker.sector,
                                     name=speaker.name or (None if speaker.resolved else speaker.text),
                                     wikidata=speaker.wikidata, resolved=speaker.resolved, role=speaker.role,
                                     start=span.start_char, end=span.end_char))
                else:
                    out.append(Actor(text=text, resolved=False, start=span.start_char, end=span.end_char))
                continue
            pronouns = self.g["pronouns"]
            referring = head.pos_ == "PRON" and (head.lower_ in pronouns["person"] or head.lower_ in pronouns["group"]) \
                and not expletive(head)
            if referring or low in self.anaphors:
                actor = self._same_sentence_antecedent(head, date, context) if head.pos_ == "PRON" else None
                if actor is None and not (head.lower_ == "it" and head.dep_ != "poss"):
                    # a bare "it" in a later sentence is mostly a thing ("it seemed to be occupied");
                    # "its", "they", "he" and "the group" look back
                    actor = self.coref(head.lower_, low, context, exclude=self._clause_subject(head, date, context))
                if actor is not None:
                    out.append(Actor(text=text, code=actor.code, sector=actor.sector, name=actor.name or (
                                     None if actor.resolved else actor.text), wikidata=actor.wikidata,
                                     resolved=actor.resolved, role=actor.role,
                                     start=span.start_char, end=span.end_char))
                    continue
                if head.pos_ == "PRON":
                    if head.lower_ in self.g["pronouns"]["agents"] and head.dep_ != "expl":
                        # kept with its text, unresolved, rather than dropped: "they stormed the building"
                        out.append(Actor(text=text, resolved=False, start=head.idx, end=head.idx + len(head)))
                    else:
                        self.not_agents.append(text)
                    continue
            if not self.is_agent(head):
                owners = self._owners(head, date, context, role)
                if owners:
                    out.extend(owners)  # "criticised Carter's assessment": Carter
                else:
                    self.not_agents.append(text)
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
            out.append(actor)  # unresolved agents are kept with their text, never dropped
        return out

    def speaker(self, pron, date, context) -> Actor | None:
        """Who says a first-person pronoun: the subject of the reporting verb above it or beside
        it in the sentence ("'We will respond,' the minister said"), else the text's last speaker."""
        reporting = reported_speech_verbs() | source_verbs()
        first = self.g["pronouns"]["first"]
        sent = pron.sent
        verbs = [t for t in sent if t.lemma_.lower() in reporting and t.i != pron.i]
        above = {t.i for t in pron.ancestors}
        verbs.sort(key=lambda t: (t.i not in above, -t.i if t.i < pron.i else t.i))
        for verb in verbs:
            subj = child(verb, "nsubj")
            if subj is None or subj.lower_ in first or pron.i in {t.i for t in subj.subtree}:
                continue
            found = self.actors_of(subj, date, context, "actor")
            if found:
                self.last_speaker = found[0]
                return found[0]
        return self.last_speaker

    def is_agent(self, head) -> bool:
        """Whether a noun phrase's head names an agent: a person, organisation, state, group or sector."""
        low, lemma = head.lower_, head.lemma_.lower()
        if low in self.g["crowd_words"] and not any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
            return True  # "thousands rallied": people
        if head.like_num or head.pos_ == "NUM" or head.ent_type_ in NOT_AGENT_ENTITIES or dateline(head):
            return False
        if head.pos_ == "PRON":
            return low in self.g["pronouns"]["agents"]
        span = self.span(head)
        offset = head.idx - span.start_char
        if any(start <= offset < end for start, end in self.resolver.name_spans(span.text)):
            return True  # a name the knowledge base knows ("the World Food Programme")
        if lemma in self.g["not_agent_nouns"]:
            return False
        if head.ent_type_ in AGENT_ENTITIES or head.pos_ == "PROPN" or head.text[:1].isupper() and head.i > head.sent.start:
            return True
        if low in self.g["agent_nouns"] or lemma in self.g["agent_nouns"]:
            return True
        if lemma in self.event_nouns or low in self.event_nouns:
            return False  # an event is no agent: "condemned Israel's strikes" is aimed at Israel
        if self.resolver.is_known(low) or self.resolver.is_known(lemma) or self.resolver.is_known(head.text):
            return True
        if lemma.endswith(tuple(self.g["person_suffixes"])) and not lemma.endswith(tuple(self.g["thing_suffixes"])):
            return True  # "lecturers", "pastoralists", "herdsmen", "partisans"
        # a subject the lists do not know is taken as someone unless it names a thing ("the legislation"),
        # and so is whom one kills, lynches or abducts ("killed a suspected criminal")
        verbs = [head.head, *(c for c in head.head.children if c.dep_ == "conj")]  # "was shot and killed"
        acted_on = head.dep_ in ("dobj", "nsubjpass") and any(v.lemma_.lower() in self.g["person_object_verbs"]
                                                                for v in verbs)
        return (head.dep_ in ("nsubj", "agent") or acted_on) and lemma not in self.abstract \
            and not lemma.endswith(tuple(self.g["thing_suffixes"]))

    def patient(self, verb):
        """What a verb acts on: its direct object, its passive subject, or the noun it describes
        as a participle ("comments released on Wednesday")."""
        found = child(verb, "dobj", "nsubjpass")
        if found is None and headline_passive(verb):
            found = child(verb, "nsubj")
        if found is None and verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
            found = verb.head
        return self._quantity_head(found) if found is not None else None

    def _owners(self, head, date, context, role) -> list[Actor]:
        """The named agents that own or qualify a thing ("Carter's assessment", "Saudi government objections"),
        or the sides of a meeting ("the summit between the EU and Turkey")."""
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("between", "among") and pobj_of(c) is not None:
                sides = self.actors_of(pobj_of(c), date, context, role)
                if sides:
                    return sides
        for c in head.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < head.i and c.pos_ != "PRON" \
                    and (c.pos_ == "PROPN" or c.ent_type_ in AGENT_ENTITIES or self.resolve(self.span(c).text, date).resolved):
                found = self.actors_of(c, date, context, role)
                if found:
                    return found
        return []

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
                if (actor.resolved or actor.sector) and (actor.role is not None) == person:
                    actor.start, actor.end = pron.idx, pron.idx + len(pron)
                    actor.name = actor.name or (None if actor.resolved else actor.text)
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

    def _clause_subject(self, pron, date, context) -> Actor | None:
        """For an object pronoun, what the subject pronoun of its clause stands for: "he thanked him"
        speaks of two people, so "him" is not the one "he" is."""
        if pron.dep_ not in ("dobj", "dative", "pobj") or pron.pos_ != "PRON":
            return None
        verb = pron.head.head if pron.dep_ == "pobj" else pron.head
        subj = child(verb, "nsubj")
        if subj is None or subj.pos_ != "PRON" or subj.i == pron.i:
            return None
        pronouns = self.g["pronouns"]
        if subj.lower_ not in pronouns["person"] and subj.lower_ not in pronouns["group"]:
            return None
        return self._same_sentence_antecedent(subj, date, context) or self.coref(subj.lower_, subj.lower_, context)

    def coref(self, pronoun: str, phrase: str, context: list[Actor], exclude: Actor | None = None) -> Actor | None:
        """The last earlier agent compatible with a pronoun or a definite description: a person for
        "he" or "the minister", an organisation or state for "it", a group for "the militants"."""
        g = self.g
        if phrase in g["anaphors"]["office"]:
            word = phrase.split()[-1]
            holder = next((a for a in reversed(context) if a.role not in (None, "group", "person")
                           and word in a.role.lower()), None)
            if holder is not None:  # "the minister": the last minister named
                return holder
            return None  # no holder of that office named: "the president" stays as written
        if phrase in g["anaphors"]["person"]:
            def fits(a: Actor) -> bool:
                return a.role not in (None, "group")
        elif phrase in g["anaphors"]["government"]:
            def fits(a: Actor) -> bool:
                return (a.sector in ("GOV", "MIL", "COP", "JUD", "LEG") or (a.sector is None and a.resolved)) \
                    and a.role in (None, "group")
        elif phrase in g["anaphors"]["group"]:
            def fits(a: Actor) -> bool:
                return a.sector in ("REB", "OPP", "PTY", "IGO", "NGO", "UAF", "CRM")
        elif pronoun in g["pronouns"]["person"]:
            def fits(a: Actor) -> bool:
                return a.role not in (None, "group")
        elif pronoun in g["pronouns"]["plural"]:
            def fits(a: Actor) -> bool:
                return a.role in (None, "group")
        else:
            def fits(a: Actor) -> bool:
                return a.role in (None, "group") and (a.resolved or a.name is not None)
        def other(a: Actor) -> bool:
            if a.sector == "MED" and pronoun in g["pronouns"]["group"]:
                return False  # the outlet that reports is seldom what "they" or "it" stands for
            return exclude is None or (a.name or a.text, a.code) != (exclude.name or exclude.text, exclude.code)

        return next((a for a in reversed(context) if fits(a) and other(a)), None)

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
                if node.i != tok.i and came_from == "advcl" and tok.tag_ == "VBG" and child(tok, "dobj") is not None:
                    return passive, None  # "she was filmed slapping soldiers": she slaps ("killed during shelling": not)
                conjs = (c for c in node.children if c.dep_ == "conj")
                agent = next((a for a in (child(n, "agent") for n in (node, tok, *conjs)) if a is not None), None)
                return pobj_of(agent), passive  # "was shot and killed by police": one agent for both
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
            if node.dep_ == "acl" and head.i != node.i and (
                    head.pos_ in ("NOUN", "PROPN") or (head.pos_ == "NUM" and node.tag_ == "VBN")):
                # headline "Egypt to host talks", "a convoy carrying aid": the noun acts;
                # "civilians killed in the strike": the noun is hit
                if node.tag_ == "VBN":  # "concessions made by Morocco": the by-agent acts
                    return pobj_of(child(node, "agent")), head
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
            if node.dep_ == "prep" and head.pos_ == "ADJ" and head.i != node.i:
                came_from, node = "pcomp", head  # "the army was guilty of violating": up to "was"
                continue
            if node.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acomp", "dep") and head.i != node.i:
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
        if "dobj" in trigger.recipients and child(tok, "dobj", "dative") is None:
            shared = shared_object(tok)
            if shared is not None:  # "pushing, kicking and slapping the soldiers"
                found.extend(self.actors_of(shared, date, context, "recipient"))
        for c in tok.children:
            if c.dep_ in ("dobj", "dative") and "dobj" in trigger.recipients:
                found.extend(self.actors_of(c, date, context, "recipient"))
            elif c.dep_ in ("prep", "agent") and c.lower_ in trigger.recipients:
                for pobj in (g for g in c.children if g.dep_ == "pobj"):
                    found.extend(self.actors_of(pobj, date, context, "recipient"))
        if deep and not found:
            # "strikes on targets in Gaza", "accused X of": look one level deeper for a named actor or place
            for c in tok.children:
                if c.dep_ in ("dobj", "dative") or (c.dep_ == "prep" and child(c, "pcomp") is None):
                    for g in c.subtree:
                        locative = g.head.lower_ in ("in", "at", "inside", "across")
                        if locative and (getattr(trigger, "event", "") not in ("ASSAULT", "COERCE") or self.place_name(g)):
                            continue  # "rallied against the tax in Paris", "arrested in Paris": where, not whom
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
            if c.dep_ in ("compound", "nmod") and self.place_name(c):
                return []  # "the Paris attacks": where, not who
            return [a for a in self.actors_of(c, date, context, "actor") if a.resolved or a.code]
        return []

    def place_name(self, tok) -> bool:
        """A town or region named as a noun's modifier ("the Paris attacks", "the Gaza talks"): a place,
        unless the knowledge base knows it as a country, a people or an organisation."""
        if tok.ent_type_ not in ("GPE", "LOC", "FAC"):
            return False
        entry = self.resolver.index.get(norm(self.span(tok).text))
        return entry is None or entry.kind in ("place", "metonym")

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
