"""Toponym recognition: spaCy's place entities plus the gazetteer's names spaCy misses.

spaCy's small English model tags most countries and cities GPE/LOC, but
misses or mislabels names it has not seen ("Jabalya" as NORP, "Deir
al-Balah" as PERSON). The gazetteer catches those, with guards against
flooding the output with towns named like common words: a name spaCy did not
tag as a place is taken only with evidence (several capitalised words, a
locative preposition before it, a place-kind word such as "refugee camp"
after it, or a "town, state" pattern).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from .gazetteer import Entry, Gazetteer, Match
from .names import name_key, rules

HERE = Path(__file__).parent
MAX_WORDS = 6
CONNECTORS = {"al", "el", "ad", "as", "an", "ar", "az", "at", "ash", "ed", "es", "en", "de", "del", "la", "le",
              "of", "on", "upon", "du", "des", "da", "do", "dos", "das", "-", "y", "sur", "am", "im", "bin", "bint",
              "'", "’", "and", "&", "the"}


@lru_cache(maxsize=1)
def knowledge() -> dict:
    with open(HERE / "context.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    for key in ("place_labels", "doubtful_labels", "locative_prepositions", "strong_prepositions"):
        data[key] = set(data[key])
    data["not_places"] = {name_key(w) for w in data["not_places"]}
    return data


@dataclass
class Toponym:
    """A place name found in one sentence, with its candidates (before disambiguation)."""

    sentence_index: int
    start: int  # offsets into the sentence text
    end: int
    text: str
    source: str  # "ner:GPE", "ner:NORP+camp", "gazetteer", ...
    matches: list[Match]
    token_start: int = 0  # token indices in the sentence's spaCy doc
    token_end: int = 0
    container: "Toponym | Entry | None" = None  # the place after a comma: "Paris, Texas"
    chosen: Match | None = None
    confidence: float = 0.0
    alternatives: list[Match] = field(default_factory=list)


def _suffix_end(sent, end: int) -> int:
    """Token index after a place-kind word that follows a name ("Jabalya refugee camp")."""
    words = rules()["suffix_words"]
    for suffix in words:
        n = len(suffix.split())
        tokens = sent.doc[end : end + n]
        if end + n <= sent.end and tokens.text.casefold() == suffix and suffix not in ("county", "parish", "district"):
            return end + n
    return end


def _preposition_before(sent, start: int) -> str | None:
    """The preposition that governs a name starting at token ``start`` ("in northern Gaza")."""
    i = start - 1
    while i >= sent.start and (sent.doc[i].lower_ in ("the", "a") or sent.doc[i].lower_ in rules()["directions"]):
        i -= 1
    if i >= sent.start and sent.doc[i].pos_ in ("ADP", "SCONJ"):
        return sent.doc[i].lower_
    return None


def _strip_span(span):
    """Drop a leading article and a trailing possessive from an entity span."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and span.doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    return span.doc[start:end]


def _capitalised(tok) -> bool:
    return tok.is_alpha and (tok.is_title or (tok.is_upper and len(tok) > 1)) or (
        "-" in tok.text and tok.text[:1].isupper()
    )


class Recogniser:
    """Finds toponyms in parsed sentences; one per process, it holds the gazetteer."""

    def __init__(self, gazetteer: Gazetteer, use_ner: bool = True, use_gazetteer: bool = True) -> None:
        self.gaz = gazetteer
        self.use_ner = use_ner
        self.use_gazetteer = use_gazetteer
        self.k = knowledge()

    def _plausible(self, matches: list[Match], text: str) -> bool:
        return bool(matches) and name_key(text) not in self.k["not_places"]

    def in_sentence(self, sent, sentence_index: int) -> list[Toponym]:
        """Toponyms of one spaCy sentence span, in order, without overlaps."""
        found: list[Toponym] = []
        taken: set[int] = set()
        ents = {t.i: ent for ent in sent.ents for t in ent}
        base = sent.start_char

        def add(span, source: str, matches: list[Match]) -> None:
            found.append(Toponym(sentence_index, span.start_char - base, span.end_char - base, span.text, source,
                                 matches, span.start - sent.start, span.end - sent.start))
            taken.update(range(span.start, span.end))

        if self.use_ner:
            for ent in sent.ents:
                span = _strip_span(ent)
                if not len(span):
                    continue
                label = ent.label_
                end = _suffix_end(sent, span.end)
                extended = sent.doc[span.start : end]
                if label in self.k["place_labels"]:
                    matches = self.gaz.lookup(extended.text)
                    if self._plausible(matches, span.text):
                        add(extended, f"ner:{label}", matches)
                elif label in self.k["doubtful_labels"]:
                    prep = _preposition_before(sent, span.start)
                    with_kind = end > span.end
                    if not (with_kind or prep in self.k["strong_prepositions"]):
                        continue
                    matches = [m for m in self.gaz.lookup(extended.text, loose=False) if m.entry.feature != "country"
                               or label != "NORP"]
                    if self._plausible(matches, span.text):
                        add(extended, f"ner:{label}", matches)
        if self.use_gazetteer:
            self._scan(sent, ents, taken, add)
        found.sort(key=lambda t: t.start)
        self._link_containers(sent, found)
        return found

    def _scan(self, sent, ents, taken: set[int], add) -> None:
        """Capitalised word sequences the gazetteer knows, outside the entities already taken."""
        doc = sent.doc
        i = sent.start
        while i < sent.end:
            tok = doc[i]
            if i in taken or not _capitalised(tok):
                i += 1
                continue
            hit = None
            for j in range(min(i + MAX_WORDS, sent.end), i, -1):
                last = doc[j - 1]
                if any(k in taken for k in range(i, j)) or not (_capitalised(last) or last.lower_ in ("camp",)):
                    continue
                if any(not (_capitalised(t) or t.lower_ in CONNECTORS or t.lower_ in ("refugee", "camp"))
                       for t in doc[i:j]):
                    continue
                span = doc[i:j]
                matches = self.gaz.lookup(span.text, loose=False)
                if matches:
                    hit = (span, matches)
                    break
            if hit is None:
                i += 1
                continue
            span, matches = hit
            if self._accept(sent, span, matches, ents):
                add(span, "gazetteer", matches)
                i = span.end
            else:
                i += 1

    def _accept(self, sent, span, matches: list[Match], ents) -> bool:
        if not self._plausible(matches, span.text):
            return False
        labels = {ents[t.i].label_ for t in span if t.i in ents}
        strong = _preposition_before(sent, span.start) in self.k["strong_prepositions"]
        if "PERSON" in labels and not strong:
            return False
        if sum(1 for t in span if _capitalised(t)) >= 2:
            return True
        if span[0].is_stop or span[0].i == sent.start or labels - {"GPE", "LOC", "FAC"}:
            return self._followed_by_container(sent, span)
        if strong and (max(m.entry.population for m in matches) >= 1000
                       or any(m.entry.feature != "city" for m in matches)):
            return True
        return self._followed_by_container(sent, span)

    def _followed_by_container(self, sent, span) -> bool:
        end = span.end
        if end + 1 < sent.end and sent.doc[end].text == ",":
            nxt = sent.doc[end + 1 : min(end + 4, sent.end)]
            for k in range(len(nxt), 0, -1):
                text = nxt[:k].text
                if self.gaz.state_for_abbreviation(text) is not None:
                    return True
                if any(m.entry.feature in ("admin1", "country") and m.quality == 0 for m in self.gaz.lookup(text, loose=False)):
                    return True
        return False

    def _link_containers(self, sent, found: list[Toponym]) -> None:
        """"Paris, Texas", "Pandi, Bulacan", "Paris, Tenn.": the second names where the first is."""
        for a, b in zip(found, found[1:]):
            between = sent.doc[sent.start + a.token_end : sent.start + b.token_start].text.strip()
            if between == ",":
                a.container = b
        for top in found:
            if top.container is not None:
                continue
            end = sent.start + top.token_end
            if end + 1 < sent.end and sent.doc[end].text == ",":
                for k in (3, 2, 1):
                    if end + 1 + k <= sent.end:
                        state = self.gaz.state_for_abbreviation(sent.doc[end + 1 : end + 1 + k].text)
                        if state is not None:
                            top.container = state
                            break


__all__ = ["Recogniser", "Toponym", "knowledge"]
