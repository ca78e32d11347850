"""Toponym recognition: spaCy's place entities plus the gazetteer's names spaCy misses.

spaCy's small English model tags most countries and cities GPE/LOC, but
misses or mislabels names it has not seen ("Jabalya" as NORP, "Deir
al-Balah" or "Alexandria" as PERSON). The gazetteer catches those, with
guards against flooding the output with towns named like common words: a
name spaCy did not tag as a place is taken only with evidence (several
capitalised words, a locative preposition before it, a place-kind word such
as "refugee camp" after it, a "town, state" pattern, or the same name taken
as a place elsewhere in the article).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ...rules import read_rules
from .gazetteer import Entry, Gazetteer, Match
from .names import name_key, rules, strip_suffix

HERE = Path(__file__).parent
MAX_WORDS = 6
#: lowercase words allowed inside a multiword name ("Deir al-Balah", "Stratford-upon-Avon")
CONNECTORS = {"al", "el", "ad", "as", "an", "ar", "az", "at", "ash", "ed", "es", "en", "de", "del", "la", "le",
              "of", "on", "upon", "du", "des", "da", "do", "dos", "das", "-", "y", "sur", "am", "im", "bin",
              "'", "’", "and", "&", "refugee", "camp", "the", "e", "i", "ye", "wa", "o"}
#: punctuation after a capitalised word at the start of an article that marks a dateline ("BEIRUT (AP) -")
DATELINE_MARKS = {"(", ",", "-", "—", "–", ":"}
#: a multiword name spaCy tagged PERSON is still taken as this place when it is this big
WELL_KNOWN_POPULATION = 20_000
#: a city this big after a comma names the region around it ("Andriivka, Kyiv")
REGION_CAPITAL = 100_000
#: entities that are never the name of a village placed by its context
NOT_NAME_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
#: capitalised words that do not begin or continue a place name
NOT_NAME_WORDS = {"on", "in", "at", "near", "the", "a", "an", "of", "and", "around", "between", "from", "to",
                  "january", "february", "march", "april", "may", "june", "july", "august", "september",
                  "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
                  "saturday", "sunday"}


@lru_cache(maxsize=1)
def knowledge() -> dict:
    data = read_rules(HERE / "context.yaml", ("place_labels", "doubtful_labels", "strong_prepositions", "not_places"))
    for key in ("place_labels", "doubtful_labels", "strong_prepositions"):
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
    source: str  # "ner:GPE", "ner:NORP", "gazetteer", "demonym", "article", "state-abbreviation"
    matches: list[Match]
    token_start: int = 0  # token offsets inside the sentence
    token_end: int = 0
    container: "Toponym | Entry | None" = None  # the place after a comma: "Paris, Texas"
    #: how the container is written: "comma" ("Izium, Kharkiv"), "bracket" ("Kindjandi (Gueskerou,
    #: Diffa)"), "of" ("Yak Lingah of Tarinkot district"), "state" ("Paris, Tenn.")
    container_link: str | None = None
    coordination: tuple[int, int] | None = None  # shared by names in one list: "Washington, Oregon and Idaho"
    chosen: Match | None = None
    confidence: float = 0.0
    alternatives: list[Match] = field(default_factory=list)


def sent_ents(sent) -> dict:
    return {t.i: ent for ent in sent.ents for t in ent}


def _link_word(between: str) -> bool:
    """"of", "in", or a kind word before them ("village of", "area of"): the next name holds this one."""
    words = between.split()
    if not words or words[-1] not in ("of", "in"):
        return False
    return len(words) == 1 or " ".join(words[:-1]) in rules()["suffixes"]


def _capitalised(tok) -> bool:
    text = tok.text
    if not text[:1].isupper():
        return False
    return tok.is_alpha or "-" in text or "." in text or "’" in text or "'" in text


def _strip_span(span):
    """Drop a leading article and a trailing possessive from an entity span."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and span.doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    return span.doc[start:end]


class Recogniser:
    """Finds toponyms in parsed sentences; one per process, it holds the gazetteer.

    ``demonym_country`` maps a nationality word ("Egyptian") to an ISO alpha-2
    code; with it, nationality words become country mentions (source
    "demonym"), which geoparsing corpora count as toponyms but event location
    ignores.
    """

    def __init__(self, gazetteer: Gazetteer, use_ner: bool = True, use_gazetteer: bool = True,
                 demonym_country: Callable[[str], str | None] | None = None) -> None:
        self.gaz = gazetteer
        self.use_ner = use_ner
        self.use_gazetteer = use_gazetteer
        self.demonym_country = demonym_country
        self.k = knowledge()

    # --- helpers ---------------------------------------------------------------------
    def _plausible(self, matches: list[Match], text: str) -> bool:
        return bool(matches) and name_key(text) not in self.k["not_places"]

    def _preposition_before(self, sent, start: int) -> str | None:
        """The preposition that governs a name starting at token ``start`` ("in northern Gaza")."""
        doc, i = sent.doc, start - 1
        while i >= sent.start and (doc[i].lower_ in ("the", "a") or doc[i].lower_ in rules()["directions"]):
            i -= 1
        if i >= sent.start and doc[i].pos_ in ("ADP", "SCONJ") or i >= sent.start and doc[i].lower_ == "to":
            return doc[i].lower_
        return None

    def _suffix_end(self, sent, end: int) -> int:
        """Token index after a place-kind word that follows a name ("Jabalya refugee camp",
        "Khogyani district", "Samboko village", "Kabul city")."""
        doc = sent.doc
        for suffix in rules()["suffix_words"]:
            words = suffix.replace("-", " - ").split()
            n = len(words)
            if end + n <= sent.end and [t.lower_ for t in doc[end : end + n]] == words:
                if suffix not in ("refugee camp", "refugees camp", "camp") and doc[end + n - 1].dep_ == "compound":
                    return end  # "London city council", "the Rochester area schools": a modifier
                return end + n
        return end

    def _state_after_comma(self, sent, end: int) -> tuple[Entry, int] | None:
        """"Paris, Tenn." -> (Tennessee, token after "Tenn.")."""
        doc = sent.doc
        if end + 1 < sent.end and doc[end].text == ",":
            for k in (3, 2, 1):
                if end + 1 + k <= sent.end and doc[end + 1].text[:1].isupper():
                    state = self.gaz.state_for_abbreviation(doc[end + 1 : end + 1 + k].text)
                    if state is not None:
                        return state, end + 1 + k
        return None

    def _widen_to_known_name(self, sent, span, reach: int = 4):
        """The longest name the gazetteer knows that contains the entity, over capitalised words and
        connectors around it: "Democratic Republic of the Congo" when spaCy tagged "Congo"."""
        doc = sent.doc

        def fits(t) -> bool:
            return _capitalised(t) or t.lower_ in CONNECTORS

        best = span
        for left in range(max(sent.start, span.start - reach), span.start + 1):
            if not (_capitalised(doc[left]) and all(fits(t) for t in doc[left : span.start])):
                continue
            for right in range(min(sent.end, span.end + reach), span.end - 1, -1):
                if right - left <= len(best) or not _capitalised(doc[right - 1]):
                    continue
                if not all(fits(t) for t in doc[span.end : right]):
                    continue
                if self.gaz.lookup(doc[left:right].text, loose=False):
                    best = doc[left:right]
                    break
        return best

    def _well_known_place(self, text: str) -> bool:
        return any(m.preferred or (m.quality == 0 and m.entry.population >= WELL_KNOWN_POPULATION)
                   for m in self.gaz.lookup(text, loose=False))

    def _container_follows(self, sent, end: int) -> bool:
        doc = sent.doc
        if self._state_after_comma(sent, end):
            return True
        if end + 1 < sent.end and doc[end].text == ",":
            nxt = doc[end + 1 : min(end + 4, sent.end)]
            for k in range(len(nxt), 0, -1):
                if any(m.entry.feature in ("admin1", "country") and m.quality == 0
                       for m in self.gaz.lookup(nxt[:k].text, loose=False)):
                    return True
        return False

    # --- recognition -----------------------------------------------------------------
    def in_sentences(self, spans: list[tuple[int, object]]) -> list[Toponym]:
        """Toponyms of an article's sentences ((index, spaCy span) pairs), in order, without overlaps.

        Two passes: a name taken as a place anywhere in the article is then
        taken wherever else it is written (spaCy often tags one "Alexandria"
        GPE and the next PERSON).
        """
        per_sentence = [(index, span, self._first_pass(span, index)) for index, span in spans]
        names: dict[str, list[Match]] = {}
        for _, _, found in per_sentence:
            for top in found:
                if top.source not in ("demonym",) and top.matches and top.matches[0].quality < 2:
                    names.setdefault(name_key(top.text), top.matches)
                    bare, kind = strip_suffix(top.text)
                    if kind and self.gaz.lookup(bare, loose=False):  # "the Hayward area" -> "Hayward" too
                        names.setdefault(name_key(bare), top.matches)
        out: list[Toponym] = []
        for index, span, found in per_sentence:
            if self.use_gazetteer and names:
                found.extend(self._repeat_names(span, index, found, names))
                found.sort(key=lambda t: t.start)
            self._link_containers(span, found)
            self._mark_lists(span, found)
            out.extend(found)
        return out

    def in_sentence(self, sent, sentence_index: int) -> list[Toponym]:
        """Toponyms of one sentence on its own (names repeated only within it)."""
        return self.in_sentences([(sentence_index, sent)])

    def _first_pass(self, sent, sentence_index: int) -> list[Toponym]:
        found: list[Toponym] = []
        taken: set[int] = set()
        ents = {t.i: ent for ent in sent.ents for t in ent}

        def add(span, source: str, matches: list[Match]) -> None:
            found.append(self._toponym(sent, sentence_index, span, source, matches))
            taken.update(range(span.start, span.end))

        if self.use_ner:
            for ent in sent.ents:
                if not any(t.i in taken for t in ent):  # a widened name may have taken it already
                    self._entity(sent, ent, add)
        if self.use_gazetteer:
            self._scan(sent, ents, taken, add)
            self._names_in_context(sent, ents, taken, add)
        found.sort(key=lambda t: t.start)
        return found

    def _toponym(self, sent, sentence_index: int, span, source: str, matches: list[Match]) -> Toponym:
        base = sent.start_char
        text, end = span.text, span.end_char - base
        if text.endswith(".") and text.count(".") == 1 and self.gaz.state_for_abbreviation(text) is None:
            text, end = text[:-1], end - 1  # "Rafah." at the end of a sentence, tokenised as one word
        return Toponym(sentence_index, span.start_char - base, end, text, source, matches,
                       span.start - sent.start, span.end - sent.start)

    def _entity(self, sent, ent, add) -> None:
        span = _strip_span(ent)
        if not len(span) or not span.text[:1].isupper():
            return
        label = ent.label_
        if label in self.k["place_labels"]:
            span = self._widen_to_known_name(sent, span)
        end = self._suffix_end(sent, span.end)
        extended = sent.doc[span.start : end]
        state = None
        if "." in span.text and not any(m.preferred for m in self.gaz.lookup(span.text, loose=False)):
            state = self.gaz.state_for_abbreviation(span.text)
        if state is not None and label in self.k["place_labels"]:
            add(span, f"ner:{label}", [Match(state, 0)])
            return
        if label in self.k["place_labels"]:
            matches = self.gaz.lookup(extended.text)
            if self._plausible(matches, span.text):
                add(extended, f"ner:{label}", matches)
            return
        if label not in self.k["doubtful_labels"]:
            return
        strong = self._preposition_before(sent, span.start) in self.k["strong_prepositions"]
        if label == "PERSON" and len(span) >= 2 and self._well_known_place(span.text):
            strong = True  # "hit Khan Younis", "fled Beit Lahia": a known town spaCy took for a name
        follows = self._container_follows(sent, span.end)
        if end > span.end or strong or follows:
            matches = [m for m in self.gaz.lookup(extended.text, loose=False)
                       if not (label == "NORP" and m.entry.feature == "country")]
            if self._plausible(matches, span.text):
                add(extended, f"ner:{label}", matches)
                if follows and self.use_gazetteer:
                    self._add_context_names(sent, end, set(), sent_ents(sent), add)
                return
        if label == "NORP" and self.demonym_country is not None:
            cc = self.demonym_country(span.text)
            entry = self.gaz.country(cc) if cc else None
            if entry is not None:
                add(span, "demonym", [Match(entry, 0)])

    def _scan(self, sent, ents, taken: set[int], add) -> None:
        """Capitalised word sequences the gazetteer knows, outside the spans already taken."""
        doc = sent.doc
        i = sent.start
        while i < sent.end:
            tok = doc[i]
            if i in taken or not _capitalised(tok) or tok.lower_ == "the":
                i += 1
                continue
            hit = None
            for j in range(min(i + MAX_WORDS, sent.end), i, -1):
                last = doc[j - 1]
                if not (_capitalised(last) or last.lower_ == "camp") or any(k in taken for k in range(i, j)):
                    continue
                if any(not (_capitalised(t) or t.lower_ in CONNECTORS) for t in doc[i:j]):
                    continue
                matches = self.gaz.lookup(doc[i:j].text, loose=False)
                if matches:
                    hit = (doc[i:j], matches)
                    break
            if hit is not None and self._part_of_longer_name(sent, hit[0]):
                hit = None  # "Midlands" of "West Midlands", "Valley" of "Rift Valley": an unknown longer name
            if hit is not None and self._accept(sent, hit[0], hit[1], ents):
                end = self._suffix_end(sent, hit[0].end)
                if end > hit[0].end and not any(k in taken for k in range(hit[0].end, end)):
                    hit = (doc[hit[0].start : end], self.gaz.lookup(doc[hit[0].start : end].text) or hit[1])
                add(hit[0], "gazetteer", hit[1])
                if self._container_follows(sent, hit[0].end):
                    self._add_context_names(sent, hit[0].end, taken, ents, add)
                i = hit[0].end
            else:
                i += 1

    # --- names the gazetteer does not know, placed by their context -------------------------
    def _admin_like(self, text: str) -> bool:
        """A name that can hold a village: a division, a country or a town the gazetteer knows."""
        bare, kind = strip_suffix(text)
        return any(m.entry.feature in ("admin1", "admin2", "region", "country", "city")
                   for m in self.gaz.lookup(text)) or bool(kind and self.gaz.lookup(bare))

    def _capitalised_run(self, sent, i: int, taken: set[int], ents) -> int:
        """End of the run of capitalised words (and connectors) starting at token ``i``; ``i`` when none."""
        doc = sent.doc
        j, end = i, i
        while j < sent.end and j - i < MAX_WORDS and j not in taken:
            tok = doc[j]
            ent = ents.get(j)
            if ent is not None and ent.label_ in NOT_NAME_LABELS:
                break
            if _capitalised(tok) and tok.lower_ not in NOT_NAME_WORDS:
                end = j + 1
            elif not (tok.lower_ in CONNECTORS and tok.lower_ not in ("and", "&", "the", "camp", "refugee")):
                break
            j += 1
        return end

    def _context_after(self, sent, end: int, taken: set[int], ents) -> str | None:
        """How the words after a name place it: "(" + a known division or town ("Kindjandi
        (Gueskerou, Diffa)"), "," + a known division ("near Pryvitne, Luhansk"), or "of"/"in" + a
        known division ("Yak Lingah of Tarinkot district")."""
        doc = sent.doc
        if end >= sent.end:
            return None
        word = doc[end].text
        if word == "(":  # any name in the bracket: "(Gueskerou, Diffa)", "(Mambasa, Nord-Kivu)"
            k = end + 1
            while k < min(sent.end, end + 12) and doc[k].text != ")":
                stop = self._capitalised_run(sent, k, set(), ents)
                if stop > k and self._admin_like(doc[k : self._suffix_end(sent, stop)].text):
                    return "bracket"
                k = max(stop, k + 1)
            return None
        if word == "," or doc[end].lower_ in ("of", "in"):
            stop = self._capitalised_run(sent, end + 1, set(), ents)
            if stop > end + 1:
                text = doc[end + 1 : self._suffix_end(sent, stop)].text
                matches = self.gaz.lookup(text) if word == "," else []
                if any(m.entry.feature in ("admin1", "region") for m in matches) or any(
                        m.entry.feature == "city" and m.quality == 0 and m.entry.population >= REGION_CAPITAL
                        for m in matches):
                    # "Mitaboni, Machakos County": a division named with its kind word places it outright;
                    # "Andriivka, Kyiv": a big city after a comma names the region around it
                    return "comma+kind" if strip_suffix(text)[1] is not None else "comma"
                if word not in ("(", ",") and (strip_suffix(text)[1] is not None or any(
                        m.entry.feature in ("admin1", "admin2", "region") and m.quality == 0
                        for m in self.gaz.lookup(text, loose=False))):
                    return "of"
        return None

    def _names_in_context(self, sent, ents, taken: set[int], add) -> None:
        """Villages and districts the gazetteer does not know, taken as places when the text
        places them: a bracketed division after them, a division after a comma or "of"/"in"
        when a locative preposition or a kind word ("village", "district") says it is a place.
        They have no candidates of their own; disambiguation places them in their context."""
        doc = sent.doc
        i = sent.start
        while i < sent.end:
            if i in taken or not _capitalised(doc[i]) or doc[i].lower_ in NOT_NAME_WORDS:
                i += 1
                continue
            end = self._capitalised_run(sent, i, taken, ents)
            if end == i:
                i += 1
                continue
            name_end = self._suffix_end(sent, end)
            kind = name_end > end
            context = self._context_after(sent, name_end, taken, ents)
            strong = self._preposition_before(sent, i) in self.k["strong_prepositions"]
            at_start = i == sent.start
            in_bracket = i > sent.start and doc[i - 1].text == "(" and context in ("comma", "comma+kind")
            # an object: "shelled Zolote, Luhansk", "attacked Kelemdi, Ituri"
            obj = doc[end - 1].dep_ in ("dobj", "pobj") and (ents.get(end - 1) is None
                                                             or ents[end - 1].label_ != "PERSON")
            if context == "bracket" and not at_start or context in ("comma", "of") and (strong or kind) \
                    or context == "comma" and obj or context == "comma+kind" and not at_start or in_bracket:
                span = doc[i:name_end]
                if not any(k in taken for k in range(i, name_end)) \
                        and name_key(doc[i:end].text) not in self.k["not_places"]:
                    add(span, "context", [m for m in self.gaz.lookup(span.text) if m.quality < 2])
                    self._add_context_names(sent, name_end, taken, ents, add)
                i = name_end
                continue
            i = end

    def _add_context_names(self, sent, end: int, taken: set[int], ents, add) -> None:
        """The divisions and towns that place a name ("Logar" after "Puli Alam district,", spaCy's
        PERSON): taken as places too, so the name can be placed in them."""
        doc = sent.doc
        k, limit = end + 1, min(sent.end, end + 12)
        closing = ")" if doc[end].text == "(" else None
        while k < limit and (closing is None or doc[k].text != closing):
            stop = self._capitalised_run(sent, k, taken, ents)
            if stop == k:
                if closing is None and doc[k].text not in (",", "-"):
                    return
                k += 1
                continue
            stop = self._suffix_end(sent, stop)
            if self.gaz.state_for_abbreviation(doc[k:stop].text) is not None:
                return  # "Orlando, Fla.": the state abbreviation is linked as a container later
            matches = self.gaz.lookup(doc[k:stop].text)
            if matches and not any(t in taken for t in range(k, stop)):
                add(doc[k:stop], "context", matches)
            if closing is None:
                return
            k = stop

    @staticmethod
    def _part_of_longer_name(sent, span) -> bool:
        """A capitalised word right before the hit (not the sentence's first word) continues the name."""
        i = span.start - 1
        return i > sent.start and _capitalised(sent.doc[i]) and sent.doc[i].lower_ not in rules()["directions"]

    def _accept(self, sent, span, matches: list[Match], ents) -> bool:
        if not self._plausible(matches, span.text):
            return False
        labels = {ents[t.i].label_ for t in span if t.i in ents}
        strong = self._preposition_before(sent, span.start) in self.k["strong_prepositions"]
        if "PERSON" in labels and not strong and not (len(span) >= 2 and self._well_known_place(span.text)):
            return False
        if strong and self._suffix_end(sent, span.end) > span.end and "PERSON" not in labels:
            return True  # "in Moyale town" (spaCy: PRODUCT), "in Charbolak district"
        if labels & {"ORG", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"}:
            # "the Texas Department of Health", "U.S. Army": a country or state inside a name
            return any(m.entry.feature in ("country", "admin1") and m.quality == 0 for m in matches)
        if sum(1 for t in span if _capitalised(t)) >= 2:
            return True
        first = span[0]
        if first.i == sent.start and first.is_upper and len(first) > 2 and span.end < sent.end and (
                sent.doc[span.end].text in DATELINE_MARKS):
            return True  # dateline: "BEIRUT (AP) -"
        if first.is_stop or first.i == sent.start:
            return self._container_follows(sent, span.end)
        if strong and any(m.entry.population >= 100_000 or m.entry.feature in ("country", "admin1")
                          for m in matches):
            return True
        if strong and self._suffix_end(sent, span.end) > span.end:
            return True  # "in Moyale town", "in Charbolak district": a kind word says it is a place
        return self._container_follows(sent, span.end)

    def _repeat_names(self, sent, sentence_index: int, found: list[Toponym],
                      names: dict[str, list[Match]]) -> list[Toponym]:
        """Occurrences of names already taken as places elsewhere in the article."""
        doc = sent.doc
        taken = {sent.start + k for t in found for k in range(t.token_start, t.token_end)}
        ents = {t.i: ent for ent in sent.ents for t in ent}
        out: list[Toponym] = []
        i = sent.start
        while i < sent.end:
            if i in taken or not _capitalised(doc[i]):
                i += 1
                continue
            for j in range(min(i + MAX_WORDS, sent.end), i, -1):
                if any(k in taken for k in range(i, j)):
                    continue
                matches = names.get(name_key(doc[i:j].text))
                if matches is None:
                    continue
                ent = ents.get(i)
                # a person named like the place ("Alexandria Smith"): only when the name starts the entity
                # and a place-word follows ("Alexandria Police") or the entity is not a person
                if ent is not None and ent.label_ == "PERSON" and (ent.start != i or (
                        j < ent.end and not any(doc[k].lower_ in ("police", "county", "city") for k in range(j, ent.end)))):
                    break
                out.append(self._toponym(sent, sentence_index, doc[i:j], "article", matches))
                taken.update(range(i, j))
                i = j - 1
                break
            i += 1
        return out

    @staticmethod
    def _mark_lists(sent, found: list[Toponym]) -> None:
        """Names coordinated in one list ("in Washington, Oregon and Idaho") share a ``coordination``."""
        roots: dict[int, list[Toponym]] = {}
        for top in found:
            tokens = sent.doc[sent.start + top.token_start : sent.start + top.token_end]
            head = tokens.root
            while head.dep_ == "conj" and head.head.i != head.i:
                head = head.head
            roots.setdefault(head.i, []).append(top)
        for root, members in roots.items():
            if len(members) > 1:
                for top in members:
                    top.coordination = (top.sentence_index, root)

    def _link_containers(self, sent, found: list[Toponym]) -> None:
        """"Paris, Texas", "Pandi, Bulacan", "Paris, Tenn.", "Kindjandi (Gueskerou, Diffa)", "Yak
        Lingah of Tarinkot district": the second names where the first is."""
        for a, b in zip(found, found[1:]):
            between = sent.doc[sent.start + a.token_end : sent.start + b.token_start].text.strip().lower()
            if between in (",", "("):
                a.container, a.container_link = b, "comma" if between == "," else "bracket"
            elif _link_word(between) and (strip_suffix(b.text)[1] is not None or any(
                    m.entry.feature in ("admin1", "admin2", "region", "country") and m.quality == 0
                    for m in b.matches)):
                a.container, a.container_link = b, "of"
        extra: list[Toponym] = []
        for top in found:
            if top.container is not None:
                continue
            hit = self._state_after_comma(sent, sent.start + top.token_end)
            if hit is not None:
                state, end = hit
                top.container, top.container_link = state, "state"
                if self.use_gazetteer:
                    span = sent.doc[sent.start + top.token_end + 1 : end]
                    extra.append(self._toponym(sent, top.sentence_index, span, "state-abbreviation",
                                               [Match(state, 0)]))
        if extra:
            found.extend(extra)
            found.sort(key=lambda t: t.start)


__all__ = ["Recogniser", "Toponym", "knowledge"]
