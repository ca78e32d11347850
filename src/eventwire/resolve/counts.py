"""How many: figures in a sentence (killed, injured, arrested, hostages, ...).

A figure is a number phrase ("over 37,000", "approximately 128", "dozens",
"1.2 million", "twelve") whose kind comes from the words the parse ties to it
(``counts.yaml``). The qualifier is kept apart from the number, and each
figure carries the source that gives it. Figures are attached to the events
of their clause by the resolve stage, and every figure is also returned at
article level so none is lost when its sentence has no event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..model import Count
from ..rules import read_rules
from .sources import Attribution, attribution_at

HERE = Path(__file__).parent
NOT_COUNT_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"}


@dataclass(frozen=True)
class CountRules:
    outcome: dict[str, frozenset[str]]
    group: dict[str, frozenset[str]]
    plover: dict[str, str]
    size_verbs: frozenset[str]
    qualifiers: list[tuple[str, str]]  # (phrase, canonical), longest phrase first
    vague: dict[str, int | None]
    approximate: dict[str, int]
    number_words: dict[str, int]
    scales: dict[str, int]
    measures: frozenset[str]
    hyphen_measures: frozenset[str]
    fits: dict[str, frozenset[str]]
    outcome_after: list[tuple[str, re.Pattern[str]]]
    number_pattern: re.Pattern[str]
    qualifier_pattern: re.Pattern[str]  # a qualifier phrase at the end of the text before a number


@lru_cache(maxsize=1)
def rules() -> CountRules:
    d = read_rules(HERE / "counts.yaml", (
        "outcome_kinds", "group_kinds", "qualifiers", "vague_quantities", "approximate_words", "number_words",
        "scales", "size_verbs", "measure_words", "fits_events",
    ))

    def kinds(section: str) -> dict[str, frozenset[str]]:
        return {k: frozenset(str(w).lower() for w in v["words"]) for k, v in d[section].items()}

    qualifiers = sorted(((str(p).lower(), q) for q, phrases in d["qualifiers"].items() for p in phrases),
                        key=lambda pq: -len(pq[0]))
    vague = {str(k).lower(): (int(v) if v is not None else None) for k, v in d["vague_quantities"].items()}
    approximate = {str(k).lower(): int(v) for k, v in d["approximate_words"].items()}
    words = {str(k).lower(): int(v) for k, v in d["number_words"].items()}
    scales = {str(k).lower(): int(v) for k, v in d["scales"].items()}

    def alt(items) -> str:
        return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(items, key=len, reverse=True))

    word = f"(?:{alt(list(words) + list(scales))})"
    numeral = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    pattern = re.compile(
        rf"(?<![\w$£€.,/])(?:{alt(vague)}|{alt(approximate)}|"
        rf"(?:{numeral}|{word})(?:(?:\s+|-)(?:and\s+)?{word})*)(?![\w%]|[.,/]\d)",
        re.IGNORECASE,
    )
    return CountRules(
        outcome=kinds("outcome_kinds"),
        group=kinds("group_kinds"),
        plover={k: v["plover"] for sec in ("outcome_kinds", "group_kinds") for k, v in d[sec].items() if "plover" in v},
        size_verbs=frozenset(d["size_verbs"]),
        qualifiers=qualifiers,
        vague=vague,
        approximate=approximate,
        number_words=words,
        scales=scales,
        measures=frozenset(str(w).lower() for w in d["measure_words"]),
        hyphen_measures=frozenset(str(w).lower() for w in d.get("hyphen_measures") or ()),
        fits={k: frozenset(v) for k, v in d["fits_events"].items()},
        outcome_after=[(kind, re.compile(r"^\s*(?:(?!and\b|or\b|but\b)[\w'’-]+\s+){0,5}?(?P<what>" + "|".join(patterns) + ")",
                                          re.IGNORECASE))
                       for kind, patterns in (d.get("outcome_after") or {}).items()],
        number_pattern=pattern,
        qualifier_pattern=re.compile(rf"(?:^|[\s(–—-])({alt(p for p, _ in qualifiers)})\s+$", re.IGNORECASE),
    )


def plover_field(kind: str) -> str | None:
    """PLOVER's size field for a kind ("killed" -> "dead"), where it has one."""
    return rules().plover.get(kind)


@dataclass
class Figure:
    """A count found in one sentence, with what ties it to the parse (for attaching it to events)."""

    count: Count
    start: int  # offsets into the sentence
    end: int
    anchors: set[int] = field(default_factory=set)  # doc indices of the words it hangs on

    def fits(self, event_type: str) -> bool:
        return event_type in rules().fits.get(self.count.kind, frozenset())


# --- numbers --------------------------------------------------------------------------------
def parse_number(text: str) -> tuple[int | None, str | None]:
    """(number, qualifier implied by the phrase) for "37,000", "1.2 million", "twelve", "dozens", "a dozen"."""
    r = rules()
    low = " ".join(text.lower().replace("-", " ").split())
    if low in r.vague:
        return r.vague[low], low
    if low in r.approximate:
        return r.approximate[low], "approximately"
    total, current, seen = 0.0, 0.0, False
    for part in low.split():
        if part == "and":
            continue
        if re.fullmatch(r"[\d,]+(?:\.\d+)?", part):
            current += float(part.replace(",", ""))
            seen = True
        elif part in r.number_words:
            current += r.number_words[part]
            seen = True
        elif part in r.scales:
            scale = r.scales[part]
            if scale < 1000:
                current = (current or 1) * scale
            else:
                total += (current or 1) * scale
                current = 0
            seen = True
        else:
            return None, None
    return (int(round(total + current)), None) if seen else (None, None)


def qualifier_before(text: str, start: int) -> tuple[str | None, int]:
    """The canonical qualifier written right before offset ``start``, and where it begins."""
    r = rules()
    m = r.qualifier_pattern.search(text, max(0, start - 40), start)
    if m is None:
        return None, start
    phrase = " ".join(m.group(1).lower().split())
    return dict(r.qualifiers)[phrase], m.start(1)


# --- kinds ----------------------------------------------------------------------------------
def _of_noun(tok):
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None


def _modifiers(tok) -> list:
    out = []
    for c in tok.children:
        if c.dep_ in ("amod", "acl", "relcl", "compound", "nmod"):
            out.append(c)
            if c.dep_ in ("relcl", "acl"):
                out.extend(g for g in c.children if g.dep_ in ("acomp", "xcomp", "oprd"))
    return out


def context_tokens(head) -> list:
    """Words tied to a number's head token, nearest ties first."""
    noun = head.head if head.dep_ in ("nummod", "quantmod", "amod", "compound") and head.head.i > head.i \
        and head.head.pos_ in ("NOUN", "PROPN") else head
    out = [noun]
    of_noun = _of_noun(noun)
    if of_noun is not None:
        out.append(of_noun)
    for t in list(out):
        out.extend(_modifiers(t))
    node = noun
    if node.dep_ == "conj":  # "killed 12 and wounded 30": the second number's own verb or the first's
        node = node.head
    if node.dep_ == "pobj":
        prep = node.head
        gov = prep.head
        out.append(gov)
        if gov.pos_ in ("NOUN", "PROPN"):  # "the deaths of 1,200 Israelis"
            out.extend(_modifiers(gov))
        elif gov.lemma_.lower() in rules().size_verbs:  # "the toll rose to 37,000", "numbering over 7,000"
            out.extend(_size_of(gov))
    elif node.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "appos", "npadvmod", "oprd"):
        verb = node.head
        out.append(verb)
        out.extend(c for c in verb.children if c.dep_ in ("acomp", "oprd", "xcomp"))
        if verb.lemma_.lower() in rules().size_verbs:
            out.extend(_size_of(verb))
    return out


def _size_of(verb) -> list:
    """What a size verb measures: its subject or the noun it modifies, with their "of" nouns."""
    out = []
    targets = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    if verb.dep_ in ("acl", "relcl") and verb.head.i != verb.i:
        targets.append(verb.head)
    for t in targets:
        out.append(t)
        out.extend(_modifiers(t))
        if (o := _of_noun(t)) is not None:
            out.append(o)
    return out


def kind_of(tokens: list) -> str | None:
    """The first outcome kind among the tokens, else the first group kind; a death outranks
    displacement ("nine refugees were killed" counts the killed, not the displaced)."""
    r = rules()
    for table in (r.outcome, r.group):
        found = [kind for t in tokens for kind, words in table.items() if t.lemma_.lower() in words or t.lower_ in words]
        if found:
            return "killed" if "killed" in found and found[0] == "displaced" else found[0]
    return None


def _outcome_after(span, text: str, end: int) -> str | None:
    for kind, pattern in rules().outcome_after:
        m = pattern.match(text[end:end + 60])
        if m is None:
            continue
        between = _tokens_between(span, end, end + m.start("what"))
        if any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") and t.lemma_ != "be" for t in between):
            continue  # "two policemen were shot dead" counts the dead; "two gunmen killed" does not
        what = _tokens_between(span, end + m.start("what"), end + m.end("what"))
        if what and what[0].pos_ == "VERB" and any(c.dep_ == "dobj" for c in what[0].children):
            continue  # "two gunmen shot dead a shopkeeper": the number counts who killed
        return kind
    return None


_MONTHS = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?|(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH_AFTER = re.compile(rf"^\s*(?:{_MONTHS})(?!\w)")
_MONTH_BEFORE = re.compile(r"(?<!\w)(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|May|"
                           r"June|July|August|September|October|November|December)\s+$")


def _counts_the_doers(noun) -> bool:
    """The counted noun is who acted: the subject of an active verb with an object, or the "by" agent."""
    head = noun.head
    if noun.dep_ == "nsubj" and head.pos_ == "VERB" and any(c.dep_ == "dobj" for c in head.children):
        return True
    return noun.dep_ == "pobj" and head.lower_ == "by" and head.dep_ == "agent" or \
        (noun.dep_ == "pobj" and head.lower_ == "by" and head.head.pos_ == "VERB" and head.head.tag_ == "VBN")


# --- finding figures ---------------------------------------------------------------------------
def _tokens_between(span, start: int, end: int) -> list:
    base = span.start_char
    return [t for t in span if t.idx - base < end and t.idx - base + len(t) > start]


def find_counts(span, attributions: list[Attribution] = (), exclude: list[tuple[int, int]] = ()) -> list[Figure]:
    """Every figure of a sentence (spaCy Span); ``exclude`` are spans already read as dates."""
    r = rules()
    text = span.text
    figures: list[Figure] = []
    for m in r.number_pattern.finditer(text):
        start, end = m.start(), m.end()
        if any(s < end and start < e for s, e in exclude):
            continue
        tokens = _tokens_between(span, start, end)
        if not tokens or any(t.ent_type_ in NOT_COUNT_LABELS for t in tokens):
            continue
        if all(t.lower_ in r.scales for t in tokens) or (tokens[0].lower_ == "one" and tokens[0].tag_ != "CD"):
            continue
        number, implied = parse_number(m.group(0))
        if number is None and implied is None:
            continue
        if _MONTH_AFTER.match(text[end:end + 12]) or _MONTH_BEFORE.search(text[max(0, start - 12):start]):
            continue  # "12 Sep.", "Sept 12": a day of a month the date reader did not take
        head = tokens[-1]
        context = context_tokens(head)
        counted = context[0] if context[0].i != head.i else None
        if counted is not None and (counted.lemma_.lower() in r.measures or counted.lower_ in r.measures):
            continue
        if counted is not None and counted.lemma_.lower() in r.hyphen_measures and text[end:end + 1] == "-":
            continue
        of_noun = _of_noun(context[0])
        if of_noun is not None and of_noun.lemma_.lower() in r.measures:
            continue
        kind = kind_of(context)
        if kind in ("killed", "injured", "abducted", "arrested") and _counts_the_doers(context[0]):
            # "three militants shot dead a driver", "killed by two gunmen": the number counts who did it
            kind = kind_of([context[0], *_modifiers(context[0])])
            kind = kind if kind in r.group else None
        if kind is None or kind in r.group:
            # "11 killed.", "leaves 5 dead", "shoot 1 policeman dead": the words after the number say
            # (not past another verb: in "two gunmen shot dead a man" the number counts the gunmen)
            kind = _outcome_after(span, text, end) or kind
        if kind is None:
            continue
        qualifier, q_start = qualifier_before(text, start)
        qualifier = implied or qualifier
        written = text[q_start:end] if q_start < start else m.group(0)
        if counted is not None and counted.idx - span.start_char >= end:
            written = text[q_start if q_start < start else start : counted.idx - span.start_char + len(counted)]
        source = attribution_at(list(attributions), start, end)
        count = Count(kind=kind, number=number, qualifier=qualifier, text=written,
                      source=source.source if source else None, anonymous=source.anonymous if source else False,
                      outlet=source.outlet if source else None)
        figures.append(Figure(count, start, end, {t.i for t in context}))
    return figures
