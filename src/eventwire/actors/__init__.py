"""Actor knowledge base: countries, sectors, organisations, office holders.

The knowledge is in the TSV files beside this module (plus pycountry's
country names). ``ActorResolver`` turns a noun phrase as written in news
("Israeli Prime Minister Benjamin Netanyahu", "Qatari mediators", "the
Houthis") into an ``Actor`` with a code (ISO 3166 alpha-3, or IGO/NGO/IMG),
a sector and, for people, the office held on the event's date. Whatever
cannot be resolved is kept with its text and ``resolved=False``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import Actor

HERE = Path(__file__).parent
MAX_WORDS = 6
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:['’\-]\w+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s?$")


def norm(text: str) -> str:
    """Lookup key: accents stripped, casefolded, possessives and punctuation dropped."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("the ", " ").casefold()
    words = [_POSSESSIVE.sub("", w) for w in re.findall(r"[\w'.-]+", text)]
    return " ".join(w.replace(".", "") for w in words if w not in ("the",))


def _rows(name: str) -> list[dict[str, str]]:
    with open(HERE / name, encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


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

    kind: str  # country | demonym | metonym | org | person
    code: str
    name: str
    sector: str | None = None
    wikidata: str | None = None
    person: str | None = None  # canonical person name (offices looked up by date)


class ActorResolver:
    def __init__(self) -> None:
        self.index: dict[str, Entry] = {}
        self.sectors: dict[str, str] = {}
        self.offices: dict[str, list[Office]] = {}
        self.country_names: dict[str, str] = {}
        self._load()
        self.max_sector_words = max(len(k.split()) for k in self.sectors)

    # --- loading ---------------------------------------------------------------
    def _add(self, phrase: str, entry: Entry, overwrite: bool = False) -> None:
        key = norm(phrase)
        if key and (overwrite or key not in self.index):
            self.index[key] = entry

    def _load(self) -> None:
        import pycountry

        for c in pycountry.countries:
            name = getattr(c, "common_name", None) or c.name
            self.country_names[c.alpha_3] = name
            for phrase in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
                if phrase:
                    self._add(phrase, Entry("country", c.alpha_3, name))
        for row in _rows("countries.tsv"):
            iso = row["iso3"]
            name = row["aliases"].split("|")[0] or self.country_names.get(iso, iso)
            for phrase in filter(None, row["aliases"].split("|")):
                self._add(phrase, Entry("country", iso, name), overwrite=True)
            for phrase in filter(None, row["demonyms"].split("|")):
                self._add(phrase, Entry("demonym", iso, name), overwrite=True)
            for phrase in filter(None, row["metonyms"].split("|")):
                self._add(phrase, Entry("metonym", iso, name, sector="GOV"), overwrite=True)
        for row in _rows("sectors.tsv"):
            self.sectors[norm(row["word"])] = row["sector"]
        for row in _rows("organisations.tsv"):
            entry = Entry("org", row["code"], row["name"], row["sector"], row["wikidata"] or None)
            for phrase in {row["name"], *filter(None, row["aliases"].split("|"))}:
                self._add(phrase, entry, overwrite=True)
        for row in _rows("people.tsv"):
            office = Office(row["name"], row["country"], row["office"], row["sector"], row["start"], row["end"] or None)
            self.offices.setdefault(row["name"], []).append(office)
            for phrase in {row["name"], *filter(None, row["aliases"].split("|"))}:
                self._add(phrase, Entry("person", row["country"], row["name"], person=row["name"]), overwrite=True)

    # --- lookups -----------------------------------------------------------------
    def office_on(self, person: str, date: str | None) -> tuple[Office, bool]:
        """The office held on ``date`` (True), or the latest one before it (False: former)."""
        offices = sorted(self.offices[person], key=lambda o: o.start)
        if date is None:
            return offices[-1], offices[-1].end is None
        held = [o for o in offices if o.start <= date and (o.end is None or date < o.end)]
        if held:
            return held[-1], True
        before = [o for o in offices if o.start <= date]
        return (before[-1] if before else offices[0]), False

    def is_known(self, text: str) -> bool:
        key = norm(text)
        return key in self.index or key in self.sectors

    def find(self, text: str, date: str | None = None) -> list[Actor]:
        """Every actor mentioned in ``text``, longest match first, with offsets."""
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
        found: list[Actor] = []
        i = 0
        while i < len(tokens):
            match = self._match_at(tokens, i)
            if match is None:
                i += 1
                continue
            j, entry = match
            # a sector word right after a country or group: "Israeli troops", "Gaza's health ministry"
            sector = entry.sector
            k = j
            for width in range(self.max_sector_words, 0, -1):
                if j + width <= len(tokens):
                    words = norm(" ".join(t[2] for t in tokens[j : j + width]))
                    if words in self.sectors and entry.kind != "person":
                        sector, k = self.sectors[words], j + width
                        break
            start, end = tokens[i][0], tokens[k - 1][1]
            found.append(self._actor(text[start:end], entry, sector, date, start, end))
            i = k
        return found

    def name_spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the names the knowledge base knows (without trailing sector words)."""
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
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

    def _match_at(self, tokens: list[tuple[int, int, str]], i: int) -> tuple[int, Entry] | None:
        first = tokens[i][2]
        if not (first[:1].isupper() or first[:1].isdigit()):
            return None
        for width in range(min(MAX_WORDS, len(tokens) - i), 0, -1):
            words = " ".join(t[2] for t in tokens[i : i + width])
            entry = self.index.get(norm(words))
            if entry is not None:
                # a bare title-cased common word ("US" is fine; "May", "Rice" at sentence start are risky)
                return i + width, entry
        return None

    def _actor(self, text: str, entry: Entry, sector: str | None, date: str | None, start: int, end: int) -> Actor:
        if entry.kind == "person":
            office, current = self.office_on(entry.person, date)
            return Actor(
                text=text, code=office.country, sector=office.sector if current else "ELI",
                name=entry.name, resolved=True, start=start, end=end,
                role=office.office if current else f"former {office.office}",
            )
        return Actor(
            text=text, code=entry.code, sector=sector, name=entry.name, wikidata=entry.wikidata,
            resolved=True, start=start, end=end,
        )

    def resolve(self, text: str, date: str | None = None) -> Actor:
        """The actor a noun phrase names; people win over offices, offices over countries."""
        found = self.find(text, date)
        if found:
            people = [a for a in found if a.role]
            best = people[-1] if people else max(found, key=lambda a: ((a.end or 0) - (a.start or 0), a.sector is not None))
            # "Egyptian President Abdel Fattah el-Sisi": the person; "Qatari mediators": country + sector
            return Actor(
                text=text, code=best.code, sector=best.sector or self._sector_in(text), name=best.name,
                wikidata=best.wikidata, resolved=True, role=best.role,
            )
        return Actor(text=text, sector=self._sector_in(text), resolved=False)

    def _sector_in(self, text: str) -> str | None:
        words = norm(text).split()
        for width in range(min(self.max_sector_words, len(words)), 0, -1):
            for i in range(len(words) - width + 1):
                sector = self.sectors.get(" ".join(words[i : i + width]))
                if sector:
                    return sector
        return None


@lru_cache(maxsize=1)
def default_resolver() -> ActorResolver:
    return ActorResolver()


__all__ = ["ActorResolver", "default_resolver", "norm"]
