"""Actor knowledge base: countries, sectors, organisations, armed groups, communities, office holders.

The knowledge is in the TSV files beside this module (plus pycountry's
country names). ``ActorResolver`` turns a noun phrase as written in news
("Israeli Prime Minister Benjamin Netanyahu", "Qatari mediators", "the
Houthis") into an ``Actor`` with a code (ISO 3166 alpha-3, IGO/NGO, or an
armed or political group's own code such as HAMAS), a sector, a home country,
an ACLED actor type (``kind``) and, for people, the office held on the event's
date. Whatever cannot be resolved is kept with its text and ``resolved=False``;
a generic agent ("gunmen", "police") keeps its sector and kind, and the
resolve stage gives it the country of the event's place.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import Actor
from ..rules import read_table

HERE = Path(__file__).parent
MAX_WORDS = 6
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:['’\-]\w+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s?$")
#: when one name fits several office holders on a date, the higher office wins
OFFICE_RANK = {"head of state": 4, "supreme leader": 4, "head of government": 3, "foreign minister": 2}
_NAME_PARTICLE = re.compile(r"^(?:al|el|ad|as|ash|at|bin|ibn|abu|von|van|de|le)-[A-Z]")  # "el-Sisi", "al-Assad"
_ACRONYM = re.compile(r"^(?:[A-Z][A-Z0-9&]{1,6}|(?:[A-Z]\.){2,4})\+?$")
#: words after a community's name that make it a place's name ("Pokot County", "Amhara region")
_PLACE_NOUNS = frozenset({"county", "district", "region", "province", "state", "division", "ward", "sub-county",
                          "village", "town", "area", "forest", "constituency", "land", "valley", "camp", "hill",
                          "hills", "mountains", "river", "lake", "road", "highway", "border", "zone", "city",
                          "municipality", "commune", "department", "governorate", "territory", "kingdom"})
#: ACLED actor types of organised armed actors (a community's armed men are an identity militia)
_ARMED_KINDS = frozenset({"state", "rebel", "political militia", "identity militia", "external"})


@lru_cache(maxsize=200_000)
def norm_word(word: str) -> str:
    """One word's lookup form: accents stripped, casefolded, possessive and dots dropped; "the" -> ""."""
    word = unicodedata.normalize("NFKD", word)
    word = "".join(ch for ch in word if not unicodedata.combining(ch)).replace("’", "'").casefold()
    word = _POSSESSIVE.sub("", word).replace(".", "")
    return "" if word == "the" else word


def norm(text: str) -> str:
    """Lookup key of a phrase: its words' lookup forms, "the" dropped."""
    return " ".join(w for w in (norm_word(m.group()) for m in _TOKEN.finditer(text)) if w)


@dataclass(frozen=True)
class Office:
    name: str
    country: str
    office: str
    sector: str
    start: str
    end: str | None


@dataclass(frozen=True)
class Entry:
    """One thing a phrase can name."""

    kind: str  # country | demonym | metonym | place | org | person
    code: str
    name: str
    sector: str | None = None
    wikidata: str | None = None
    person: str | None = None  # canonical person name (offices looked up by date)
    others: tuple[str, ...] = ()  # other people known by the same words ("Aoun", "Hariri")
    country: str | None = None  # home country when ``code`` is not one (a group's own code)
    actor_kind: str | None = None  # ACLED actor type of a group ("rebel", "identity militia", ...)


class ActorResolver:
    """Phrases to actors, using the knowledge base files beside this module."""

    def __init__(self) -> None:
        self.index: dict[str, Entry] = {}
        self.acronyms: dict[str, Entry] = {}  # "UN", "US", "WHO": matched in capitals only
        self.sectors: dict[str, str] = {}
        self.kinds: dict[str, str] = {}  # sector words whose ACLED type is not their sector's usual one
        self.group_codes: dict[str, Entry] = {}  # armed and political groups by their own code
        self.offices: dict[str, list[Office]] = {}
        self.country_names: dict[str, str] = {}
        self._load()
        self.max_sector_words = max(len(k.split()) for k in self.sectors)
        # longest key (in words) for each first word: lookups try only widths that can match
        self.name_widths: dict[str, int] = {}
        for key in self.index:
            words = key.split()
            self.name_widths[words[0]] = max(self.name_widths.get(words[0], 0), len(words))
        self.sector_widths: dict[str, int] = {}
        for key in self.sectors:
            words = key.split()
            self.sector_widths[words[0]] = max(self.sector_widths.get(words[0], 0), len(words))

    # --- loading ---------------------------------------------------------------
    def _add(self, phrase: str, entry: Entry, overwrite: bool = False) -> None:
        if _ACRONYM.match(phrase):
            # "WHO" must not match "Who", nor "US" "us": acronyms match their capitals only
            key = phrase.replace(".", "")
            if overwrite or key not in self.acronyms:
                self.acronyms[key] = entry
            return
        key = norm(phrase)
        if not key:
            return
        old = self.index.get(key)
        if old is not None and old.kind == "person" and entry.kind == "person" and old.person != entry.person:
            # one surname, several office holders: the date decides (see _actor)
            people = (old.person, *old.others)
            if entry.person not in people:
                self.index[key] = Entry("person", old.code, old.name, person=old.person, others=(*old.others, entry.person))
            return
        if overwrite or old is None:
            self.index[key] = entry

    def _load(self) -> None:
        import pycountry

        for c in pycountry.countries:
            name = getattr(c, "common_name", None) or c.name
            self.country_names[c.alpha_3] = name
            for phrase in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
                if phrase:
                    self._add(phrase, Entry("country", c.alpha_3, name))
        for row in read_table(HERE / "countries.tsv"):
            iso = row["iso3"]
            name = row["aliases"].split("|")[0] or self.country_names.get(iso, iso)
            wikidata = row.get("wikidata") or None
            for phrase in filter(None, row["aliases"].split("|")):
                self._add(phrase, Entry("country", iso, name, wikidata=wikidata), overwrite=True)
            for phrase in filter(None, row["demonyms"].split("|")):
                self._add(phrase, Entry("demonym", iso, name, wikidata=wikidata), overwrite=True)
            for phrase in filter(None, row["metonyms"].split("|")):
                self._add(phrase, Entry("metonym", iso, name, sector="GOV", wikidata=wikidata), overwrite=True)
        for row in read_table(HERE / "places.tsv"):
            iso = row["iso3"]
            self._add(row["place"], Entry("place", iso, row["place"]))  # the place's own name; its country's code
        for row in read_table(HERE / "sectors.tsv"):
            self.sectors[norm(row["word"])] = row["sector"]
            if row.get("kind"):
                self.kinds[norm(row["word"])] = row["kind"]
        for row in read_table(HERE / "communities.tsv"):
            entry = Entry("community", "", row["name"], "CVL", country=row["country"] or None)
            for phrase in {row["name"], *filter(None, row["aliases"].split("|"))}:
                self._add(phrase, entry)
        for row in read_table(HERE / "organisations.tsv"):
            entry = Entry("org", row["code"], row["name"], row["sector"], row["wikidata"] or None)
            for phrase in {row["name"], *filter(None, row["aliases"].split("|"))}:
                self._add(phrase, entry, overwrite=True)
        for row in read_table(HERE / "groups.tsv"):
            entry = Entry("group", row["code"], row["name"], row["sector"], country=row["country"] or None,
                          actor_kind=row["kind"])
            self.group_codes[row["code"]] = entry
            for phrase in {row["name"], *filter(None, row["aliases"].split("|"))}:
                self._add(phrase, entry, overwrite=True)
        seen: set[tuple[str, str]] = set()
        for row in read_table(HERE / "people.tsv"):
            office = Office(row["name"], row["country"], row["office"], row["sector"], row["start"], row["end"] or None)
            self.offices.setdefault(row["name"], []).append(office)
            for phrase in {row["name"], *filter(None, row["aliases"].split("|"))}:
                if (phrase, row["name"]) in seen:
                    continue
                seen.add((phrase, row["name"]))
                self._add(phrase, Entry("person", row["country"], row["name"], person=row["name"]), overwrite=True)

    # --- lookups -----------------------------------------------------------------
    def office_on(self, person: str, date: str | None) -> tuple[Office, bool]:
        """The office held on ``date`` (True), or the latest one before it (False: former)."""
        offices = sorted(self.offices[person], key=lambda o: o.start)
        if date is None:
            current = [o for o in offices if o.end is None]
            if current:
                return max(current, key=lambda o: (OFFICE_RANK.get(o.office, 1), o.start)), True
            return max(offices, key=lambda o: (OFFICE_RANK.get(o.office, 1), o.start)), False
        held = [o for o in offices if o.start <= date and (o.end is None or date < o.end)]
        if held:
            # a prime minister who is also foreign minister is reported as prime minister
            return max(held, key=lambda o: (OFFICE_RANK.get(o.office, 1), o.start)), True
        before = [o for o in offices if o.start <= date]
        if not before:
            return offices[0], False
        return max(before, key=lambda o: (OFFICE_RANK.get(o.office, 1), o.start)), False  # "former prime minister"

    def is_known(self, text: str) -> bool:
        key = norm(text)
        return key in self.index or key in self.sectors

    @staticmethod
    def _tokens(text: str) -> list[tuple[int, int, str, str]]:
        """(start, end, word, lookup form) for the words of ``text``, "the" left out."""
        out = []
        for m in _TOKEN.finditer(text):
            key = norm_word(m.group())
            if key:
                out.append((m.start(), m.end(), m.group(), key))
        return out

    def find(self, text: str, date: str | None = None) -> list[Actor]:
        """Every actor mentioned in ``text``, longest match first, with offsets."""
        tokens = self._tokens(text)
        found: list[Actor] = []
        i = 0
        while i < len(tokens):
            match = self._match_at(tokens, i)
            if match is None:
                i += 1
                continue
            j, entry = match
            if entry.kind == "community" and j < len(tokens) and tokens[j][3] in _PLACE_NOUNS:
                i = j  # "West Pokot County", "the Amhara region": a place named after a community
                continue
            # a sector word right after a country or group: "Israeli troops", "Gaza's health ministry"
            sector, k, word_kind = entry.sector, j, None
            if entry.kind != "person":
                hit = self._sector_at(tokens, j)
                if hit is not None:
                    k, sector = hit
                    word_kind = self.kinds.get(" ".join(t[3] for t in tokens[j:k]))
            start, end = tokens[i][0], tokens[k - 1][1]
            actor = self._actor(text[start:end], entry, sector, date, start, end)
            if entry.kind == "community" and word_kind in _ARMED_KINDS | {None} and sector in ("REB", "UAF", "CRM"):
                word_kind = "identity militia"  # "Fulani militias", "Pokot gunmen": a community's armed men
            if word_kind:
                actor.kind = word_kind  # "Fulani herdsmen": the words' type; "Hamas fighters": the group's
            found.append(actor)
            i = k
        return found

    def name_spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the names the knowledge base knows (without trailing sector words)."""
        tokens = self._tokens(text)
        spans, i = [], 0
        while i < len(tokens):
            match = self._match_at(tokens, i)
            if match is None:
                i += 1
                continue
            j, _ = match
            spans.append((tokens[i][0], tokens[j - 1][1]))
            i = j
        return spans

    def _match_at(self, tokens: list[tuple[int, int, str, str]], i: int) -> tuple[int, Entry] | None:
        first = tokens[i][2]
        if not (first[:1].isupper() or first[:1].isdigit() or _NAME_PARTICLE.match(first)):
            return None
        widest = self.name_widths.get(tokens[i][3])
        if widest is not None:
            for width in range(min(widest, len(tokens) - i), 0, -1):
                entry = self.index.get(" ".join(t[3] for t in tokens[i : i + width]))
                if entry is not None:
                    return i + width, entry
        entry = self.acronyms.get(first.replace(".", "").rstrip("'’s") if first.endswith(("'s", "’s")) else first.replace(".", ""))
        if entry is not None:
            return i + 1, entry
        return None

    def _sector_at(self, tokens: list[tuple[int, int, str, str]], j: int) -> tuple[int, str] | None:
        if j >= len(tokens):
            return None
        widest = self.sector_widths.get(tokens[j][3])
        if widest is None:
            return None
        for width in range(min(widest, len(tokens) - j), 0, -1):
            sector = self.sectors.get(" ".join(t[3] for t in tokens[j : j + width]))
            if sector:
                return j + width, sector
        return None

    def _person_on(self, entry: Entry, date: str | None) -> str:
        """Of the people a name can mean, the one in office on ``date`` (else the latest before it)."""
        people = (entry.person, *entry.others)
        if len(people) == 1:
            return people[0]
        best, best_key = people[0], ("", 0, "")
        for person in people:
            office, current = self.office_on(person, date)
            rank = OFFICE_RANK.get(office.office, 0) if current else 0
            key = ("1" if current else "0", rank, office.start if (date is None or office.start <= date) else "")
            if key > best_key:
                best, best_key = person, key
        return best

    def _actor(self, text: str, entry: Entry, sector: str | None, date: str | None, start: int, end: int) -> Actor:
        if entry.kind == "person":
            person = self._person_on(entry, date)
            office, current = self.office_on(person, date)
            sector = office.sector if current else "ELI"
            return Actor(
                text=text, code=office.country, sector=sector,
                name=person, resolved=True, start=start, end=end,
                role=office.office if current else f"former {office.office}", country=office.country,
            )
        if entry.kind == "community":
            # a community has no code of its own: its country (when it has one) stands for it
            return Actor(
                text=text, code=entry.country, sector=sector, name=entry.name, resolved=True, start=start,
                end=end, country=entry.country,
            )
        country = entry.country if entry.kind == "group" else (entry.code if _is_country(entry.code) else None)
        return Actor(
            text=text, code=entry.code, sector=sector, name=entry.name, wikidata=entry.wikidata,
            resolved=True, start=start, end=end, country=country,
            kind=entry.actor_kind if entry.kind == "group" else None,
        )

    def resolve(self, text: str, date: str | None = None) -> Actor:
        """The actor a noun phrase names; people win over offices, offices over countries."""
        found = self.find(text, date)
        if found:
            people = [a for a in found if a.role]
            best = people[-1] if people else max(found, key=lambda a: ((a.end or 0) - (a.start or 0), a.sector is not None))
            # "Egyptian President Abdel Fattah el-Sisi": the person; "Qatari mediators": country + sector
            sector, kind = best.sector, best.kind
            if sector is None:
                sector, kind = self._sector_kind_in(text)
                kind = best.kind or kind
            return Actor(
                text=text, code=best.code, sector=sector, name=best.name,
                wikidata=best.wikidata, resolved=True, role=best.role, country=best.country, kind=kind,
            )
        sector, kind = self._sector_kind_in(text)
        return Actor(text=text, sector=sector, resolved=False, kind=kind)

    def _sector_in(self, text: str) -> str | None:
        """The sector named anywhere in a phrase ("the country's health ministry" -> GOV); the longest wins."""
        return self._sector_kind_in(text)[0]

    def _sector_kind_in(self, text: str) -> tuple[str | None, str | None]:
        """The sector and ACLED actor type of the longest sector words in a phrase ("unknown gunmen")."""
        tokens = self._tokens(text)
        best: tuple[int, str, str] | None = None
        for j in range(len(tokens)):
            hit = self._sector_at(tokens, j)
            if hit is not None and (best is None or hit[0] - j > best[0]):
                best = (hit[0] - j, hit[1], " ".join(t[3] for t in tokens[j : hit[0]]))
        if best is None:
            return None, None
        return best[1], self.kinds.get(best[2])

    def group(self, code: str) -> Entry | None:
        """An armed or political group by its own code ("HAMAS")."""
        return self.group_codes.get(code)

    def complete(self, actor: Actor) -> Actor:
        """Fill in an actor's home country and ACLED type from its code and words when it has none.

        Whatever built the actor (the coder's argument finder, a stored event of an older
        version) may have kept only its code and sector: a group's code gives its country and
        type, a country code is the country, and the sector words of its text give a type
        when it is not the sector's usual one ("a mob" -> rioters, "Fulani herdsmen" ->
        identity militia; the usual one is ``ontology.acled.KIND_OF_SECTOR``).
        """
        group = self.group_codes.get(actor.code or "")
        if group is not None:
            actor.country = actor.country or group.country
            actor.kind = actor.kind or group.actor_kind
            return actor
        if actor.country is None and _is_country(actor.code):
            actor.country = actor.code
        if actor.kind is None:
            sector, kind = self._sector_kind_in(actor.text)
            if sector is not None and sector == actor.sector:
                actor.kind = kind
            entry = self.index.get(norm(actor.name)) if actor.name else None
            if entry is not None and entry.kind == "community" and actor.sector in ("REB", "UAF", "CRM"):
                actor.kind = "identity militia"
        return actor


def _is_country(code: str | None) -> bool:
    return bool(code) and len(code) == 3 and code.isalpha() and code.isupper() and code not in ("IGO", "NGO", "IMG")


@lru_cache(maxsize=1)
def default_resolver() -> ActorResolver:
    return ActorResolver()


__all__ = ["ActorResolver", "default_resolver", "norm", "norm_word"]
