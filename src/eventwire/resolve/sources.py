"""According to whom: the source of every reported claim in a sentence.

An ``Attribution`` says who gives the claims in part of a sentence (its
``scope``, character offsets into the sentence): "according to X" and
"citing X" cover the dash- or bracket-delimited aside they sit in, else the
whole sentence; a reporting verb ("X said", "X told CNN") covers its own
clause, or the whole sentence when it is the main verb ("..., officials
said"). An event or a figure takes the innermost attribution that covers it.
The cue words live in ``sources.yaml``, the reporting verbs in
``analyze/words.yaml`` (``source_verbs``), beside the coder's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..analyze.words import source_verbs
from ..clean.outlets import is_outlet_name
from ..rules import read_rules

HERE = Path(__file__).parent
NAMED_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC"}


@dataclass(frozen=True)
class SourceCues:
    reporting_verbs: frozenset[str]
    according: tuple[tuple[str, ...], ...]
    citing: frozenset[str]
    document_heads: frozenset[str]
    document_links: frozenset[str]
    anonymous_heads: frozenset[str]
    anonymous_phrases: tuple[str, ...]
    outlet_verbs: frozenset[str]
    outlet_links: frozenset[str]
    outlets: frozenset[str]
    outlet_words: frozenset[str]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]


@lru_cache(maxsize=1)
def cues() -> SourceCues:
    d = read_rules(HERE / "sources.yaml")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in d[key])

    return SourceCues(
        reporting_verbs=source_verbs(),
        according=tuple(tuple(str(p).lower().split()) for p in d["according_cues"]),
        citing=words("citing_cues"),
        document_heads=words("document_heads"),
        document_links=words("document_links"),
        anonymous_heads=words("anonymous_heads"),
        anonymous_phrases=tuple(str(p).lower() for p in d["anonymous_phrases"]),
        outlet_verbs=words("outlet_verbs"),
        outlet_links=words("outlet_links"),
        outlets=frozenset(_norm(str(o)) for o in d["outlets"]),
        outlet_words=words("outlet_words"),
        person_pronouns=words("person_pronouns"),
        group_pronouns=words("group_pronouns"),
    )


def _norm(text: str) -> str:
    return " ".join(re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE).lower().split())


@dataclass
class Attribution:
    """Who gives the claims of ``scope`` (offsets into the sentence)."""

    source: str
    anonymous: bool
    outlet: str | None
    cue: str
    source_span: tuple[int, int]
    scope: tuple[int, int]
    cue_token: int  # doc index of the cue word, so an event is never its own source


@dataclass
class SourceMemory:
    """The last named sources of an article, for "he said" / "they said"."""

    person: str | None = None
    group: str | None = None
    seen: list[str] = field(default_factory=list)

    def remember(self, source: str, tokens: list) -> None:
        if any(t.ent_type_ == "PERSON" for t in tokens):
            self.person = source
        else:
            self.group = source
        self.seen.append(source)


# --- phrases -------------------------------------------------------------------------------
def _comma_between(a, b) -> bool:
    lo, hi = sorted((a.i, b.i))
    return any(t.text in (",", "–", "—", "(") for t in a.doc[lo:hi])


def phrase_tokens(head) -> list:
    """The noun phrase of ``head`` without relative clauses and comma-set appositions."""
    dropped: set[int] = set()
    for tok in head.subtree:
        if tok.i == head.i or tok.i in dropped:
            continue
        if tok.dep_ == "relcl" or (tok.dep_ == "acl" and tok.head.i == head.i) or \
                (tok.dep_ == "appos" and _comma_between(tok.head, tok)):
            dropped.update(t.i for t in tok.subtree)
    kept = [t for t in head.subtree if t.i not in dropped]
    first_drop_after = min((i for i in dropped if i > head.i), default=None)
    if first_drop_after is not None:
        kept = [t for t in kept if t.i < first_drop_after]
    while kept and (kept[-1].is_punct or kept[-1].dep_ in ("cc", "case") and kept[-1].i > head.i):
        kept.pop()
    while kept and kept[0].is_punct:
        kept.pop(0)
    return kept


def _text(tokens: list) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def is_anonymous(tokens: list, head=None) -> bool:
    """Unnamed people ("a senior Israeli official", "two sources familiar with the talks", "witnesses")."""
    c = cues()
    if not tokens:
        return False
    if any(t.ent_type_ == "PERSON" for t in tokens):
        return False
    text = " ".join(t.lower_ for t in (list(head.subtree) if head is not None else tokens))
    if any(p in text for p in c.anonymous_phrases):
        return True
    head = head if head is not None else tokens[-1]
    compound = " ".join(t.lower_ for t in tokens if t.dep_ == "compound" and t.head.i == head.i)
    lemma = head.lemma_.lower()
    return lemma in c.anonymous_heads or f"{compound} {lemma}".strip() in c.anonymous_heads or \
        head.lower_ in c.anonymous_heads


def outlet_of(tok) -> str | None:
    """The outlet named by ``tok``'s phrase ("CNN", "the BBC", "the Daily Star"), if it is one."""
    c = cues()
    tokens = [t for t in tok.subtree if t.dep_ in ("compound", "det", "amod", "nmod", "poss") or t.i == tok.i]
    tokens = [t for t in tokens if tok.i - 4 <= t.i <= tok.i]
    text = _text(tokens)
    if _norm(text) in c.outlets or is_outlet_name(text):  # also every outlet of clean/outlets.tsv
        return re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    if tok.ent_type_ == "ORG" and tok.lower_ in c.outlet_words:
        return re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    return None


def _outlet_near(verb) -> str | None:
    """"told CNN", "confirmed ... to CNN", "spoke to Reuters", "in an interview with the BBC"."""
    c = cues()
    heads = [verb] + [ch for ch in verb.children if ch.dep_ == "dobj"]  # "confirmed the pause to Reuters"
    for child in (ch for h in heads for ch in h.children):
        if child.dep_ in ("dative", "dobj") and verb.lemma_.lower() in c.outlet_verbs:
            if (o := outlet_of(child)) is not None:
                return o
        if child.dep_ in ("prep", "dative") and child.lower_ in c.outlet_links | {"in"}:
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                if (o := outlet_of(pobj)) is not None:
                    return o
                for prep in (g for g in pobj.children if g.dep_ == "prep" and g.lower_ in c.outlet_links):
                    for inner in (g for g in prep.children if g.dep_ == "pobj"):
                        if (o := outlet_of(inner)) is not None:
                            return o
    return None


def _document_source(head):
    """"a statement from Netanyahu's office": the office, not the statement."""
    c = cues()
    if head.lemma_.lower() not in c.document_heads:
        return head
    for prep in (ch for ch in head.children if ch.dep_ in ("prep", "agent") and ch.lower_ in c.document_links):
        pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if pobj is not None:
            return _document_source(pobj)
    owners = [ch for ch in head.children if ch.i < head.i and (ch.dep_ == "poss" or
              ch.dep_ == "compound" and (ch.pos_ == "PROPN" or ch.ent_type_ in NAMED_LABELS))]
    if owners:  # "Health Ministry figures", "the ministry's statement"
        return owners[-1]
    for acl in (ch for ch in head.children if ch.dep_ == "acl"):  # "figures released by the ministry"
        for agent in (g for g in acl.children if g.dep_ == "agent"):
            pobj = next((g for g in agent.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return _document_source(pobj)
    return head


def _can_be_a_source(tok) -> bool:
    """Named bodies and people, unnamed people ("two security sources") and documents ("figures")."""
    c = cues()
    lemma = tok.lemma_.lower()
    return tok.ent_type_ in NAMED_LABELS or tok.pos_ == "PROPN" or lemma in c.anonymous_heads \
        or lemma in c.document_heads or any(t.ent_type_ in NAMED_LABELS for t in tok.children if t.dep_ == "compound")


# --- scopes --------------------------------------------------------------------------------
def _aside(text: str, at: int) -> tuple[int, int] | None:
    """The dash- or bracket-delimited aside around offset ``at``, if any."""
    pairs = [("(", ")")] + [(d, d) for d in ("–", "—", " - ")]
    for opener, closer in pairs:
        left = text.rfind(opener, 0, at)
        if left < 0:
            continue
        right = text.find(closer, at)
        if right < 0:
            continue
        if opener == closer and text.count(opener, 0, left) % 2:
            continue  # the dash before us closes an earlier aside
        return left, right + len(closer)
    return None


def _subtree_range(tok, base: int) -> tuple[int, int]:
    tokens = list(tok.subtree)
    return tokens[0].idx - base, tokens[-1].idx + len(tokens[-1]) - base


def _subject(verb):
    """The subject of a reporting verb, inheriting it from governing verbs ("countered by stating")."""
    node = verb
    for _ in range(4):
        subj = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and not (subj.dep_ == "nsubjpass" and node.i == verb.i):
            return subj
        agent = next((c for c in node.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((g for g in agent.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
        if node.dep_ in ("xcomp", "conj", "advcl", "pcomp", "prep") and node.head.i != node.i:
            node = node.head
            continue
        break
    return None


# --- finding attributions ------------------------------------------------------------------
def find_attributions(span, memory: SourceMemory | None = None) -> list[Attribution]:
    """Every attribution in one sentence (a spaCy Span)."""
    c = cues()
    base = span.start_char
    text = span.text
    whole = (0, len(text))
    found: list[Attribution] = []
    tokens = list(span)
    for k, tok in enumerate(tokens):
        low = tok.lower_
        obj, cue = None, None
        for phrase in c.according:
            if low == phrase[0] and [t.lower_ for t in tokens[k : k + len(phrase)]] == list(phrase):
                last = tokens[k + len(phrase) - 1]
                obj = next((g for g in last.children if g.dep_ == "pobj"), None)
                cue = " ".join(phrase)
        if cue is None and tok.lemma_.lower() in c.citing and tok.pos_ == "VERB":
            obj = next((g for g in tok.children if g.dep_ == "dobj"), None)
            cue = tok.lower_
            if obj is not None and not _can_be_a_source(obj):
                obj = None  # "citing the government's crackdown" gives a reason, not a source
        if obj is not None:
            head = _document_source(obj)
            at = tok.idx - base
            scope = _aside(text, at) or whole
            found.append(_make(head, cue, scope, tok.i, base, memory))
            continue
        if tok.pos_ == "VERB" and tok.lemma_.lower() in c.reporting_verbs:
            subj = _subject(tok)
            if subj is None:
                continue
            if tok.dep_ in ("ROOT", "parataxis") or (tok.dep_ == "ccomp" and tok.i > tok.head.i):
                scope = whole
            else:
                scope = _subtree_range(tok, base)
            attribution = _make(_document_source(subj), tok.lower_, scope, tok.i, base, memory, verb=tok)
            if attribution is not None:
                found.append(attribution)
    found = [a for a in found if a is not None]
    outlets = [a.outlet for a in found if a.outlet and _norm(a.source) == _norm(a.outlet)]
    for a in found:  # "Reuters reported, citing two security sources": the sources spoke to Reuters
        if a.anonymous and a.outlet is None and outlets:
            a.outlet = outlets[0]
    return found


def _make(head, cue: str, scope, cue_token: int, base: int, memory: SourceMemory | None, verb=None) \
        -> Attribution | None:
    c = cues()
    if head.pos_ == "PRON":
        low = head.lower_
        name = None
        if memory is not None:
            name = memory.person if low in c.person_pronouns else memory.group if low in c.group_pronouns else None
        if name is None:
            return None
        return Attribution(name, False, _outlet_near(verb) if verb is not None else None, cue,
                           (head.idx - base, head.idx - base + len(head)), scope, cue_token)
    tokens = phrase_tokens(head)
    if not tokens:
        return None
    source = _text(tokens)
    outlet = outlet_of(head)
    if verb is not None and outlet is None:
        outlet = _outlet_near(verb)
    if outlet is None:
        for rel in (t for t in head.subtree if t.dep_ in ("relcl", "acl") and t.i != head.i):
            outlet = _outlet_near(rel)  # "a source ..., who spoke to CNN,"
            if outlet:
                break
    anonymous = is_anonymous(tokens, head)
    if memory is not None and not anonymous:
        memory.remember(source, tokens)
    start = tokens[0].idx - base
    return Attribution(source, anonymous, outlet, cue, (start, tokens[-1].idx + len(tokens[-1]) - base), scope,
                       cue_token)


def attribution_at(attributions: list[Attribution], start: int, end: int | None = None,
                   exclude_token: int | None = None) -> Attribution | None:
    """The innermost attribution covering [start, end) that is not the claim's own word or source."""
    end = start if end is None else end
    covering = [
        a for a in attributions
        if a.scope[0] <= start and end <= a.scope[1] and a.cue_token != exclude_token
        and not (a.source_span[0] <= start < a.source_span[1])
    ]
    if not covering:
        return None
    return min(covering, key=lambda a: (a.scope[1] - a.scope[0], abs(a.source_span[0] - start)))
